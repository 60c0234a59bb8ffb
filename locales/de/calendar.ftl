# Der Preiskalender: ein Monat Anreisetage in einem Hotel.

calendar-title = Preise nach Anreisedatum
calendar-heading = Preise nach Anreisedatum im { $hotel }
calendar-intro = Wählen Sie einen Anreisetag und dann einen Abreisetag, um Zimmer und Tarife für diesen Aufenthalt zu sehen. Jeder Preis gilt pro Nacht: der niedrigste Gesamtpreis für den Aufenthalt mit den unten angegebenen Nächten, inklusive Steuern und Gebühren, geteilt durch seine Nächte.
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
    [one] Preis pro Nacht für einen Aufenthalt von { $count } Nacht ab jedem Anreisetag, inklusive Steuern und Gebühren. Wählen Sie einen Anreisetag.
   *[other] Preis pro Nacht für einen Aufenthalt von { $count } Nächten ab jedem Anreisetag (der niedrigste Gesamtpreis geteilt durch { $count }), inklusive Steuern und Gebühren. Wählen Sie einen Anreisetag.
}
calendar-day-price = { $day }, ab { $price } pro Nacht, { $stay }
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
calendar-intro-all = Wählen Sie einen Anreisetag und dann einen Abreisetag, um unsere Hotels für diesen Aufenthalt zu vergleichen. Jeder Preis gilt pro Nacht: der niedrigste Gesamtpreis für den Aufenthalt mit den unten angegebenen Nächten in einem unserer Hotels, inklusive Steuern und Gebühren, geteilt durch seine Nächte.
calendar-link-all = Preise nach Anreisedatum in allen unseren Hotels ansehen
calendar-day-price-at = { $day }, ab { $price } pro Nacht im { $hotel }, { $stay }

# The departure step, once an arrival is picked; and the stay a price is for.
calendar-stay-total = { $count ->
    [one] { $total } für { $count } Nacht
   *[other] { $total } für { $count } Nächte
}
calendar-pick-departure = Anreise am { $day }. Wählen Sie jetzt Ihren Abreisetag (Aufenthalte bis { $count } Nächte).
calendar-change-arrival = Andere Anreise wählen
calendar-arrival = Anreise
calendar-arrival-hint = JJJJ-MM-TT, oder wählen Sie unten einen Tag
calendar-departure-nights = { $count ->
    [one] Abreise nach { $count } Nacht
   *[other] Abreise nach { $count } Nächten
}
calendar-your-arrival = Ihre Anreise
calendar-before-arrival = vor Ihrer Anreise
calendar-too-long = länger als { $count } Nächte
calendar-night-sold-out = eine Nacht dieses Aufenthalts ist ausgebucht
calendar-mark-nights = { $count ->
    [one] { $count } Nacht
   *[other] { $count } Nächte
}
calendar-mark-arrival = Anreise
