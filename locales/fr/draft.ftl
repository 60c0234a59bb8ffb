# Le tunnel de réservation : prix, coordonnées, blocage de la chambre, paiement.

draft-page-title = Votre réservation
draft-steps-label = Étapes de la réservation
draft-step-room = Chambre
draft-step-details = Vos coordonnées
draft-step-payment = Paiement
draft-step-confirmed = Confirmée
draft-summary-label = Votre séjour
draft-adults = { $count ->
    [one] { $count } adulte
   *[other] { $count } adultes
}
draft-children = { $count ->
    [one] { $count } enfant
   *[other] { $count } enfants
}
draft-rooms = { $count ->
    [one] { $count } chambre
   *[other] { $count } chambres
}
draft-total = Total
draft-change-stay = Modifier les dates ou les voyageurs
draft-update-stay = Mettre à jour mon séjour
draft-cancel = Annuler cette réservation

draft-choose-title = Obtenons un prix pour vous
draft-choose-intro = Il nous faut un prix à jour pour { $room } ({ $rate }) à ces dates.
draft-get-price = Obtenir un prix

draft-details-title = Qui séjournera ?
draft-quote-held-for = Ce prix vous est garanti pendant { $time }.
draft-first-name = Prénom
draft-last-name = Nom
draft-email = E-mail
draft-phone = Téléphone
draft-country = Pays
draft-country-hint = (code, par ex. FR, BE, CH)
draft-special-requests = Demandes particulières
draft-optional = (facultatif)
draft-continue = Continuer

draft-pay-title = Vérifier et payer
draft-booking-for = Réservation au nom de
draft-hold-intro = Nous bloquons la chambre pour vous pendant que vous payez.
draft-hold-room = Bloquer ma chambre
draft-hold-countdown = Votre chambre vous est réservée encore { $clock } minutes.
draft-you-pay = Vous paierez { $amount } sur la page sécurisée de notre partenaire de paiement, puis vous reviendrez ici.
draft-you-pay-no-amount = Vous paierez sur la page sécurisée de notre partenaire de paiement, puis vous reviendrez ici.
draft-pay-securely = Payer en toute sécurité

draft-pending-title = Vérification de votre paiement
draft-pending-body = Nous attendons la confirmation de votre paiement. Cela ne prend généralement que quelques secondes.
draft-check-again = Vérifier à nouveau
draft-back-to-payment = Retour à la page de paiement

draft-failed-title = Votre paiement n'a pas abouti
# Le motif du prestataire de paiement est en anglais : on ne le reprend pas.
draft-payment-declined = Votre paiement a été refusé.
draft-payment-did-not-go-through = Le paiement n'a pas abouti.
draft-payment-not-completed = Le paiement n'a pas été finalisé.
draft-not-charged = Aucun montant ne vous a été débité.
draft-try-again = Réessayer

draft-expired-title = Le temps est écoulé
draft-expired-body = Votre prix ou le blocage de votre chambre a expiré : la chambre a donc été remise en vente. Les prix ont pu changer ; vérifions à nouveau.
draft-get-new-price = Obtenir un nouveau prix

draft-confirmed-title = Votre réservation est confirmée
draft-your-reference = Votre référence est { $reference }.
draft-see-confirmation = Voir votre confirmation

draft-cancelled-title = Cette réservation a été annulée
draft-cancelled-body = Rien n'a été débité et la chambre est de nouveau en vente.
draft-new-search = Lancer une nouvelle recherche

