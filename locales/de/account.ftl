# Mitglieder (Anmeldung, Treue-Banner), das Banner zur Einwilligung in Statistiken und die Demo-Übersicht.

account-signin-page-title = Anmeldung für Mitglieder
account-signin-title = Anmeldung für Mitglieder
account-signin-intro = Melden Sie sich an, um Ihre Punkte und Mitgliederpreise zu sehen. Sie können jederzeit auch ohne Anmeldung buchen.
account-signin-email = E-Mail
account-signin-password = Passwort
account-signin-submit = Anmelden
account-signin-unavailable = Wir können Sie gerade nicht anmelden. Sie können trotzdem als Gast suchen und buchen; bitte versuchen Sie es später erneut.
account-signin-demo-label = Demo-Konten
account-signin-demo-intro = Demo-Konten:
account-signin-link = Anmeldung für Mitglieder
account-signout = Abmelden

account-membership-label = Ihre Mitgliedschaft
account-welcome = Willkommen zurück, { $name }
account-tier-silver = Silber
account-tier-gold = Gold
account-tier-platinum = Platin
# $points ist $count, für die Anzeige formatiert (12.400).
account-points = { $count ->
    [one] { $points } Punkt
   *[other] { $points } Punkte
}
account-member-prices = Mitgliederpreise

account-consent-title = Statistik-Cookies
account-consent-text = { $site } möchte messen, wie diese Buchungswebsite genutzt wird, um sie zu verbessern. Ohne Ihre Zustimmung wird nichts gemessen; buchen können Sie in jedem Fall.
account-consent-accept = Statistiken zulassen
account-consent-decline = Ablehnen

account-demo-title = Demo-Buchungswebsites
account-demo-intro = Dieser Server läuft auf seiner eingebauten Demo-Plattform. Jede Hotelmarke hat ihre eigene Website:

# The footer link and page to change the analytics decision at any time.
account-consent-settings = Cookie-Einstellungen
account-consent-now-granted = Sie lassen Statistik-Cookies auf dieser Website zu. Sie können das jederzeit widerrufen.
account-consent-now-denied = Sie lassen keine Statistik-Cookies auf dieser Website zu; es wird nichts gemessen.
account-consent-now-undecided = Sie haben noch nicht gewählt; ohne Ihre Zustimmung wird nichts gemessen.
account-consent-not-used = { $site } verwendet keine Statistik-Cookies: Es werden nur die Cookies gesetzt, die die Website zum Funktionieren braucht.
account-consent-back = Zurück zur vorherigen Seite
