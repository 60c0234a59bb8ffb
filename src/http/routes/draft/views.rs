//! The draft's view-model: one struct for the page, the htmx fragment and the
//! JSON the app reconstructs the funnel from after a refresh or cold start.

use askama::Template;

#[allow(unused_imports)]
use jiff::Timestamp;
use serde::Serialize;

use crate::domain::FieldErrors;
use crate::domain::draft::{Action, BookingDraft, DraftId, DraftState, FunnelStep, Quote, Refund, RefundReason};
use crate::domain::guest::{ArrivalTime, GuestForm};
use crate::domain::search::SearchForm;
use crate::http::views::RoomPartyView;
use crate::http::views::{Chrome, MoneyView, PaymentTermsView, Prices};
use crate::i18n::html::write_text;
use crate::i18n::{Day, Msg, Tr};
use crate::upstream::UpstreamError;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    pub id: String,
    /// Send back as `If-Match` (JSON) or the `version` field (forms).
    pub version: u64,
    pub state: StateName,
    pub step: StepName,
    pub property: Named,
    pub room_type: Named,
    pub rate_plan: Named,
    /// Each room: its party, room type, rate plan and (priced room by room)
    /// its price, room 1 first. `roomType` and `ratePlan` above are room 1's.
    pub rooms: Vec<crate::funnel::room_lines::RoomLineView>,
    pub stay: StayView,
    pub quote: Option<QuoteView>,
    pub guest: Option<GuestView>,
    pub hold: Option<HoldView>,
    pub payment: Option<PaymentView>,
    /// Why the last payment failed, as the payment provider put it (not
    /// translated); `null` when it gave no reason. Pages show it in the guest's
    /// language where they can.
    pub last_payment_error: Option<String>,
    pub booking_ref: Option<String>,
    /// The refund of an approved payment that could not become a booking.
    pub refund: Option<RefundView>,
    /// What the guest can do now, in funnel order.
    pub allowed_actions: Vec<ActionName>,
    /// The same as requests, to follow rather than build: one link per allowed
    /// action (`rel` is the action's name), with the method, the path and the
    /// `If-Match` to send; and `self`, `payment_page` and `check_payment` while
    /// a payment is pending, `confirmation` once booked.
    #[schema(value_type = Vec<DraftLink>)]
    pub links: Links,
    /// A message about the last action (e.g. the draft changed in another tab),
    /// in the request's language.
    pub notice: Option<String>,
    /// Set when the draft changes a confirmed booking rather than making one.
    pub modifies: Option<ChangeView>,
    #[serde(skip)]
    pub guest_form: GuestForm,
    #[serde(skip)]
    pub stay_form: SearchForm,
    /// The extras ticked in the form the guest sent (`None`: the quote's).
    #[serde(skip)]
    pub extras_form: Option<Vec<String>>,
    #[serde(skip)]
    pub errors: FieldErrors,
    #[serde(skip)]
    pub min_date: String,
    /// The hotel's terms and privacy notice, linked from the checkbox that
    /// accepts them (from the tenant's configuration; `None`: not linked).
    #[serde(skip)]
    pub terms_url: Option<String>,
    #[serde(skip)]
    pub privacy_url: Option<String>,
    /// The CSRF token for the panel's forms.
    #[serde(skip)]
    pub csrf: crate::http::csrf::CsrfToken,
    /// The stored decline reason, empty when the provider gave none.
    #[serde(skip)]
    payment_error_raw: Option<String>,
    #[serde(skip)]
    step_kind: FunnelStep,
    #[serde(skip)]
    search_query: String,
}

/// A change of a confirmed booking: which, and what the change comes to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeView {
    /// The booking this draft changes; it stays as it is until the change is confirmed.
    pub reference: String,
    /// What the booking cost (and was paid).
    pub paid: MoneyView,
    /// What the change costs more, paid on the hosted page (zero when it costs the same or less).
    pub to_pay: Option<MoneyView>,
    /// What the change costs less, refunded once it is confirmed.
    pub to_refund: Option<MoneyView>,
}

