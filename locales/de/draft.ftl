# Der Buchungsablauf: Preis, Gastdaten, Reservierung des Zimmers, Zahlung.

draft-page-title = Ihre Buchung
draft-steps-label = Buchungsfortschritt
draft-step-room = Zimmer
draft-step-details = Ihre Angaben
draft-step-payment = Zahlung
draft-step-confirmed = Bestätigt
draft-summary-label = Ihr Aufenthalt
draft-adults = { $count ->
    [one] { $count } Erwachsener
   *[other] { $count } Erwachsene
}
draft-children = { $count ->
    [one] { $count } Kind
   *[other] { $count } Kinder
}
draft-rooms = { $count ->
    [one] { $count } Zimmer
   *[other] { $count } Zimmer
}
draft-total = Gesamt
draft-change-stay = Reisedaten oder Gäste ändern
draft-update-stay = Aufenthalt aktualisieren
draft-cancel = Diese Buchung stornieren

draft-choose-title = Wir ermitteln Ihren Preis
draft-choose-intro = Wir brauchen einen aktuellen Preis für { $room } ({ $rate }) zu diesen Daten.
draft-get-price = Preis abrufen

draft-details-title = Wer reist an?
draft-quote-held-for = Dieser Preis gilt noch { $time } für Sie.
draft-first-name = Vorname
draft-last-name = Nachname
draft-email = E-Mail
draft-phone = Telefon
draft-country = Land
draft-country-hint = (Code, z. B. DE, AT, CH)
draft-special-requests = Besondere Wünsche
draft-optional = (optional)
draft-continue = Weiter

draft-pay-title = Prüfen und bezahlen
draft-booking-for = Buchung für
draft-hold-intro = Wir halten das Zimmer für Sie frei, während Sie bezahlen.
draft-hold-room = Zimmer freihalten
draft-hold-countdown = Ihr Zimmer wird noch { $clock } Minuten für Sie freigehalten.
draft-you-pay = Sie bezahlen { $amount } auf der sicheren Seite unseres Zahlungspartners und kehren dann hierher zurück.
draft-you-pay-no-amount = Sie bezahlen auf der sicheren Seite unseres Zahlungspartners und kehren dann hierher zurück.
draft-pay-securely = Sicher bezahlen

draft-pending-title = Wir prüfen Ihre Zahlung
draft-pending-body = Wir warten auf die Bestätigung Ihrer Zahlung. Das dauert meist nur wenige Sekunden.
draft-check-again = Erneut prüfen
draft-back-to-payment = Zurück zur Zahlungsseite

draft-failed-title = Ihre Zahlung ist nicht durchgegangen
# Die Begründung des Zahlungsanbieters ist englisch; sie wird nicht übernommen.
draft-payment-declined = Ihre Zahlung wurde abgelehnt.
draft-payment-did-not-go-through = Die Zahlung ist nicht durchgegangen.
draft-payment-not-completed = Die Zahlung wurde nicht abgeschlossen.
draft-not-charged = Ihnen wurde nichts berechnet.
draft-try-again = Erneut versuchen

draft-expired-title = Die Zeit ist abgelaufen
draft-expired-body = Ihr Preis oder die Reservierung Ihres Zimmers ist abgelaufen, deshalb ist das Zimmer wieder buchbar. Die Preise können sich geändert haben – prüfen wir sie noch einmal.
draft-get-new-price = Neuen Preis abrufen

draft-confirmed-title = Ihre Buchung ist bestätigt
draft-your-reference = Ihre Buchungsnummer lautet { $reference }.
draft-see-confirmation = Zur Buchungsbestätigung

draft-cancelled-title = Diese Buchung wurde storniert
draft-cancelled-body = Es wurde nichts berechnet, und das Zimmer ist wieder buchbar.
draft-new-search = Neue Suche starten

