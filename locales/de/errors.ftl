# Fehlerseiten, htmx-Fehlerfragmente und problem+json: ein Titel und ein Satz
# für den Gast. Der `type` des Problems (/problems/…) ist ein fester Code und wird nie übersetzt.

error-back-to-start = Zurück zur Startseite
error-reference = Referenz:

error-not-found-title = Seite nicht gefunden
error-not-found-detail = Wir konnten nicht finden, wonach Sie gesucht haben. Die Seite wurde vielleicht verschoben, oder der Link ist unvollständig.
error-validation-title = Bitte prüfen Sie die markierten Felder
error-validation-detail = Einige Angaben müssen Sie sich noch einmal ansehen.
error-forbidden-title = Nicht erlaubt
error-forbidden-csrf = Diese Seite ist abgelaufen oder wurde anderswo geöffnet. Bitte gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
error-forbidden-cross-site = Anfragen von anderen Websites können keine Buchung ändern.
error-too-large-title = Zu groß
error-too-large-detail = Die gesendeten Daten sind zu groß.
error-unsupported-media-type-title = Nicht unterstützter Inhaltstyp
error-unsupported-media-type-detail = Senden Sie JSON mit Content-Type: application/json oder ein Formular.
error-version-required-title = Version erforderlich
error-version-required-detail = Senden Sie die Version der Buchung in If-Match (ihr ETag), damit eine Änderung aus einem anderen Tab nie überschrieben wird.
error-rate-limited-title = Zu viele Anfragen
error-rate-limited-detail = Bitte warten Sie einen Moment und versuchen Sie es erneut.
error-unavailable-title = Vorübergehend nicht verfügbar
error-unavailable-detail = Ein Teil unseres Buchungssystems ist gerade nicht erreichbar. Ihre Eingaben gehen nicht verloren; bitte versuchen Sie es gleich noch einmal.
error-busy-title = Gerade sehr viel los
error-busy-detail = Gerade buchen mehr Gäste gleichzeitig, als wir auf einmal bedienen können. Ihre Eingaben gehen nicht verloren; bitte versuchen Sie es in ein paar Sekunden erneut.
error-internal-title = Etwas ist schiefgelaufen
error-internal-detail = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut; wenn das Problem bleibt, nennen Sie uns die Referenz unten.

## Anfragen, die wir nicht lesen konnten.

error-unreadable-body-title = Unlesbarer Inhalt
error-unreadable-body-detail = Der Inhalt der Anfrage konnte nicht gelesen werden (er ist vielleicht zu groß).
error-malformed-json-title = Fehlerhaftes JSON
# $error ist die (englische) Erklärung des JSON-Parsers.
error-malformed-json-detail = Der JSON-Inhalt ist hier nicht gültig: { $error }
error-malformed-form-title = Fehlerhaftes Formular
error-malformed-form-detail = Das Formular konnte nicht gelesen werden; bitte laden Sie die Seite neu und versuchen Sie es erneut.
# $param ist der Name eines Adressparameters, z. B. checkin.
error-param-repeated-title = Widersprüchliche Parameter
error-param-repeated-detail = `{ $param }` ist mehrfach angegeben.
error-param-too-long-title = Parameter zu lang
error-param-too-long-detail = `{ $param }` ist zu lang.
error-bad-host-title = Ungültiger Host
error-bad-host-detail = Der Host-Header fehlt oder ist fehlerhaft.
error-bad-tenant-title = Ungültige Website
error-bad-tenant-detail = X-Tenant-Id ist keine Website-Kennung.
error-tenant-mismatch-title = Website passt nicht
error-tenant-mismatch-detail = X-Tenant-Id nennt eine andere Website als den Host, auf dem Sie sind.
error-stale-form-title = Veraltetes Formular
error-stale-form-detail = Dieses Formular ist nicht mehr aktuell. Bitte laden Sie die Seite neu.
error-malformed-webhook-title = Fehlerhafter Webhook
error-malformed-webhook-detail = Der Inhalt des Webhooks ist nicht gültig.

## Eine Buchung, die gerade nicht tun kann, worum gebeten wurde.

error-stale-title = Anderswo geändert
error-stale-detail = Diese Buchung wurde in einem anderen Tab geändert.
error-not-allowed-title = Gerade nicht möglich

## Ein Teil des Buchungssystems ist ausgefallen. $upstream nennt welcher:
## tenant-config, availability, pricing, reservations, payments oder iam.

error-upstream-timeout-title = Das dauert zu lange
error-upstream-timeout-detail = Wir konnten { $upstream ->
    [tenant-config] die Einstellungen dieser Website
    [availability] die Zimmerverfügbarkeit
    [pricing] die Preise
    [reservations] die Reservierungen
    [payments] den Zahlungsdienst
   *[iam] die Gästekonten
} nicht rechtzeitig laden. Ihre Eingaben gehen nicht verloren; bitte versuchen Sie es erneut.
error-upstream-not-found-title = Nicht gefunden
error-upstream-not-found-detail = { $upstream ->
    [tenant-config] In den Einstellungen dieser Website
    [availability] In der Zimmerverfügbarkeit
    [pricing] In den Preisen
    [reservations] In den Reservierungen
    [payments] Im Zahlungsdienst
   *[iam] In den Gästekonten
} konnten wir das nicht finden.
error-upstream-conflict-title = Das ist nicht mehr möglich
error-upstream-conflict-detail = Die Anfrage wurde { $upstream ->
    [tenant-config] von den Einstellungen dieser Website
    [availability] vom Verfügbarkeitsdienst
    [pricing] vom Preisdienst
    [reservations] vom Reservierungsdienst
    [payments] vom Zahlungsdienst
   *[iam] von der Gästekontoverwaltung
} abgelehnt.
error-upstream-unavailable-title = Vorübergehend nicht verfügbar
error-upstream-unavailable-detail = { $upstream ->
    [tenant-config] Die Einstellungen dieser Website sind
    [availability] Die Zimmerverfügbarkeit ist
    [pricing] Die Preise sind
    [reservations] Die Reservierungen sind
    [payments] Der Zahlungsdienst ist
   *[iam] Die Gästekonten sind
} gerade nicht erreichbar. Ihre Eingaben gehen nicht verloren; bitte versuchen Sie es gleich noch einmal.

## Fehler, die das Web-Framework selbst beantwortet: Titel nach Status …

error-status-400 = Ungültige Anfrage
error-status-404 = Nicht gefunden
error-status-405 = Methode nicht erlaubt
error-status-408 = Zeitüberschreitung
error-status-413 = Inhalt zu groß
error-status-415 = Nicht unterstützter Inhaltstyp
error-status-422 = Nicht verarbeitbare Anfrage
error-status-500 = Interner Serverfehler
error-status-client = Fehler
error-status-server = Serverfehler

## … und was sie bedeuten.

error-framework-not-found = Wir konnten nicht finden, wonach Sie gesucht haben.
error-framework-method = Diese Aktion ist auf dieser Seite nicht verfügbar.
error-framework-timeout = Die Anfrage hat zu lange gedauert.
error-framework-bad-request = Die Anfrage konnte nicht verstanden werden.
error-framework-internal = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.
