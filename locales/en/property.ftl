# A hotel's page: its rooms and rates for the guest's dates.

property-breadcrumb = Breadcrumb
property-all-hotels = All hotels
property-checkin-checkout = Check-in from { $checkin }, check-out by { $checkout }
property-rooms-label = Rooms and rates
property-check-stay = Please check your dates and guests.
property-update = Update
property-sleeps = { $count ->
    [one] sleeps { $count }
   *[other] sleeps { $count }
}
property-units-left = { $count ->
    [one] only { $count } left
   *[other] only { $count } left
}
property-breakfast-included = Breakfast included
property-free-cancellation = Free cancellation
property-non-refundable = Non-refundable
property-member-price = Member price
property-price-details = Price details
property-night-of = Night of { $date }
property-taxes = Taxes
property-fees = Fees
property-total-for-nights = { $count ->
    [one] total for { $count } night, taxes and fees included
   *[other] total for { $count } nights, taxes and fees included
}
property-select = Select
property-promo-line = Code { $code }
property-negotiated = Negotiated rate
property-photos = Photos
property-photo-of = Photo { $n } of { $total }
