# Messages shown next to a form field when what was entered can't be used.

field-checkin-missing = Choose a check-in date.
field-checkin-format = Enter the check-in date as YYYY-MM-DD.
field-checkout-missing = Choose a check-out date.
field-checkout-format = Enter the check-out date as YYYY-MM-DD.
field-checkin-past = Check-in can't be in the past.
field-checkin-too-far = Check-in can be at most { $days } days ahead.
field-checkout-before-checkin = Check-out must be after check-in.
field-stay-too-long = A stay can be at most { $nights } nights.
field-adults-number = Enter the number of adults.
field-rooms-number = Enter the number of rooms (1–5).
field-rooms-range = Choose between 1 and { $max } rooms.
field-adults-too-few = Each room needs at least one adult.
field-adults-too-many = At most { $max } adults per room.
field-children-too-many = At most { $max } children.
field-child-age-range = Children's ages must be between 0 and { $max }.
field-promo-format = A promo code is up to 20 letters, digits or dashes.
field-children-ages-too-many = Too many children's ages.
field-children-ages-format = List each child's age (0–17), separated by commas, e.g. 4,9.
field-children-ages-number = Enter each child's age as a number from 0 to 17, separated by commas.
field-children-ages-count = { $count ->
    [one] Enter your child's age (0–17).
   *[other] Enter { $count } ages (0–17), one for each child, separated by commas, e.g. 4,9.
}
field-email-missing = Enter your email address.
field-email-too-long = That email address is too long.
field-email-format = Enter an email address like name@example.com.
field-phone-missing = Enter a phone number so the hotel can reach you.
field-phone-format = Enter a phone number with 6 to 20 digits, like +44 20 7946 0958.
field-country-missing = Choose your country.
field-country-unknown = Choose a country from the list.
field-requests-too-long = Special requests can be at most { $max } characters (you have { $count }).
field-name-missing = { $which ->
    [first] Enter your first name.
   *[last] Enter your last name.
}
field-name-too-long = { $which ->
    [first] Your first name can be at most { $max } characters.
   *[last] Your last name can be at most { $max } characters.
}
field-name-characters = { $which ->
    [first] Your first name contains characters we can't accept.
   *[last] Your last name contains characters we can't accept.
}
field-consent-decision = Choose accept or decline.
field-signin-email = Enter the e-mail address you signed up with, like name@example.com.
field-signin-password-missing = Enter your password.
field-signin-password-too-long = That password is too long.
field-signin-mismatch = That e-mail address and password don't match. Check them and try again.
field-property-unknown = Choose one of our hotels.
field-room-missing = Choose a room and a rate.
field-room-unavailable = That room and rate are not available for these dates.
prefs-locale-unknown = Choose one of the languages offered.
prefs-currency-unknown = Choose one of the currencies offered.
field-return-url-not-allowed = This return address is not one of this site's apps.
field-month-format = Enter the month as YYYY-MM.
field-month-range = Choose a month from this one to { $months } months ahead.
field-arrival-format = Enter the arrival as YYYY-MM-DD, or pick a day on the calendar.
field-arrival-past = That arrival is in the past. Pick a day from today on.
field-arrival-range = Choose an arrival within the next { $months } months.
field-arrival-closed = The hotel takes no arrivals that day. Pick another arrival.
field-arrival-sold-out = Nothing is free from that day for your party. Pick another arrival.
field-nights-range = Choose between 1 and { $max } nights.
field-promo-unknown = The code { $code } isn't valid here; prices are shown without it.
field-promo-expired = The code { $code } has expired; prices are shown without it.
field-arrival-time-format = Choose an arrival time from the list, like 18:00.
field-terms-required = To book, accept the hotel's terms and privacy notice.
field-room-too-many-guests = At most { $max } guests per room.
field-room-adults-missing = Enter the number of adults in this room.
field-children-ages-stay = These ages are not the ages of the stay's children. Change the rooms of the stay to change them.

# Rooms: a room type and rate per room (issue 19)
field-room-n-unavailable = Room { $room }: that room and rate are not available for its guests on these dates.
field-room-picks-count = Choose one room and rate for each room.
field-extras-unknown = This extra is not available for your stay; please choose again.
field-extras-too-many = Please choose fewer extras.
