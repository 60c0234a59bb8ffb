# Ankunft von einer Partnerseite mit einem Buchungslink (GET /handoff, POST /handoff/consume).

handoff-page-title = Weiter zu Ihrer Buchung
handoff-heading = Weiter zu Ihrer Buchung
handoff-intro = Sie haben Ihren Aufenthalt auf einer Partnerseite ausgewählt. Wir übertragen Ihre Auswahl zu { $site }.
handoff-continue = Weiter zu meiner Buchung
handoff-works-once = Dieser Link funktioniert nur einmal. Falls nichts passiert, klicken Sie auf die Schaltfläche.

## Ein abgelehnter Link: der Titel der Seite …

handoff-refused-expired-title = Dieser Link ist abgelaufen
handoff-refused-unverified-title = Dieser Link konnte nicht überprüft werden
handoff-refused-wrong-site-title = Dieser Link gehört zu einer anderen Website
handoff-refused-not-yet-valid-title = Dieser Link ist noch nicht gültig
handoff-refused-title = Dieser Link kann nicht verwendet werden
# … und was zu tun ist, nach dem Grund ($reason ist einer der handoff-error-*-Sätze).
handoff-refused-detail = { $reason } Bitte kehren Sie zu der Website zurück, von der Sie gekommen sind, und wählen Sie Ihren Aufenthalt erneut aus, oder suchen Sie hier.

handoff-already-used-title = Dieser Link wurde bereits verwendet
handoff-already-used-detail = Dieser Link wurde bereits verwendet. Jeder Buchungslink funktioniert nur einmal: Wenn Sie ihn schon geöffnet haben, fahren Sie in diesem Browser fort, oder kehren Sie zu der Website zurück, von der Sie gekommen sind, und wählen Sie Ihren Aufenthalt erneut aus.

## Warum ein Link abgelehnt wurde.

handoff-error-too-large = Dieser Buchungslink ist zu lang, um gültig zu sein.
handoff-error-malformed = Dieser Buchungslink ist unvollständig oder beschädigt.
handoff-error-unsupported-version = Dieser Buchungslink hat ein Format, das wir nicht unterstützen.
handoff-error-unknown-key = Dieser Buchungslink wurde mit einem Schlüssel signiert, den wir nicht kennen.
handoff-error-bad-signature = Dieser Buchungslink konnte nicht überprüft werden.
# $detail ist einer der handoff-payload-*-Sätze oder die Meldung eines Suchfelds.
handoff-error-bad-payload = Dieser Buchungslink enthält ungültige Buchungsangaben: { $detail }.
handoff-error-wrong-tenant = Dieser Buchungslink gehört zur Website eines anderen Hotels.
handoff-error-not-yet-valid = Dieser Buchungslink ist noch nicht gültig.
handoff-error-expired = Dieser Buchungslink ist abgelaufen. Bitte gehen Sie zurück und wählen Sie Ihren Aufenthalt erneut aus.
handoff-error-lifetime-too-long = Dieser Buchungslink ist länger gültig, als wir zulassen.

## Was an den Buchungsangaben eines Links nicht stimmt: Sätze nach einem Doppelpunkt.

handoff-payload-property = Das Hotel ist ungültig
handoff-payload-dates = Das An- oder Abreisedatum ist ungültig
handoff-payload-checkout-before-checkin = Die Abreise muss nach der Anreise liegen
handoff-payload-nights = Ein Aufenthalt muss 1 bis 30 Nächte dauern
handoff-payload-rooms = Es sind 1 bis 5 Zimmer möglich
handoff-payload-adults-too-few = Jedes Zimmer braucht mindestens einen Erwachsenen
handoff-payload-adults-too-many = Höchstens 9 Erwachsene pro Zimmer
handoff-payload-children-too-many = Höchstens 8 Kinder
handoff-payload-child-age = Kinder müssen zwischen 0 und 17 Jahre alt sein
handoff-payload-room-type = Die Zimmerkategorie ist ungültig
handoff-payload-rate-plan = Der Tarif ist ungültig
handoff-payload-promo = Der Aktionscode ist ungültig
handoff-payload-currency = Die Währung ist ungültig
handoff-payload-language = Die Sprache ist ungültig
handoff-payload-link-id = Die Kennung des Links ist ungültig
handoff-payload-site = Die Hotel-Website ist ungültig
handoff-payload-validity = Der Gültigkeitszeitraum ist ungültig
handoff-payload-attribution = Die Marketingangaben sind ungültig
handoff-payload-format = Die Angaben haben nicht das erwartete Format
handoff-payload-hotel-elsewhere = Das Hotel wird auf dieser Website nicht angeboten
handoff-payload-room-too-many-guests = in einem Zimmer können höchstens 17 Gäste übernachten
handoff-payload-parties-mismatch = die Belegung der Zimmer ergibt nicht die angegebenen Erwachsenen, Kinder und Zimmer