/// A request the client can make about the draft now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DraftLink {
    pub rel: LinkRel,
    pub method: LinkMethod,
    /// A path on this site (send the same headers as for any request: the
    /// session cookie, `X-Tenant-Id` on the API host), or for `payment_page`
    /// the gateway's hosted page to open in a browser.
    pub href: String,
    /// The `If-Match` to send with a mutation: the draft's current `ETag`.
    /// `null` for reads.
    pub if_match: Option<String>,
}

/// What a link does: one of the allowed actions (`DraftAction`), or a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkRel {
    /// `GET /draft/{id}`: this draft.
    #[serde(rename = "self")]
    #[schema(rename = "self")]
    This,
    GetQuote,
    SubmitDetails,
    ChooseExtras,
    HoldRoom,
    Pay,
    ChangeStay,
    Cancel,
    CancelPayment,
    /// The hosted payment page of the attempt in progress (open it in a browser).
    PaymentPage,
    /// `GET /draft/{id}/payment/return`: ask the gateway how the payment stands.
    CheckPayment,
    /// `GET /confirmation/{reference}`.
    Confirmation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub enum LinkMethod {
    #[serde(rename = "GET")]
    #[schema(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    #[schema(rename = "POST")]
    Post,
}

impl DraftLink {
    fn read(rel: LinkRel, href: String) -> Self {
        Self { rel, method: LinkMethod::Get, href, if_match: None }
    }
}

/// A draft's links, written out only when the view is serialized (the JSON):
/// the pages show none of them, and building their hrefs was a dozen
/// allocations of every draft page. Also the actions the pages ask about.
#[derive(Debug)]
pub struct Links {
    id: DraftId,
    version: u64,
    actions: Vec<Action>,
    /// While a payment is pending: its hosted page, if a session is stored.
    payment_pending: Option<Option<String>>,
    booking_ref: Option<String>,
}

impl Links {
    fn of(d: &BookingDraft, actions: Vec<Action>) -> Self {
        Links {
            id: d.id,
            version: d.version,
            actions,
            payment_pending: (d.state == DraftState::PaymentPending)
                .then(|| d.payment.as_ref().map(|p| p.redirect_url.clone())),
            booking_ref: d.booking_ref.clone(),
        }
    }

    /// The links of a draft with `actions` allowed, at `version`. Every href
    /// starts with the draft's path, written once: a `format!` per link was
    /// 13 K instructions of a draft page.
    fn list(&self) -> Vec<DraftLink> {
        let base = format!("/draft/{}", self.id);
        let under = |path: &str| {
            let mut href = String::with_capacity(base.len() + 1 + path.len());
            href.push_str(&base);
            href.push('/');
            href.push_str(path);
            href
        };
        let if_match = format!("\"{}\"", self.version);
        let mut links = Vec::with_capacity(self.actions.len() + 3);
        for action in &self.actions {
            let (rel, path) = match action {
                Action::GetQuote => (LinkRel::GetQuote, "quote"),
                Action::SubmitDetails => (LinkRel::SubmitDetails, "guest"),
                Action::ChooseExtras => (LinkRel::ChooseExtras, "extras"),
                Action::HoldRoom => (LinkRel::HoldRoom, "hold"),
                Action::Pay => (LinkRel::Pay, "payment"),
                Action::ChangeStay => (LinkRel::ChangeStay, "stay"),
                Action::Cancel => (LinkRel::Cancel, "cancel"),
                Action::CancelPayment => (LinkRel::CancelPayment, "payment/cancel"),
            };
            links.push(DraftLink {
                rel,
                method: LinkMethod::Post,
                href: under(path),
                if_match: Some(if_match.clone()),
            });
        }
        if let Some(payment_page) = &self.payment_pending {
            if let Some(url) = payment_page {
                links.push(DraftLink::read(LinkRel::PaymentPage, url.clone()));
            }
            links.push(DraftLink::read(LinkRel::CheckPayment, under("payment/return")));
        }
        if let Some(reference) = &self.booking_ref {
            links.push(DraftLink::read(LinkRel::Confirmation, format!("/confirmation/{reference}")));
        }
        links.insert(0, DraftLink::read(LinkRel::This, base));
        links
    }
}

