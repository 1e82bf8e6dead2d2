//! The one error type of the client. Each variant is something a caller can act on, and its
//! `Display` is one line fit for the board's status line. Server text is sanitized and cut both
//! when the error is built (in `decode`) and again when it is shown, since the fields are public.

use std::time::Duration;

use crate::sanitize::sanitize_short;

/// The longest piece of server text a message carries.
pub const MESSAGE_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The configuration cannot work (bad URL, insecure http, no key); the text says what to fix.
    /// Our own words (quoting at most 120 characters of the URL), so a longer cut keeps the advice.
    #[error("{}", sanitize_short(.0, 2 * MESSAGE_MAX))]
    Config(String),
    /// 401: the key is missing, wrong or revoked.
    #[error("Not signed in: the API key was refused (401)")]
    Unauthorized,
    /// 404: the deal / pipeline / stage does not exist (any more).
    #[error("{}", or_default(message, "Not found (404)"))]
    NotFound { message: String },
    /// 400 (and 413): the request was refused as malformed.
    #[error("{}", or_default(message, "The server refused the request (400)"))]
    BadRequest { message: String },
    /// 422 `validation_error`: `field` names the refused field when the server says which.
    #[error("{}", or_default(message, "The server refused a value (422)"))]
    Validation { field: Option<String>, message: String },
    /// 422 `stage_not_in_pipeline`.
    #[error("{}", or_default(message, "That stage belongs to another pipeline"))]
    StageNotInPipeline { message: String },
    /// 429 after the retries allowed (or a `Retry-After` too long to wait for).
    #[error("{}", rate_limited(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// Any other HTTP status: 5xx, and 4xx the API does not define.
    #[error("{}", server(*.status, message))]
    Server { status: u16, message: String },
    /// No answer could be had: connection refused or reset, DNS, TLS, a connection dropped mid-answer.
    #[error("Cannot reach {}: {}", short(url), short(reason))]
    Unreachable { url: String, reason: String },
    /// No (complete) answer within the request timeout.
    #[error("No answer from {} in time (timed out)", short(url))]
    TimedOut { url: String },
    /// The answer was not understood; the message names the field where known.
    #[error("Unexpected answer from the server: {}", short(message))]
    Decode { message: String },
    /// A write answered 2xx, so the server applied it, but the answer's body could not be read
    /// (cut short, or not the deal): the caller re-reads what the server holds instead of
    /// taking the write for failed (and never sends a create again).
    #[error("Saved, but the answer could not be read (HTTP {status}): {}", short(reason))]
    UnreadableSuccess { status: u16, reason: String },
}

impl ClientError {
    /// True when the server could not be reached at all, so the board can show itself as offline.
    pub fn is_offline(&self) -> bool {
        matches!(self, ClientError::Unreachable { .. } | ClientError::TimedOut { .. })
    }

