//! E-mail to guests after the booking is safe: what a confirmation e-mail says
//! ([`ConfirmationMail`], queued in the outbox by the settle that confirms the
//! booking), and the sender that drains the outbox in every instance — never
//! in a guest's request. A mail server that is down or slow only delays the
//! e-mail: each message is retried with exponential backoff (capped) until
//! the server takes it, and is sent at most once per booking and kind (see
//! `store::outbox` for the claim, the lease and the at-least-once edge).

mod cancellation;
mod ics;
mod render;
pub mod transport;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::domain::draft::{BookingDraft, NightPrice};
use crate::domain::money::Money;
use crate::domain::msg::Locale;
use crate::domain::tenant::TenantId;
use crate::store::drafts::StoreError;
use crate::store::outbox::{Claimed, OutboxMessage, OutboxStore};
use crate::tenancy::TenantDirectory;
use crate::upstream::RequestContext;

pub use cancellation::{CancellationMail, render_cancellation};
pub use render::{RenderedMail, render_confirmation};
pub use transport::{MailTransport, SendError};

/// The kinds of e-mail, a bounded label of `emails_sent_total`.
pub const KIND_CONFIRMATION: &str = "confirmation";
/// A guest cancelled (`funnel::manage`).
pub const KIND_CANCELLATION: &str = "cancellation";
/// A guest changed the dates or party (`funnel::change`): the new confirmation.
pub const KIND_MODIFICATION: &str = "modification";

/// Everything the confirmation e-mail says about the booking, as charged,
/// frozen when the booking was confirmed. The tenant's brand, the hotel's
/// address and times are read when it is sent (tenant configuration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationMail {
    pub tenant: TenantId,
    pub reference: String,
    /// The guest's language when they paid.
    pub locale: Locale,
    pub guest_name: String,
    pub email: String,
    pub property_id: String,
    pub property_name: String,
    pub room_type: String,
    pub rate_plan: String,
    pub checkin: Date,
    pub checkout: Date,
    pub nights: i32,
    pub adults: u8,
    pub children: Vec<u8>,
    /// Each room's party, room 1 first (absent from mails queued before rooms
    /// had parties).
    #[serde(default)]
    pub parties: Vec<crate::funnel::RoomPartyView>,
    pub rooms: u8,
    pub nightly: Vec<NightPrice>,
    pub room_total: Money,
    pub taxes: Money,
    pub fees: Money,
    pub total: Money,
    pub cancellation_policy: String,
    pub refundable: bool,
    /// The rate's cancellation terms as data: the deadline the e-mail states
    /// in the hotel's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<crate::domain::cancellation::CancellationTerms>,
    /// The booking's stay was changed: the e-mail says so ("your booking has
    /// changed") and replaces the earlier confirmation.
    #[serde(default)]
    pub changed: bool,
    /// The revision of the booking for calendars (`.ics` `SEQUENCE`): 0 as
    /// booked, then the seconds from the booking to its latest change, so
    /// every later change has a greater one and a strict calendar replaces
    /// the event it holds.
    #[serde(default)]
    pub sequence: u32,
    /// When the guest said they would arrive, `HH:MM` in the hotel's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_time: Option<String>,
    /// What the guest asked the hotel for, as they wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_requests: Option<String>,
    /// What was charged when booking and what is paid at the hotel (absent
    /// on a message queued before payment policies: all paid now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<crate::domain::payment_policy::PaymentTerms>,
    /// The extras booked with the room (absent from mails queued before extras).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub booked_extras: Vec<crate::domain::extras::ExtraLine>,
    /// Each room's type, rate and party when the rooms differ (absent from
    /// mails queued before, and when every room is `room_type` at `rate_plan`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub room_lines: Vec<crate::funnel::room_lines::RoomLineView>,
}