impl Serialize for Links {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.list().serialize(s)
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StayView {
    #[schema(value_type = String)]
    pub checkin: AsText<jiff::civil::Date>,
    #[schema(value_type = String)]
    pub checkout: AsText<jiff::civil::Date>,
    pub nights: i32,
    pub adults: u8,
    pub children: Vec<u8>,
    pub rooms: u8,
    /// Each room's party, room 1 first.
    pub parties: Vec<RoomPartyView>,
    pub promo: Option<String>,
}

impl StayView {
    /// The arrival day in the guest's language.
    pub fn checkin_day(&self, t: &Tr) -> Day {
        Day(t.locale(), self.checkin.0)
    }

    /// The departure day in the guest's language.
    pub fn checkout_day(&self, t: &Tr) -> Day {
        Day(t.locale(), self.checkout.0)
    }

    /// Each room's party as a line, for a stay of several rooms.
    pub fn party_lines(&self, t: &crate::i18n::Tr) -> Vec<String> {
        RoomPartyView::lines(t, &self.parties)
    }
}

/// A value the JSON has as its text (a date, an instant: what `to_string`
/// gives), written only when serialized; the page reads the value itself.
#[derive(Debug, Clone, Copy)]
pub struct AsText<T>(pub T);

impl<T: std::fmt::Display> Serialize for AsText<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    pub id: String,
    pub nightly: Vec<crate::http::property::NightView>,
    pub room_total: MoneyView,
    pub taxes: MoneyView,
    pub fees: MoneyView,
    pub total: MoneyView,
    pub cancellation_policy: String,
    pub refundable: bool,
    #[schema(value_type = String)]
    pub expires_at: AsText<Timestamp>,
    /// Priced at a member rate.
    pub member_rate: bool,
    /// What the promotional code (`stay.promo`) took off the room price.
    pub promo_discount: Option<MoneyView>,
    /// Priced at a negotiated (corporate) rate the code (`stay.promo`) unlocked.
    pub negotiated: bool,
    /// What is charged when booking and what at the hotel.
    pub payment: PaymentTermsView,
    /// The extras chosen, one line each, included in `total`.
    pub extras: Vec<super::extras::ExtraLineView>,
    /// The sum of `extras`; `null` without any.
    pub extras_total: Option<MoneyView>,
    /// Every extra the hotel sells for this stay and party, priced as it
    /// would be if chosen (`POST /draft/{id}/extras` chooses by `id`).
    pub extras_offered: Vec<super::extras::ExtraLineView>,
    /// Each night's date (`nightly`'s), for the page.
    #[serde(skip)]
    pub night_dates: Vec<jiff::civil::Date>,
}

impl QuoteView {
    /// Each night's price with its day in the guest's language.
    pub fn nights<'a>(&'a self, t: &Tr) -> impl Iterator<Item = (Day, &'a crate::http::views::MoneyView)> + 'a {
        let locale = t.locale();
        self.night_dates.iter().zip(&self.nightly).map(move |(d, n)| (Day(locale, *d), &n.amount))
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GuestView {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub special_requests: Option<String>,
    /// When the guest expects to arrive, `HH:MM` local time; `null` when they did not say.
    pub arrival_time: Option<String>,
    /// The guest accepted the hotel's terms and privacy notice.
    pub terms_accepted: bool,
}

/// The arrival-time select's options, as HTML: every hour, and the guest's
/// own time when it is not on the hour (the app may send one), so what they
/// chose is never lost; the chosen one `selected`. Written from the hours
/// below and an [`ArrivalTime`] (digits and a colon) alone, so askama writes
/// it as it is; before any choice, as one piece of text (the 24 options were
/// a loop of some 120 writes on every details page).
#[derive(Debug, Clone, Copy)]
pub struct ArrivalOptions(Option<ArrivalTime>);

macro_rules! hours {
    ($($hour:literal),*) => {
        /// The select's hours, written once rather than formatted on every page.
        const HOURS: [&str; 24] = [$($hour),*];
        /// The options when the guest has chosen none.
        const UNCHOSEN: &str = concat!($("<option value=\"", $hour, "\">", $hour, "</option>"),*);
    };
}

hours!(
    "00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00", "10:00", "11:00",
    "12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00", "20:00", "21:00", "22:00", "23:00"
);

impl ArrivalOptions {
    fn write(&self, dest: &mut (impl std::fmt::Write + ?Sized)) -> std::fmt::Result {
        let Some(chosen) = self.0 else { return dest.write_str(UNCHOSEN) };
        fn option(dest: &mut (impl std::fmt::Write + ?Sized), value: &str, selected: bool) -> std::fmt::Result {
            dest.write_str("<option value=\"")?;
            dest.write_str(value)?;
            dest.write_str(if selected { "\" selected>" } else { "\">" })?;
            dest.write_str(value)?;
            dest.write_str("</option>")
        }
        // Off the hour: written before the first hour after it.
        let mut own = (chosen.minute() != 0).then(|| chosen.to_string());
        for (value, h) in HOURS.iter().zip(0u8..) {
            if let Some(c) = own.take_if(|c| **value > **c) {
                option(dest, &c, true)?;
            }
            option(dest, value, chosen.minute() == 0 && chosen.hour() == h)?;
        }
        match own {
            Some(c) => option(dest, &c, true),
            None => Ok(()),
        }
    }
}

impl std::fmt::Display for ArrivalOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f)
    }
}

