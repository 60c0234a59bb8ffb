//! payment-gateway upstream: hosted payment sessions, their server-side
//! verification, and the signature scheme of the gateway's webhooks.
//!
//! Webhook signature (docs/upstreams.md): header
//! `X-Ghasi-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{raw body}")}`.
//! Several `v1=` entries may be present while the gateway rotates its secret;
//! any one matching is enough.

use async_trait::async_trait;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::contract::{PaymentSessionDto, PaymentSessionRequestDto, RefundDto, RefundRequestDto};
use super::{HttpUpstream, RequestContext, UpstreamError, path_segment};

#[async_trait]
pub trait PaymentsApi: Send + Sync {
    /// Opens a hosted payment session. Replaying the same key and body returns
    /// the same session; use a new key for a new attempt after a decline.
    async fn create_session(
        &self,
        ctx: &RequestContext,
        req: &PaymentSessionRequestDto,
        idempotency_key: &str,
    ) -> Result<PaymentSessionDto, UpstreamError>;
    /// The session as the gateway sees it: the only status to act on (never the
    /// query string of the return URL).
    async fn session(&self, ctx: &RequestContext, id: &str) -> Result<PaymentSessionDto, UpstreamError>;
    /// Gives back `req.amount` of an approved payment. Replaying the same key
    /// and body returns the same refund, never a second one.
    async fn refund(
        &self,
        ctx: &RequestContext,
        session_id: &str,
        req: &RefundRequestDto,
        idempotency_key: &str,
    ) -> Result<RefundDto, UpstreamError>;
    /// Ends an open (or challenged) session so it can never be paid; idempotent.
    /// An approved session is refused (`409 payment-session-approved`): it is to
    /// be settled, never assumed cancelled.
    async fn cancel_session(&self, ctx: &RequestContext, id: &str) -> Result<PaymentSessionDto, UpstreamError>;
    /// Releases a guarantee (`guaranteed` → `voided`): the stored card is
    /// forgotten. Idempotent; a charge session is refused (`409
    /// not-a-guarantee`).
    async fn void_guarantee(&self, ctx: &RequestContext, id: &str) -> Result<PaymentSessionDto, UpstreamError>;
}

pub struct HttpPayments(pub HttpUpstream);

#[async_trait]
impl PaymentsApi for HttpPayments {
    async fn create_session(
        &self,
        ctx: &RequestContext,
        req: &PaymentSessionRequestDto,
        idempotency_key: &str,
    ) -> Result<PaymentSessionDto, UpstreamError> {
        self.0.post_json(ctx, "/v1/payment-sessions", req, Some(idempotency_key)).await
    }

    async fn session(&self, ctx: &RequestContext, id: &str) -> Result<PaymentSessionDto, UpstreamError> {
        self.0.get_json(ctx, &format!("/v1/payment-sessions/{}", path_segment(id)), &()).await
    }

    async fn refund(
        &self,
        ctx: &RequestContext,
        session_id: &str,
        req: &RefundRequestDto,
        idempotency_key: &str,
    ) -> Result<RefundDto, UpstreamError> {
        let path = format!("/v1/payment-sessions/{}/refunds", path_segment(session_id));
        self.0.post_json(ctx, &path, req, Some(idempotency_key)).await
    }

    async fn cancel_session(&self, ctx: &RequestContext, id: &str) -> Result<PaymentSessionDto, UpstreamError> {
        let path = format!("/v1/payment-sessions/{}/cancel", path_segment(id));
        self.0.post_json(ctx, &path, &serde_json::json!({}), None).await
    }

    async fn void_guarantee(&self, ctx: &RequestContext, id: &str) -> Result<PaymentSessionDto, UpstreamError> {
        let path = format!("/v1/payment-sessions/{}/void", path_segment(id));
        self.0.post_json(ctx, &path, &serde_json::json!({}), None).await
    }
}

/// The header carrying the webhook signature.
pub const WEBHOOK_SIGNATURE_HEADER: &str = "x-ghasi-signature";
/// How far a webhook's `t` may be from our clock: bounds replays of a captured
/// webhook while tolerating clock skew and the gateway's retries.
pub const WEBHOOK_TOLERANCE_SECS: i64 = 300;
/// Longer headers are refused before any parsing.
const MAX_SIGNATURE_HEADER_LEN: usize = 1_024;

type HmacSha256 = Hmac<Sha256>;

