# Gérer ma réservation : la page ouverte depuis le lien de l'e-mail ou la recherche.

manage-page-title = Gérer la réservation { $reference }
manage-heading = Votre réservation, { $name }
manage-reference = Référence de réservation
manage-hotel = Hôtel
manage-room = Chambre
manage-dates = Dates
manage-paid = Payé
manage-status = Statut
manage-status-confirmed = Confirmée
manage-status-cancelled = Annulée
# $when : une date et une heure à l'hôtel.
manage-free-until = Annulation gratuite jusqu'au { $when } (heure de l'hôtel).
manage-cancel-free = Si vous annulez maintenant, tout est remboursé : { $refund }.
manage-cancel-penalty = L'annulation gratuite a pris fin le { $when } (heure de l'hôtel). Si vous annulez maintenant, { $penalty } est retenu et { $refund } est remboursé.
manage-non-refundable = Ce tarif n'est pas remboursable : en cas d'annulation, rien n'est remboursé.
manage-not-cancellable = Cette réservation ne peut pas être annulée en ligne. Veuillez contacter l'hôtel.
manage-cancel-submit = Annuler cette réservation
manage-cancel-hint = Une annulation est définitive.
manage-cancelled = Cette réservation est annulée.
manage-cancelled-refund = Remboursé sur votre carte : { $refund }.
manage-cancelled-refund-pending = Un remboursement de { $refund } est en cours vers votre carte.
manage-cancelled-penalty = Retenu selon les conditions du tarif : { $penalty }.
manage-changed-title = Le montant a changé
manage-changed-detail = Les conditions d'annulation donnent maintenant un autre montant. Vérifiez-le avant d'annuler.
manage-not-cancellable-title = Pas d'annulation en ligne
manage-link-expired-title = Ce lien a expiré
manage-link-expired-detail = Retrouvez votre réservation avec sa référence et l'adresse e-mail utilisée pour réserver.
manage-footer-link = Gérer ma réservation
manage-open = Gérer ou annuler cette réservation
manage-change-heading = Modifier les dates ou les voyageurs
manage-change-hint = Même chambre, même tarif. Vous voyez le nouveau prix et la différence avant toute modification.
manage-change-submit = Voir le nouveau prix
manage-not-changeable-title = Cette réservation ne peut pas être modifiée en ligne
manage-not-changeable = Cette réservation ne peut plus être modifiée en ligne ; veuillez contacter l’hôtel.
