# Die Bestätigungsseite und das Formular, um eine Buchung wiederzufinden.

confirmation-page-title = Buchung { $reference } bestätigt
confirmation-heading = { $name }, Ihre Buchung ist bestätigt
confirmation-reference = Ihre Buchungsnummer lautet { $reference }. Bewahren Sie sie gut auf: Zusammen mit Ihrer E-Mail-Adresse finden Sie damit diese Seite wieder.
confirmation-hotel = Hotel
confirmation-room = Zimmer
confirmation-dates = Reisedaten
confirmation-guests = Gäste
confirmation-paid = Bezahlt
confirmation-back = Zurück zur Startseite

confirmation-lookup-title = Buchung finden
confirmation-lookup-reference = Buchungsnummer
confirmation-lookup-email = Bei der Buchung verwendete E-Mail-Adresse
confirmation-lookup-submit = Meine Buchung finden
confirmation-lookup-not-found = Wir konnten keine Buchung mit dieser Buchungsnummer und E-Mail-Adresse finden.
confirmation-cancelled-heading = Diese Buchung wurde storniert.
confirmation-your-stay = Ihr Aufenthalt
confirmation-address = Adresse
confirmation-contact = Rezeption
confirmation-arrival = Ankunft
# $time: e.g. 18:00
confirmation-arrival-around = gegen { $time }
confirmation-requests = Besondere Wünsche