impl askama::filters::HtmlSafe for ArrivalOptions {}

impl askama::FastWritable for ArrivalOptions {
    fn write_into(&self, dest: &mut dyn std::fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(self.write(dest)?)
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HoldView {
    pub expires_at: String,
    pub seconds_left: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    pub attempt: u32,
    /// The hosted payment page to send the guest to.
    pub redirect_url: String,
    /// When the payment page stops taking the payment (never after the hold).
    pub expires_at: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefundView {
    /// What was paid and is given back, in the currency charged.
    pub amount: MoneyView,
    pub reason: RefundReasonName,
    pub status: RefundStatus,
    pub refunded_at: Option<String>,
    /// Nothing had been charged (a rate paid at the hotel): the card kept as
    /// a guarantee is released instead of a refund (`amount` is 0).
    pub guarantee_released: bool,
}

impl RefundView {
    pub fn is_done(&self) -> bool {
        self.status == RefundStatus::Refunded
    }

    /// The sentence that says what happened, with the amount.
    pub fn sentence(&self, t: &Tr) -> String {
        if self.guarantee_released {
            return t.get("pay-guarantee-released").to_owned();
        }
        let key = match self.reason {
            RefundReasonName::RoomUnavailable => "draft-refunded-room-unavailable",
            RefundReasonName::PriceChanged => "draft-refunded-price-changed",
            RefundReasonName::External => "draft-refunded-external",
        };
        t.with(key, "amount", &self.amount.display)
    }
}

fn refund_view(r: &Refund, prices: &Prices, guarantee: bool) -> RefundView {
    RefundView {
        guarantee_released: guarantee,
        // The refund is in the currency charged: never converted.
        amount: Prices { t: prices.t, display: None }.view(r.amount),
        reason: r.reason.into(),
        status: if r.refunded_at.is_some() { RefundStatus::Refunded } else { RefundStatus::Pending },
        refunded_at: r.refunded_at.map(|at| at.to_string()),
    }
}

/// The draft's rooms, each price shown as the rest of the draft's.
fn room_lines(d: &BookingDraft, prices: &Prices) -> Vec<crate::funnel::room_lines::RoomLineView> {
    let mut lines = crate::funnel::room_lines::RoomLineView::of_draft(d);
    if let Some(q) = &d.quote {
        for (line, priced) in lines.iter_mut().zip(&q.rooms) {
            line.total_display = prices.view(priced.total).shown().to_owned();
        }
    }
    lines
}

fn quote_view(q: &Quote, prices: &Prices) -> QuoteView {
    let (extras, extras_total) = super::extras::lines_view(&q.extras, prices);
    QuoteView {
        id: q.id.clone(),
        nightly: q
            .nightly
            .iter()
            .map(|n| crate::http::property::NightView { date: n.date.to_string(), amount: prices.view(n.amount) })
            .collect(),
        room_total: prices.view(q.room_total),
        taxes: prices.view(q.taxes),
        fees: prices.view(q.fees),
        total: prices.view(q.total),
        cancellation_policy: q.cancellation_policy.clone(),
        refundable: q.refundable,
        expires_at: AsText(q.expires_at),
        member_rate: q.member_rate,
        promo_discount: q.promo_discount.map(|d| prices.view(d)),
        negotiated: q.negotiated,
        payment: PaymentTermsView::of(&q.payment_terms(), prices),
        extras,
        extras_total,
        extras_offered: super::extras::lines_view(&q.extras_offered, prices).0,
        night_dates: q.nightly.iter().map(|n| n.date).collect(),
    }
}

impl DraftView {
    /// The stay form has a message at one of its fields (it is then shown open).
    pub fn stay_has_errors(&self) -> bool {
        self.errors.iter().any(|(field, _)| {
            matches!(field, "checkin" | "checkout" | "adults" | "children" | "rooms")
                || (field.starts_with('r') && field.contains('_'))
        })
    }

    pub fn new(d: &BookingDraft, now: Timestamp, min_date: String, prices: &Prices) -> Self {
        let c = &d.selection.criteria;
        let names = &d.selection.names;
        let actions = d.allowed_actions(now);
        DraftView {
            id: d.id.to_string(),
            version: d.version,
            state: d.state.into(),
            step: d.step().into(),
            property: Named { id: d.selection.property_id.clone(), name: names.property.clone() },
            room_type: Named { id: d.selection.room_type_id.clone(), name: names.room_type.clone() },
            rate_plan: Named { id: d.selection.rate_plan_id.clone(), name: names.rate_plan.clone() },
            rooms: room_lines(d, prices),
            stay: StayView {
                checkin: AsText(c.stay.checkin()),
                checkout: AsText(c.stay.checkout()),
                nights: c.stay.nights(),
                adults: c.occupancy.adults(),
                children: c.occupancy.children().to_vec(),
                rooms: c.occupancy.rooms(),
                parties: RoomPartyView::all(&c.occupancy),
                promo: c.promo.as_ref().map(|p| p.as_str().to_owned()),
            },
            quote: d.quote.as_ref().map(|q| quote_view(q, prices)),
            guest: d.guest.as_ref().map(|g| GuestView {
                first_name: g.first_name().into(),
                last_name: g.last_name().into(),
                email: g.email().as_str().into(),
                phone: g.phone().as_str().into(),
                country: g.country().as_str().into(),
                special_requests: g.special_requests().map(str::to_owned),
                arrival_time: g.arrival_time().map(|t| t.to_string()),
                terms_accepted: g.terms_accepted(),
            }),
            hold: d.hold_remaining(now).zip(d.hold.as_ref()).map(|(left, h)| HoldView {
                expires_at: h.expires_at.to_string(),
                seconds_left: left.as_secs().max(0),
            }),
            payment: d.payment.as_ref().map(|p| PaymentView {
                attempt: p.attempt,
                redirect_url: p.redirect_url.clone(),
                expires_at: p.expires_at.map(|at| at.to_string()),
            }),
            last_payment_error: d.last_payment_error.clone().filter(|r| !r.is_empty()),
            booking_ref: d.booking_ref.clone(),
            refund: d.refund.as_ref().map(|r| refund_view(r, prices, d.pays_by_guarantee())),
            allowed_actions: actions.iter().map(|a| ActionName::from(*a)).collect(),
            links: Links::of(d, actions),
            notice: None,
            modifies: d.modifies.as_ref().map(|m| {
                let due = d.amount_due();
                let part = |amount: i64| prices.view(crate::domain::money::Money::new(amount, m.charged.currency));
                ChangeView {
                    reference: m.reference.clone(),
                    paid: prices.view(m.charged),
                    to_pay: due.map(|due| part(due.amount.max(0))),
                    to_refund: due.map(|due| part((-due.amount).max(0))),
                }
            }),
            guest_form: d.guest.as_ref().map(GuestForm::from).unwrap_or_default(),
            stay_form: SearchForm::from(c),
            extras_form: None,
            errors: FieldErrors::new(),
            min_date,
            terms_url: None,
            privacy_url: None,
            csrf: crate::http::csrf::CsrfToken::NONE,
            payment_error_raw: d.last_payment_error.clone(),
            step_kind: d.step(),
            // Only the refunded screen links to a new search.
            search_query: if d.step() == FunnelStep::Refunded { c.query() } else { String::new() },
        }
    }

    /// The rooms differ in room type or rate plan.
    pub fn rooms_differ(&self) -> bool {
        self.rooms.iter().any(|r| {
            self.rooms.first().is_some_and(|f| f.room_type_id != r.room_type_id || f.rate_plan_id != r.rate_plan_id)
        })
    }

    /// The details form's extras checkboxes: each offered extra, ticked as the
    /// guest sent it or as the quote has it.
    pub fn extra_options(&self) -> Vec<super::extras::ExtraOption<'_>> {
        let Some(q) = &self.quote else { return Vec::new() };
        q.extras_offered
            .iter()
            .map(|line| super::extras::ExtraOption {
                checked: match &self.extras_form {
                    Some(ids) => ids.contains(&line.id),
                    None => q.extras.iter().any(|e| e.id == line.id),
                },
                line,
            })
            .collect()
    }

    /// The payment step stores the card instead of charging it.
    pub fn pays_by_guarantee(&self) -> bool {
        self.modifies.is_none() && self.quote.as_ref().is_some_and(|q| q.payment.card_guarantee)
    }

    pub fn can(&self, action: &str) -> bool {
        self.links.actions.iter().any(|a| ActionName::from(*a).as_str() == action)
    }

    pub fn is_step(&self, step: &str) -> bool {
        self.step_kind.as_str() == step
    }

    /// The query of a search for this draft's stay and party.
    pub fn search_query(&self) -> &str {
        &self.search_query
    }

    /// The arrival-time select's options, with the one the guest chose.
    pub fn arrival_options(&self) -> ArrivalOptions {
        ArrivalOptions(ArrivalTime::parse(&self.guest_form.arrival_time))
    }

    /// Whether the terms checkbox is ticked in what the guest sent.
    pub fn terms_ticked(&self) -> bool {
        self.guest_form.terms_ticked()
    }

    /// The terms checkbox's label as HTML: the sentence in the guest's language
    /// with the hotel's terms and privacy notice as links where the tenant has
    /// them. Every piece is escaped here; the template writes it as is.
    pub fn terms_label(&self, t: &Tr) -> String {
        const TERMS: char = '\u{e001}';
        const PRIVACY: char = '\u{e002}';
        let sentence = t.with2("draft-accept-terms", "terms", TERMS, "privacy", PRIVACY);
        let link = |out: &mut String, url: &Option<String>, key: &str| {
            let text = t.text(key);
            match url {
                Some(url) => {
                    out.push_str("<a href=\"");
                    let _ = write_text(out, url);
                    out.push_str("\">");
                    out.push_str(&text.0);
                    out.push_str("</a>");
                }
                None => out.push_str(&text.0),
            }
        };
        let mut out = String::with_capacity(sentence.len() + 128);
        for piece in sentence.split_inclusive([TERMS, PRIVACY]) {
            let (text, mark) = match piece.char_indices().last() {
                Some((i, c)) if c == TERMS || c == PRIVACY => (&piece[..i], Some(c)),
                _ => (piece, None),
            };
            let _ = write_text(&mut out, text);
            match mark {
                Some(TERMS) => link(&mut out, &self.terms_url, "draft-terms-link"),
                Some(_) => link(&mut out, &self.privacy_url, "draft-privacy-link"),
                None => {}
            }
        }
        out
    }

    /// "9:41" style minutes and seconds left on the hold.
    pub fn hold_clock(&self) -> String {
        let secs = self.hold.as_ref().map(|h| h.seconds_left).unwrap_or(0);
        format!("{}:{:02}", secs / 60, secs % 60)
    }

    pub fn hold_is_short(&self) -> bool {
        self.hold.as_ref().is_some_and(|h| h.seconds_left < 120)
    }

    /// Why the payment failed, for the guest: the provider's reason where it
    /// gave one (a translation may replace it with its own words), else ours.
    pub fn payment_error(&self, t: &Tr) -> String {
        match self.payment_error_raw.as_deref() {
            Some("" | LEGACY_DECLINE_FALLBACK) => t.get("draft-payment-did-not-go-through").to_owned(),
            Some(reason) => t.with("draft-payment-declined", "reason", reason),
            None => t.get("draft-payment-not-completed").to_owned(),
        }
    }
}

/// What a declined draft stored when the provider gave no reason, before the
/// wording moved to the catalogs (it now stores an empty reason).
const LEGACY_DECLINE_FALLBACK: &str = "The payment did not go through.";

/// An upstream failure during the funnel, for the guest. An upstream's own
/// explanation (`detail`, in English) is what English pages show; translations
/// say it in their own words instead.
pub fn upstream_msg(e: &UpstreamError) -> Msg {
    match e {
        UpstreamError::Rejected { code, detail, .. } => match code.as_str() {
            "sold-out" => Msg::new("draft-refused-sold-out"),
            // `detail` is the room's number.
            "room-sold-out" => Msg::new("draft-refused-room-sold-out").int("room", detail.parse().unwrap_or(0)),
            "quote-expired" => Msg::new("draft-refused-quote-expired"),
            "hold-expired" => Msg::new("draft-refused-hold-expired"),
            "payment-mismatch" => Msg::new("draft-refused-payment-mismatch"),
            "restricted" if !detail.is_empty() => Msg::new("draft-refused-restricted").text("detail", detail),
            "occupancy" if !detail.is_empty() => Msg::new("draft-refused-occupancy").text("detail", detail),
            _ if !detail.is_empty() => Msg::new("draft-refused-other").text("detail", detail),
            _ => Msg::new("draft-refused-generic"),
        },
        UpstreamError::Timeout(_) => Msg::new("draft-upstream-timeout"),
        _ => Msg::new("draft-upstream-unavailable"),
    }
}

/// A sentence split around one of its values, so a template can set the value
/// in markup (`<strong>`) while translators still see the whole sentence.
pub struct Around {
    pub before: String,
    pub after: String,
}

/// [`Around`] for the translator of a request.
pub trait AroundExt {
    /// The message `key` split where `$name` goes.
    fn around(&self, key: &str, name: &str) -> Around;
}

impl AroundExt for Tr {
    fn around(&self, key: &str, name: &str) -> Around {
        const MARK: char = '\u{e000}';
        let text = self.with(key, name, MARK);
        match text.split_once(MARK) {
            Some((before, after)) => Around { before: before.to_owned(), after: after.to_owned() },
            None => Around { before: format!("{text} "), after: String::new() },
        }
    }
}

/// A JSON enum that mirrors a domain enum: its wire names (the OpenAPI
/// document's `enum`, serde's snake_case of the variant; `as_str` says the
/// same, which a test checks), and a conversion from the domain that must name
/// every domain variant, so a new state, step or action cannot be left out of
/// the document.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident as $schema:ident from $domain:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        #[schema(as = $schema)]
        pub enum $name {
            $($variant),+
        }

        impl From<$domain> for $name {
            fn from(d: $domain) -> Self {
                match d {
                    $($domain::$variant => Self::$variant),+
                }
            }
        }

        impl $name {
            pub const ALL: &[$name] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// Where the draft is in its life (`refund_pending` and `refunded`: an approved
    /// payment that could not become a booking is being, or was, given back).
    StateName as DraftState from DraftState {
        Selecting = "selecting",
        Quoted = "quoted",
        Details = "details",
        Held = "held",
        PaymentPending = "payment_pending",
        Confirmed = "confirmed",
        Expired = "expired",
        PaymentFailed = "payment_failed",
        Abandoned = "abandoned",
        RefundPending = "refund_pending",
        Refunded = "refunded",
    }
}

wire_enum! {
    /// The screen to show for the draft.
    StepName as FunnelStep from FunnelStep {
        ChooseRate = "choose_rate",
        GuestDetails = "guest_details",
        Payment = "payment",
        PaymentPending = "payment_pending",
        PaymentFailed = "payment_failed",
        Expired = "expired",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
        Refunded = "refunded",
    }
}

wire_enum! {
    /// Something the guest can do to the draft now.
    ActionName as DraftAction from Action {
        GetQuote = "get_quote",
        SubmitDetails = "submit_details",
        ChooseExtras = "choose_extras",
        HoldRoom = "hold_room",
        Pay = "pay",
        ChangeStay = "change_stay",
        Cancel = "cancel",
        CancelPayment = "cancel_payment",
    }
}

wire_enum! {
    /// Why an approved payment is given back.
    RefundReasonName as RefundReason from RefundReason {
        RoomUnavailable = "room_unavailable",
        PriceChanged = "price_changed",
        External = "external",
    }
}

/// `pending`: decided, being sent to the payment provider; `refunded`: done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    Pending,
    Refunded,
}

#[derive(Template)]
#[template(path = "pages/draft.html")]
pub struct DraftPage<'a> {
    pub t: Tr,
    pub chrome: &'a Chrome,
    pub view: &'a DraftView,
}

