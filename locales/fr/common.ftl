# La mise en page autour de chaque page, et les mots utilisés partout.

layout-skip-link = Aller au contenu
layout-reconnect = Reconnectez-vous pour continuer : le serveur est injoignable.
layout-retry = Réessayer
header-nav-label = Site
header-timber-find = Trouver un lodge
footer-harbor = Réservation sécurisée · Les prix incluent taxes et frais avant le paiement.
footer-timber = Réservez en direct : meilleur tarif, sans frais de réservation.

prefs-language = Langue
prefs-currency = Devise
prefs-currency-hotel = Devise de l'hôtel
prefs-apply = Appliquer

form-check-fields = { $count ->
    [one] Veuillez vérifier { $count } champ :
   *[other] Veuillez vérifier { $count } champs :
}

stay-nights = { $count ->
    [one] { $count } nuit
   *[other] { $count } nuits
}
price-from = à partir de { $price }
price-from-label = à partir de
price-total-included = total, taxes et frais compris
price-charged-in = Débité en { $currency } : { $amount }

time-under-a-minute = moins d'une minute
time-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## Payment policies: what is charged when booking and what at the hotel
pay-policy-deposit = Acompte de { $now } maintenant, { $later } à l'hôtel
pay-policy-at-hotel = Rien à payer maintenant : { $later } à l'hôtel (carte conservée en garantie)
pay-due-now = Débité maintenant
pay-paid-now = Payé maintenant
pay-due-at-hotel = À payer à l'hôtel
pay-deposit-note = { $now } est débité maintenant à titre d'acompte ; le reste, { $later }, est à payer à l'hôtel.
pay-guarantee-note = Rien n'est débité maintenant : { $later } sont à payer à l'hôtel. La page sécurisée de notre partenaire de paiement conserve votre carte en garantie.
pay-save-card = Enregistrer la carte en toute sécurité
pay-guarantee-released = Nous n'avons pas pu réserver la chambre. Rien n'a été débité et la garantie sur votre carte a été levée.
pay-card-guarantee = Carte conservée en garantie
