# Der Rahmen jeder Seite und Wörter, die überall vorkommen.

layout-skip-link = Zum Inhalt springen
layout-reconnect = Verbinden Sie sich erneut, um fortzufahren: Der Server ist nicht erreichbar.
layout-retry = Erneut versuchen
header-nav-label = Website
header-timber-find = Lodge finden
footer-harbor = Sichere Buchung · Preise inklusive Steuern und Gebühren, bevor Sie bezahlen.
footer-timber = Direkt buchen: bester Preis, keine Buchungsgebühren.

prefs-language = Sprache
prefs-currency = Währung
prefs-currency-hotel = Währung des Hotels
prefs-apply = Übernehmen

form-check-fields = { $count ->
    [one] Bitte prüfen Sie { $count } Feld:
   *[other] Bitte prüfen Sie { $count } Felder:
}

stay-nights = { $count ->
    [one] { $count } Nacht
   *[other] { $count } Nächte
}
price-from = ab { $price }
price-from-label = ab
price-total-included = Gesamtpreis inkl. Steuern und Gebühren
price-charged-in = Abgerechnet in { $currency }: { $amount }

time-under-a-minute = weniger als eine Minute
time-minutes = { $count ->
    [one] { $count } Minute
   *[other] { $count } Minuten
}

## Payment policies: what is charged when booking and what at the hotel
pay-policy-deposit = Anzahlung { $now } jetzt, { $later } im Hotel
pay-policy-at-hotel = Jetzt nichts zu zahlen: { $later } im Hotel (Karte als Garantie hinterlegt)
pay-due-now = Jetzt belastet
pay-paid-now = Jetzt bezahlt
pay-due-at-hotel = Im Hotel zu zahlen
pay-deposit-note = { $now } werden jetzt als Anzahlung belastet; die restlichen { $later } zahlen Sie im Hotel.
pay-guarantee-note = Jetzt wird nichts belastet: { $later } zahlen Sie im Hotel. Die sichere Seite unseres Zahlungspartners hinterlegt Ihre Karte als Garantie.
pay-save-card = Karte sicher hinterlegen
pay-guarantee-released = Wir konnten das Zimmer nicht buchen. Es wurde nichts belastet, und die Garantie auf Ihrer Karte wurde aufgehoben.
pay-card-guarantee = Karte als Garantie hinterlegt
