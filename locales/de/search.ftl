# Die Startseite und die Suchergebnisse.

search-title-results = Verfügbare Zimmer
search-our-hotels = Unsere Hotels
search-stars = { $count ->
    [one] { $count } Stern
   *[other] { $count } Sterne
}
search-panel-label = Zimmer suchen
search-checkin = Anreise
search-checkout = Abreise
search-adults = Erwachsene
search-children = Alter der Kinder
search-children-hint = (z. B. 4,9)
search-rooms = Zimmer
search-promo = Aktionscode
search-hotel = Hotel
search-all-hotels = Alle Hotels
search-submit = Suchen
search-results-title = Ihr Aufenthalt
search-room-sold-out = ausgebucht
search-scarcity = Nur noch { $count } zu diesem Preis
search-choose-room = Zimmer wählen
search-choose-room-at = im { $hotel }
search-date-passed = Dieses Anreisedatum ist hier bereits vorbei.
search-property-unavailable = Die Verfügbarkeit dieses Hotels konnte gerade nicht geladen werden. Bitte versuchen Sie es erneut.
search-closed-to-arrival = An diesem Datum ist keine Anreise möglich. Versuchen Sie einen Tag früher oder später.
search-min-stay = Aufenthalte mit Anreise an diesem Datum dauern mindestens { $count } Nächte.
search-no-room-fits = Kein Zimmer hier passt zu Ihrer Gruppe. Versuchen Sie es mit mehr Zimmern.
search-sold-out = An diesen Daten ausgebucht.
search-sort = Sortieren nach
search-sort-recommended = Empfohlen
search-sort-price = Niedrigster Preis
search-sort-name = Name
search-sort-invalid = Wählen Sie eine Sortierung: empfohlen, niedrigster Preis oder Name.
search-filters = Nur anzeigen
search-only-refundable = Kostenlose Stornierung
search-only-breakfast = Frühstück inklusive
search-filter-invalid = Dieser Filter ist entweder an oder aus.
search-no-rate-matches = Es sind Zimmer frei, aber kein Tarif hier passt zu Ihren Filtern.
search-alternatives = Frei an nahen Terminen, für gleich viele Nächte:
search-other-properties = Frei in unseren anderen Hotels, zu denselben Daten:
search-room = Zimmer { $number }
search-room-adults = Erwachsene
search-room-children = Alter der Kinder
search-add-room = Zimmer hinzufügen
search-party-rooms = Wer reist
