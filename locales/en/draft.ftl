# The booking funnel: price, guest details, hold, payment.

draft-page-title = Your booking
draft-steps-label = Booking progress
draft-step-room = Room
draft-step-details = Your details
draft-step-payment = Payment
draft-step-confirmed = Confirmed
draft-summary-label = Your stay
draft-adults = { $count ->
    [one] { $count } adult
   *[other] { $count } adults
}
draft-children = { $count ->
    [one] { $count } child
   *[other] { $count } children
}
draft-rooms = { $count ->
    [one] { $count } room
   *[other] { $count } rooms
}
draft-total = Total
draft-change-stay = Change dates or guests
draft-update-stay = Update my stay
draft-cancel = Cancel this booking

draft-choose-title = Let's get you a price
draft-choose-intro = We need a fresh price for { $room } ({ $rate }) on these dates.
draft-get-price = Get a price

draft-details-title = Who is staying?
# $time: how long, e.g. "15 minutes" (time-minutes).
draft-quote-held-for = This price is held for you for { $time }.
draft-first-name = First name
draft-last-name = Last name
draft-email = E-mail
draft-phone = Phone
draft-country = Country
draft-country-hint = (code, e.g. PT, GB, US)
draft-special-requests = Special requests
draft-optional = (optional)
draft-continue = Continue

draft-pay-title = Review and pay
draft-booking-for = Booking for
draft-hold-intro = We'll hold the room for you while you pay.
draft-hold-room = Hold my room
# $clock: minutes and seconds left, e.g. "9:41" (shown in bold).
draft-hold-countdown = Your room is held for { $clock } more minutes.
# $amount: the total, shown in bold.
draft-you-pay = You'll pay { $amount } on our payment partner's secure page, then come back here.
draft-you-pay-no-amount = You'll pay on our payment partner's secure page, then come back here.
draft-pay-securely = Pay securely

draft-pending-title = Checking your payment
draft-pending-body = We're waiting for your payment to be confirmed. This usually takes a few seconds.
draft-check-again = Check again
draft-back-to-payment = Back to the payment page

draft-failed-title = Your payment didn't go through
# $reason: the payment provider's own explanation, in English. A translation
# may leave it out and say that the payment was declined.
draft-payment-declined = { $reason }
draft-payment-did-not-go-through = The payment did not go through.
draft-payment-not-completed = The payment was not completed.
draft-not-charged = You have not been charged.
draft-try-again = Try again

draft-expired-title = Time ran out
draft-expired-body = Your price or hold expired, so the room went back on sale. Prices may have changed; let's check again.
draft-get-new-price = Get a new price

draft-confirmed-title = You're booked
# $reference: the booking reference, shown in bold.
draft-your-reference = Your reference is { $reference }.
draft-see-confirmation = See your confirmation

draft-cancelled-title = This booking was cancelled
draft-cancelled-body = Nothing was charged and the room is back on sale.
draft-new-search = Start a new search

# Notices after an action could not be done.
draft-changed-elsewhere = This booking changed in another tab. Here is where it stands now.
draft-changed-elsewhere-app = This booking changed in another tab or app. Here is where it stands now.
draft-refused-sold-out = Sorry, this room has just sold out for your dates. Try other dates or another room.
draft-refused-quote-expired = Your price has expired. Please get a new price.
draft-refused-hold-expired = Your hold on the room ran out. Please get a new price.
draft-refused-payment-mismatch = The payment does not match this booking. You have not been booked.
# $detail: the booking system's own explanation, in English. Translations say
# it in their own words instead.
draft-refused-restricted = { $detail }
draft-refused-occupancy = { $detail }
draft-refused-other = { $detail }
draft-refused-generic = That is not possible any more. Please try again.
draft-upstream-timeout = This is taking longer than it should. Nothing is lost; please try again.
draft-upstream-unavailable = We can't reach our booking system right now. Nothing is lost; please try again in a moment.

