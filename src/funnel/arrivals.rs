//! The handoff arrival protocol (DESIGN §5), written against its ports: the
//! single-use ledger, availability and the funnel. A verified link is claimed
//! once; the claimant prepares the arrival (a quoted draft when the link names a
//! room and rate that are on offer, else the property page with the stay) and
//! records where the guest goes; the same guest posting again gets the same
//! destination, and a claim whose first attempt failed is finished by its own
//! guest only. The protocol's storage side (claim, complete, release, and how
//! an unknown claim outcome is read back) is in [`crate::store::ledger`]; the
//! HTTP edge (`http/handoff.rs`) verifies the token, keeps the claim nonce in a
//! cookie and writes the session.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;

use super::selection::{self, SelectionError};
use super::{Actor, Funnel, FunnelError};
use crate::domain::draft::{BookingDraft, DisplayRate};
use crate::domain::guest_key::GuestKey;
use crate::domain::loyalty::RateAccess;
use crate::domain::search::SearchCriteria;
use crate::domain::tenant::{Property, TenantId};
use crate::store::drafts::StoreError;
use crate::store::ledger::{self, Claim, HandoffArrival, HandoffLedger, KEEP_PAST_EXP_SECS};
use crate::upstream::availability::AvailabilityApi;
use crate::upstream::{RequestContext, UpstreamError};

/// How often a re-post re-reads a pending arrival.
const POLL: Duration = Duration::from_millis(100);

pub struct Arrivals {
    pub ledger: Arc<dyn HandoffLedger>,
    pub availability: Arc<dyn AvailabilityApi>,
    pub funnel: Arc<Funnel>,
    /// How long a re-post waits for the first attempt to record a destination
    /// before its own guest may finish the arrival.
    pub grace: Duration,
}

/// What a verified link asks for, already checked against this site.
pub struct Plan<'a> {
    pub property: &'a Property,
    pub criteria: SearchCriteria,
    /// The room type and rate plan, when the link names both.
    pub room: Option<(&'a str, &'a str)>,
    /// The display-currency rate a new draft freezes.
    pub display_rate: Option<DisplayRate>,
}

impl Plan<'_> {
    /// The property page for the stay: every room and rate, ready to select.
    pub fn property_page(&self) -> String {
        format!("/properties/{}?{}", self.property.id, self.criteria.query())
    }
}

/// The link being consumed: its tenant, id and expiry.
pub struct Link<'a> {
    pub tenant: &'a TenantId,
    pub jti: &'a str,
    pub exp: i64,
}

/// Who arrives: the session's guest key, or a fresh one when the browser has no
/// session (`stored` false).
pub struct Arriver {
    pub guest: GuestKey,
    pub stored: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// This request consumed the link.
    Consumed,
    /// The same guest again: the recorded destination.
    Replayed,
    /// The same guest finishing an arrival whose first attempt failed.
    Recovered,
}

impl Outcome {
    /// The `outcome` label of `handoff_outcomes_total`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consumed => "consumed",
            Self::Replayed => "replayed",
            Self::Recovered => "recovered",
        }
    }
}

