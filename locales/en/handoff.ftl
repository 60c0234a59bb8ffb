# Arriving from a partner site with a booking link (GET /handoff, POST /handoff/consume).

handoff-page-title = Continue to your booking
handoff-heading = Continue to your booking
handoff-intro = You chose your stay on a partner site. We're bringing your selection over to { $site }.
handoff-continue = Continue to my booking
handoff-works-once = This link works once. If nothing happens, press the button.

## A refused link: the page's title…

handoff-refused-expired-title = This link has expired
handoff-refused-unverified-title = This link could not be verified
handoff-refused-wrong-site-title = This link is for another site
handoff-refused-not-yet-valid-title = This link is not valid yet
handoff-refused-title = This link can't be used
# …and what to do, after the reason ($reason is one of the handoff-error-* sentences).
handoff-refused-detail = { $reason } Please go back to the site you came from and choose your stay again, or search here.

handoff-already-used-title = This link has already been used
handoff-already-used-detail = This link has already been used. Each booking link works once: if you opened it before, continue in that browser, or go back to the site you came from and choose your stay again.

## Why a link was refused.

handoff-error-too-large = This booking link is too long to be valid.
handoff-error-malformed = This booking link is incomplete or damaged.
handoff-error-unsupported-version = This booking link uses a format we do not support.
handoff-error-unknown-key = This booking link was signed with a key we do not recognise.
handoff-error-bad-signature = This booking link could not be verified.
# $detail is one of the handoff-payload-* clauses, or a search field's message as a clause.
handoff-error-bad-payload = This booking link has invalid booking details: { $detail }.
handoff-error-wrong-tenant = This booking link belongs to a different hotel site.
handoff-error-not-yet-valid = This booking link is not valid yet.
handoff-error-expired = This booking link has expired. Please go back and choose your stay again.
handoff-error-lifetime-too-long = This booking link is valid for longer than we allow.

## What is wrong with a link's booking details: clauses after a colon.

handoff-payload-property = the property is invalid
handoff-payload-dates = the check-in or check-out date is invalid
handoff-payload-checkout-before-checkin = check-out must be after check-in
handoff-payload-nights = a stay must be 1 to 30 nights
handoff-payload-rooms = rooms must be 1 to 5
handoff-payload-adults-too-few = each room needs at least one adult
handoff-payload-adults-too-many = at most 9 adults per room
handoff-payload-children-too-many = at most 8 children
handoff-payload-child-age = children's ages must be 0 to 17
handoff-payload-room-type = the room type is invalid
handoff-payload-rate-plan = the rate plan is invalid
handoff-payload-promo = the promo code is invalid
handoff-payload-currency = the currency is invalid
handoff-payload-language = the language is invalid
handoff-payload-link-id = the link id is invalid
handoff-payload-site = the hotel site is invalid
handoff-payload-validity = the validity times are invalid
handoff-payload-attribution = the marketing details are invalid
handoff-payload-format = the details are not in the expected format
handoff-payload-hotel-elsewhere = the hotel is not on this site
handoff-payload-room-too-many-guests = a room can sleep at most 17 guests
handoff-payload-parties-mismatch = the rooms' parties do not add up to the adults, children and rooms
