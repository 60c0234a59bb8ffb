//! The confirmation e-mail rendered in the guest's language and the tenant's
//! brand: an HTML part and a plain-text part from the same view-model (and the
//! same catalogs), the `.ics` attachment, and the headers. Askama escapes every
//! value in the HTML part; the brand's colours are validated theme tokens;
//! addresses and names go through lettre's `Mailbox`, which encodes them, so
//! nothing a guest or tenant sends can add a header.

use askama::Template;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use super::ConfirmationMail;
use super::ics::CalendarEvent;
use super::transport::SendError;
use crate::domain::tenant::Tenant;
use crate::i18n::Tr;

/// A message ready to send, with what the demo's file sink names it by.
pub struct RenderedMail {
    pub message: Message,
    /// The HTML part alone, for the demo's preview.
    pub html: String,
    pub tenant: String,
    pub reference: String,
    pub kind: &'static str,
}

pub struct PriceLine {
    pub label: String,
    pub amount: String,
}

/// Everything the two templates show, formatted once here.
pub struct MailView {
    pub t: Tr,
    pub brand: String,
    pub primary: String,
    pub on_primary: String,
    pub accent: String,
    pub background: String,
    pub surface: String,
    pub text: String,
    pub heading: String,
    pub reference: String,
    pub property: String,
    pub address: Vec<String>,
    /// The front desk, "+351… · frontdesk@…", empty when the hotel gives none.
    pub contact: String,
    pub room: String,
    pub rate: String,
    /// "Room 1: 2 adults, 1 child — River King · Flexible", one per room when
    /// the rooms differ (then `room` and `rate` are not shown).
    pub rooms: Vec<String>,
    pub checkin: String,
    pub checkout: String,
    pub nights: String,
    pub party: String,
    /// "18:00", when the guest said when they would arrive.
    pub arrival: Option<String>,
    /// The guest's special requests as they wrote them (the HTML part escapes them).
    pub requests: Option<String>,
    pub nightly: Vec<PriceLine>,
    pub extras: Vec<PriceLine>,
    pub total: String,
    /// "Paid now" and "Due at the hotel", for a deposit or a rate paid at the
    /// hotel; empty when all was paid when booking.
    pub payment: Vec<PriceLine>,
    pub cancellation: String,
    /// "Free cancellation until Sat 27 Mar 2027 15:00 (hotel time).", for a
    /// refundable rate whose deadline can be worked out.
    pub deadline: Option<String>,
    pub find_url: String,
    /// The guest's own signed link to manage the booking (`None`: the lookup
    /// page, reference and e-mail, is offered instead).
    pub manage_url: Option<String>,
    pub footer: String,
}

#[derive(Template)]
#[template(path = "mail/confirmation.html")]
struct HtmlMail<'a> {
    t: Tr,
    v: &'a MailView,
}

#[derive(Template)]
#[template(path = "mail/confirmation.txt", whitespace = "preserve")]
struct TextMail<'a> {
    t: Tr,
    v: &'a MailView,
}

/// Free text from configuration as one header-safe line.
pub(super) fn one_line(raw: &str) -> String {
    raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned()
}

/// The free-cancellation deadline of a refundable rate, in the hotel's time.
fn free_until(t: &Tr, mail: &ConfirmationMail, property: &crate::domain::tenant::Property) -> Option<String> {
    use crate::domain::cancellation::{self, CancellationTerms};
    let CancellationTerms::Refundable { days_before, hours_before, .. } = mail.terms? else { return None };
    let time = cancellation::parse_checkin_time(&property.checkin_time).ok()?;
    let d = cancellation::deadline(mail.checkin, time, &property.time_zone, days_before, hours_before).ok()?;
    let zone = property.time_zone.iana_name().unwrap_or("UTC");
    Some(t.with("manage-free-until", "when", format!("{} {}", t.date(d.date()), t.time(d.timestamp(), zone))))
}