impl ConfirmationMail {
    /// The e-mail of a draft just booked as `reference`; `None` when the draft
    /// lacks the guest or the quote (a paid draft always has both).
    pub fn of(draft: &BookingDraft, reference: &str) -> Option<Self> {
        let (guest, quote) = (draft.guest.as_ref()?, draft.quote.as_ref()?);
        let c = &draft.selection.criteria;
        Some(Self {
            tenant: draft.tenant.clone(),
            reference: reference.to_owned(),
            locale: draft.payment.as_ref().and_then(|p| p.locale).unwrap_or_default(),
            guest_name: guest.full_name(),
            email: guest.email().as_str().to_owned(),
            property_id: draft.selection.property_id.clone(),
            property_name: draft.selection.names.property.clone(),
            room_type: draft.selection.names.room_type.clone(),
            rate_plan: draft.selection.names.rate_plan.clone(),
            checkin: c.stay.checkin(),
            checkout: c.stay.checkout(),
            nights: c.stay.nights(),
            adults: c.occupancy.adults(),
            children: c.occupancy.children().to_vec(),
            parties: crate::funnel::RoomPartyView::all(&c.occupancy),
            rooms: c.occupancy.rooms(),
            nightly: quote.nightly.clone(),
            room_total: quote.room_total,
            taxes: quote.taxes,
            fees: quote.fees,
            total: quote.total,
            cancellation_policy: quote.cancellation_policy.clone(),
            refundable: quote.refundable,
            terms: quote.terms,
            changed: draft.modifies.is_some(),
            sequence: 0,
            arrival_time: guest.arrival_time().map(|t| t.to_string()),
            special_requests: guest.special_requests().map(str::to_owned),
            payment: quote.payment.filter(|_| draft.modifies.is_none()),
            booked_extras: quote.extras.clone(),
            room_lines: if draft.selection.rooms_differ() {
                crate::funnel::room_lines::RoomLineView::of_draft(draft)
            } else {
                Vec::new()
            },
        })
    }

    /// Its outbox message: one per booking.
    pub fn outbox_message(&self, now: Timestamp) -> Result<OutboxMessage, StoreError> {
        Ok(OutboxMessage {
            id: OutboxMessage::id_of(self.tenant.as_str(), &self.reference, KIND_CONFIRMATION),
            kind: KIND_CONFIRMATION.to_owned(),
            payload: serde_json::to_value(self).map_err(|e| StoreError::Corrupt(e.into()))?,
            attempts: 0,
            enqueued_at: now,
        })
    }

    /// The outbox message of a change of the stay onto hold `hold_id`: one per change.
    pub fn change_message(&self, hold_id: &str, now: Timestamp) -> Result<OutboxMessage, StoreError> {
        let change = format!("{}:{hold_id}", self.reference);
        Ok(OutboxMessage {
            id: OutboxMessage::id_of(self.tenant.as_str(), &change, KIND_MODIFICATION),
            kind: KIND_MODIFICATION.to_owned(),
            payload: serde_json::to_value(self).map_err(|e| StoreError::Corrupt(e.into()))?,
            attempts: 0,
            enqueued_at: now,
        })
    }
}

/// How the sender paces itself.
#[derive(Debug, Clone)]
pub struct SenderSettings {
    /// How often an idle sender looks for due messages.
    pub poll: Duration,
    /// The first retry's delay; each further one doubles, up to [`Self::max_backoff`].
    pub retry_base: Duration,
    pub max_backoff: Duration,
    /// Failed attempts after which a message is given up (logged as an error).
    pub max_attempts: u32,
    /// How long a claim holds a message: well over one send's timeout.
    pub lease: Duration,
    /// `MAIL_FROM`: the address every e-mail is sent from, under the tenant's name.
    pub from: lettre::Address,
    /// Whether cookies are `Secure` (the links' scheme) and the port loopback
    /// hosts are reached on, for the "find your booking" link.
    pub secure_links: bool,
}

impl SenderSettings {
    /// The delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 1u32.checked_shl(attempts.saturating_sub(1).min(20)).unwrap_or(u32::MAX);
        self.retry_base.saturating_mul(factor).min(self.max_backoff)
    }
}

/// The outbox's sender: one per instance, any number of instances.
pub struct Sender {
    pub outbox: Arc<dyn OutboxStore>,
    pub transport: Arc<dyn MailTransport>,
    /// The sender's own tenant cache (the same upstream the site reads).
    pub directory: TenantDirectory,
    pub settings: SenderSettings,
    /// Signs the manage-my-booking link each confirmation carries.
    pub manage_keys: crate::domain::handoff::DerivedKeys,
    /// The port this instance listens on (links to loopback demo hosts).
    pub port: u16,
}

/// What one attempt came to, the `outcome` label of `emails_sent_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Sent,
    Retry,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Retry => "retry",
            Self::Failed => "failed",
        }
    }
}

/// The label of a kind the sender knows, so the metric stays bounded.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        KIND_CONFIRMATION => KIND_CONFIRMATION,
        KIND_CANCELLATION => KIND_CANCELLATION,
        KIND_MODIFICATION => KIND_MODIFICATION,
        _ => "other",
    }
}

/// Counts a confirmation that could not even be queued (the outbox store did
/// not answer); the booking goes on regardless.
pub fn count_enqueue_failure() {
    count_enqueue_failure_of(KIND_CONFIRMATION);
}

