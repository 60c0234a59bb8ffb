# Die Bestätigungs-E-Mail (HTML und Text).

mail-subject = Buchung bestätigt: { $property } ({ $reference })
mail-heading = Vielen Dank, { $name }. Ihre Buchung ist bestätigt.
mail-subject-changed = Buchung geändert: { $property } ({ $reference })
mail-heading-changed = { $name }, Ihre Buchung wurde geändert. Hier sind die neuen Angaben.
mail-reference = Buchungsnummer
mail-summary = Ihr Aufenthalt
mail-hotel = Hotel
mail-room = Zimmer
mail-rate = Tarif
mail-checkin = Anreise
mail-checkout = Abreise
mail-checkin-from = ab { $time } Uhr
mail-checkout-until = bis { $time } Uhr
mail-guests = Gäste
mail-price = Preis, wie berechnet
mail-night-of = Nacht vom { $date }
mail-room-total = Zimmer
mail-taxes = Steuern
mail-fees = Gebühren
mail-total = Berechneter Gesamtbetrag
mail-cancellation = Stornobedingungen
mail-calendar = Mit der angehängten Kalenderdatei tragen Sie Ihren Aufenthalt in Ihren Kalender ein.
mail-find = Buchung aufrufen
mail-find-hint = Geben Sie Ihre Buchungsnummer und diese E-Mail-Adresse ein.
mail-manage = Buchung verwalten
mail-footer = Sie erhalten diese E-Mail, weil Sie einen Aufenthalt bei { $brand } gebucht haben.

# The demo index's list of e-mails written to files.
mail-demo-sent = Gesendete E-Mails (in MAIL_DIR geschrieben)

# Die Stornierungs-E-Mail.
mail-cancel-subject = Buchung storniert: { $property } ({ $reference })
mail-cancel-heading = { $name }, Ihre Buchung ist storniert.
mail-cancel-dates = Daten
mail-cancel-penalty = Nach den Tarifbedingungen einbehalten
mail-cancel-refund = Auf Ihre Karte erstattet
mail-cancel-penalty-guarantee = Vom Hotel der Karte belastet, mit der die Buchung garantiert war
mail-cancel-guarantee = Kartengarantie
mail-cancel-guarantee-released = Freigegeben; es wurde nichts berechnet
mail-cancel-guarantee-kept = Bleibt bestehen, damit das Hotel den nach den Tarifbedingungen fälligen Betrag belasten kann

# The guest's estimated arrival and special requests in the confirmation e-mail.
mail-arrival = Voraussichtliche Ankunft
mail-requests = Besondere Wünsche
