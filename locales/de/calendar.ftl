# Der Preiskalender: ein Monat Anreisetage in einem Hotel.

calendar-title = Preise nach Anreisedatum
calendar-heading = Preise nach Anreisedatum im { $hotel }
calendar-intro = Wählen Sie einen Anreisetag, um Zimmer und Tarife zu sehen. Jeder Preis ist der niedrigste Gesamtpreis für den ganzen Aufenthalt, inklusive Steuern und Gebühren.
calendar-link = Preise nach Anreisedatum ansehen
calendar-link-at = im { $hotel }
calendar-check = Prüfen Sie die Einstellungen des Kalenders
calendar-month = Monat
calendar-month-hint = JJJJ-MM
calendar-nights = Nächte
calendar-update = Preise anzeigen
calendar-months = Monate
calendar-previous = Vorheriger Monat
calendar-next = Nächster Monat
calendar-prices-for = { $count ->
    [one] Niedrigster Gesamtpreis für { $count } Nacht ab jedem Anreisetag, inklusive Steuern und Gebühren.
   *[other] Niedrigster Gesamtpreis für { $count } Nächte ab jedem Anreisetag, inklusive Steuern und Gebühren.
}
calendar-day-price = { $day }, ab { $price }
calendar-day-status = { $day }, { $status }
calendar-closed = keine Anreise möglich
calendar-min-stay = { $count ->
    [one] Mindestaufenthalt { $count } Nacht
   *[other] Mindestaufenthalt { $count } Nächte
}
calendar-sold-out = ausgebucht
calendar-past = vergangen
calendar-mark-closed = Keine Anreise
calendar-mark-min-stay = Min. { $count }
calendar-mark-sold-out = Voll

# Derselbe Kalender über alle Hotels der Marke.
calendar-heading-all = Preise nach Anreisedatum in allen unseren Hotels
calendar-intro-all = Wählen Sie einen Anreisetag, um unsere Hotels für diesen Aufenthalt zu vergleichen. Jeder Preis ist der niedrigste Gesamtpreis für den ganzen Aufenthalt in einem unserer Hotels, inklusive Steuern und Gebühren.
calendar-link-all = Preise nach Anreisedatum in allen unseren Hotels ansehen
calendar-day-price-at = { $day }, ab { $price } im { $hotel }
