//! The confirmation e-mail against a real SMTP server (`tests/smtp_sink.py`,
//! aiosmtpd pinned in scripts/test) that requires STARTTLS (or speaks implicit
//! TLS) with a certificate from a CA this test makes: one e-mail per booking,
//! in the guest's language, with the total and a calendar file; a mail server
//! that is down delays the e-mail, never the booking; and the embedded
//! default's `.eml` files on the demo index.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::smtp::SmtpSink;
use crate::common::{Guest, Pki, RedisServer, TestApp, day, free_port, location};
use bff_tenant_booking::secret::Secret;
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bfftb-mail-{name}-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Settings that send to `smtp_url`, trusting `ca`, retrying fast.
fn smtp(url: String, ca: PathBuf) -> impl FnOnce(&mut bff_tenant_booking::config::Settings) + Send {
    move |s| {
        s.smtp_url = Some(Secret::new(url));
        s.smtp_ca_file = Some(ca);
        s.mail_from = "bookings@ghasi.example".parse().unwrap();
        s.mail_retry_base = Duration::from_millis(200);
        s.mail_poll = Duration::from_millis(100);
    }
}

/// A guest in `lang` books the Classic Double in Lisbon (two nights) over
/// JSON; the payment is approved (the gateway's webhook fires) and the guest
/// comes back. Returns the confirmation path.
async fn book(app: &TestApp, guest: &Guest, lang: &str, email: &str) -> String {
    assert_eq!(guest.get(AURORA, &format!("/?lang={lang}")).await.status(), StatusCode::OK);
    let res = guest.start_lisbon_draft(&day(20), &day(22)).await;
    let draft = location(&res);
    let tag = guest.get_json(AURORA, &draft).await.headers()["etag"].to_str().unwrap().to_owned();
    let details = json!({"first_name": "Ada", "last_name": "Lovelace", "email": email, "phone": "+351 912 345 678", "country": "PT", "accept_terms": true});
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/guest"), &tag, details).await;
    app.pay_through(guest, AURORA, &draft, &tag).await
}

fn reference_of(confirmation: &str) -> String {
    confirmation.rsplit('/').next().unwrap().to_owned()
}

/// The total on the confirmation page's JSON, formatted as the page shows it.
async fn total_display(guest: &Guest, confirmation: &str) -> String {
    let view: Value = guest.get_json(AURORA, confirmation).await.json().await.unwrap();
    view["totalDisplay"].as_str().unwrap().to_owned()
}

fn assert_calendar(message: &Value, reference: &str) {
    let attachments = message["attachments"].as_array().unwrap();
    let ics = attachments.iter().find(|a| a["type"] == "text/calendar").expect("an .ics attachment");
    assert_eq!(ics["filename"], format!("booking-{reference}.ics"));
    let text = ics["content"].as_str().unwrap();
    let unfolded = text.replace("\r\n ", "");
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR"] {
        assert!(unfolded.lines().any(|l| l.trim_end() == line), "{line} in {text}");
    }
    let date = |days: i64| day(days).replace('-', "");
    assert!(unfolded.contains(&format!("DTSTART;VALUE=DATE:{}", date(20))), "{text}");
    assert!(unfolded.contains(&format!("DTEND;VALUE=DATE:{}", date(22))), "{text}");
    assert!(unfolded.contains(&format!("UID:aurora-{reference}@bff-tenant-booking")), "{text}");
    assert!(unfolded.lines().any(|l| l.trim_end() == "SEQUENCE:0"), "the booking as booked: {text}");
    assert!(text.lines().all(|l| l.len() <= 75), "folded at 75 octets");
}

