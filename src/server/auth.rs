//! The API key: `Authorization: Bearer <key>` on every request, compared in constant time so the
//! time an answer takes says nothing about how much of a guess was right.

use std::sync::Arc;

use axum::extract::{Request, State};
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

pub async fn require_key(State(key): State<ApiKey>, req: Request, next: Next) -> Response {
    match bearer(req.headers()) {
        Some(token) if key.accepts(token) => next.run(req).await,
        Some(_) => Failure::new(ErrorCode::Unauthorized, "the API key is not valid").into_response(),
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
}