pub fn view(mail: &ConfirmationMail, tenant: &Tenant, origin: &str, manage_url: Option<String>) -> MailView {
    let t = Tr::new(mail.locale);
    let property = tenant.property(&mail.property_id);
    let tokens = &tenant.tokens;
    let checkin = match property.map(|p| &p.checkin_time).filter(|s| !s.is_empty()) {
        Some(time) => format!("{} · {}", t.date(mail.checkin), t.with("mail-checkin-from", "time", time)),
        None => t.date(mail.checkin),
    };
    let checkout = match property.map(|p| &p.checkout_time).filter(|s| !s.is_empty()) {
        Some(time) => format!("{} · {}", t.date(mail.checkout), t.with("mail-checkout-until", "time", time)),
        None => t.date(mail.checkout),
    };
    let mut party = vec![t.count("draft-adults", mail.adults)];
    if !mail.children.is_empty() {
        party.push(t.count("draft-children", mail.children.len()));
    }
    party.push(t.count("draft-rooms", mail.rooms));
    let mut party = party.join(", ");
    // Several rooms: each room's own party after the totals.
    let rooms = crate::funnel::RoomPartyView::lines(&t, &mail.parties);
    if !rooms.is_empty() {
        party = format!("{party} ({})", rooms.join("; "));
    }
    let mut extras = vec![PriceLine { label: t.get("mail-room-total").to_owned(), amount: t.money(&mail.room_total) }];
    if mail.taxes.amount != 0 {
        extras.push(PriceLine { label: t.get("mail-taxes").to_owned(), amount: t.money(&mail.taxes) });
    }
    if mail.fees.amount != 0 {
        extras.push(PriceLine { label: t.get("mail-fees").to_owned(), amount: t.money(&mail.fees) });
    }
    // The extras booked with the room, each with its basis and its total (tax included).
    extras.extend(
        mail.booked_extras
            .iter()
            .map(|e| PriceLine { label: crate::i18n::extra_label(&t, e), amount: t.money(&e.total) }),
    );
    let find_url = format!("{origin}/confirmation");
    MailView {
        t,
        brand: tenant.name.clone(),
        primary: tokens.primary.css(),
        on_primary: tokens.on_primary.css(),
        accent: tokens.accent.css(),
        background: tokens.background.css(),
        surface: tokens.surface.css(),
        text: tokens.text.css(),
        heading: t.with(if mail.changed { "mail-heading-changed" } else { "mail-heading" }, "name", &mail.guest_name),
        reference: mail.reference.clone(),
        property: mail.property_name.clone(),
        address: property.map(|p| p.address.clone()).unwrap_or_default(),
        contact: property
            .map(|p| {
                [p.phone.as_str(), p.email.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .unwrap_or_default(),
        room: mail.room_type.clone(),
        rate: mail.rate_plan.clone(),
        rooms: mail
            .room_lines
            .iter()
            .map(|r| format!("{} — {} · {}", r.heading(&t), r.room_type, r.rate_plan))
            .collect(),
        checkin,
        checkout,
        nights: t.count("stay-nights", mail.nights),
        party,
        arrival: mail.arrival_time.clone(),
        requests: mail.special_requests.clone(),
        nightly: mail
            .nightly
            .iter()
            .map(|n| PriceLine { label: t.with("mail-night-of", "date", t.date(n.date)), amount: t.money(&n.amount) })
            .collect(),
        extras,
        total: t.money(&mail.total),
        payment: payment_lines(&t, mail),
        cancellation: if mail.cancellation_policy.is_empty() {
            tenant.policies.cancellation.clone()
        } else {
            mail.cancellation_policy.clone()
        },
        deadline: property.and_then(|p| free_until(&t, mail, p)),
        // The signed manage link replaces the lookup in both parts.
        manage_url,
        find_url,
        footer: t.with("mail-footer", "brand", &tenant.name),
    }
}

/// The confirmation e-mail of `mail` as `tenant` sends it from `from`.
/// An error that retrying cannot fix, saying what failed.
pub(super) fn permanent(what: &str, e: &dyn std::fmt::Display) -> SendError {
    SendError::Permanent(format!("{what}: {e}"))
}

/// Who a guest's e-mail is from and to, its subject and its id: the tenant's
/// name over `from`, the guest's name over their address (both on one line, so
/// nothing a guest typed can add a header), and a Message-ID of the booking and
/// the kind, the same on every retry.
pub(super) fn envelope(
    tenant: &Tenant,
    from: &Address,
    guest_name: &str,
    email: &str,
    subject: &str,
    reference: &str,
    kind: &str,
) -> Result<lettre::message::MessageBuilder, SendError> {
    let to: Address = email.parse().map_err(|e| permanent("the guest's address", &e))?;
    Ok(Message::builder()
        .from(Mailbox::new(Some(one_line(&tenant.name)), from.clone()))
        .to(Mailbox::new(Some(one_line(guest_name)), to))
        .subject(one_line(subject))
        .message_id(Some(format!("<{reference}.{}.{kind}@{}>", tenant.id, from.domain()))))
}

pub fn render_confirmation(
    mail: &ConfirmationMail,
    tenant: &Tenant,
    origin: &str,
    manage_url: Option<String>,
    from: &Address,
) -> Result<RenderedMail, SendError> {
    let v = view(mail, tenant, origin, manage_url);
    let t = v.t;
    let html = HtmlMail { t, v: &v }.render().map_err(|e| permanent("rendering the HTML part", &e))?;
    let text = TextMail { t, v: &v }.render().map_err(|e| permanent("rendering the text part", &e))?;
    let location = std::iter::once(mail.property_name.as_str())
        .chain(v.address.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n");
    let ics = CalendarEvent {
        uid: format!("{}-{}@bff-tenant-booking", tenant.id, mail.reference),
        summary: &format!("{} · {}", mail.property_name, mail.room_type),
        location: &location,
        description: &format!("{}: {}\n{}", t.get("mail-reference"), mail.reference, v.find_url),
        start: mail.checkin,
        end: mail.checkout,
        stamp: jiff::Timestamp::now(),
        sequence: mail.sequence,
    }
    .to_ics();
    let subject_key = if mail.changed { "mail-subject-changed" } else { "mail-subject" };
    let subject = t.with2(subject_key, "property", &mail.property_name, "reference", &mail.reference);
    let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
        .map_err(|e| permanent("the calendar's content type", &e))?;
    // A change's message has its own id: one per stay the booking had.
    let (kind, message_ref) = if mail.changed {
        (super::KIND_MODIFICATION, format!("{}.{}.{}", mail.reference, mail.checkin, mail.checkout))
    } else {
        (super::KIND_CONFIRMATION, mail.reference.clone())
    };
    let message = envelope(tenant, from, &mail.guest_name, &mail.email, &subject, &message_ref, kind)?
        .multipart(
            MultiPart::mixed()
                .multipart(
                    MultiPart::alternative()
                        .singlepart(SinglePart::plain(text))
                        .singlepart(SinglePart::html(html.clone())),
                )
                .singlepart(Attachment::new(format!("booking-{}.ics", mail.reference)).body(ics, calendar)),
        )
        .map_err(|e| permanent("building the message", &e))?;
    Ok(RenderedMail { message, html, tenant: tenant.id.to_string(), reference: mail.reference.clone(), kind })
}

/// What was paid when booking and what is left for the hotel, when the rate
/// is not paid in full up front.
fn payment_lines(t: &Tr, mail: &ConfirmationMail) -> Vec<PriceLine> {
    let Some(terms) = mail.payment.filter(|p| p.policy != crate::domain::payment_policy::PaymentPolicy::Full) else {
        return Vec::new();
    };
    let mut now = t.money(&terms.due_now);
    if terms.policy.is_guarantee() {
        now = format!("{now} ({})", t.get("pay-card-guarantee"));
    }
    vec![
        PriceLine { label: t.get("pay-paid-now").to_owned(), amount: now },
        PriceLine { label: t.get("pay-due-at-hotel").to_owned(), amount: t.money(&terms.due_at_hotel) },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{Currency, Money};
    use crate::domain::msg::Locale;
    use crate::domain::tenant::TenantId;

    fn mail(requests: &str) -> ConfirmationMail {
        let eur = |amount| Money::new(amount, Currency::parse("EUR").unwrap());
        ConfirmationMail {
            tenant: TenantId::parse("aurora").unwrap(),
            reference: "AUR-TEST1".into(),
            locale: Locale::En,
            guest_name: "Ada Lovelace".into(),
            email: "ada@example.com".into(),
            property_id: "aurora-lisbon".into(),
            property_name: "Aurora Lisbon".into(),
            room_type: "Classic Double".into(),
            rate_plan: "Flexible".into(),
            checkin: jiff::civil::date(2030, 5, 1),
            checkout: jiff::civil::date(2030, 5, 3),
            nights: 2,
            adults: 2,
            children: vec![],
            rooms: 1,
            parties: Vec::new(),
            nightly: vec![],
            room_total: eur(24_000),
            taxes: eur(0),
            fees: eur(0),
            total: eur(24_000),
            cancellation_policy: String::new(),
            refundable: false,
            terms: None,
            changed: false,
            sequence: 0,
            arrival_time: Some("22:00".into()),
            special_requests: Some(requests.into()),
            payment: None,
            booked_extras: Vec::new(),
            room_lines: Vec::new(),
        }
    }

    #[test]
    fn a_deposit_says_what_was_paid_and_what_is_due_at_the_hotel_in_both_parts() {
        use crate::domain::payment_policy::{PaymentPolicy, PaymentTerms};
        let tenant = crate::tenancy::tenant_from_config(crate::demo::seed::tenant_config(
            &crate::demo::seed::TENANTS[0],
            crate::domain::msg::Locale::En,
        ))
        .unwrap();
        let eur = |amount| Money::new(amount, Currency::parse("EUR").unwrap());
        let mut mail = mail("");
        mail.payment = Some(PaymentTerms::split(PaymentPolicy::percent(30).unwrap(), eur(24_000), None).unwrap());
        let v = view(&mail, &tenant, "https://book.aurora.example", None);
        let text = TextMail { t: v.t, v: &v }.render().unwrap();
        let html = HtmlMail { t: v.t, v: &v }.render().unwrap();
        assert!(text.contains("Paid now: €72.00\nDue at the hotel: €168.00"), "{text}");
        assert!(html.contains("Due at the hotel") && html.contains("€168.00"), "{html}");
        mail.payment = Some(PaymentTerms::split(PaymentPolicy::AtHotel, eur(24_000), None).unwrap());
        let v = view(&mail, &tenant, "https://book.aurora.example", None);
        let text = TextMail { t: v.t, v: &v }.render().unwrap();
        assert!(text.contains("Paid now: €0.00 (Card kept as a guarantee)\nDue at the hotel: €240.00"), "{text}");
    }

    #[test]
    fn both_parts_show_the_arrival_and_the_requests_escaped_only_in_html() {
        let tenant = crate::tenancy::tenant_from_config(crate::demo::seed::tenant_config(
            &crate::demo::seed::TENANTS[0],
            crate::domain::msg::Locale::En,
        ))
        .unwrap();
        let requests = "<img src=x onerror=alert(1)>\nA quiet room & a cot";
        let mail = mail(requests);
        let v = view(&mail, &tenant, "https://book.aurora.example", None);
        let html = HtmlMail { t: v.t, v: &v }.render().unwrap();
        let text = TextMail { t: v.t, v: &v }.render().unwrap();
        assert!(html.contains("Estimated arrival") && html.contains("22:00"), "{html}");
        assert!(!html.contains("<img") && html.contains("&#60;img src=x onerror=alert(1)&#62;"), "{html}");
        assert!(text.contains("Estimated arrival: 22:00"), "{text}");
        assert!(text.contains(&format!("Special requests:\n{requests}\n")), "{text}");
    }
}
