//! One API call: build the URL, send, read the whole answer, retry what is safe to retry, log.
//! Logs carry method, path, status, attempt and elapsed time; never the key, never a body.

use std::error::Error as _;
use std::io;
use std::time::Instant;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};

use super::Client;
use super::decode;
use super::error::ClientError;
use super::retry::Failure;
use crate::sanitize::sanitize_short;

/// Answers larger than this are cut off as an error: no list page comes near it, and a broken or
/// hostile server must not make the board swallow unbounded memory.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// A complete HTTP answer (any status the retry loop did not absorb).
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// How many retries it took: a DELETE that meets 404 after a retry has already succeeded.
    pub retries: u32,
    /// The `Authorization` value sent, so server text echoing the key can be masked in errors.
    auth: HeaderValue,
}

impl Answer {
    /// `data` of a 2xx, or the error the answer stands for.
    pub fn data<T: serde::de::DeserializeOwned>(self) -> Result<T, ClientError> {
        self.ok()?;
        decode::data(self.status, &self.body).map_err(|e| self.masked(e))
    }

    /// `data` of a write's answer: as [`Answer::data`], except that a 2xx whose body cannot be
    /// read is [`ClientError::UnreadableSuccess`] (the server applied the write all the same).
    pub fn written<T: serde::de::DeserializeOwned>(self) -> Result<T, ClientError> {
        let status = self.status;
        match self.data() {
            Err(ClientError::Decode { message }) if (200..300).contains(&status) => {
                Err(ClientError::UnreadableSuccess { status, reason: message })
            }
            other => other,
        }
    }

    /// A list page of a 2xx, or the error the answer stands for.
    pub fn list<T: serde::de::DeserializeOwned>(self) -> Result<decode::ListAnswer<T>, ClientError> {
        self.ok()?;
        decode::list(self.status, &self.body).map_err(|e| self.masked(e))
    }

    pub fn ok(&self) -> Result<(), ClientError> {
        if (200..300).contains(&self.status) {
            return Ok(());
        }
        // Masked before decoding, so a key cut in half by the length limit cannot slip through.
        let body = match self.key() {
            Some(key) => mask_bytes(&self.body, key.as_bytes()),
            None => self.body.clone(),
        };
        Err(decode::error(self.status, decode::retry_after(&self.headers), &body))
    }

    /// A server that echoes the key (in an error about it, say) must not put it on the screen.
    fn masked(&self, e: ClientError) -> ClientError {
        match self.key() {
            Some(key) => e.mask(key),
            None => e,
        }
    }

    fn key(&self) -> Option<&str> {
        self.auth.to_str().ok().and_then(|a| a.strip_prefix("Bearer "))
    }
}