#[derive(Template)]
#[template(path = "partials/draft_panel.html")]
pub struct DraftPanel<'a> {
    pub t: Tr,
    pub view: &'a DraftView,
}

#[derive(Template)]
#[template(path = "partials/hold_countdown.html")]
pub struct HoldCountdown<'a> {
    pub t: Tr,
    pub view: &'a DraftView,
}

/// Filters of the funnel's templates.
pub mod filters {
    /// Text from the catalogs (and notices made of it) for HTML: see
    /// [`escape_text`], escaped as it is written into the page.
    #[askama::filter_fn]
    pub fn text<T: std::fmt::Display>(
        value: T,
        _: &dyn askama::Values,
    ) -> askama::Result<askama::filters::Safe<crate::i18n::html::EscapedText<T>>> {
        Ok(askama::filters::Safe(crate::i18n::html::EscapedText(value)))
    }

    pub use crate::i18n::html::escape_text;
}

#[cfg(test)]
mod wire_tests {
    use super::*;

    fn serde_name<T: Serialize>(v: T) -> String {
        serde_json::to_value(v).unwrap().as_str().unwrap().to_owned()
    }

    #[test]
    fn wire_names_are_serdes_and_the_domains() {
        for v in StateName::ALL {
            assert_eq!(serde_name(v), v.as_str());
        }
        for v in StepName::ALL {
            assert_eq!(serde_name(v), v.as_str());
        }
        for v in ActionName::ALL {
            assert_eq!(serde_name(v), v.as_str());
        }
        for v in RefundReasonName::ALL {
            assert_eq!(serde_name(v), v.as_str());
        }
        for state in DraftState::ALL {
            assert_eq!(StateName::from(state).as_str(), state.as_str(), "the domain's own name");
        }
    }

