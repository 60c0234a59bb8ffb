//! The account, handoff and error texts in every language, through the real
//! server, on both themes (aurora: harbor, kestrel: timber): the 404 page,
//! problem+json titles and details, the sign-in page and a failed sign-in, the
//! consent banner, the handoff interstitial and refused handoff links. Each page
//! says its language, shows a known translation and no raw catalog key.

use crate::common::{Guest, TestApp, day};
use bff_tenant_booking::domain::handoff::{self, HandoffClaims, HandoffKeys, HandoffSelection};
use bff_tenant_booking::i18n::{Locale, catalog};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";
const KESTREL: &str = "kestrel.localhost";
const HOSTS: [&str; 2] = [AURORA, KESTREL];

/// No English key shows up raw in a page (what a missing message renders as).
fn assert_no_raw_keys(html: &str, context: &str) {
    for key in catalog().keys(Locale::En) {
        for (before, after) in [('>', '<'), ('"', '"'), (' ', '<')] {
            let needle = format!("{before}{key}{after}");
            assert!(!html.contains(&needle), "{context}: the key `{key}` is shown raw");
        }
    }
}

/// The page as a guest reads it: the escapes askama writes for quotes undone,
/// so expected texts can be written with their apostrophes.
fn readable(html: &str) -> String {
    html.replace("&#39;", "'").replace("&#x27;", "'").replace("&#34;", "\"").replace("&quot;", "\"")
}

/// Checks a page's language, that it reads `expected` and shows no raw key.
fn assert_page(html: &str, lang: &str, expected: &[&str], context: &str) {
    assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{context}: lang={lang}");
    let text = readable(html);
    for want in expected {
        assert!(text.contains(want), "{context}: `{want}` is missing:\n{html}");
    }
    assert_no_raw_keys(html, context);
}

fn langs() -> impl Iterator<Item = &'static str> {
    Locale::ALL.into_iter().map(Locale::as_str)
}

/// What each language says, in Locale::ALL order.
fn pick<'a>(lang: &str, en: &'a str, fr: &'a str, de: &'a str, pt: &'a str) -> &'a str {
    match lang {
        "en" => en,
        "fr" => fr,
        "de" => de,
        "pt" => pt,
        other => panic!("no expectation for {other}"),
    }
}

fn tenant_name(host: &str) -> &'static str {
    if host == AURORA { "Aurora Hotels" } else { "Kestrel Lodges" }
}

fn theme(host: &str) -> &'static str {
    if host == AURORA { "theme-harbor" } else { "theme-timber" }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_404_page_is_in_the_guests_language_on_both_themes() {
    let app = TestApp::spawn().await;
    for host in HOSTS {
        for lang in langs() {
            let res = app.guest().get(host, &format!("/nowhere?lang={lang}")).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND);
            let html = res.text().await.unwrap();
            let title =
                pick(lang, "Page not found", "Page introuvable", "Seite nicht gefunden", "Página não encontrada");
            let back =
                pick(lang, "Back to the start", "Retour à l'accueil", "Zurück zur Startseite", "Voltar ao início");
            let reference = pick(lang, "Reference:", "Référence :", "Referenz:", "Referência:");
            let context = format!("{host} 404 {lang}");
            assert_page(&html, lang, &[title, back, reference, theme(host)], &context);
            assert!(html.contains(&format!("<title>{title} · {}</title>", tenant_name(host))), "{context}");
        }
    }
}

async fn problem(res: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    res.json().await.unwrap()
}

