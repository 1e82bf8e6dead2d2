//! Middleware around every route: request logging, the artificial latency, panic containment and
//! the optional rate limit (with its `X-RateLimit-*` headers).

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use super::error::Failure;

/// `--latency-ms`: every answer waits this long before it leaves.
pub async fn delay(State(latency): State<Duration>, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    response
}

/// A panic in a handler becomes a 500 in the envelope instead of a dropped connection.
pub async fn contain_panics(req: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!("a request handler panicked");
            Failure::internal().into_response()
        }
    }
}

/// One line per request. Only method, path, status and time: never headers (the key is one).
pub async fn log_requests(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    tracing::info!(
        %method,
        path = %crate::sanitize::sanitize_short(&path, 200),
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

pub use crate::cli::RateLimit;

/// The server's rate limit, off unless set; shared by every request and changeable while serving.
#[derive(Debug, Clone, Default)]
pub struct RateLimiter(Arc<Mutex<Option<Window>>>);

#[derive(Debug)]
struct Window {
    limit: RateLimit,
    started: Instant,
    used: u32,
}

impl RateLimiter {
    pub fn set(&self, limit: Option<RateLimit>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) =
            limit.map(|limit| Window { limit, started: Instant::now(), used: 0 });
    }

    /// Counts a request; `Err(seconds)` to wait when over the limit.
    #[cfg(test)]
    fn admit(&self, now: Instant) -> Result<(), u64> {
        match self.check(now) {
            Some(q) if !q.admitted => Err(q.reset_secs),
            _ => Ok(()),
        }
    }

    /// Counts a request against the limit; `None` when there is no limit.
    fn check(&self, now: Instant) -> Option<Quota> {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let w = guard.as_mut()?;
        if now.duration_since(w.started) >= w.limit.per {
            w.started = now;
            w.used = 0;
        }
        let admitted = w.used < w.limit.requests;
        if admitted {
            w.used += 1;
        }
        let left = w.limit.per.saturating_sub(now.duration_since(w.started));
        Some(Quota {
            admitted,
            limit: w.limit.requests,
            remaining: w.limit.requests - w.used,
            // Whole seconds, rounded up so a client that waits them is admitted.
            reset_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
        })
    }
}

/// Where a request stands against the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Quota {
    admitted: bool,
    limit: u32,
    remaining: u32,
    /// Seconds until the window starts again.
    reset_secs: u64,
}

/// The rate limit, counted per API key (it runs after the key check, and the server has one key).
/// With a limit set, every answer says where the key stands (`X-RateLimit-Limit`,
/// `X-RateLimit-Remaining`, `X-RateLimit-Reset` in seconds); over it, 429 with `Retry-After`.
pub async fn rate_limit(State(limiter): State<RateLimiter>, req: Request, next: Next) -> Response {
    let Some(q) = limiter.check(Instant::now()) else { return next.run(req).await };
    let mut response = if q.admitted {
        next.run(req).await
    } else {
        Failure::rate_limited(q.reset_secs.max(1)).into_response()
    };
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(q.limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(q.remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(q.reset_secs));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_refill_and_report_the_wait() {
        let l = RateLimiter::default();
        let t0 = Instant::now();
        assert!(l.admit(t0).is_ok());
        l.set(Some(RateLimit { requests: 2, per: Duration::from_secs(10) }));
        let t0 = Instant::now();
        assert!(l.admit(t0).is_ok() && l.admit(t0).is_ok());
        assert_eq!(l.admit(t0 + Duration::from_millis(500)), Err(10));
        assert!(l.admit(t0 + Duration::from_secs(11)).is_ok());
    }
}