/// `body` with every occurrence of `secret` replaced by `<redacted>`.
fn mask_bytes(body: &[u8], secret: &[u8]) -> Vec<u8> {
    if secret.is_empty() || body.len() < secret.len() {
        return body.to_vec();
    }
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(secret) {
            out.extend_from_slice(b"<redacted>");
            i += secret.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

/// A network failure of one attempt.
#[derive(Debug)]
struct Broken {
    failure: Failure,
    timed_out: bool,
    reason: String,
}

/// Why an attempt gave no answer: a network failure, or an answer refused outright.
#[derive(Debug)]
enum NoAnswer {
    Net(Broken),
    Refused(ClientError),
}

impl Client {
    /// Sends `method` to the base URL plus `segments` (each percent-encoded, so an id can never
    /// change the path) with `query`, retrying as the policy allows.
    pub(crate) async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<Answer, ClientError> {
        let url = self.url(segments, query);
        let started = Instant::now();
        let mut retries = 0;
        loop {
            let attempt_started = Instant::now();
            let result = self.attempt(&method, &url, body.clone()).await;
            let elapsed_ms = attempt_started.elapsed().as_millis() as u64;
            let (failure, give_up) = match result {
                Err(NoAnswer::Refused(e)) => return Err(e),
                Ok(a) => {
                    tracing::debug!(%method, path = url.path(), status = a.status, elapsed_ms, retries, "api call");
                    // Which statuses are worth retrying is the policy's call (`retry::is_retryable`).
                    if a.status < 400 {
                        return Ok(Answer { retries, ..a });
                    }
                    let retry_after = decode::retry_after(&a.headers);
                    (Failure::Status { status: a.status, retry_after }, Ok(Answer { retries, ..a }))
                }
                Err(NoAnswer::Net(b)) => {
                    tracing::debug!(%method, path = url.path(), reason = %b.reason, elapsed_ms, retries, "api call failed");
                    (b.failure.clone(), Err(self.network_error(b)))
                }
            };
            let policy = &self.inner.retry;
            let Some(wait) =
                policy.next_delay(&method, &failure, retries, started.elapsed(), &mut rand::rng())
            else {
                return give_up;
            };
            tracing::info!(%method, path = url.path(), ?failure, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Url {
        let mut url = self.inner.base.clone();
        // Cannot fail: the base URL was checked to be http(s) with a host.
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    async fn attempt(&self, method: &Method, url: &Url, body: Option<Vec<u8>>) -> Result<Answer, NoAnswer> {
        let mut req =
            self.inner.http.request(method.clone(), url.clone()).header(AUTHORIZATION, &self.inner.auth);
        if let Some(body) = body {
            req = req.header(CONTENT_TYPE, "application/json").body(body);
        }
        let mut resp = req.send().await.map_err(|e| NoAnswer::Net(broken(e)))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        self.saw(resp.version(), &headers);
        let mut body = Vec::new();
        // A write answered 2xx was applied: its answer breaking off is no reason to send it again.
        let applied = (200..300).contains(&status) && !matches!(*method, Method::GET | Method::HEAD);
        let cut = |e: reqwest::Error| match broken(e) {
            b if applied => NoAnswer::Refused(ClientError::UnreadableSuccess { status, reason: b.reason }),
            b => NoAnswer::Net(b),
        };
        while let Some(chunk) = resp.chunk().await.map_err(cut)? {
            if body.len() + chunk.len() > MAX_BODY {
                let message = format!("the answer is larger than {} MiB", MAX_BODY >> 20);
                return Err(NoAnswer::Refused(ClientError::Decode { message }));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer { status, headers, body, retries: 0, auth: self.inner.auth.clone() })
    }

    fn network_error(&self, b: Broken) -> ClientError {
        let url = self.inner.origin.clone();
        if b.timed_out {
            ClientError::TimedOut { url }
        } else {
            ClientError::Unreachable { url, reason: b.reason }
        }
    }
}

/// Sorts a reqwest error into what retrying needs to know, with a short reason for people.
fn broken(e: reqwest::Error) -> Broken {
    let timed_out = e.is_timeout();

    // A connect error means no byte of the request went out: the one failure a POST may retry.
    let failure = if e.is_connect() {
        Failure::Connect
    } else if timed_out {
        Failure::Timeout
    } else {
        Failure::Dropped
    };
    let reason = if timed_out {
        "timed out".to_string()
    } else if e.is_dns() {
        "host name not found".to_string()
    } else if let Some(rustls::Error::InvalidCertificate(why)) = find::<rustls::Error>(&e) {
        let why = sanitize_short(&format!("{why:?}"), 40);
        format!(
            "the server's certificate is not trusted ({why}); a private CA goes in ca_cert or SSL_CERT_FILE"
        )
    } else if let Some(tls) = find::<rustls::Error>(&e) {
        sanitize_short(&format!("secure connection failed: {tls}"), 120)
    } else {
        io_reason(&e).unwrap_or_else(|| match failure {
            Failure::Connect => sanitize_short(&innermost(&e), 120),
            _ => "the connection broke before the answer was complete".to_string(),
        })
    };
    Broken { failure, timed_out, reason }
}

fn io_reason(e: &reqwest::Error) -> Option<String> {
    let io = find::<io::Error>(e)?;
    let text = match io.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused",
        io::ErrorKind::ConnectionReset => "connection reset",
        io::ErrorKind::ConnectionAborted => "connection aborted",
        io::ErrorKind::UnexpectedEof => "the connection broke before the answer was complete",
        io::ErrorKind::HostUnreachable => "host unreachable",
        io::ErrorKind::NetworkUnreachable => "network unreachable",
        io::ErrorKind::TimedOut => "timed out",
        _ => return Some(sanitize_short(&io.to_string(), 120)),
    };
    Some(text.to_string())
}

/// The first error of type `T` in `e`'s chain of causes.
fn find<T: std::error::Error + 'static>(e: &reqwest::Error) -> Option<&T> {
    let mut source = e.source();
    while let Some(err) = source {
        if let Some(t) = err.downcast_ref::<T>() {
            return Some(t);
        }
        // An io::Error's `source()` skips the error it wraps, and TLS errors come wrapped in
        // io::Errors (twice, from hyper-rustls): look inside them.
        let mut inner = err.downcast_ref::<io::Error>().and_then(|io| io.get_ref());
        while let Some(w) = inner {
            if let Some(t) = w.downcast_ref::<T>() {
                return Some(t);
            }
            inner = w.downcast_ref::<io::Error>().and_then(|io| io.get_ref());
        }
        source = err.source();
    }
    None
}

/// The deepest cause's text (e.g. a TLS certificate problem), which says the most.
fn innermost(e: &reqwest::Error) -> String {
    let mut last: &dyn std::error::Error = e;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}