/// A consume that went through.
pub struct Arrival {
    pub outcome: Outcome,
    /// The guest the arrival belongs to (a browser without a session that proved
    /// an earlier claim its own becomes that claim's guest).
    pub guest: GuestKey,
    pub record: HandoffArrival,
    /// The draft, when this request started it.
    pub draft: Option<BookingDraft>,
    /// The draft started but could not be priced yet.
    pub quote_error: Option<UpstreamError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ArrivalError {
    /// Another guest consumed the link.
    #[error("the link was already used")]
    AlreadyUsed,
    /// The ledger is unavailable: nothing was consumed, or only for this
    /// browser's retry to finish.
    #[error("handoff ledger: {0}")]
    Ledger(#[source] StoreError),
    #[error(transparent)]
    Funnel(#[from] FunnelError),
}

/// An attempt's result, and the claim nonce the browser must keep when it has no
/// session and its claim won or may have won (the record keeps only its hash).
pub struct Attempt {
    pub result: Result<Arrival, ArrivalError>,
    pub keep_nonce: Option<String>,
}

impl Arrivals {
    /// Claims `link` for `arriver` and prepares the arrival, or follows the claim
    /// already there. `proves` says whether this browser's kept nonces prove a
    /// record its own.
    pub async fn arrive(
        &self,
        ctx: &RequestContext,
        link: &Link<'_>,
        arriver: Arriver,
        plan: &Plan<'_>,
        now: Timestamp,
        proves: impl Fn(&HandoffArrival) -> bool,
    ) -> Attempt {
        let nonce = ledger::new_nonce();
        let Arriver { mut guest, stored } = arriver;
        let claim = HandoffArrival::claim(
            link.tenant.as_str(),
            link.jti,
            guest.as_str(),
            now.as_second(),
            &ledger::claimant(&nonce),
        );
        let keep_until = link.exp.saturating_add(KEEP_PAST_EXP_SECS);
        let claimed = self.ledger.claim(&claim, keep_until).await;
        // The record names (or, unknown, may name) this fresh guest key, which no
        // session holds until this request succeeds: the browser keeps the nonce
        // to prove the claim on a retry. A definite loser gets nothing.
        let keep_nonce = (!stored && !matches!(claimed, Ok(Claim::Taken(_)))).then_some(nonce);
        let result = async {
            let prepared = match claimed.map_err(ArrivalError::Ledger)? {
                Claim::Won => (Outcome::Consumed, self.prepare_or_release(ctx, link, &guest, claim, plan).await?),
                Claim::Taken(Some(existing)) if existing.guest == guest.as_str() => {
                    match self.await_destination(existing).await? {
                        Ok(done) => (Outcome::Replayed, (done, None, None)),
                        Err(pending) => {
                            (Outcome::Recovered, self.prepare_or_release(ctx, link, &guest, pending, plan).await?)
                        }
                    }
                }
                // A browser without a session proving with its cookie that an
                // earlier attempt of its own claimed the link: it becomes that
                // attempt's guest. That attempt has answered (the nonce came with
                // its answer), so a pending record is prepared by nobody: finish it.
                Claim::Taken(Some(existing)) if !stored && proves(&existing) => {
                    guest = GuestKey::new(existing.guest.clone());
                    if existing.destination.is_some() {
                        (Outcome::Replayed, (existing, None, None))
                    } else {
                        (Outcome::Recovered, self.prepare_or_release(ctx, link, &guest, existing, plan).await?)
                    }
                }
                Claim::Taken(_) => return Err(ArrivalError::AlreadyUsed),
            };
            let (outcome, (record, draft, quote_error)) = prepared;
            Ok(Arrival { outcome, guest: guest.clone(), record, draft, quote_error })
        }
        .await;
        Attempt { result, keep_nonce }
    }

    /// [`prepare`](Self::prepare), giving the link back when it fails: the guest
    /// got nothing, and a browser without a session could not prove on its retry
    /// that the claim was its own (a 5xx response saves no session). The release
    /// is a compare-and-delete of the exact pending record: a record completed
    /// meanwhile (a save that timed out after landing) is never released.
    async fn prepare_or_release(
        &self,
        ctx: &RequestContext,
        link: &Link<'_>,
        guest: &GuestKey,
        record: HandoffArrival,
        plan: &Plan<'_>,
    ) -> Result<Prepared, ArrivalError> {
        match self.prepare(ctx, link, guest, record.clone(), plan).await {
            Ok(prepared) => Ok(prepared),
            Err(e) => {
                if let Err(release) = self.ledger.release(&record).await {
                    tracing::warn!(error = %release, "could not release a failed handoff claim");
                }
                Err(e)
            }
        }
    }

    /// The claimant's part: the draft (quoted when the link names a room and rate
    /// that are on offer) or the property page, recorded in the ledger.
    async fn prepare(
        &self,
        ctx: &RequestContext,
        link: &Link<'_>,
        guest: &GuestKey,
        mut record: HandoffArrival,
        plan: &Plan<'_>,
    ) -> Result<Prepared, ArrivalError> {
        let selection = match plan.room {
            Some((room_type, rate_plan)) => {
                let criteria = plan.criteria.clone();
                match selection::resolve(self.availability.as_ref(), ctx, plan.property, criteria, room_type, rate_plan)
                    .await
                {
                    Ok(selection) => Some(selection),
                    // Not on offer for these dates (any more): the guest picks another.
                    Err(
                        SelectionError::Implausible
                        | SelectionError::NotOnOffer
                        | SelectionError::RoomNotOnOffer(_)
                        | SelectionError::RoomCount,
                    ) => None,
                    Err(SelectionError::Upstream(e)) => return Err(FunnelError::Upstream(e).into()),
                }
            }
            None => None,
        };
        let (draft, quote_error) = match selection {
            Some(selection) => {
                let actor = Actor { tenant: link.tenant, guest };
                // Public prices: the guest arrives with the partner's price in
                // mind; a signed-in member's re-quote on our site gets member rates.
                let (draft, quote_error) =
                    self.funnel.start(ctx, &actor, selection, RateAccess::Public, plan.display_rate).await?;
                (Some(draft), quote_error)
            }
            None => (None, None),
        };
        record.draft_id = draft.as_ref().map(|d| d.id.to_string());
        record.destination = Some(match &draft {
            Some(d) => format!("/draft/{}", d.id),
            None => plan.property_page(),
        });
        self.ledger.complete(&record).await.map_err(ArrivalError::Ledger)?;
        Ok((record, draft, quote_error))
    }

    /// A re-post by the guest who claimed the link. `Ok`: the completed record.
    /// `Err`: still pending after the grace period (the first attempt failed
    /// after claiming), for this request to complete.
    async fn await_destination(
        &self,
        mut record: HandoffArrival,
    ) -> Result<Result<HandoffArrival, HandoffArrival>, ArrivalError> {
        let give_up_at =
            record.consumed_at.saturating_add(1).saturating_mul(1000).saturating_add(self.grace.as_millis() as i64);
        while record.destination.is_none() {
            if Timestamp::now().as_millisecond() >= give_up_at {
                return Ok(Err(record));
            }
            tokio::time::sleep(POLL).await;
            match self.ledger.get(&record.tenant, &record.jti).await.map_err(ArrivalError::Ledger)? {
                Some(current) => record = current,
                None => return Ok(Err(record)),
            }
        }
        Ok(Ok(record))
    }
}

/// The completed record, the draft this request started and its quote error.
type Prepared = (HandoffArrival, Option<BookingDraft>, Option<UpstreamError>);
