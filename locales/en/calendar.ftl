# The price calendar: a month of arrival days at one hotel.

calendar-title = Prices by arrival date
calendar-heading = Prices by arrival date at { $hotel }
calendar-intro = Pick an arrival day, then a departure day, to see the rooms and rates for that stay. Each price is per night: the lowest total for the stay of the nights below, taxes and fees included, divided by its nights.
calendar-link = See prices by arrival date
calendar-link-at = at { $hotel }
calendar-check = Check the calendar's settings
calendar-month = Month
calendar-month-hint = YYYY-MM
calendar-nights = Nights
calendar-update = Show prices
calendar-months = Months
calendar-previous = Previous month
calendar-next = Next month
calendar-prices-for = { $count ->
    [one] Price per night for a stay of { $count } night from each arrival day, taxes and fees included. Pick an arrival day.
   *[other] Price per night for a stay of { $count } nights from each arrival day (the lowest total divided by { $count }), taxes and fees included. Pick an arrival day.
}
calendar-day-price = { $day }, from { $price } a night, { $stay }
calendar-day-status = { $day }, { $status }
calendar-closed = closed to arrival
calendar-min-stay = { $count ->
    [one] minimum stay { $count } night
   *[other] minimum stay { $count } nights
}
calendar-sold-out = sold out
calendar-past = past
calendar-mark-closed = Closed
calendar-mark-min-stay = Min. { $count }
calendar-mark-sold-out = Full

# The same calendar across the tenant's hotels.
calendar-heading-all = Prices by arrival date at all our hotels
calendar-intro-all = Pick an arrival day, then a departure day, to compare our hotels for that stay. Each price is per night: the lowest total for the stay of the nights below at any of our hotels, taxes and fees included, divided by its nights.
calendar-link-all = See prices by arrival date at all our hotels
calendar-day-price-at = { $day }, from { $price } a night at { $hotel }, { $stay }

# The departure step, once an arrival is picked; and the stay a price is for.
calendar-stay-total = { $count ->
    [one] { $total } for { $count } night
   *[other] { $total } for { $count } nights
}
calendar-pick-departure = Arriving { $day }. Now pick your departure day (stays of up to { $count } nights).
calendar-change-arrival = Choose another arrival
calendar-arrival = Arrival
calendar-arrival-hint = YYYY-MM-DD, or pick a day below
calendar-departure-nights = { $count ->
    [one] departure after { $count } night
   *[other] departure after { $count } nights
}
calendar-your-arrival = your arrival
calendar-before-arrival = before your arrival
calendar-too-long = longer than { $count } nights
calendar-night-sold-out = a night of this stay is sold out
calendar-mark-nights = { $count ->
    [one] { $count } night
   *[other] { $count } nights
}
calendar-mark-arrival = Arrival