# Hinweise, wenn eine Aktion nicht möglich war.
draft-changed-elsewhere = Diese Buchung wurde in einem anderen Tab geändert. Hier sehen Sie den aktuellen Stand.
draft-changed-elsewhere-app = Diese Buchung wurde in einem anderen Tab oder in der App geändert. Hier sehen Sie den aktuellen Stand.
draft-refused-sold-out = Dieses Zimmer ist für Ihre Reisedaten leider gerade ausgebucht. Versuchen Sie andere Daten oder ein anderes Zimmer.
draft-refused-quote-expired = Ihr Preis ist abgelaufen. Bitte rufen Sie einen neuen Preis ab.
draft-refused-hold-expired = Ihr Zimmer wird nicht mehr für Sie freigehalten. Bitte rufen Sie einen neuen Preis ab.
draft-refused-payment-mismatch = Die Zahlung passt nicht zu dieser Buchung. Es wurde keine Buchung vorgenommen.
# Die Erklärungen des Buchungssystems sind englisch; hier mit eigenen Worten.
draft-refused-restricted = Diese Daten sind in diesem Hotel nicht möglich (keine Anreise an diesem Tag oder ein Mindestaufenthalt). Bitte wählen Sie andere Daten.
draft-refused-occupancy = Dieses Zimmer bietet nicht genug Platz für so viele Gäste. Fügen Sie ein Zimmer hinzu oder wählen Sie ein größeres Zimmer.
draft-refused-other = Das ist nicht mehr möglich. Bitte versuchen Sie es erneut.
draft-refused-generic = Das ist nicht mehr möglich. Bitte versuchen Sie es erneut.
draft-upstream-timeout = Das dauert länger als erwartet. Es ist nichts verloren; bitte versuchen Sie es erneut.
draft-upstream-unavailable = Unser Buchungssystem ist gerade nicht erreichbar. Es ist nichts verloren; bitte versuchen Sie es gleich noch einmal.

# Warum ein Schritt jetzt nicht möglich ist.
draft-error-confirmed = Diese Buchung ist bereits bestätigt.
draft-error-abandoned = Diese Buchung wurde storniert. Bitte starten Sie eine neue Suche.
draft-error-quote-required = Bitte wählen Sie zuerst ein Zimmer und rufen Sie einen Preis ab.
draft-error-quote-expired = Ihr Preisangebot ist abgelaufen; bitte rufen Sie einen neuen Preis ab.
draft-error-details-required = Bitte geben Sie zuerst die Daten des Gastes ein.
draft-error-hold-required = Ihr Zimmer muss vor der Zahlung freigehalten werden; bitte fahren Sie bei den Gastdaten fort.
draft-error-hold-expired = Ihr Zimmer wird nicht mehr für Sie freigehalten; bitte rufen Sie einen neuen Preis ab.
draft-error-room-held = Ihr Zimmer wird bereits für Sie freigehalten; fahren Sie mit der Zahlung fort oder ändern Sie Ihren Aufenthalt, um neu zu beginnen.
draft-error-payment-in-progress = Ihre Zahlung wird gerade bearbeitet; bitte warten Sie einen Moment.
draft-error-no-payment = Für diese Buchung läuft keine Zahlung.
draft-error-stale-payment = Dieser Zahlungsversuch ist nicht mehr aktuell; bitte versuchen Sie es erneut.
draft-error-missing-booking-ref = Wir konnten diese Buchung nicht bestätigen; bitte wenden Sie sich an das Hotel.
draft-error-nothing-to-expire = In dieser Buchung ist nichts abgelaufen.
draft-hold-released-after-declines = Ihre Zahlung wurde { $count }-mal abgelehnt. Deshalb haben wir das für Sie reservierte Zimmer freigegeben, es ist wieder buchbar. Ihnen wurde nichts berechnet. Um zu buchen, reservieren Sie das Zimmer erneut und zahlen Sie mit einer anderen Karte.
draft-pay-approx = Die Zahlungsseite rechnet in der Währung des Hotels ab; das sind etwa { $amount } zum angezeigten Kurs.

## Eine genehmigte Zahlung, aus der keine Buchung werden konnte. $amount ist der bezahlte Betrag.

