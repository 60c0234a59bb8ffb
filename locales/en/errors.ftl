# Error pages, htmx error fragments and problem+json: a title and a sentence
# for the guest. The problem `type` (/problems/…) is a stable code, never translated.

error-back-to-start = Back to the start
error-reference = Reference:

error-not-found-title = Page not found
error-not-found-detail = We couldn't find what you were looking for. It may have moved, or the link may be incomplete.
error-validation-title = Please check the highlighted fields
error-validation-detail = Some of the details need another look.
error-forbidden-title = Not allowed
error-forbidden-csrf = This page has expired or was opened elsewhere. Please go back, reload the page and try again.
error-forbidden-cross-site = Requests from other sites can't change a booking.
error-too-large-title = Too large
error-too-large-detail = What was sent is too large.
error-unsupported-media-type-title = Unsupported content type
error-unsupported-media-type-detail = Send JSON with Content-Type: application/json, or a form.
error-version-required-title = Version required
error-version-required-detail = Send the draft's version in If-Match (its ETag), so a change from another tab is never overwritten.
error-rate-limited-title = Too many requests
error-rate-limited-detail = Please wait a moment and try again.
error-unavailable-title = Temporarily unavailable
error-unavailable-detail = We can't reach part of our booking system right now. Nothing you entered is lost; please try again in a moment.
error-busy-title = Very busy right now
error-busy-detail = More guests are booking at this moment than we can serve at once. Nothing you entered is lost; please try again in a few seconds.
error-internal-title = Something went wrong
error-internal-detail = Something went wrong on our side. Please try again; if it keeps happening, quote the reference below.

## Requests we could not read.

error-unreadable-body-title = Unreadable body
error-unreadable-body-detail = The request body could not be read (it may be too large).
error-malformed-json-title = Malformed JSON
# $error is the JSON parser's own (English) explanation.
error-malformed-json-detail = The JSON body is not valid here: { $error }
error-malformed-form-title = Malformed form
error-malformed-form-detail = The form could not be read; please reload the page and try again.
# $param is a query parameter's name, e.g. checkin.
error-param-repeated-title = Conflicting parameters
error-param-repeated-detail = `{ $param }` is given more than once.
error-param-too-long-title = Parameter too long
error-param-too-long-detail = `{ $param }` is too long.
error-bad-host-title = Bad host
error-bad-host-detail = The Host header is missing or malformed.
error-bad-tenant-title = Bad tenant
error-bad-tenant-detail = X-Tenant-Id is not a tenant id.
error-tenant-mismatch-title = Tenant mismatch
error-tenant-mismatch-detail = X-Tenant-Id names a different site than the host you are on.
error-stale-form-title = Out-of-date form
error-stale-form-detail = This form is out of date. Please reload the page.
error-malformed-webhook-title = Malformed webhook
error-malformed-webhook-detail = The webhook body is not valid.

## A booking that cannot do what was asked now.

error-stale-title = Changed elsewhere
error-stale-detail = This booking changed in another tab.
error-not-allowed-title = Not possible now

## A part of the booking system failed. $upstream names which part:
## tenant-config, availability, pricing, reservations, payments or iam.

error-upstream-timeout-title = This is taking too long
error-upstream-timeout-detail = We couldn't load { $upstream ->
    [tenant-config] this site's settings
    [availability] room availability
    [pricing] prices
    [reservations] reservations
    [payments] the payment service
   *[iam] guest accounts
} in time. Nothing you entered is lost; please try again.
error-upstream-not-found-title = Not found
error-upstream-not-found-detail = We couldn't find that in { $upstream ->
    [tenant-config] this site's settings
    [availability] room availability
    [pricing] prices
    [reservations] reservations
    [payments] the payment service
   *[iam] guest accounts
}.
error-upstream-conflict-title = That is no longer possible
error-upstream-conflict-detail = The request was refused by { $upstream ->
    [tenant-config] this site's settings
    [availability] room availability
    [pricing] prices
    [reservations] reservations
    [payments] the payment service
   *[iam] guest accounts
}.
error-upstream-unavailable-title = Temporarily unavailable
error-upstream-unavailable-detail = We can't reach { $upstream ->
    [tenant-config] this site's settings
    [availability] room availability
    [pricing] prices
    [reservations] reservations
    [payments] the payment service
   *[iam] guest accounts
} right now. Nothing you entered is lost; please try again in a moment.

## Errors the web framework answers by itself: titles by status…

error-status-400 = Bad Request
error-status-404 = Not Found
error-status-405 = Method Not Allowed
error-status-408 = Request Timeout
error-status-413 = Payload Too Large
error-status-415 = Unsupported Media Type
error-status-422 = Unprocessable Entity
error-status-500 = Internal Server Error
error-status-client = Error
error-status-server = Server error

## …and what they mean.

error-framework-not-found = We couldn't find what you were looking for.
error-framework-method = That action isn't available on this page.
error-framework-timeout = The request took too long.
error-framework-bad-request = The request could not be understood.
error-framework-internal = Something went wrong on our side. Please try again.