#[tokio::test]
async fn problem_json_titles_and_details_are_in_the_guests_language() {
    let app = TestApp::spawn().await;
    for host in HOSTS {
        for lang in langs() {
            // 422: a consent decision that is neither.
            let guest = app.guest();
            let res = guest
                .client
                .post(guest.url(host, "/consent"))
                .header("accept", "application/json")
                .header("accept-language", lang)
                .json(&json!({ "decision": "maybe" }))
                .send()
                .await
                .unwrap();
            let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(body["type"], "/problems/validation", "the type stays the stable code");
            let title = pick(
                lang,
                "Please check the highlighted fields",
                "Veuillez vérifier les champs signalés",
                "Bitte prüfen Sie die markierten Felder",
                "Verifique os campos assinalados",
            );
            let detail = pick(
                lang,
                "Some of the details need another look.",
                "Certaines informations sont à revoir.",
                "Einige Angaben müssen Sie sich noch einmal ansehen.",
                "Alguns dados precisam de ser revistos.",
            );
            let field = pick(
                lang,
                "Choose accept or decline.",
                "Choisissez accepter ou refuser.",
                "Wählen Sie Zustimmen oder Ablehnen.",
                "Escolha aceitar ou recusar.",
            );
            assert_eq!(body["title"], title, "{host} {lang}");
            assert_eq!(body["detail"], detail, "{host} {lang}");
            assert_eq!(body["errors"]["decision"], field, "{host} {lang}");

            // 400: a parameter given twice.
            let path = format!("/search?checkin={}&checkin={}&checkout={}", day(1), day(3), day(3));
            let res = guest
                .client
                .get(guest.url(host, &path))
                .header("accept", "application/json")
                .header("accept-language", lang)
                .send()
                .await
                .unwrap();
            let body = problem(res, StatusCode::BAD_REQUEST).await;
            assert_eq!(body["type"], "/problems/bad-request");
            let title = pick(
                lang,
                "Conflicting parameters",
                "Paramètres contradictoires",
                "Widersprüchliche Parameter",
                "Parâmetros em conflito",
            );
            let detail = pick(
                lang,
                "`checkin` is given more than once.",
                "`checkin` est indiqué plusieurs fois.",
                "`checkin` ist mehrfach angegeben.",
                "`checkin` foi indicado mais do que uma vez.",
            );
            assert_eq!(body["title"], title, "{host} {lang}");
            assert_eq!(body["detail"], detail, "{host} {lang}");
        }
    }
}

#[tokio::test]
async fn a_german_browser_gets_german_problems_and_fragments() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest
        .client
        .get(guest.url(AURORA, "/nowhere"))
        .header("accept", "application/json")
        .header("accept-language", "de-CH, en;q=0.5")
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::NOT_FOUND).await;
    assert_eq!(body["type"], "/problems/not-found");
    assert_eq!(body["title"], "Seite nicht gefunden");
    assert!(body["detail"].as_str().unwrap().starts_with("Wir konnten nicht finden"), "{body}");

    // The htmx fragment of an error too.
    let res = guest
        .client
        .get(guest.url(KESTREL, "/nowhere"))
        .header("hx-request", "true")
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<html"), "a fragment");
    assert!(html.contains("<h1>Seite nicht gefunden</h1>") && html.contains("Referenz:"), "{html}");
    assert_no_raw_keys(&html, "fragment");
}

// ---------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_sign_in_page_and_a_failed_sign_in_are_in_the_guests_language() {
    let app = TestApp::spawn_with(|s| s.rate_sign_in = (1000, 1000)).await;
    for host in HOSTS {
        for lang in langs() {
            let res = app.guest().get(host, &format!("/signin?lang={lang}")).await;
            assert_eq!(res.status(), StatusCode::OK);
            let html = res.text().await.unwrap();
            let title = pick(
                lang,
                "Member sign in",
                "Connexion membre",
                "Anmeldung für Mitglieder",
                "Início de sessão de membros",
            );
            let password = pick(lang, "Password", "Mot de passe", "Passwort", "Palavra-passe");
            let context = format!("{host} /signin {lang}");
            assert_page(&html, lang, &[title, password, theme(host)], &context);
            assert!(html.contains(&format!("<h1 id=\"signin-title\">{title}</h1>")), "{context}");

            // A wrong password, from a browser in that language.
            let guest = app.guest();
            let form = [("email", "ada@example.com"), ("password", "not-her-password"), ("return", "/")];
            let res = guest
                .client
                .post(guest.url(host, "/signin"))
                .header("accept-language", lang)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = res.text().await.unwrap();
            let summary = pick(
                lang,
                "Please check 1 field:",
                "Veuillez vérifier 1 champ :",
                "Bitte prüfen Sie 1 Feld:",
                "Verifique 1 campo:",
            );
            let mismatch = pick(
                lang,
                "That e-mail address and password don't match. Check them and try again.",
                "Cette adresse e-mail et ce mot de passe ne correspondent pas.",
                "E-Mail-Adresse und Passwort passen nicht zusammen.",
                "Esse e-mail e essa palavra-passe não correspondem.",
            );
            let context = format!("{host} failed sign-in {lang}");
            assert_page(&html, lang, &[title, summary, mismatch], &context);
            assert!(!html.contains("not-her-password"), "{context}: a password is never echoed");
        }
    }
}

