# Buchung verwalten: die Seite hinter dem Link der E-Mail oder der Suche.

manage-page-title = Buchung { $reference } verwalten
manage-heading = Ihre Buchung, { $name }
manage-reference = Buchungsnummer
manage-hotel = Hotel
manage-room = Zimmer
manage-dates = Daten
manage-paid = Bezahlt
manage-status = Status
manage-status-confirmed = Bestätigt
manage-status-cancelled = Storniert
# $when: Datum und Uhrzeit am Ort des Hotels.
manage-free-until = Kostenlose Stornierung bis { $when } (Ortszeit des Hotels).
manage-cancel-free = Wenn Sie jetzt stornieren, wird alles erstattet: { $refund }.
manage-cancel-penalty = Die kostenlose Stornierung endete am { $when } (Ortszeit des Hotels). Wenn Sie jetzt stornieren, werden { $penalty } einbehalten und { $refund } erstattet.
manage-non-refundable = Dieser Tarif ist nicht erstattungsfähig: bei einer Stornierung wird nichts erstattet.
manage-not-cancellable = Diese Buchung kann nicht online storniert werden. Bitte wenden Sie sich an das Hotel.
manage-cancel-submit = Diese Buchung stornieren
manage-cancel-hint = Eine Stornierung kann nicht rückgängig gemacht werden.
manage-cancelled = Diese Buchung ist storniert.
manage-cancelled-refund = Auf Ihre Karte erstattet: { $refund }.
manage-cancelled-refund-pending = Eine Erstattung von { $refund } ist unterwegs auf Ihre Karte.
manage-cancelled-penalty = Nach den Tarifbedingungen einbehalten: { $penalty }.
manage-changed-title = Der Betrag hat sich geändert
manage-changed-detail = Die Stornobedingungen ergeben jetzt einen anderen Betrag. Bitte prüfen Sie ihn vor der Stornierung erneut.
manage-not-cancellable-title = Nicht online stornierbar
manage-link-expired-title = Dieser Link ist abgelaufen
manage-link-expired-detail = Finden Sie Ihre Buchung mit der Buchungsnummer und der E-Mail-Adresse, mit der Sie gebucht haben.
manage-footer-link = Meine Buchung verwalten
manage-open = Diese Buchung verwalten oder stornieren
manage-change-heading = Daten oder Gäste ändern
manage-change-hint = Gleiches Zimmer, gleicher Tarif. Sie sehen den neuen Preis und die Differenz, bevor sich etwas ändert.
manage-change-submit = Neuen Preis ansehen
manage-not-changeable-title = Diese Buchung kann nicht online geändert werden
manage-not-changeable = Diese Buchung kann nicht mehr online geändert werden; bitte wenden Sie sich an das Hotel.