/// The same for an e-mail of `kind` (one of the `KIND_*` constants).
pub fn count_enqueue_failure_of(kind: &'static str) {
    metrics::counter!("emails_sent_total", "kind" => kind_label(kind), "outcome" => "enqueue_failed").increment(1);
}

impl Sender {
    /// Runs the sender for the life of the process: every `poll`, it sends
    /// whatever is due, one message after another, until none is.
    pub fn spawn(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(self.settings.poll).await;
                loop {
                    match self.send_next().await {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => {
                            tracing::warn!(error = %crate::telemetry::chain(&e), "the outbox did not answer");
                            break;
                        }
                    }
                }
            }
        })
    }

    /// Claims and sends the next due message; `false` when none was due.
    pub async fn send_next(&self) -> Result<bool, StoreError> {
        let now = Timestamp::now();
        let lease_until = now + self.settings.lease;
        let Some(claim) = self.outbox.claim(now, lease_until).await? else { return Ok(false) };
        let kind = kind_label(&claim.message.kind);
        let outcome = self.attempt(&claim).await;
        let outcome = match outcome {
            Ok(()) => {
                // Recorded before anything else: from here on it is never claimed again.
                self.outbox.mark_sent(&claim.message.id, Timestamp::now()).await?;
                Outcome::Sent
            }
            Err(e) => self.after_failure(claim, e).await?,
        };
        metrics::counter!("emails_sent_total", "kind" => kind, "outcome" => outcome.as_str()).increment(1);
        Ok(true)
    }

    async fn attempt(&self, claim: &Claimed) -> Result<(), SendError> {
        let payload = claim.message.payload.clone();
        let unreadable = |e: serde_json::Error| SendError::Permanent(e.to_string());
        let ctx = RequestContext::background();
        // The tenant's texts in the e-mail's language, as its pages showed them.
        let tenant_of = |id: TenantId, locale: Locale| {
            let ctx = ctx.clone();
            async move {
                let tenant = self
                    .directory
                    .by_id(&ctx, &id)
                    .await
                    .map_err(|e| SendError::Temporary(format!("tenant configuration: {e}")))?;
                Ok::<_, SendError>(self.directory.in_language(&ctx, tenant, locale).await)
            }
        };
        let rendered = if claim.message.kind == KIND_CANCELLATION {
            let mail: CancellationMail = serde_json::from_value(payload).map_err(unreadable)?;
            let tenant = tenant_of(mail.tenant.clone(), mail.locale).await?;
            render_cancellation(&mail, &tenant, &self.settings.from)?
        } else {
            let mail: ConfirmationMail = serde_json::from_value(payload).map_err(unreadable)?;
            let tenant = tenant_of(mail.tenant.clone(), mail.locale).await?;
            let origin = crate::tenancy::public_origin(&tenant, None, self.settings.secure_links, self.port);
            let exp = crate::domain::manage_link::expiry_for(mail.checkout);
            let manage_url =
                crate::domain::manage_link::sign(&self.manage_keys, tenant.id.as_str(), &mail.reference, exp)
                    .map(|token| format!("{origin}/manage?t={token}"));
            render_confirmation(&mail, &tenant, &origin, manage_url, &self.settings.from)?
        };
        self.transport.send(&rendered).await
    }

    async fn after_failure(&self, mut claim: Claimed, error: SendError) -> Result<Outcome, StoreError> {
        claim.message.attempts += 1;
        let attempts = claim.message.attempts;
        let permanent = matches!(error, SendError::Permanent(_));
        if permanent || attempts >= self.settings.max_attempts {
            // No PII: the message id names the tenant and the booking reference.
            tracing::error!(message = %claim.message.id, attempts, error = %error, "giving up an e-mail");
            self.outbox.drop_message(&claim).await?;
            return Ok(Outcome::Failed);
        }
        let delay = self.settings.backoff(attempts);
        tracing::warn!(message = %claim.message.id, attempts, retry_in_ms = delay.as_millis() as u64, error = %error, "e-mail not sent; will retry");
        self.outbox.retry(&claim, Timestamp::now() + delay).await?;
        Ok(Outcome::Retry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let settings = SenderSettings {
            poll: Duration::from_secs(1),
            retry_base: Duration::from_secs(5),
            max_backoff: Duration::from_secs(60),
            max_attempts: 10,
            lease: Duration::from_secs(60),
            from: "bookings@example.com".parse().unwrap(),
            secure_links: true,
        };
        let delays: Vec<u64> = (1..=6).map(|n| settings.backoff(n).as_secs()).collect();
        assert_eq!(delays, [5, 10, 20, 40, 60, 60]);
        assert_eq!(settings.backoff(500).as_secs(), 60);
    }
}
