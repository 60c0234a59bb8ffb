# The landing page and search results.

search-title-results = Available rooms
search-our-hotels = Our hotels
search-stars = { $count ->
    [one] { $count } star
   *[other] { $count } stars
}
search-panel-label = Search for rooms
search-checkin = Check-in
search-checkout = Check-out
search-adults = Adults
search-children = Children's ages
search-children-hint = (e.g. 4,9)
search-rooms = Rooms
search-promo = Promo code
search-hotel = Hotel
search-all-hotels = All hotels
search-submit = Search
search-results-title = Your stay
search-room-sold-out = sold out
search-scarcity = Only { $count } left at this price
search-choose-room = Choose a room
search-choose-room-at = at { $hotel }
search-date-passed = That check-in date has already passed here.
search-property-unavailable = We couldn't load this hotel's availability just now. Please try again.
search-closed-to-arrival = Arrivals aren't possible on this date. Try a day earlier or later.
search-min-stay = Stays arriving on this date need at least { $count } nights.
search-no-room-fits = No room here fits your party. Try more rooms.
search-sold-out = Sold out for these dates.
search-sort = Sort by
search-sort-recommended = Recommended
search-sort-price = Lowest price
search-sort-name = Name
search-sort-invalid = Choose how to sort: recommended, lowest price or name.
search-filters = Show only
search-only-refundable = Free cancellation
search-only-breakfast = Breakfast included
search-filter-invalid = This filter is either on or off.
search-no-rate-matches = Rooms are free, but no rate here matches your filters.
search-alternatives = Free on nearby dates, for as many nights:
search-other-properties = Free at our other hotels, for the same dates:
search-room = Room { $number }
search-room-adults = Adults
search-room-children = Children's ages
search-add-room = Add a room
search-party-rooms = Who is staying