# Why a step is not possible now.
draft-error-confirmed = This booking is already confirmed.
draft-error-abandoned = This booking was cancelled. Please start a new search.
draft-error-quote-required = Please choose a room and get a price first.
draft-error-quote-expired = Your price quote has expired; please get a new quote.
draft-error-details-required = Please enter the guest details first.
draft-error-hold-required = Your room needs to be held before you pay; please continue from the guest details.
draft-error-hold-expired = Your room hold has expired; please get a new quote.
draft-error-room-held = Your room is already held; continue to payment, or change your stay to start again.
draft-error-payment-in-progress = Your payment is being processed; please wait a moment.
draft-error-no-payment = There is no payment in progress for this booking.
draft-error-stale-payment = This payment attempt is out of date; please try again.
draft-error-missing-booking-ref = We couldn't confirm this booking; please contact the hotel.
draft-error-nothing-to-expire = Nothing in this booking has expired.
draft-hold-released-after-declines = Your payment was declined { $count } times, so we have released the room you were holding and it is back on sale. You have not been charged. To book, hold the room again and pay with another card.
draft-pay-approx = The payment page charges the hotel's currency; that is about { $amount } at the rate shown.

## An approved payment that could not become a booking (the hold ran out while
## the bank was slow, and the room was gone). $amount is the money paid, e.g. €351.07.

draft-refund-pending-title = We're refunding your payment
draft-refunded-title = Your payment has been refunded
draft-refunded-room-unavailable = Your payment of { $amount } has been refunded: the room was no longer available when your bank approved it. You have not been booked.
draft-refunded-price-changed = Your payment of { $amount } has been refunded: the room's price changed before your bank approved it. You have not been booked.
draft-refunded-external = Your payment of { $amount } has been refunded. You have not been booked.
draft-refund-on-its-way = The refund is on its way to your card; you don't need to do anything.
draft-refund-statement = Refunds usually take a few business days to show on your statement.
draft-refund-next = You can search again for the same dates or for others.
draft-search-again = Search again
draft-error-refund-in-progress = Your payment is being refunded; this booking can't be changed.
draft-error-refunded = Your payment was refunded and this booking could not be made. Please start a new search.
draft-cancel-payment = Cancel this payment and go back
draft-payment-cancelled = Your payment was cancelled and you have not been charged. Your room is still held: you can pay again.
draft-payment-already-decided = Your payment had already gone through, so it could not be cancelled.
draft-payment-cancel-unknown = We couldn't confirm that your payment was cancelled. If you finish it on the payment page, it will count; please try again in a moment.
draft-change-banner = You are changing booking { $reference }. Until the change is confirmed, your booking stays as it is.
draft-change-paid = Already paid
draft-change-to-pay = To pay now
draft-change-to-refund = To be refunded
draft-change-confirm = Confirm the change
draft-change-refund-note = Nothing more to pay: { $amount } will be refunded to your card once you confirm.
draft-change-no-difference = The new stay costs the same: nothing to pay.
draft-change-page-title = Change your booking
draft-change-abandon = Keep my booking as it is
draft-change-abandoned-title = The change was dropped
draft-change-abandoned-body = Your booking { $reference } is as it was; nothing was charged or refunded.

# The guest-details step: arrival time and the hotel's terms.
draft-arrival-time = Estimated arrival time
draft-arrival-unknown = I don't know yet
# $terms and $privacy are links, with the texts of draft-terms-link and draft-privacy-link.
draft-accept-terms = I accept the hotel's { $terms } and { $privacy }.
draft-terms-link = terms
draft-privacy-link = privacy notice
# $time: e.g. 18:00
draft-arriving-around = Arriving around { $time }
draft-room-party = Room { $number }: { $party }

# Rooms: a room type and rate per room (issue 19)
draft-refused-room-sold-out = Sorry, room { $room } has just sold out for your dates, so nothing was held. Your details are kept: choose another room for it, or change your stay.
rooms-lines-label = Your rooms
property-room-step = Room { $number } of { $count }: choose its room and rate
property-room-step-party = For { $party }
property-choose-for-room = Choose for room { $number }
property-same-for-all = Book this for all { $count } rooms
property-rooms-chosen = Your rooms so far
property-change-room = Change room { $number }
extras-title = Extras
extras-intro = Add to your stay; each is priced into your total.
extras-update = Update price
extras-per-stay = per stay
extras-guests = { $count ->
    [one] { $count } guest
   *[other] { $count } guests
}
