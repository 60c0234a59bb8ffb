# The layout around every page, and words used everywhere.

layout-skip-link = Skip to content
layout-reconnect = Reconnect to continue: we can't reach the server.
layout-retry = Retry
header-nav-label = Site
header-timber-find = Find a lodge
footer-harbor = Secure booking · Prices include taxes and fees before you pay.
footer-timber = Book direct: best rate, no booking fees.

prefs-language = Language
prefs-currency = Currency
prefs-currency-hotel = Hotel's currency
prefs-apply = Apply

form-check-fields = { $count ->
    [one] Please check { $count } field:
   *[other] Please check { $count } fields:
}

stay-nights = { $count ->
    [one] { $count } night
   *[other] { $count } nights
}
price-from = from { $price }
price-from-label = from
price-total-included = total, taxes and fees included
price-charged-in = Charged in { $currency }: { $amount }

time-under-a-minute = less than a minute
time-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## Payment policies: what is charged when booking and what at the hotel
pay-policy-deposit = Deposit { $now } now, { $later } at the hotel
pay-policy-at-hotel = Nothing to pay now: { $later } at the hotel (card kept as a guarantee)
pay-due-now = Charged now
pay-paid-now = Paid now
pay-due-at-hotel = Due at the hotel
pay-deposit-note = { $now } is charged now as a deposit; the remaining { $later } is paid at the hotel.
pay-guarantee-note = Nothing is charged now: { $later } is paid at the hotel. Our payment partner's secure page keeps your card as a guarantee.
pay-save-card = Save card securely
pay-guarantee-released = We could not book the room. Nothing was charged, and the guarantee on your card has been released.
pay-card-guarantee = Card kept as a guarantee
