# Manage my booking: the page reached from the e-mail's link or the lookup.

manage-page-title = Manage booking { $reference }
manage-heading = Your booking, { $name }
manage-reference = Booking reference
manage-hotel = Hotel
manage-room = Room
manage-dates = Dates
manage-paid = Paid
manage-status = Status
manage-status-confirmed = Confirmed
manage-status-cancelled = Cancelled
# $when: a date and time where the hotel is.
manage-free-until = Free cancellation until { $when } (hotel time).
manage-cancel-free = If you cancel now, everything is refunded: { $refund }.
manage-cancel-penalty = Free cancellation ended on { $when } (hotel time). If you cancel now, { $penalty } is kept and { $refund } is refunded.
manage-non-refundable = This rate is non-refundable: if you cancel, nothing is refunded.
manage-not-cancellable = This booking cannot be cancelled online. Please contact the hotel.
manage-cancel-submit = Cancel this booking
manage-cancel-hint = Cancelling cannot be undone.
manage-cancelled = This booking is cancelled.
manage-cancelled-refund = Refunded to your card: { $refund }.
manage-cancelled-refund-pending = A refund of { $refund } is on its way to your card.
manage-cancelled-penalty = Kept under the rate's terms: { $penalty }.
manage-changed-title = The amount changed
manage-changed-detail = The cancellation terms give another amount now. Please check it again before you cancel.
manage-not-cancellable-title = Not cancellable online
manage-link-expired-title = This link has expired
manage-link-expired-detail = Find your booking with its reference and the e-mail address you booked with.
manage-footer-link = Manage my booking
manage-open = Manage or cancel this booking
manage-change-heading = Change dates or guests
manage-change-hint = Same room and rate. You see the new price and the difference before anything changes.
manage-change-submit = See the new price
manage-not-changeable-title = This booking cannot be changed online
manage-not-changeable = This booking can no longer be changed online; please contact the hotel.
