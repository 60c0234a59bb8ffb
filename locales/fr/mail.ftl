# L'e-mail de confirmation (HTML et texte brut).

mail-subject = Réservation confirmée : { $property } ({ $reference })
mail-heading = Merci, { $name }. Votre réservation est confirmée.
mail-subject-changed = Réservation modifiée : { $property } ({ $reference })
mail-heading-changed = { $name }, votre réservation a été modifiée. Voici les nouveaux détails.
mail-reference = Référence de réservation
mail-summary = Votre séjour
mail-hotel = Hôtel
mail-room = Chambre
mail-rate = Tarif
mail-checkin = Arrivée
mail-checkout = Départ
mail-checkin-from = à partir de { $time }
mail-checkout-until = jusqu'à { $time }
mail-guests = Voyageurs
mail-price = Prix facturé
mail-night-of = Nuit du { $date }
mail-room-total = Chambres
mail-taxes = Taxes
mail-fees = Frais
mail-total = Total facturé
mail-cancellation = Conditions d'annulation
mail-calendar = Le fichier de calendrier joint ajoute votre séjour à votre agenda.
mail-find = Retrouver votre réservation
mail-find-hint = Saisissez votre référence de réservation et cette adresse e-mail.
mail-manage = Gérer votre réservation
mail-footer = Vous recevez cet e-mail parce que vous avez réservé un séjour chez { $brand }.

# The demo index's list of e-mails written to files.
mail-demo-sent = E-mails envoyés (écrits dans MAIL_DIR)

# L'e-mail d'annulation.
mail-cancel-subject = Réservation annulée : { $property } ({ $reference })
mail-cancel-heading = { $name }, votre réservation est annulée.
mail-cancel-dates = Dates
mail-cancel-penalty = Retenu selon les conditions du tarif
mail-cancel-refund = Remboursé sur votre carte
mail-cancel-penalty-guarantee = Débité par l'hôtel sur la carte qui garantissait la réservation
mail-cancel-guarantee = Garantie par carte
mail-cancel-guarantee-released = Libérée ; rien n'a été débité
mail-cancel-guarantee-kept = Conservée pour que l'hôtel débite ce que retiennent les conditions du tarif

# The guest's estimated arrival and special requests in the confirmation e-mail.
mail-arrival = Arrivée prévue
mail-requests = Demandes particulières