#[tokio::test]
async fn a_members_banner_names_tier_and_points_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for (lang, banner) in [
        ("en", "Welcome back, Ada · <strong>Gold</strong> · 12,400 points"),
        ("fr", "Bon retour parmi nous, Ada · <strong>Or</strong> · 12\u{a0}400 points"),
        ("de", "Willkommen zurück, Ada · <strong>Gold</strong> · 12.400 Punkte"),
        ("pt", "Olá de novo, Ada · <strong>Ouro</strong> · 12\u{a0}400 pontos"),
    ] {
        let html = guest.get(AURORA, &format!("/?lang={lang}")).await.text().await.unwrap();
        let sign_out = pick(lang, "Sign out", "Se déconnecter", "Abmelden", "Terminar sessão");
        let member_prices = pick(lang, "Member prices", "Prix membres", "Mitgliederpreise", "Preços para membros");
        assert_page(&html, lang, &[sign_out, member_prices], &format!("banner {lang}"));
        let text = readable(&html).replace('\u{202f}', "\u{a0}");
        assert!(text.contains(banner), "banner {lang}: `{banner}` is missing:\n{html}");
    }
}

// ---------------------------------------------------------------------------
// Consent
// ---------------------------------------------------------------------------

/// Analytics on for every tenant, so the timber theme's banner can be seen too.
fn measuring(config: &mut Value) {
    config["analytics"] = json!({ "enabled": true, "measurementId": "G-DEMO0002" });
}