# Messages après une action impossible.
draft-changed-elsewhere = Cette réservation a été modifiée dans un autre onglet. Voici où elle en est.
draft-changed-elsewhere-app = Cette réservation a été modifiée dans un autre onglet ou dans l'application. Voici où elle en est.
draft-refused-sold-out = Désolés, cette chambre n'est plus disponible à vos dates. Essayez d'autres dates ou une autre chambre.
draft-refused-quote-expired = Votre prix a expiré. Veuillez demander un nouveau prix.
draft-refused-hold-expired = Le blocage de votre chambre a expiré. Veuillez demander un nouveau prix.
draft-refused-payment-mismatch = Le paiement ne correspond pas à cette réservation. Votre réservation n'a pas été effectuée.
# Les explications du système de réservation sont en anglais : on les dit autrement.
draft-refused-restricted = Ces dates ne sont pas possibles dans cet hôtel (pas d'arrivée ce jour-là ou durée de séjour minimale). Veuillez choisir d'autres dates.
draft-refused-occupancy = Cette chambre ne peut pas accueillir autant de personnes. Ajoutez une chambre ou choisissez une chambre plus grande.
draft-refused-other = Ce n'est plus possible. Veuillez réessayer.
draft-refused-generic = Ce n'est plus possible. Veuillez réessayer.
draft-upstream-timeout = Cela prend plus de temps que prévu. Rien n'est perdu ; veuillez réessayer.
draft-upstream-unavailable = Notre système de réservation est momentanément injoignable. Rien n'est perdu ; veuillez réessayer dans un instant.

# Pourquoi une étape n'est pas possible maintenant.
draft-error-confirmed = Cette réservation est déjà confirmée.
draft-error-abandoned = Cette réservation a été annulée. Veuillez lancer une nouvelle recherche.
draft-error-quote-required = Veuillez d'abord choisir une chambre et obtenir un prix.
draft-error-quote-expired = Votre devis a expiré ; veuillez demander un nouveau prix.
draft-error-details-required = Veuillez d'abord saisir les coordonnées du voyageur.
draft-error-hold-required = Votre chambre doit être bloquée avant le paiement ; veuillez reprendre à l'étape des coordonnées.
draft-error-hold-expired = Le blocage de votre chambre a expiré ; veuillez demander un nouveau prix.
draft-error-room-held = Votre chambre est déjà bloquée ; passez au paiement, ou modifiez votre séjour pour recommencer.
draft-error-payment-in-progress = Votre paiement est en cours de traitement ; veuillez patienter un instant.
draft-error-no-payment = Aucun paiement n'est en cours pour cette réservation.
draft-error-stale-payment = Cette tentative de paiement n'est plus à jour ; veuillez réessayer.
draft-error-missing-booking-ref = Nous n'avons pas pu confirmer cette réservation ; veuillez contacter l'hôtel.
draft-error-nothing-to-expire = Rien n'a expiré dans cette réservation.
draft-hold-released-after-declines = Votre paiement a été refusé { $count } fois : nous avons donc libéré la chambre que vous teniez et elle est de nouveau en vente. Aucun montant ne vous a été débité. Pour réserver, bloquez à nouveau la chambre et payez avec une autre carte.
draft-pay-approx = La page de paiement débite la devise de l'hôtel ; cela fait environ { $amount } au taux affiché.

## Un paiement approuvé qui n'a pas pu devenir une réservation. $amount est le montant payé.

draft-refund-pending-title = Nous remboursons votre paiement
draft-refunded-title = Votre paiement a été remboursé
draft-refunded-room-unavailable = Votre paiement de { $amount } a été remboursé : la chambre n'était plus disponible lorsque votre banque l'a approuvé. Aucune réservation n'a été effectuée.
draft-refunded-price-changed = Votre paiement de { $amount } a été remboursé : le prix de la chambre a changé avant que votre banque ne l'approuve. Aucune réservation n'a été effectuée.
draft-refunded-external = Votre paiement de { $amount } a été remboursé. Aucune réservation n'a été effectuée.
draft-refund-on-its-way = Le remboursement est en route vers votre carte ; vous n'avez rien à faire.
draft-refund-statement = Un remboursement apparaît généralement sur votre relevé sous quelques jours ouvrés.
draft-refund-next = Vous pouvez lancer une nouvelle recherche, pour les mêmes dates ou pour d'autres.
draft-search-again = Rechercher à nouveau
draft-error-refund-in-progress = Votre paiement est en cours de remboursement ; cette réservation ne peut plus être modifiée.
draft-error-refunded = Votre paiement a été remboursé et cette réservation n'a pas pu être effectuée. Veuillez lancer une nouvelle recherche.
draft-cancel-payment = Annuler ce paiement et revenir
draft-payment-cancelled = Votre paiement a été annulé et vous n'avez pas été débité. Votre chambre est toujours réservée : vous pouvez payer à nouveau.
draft-payment-already-decided = Votre paiement avait déjà été accepté, il n'a donc pas pu être annulé.
draft-payment-cancel-unknown = Nous n'avons pas pu confirmer l'annulation de votre paiement. Si vous le terminez sur la page de paiement, il sera pris en compte ; veuillez réessayer dans un instant.
draft-change-banner = Vous modifiez la réservation { $reference }. Tant que la modification n’est pas confirmée, votre réservation reste inchangée.
draft-change-paid = Déjà payé
draft-change-to-pay = À payer maintenant
draft-change-to-refund = À rembourser
draft-change-confirm = Confirmer la modification
draft-change-refund-note = Rien de plus à payer : { $amount } vous sera remboursé sur votre carte dès votre confirmation.
draft-change-no-difference = Le nouveau séjour coûte le même prix : rien à payer.
draft-change-page-title = Modifier votre réservation
draft-change-abandon = Garder ma réservation telle quelle
draft-change-abandoned-title = La modification a été abandonnée
draft-change-abandoned-body = Votre réservation { $reference } reste inchangée ; rien n’a été débité ni remboursé.

# The guest-details step: arrival time and the hotel's terms.
draft-arrival-time = Heure d'arrivée prévue
draft-arrival-unknown = Je ne sais pas encore
# $terms and $privacy are links, with the texts of draft-terms-link and draft-privacy-link.
draft-accept-terms = J'accepte les { $terms } et la { $privacy } de l'hôtel.
draft-terms-link = conditions
draft-privacy-link = politique de confidentialité
# $time: e.g. 18:00
draft-arriving-around = Arrivée vers { $time }
draft-room-party = Chambre { $number } : { $party }

# Rooms: a room type and rate per room (issue 19)
draft-refused-room-sold-out = Désolés, la chambre { $room } n'est plus disponible à vos dates : rien n'a été réservé. Vos informations sont conservées : choisissez une autre chambre pour elle, ou modifiez votre séjour.
rooms-lines-label = Vos chambres
property-room-step = Chambre { $number } sur { $count } : choisissez sa chambre et son tarif
property-room-step-party = Pour { $party }
property-choose-for-room = Choisir pour la chambre { $number }
property-same-for-all = Réserver ceci pour les { $count } chambres
property-rooms-chosen = Vos chambres choisies
property-change-room = Modifier la chambre { $number }
extras-title = Suppléments
extras-intro = À ajouter à votre séjour ; chacun est compté dans votre total.
extras-update = Mettre à jour le prix
extras-per-stay = par séjour
extras-guests = { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
}
