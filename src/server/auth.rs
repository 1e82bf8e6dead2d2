//! The API key: `Authorization: Bearer <key>` on every request, compared in constant time so the
//! time an answer takes says nothing about how much of a guess was right. An address that keeps
//! presenting wrong keys is answered 429 for the rest of the minute, so the key cannot be guessed
//! at network speed; the right key is never slowed.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

use super::error::Failure;
use crate::model::ErrorCode;

/// The key the server accepts. Its Debug output never shows it.
#[derive(Clone)]
pub struct ApiKey(Arc<str>);

impl ApiKey {
    pub fn new(key: &str) -> ApiKey {
        ApiKey(key.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn accepts(&self, presented: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(presented).into()
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// A fresh key: 32 bytes from the OS random source, URL-safe base64, with a prefix that tells
/// people (and secret scanners) what it is.
pub fn generate_key() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random source for the API key: {e}"))?;
    Ok(format!("dbk_{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The token of a `Bearer` authorization header (scheme in any case, as RFC 9110 allows).
fn bearer(headers: &HeaderMap) -> Option<&[u8]> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = value.split_at_checked(7)?;
    scheme.eq_ignore_ascii_case(b"bearer ").then(|| token.trim_ascii())
}

/// Wrong keys one address may present per [`MISS_WINDOW`] before it is answered 429.
pub const WRONG_KEYS_PER_MINUTE: u32 = 30;
const MISS_WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; past it, the expired ones are forgotten, then all.
const MAX_TRACKED: usize = 10_000;

/// The key and the count of wrong keys per address.
#[derive(Clone)]
pub struct KeyCheck {
    key: ApiKey,
    misses: Arc<Mutex<Misses>>,
}

impl KeyCheck {
    pub fn new(key: ApiKey) -> KeyCheck {
        KeyCheck { key, misses: Arc::default() }
    }
}

/// Wrong keys per address in fixed one-minute windows.
#[derive(Default)]
struct Misses(HashMap<IpAddr, (Instant, u32)>);

impl Misses {
    /// Counts a wrong key from `ip`; `Err(seconds)` to wait once the address is over the limit.
    fn note(&mut self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.0.len() >= MAX_TRACKED && !self.0.contains_key(&ip) {
            self.0.retain(|_, (started, _)| now.duration_since(*started) < MISS_WINDOW);
            if self.0.len() >= MAX_TRACKED {
                self.0.clear();
            }
        }
        let (started, count) = self.0.entry(ip).or_insert((now, 0));
        if now.duration_since(*started) >= MISS_WINDOW {
            (*started, *count) = (now, 0);
        }
        *count = count.saturating_add(1);
        if *count <= WRONG_KEYS_PER_MINUTE {
            return Ok(());
        }
        let left = MISS_WINDOW.saturating_sub(now.duration_since(*started));
        Err((left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1))
    }
}

/// The address a guesser is counted under: IPv6 by its /64, which one machine usually has whole.
fn counted_as(addr: SocketAddr) -> IpAddr {
    match addr.ip() {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into())
        }
        IpAddr::V6(v6) => IpAddr::V4(v6.to_ipv4_mapped().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)),
        ip => ip,
    }
}

pub async fn require_key(State(check): State<KeyCheck>, req: Request, next: Next) -> Response {
    match bearer(req.headers()) {
        Some(token) if check.key.accepts(token) => next.run(req).await,
        Some(_) => {
            let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| counted_as(c.0));
            if let Some(ip) = peer {
                let counted = check.misses.lock().unwrap_or_else(|p| p.into_inner()).note(ip, Instant::now());
                if let Err(secs) = counted {
                    tracing::warn!(%ip, "too many wrong API keys from one address");
                    return Failure::rate_limited(secs).into_response();
                }
            }
            Failure::new(ErrorCode::Unauthorized, "the API key is not valid").into_response()
        }
        None => Failure::new(ErrorCode::Unauthorized, "missing API key: send Authorization: Bearer <key>")
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_tokens_and_hides_the_key() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, "bearer  abc ".parse().unwrap());
        assert_eq!(bearer(&h), Some(&b"abc"[..]));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), None);
        let key = ApiKey::new("secret");
        assert!(key.accepts(b"secret") && !key.accepts(b"secreT") && !key.accepts(b"secret2"));
        assert!(!format!("{key:?}").contains("secret"));
        assert_ne!(generate_key().unwrap(), generate_key().unwrap());
    }

    #[test]
    fn wrong_keys_are_counted_per_address_and_window() {
        let mut m = Misses::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        for _ in 0..WRONG_KEYS_PER_MINUTE {
            assert_eq!(m.note(a, t0), Ok(()));
        }
        assert_eq!(m.note(a, t0 + Duration::from_millis(1500)), Err(59));
        assert_eq!(m.note(b, t0), Ok(()), "another address has its own count");
        assert_eq!(m.note(a, t0 + MISS_WINDOW), Ok(()), "a new minute starts over");
        let v6 = |s: &str| counted_as(SocketAddr::new(s.parse().unwrap(), 1));
        assert_eq!(v6("2001:db8::1"), v6("2001:db8::ffff:1"));
        assert_ne!(v6("2001:db8::1"), v6("2001:db8:0:1::1"));
        assert_eq!(v6("::ffff:10.0.0.1"), a);
    }
}
