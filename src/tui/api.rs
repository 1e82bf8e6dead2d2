//! The client types the board speaks in. The typed client (branch `client`) is not on main yet;
//! until it is, this file holds stand-ins with exactly the CONTRACTS.md shapes, so the board
//! compiles and its tests run. When the client lands this file becomes a re-export.

use std::time::Duration;

/// A page of a list, as `Client::list_deals` answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: Option<u64>,
    pub next_cursor: Option<String>,
}

/// What a request can fail with; its Display is one line fit for the status line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("the API key was refused (401)")]
    Unauthorized,
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("bad request: {message}")]
    BadRequest { message: String },
    #[error("{message}")]
    Validation { field: Option<String>, message: String },
    #[error("{message}")]
    StageNotInPipeline { message: String },
    #[error("rate limited by the server")]
    RateLimited { retry_after: Option<Duration> },
    #[error("server error {status}: {message}")]
    Server { status: u16, message: String },
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("{url} did not answer in time")]
    TimedOut { url: String },
    #[error("answer not understood: {message}")]
    Decode { message: String },
}

impl ClientError {
    /// The server could not be reached at all: the board says it is offline.
    pub fn is_offline(&self) -> bool {
        matches!(self, ClientError::Unreachable { .. } | ClientError::TimedOut { .. })
    }
}
