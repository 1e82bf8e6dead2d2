//! The typed HTTP client for the Deals & Pipeline API: the only code that talks to the network.
//!
//! - [`config`]: [`ClientConfig`] and the checks that keep the API key from leaking.
//! - [`error`]: [`ClientError`], one line per failure, fit for the status line.
//! - [`decode`]: the tolerant reading of answers (envelopes, paging, error bodies).
//! - [`retry`]: [`RetryPolicy`]: what is retried, how often, how long to wait.
//! - `transport`: one request with retries, timing and logs; `endpoints`: one method per endpoint.
//! - [`budget`]: [`Budget`], the requests left as the latest answer's rate-limit headers state.
//!
//! Behaviour in short: a call that fails on the network or with 429/502/503/504 is retried with
//! exponential backoff and jitter (GET, PUT, DELETE only; a create only when the connection could
//! not even be opened, so it can never create a deal twice). `Retry-After` is honoured up to
//! [`RetryPolicy::max_retry_after`]. Connect and request timeouts come from [`ClientConfig`].
//! Answers may come gzip- or zstd-compressed; connections are kept and reused, over HTTP/2 when an
//! HTTPS server offers it. Extra CAs are trusted from `SSL_CERT_FILE` and [`ClientConfig::ca_cert`].

pub mod budget;
pub mod config;
mod decode;
mod endpoints;
pub mod error;
pub mod retry;
mod transport;

use std::sync::{Arc, Mutex, Once};

use reqwest::Url;
use reqwest::header::HeaderValue;

pub use budget::Budget;
pub use config::{ClientConfig, DEFAULT_BASE_URL};
pub use error::ClientError;
pub use retry::{Failure, RetryPolicy};

/// One page of a list. `next_cursor` is `None` on the last page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items the whole query matches, when the server says.
    pub total: Option<u64>,
    pub next_cursor: Option<String>,
    /// Items of this page that could not be read and were left out (logged).
    pub skipped: usize,
}

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The parsed base URL; request paths are appended to its path segments.
    base: Url,
    /// The base URL as given, without a trailing slash, for messages and [`Client::base_url`].
    base_text: String,
    /// `scheme://host:port`, what network errors name.
    origin: String,
    /// `Bearer <key>`, marked sensitive.
    auth: HeaderValue,
    retry: RetryPolicy,
    /// What the latest answer said about the connection and the budget.
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    budget: Option<Budget>,
    version: Option<reqwest::Version>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_text)
            .field("api_key", &"<redacted>")
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Checks the configuration (URL shape, clear-text http, key), reads the extra CAs
    /// ([`ClientConfig::ca_cert`], `SSL_CERT_FILE`) and builds the connection pool.
    pub fn new(cfg: ClientConfig) -> Result<Client, ClientError> {
        install_crypto_provider();
        let base = config::parse_base_url(&cfg.base_url, cfg.allow_insecure_http)?;
        let auth = config::auth_header(&cfg.api_key)?;
        let roots = config::extra_roots(cfg.ca_cert.as_deref(), std::env::var_os("SSL_CERT_FILE"))?;
        let http = reqwest::Client::builder()
            .tls_certs_merge(roots)
            .connect_timeout(cfg.connect_timeout)
            // Let go of an idle connection before a server is likely to (`dealboard serve` closes
            // them after 60 s, many proxies sooner), so a request rarely meets one closing under it.
            .pool_idle_timeout(std::time::Duration::from_secs(30))
            .timeout(cfg.request_timeout)
            // The API never redirects; following one could carry the key somewhere unexpected.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("dealboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Config(format!("Cannot set up HTTPS: {e}")))?;
        let base_text = base.as_str().trim_end_matches('/').to_string();
        let origin = base.origin().ascii_serialization();
        let seen = Mutex::default();
        Ok(Client { inner: Arc::new(Inner { http, base, base_text, origin, auth, retry: cfg.retry, seen }) })
    }

    /// The request budget as the latest answer that stated one left it (`None` until then).
    pub fn budget(&self) -> Option<Budget> {
        self.seen().budget
    }

    /// The HTTP version of the latest answer.
    pub fn http_version(&self) -> Option<reqwest::Version> {
        self.seen().version
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.inner.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Notes an answer's version and budget.
    pub(crate) fn saw(&self, version: reqwest::Version, headers: &reqwest::header::HeaderMap) {
        let mut seen = self.seen();
        seen.version = Some(version);
        if let Some(budget) = Budget::from_headers(headers) {
            seen.budget = Some(budget);
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_text
    }
}

/// reqwest is built with `rustls-no-provider`, so ring must be installed as the process-wide
/// rustls provider before any `reqwest::Client` is built (a plain `reqwest::Client::new()`
/// panics otherwise, even for http:// URLs). [`Client::new`] calls this; other code building its
/// own `reqwest::Client` (tests, tools) should call it first. Idempotent; a provider installed
/// earlier by someone else is left in place.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = "sk_live_SECRET_123";
        let cfg = ClientConfig::new("https://api.example.com/v1/", key);
        assert!(!format!("{cfg:?}").contains(key));
        let client = Client::new(cfg).unwrap();
        assert!(!format!("{client:?}").contains(key), "{client:?}");
        assert_eq!(client.base_url(), "https://api.example.com/v1");
        let err = Client::new(ClientConfig::new("http://example.com/v1", key)).unwrap_err();
        assert!(!format!("{err:?} {err}").contains(key));
    }
}
