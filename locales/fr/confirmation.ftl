# La page de confirmation et le formulaire pour retrouver une réservation.

confirmation-page-title = Réservation { $reference } confirmée
confirmation-heading = { $name }, votre réservation est confirmée
confirmation-reference = Votre référence est { $reference }. Conservez-la : avec votre adresse e-mail, elle vous permettra de retrouver cette page.
confirmation-hotel = Hôtel
confirmation-room = Chambre
confirmation-dates = Dates
confirmation-guests = Voyageurs
confirmation-paid = Payé
confirmation-back = Retour à l'accueil

confirmation-lookup-title = Retrouver votre réservation
confirmation-lookup-reference = Référence de réservation
confirmation-lookup-email = E-mail utilisé pour la réservation
confirmation-lookup-submit = Retrouver ma réservation
confirmation-lookup-not-found = Nous n'avons trouvé aucune réservation avec cette référence et cette adresse e-mail.
confirmation-cancelled-heading = Cette réservation a été annulée.
confirmation-your-stay = Votre séjour
confirmation-address = Adresse
confirmation-contact = Réception
confirmation-arrival = Arrivée
# $time: e.g. 18:00
confirmation-arrival-around = vers { $time }
confirmation-requests = Demandes particulières
