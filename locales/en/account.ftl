# Members (sign-in, the loyalty banner), the analytics consent banner and the demo index.

account-signin-page-title = Member sign in
account-signin-title = Member sign in
account-signin-intro = Sign in to see your points and member prices. You can always book without signing in.
account-signin-email = E-mail
account-signin-password = Password
account-signin-submit = Sign in
account-signin-unavailable = We can't sign you in right now. You can still search and book as a guest; please try again later.
account-signin-demo-label = Demo accounts
account-signin-demo-intro = Demo accounts:
account-signin-link = Member sign in
account-signout = Sign out

account-membership-label = Your membership
account-welcome = Welcome back, { $name }
account-tier-silver = Silver
account-tier-gold = Gold
account-tier-platinum = Platinum
# $points is $count formatted for display (12,400).
account-points = { $count ->
    [one] { $points } point
   *[other] { $points } points
}
account-member-prices = Member prices

account-consent-title = Analytics cookies
account-consent-text = { $site } would like to measure how this booking site is used, to improve it. Nothing is measured unless you accept; you can book either way.
account-consent-accept = Accept analytics
account-consent-decline = Decline

account-demo-title = Demo booking sites
account-demo-intro = This server runs on its embedded demo platform. Each hotel brand has its own site:

# The footer link and page to change the analytics decision at any time.
account-consent-settings = Cookie settings
account-consent-now-granted = You allow analytics cookies on this site. You can withdraw that at any time.
account-consent-now-denied = You don't allow analytics cookies on this site; nothing is measured.
account-consent-now-undecided = You haven't chosen yet; nothing is measured unless you accept.
account-consent-not-used = { $site } doesn't use analytics cookies: only the cookies the site needs to work are set.
account-consent-back = Back to the page you were on
