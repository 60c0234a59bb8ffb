//! The cancellation e-mail: what was cancelled, what the rate kept and what
//! is refunded, in the guest's language and the tenant's brand. Queued in the
//! outbox by `funnel::manage` once the cancellation is recorded, once per
//! booking (`{tenant}:{reference}:cancellation`).

use askama::Template;
use jiff::Timestamp;
use jiff::civil::Date;
use lettre::Address;
use lettre::message::{MultiPart, SinglePart};
use serde::{Deserialize, Serialize};

use super::render::{RenderedMail, envelope, permanent};
use super::transport::SendError;
use crate::domain::money::{Currency, Money};
use crate::domain::msg::Locale;
use crate::domain::tenant::{Tenant, TenantId};
use crate::i18n::Tr;
use crate::store::cancellations::CancellationRecord;
use crate::store::drafts::StoreError;
use crate::store::outbox::OutboxMessage;
use crate::upstream::contract::BookingDto;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancellationMail {
    pub tenant: TenantId,
    pub reference: String,
    pub locale: Locale,
    pub guest_name: String,
    pub email: String,
    pub property_name: String,
    pub checkin: Date,
    pub checkout: Date,
    pub penalty: Money,
    pub refund: Money,
    /// Paid at the hotel with a card guarantee: nothing was refunded, the
    /// card is released (or charged the penalty by the hotel).
    #[serde(default)]
    pub guarantee: bool,
}

impl CancellationMail {
    /// The e-mail of `booking`, cancelled as `record` says; `None` when the
    /// booking's dates or currency cannot be read.
    pub fn of(tenant: &Tenant, booking: &BookingDto, record: &CancellationRecord, locale: Locale) -> Option<Self> {
        let currency = Currency::parse(&booking.currency)?;
        Some(Self {
            tenant: tenant.id.clone(),
            reference: booking.reference.clone(),
            locale,
            guest_name: format!("{} {}", booking.guest.first_name, booking.guest.last_name),
            email: booking.guest.email.clone(),
            property_name: tenant
                .property(&booking.property_id)
                .map_or_else(|| booking.property_id.clone(), |p| p.name.clone()),
            checkin: booking.checkin.parse().ok()?,
            checkout: booking.checkout.parse().ok()?,
            penalty: Money::new(record.penalty, currency),
            refund: Money::new(record.refund, currency),
            guarantee: booking.guaranteed_by_card(),
        })
    }

    /// Its outbox message: one per booking.
    pub fn outbox_message(&self, now: Timestamp) -> Result<OutboxMessage, StoreError> {
        Ok(OutboxMessage {
            id: OutboxMessage::id_of(self.tenant.as_str(), &self.reference, super::KIND_CANCELLATION),
            kind: super::KIND_CANCELLATION.to_owned(),
            payload: serde_json::to_value(self).map_err(|e| StoreError::Corrupt(e.into()))?,
            attempts: 0,
            enqueued_at: now,
        })
    }
}

/// What both parts show, formatted once.
pub struct CancellationView {
    pub brand: String,
    pub primary: String,
    pub on_primary: String,
    pub heading: String,
    pub reference: String,
    pub property: String,
    pub dates: String,
    pub penalty_label: String,
    pub penalty: Option<String>,
    pub refund_label: String,
    pub refund: String,
    pub footer: String,
}

#[derive(Template)]
#[template(path = "mail/cancellation.html")]
struct HtmlMail<'a> {
    t: Tr,
    v: &'a CancellationView,
}

#[derive(Template)]
#[template(path = "mail/cancellation.txt", whitespace = "preserve")]
struct TextMail<'a> {
    t: Tr,
    v: &'a CancellationView,
}

/// The cancellation e-mail of `mail` as `tenant` sends it from `from`.
pub fn render_cancellation(
    mail: &CancellationMail,
    tenant: &Tenant,
    from: &Address,
) -> Result<RenderedMail, SendError> {
    let t = Tr::new(mail.locale);
    let v = CancellationView {
        brand: tenant.name.clone(),
        primary: tenant.tokens.primary.css(),
        on_primary: tenant.tokens.on_primary.css(),
        heading: t.with("mail-cancel-heading", "name", &mail.guest_name),
        reference: mail.reference.clone(),
        property: mail.property_name.clone(),
        dates: format!("{} → {}", t.date(mail.checkin), t.date(mail.checkout)),
        penalty_label: t
            .get(if mail.guarantee { "mail-cancel-penalty-guarantee" } else { "mail-cancel-penalty" })
            .to_owned(),
        penalty: (mail.penalty.amount > 0).then(|| t.money(&mail.penalty)),
        refund_label: t.get(if mail.guarantee { "mail-cancel-guarantee" } else { "mail-cancel-refund" }).to_owned(),
        refund: if mail.guarantee && mail.refund.amount == 0 {
            t.get(if mail.penalty.amount > 0 { "mail-cancel-guarantee-kept" } else { "mail-cancel-guarantee-released" })
                .to_owned()
        } else {
            t.money(&mail.refund)
        },
        footer: t.with("mail-footer", "brand", &tenant.name),
    };
    let html = HtmlMail { t, v: &v }.render().map_err(|e| permanent("rendering the HTML part", &e))?;
    let text = TextMail { t, v: &v }.render().map_err(|e| permanent("rendering the text part", &e))?;
    let subject = t.with2("mail-cancel-subject", "property", &mail.property_name, "reference", &mail.reference);
    let message = envelope(tenant, from, &mail.guest_name, &mail.email, &subject, &mail.reference, "cancellation")?
        .multipart(
            MultiPart::alternative().singlepart(SinglePart::plain(text)).singlepart(SinglePart::html(html.clone())),
        )
        .map_err(|e| permanent("building the message", &e))?;
    Ok(RenderedMail {
        message,
        html,
        tenant: tenant.id.to_string(),
        reference: mail.reference.clone(),
        kind: super::KIND_CANCELLATION,
    })
}