#[tokio::test]
async fn the_consent_banner_is_in_the_guests_language_on_both_themes() {
    let app = TestApp::builder()
        .tenant_config(|demo| crate::common::edited_tenant_config(demo.to_owned(), measuring))
        .spawn()
        .await;
    for host in HOSTS {
        for lang in langs() {
            let res = app.guest().get(host, &format!("/?lang={lang}")).await;
            assert_eq!(res.status(), StatusCode::OK);
            let html = res.text().await.unwrap();
            assert!(html.contains(r#"<section id="consent-banner""#), "{host} {lang}: the banner asks");
            let title = pick(
                lang,
                "Analytics cookies",
                "Cookies de mesure d'audience",
                "Statistik-Cookies",
                "Cookies de estatística",
            );
            let text = format!(
                "{} {}",
                tenant_name(host),
                pick(
                    lang,
                    "would like to measure how this booking site is used",
                    "souhaite mesurer l'utilisation de ce site de réservation",
                    "möchte messen, wie diese Buchungswebsite genutzt wird",
                    "gostaria de medir a forma como este site de reservas é utilizado",
                )
            );
            let decline = pick(lang, "Decline", "Refuser", "Ablehnen", "Recusar");
            let sign_in = pick(
                lang,
                "Member sign in",
                "Connexion membre",
                "Anmeldung für Mitglieder",
                "Início de sessão de membros",
            );
            assert_page(&html, lang, &[title, &text, decline, sign_in, theme(host)], &format!("{host} banner {lang}"));
        }
    }
}

// ---------------------------------------------------------------------------
// Handoff
// ---------------------------------------------------------------------------

fn claims(host: &str, iat: i64, exp: i64) -> HandoffClaims {
    let (tenant, property, room, rate) = if host == AURORA {
        ("aurora", "aurora-lisbon", "classic-double", "flex")
    } else {
        ("kestrel", "kestrel-skye", "snug", "saver")
    };
    HandoffClaims {
        jti: handoff::new_jti(),
        tenant: tenant.into(),
        iat,
        exp,
        selection: HandoffSelection {
            property: property.into(),
            checkin: day(2),
            checkout: day(4),
            adults: 2,
            children: vec![],
            rooms: 1,
            parties: None,
            room_type: Some(room.into()),
            rate_plan: Some(rate.into()),
            promo: None,
            currency: None,
            locale: None,
        },
        attribution: Default::default(),
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn token(claims: &HandoffClaims) -> String {
    handoff::mint(claims, handoff::DEMO_KID, &HandoffKeys::demo()).unwrap()
}

/// A token the demo key signed without `mint`'s checks (an expired one).
fn signed(claims: &HandoffClaims) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use hmac::{Hmac, KeyInit, Mac};
    let payload = serde_json::to_vec(claims).unwrap();
    let signing =
        handoff::signing_string(handoff::DEMO_KID, &claims.tenant, &claims.jti, claims.iat, claims.exp, &payload);
    let key = STANDARD.decode(handoff::DEMO_KEY_B64).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(signing.as_bytes());
    let sig = mac.finalize().into_bytes();
    format!("v1.{}.{}.{}", handoff::DEMO_KID, URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(sig))
}

/// The token with one bit of its signature flipped.
fn tampered(token: &str) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (rest, sig) = token.rsplit_once('.').unwrap();
    let mut sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
    sig[0] ^= 1;
    format!("{rest}.{}", URL_SAFE_NO_PAD.encode(sig))
}

async fn consume(guest: &Guest, host: &str, token: &str, lang: &str) -> reqwest::Response {
    guest
        .client
        .post(guest.url(host, "/handoff/consume"))
        .header("accept-language", lang)
        .form(&[("t", token)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_handoff_interstitial_is_in_the_guests_language_on_both_themes() {
    let app = TestApp::spawn().await;
    for host in HOSTS {
        for lang in langs() {
            let t = token(&claims(host, now(), now() + 600));
            let res = app.guest().get(host, &format!("/handoff?t={t}&lang={lang}")).await;
            assert_eq!(res.status(), StatusCode::OK);
            let html = res.text().await.unwrap();
            let title = pick(
                lang,
                "Continue to your booking",
                "Poursuivre votre réservation",
                "Weiter zu Ihrer Buchung",
                "Continuar para a sua reserva",
            );
            let intro = format!(
                "{} {}.",
                pick(
                    lang,
                    "We're bringing your selection over to",
                    "Nous transférons votre sélection vers",
                    "Wir übertragen Ihre Auswahl zu",
                    "Estamos a transferir a sua seleção para",
                ),
                tenant_name(host)
            );
            let button = pick(
                lang,
                "Continue to my booking",
                "Poursuivre ma réservation",
                "Weiter zu meiner Buchung",
                "Continuar para a minha reserva",
            );
            let context = format!("{host} interstitial {lang}");
            assert_page(&html, lang, &[title, &intro, button, theme(host)], &context);
            assert!(html.contains(&format!("<title>{title} · {}</title>", tenant_name(host))), "{context}");
        }
    }
}

#[tokio::test]
async fn refused_handoff_links_are_explained_in_the_guests_language_on_both_themes() {
    let app = TestApp::spawn().await;
    for host in HOSTS {
        for lang in langs() {
            // Expired: 410, and what to do.
            let expired = signed(&claims(host, now() - 1000, now() - 200));
            let res = consume(&app.guest(), host, &expired, lang).await;
            assert_eq!(res.status(), StatusCode::GONE);
            let html = res.text().await.unwrap();
            let title = pick(
                lang,
                "This link has expired",
                "Ce lien a expiré",
                "Dieser Link ist abgelaufen",
                "Esta ligação expirou",
            );
            let detail = pick(
                lang,
                "This booking link has expired. Please go back and choose your stay again.",
                "Ce lien de réservation a expiré. Veuillez revenir en arrière et choisir à nouveau votre séjour.",
                "Dieser Buchungslink ist abgelaufen. Bitte gehen Sie zurück und wählen Sie Ihren Aufenthalt erneut aus.",
                "Esta ligação de reserva expirou. Volte atrás e escolha novamente a sua estadia.",
            );
            let context = format!("{host} expired link {lang}");
            assert_page(&html, lang, &[&format!("<h1>{title}</h1>"), detail, theme(host)], &context);

            // Tampered: 403, the reason and the advice.
            let bad = tampered(&token(&claims(host, now(), now() + 600)));
            let res = consume(&app.guest(), host, &bad, lang).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN);
            let html = res.text().await.unwrap();
            let title = pick(
                lang,
                "This link could not be verified",
                "Ce lien n'a pas pu être vérifié",
                "Dieser Link konnte nicht überprüft werden",
                "Não foi possível verificar esta ligação",
            );
            let detail = pick(
                lang,
                "This booking link could not be verified. Please go back to the site you came from and choose your \
                 stay again, or search here.",
                "Ce lien de réservation n'a pas pu être vérifié. Veuillez revenir sur le site d'où vous venez et \
                 choisir à nouveau votre séjour, ou lancer une recherche ici.",
                "Dieser Buchungslink konnte nicht überprüft werden. Bitte kehren Sie zu der Website zurück, von der \
                 Sie gekommen sind, und wählen Sie Ihren Aufenthalt erneut aus, oder suchen Sie hier.",
                "Não foi possível verificar esta ligação de reserva. Volte ao site de onde veio e escolha novamente \
                 a sua estadia, ou pesquise aqui.",
            );
            let context = format!("{host} tampered link {lang}");
            assert_page(&html, lang, &[&format!("<h1>{title}</h1>"), detail, theme(host)], &context);
            for part in bad.split('.').filter(|p| p.len() > 8) {
                assert!(!html.contains(part), "{context}: the page never echoes the token");
            }
        }
    }
}

#[tokio::test]
async fn a_link_with_unusable_details_says_why_in_the_guests_language() {
    let app = TestApp::spawn().await;
    // Check-in in the past: the search form's own message, as a clause.
    let mut past = claims(AURORA, now(), now() + 600);
    past.selection.checkin = day(-3);
    past.selection.checkout = day(-1);
    for (lang, reason) in [
        ("en", "This booking link has invalid booking details: check-in can't be in the past."),
        (
            "fr",
            "Ce lien de réservation contient des informations de réservation non valables : l'arrivée ne peut pas être dans le passé.",
        ),
        (
            "de",
            "Dieser Buchungslink enthält ungültige Buchungsangaben: Die Anreise kann nicht in der Vergangenheit liegen.",
        ),
        ("pt", "Esta ligação de reserva tem dados de reserva inválidos: a entrada não pode ser no passado."),
    ] {
        let guest = app.guest();
        let res = guest
            .client
            .post(guest.url(AURORA, "/handoff/consume"))
            .header("accept", "application/json")
            .header("accept-language", lang)
            .json(&json!({ "t": token(&past) }))
            .send()
            .await
            .unwrap();
        let body = problem(res, StatusCode::BAD_REQUEST).await;
        assert_eq!(body["type"], "/problems/bad-payload");
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.starts_with(reason), "{lang}: {detail}");
        assert_no_raw_keys(detail, lang);
    }

    // A payload the domain refuses: its own clause.
    let mut backwards = claims(KESTREL, now(), now() + 600);
    backwards.selection.checkout = day(1);
    let res = consume(&app.guest(), KESTREL, &signed(&backwards), "pt").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert_page(
        &html,
        "pt",
        &["Esta ligação de reserva tem dados de reserva inválidos: a saída tem de ser depois da entrada."],
        "backwards stay",
    );
}
