//! Middleware around every route: request logging, the artificial latency, panic containment and
//! the optional rate limit.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
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

/// At most `requests` requests per `per`, counted in fixed windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

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
    fn admit(&self, now: Instant) -> Result<(), u64> {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Some(w) = guard.as_mut() else { return Ok(()) };
        if now.duration_since(w.started) >= w.limit.per {
            w.started = now;
            w.used = 0;
        }
        if w.used < w.limit.requests {
            w.used += 1;
            return Ok(());
        }
        let left = w.limit.per.saturating_sub(now.duration_since(w.started));
        // Retry-After is whole seconds; round up so a client that obeys it is admitted.
        Err(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }
}

pub async fn rate_limit(State(limiter): State<RateLimiter>, req: Request, next: Next) -> Response {
    match limiter.admit(Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(secs) => Failure::rate_limited(secs.max(1)).into_response(),
    }
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