fn webhook_mac(secret: &[u8], t: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `X-Ghasi-Signature` value for `body` sent at `t` (Unix seconds).
pub fn sign_webhook(secret: &[u8], body: &[u8], t: i64) -> String {
    let sig = webhook_mac(secret, t, body).finalize().into_bytes();
    format!("t={t},v1={}", hex::encode(sig))
}

/// True when `header` carries a `v1` signature of `body` under `secret` and its
/// `t` is within `tolerance_secs` of `now_unix`. The signature is compared in
/// constant time.
pub fn verify_webhook_signature(secret: &[u8], header: &str, body: &[u8], now_unix: i64, tolerance_secs: i64) -> bool {
    if header.len() > MAX_SIGNATURE_HEADER_LEN {
        return false;
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) if timestamp.is_none() => timestamp = value.parse::<i64>().ok(),
            Some(("t", _)) => return false,
            Some(("v1", value)) => signatures.push(value),
            _ => {}
        }
    }
    let Some(t) = timestamp else { return false };
    let fresh = now_unix.checked_sub(t).is_some_and(|age| age.checked_abs().is_some_and(|a| a <= tolerance_secs));
    if !fresh {
        return false;
    }
    signatures
        .iter()
        .filter_map(|sig| hex::decode(sig).ok())
        .any(|sig| webhook_mac(secret, t, body).verify_slice(&sig).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec-test";
    const BODY: &[u8] = br#"{"type":"payment.updated","sessionId":"ps_1","status":"approved"}"#;
    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_signed_body_verifies() {
        let header = sign_webhook(SECRET, BODY, NOW);
        assert!(header.starts_with(&format!("t={NOW},v1=")));
        assert!(verify_webhook_signature(SECRET, &header, BODY, NOW + 10, 300));
        assert!(verify_webhook_signature(SECRET, &header, BODY, NOW - 10, 300), "small clock skew is fine");
    }

    #[test]
    fn the_signature_is_the_documented_hmac() {
        // HMAC-SHA256("whsec-test", "1800000000.{}") computed independently.
        let header = sign_webhook(SECRET, b"{}", NOW);
        let mut mac = HmacSha256::new_from_slice(SECRET).unwrap();
        mac.update(b"1800000000.{}");
        assert_eq!(header, format!("t=1800000000,v1={}", hex::encode(mac.finalize().into_bytes())));
    }

    #[test]
    fn tampering_is_refused() {
        let header = sign_webhook(SECRET, BODY, NOW);
        assert!(!verify_webhook_signature(b"other-secret", &header, BODY, NOW, 300));
        assert!(!verify_webhook_signature(SECRET, &header, b"{}", NOW, 300));
        let shifted_t = header.replace(&format!("t={NOW}"), &format!("t={}", NOW + 1));
        assert!(!verify_webhook_signature(SECRET, &shifted_t, BODY, NOW, 300));
    }

    #[test]
    fn stale_and_future_timestamps_are_refused() {
        let header = sign_webhook(SECRET, BODY, NOW);
        assert!(!verify_webhook_signature(SECRET, &header, BODY, NOW + 301, 300));
        assert!(!verify_webhook_signature(SECRET, &header, BODY, NOW - 301, 300));
        let far = sign_webhook(SECRET, BODY, i64::MIN);
        assert!(!verify_webhook_signature(SECRET, &far, BODY, NOW, 300));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let good = sign_webhook(SECRET, BODY, NOW);
        let v1 = good.split_once(",v1=").unwrap().1;
        for bad in [
            String::new(),
            format!("v1={v1}"),
            format!("t=abc,v1={v1}"),
            format!("t={NOW}"),
            format!("t={NOW},v1=zz{v1}"),
            format!("t={NOW},t={NOW},v1={v1}"),
            format!("t={NOW},v1={}", &v1[..62]),
            format!("t={NOW},v1={v1},{}", "x".repeat(2_000)),
        ] {
            assert!(!verify_webhook_signature(SECRET, &bad, BODY, NOW, 300), "{bad}");
        }
    }

    #[test]
    fn any_of_several_signatures_may_match_during_rotation() {
        let good = sign_webhook(SECRET, BODY, NOW);
        let v1 = good.split_once(",v1=").unwrap().1;
        let rotated = format!("t={NOW}, v1={}, v1={v1}", "0".repeat(64));
        assert!(verify_webhook_signature(SECRET, &rotated, BODY, NOW, 300));
    }
}