draft-refund-pending-title = Wir erstatten Ihre Zahlung
draft-refunded-title = Ihre Zahlung wurde erstattet
draft-refunded-room-unavailable = Ihre Zahlung von { $amount } wurde erstattet: Das Zimmer war nicht mehr verfügbar, als Ihre Bank die Zahlung genehmigt hat. Es wurde keine Buchung vorgenommen.
draft-refunded-price-changed = Ihre Zahlung von { $amount } wurde erstattet: Der Zimmerpreis hat sich geändert, bevor Ihre Bank die Zahlung genehmigt hat. Es wurde keine Buchung vorgenommen.
draft-refunded-external = Ihre Zahlung von { $amount } wurde erstattet. Es wurde keine Buchung vorgenommen.
draft-refund-on-its-way = Die Erstattung ist auf dem Weg zu Ihrer Karte; Sie müssen nichts tun.
draft-refund-statement = Erstattungen erscheinen meist nach einigen Werktagen auf Ihrer Abrechnung.
draft-refund-next = Sie können erneut suchen, für dieselben oder andere Daten.
draft-search-again = Erneut suchen
draft-error-refund-in-progress = Ihre Zahlung wird erstattet; diese Buchung kann nicht mehr geändert werden.
draft-error-refunded = Ihre Zahlung wurde erstattet, und diese Buchung konnte nicht vorgenommen werden. Bitte starten Sie eine neue Suche.
draft-cancel-payment = Diese Zahlung abbrechen und zurück
draft-payment-cancelled = Ihre Zahlung wurde abgebrochen, und Ihnen wurde nichts berechnet. Ihr Zimmer ist weiterhin reserviert: Sie können erneut bezahlen.
draft-payment-already-decided = Ihre Zahlung war bereits durchgeführt und konnte daher nicht abgebrochen werden.
draft-payment-cancel-unknown = Wir konnten nicht bestätigen, dass Ihre Zahlung abgebrochen wurde. Wenn Sie sie auf der Zahlungsseite abschließen, gilt sie; bitte versuchen Sie es gleich noch einmal.
draft-change-banner = Sie ändern die Buchung { $reference }. Bis die Änderung bestätigt ist, bleibt Ihre Buchung unverändert.
draft-change-paid = Bereits bezahlt
draft-change-to-pay = Jetzt zu zahlen
draft-change-to-refund = Wird erstattet
draft-change-confirm = Änderung bestätigen
draft-change-refund-note = Nichts mehr zu zahlen: { $amount } werden nach Ihrer Bestätigung auf Ihre Karte erstattet.
draft-change-no-difference = Der neue Aufenthalt kostet gleich viel: nichts zu zahlen.
draft-change-page-title = Ihre Buchung ändern
draft-change-abandon = Buchung unverändert lassen
draft-change-abandoned-title = Die Änderung wurde verworfen
draft-change-abandoned-body = Ihre Buchung { $reference } bleibt unverändert; nichts wurde belastet oder erstattet.

# The guest-details step: arrival time and the hotel's terms.
draft-arrival-time = Voraussichtliche Ankunftszeit
draft-arrival-unknown = Weiß ich noch nicht
# $terms and $privacy are links, with the texts of draft-terms-link and draft-privacy-link.
draft-accept-terms = Ich akzeptiere die { $terms } und die { $privacy } des Hotels.
draft-terms-link = Geschäftsbedingungen
draft-privacy-link = Datenschutzerklärung
# $time: e.g. 18:00
draft-arriving-around = Ankunft gegen { $time }
draft-room-party = Zimmer { $number }: { $party }

# Rooms: a room type and rate per room (issue 19)
draft-refused-room-sold-out = Zimmer { $room } ist für Ihre Reisedaten leider gerade ausgebucht, daher wurde nichts reserviert. Ihre Angaben bleiben erhalten: Wählen Sie dafür ein anderes Zimmer oder ändern Sie Ihren Aufenthalt.
rooms-lines-label = Ihre Zimmer
property-room-step = Zimmer { $number } von { $count }: Zimmer und Tarif wählen
property-room-step-party = Für { $party }
property-choose-for-room = Für Zimmer { $number } wählen
property-same-for-all = Für alle { $count } Zimmer buchen
property-rooms-chosen = Ihre bisher gewählten Zimmer
property-change-room = Zimmer { $number } ändern
extras-title = Extras
extras-intro = Zu Ihrem Aufenthalt hinzubuchen; jedes Extra ist im Gesamtpreis enthalten.
extras-update = Preis aktualisieren
extras-per-stay = pro Aufenthalt
extras-guests = { $count ->
    [one] { $count } Gast
   *[other] { $count } Gäste
}
