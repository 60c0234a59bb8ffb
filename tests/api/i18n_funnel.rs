//! The booking funnel in every language, through the real server: the property
//! page, every step of a draft, the confirmation and the lookup page render in
//! English, French, German and Portuguese on both themes, with no catalog key
//! left raw and money formatted for the guest's language at render time.

use crate::common::{Guest, TestApp, assert_no_raw_keys, day, location, version_in};
use bff_tenant_booking::domain::money::{Currency, Money};
use bff_tenant_booking::i18n::{Locale, Tr, catalog};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Site {
    host: &'static str,
    property: &'static str,
    room: &'static str,
    rate: &'static str,
    /// Days from today of the first check-in; each locale books its own nights.
    first_checkin: i64,
    nights: i64,
}

const AURORA: Site = Site {
    host: "aurora.localhost",
    property: "aurora-lisbon",
    room: "classic-double",
    rate: "flex",
    first_checkin: 2,
    nights: 2,
};
const KESTREL: Site = Site {
    host: "kestrel.localhost",
    property: "kestrel-skye",
    room: "snug",
    rate: "saver",
    first_checkin: 3,
    nights: 1,
};

const DECLINED_CARD: &str = "4000 0000 0000 0002";
const GOOD_CARD: &str = "4242 4242 4242 4242";
const CARD_DECLINED_REASON: &str = "Your card was declined.";

/// The page as a reader sees it: askama's entities decoded.
fn text(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// One guest of one site, in one language.
struct Visit<'a> {
    guest: Guest,
    site: &'a Site,
    locale: Locale,
    t: Tr,
    checkin: String,
    checkout: String,
}

impl Visit<'_> {
    fn context(&self, what: &str) -> String {
        format!("{} [{}] {what}", self.site.host, self.locale)
    }

    /// Checks a page: its language, what it must say, and no raw key.
    fn check(&self, html: &str, what: &str, says: &[&str]) {
        let context = self.context(what);
        assert!(html.contains(&format!("<html lang=\"{}\"", self.locale)), "{context}: the page's lang");
        self.check_fragment(html, what, says);
    }

    fn check_fragment(&self, html: &str, what: &str, says: &[&str]) {
        let context = self.context(what);
        let read = text(html);
        for said in says {
            assert!(read.contains(said), "{context}: should say {said:?}\n{html}");
        }
        assert_no_raw_keys(html, &context);
    }

    async fn page(&self, path: &str) -> String {
        let res = self.guest.get(self.site.host, path).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", self.context(path));
        res.text().await.unwrap()
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.guest.client.post(self.guest.url(self.site.host, path)).form(form).send().await.unwrap()
    }

    fn select_form(&self) -> Vec<(&'static str, String)> {
        vec![
            ("property", self.site.property.into()),
            ("room_type", self.site.room.into()),
            ("rate_plan", self.site.rate.into()),
            ("checkin", self.checkin.clone()),
            ("checkout", self.checkout.clone()),
            ("adults", "2".into()),
            ("children", String::new()),
            ("rooms", "1".into()),
            ("promo", String::new()),
        ]
    }

    /// Starts a draft through the rate's form; returns its path.
    async fn select(&self) -> String {
        let res =
            self.guest.client.post(self.guest.url(self.site.host, "/draft")).form(&self.select_form()).send().await;
        let res = res.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", self.context("select"));
        location(&res)
    }
}

/// The guest pays on the demo's hosted page with `card`; returns where it sends them.
async fn pay(pay_url: &str, card: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    assert_eq!(client.get(pay_url).send().await.unwrap().status(), StatusCode::OK);
    let form = [("card_number", card), ("name", "Ada Lovelace"), ("expiry", "12/30"), ("cvc", "123")];
    let res = client.post(pay_url).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
}

fn guest_form(version: &str) -> Vec<(&str, &str)> {
    vec![
        ("version", version),
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("email", "ada@example.com"),
        ("phone", "+44 20 7946 0000"),
        ("country", "GB"),
        ("accept_terms", "on"),
        ("special_requests", ""),
    ]
}

