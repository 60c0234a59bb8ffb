# Membres (connexion, bandeau fidélité), bandeau de consentement aux statistiques et index de démonstration.

account-signin-page-title = Connexion membre
account-signin-title = Connexion membre
account-signin-intro = Connectez-vous pour voir vos points et les prix membres. Vous pouvez toujours réserver sans vous connecter.
account-signin-email = E-mail
account-signin-password = Mot de passe
account-signin-submit = Se connecter
account-signin-unavailable = Nous ne pouvons pas vous connecter pour le moment. Vous pouvez tout de même rechercher et réserver sans compte ; veuillez réessayer plus tard.
account-signin-demo-label = Comptes de démonstration
account-signin-demo-intro = Comptes de démonstration :
account-signin-link = Connexion membre
account-signout = Se déconnecter

account-membership-label = Votre adhésion
account-welcome = Bon retour parmi nous, { $name }
account-tier-silver = Argent
account-tier-gold = Or
account-tier-platinum = Platine
# $points est $count mis en forme pour l'affichage (12 400).
account-points = { $count ->
    [one] { $points } point
   *[other] { $points } points
}
account-member-prices = Prix membres

account-consent-title = Cookies de mesure d'audience
account-consent-text = { $site } souhaite mesurer l'utilisation de ce site de réservation afin de l'améliorer. Rien n'est mesuré sans votre accord ; vous pouvez réserver dans tous les cas.
account-consent-accept = Accepter la mesure d'audience
account-consent-decline = Refuser

account-demo-title = Sites de réservation de démonstration
account-demo-intro = Ce serveur fonctionne sur sa plateforme de démonstration intégrée. Chaque marque hôtelière a son propre site :

# The footer link and page to change the analytics decision at any time.
account-consent-settings = Paramètres des cookies
account-consent-now-granted = Vous autorisez les cookies de mesure d'audience sur ce site. Vous pouvez retirer cet accord à tout moment.
account-consent-now-denied = Vous n'autorisez pas les cookies de mesure d'audience sur ce site ; rien n'est mesuré.
account-consent-now-undecided = Vous n'avez pas encore choisi ; rien n'est mesuré sans votre accord.
account-consent-not-used = { $site } n'utilise pas de cookies de mesure d'audience : seuls les cookies nécessaires au fonctionnement du site sont déposés.
account-consent-back = Revenir à la page précédente