    #[test]
    fn the_arrival_options_are_every_hour_with_the_guests_own_time_in_its_place() {
        // What the template's loop wrote, option by option.
        let looped = |chosen: Option<ArrivalTime>| {
            let mut values: Vec<(String, bool)> = HOURS
                .iter()
                .zip(0u8..)
                .map(|(v, h)| (v.to_string(), chosen == ArrivalTime::parse(&format!("{h}:00"))))
                .collect();
            if let Some(c) = chosen.filter(|c| c.minute() != 0) {
                let at = values.iter().position(|(v, _)| *v > c.to_string()).unwrap_or(values.len());
                values.insert(at, (c.to_string(), true));
            }
            values
                .iter()
                .map(|(v, s)| format!("<option value=\"{v}\"{}>{v}</option>", if *s { " selected" } else { "" }))
                .collect::<String>()
        };
        for raw in ["", "nonsense", "00:00", "14:00", "9:00", "9:30", "00:15", "23:00", "23:59", "12:30"] {
            let chosen = ArrivalTime::parse(raw);
            assert_eq!(ArrivalOptions(chosen).to_string(), looped(chosen), "{raw:?}");
        }
        assert_eq!(ArrivalOptions(None).to_string().matches("<option").count(), 24);
        assert!(ArrivalOptions(ArrivalTime::parse("9:30")).to_string().contains(
            r#"<option value="09:00">09:00</option><option value="09:30" selected>09:30</option><option value="10:00">"#
        ));
    }
}
