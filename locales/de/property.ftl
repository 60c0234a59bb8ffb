# Die Seite eines Hotels: seine Zimmer und Preise für die Reisedaten des Gastes.

property-breadcrumb = Brotkrümelnavigation
property-all-hotels = Alle Hotels
property-checkin-checkout = Anreise ab { $checkin } Uhr, Abreise bis { $checkout } Uhr
property-rooms-label = Zimmer und Preise
property-check-stay = Bitte prüfen Sie Ihre Reisedaten und die Anzahl der Gäste.
property-update = Aktualisieren
property-sleeps = { $count ->
    [one] für { $count } Person
   *[other] für bis zu { $count } Personen
}
property-units-left = { $count ->
    [one] nur noch { $count } frei
   *[other] nur noch { $count } frei
}
property-breakfast-included = Frühstück inklusive
property-free-cancellation = Kostenlose Stornierung
property-non-refundable = Nicht erstattbar
property-member-price = Mitgliederpreis
property-price-details = Preisdetails
property-night-of = Nacht vom { $date }
property-taxes = Steuern
property-fees = Gebühren
property-total-for-nights = { $count ->
    [one] Gesamtpreis für { $count } Nacht inkl. Steuern und Gebühren
   *[other] Gesamtpreis für { $count } Nächte inkl. Steuern und Gebühren
}
property-select = Auswählen
property-promo-line = Code { $code }
property-negotiated = Verhandelter Tarif
property-photos = Fotos
property-photo-of = Foto { $n } von { $total }