    /// The field the server refused, for a form to put the cursor on.
    pub fn field(&self) -> Option<&str> {
        match self {
            ClientError::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status behind the error, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Unauthorized => Some(401),
            ClientError::NotFound { .. } => Some(404),
            ClientError::BadRequest { .. } => Some(400),
            ClientError::Validation { .. } | ClientError::StageNotInPipeline { .. } => Some(422),
            ClientError::RateLimited { .. } => Some(429),
            ClientError::Server { status, .. } | ClientError::UnreadableSuccess { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The same error with every occurrence of `secret` in its text replaced.
    pub(crate) fn mask(self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let m = |s: String| if s.contains(secret) { s.replace(secret, "<redacted>") } else { s };
        match self {
            ClientError::Config(s) => ClientError::Config(m(s)),
            ClientError::NotFound { message } => ClientError::NotFound { message: m(message) },
            ClientError::BadRequest { message } => ClientError::BadRequest { message: m(message) },
            ClientError::Validation { field, message } => {
                ClientError::Validation { field: field.map(m), message: m(message) }
            }
            ClientError::StageNotInPipeline { message } => {
                ClientError::StageNotInPipeline { message: m(message) }
            }
            ClientError::Server { status, message } => ClientError::Server { status, message: m(message) },
            ClientError::Unreachable { url, reason } => ClientError::Unreachable { url, reason: m(reason) },
            ClientError::Decode { message } => ClientError::Decode { message: m(message) },
            ClientError::UnreadableSuccess { status, reason } => {
                ClientError::UnreadableSuccess { status, reason: m(reason) }
            }
            other @ (ClientError::Unauthorized
            | ClientError::RateLimited { .. }
            | ClientError::TimedOut { .. }) => other,
        }
    }

    pub(crate) fn decode(message: impl Into<String>) -> Self {
        ClientError::Decode { message: message.into() }
    }
}

fn short(s: &str) -> String {
    sanitize_short(s, MESSAGE_MAX)
}

fn or_default(message: &str, default: &str) -> String {
    let m = short(message.trim());
    if m.is_empty() { default.to_string() } else { m }
}

fn rate_limited(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) if d.as_secs() >= 1 => {
            format!("Too many requests: the server asks to wait {} s (429)", d.as_secs_f64().ceil() as u64)
        }
        _ => "Too many requests: try again in a moment (429)".to_string(),
    }
}

fn server(status: u16, message: &str) -> String {
    let what = if status >= 500 { "Server error" } else { "The server refused the request" };
    let m = short(message.trim());
    if m.is_empty() { format!("{what} ({status})") } else { format!("{what} ({status}): {m}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_displays_one_clean_line() {
        let long = "x".repeat(1000);
        let nasty = "bad\x1b[2J\nvalue\u{7}";
        let all = [
            ClientError::Config(nasty.into()),
            ClientError::Unauthorized,
            ClientError::NotFound { message: nasty.into() },
            ClientError::BadRequest { message: long.clone() },
            ClientError::Validation { field: Some("value".into()), message: nasty.into() },
            ClientError::StageNotInPipeline { message: String::new() },
            ClientError::RateLimited { retry_after: Some(Duration::from_millis(2500)) },
            ClientError::Server { status: 502, message: long.clone() },
            ClientError::Unreachable { url: "https://host".into(), reason: "connection refused".into() },
            ClientError::TimedOut { url: "https://host".into() },
            ClientError::Decode { message: long.clone() },
            ClientError::UnreadableSuccess { status: 200, reason: nasty.into() },
        ];
        for e in all {
            let s = e.to_string();
            assert!(!s.is_empty() && !s.contains(char::is_control), "{s:?}");
            assert!(s.chars().count() <= MESSAGE_MAX + 80, "{s}");
        }
    }

    #[test]
    fn messages_read_as_the_issue_asks() {
        let v =
            ClientError::Validation { field: Some("value".into()), message: "value must be a number".into() };
        assert_eq!(v.to_string(), "value must be a number");
        assert_eq!(v.field(), Some("value"));
        let u = ClientError::Unreachable { url: "https://host".into(), reason: "connection refused".into() };
        assert_eq!(u.to_string(), "Cannot reach https://host: connection refused");
        assert!(u.is_offline() && ClientError::TimedOut { url: "u".into() }.is_offline());
        assert!(!ClientError::Unauthorized.is_offline());
        assert_eq!(ClientError::Unauthorized.to_string(), "Not signed in: the API key was refused (401)");
        let r = ClientError::RateLimited { retry_after: Some(Duration::from_millis(2500)) };
        assert_eq!(r.to_string(), "Too many requests: the server asks to wait 3 s (429)");
        assert_eq!(ClientError::Server { status: 500, message: "".into() }.to_string(), "Server error (500)");
        assert_eq!(ClientError::NotFound { message: " ".into() }.to_string(), "Not found (404)");
        let cut = ClientError::UnreadableSuccess { status: 200, reason: "the answer was cut short".into() };
        assert_eq!(
            cut.to_string(),
            "Saved, but the answer could not be read (HTTP 200): the answer was cut short"
        );
        assert_eq!((cut.status(), cut.is_offline()), (Some(200), false));
    }
}