/// Through the whole funnel in one language; every page checked on the way.
async fn book_in(app: &TestApp, site: &Site, index: i64, locale: Locale) {
    let guest = app.guest();
    let checkin_day = site.first_checkin + 10 * index;
    let v = Visit {
        guest,
        site,
        locale,
        t: Tr::new(locale),
        checkin: day(checkin_day),
        checkout: day(checkin_day + site.nights),
    };
    let t = v.t;
    // The deep link sets the language, and it is remembered from then on.
    v.check(&v.page(&format!("/?lang={locale}")).await, "landing", &[]);

    let property = format!("/properties/{}?checkin={}&checkout={}&adults=2", site.property, v.checkin, v.checkout);
    let html = v.page(&property).await;
    v.check(
        &html,
        "property",
        &[
            t.get("property-select"),
            t.get("property-price-details"),
            &t.count("property-total-for-nights", site.nights),
        ],
    );
    let blank = v.page(&format!("/properties/{}", site.property)).await;
    v.check(&blank, "property without dates", &[t.get("property-update")]);

    // The price could not be had: the draft waits in its first step, saying why.
    app.fault(json!({"upstream": "pricing", "status": 503, "times": 1})).await;
    let res = v
        .guest
        .client
        .post(v.guest.url(site.host, "/draft"))
        .header("hx-request", "true")
        .form(&v.select_form())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{}", v.context("select without a price"));
    let draft = location(&res);
    let html = res.text().await.unwrap();
    v.check_fragment(&html, "choose_rate", &[t.get("draft-choose-title"), t.get("draft-upstream-unavailable")]);
    let html = v.page(&draft).await;
    v.check(&html, "choose_rate page", &[t.get("draft-get-price"), t.get("draft-step-room")]);
    let res = v.post(&format!("{draft}/quote"), &[("version", &version_in(&html))]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Guest details, first with mistakes.
    let html = v.page(&draft).await;
    v.check(
        &html,
        "guest_details",
        &[
            t.get("draft-details-title"),
            t.get("draft-first-name"),
            t.get("draft-total"),
            t.get("draft-arrival-time"),
            t.get("draft-terms-link"),
            t.get("draft-privacy-link"),
        ],
    );
    let version = version_in(&html);
    let res = v.post(&format!("{draft}/guest"), &[("version", &version), ("first_name", "Ada"), ("email", "x")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    v.check(&html, "guest_details with errors", &[&t.count("form-check-fields", 5), t.get("field-terms-required")]);
    let res = v.post(&format!("{draft}/guest"), &guest_form(&version)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Review: the hold, then a stale form from another tab.
    let html = v.page(&draft).await;
    v.check(&html, "payment", &[t.get("draft-pay-title"), t.get("draft-hold-room")]);
    let res = v.post(&format!("{draft}/cancel"), &[("version", &version)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    v.check(&res.text().await.unwrap(), "stale", &[t.get("draft-changed-elsewhere")]);
    let res = v.post(&format!("{draft}/hold"), &[("version", &version_in(&html))]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = v.page(&draft).await;
    let held = t.with("draft-hold-countdown", "clock", "");
    let held_start = held.split("  ").next().unwrap();
    v.check(&html, "held", &[held_start, t.get("draft-pay-securely")]);
    let countdown = v.guest.get_fragment(site.host, &format!("{draft}/countdown")).await.text().await.unwrap();
    v.check_fragment(&countdown, "countdown", &[held_start]);

    // A declined card, then a good one.
    let res = v.post(&format!("{draft}/payment"), &[("version", &version_in(&html))]).await;
    let pay_url = location(&res);
    let html = v.page(&draft).await;
    v.check(&html, "payment_pending", &[t.get("draft-pending-title"), t.get("draft-back-to-payment")]);
    let back = pay(&pay_url, DECLINED_CARD).await;
    v.guest.client.get(back).send().await.unwrap();
    let html = v.page(&draft).await;
    let declined = t.with("draft-payment-declined", "reason", CARD_DECLINED_REASON);
    v.check(&html, "payment_failed", &[t.get("draft-failed-title"), &declined, t.get("draft-not-charged")]);
    let res = v.post(&format!("{draft}/payment"), &[("version", &version_in(&html))]).await;
    let back = pay(&location(&res), GOOD_CARD).await;
    let res = v.guest.client.get(back).send().await.unwrap();
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/confirmation/"), "{confirmation}");

    // The confirmation: the total in this language, made now from the amount.
    let json: Value = v.guest.get_json(site.host, &confirmation).await.json().await.unwrap();
    let currency = Currency::parse(json["currency"].as_str().unwrap()).unwrap();
    let total = t.money(&Money::new(json["totalAmount"].as_i64().unwrap(), currency));
    assert_eq!(json["totalDisplay"], total.as_str(), "{}", v.context("confirmation JSON"));
    let html = v.page(&confirmation).await;
    let title = t.with("confirmation-heading", "name", "Ada Lovelace");
    v.check(&html, "confirmation", &[&title, t.get("confirmation-paid"), &total]);

    // The lookup form, and a pair that matches nothing.
    let html = v.page("/confirmation").await;
    v.check(&html, "lookup", &[t.get("confirmation-lookup-title"), t.get("confirmation-lookup-submit")]);
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = v.post("/confirmation", &[("_csrf", &csrf), ("reference", "NOPE-0000"), ("email", "a@b.co")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    v.check(&res.text().await.unwrap(), "lookup not found", &[t.get("confirmation-lookup-not-found")]);

    // Another draft, given up.
    let other = v.select().await;
    let html = v.page(&other).await;
    let res = v.post(&format!("{other}/cancel"), &[("version", &version_in(&html))]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    v.check(&v.page(&other).await, "cancelled", &[t.get("draft-cancelled-title"), t.get("draft-new-search")]);
}

#[tokio::test]
async fn the_funnel_renders_in_every_locale_on_both_themes() {
    let app = TestApp::spawn().await;
    for site in [&AURORA, &KESTREL] {
        for (index, locale) in Locale::ALL.into_iter().enumerate() {
            book_in(&app, site, index as i64, locale).await;
        }
    }
}

#[tokio::test]
async fn an_expired_hold_says_so_in_every_locale() {
    let app = TestApp::spawn().await;
    app.demo_config(json!({"holdTtlSecs": 1})).await;
    let mut visits = Vec::new();
    for (index, locale) in Locale::ALL.into_iter().enumerate() {
        let checkin_day = 4 + 10 * index as i64;
        let v = Visit {
            guest: app.guest(),
            site: &AURORA,
            locale,
            t: Tr::new(locale),
            checkin: day(checkin_day),
            checkout: day(checkin_day + 1),
        };
        v.page(&format!("/?lang={locale}")).await;
        let draft = v.select().await;
        let html = v.page(&draft).await;
        v.post(&format!("{draft}/guest"), &guest_form(&version_in(&html))).await;
        let html = v.page(&draft).await;
        let res = v.post(&format!("{draft}/hold"), &[("version", &version_in(&html))]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        visits.push((v, draft));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_300)).await;
    for (v, draft) in &visits {
        let t = v.t;
        let html = v.page(draft).await;
        v.check(&html, "expired", &[t.get("draft-expired-title"), t.get("draft-get-new-price")]);
    }
}

/// The sentences a template splits around a value (to set it in bold) keep
/// that value in every language, or the value would vanish from the page.
#[test]
fn split_sentences_keep_their_value_in_every_locale() {
    let split = [
        ("draft-hold-countdown", "clock"),
        ("draft-you-pay", "amount"),
        ("draft-your-reference", "reference"),
        ("confirmation-reference", "reference"),
    ];
    for locale in Locale::ALL {
        for (key, name) in split {
            let vars = catalog().variables(locale, key).cloned().unwrap_or_default();
            assert!(vars.contains(name), "{locale}: `{key}` must use ${name}");
        }
    }
}

/// Non-English catalogs of the funnel are translated, not copied.
#[test]
fn funnel_messages_are_translated() {
    let en = catalog().keys(Locale::En);
    for locale in [Locale::Fr, Locale::De, Locale::Pt] {
        let t = Tr::new(locale);
        let english = Tr::new(Locale::En);
        let mut same = Vec::new();
        for key in en.iter().filter(|k| {
            ["property-", "draft-", "confirmation-"].iter().any(|p| k.starts_with(p))
                && catalog().variables(Locale::En, k).is_some_and(|v| v.is_empty())
        }) {
            if t.get(key) == english.get(key) {
                same.push(*key);
            }
        }
        // Words that are the same in that language.
        same.retain(|k| !matches!(*k, "draft-total" | "draft-optional" | "confirmation-hotel" | "confirmation-dates"));
        same.retain(|k| !matches!(*k, "property-taxes" | "draft-email"));
        assert!(same.is_empty(), "{locale}: not translated: {same:?}");
    }
}
