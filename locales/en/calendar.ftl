# The price calendar: a month of arrival days at one hotel.

calendar-title = Prices by arrival date
calendar-heading = Prices by arrival date at { $hotel }
calendar-intro = Pick an arrival day to see its rooms and rates. Each price is the lowest total for the whole stay, taxes and fees included.
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
    [one] Lowest total for { $count } night from each arrival day, taxes and fees included.
   *[other] Lowest total for { $count } nights from each arrival day, taxes and fees included.
}
calendar-day-price = { $day }, from { $price }
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
calendar-intro-all = Pick an arrival day to compare our hotels for that stay. Each price is the lowest total for the whole stay at any of our hotels, taxes and fees included.
calendar-link-all = See prices by arrival date at all our hotels
calendar-day-price-at = { $day }, from { $price } at { $hotel }
