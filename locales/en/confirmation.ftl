# The confirmation page and the form to find a booking again.

confirmation-page-title = Booking { $reference } confirmed
confirmation-heading = You're booked, { $name }
# $reference: the booking reference, shown in bold.
confirmation-reference = Your reference is { $reference }. Keep it handy; you'll need it with your e-mail address to find this page again.
confirmation-hotel = Hotel
confirmation-room = Room
confirmation-dates = Dates
confirmation-guests = Guests
confirmation-paid = Paid
confirmation-back = Back to the start

confirmation-lookup-title = Find your booking
confirmation-lookup-reference = Booking reference
confirmation-lookup-email = E-mail used for the booking
confirmation-lookup-submit = Find my booking
confirmation-lookup-not-found = We couldn't find a booking with that reference and e-mail address.
confirmation-cancelled-heading = This booking was cancelled.
confirmation-your-stay = Your stay
confirmation-address = Address
confirmation-contact = Front desk
confirmation-arrival = Arrival
# $time: e.g. 18:00
confirmation-arrival-around = around { $time }
confirmation-requests = Special requests
