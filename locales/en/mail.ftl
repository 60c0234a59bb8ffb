# The confirmation e-mail (HTML and plain text).

# $property: the hotel's name; $reference: the booking reference.
mail-subject = Booking confirmed: { $property } ({ $reference })
mail-heading = Thank you, { $name }. Your booking is confirmed.
mail-subject-changed = Booking changed: { $property } ({ $reference })
mail-heading-changed = { $name }, your booking has changed. Here are the new details.
mail-reference = Booking reference
mail-summary = Your stay
mail-hotel = Hotel
mail-room = Room
mail-rate = Rate
mail-checkin = Check-in
mail-checkout = Check-out
mail-checkin-from = from { $time }
mail-checkout-until = until { $time }
mail-guests = Guests
mail-price = Price, as charged
mail-night-of = Night of { $date }
mail-room-total = Rooms
mail-taxes = Taxes
mail-fees = Fees
mail-total = Total charged
mail-cancellation = Cancellation policy
mail-calendar = The attached calendar file adds your stay to your calendar.
mail-find = Find your booking
mail-find-hint = Enter your booking reference and this e-mail address.
mail-manage = Manage your booking
mail-footer = You receive this e-mail because you booked a stay with { $brand }.

# The demo index's list of e-mails written to files.
mail-demo-sent = E-mails sent (written to MAIL_DIR)

# The cancellation e-mail.
mail-cancel-subject = Booking cancelled: { $property } ({ $reference })
mail-cancel-heading = { $name }, your booking is cancelled.
mail-cancel-dates = Dates
mail-cancel-penalty = Kept under the rate's terms
mail-cancel-refund = Refunded to your card
mail-cancel-penalty-guarantee = Charged by the hotel to the card that guaranteed the booking
mail-cancel-guarantee = Card guarantee
mail-cancel-guarantee-released = Released; nothing was charged
mail-cancel-guarantee-kept = Kept for the hotel to charge what the rate's terms keep

# The guest's estimated arrival and special requests in the confirmation e-mail.
mail-arrival = Estimated arrival
mail-requests = Special requests
