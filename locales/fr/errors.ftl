# Pages d'erreur, fragments htmx et problem+json : un titre et une phrase pour
# le client. Le `type` du problème (/problems/…) est un code stable, jamais traduit.

error-back-to-start = Retour à l'accueil
error-reference = Référence :

error-not-found-title = Page introuvable
error-not-found-detail = Nous n'avons pas trouvé ce que vous cherchiez. La page a peut-être été déplacée, ou le lien est incomplet.
error-validation-title = Veuillez vérifier les champs signalés
error-validation-detail = Certaines informations sont à revoir.
error-forbidden-title = Action non autorisée
error-forbidden-csrf = Cette page a expiré ou a été ouverte ailleurs. Veuillez revenir en arrière, recharger la page et réessayer.
error-forbidden-cross-site = Les requêtes provenant d'autres sites ne peuvent pas modifier une réservation.
error-too-large-title = Trop volumineux
error-too-large-detail = Les données envoyées sont trop volumineuses.
error-unsupported-media-type-title = Type de contenu non pris en charge
error-unsupported-media-type-detail = Envoyez du JSON avec Content-Type: application/json, ou un formulaire.
error-version-required-title = Version requise
error-version-required-detail = Envoyez la version de la réservation dans If-Match (son ETag), afin qu'une modification faite dans un autre onglet ne soit jamais écrasée.
error-rate-limited-title = Trop de requêtes
error-rate-limited-detail = Veuillez patienter un instant et réessayer.
error-unavailable-title = Temporairement indisponible
error-unavailable-detail = Une partie de notre système de réservation est injoignable pour le moment. Rien de ce que vous avez saisi n'est perdu ; veuillez réessayer dans un instant.
error-busy-title = Très forte affluence
error-busy-detail = Plus de voyageurs réservent en ce moment que nous ne pouvons en servir à la fois. Rien de ce que vous avez saisi n'est perdu ; veuillez réessayer dans quelques secondes.
error-internal-title = Une erreur s'est produite
error-internal-detail = Une erreur s'est produite de notre côté. Veuillez réessayer ; si le problème persiste, indiquez la référence ci-dessous.

## Requêtes illisibles.

error-unreadable-body-title = Corps illisible
error-unreadable-body-detail = Le corps de la requête n'a pas pu être lu (il est peut-être trop volumineux).
error-malformed-json-title = JSON mal formé
# $error est l'explication (en anglais) de l'analyseur JSON.
error-malformed-json-detail = Le corps JSON n'est pas valable ici : { $error }
error-malformed-form-title = Formulaire illisible
error-malformed-form-detail = Le formulaire n'a pas pu être lu ; veuillez recharger la page et réessayer.
# $param est le nom d'un paramètre de l'adresse, p. ex. checkin.
error-param-repeated-title = Paramètres contradictoires
error-param-repeated-detail = `{ $param }` est indiqué plusieurs fois.
error-param-too-long-title = Paramètre trop long
error-param-too-long-detail = `{ $param }` est trop long.
error-bad-host-title = Hôte non valable
error-bad-host-detail = L'en-tête Host est absent ou mal formé.
error-bad-tenant-title = Site non valable
error-bad-tenant-detail = X-Tenant-Id n'est pas un identifiant de site.
error-tenant-mismatch-title = Site incohérent
error-tenant-mismatch-detail = X-Tenant-Id désigne un autre site que l'hôte sur lequel vous êtes.
error-stale-form-title = Formulaire périmé
error-stale-form-detail = Ce formulaire n'est plus à jour. Veuillez recharger la page.
error-malformed-webhook-title = Webhook mal formé
error-malformed-webhook-detail = Le corps du webhook n'est pas valable.

## Une réservation qui ne peut pas faire ce qui est demandé maintenant.

error-stale-title = Modifiée ailleurs
error-stale-detail = Cette réservation a été modifiée dans un autre onglet.
error-not-allowed-title = Impossible pour le moment

## Une partie du système de réservation a échoué. $upstream indique laquelle :
## tenant-config, availability, pricing, reservations, payments ou iam.

error-upstream-timeout-title = Cela prend trop de temps
error-upstream-timeout-detail = Nous n'avons pas pu charger { $upstream ->
    [tenant-config] les paramètres de ce site
    [availability] les disponibilités des chambres
    [pricing] les prix
    [reservations] les réservations
    [payments] le service de paiement
   *[iam] les comptes clients
} à temps. Rien de ce que vous avez saisi n'est perdu ; veuillez réessayer.
error-upstream-not-found-title = Introuvable
error-upstream-not-found-detail = Nous n'avons pas trouvé cet élément dans { $upstream ->
    [tenant-config] les paramètres de ce site
    [availability] les disponibilités des chambres
    [pricing] les prix
    [reservations] les réservations
    [payments] le service de paiement
   *[iam] les comptes clients
}.
error-upstream-conflict-title = Ce n'est plus possible
error-upstream-conflict-detail = La demande a été refusée par { $upstream ->
    [tenant-config] les paramètres de ce site
    [availability] le service des disponibilités
    [pricing] le service des prix
    [reservations] le service des réservations
    [payments] le service de paiement
   *[iam] le service des comptes clients
}.
error-upstream-unavailable-title = Temporairement indisponible
error-upstream-unavailable-detail = { $upstream ->
    [tenant-config] Les paramètres de ce site sont injoignables
    [availability] Les disponibilités des chambres sont injoignables
    [pricing] Les prix sont injoignables
    [reservations] Les réservations sont injoignables
    [payments] Le service de paiement est injoignable
   *[iam] Les comptes clients sont injoignables
} pour le moment. Rien de ce que vous avez saisi n'est perdu ; veuillez réessayer dans un instant.

## Erreurs auxquelles le framework web répond lui-même : titres par statut…

error-status-400 = Requête incorrecte
error-status-404 = Introuvable
error-status-405 = Méthode non autorisée
error-status-408 = Délai dépassé
error-status-413 = Contenu trop volumineux
error-status-415 = Type de contenu non pris en charge
error-status-422 = Requête non traitable
error-status-500 = Erreur interne du serveur
error-status-client = Erreur
error-status-server = Erreur du serveur

## …et ce qu'elles signifient.

error-framework-not-found = Nous n'avons pas trouvé ce que vous cherchiez.
error-framework-method = Cette action n'est pas disponible sur cette page.
error-framework-timeout = La requête a pris trop de temps.
error-framework-bad-request = La requête n'a pas pu être comprise.
error-framework-internal = Une erreur s'est produite de notre côté. Veuillez réessayer.
