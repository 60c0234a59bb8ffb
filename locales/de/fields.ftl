# Hinweise neben einem Formularfeld, wenn die Eingabe nicht verwendet werden kann.

field-checkin-missing = Wählen Sie ein Anreisedatum.
field-checkin-format = Geben Sie das Anreisedatum als JJJJ-MM-TT ein.
field-checkout-missing = Wählen Sie ein Abreisedatum.
field-checkout-format = Geben Sie das Abreisedatum als JJJJ-MM-TT ein.
field-checkin-past = Die Anreise kann nicht in der Vergangenheit liegen.
field-checkin-too-far = Die Anreise kann höchstens { $days } Tage im Voraus liegen.
field-checkout-before-checkin = Die Abreise muss nach der Anreise liegen.
field-stay-too-long = Ein Aufenthalt dauert höchstens { $nights } Nächte.
field-adults-number = Geben Sie die Anzahl der Erwachsenen ein.
field-rooms-number = Geben Sie die Anzahl der Zimmer ein (1–5).
field-rooms-range = Wählen Sie zwischen 1 und { $max } Zimmern.
field-adults-too-few = Jedes Zimmer braucht mindestens einen Erwachsenen.
field-adults-too-many = Höchstens { $max } Erwachsene pro Zimmer.
field-children-too-many = Höchstens { $max } Kinder.
field-child-age-range = Kinder müssen zwischen 0 und { $max } Jahre alt sein.
field-promo-format = Ein Aktionscode hat höchstens 20 Buchstaben, Ziffern oder Bindestriche.
field-children-ages-too-many = Zu viele Altersangaben für Kinder.
field-children-ages-format = Geben Sie das Alter jedes Kindes (0–17) durch Kommas getrennt an, z. B. 4,9.
field-children-ages-number = Geben Sie das Alter jedes Kindes als Zahl von 0 bis 17 ein, durch Kommas getrennt.
field-children-ages-count = { $count ->
    [one] Geben Sie das Alter Ihres Kindes ein (0–17).
   *[other] Geben Sie { $count } Altersangaben (0–17) ein, eine pro Kind, durch Kommas getrennt, z. B. 4,9.
}
field-email-missing = Geben Sie Ihre E-Mail-Adresse ein.
field-email-too-long = Diese E-Mail-Adresse ist zu lang.
field-email-format = Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.
field-phone-missing = Geben Sie eine Telefonnummer ein, damit das Hotel Sie erreichen kann.
field-phone-format = Geben Sie eine Telefonnummer mit 6 bis 20 Ziffern ein, etwa +49 30 123456.
field-country-missing = Wählen Sie Ihr Land.
field-country-unknown = Wählen Sie ein Land aus der Liste.
field-requests-too-long = Besondere Wünsche haben höchstens { $max } Zeichen (Sie haben { $count }).
field-name-missing = { $which ->
    [first] Geben Sie Ihren Vornamen ein.
   *[last] Geben Sie Ihren Nachnamen ein.
}
field-name-too-long = { $which ->
    [first] Ihr Vorname hat höchstens { $max } Zeichen.
   *[last] Ihr Nachname hat höchstens { $max } Zeichen.
}
field-name-characters = { $which ->
    [first] Ihr Vorname enthält Zeichen, die wir nicht annehmen können.
   *[last] Ihr Nachname enthält Zeichen, die wir nicht annehmen können.
}
field-consent-decision = Wählen Sie Zustimmen oder Ablehnen.
field-signin-email = Geben Sie die E-Mail-Adresse Ihres Kontos ein, etwa name@beispiel.de.
field-signin-password-missing = Geben Sie Ihr Passwort ein.
field-signin-password-too-long = Dieses Passwort ist zu lang.
field-signin-mismatch = E-Mail-Adresse und Passwort passen nicht zusammen. Prüfen Sie beide und versuchen Sie es erneut.
field-property-unknown = Wählen Sie eines unserer Hotels.
field-room-missing = Wählen Sie ein Zimmer und einen Tarif.
field-room-unavailable = Dieses Zimmer und dieser Tarif sind für diese Daten nicht verfügbar.
prefs-locale-unknown = Wählen Sie eine der angebotenen Sprachen.
prefs-currency-unknown = Wählen Sie eine der angebotenen Währungen.
field-return-url-not-allowed = Diese Rücksprungadresse gehört zu keiner App dieser Website.
field-month-format = Geben Sie den Monat als JJJJ-MM ein.
field-month-range = Wählen Sie einen Monat von diesem bis { $months } Monate im Voraus.
field-arrival-format = Geben Sie die Anreise als JJJJ-MM-TT ein oder wählen Sie einen Tag im Kalender.
field-arrival-past = Diese Anreise liegt in der Vergangenheit. Wählen Sie einen Tag ab heute.
field-arrival-range = Wählen Sie eine Anreise in den nächsten { $months } Monaten.
field-arrival-closed = Das Hotel nimmt an diesem Tag keine Anreisen an. Wählen Sie eine andere Anreise.
field-arrival-sold-out = Ab diesem Tag ist für Ihre Gruppe nichts frei. Wählen Sie eine andere Anreise.
field-nights-range = Wählen Sie zwischen 1 und { $max } Nächten.
field-promo-unknown = Der Code { $code } gilt hier nicht; die Preise werden ohne ihn angezeigt.
field-promo-expired = Der Code { $code } ist abgelaufen; die Preise werden ohne ihn angezeigt.
field-arrival-time-format = Wählen Sie eine Ankunftszeit aus der Liste, z. B. 18:00.
field-terms-required = Um zu buchen, akzeptieren Sie bitte die Geschäftsbedingungen und die Datenschutzerklärung des Hotels.
field-room-too-many-guests = Höchstens { $max } Gäste pro Zimmer.
field-room-adults-missing = Geben Sie die Zahl der Erwachsenen in diesem Zimmer an.
field-children-ages-stay = Diese Altersangaben passen nicht zu den Kindern des Aufenthalts. Ändern Sie die Zimmer des Aufenthalts, um sie zu ändern.

# Rooms: a room type and rate per room (issue 19)
field-room-n-unavailable = Zimmer { $room }: Dieses Zimmer und dieser Tarif sind für seine Gäste an diesen Daten nicht verfügbar.
field-room-picks-count = Wählen Sie für jedes Zimmer ein Zimmer und einen Tarif.
field-extras-unknown = Dieses Extra ist für Ihren Aufenthalt nicht verfügbar; bitte wählen Sie erneut.
field-extras-too-many = Bitte wählen Sie weniger Extras.