#[tokio::test]
async fn a_booking_sends_one_email_in_the_guests_language_with_the_total_and_a_calendar() {
    let pki = Pki::new("smtp-starttls");
    let sink = SmtpSink::start_on(&pki, free_port(), "starttls", &temp_dir("starttls"), &[]);
    let app = TestApp::builder().with(smtp(format!("smtp://localhost:{}", sink.port), pki.ca())).spawn().await;
    let guest = app.guest();

    let confirmation = book(&app, &guest, "fr", "ada@example.com").await;
    let reference = reference_of(&confirmation);

    let messages = sink.wait_for(1, Duration::from_secs(15)).await;
    assert_eq!(messages.len(), 1, "one e-mail");
    let m = &messages[0];
    assert_eq!(m["tls"], true, "sent after STARTTLS");
    assert_eq!(m["rcpt"], json!(["ada@example.com"]));
    assert!(m["to"].as_str().unwrap().contains("ada@example.com"), "{}", m["to"]);
    assert!(m["from"].as_str().unwrap().contains("Aurora Hotels"), "the tenant's name: {}", m["from"]);
    assert!(m["from"].as_str().unwrap().contains("bookings@ghasi.example"), "MAIL_FROM: {}", m["from"]);
    let subject = m["subject"].as_str().unwrap();
    assert!(subject.starts_with("Réservation confirmée"), "French subject: {subject}");
    assert!(subject.contains(&reference), "{subject}");
    // The page's total in French is the e-mail's (same formatting, same amount).
    guest.get(AURORA, "/?lang=fr").await;
    let total = total_display(&guest, &confirmation).await;
    for part in ["text", "html"] {
        let body = m[part].as_str().unwrap();
        assert!(body.contains(&reference), "{part} names the reference");
        assert!(body.contains(&total), "{part} shows the total {total}");
        assert!(body.contains("Rua da Ribeira Nova 12"), "{part} shows the hotel's address");
        assert!(body.contains("15:00") && body.contains("11:00"), "{part} shows check-in/out times");
        // The hotel's own texts as the French pages showed them (content_language.rs).
        assert!(body.contains("Chambre double classique"), "{part} names the room in French");
        assert!(
            body.contains(&format!("http://aurora.localhost:{}/manage?t=v1.{reference}.", app.addr.port())),
            "{part}: the signed manage link"
        );
        assert!(!body.contains("mail-"), "{part}: no raw catalog key");
    }
    assert!(m["html"].as_str().unwrap().contains("#"), "brand colours");
    assert_calendar(m, &reference);
    assert!(app.metrics().await.contains(r#"emails_sent_total{kind="confirmation",outcome="sent"} 1"#));
}

#[tokio::test]
async fn the_webhook_and_returns_settling_together_on_two_instances_send_one_email() {
    let pki = Pki::new("smtp-race");
    let sink = SmtpSink::start_on(&pki, free_port(), "starttls", &temp_dir("race"), &[]);
    let redis = RedisServer::start().await;
    let url = format!("smtp://localhost:{}", sink.port);
    let app = TestApp::builder().redis(&redis).with(smtp(url.clone(), pki.ca())).spawn().await;
    // A second instance on the same Redis and outbox: its sender competes.
    let _other = TestApp::builder().redis(&redis).with(smtp(url, pki.ca())).spawn().await;
    let guest = app.guest();

    let confirmation = book(&app, &guest, "en", "grace@example.com").await;
    // More returns race the webhook's settle.
    let draft_returns = (0..6).map(|_| guest.get(AURORA, &confirmation));
    futures::future::join_all(draft_returns).await;

    let messages = sink.wait_for(1, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let messages_later = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages_later.len(), 1, "still one e-mail: {messages_later:?}");
    assert_eq!(redis.cli(&["ZCARD", "bff-tenant-booking:{outbox}:sent"]), "1");
    assert_eq!(redis.cli(&["HLEN", "bff-tenant-booking:{outbox}:items"]), "0");
}

#[tokio::test]
async fn a_mail_server_outage_neither_fails_nor_slows_the_booking_and_the_email_follows() {
    let pki = Pki::new("smtp-outage");
    let port = free_port();
    let app = TestApp::builder().with(smtp(format!("smtp://localhost:{port}"), pki.ca())).spawn().await;
    let guest = app.guest();

    let started = Instant::now();
    let confirmation = book(&app, &guest, "de", "alan@example.com").await;
    assert!(started.elapsed() < Duration::from_secs(10), "the booking did not wait on mail");
    assert_eq!(guest.get(AURORA, &confirmation).await.status(), StatusCode::OK);
    // Let a few attempts fail.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(app.metrics().await.contains(r#"emails_sent_total{kind="confirmation",outcome="retry"}"#));

    let sink = SmtpSink::start_on(&pki, port, "starttls", &temp_dir("outage"), &[]);
    let messages = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(messages.len(), 1, "the retry delivered it");
    assert!(messages[0]["subject"].as_str().unwrap().starts_with("Buchung bestätigt"), "{}", messages[0]["subject"]);
}

#[tokio::test]
async fn smtps_with_implicit_tls_credentials_and_the_test_ca_delivers() {
    let pki = Pki::new("smtp-implicit");
    let credentials = ["--user", "mailer", "--password", "p@ss:word"];
    let sink = SmtpSink::start_on(&pki, free_port(), "tls", &temp_dir("implicit"), &credentials);
    // The password percent-encoded in the URL, as an operator writes it.
    let url = format!("smtps://mailer:p%40ss%3Aword@localhost:{}", sink.port);
    let app = TestApp::builder().with(smtp(url, pki.ca())).spawn().await;
    let guest = app.guest();

    let confirmation = book(&app, &guest, "pt", "ada@example.com").await;

    let messages = sink.wait_for(1, Duration::from_secs(15)).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["tls"], true);
    assert!(messages[0]["subject"].as_str().unwrap().starts_with("Reserva confirmada"));
    assert!(messages[0]["text"].as_str().unwrap().contains(&reference_of(&confirmation)));
}

#[tokio::test]
async fn the_embedded_default_writes_an_eml_that_the_demo_index_links() {
    let dir = temp_dir("eml");
    let mail_dir = dir.clone();
    let app = TestApp::spawn_with(move |s| {
        s.mail_dir = mail_dir;
        s.mail_poll = Duration::from_millis(100);
    })
    .await;
    let guest = app.guest();
    let confirmation = book(&app, &guest, "en", "ada@example.com").await;
    let reference = reference_of(&confirmation);

    let start = Instant::now();
    let eml = loop {
        let found = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|n| n.ends_with(".eml") && !n.starts_with('.'));
        if let Some(found) = found {
            break found;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "an .eml in MAIL_DIR");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(eml.contains(&reference), "{eml}");

    let index = guest.get("localhost", "/").await.text().await.unwrap();
    let link = format!("/demo/mail/{eml}");
    assert!(index.contains(&link), "the index links {link}");
    let res = guest.get("localhost", &link).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Subject: Booking confirmed"));
    let html = guest.get("localhost", &link.replace(".eml", ".html")).await;
    assert_eq!(html.status(), StatusCode::OK);
    assert!(crate::common::header(&html, "content-security-policy").contains("default-src 'none'"));
    let page = html.text().await.unwrap();
    assert!(page.contains(&reference));
    crate::common::assert_no_raw_keys(&page, "the e-mail's HTML part");

    for bad in ["/demo/mail/..%2F..%2Fetc%2Fpasswd", "/demo/mail/../../etc/passwd", "/demo/mail/x.eml", "/demo/mail/"] {
        assert_eq!(guest.get("localhost", bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    // Tenant hosts do not serve the files.
    assert_eq!(guest.get(AURORA, &link).await.status(), StatusCode::NOT_FOUND);
}

/// Every language renders every part of the e-mail from the catalogs (no raw
/// key), the guest's name and the hotel's name escaped in the HTML part.
#[test]
fn the_email_renders_in_all_four_languages_escaped() {
    use bff_tenant_booking::demo::seed;
    use bff_tenant_booking::domain::draft::NightPrice;
    use bff_tenant_booking::domain::money::{Currency, Money};
    use bff_tenant_booking::domain::tenant::TenantId;
    use bff_tenant_booking::i18n::Locale;
    use bff_tenant_booking::mail::{ConfirmationMail, render_confirmation};

    let tenant = bff_tenant_booking::tenancy::tenant_from_config(seed::tenant_config(
        &seed::TENANTS[0],
        bff_tenant_booking::i18n::Locale::En,
    ))
    .unwrap();
    let eur = |amount| Money::new(amount, Currency::parse("EUR").unwrap());
    let checkin = jiff::civil::date(2030, 5, 1);
    for locale in Locale::ALL {
        let mail = ConfirmationMail {
            tenant: TenantId::parse("aurora").unwrap(),
            reference: "AUR-TEST1".into(),
            locale,
            guest_name: "<b>Ada</b>\r\nBcc: evil@example.com".into(),
            email: "ada@example.com".into(),
            property_id: "aurora-lisbon".into(),
            property_name: "Aurora <script>".into(),
            room_type: "Classic Double".into(),
            rate_plan: "Flexible".into(),
            checkin,
            checkout: jiff::civil::date(2030, 5, 3),
            nights: 2,
            adults: 2,
            children: vec![5],
            rooms: 1,
            parties: Vec::new(),
            nightly: vec![NightPrice { date: checkin, amount: eur(12_000) }],
            room_total: eur(24_000),
            taxes: eur(1_440),
            fees: eur(800),
            total: eur(26_240),
            cancellation_policy: "Free cancellation until 2 days before arrival.".into(),
            refundable: true,
            terms: Some(bff_tenant_booking::domain::cancellation::CancellationTerms::Refundable {
                days_before: 2,
                hours_before: 0,
                penalty: bff_tenant_booking::domain::cancellation::Penalty::Nights { count: 1 },
            }),
            changed: false,
            sequence: 0,
            arrival_time: Some("22:00".into()),
            special_requests: Some("<img src=x onerror=alert(1)>\nA quiet room & a cot".into()),
            payment: None,
            booked_extras: Vec::new(),
            room_lines: Vec::new(),
        };
        let rendered = render_confirmation(
            &mail,
            &tenant,
            "https://book.aurora.example",
            None,
            &"bookings@ghasi.example".parse().unwrap(),
        )
        .unwrap();
        crate::common::assert_no_raw_keys(&rendered.html, &format!("{locale} HTML"));
        // The free-cancellation deadline, two days before arrival, in the hotel's time.
        let t = bff_tenant_booking::i18n::Tr::new(locale);
        let deadline = t.date(jiff::civil::date(2030, 4, 29));
        assert!(rendered.html.contains(&deadline), "{locale}: the deadline {deadline} is stated");
        assert!(!rendered.html.contains("<script>") && !rendered.html.contains("<b>Ada"), "{locale}: escaped");
        // The guest's arrival and requests, escaped in the HTML part, as written in the text part.
        assert!(rendered.html.contains("22:00"), "{locale}: the arrival time");
        assert!(!rendered.html.contains("<img"), "{locale}: requests escaped");
        assert!(rendered.html.contains("&#60;img src=x onerror=alert(1)&#62;"), "{locale}: requests shown");
        let raw = String::from_utf8(rendered.message.formatted()).unwrap();
        let headers = raw.split("\r\n\r\n").next().unwrap();
        assert!(!headers.contains("\r\nBcc:"), "{locale}: no header injected: {headers}");
        for key in bff_tenant_booking::i18n::catalog().keys(Locale::En).iter().filter(|k| k.starts_with("mail-")) {
            assert!(!rendered.html.contains(key) || *key == "mail-demo-sent", "{locale}: raw {key}");
        }
        // The e-mail of a changed booking says so, in the same language.
        let from = "bookings@ghasi.example".parse().unwrap();
        let changed = ConfirmationMail { changed: true, ..mail };
        let changed = render_confirmation(&changed, &tenant, "https://book.aurora.example", None, &from).unwrap();
        crate::common::assert_no_raw_keys(&changed.html, &format!("{locale} changed HTML"));
        let heading = |html: &str| html.split("<h1").nth(1).map(str::to_owned);
        assert_ne!(heading(&changed.html), heading(&rendered.html), "{locale}: the change has its own heading");
    }
}
