//! When to try a request again, and how long to wait first.
//!
//! The rule that matters most: a retry must never apply a change twice. GET, PUT and DELETE are
//! idempotent here (PUT carries absolute field values, never increments), so they are retried on
//! anything transient. POST creates a deal, so it is retried only when the request certainly never
//! reached the server: the connection could not even be opened.

use std::time::Duration;

use rand::Rng;

/// Bounds on retrying. `RetryPolicy::default()` for the board, `RetryPolicy::none()` for no retries;
/// tests set tiny backoffs through the public fields.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries on top of the first attempt.
    pub max_retries: u32,
    /// The wait before the first retry; it doubles for each further one (with jitter).
    pub initial_backoff: Duration,
    /// No single backoff wait is longer than this.
    pub max_backoff: Duration,
    /// No retry starts once this much time has passed since the first attempt (waits included),
    /// so a call takes at most about `max_total` plus one request timeout.
    pub max_total: Duration,
    /// The longest `Retry-After` honoured; a server asking for more gets a `RateLimited` error
    /// at once, so the board can say when to try again instead of hanging.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
            max_total: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// Exponential backoff with "equal jitter": half the doubled delay is fixed, half random, so
    /// clients that failed together do not all come back in the same instant.
    pub fn backoff(&self, retry: u32, rng: &mut impl Rng) -> Duration {
        let doubled = self.initial_backoff.saturating_mul(1u32 << retry.min(20));
        let capped = doubled.min(self.max_backoff);
        let half = capped / 2;
        let jitter_nanos = rng.random_range(0..=half.as_nanos().min(u64::MAX as u128) as u64);
        half + Duration::from_nanos(jitter_nanos)
    }

    /// The wait before retry number `retry` (0 for the first retry) after `failure`, or `None` to
    /// give up. `elapsed` is the time since the first attempt started.
    pub fn next_delay(
        &self,
        method: &reqwest::Method,
        failure: &Failure,
        retry: u32,
        elapsed: Duration,
        rng: &mut impl Rng,
    ) -> Option<Duration> {
        if retry >= self.max_retries || !is_retryable(method, failure) {
            return None;
        }
        let wait = match failure {
            Failure::Status { retry_after: Some(after), .. } => {
                if *after > self.max_retry_after {
                    return None;
                }
                *after
            }
            _ => self.backoff(retry, rng),
        };
        (elapsed + wait <= self.max_total).then_some(wait)
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The connection could not be opened (refused, DNS, TLS, connect timeout): nothing was sent.
    Connect,
    /// The request was (or may have been) sent and no complete answer came in time.
    Timeout,
    /// The request was (or may have been) sent and the connection broke before a full answer.
    Dropped,
    /// The server answered with this status.
    Status { status: u16, retry_after: Option<Duration> },
}

/// Whether `failure` is worth another attempt of `method`, on safety grounds alone.
pub fn is_retryable(method: &reqwest::Method, failure: &Failure) -> bool {
    use reqwest::Method;
    let idempotent = matches!(*method, Method::GET | Method::PUT | Method::DELETE | Method::HEAD);
    match failure {
        // Nothing reached the server: safe for every method, POST included.
        Failure::Connect => true,
        Failure::Timeout | Failure::Dropped => idempotent,
        Failure::Status { status, .. } => idempotent && matches!(status, 429 | 502 | 503 | 504),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use reqwest::Method;

    fn rng() -> rand_chacha::ChaCha8Rng {
        rand_chacha::ChaCha8Rng::seed_from_u64(7)
    }

    fn status(s: u16) -> Failure {
        Failure::Status { status: s, retry_after: None }
    }

    #[test]
    fn a_create_is_retried_only_when_nothing_was_sent() {
        assert!(is_retryable(&Method::POST, &Failure::Connect));
        for f in [Failure::Timeout, Failure::Dropped, status(502), status(503), status(504), status(429)] {
            assert!(!is_retryable(&Method::POST, &f), "{f:?}");
        }
    }

    #[test]
    fn idempotent_methods_retry_transient_failures_only() {
        for m in [Method::GET, Method::PUT, Method::DELETE] {
            for f in
                [Failure::Connect, Failure::Timeout, Failure::Dropped, status(429), status(502), status(504)]
            {
                assert!(is_retryable(&m, &f), "{m} {f:?}");
            }
            for s in [400, 401, 404, 422, 500, 501] {
                assert!(!is_retryable(&m, &status(s)), "{m} {s}");
            }
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let p = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        let mut r = rng();
        for _ in 0..50 {
            let d0 = p.backoff(0, &mut r);
            assert!(d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100), "{d0:?}");
            let d1 = p.backoff(1, &mut r);
            assert!(d1 >= Duration::from_millis(100) && d1 <= Duration::from_millis(200), "{d1:?}");
            let d9 = p.backoff(40, &mut r);
            assert!(d9 >= Duration::from_millis(175) && d9 <= Duration::from_millis(350), "{d9:?}");
        }
    }

    #[test]
    fn retries_are_bounded_in_count_and_time() {
        let p = RetryPolicy::default();
        let mut r = rng();
        let get = Method::GET;
        assert!(p.next_delay(&get, &Failure::Timeout, 0, Duration::ZERO, &mut r).is_some());
        assert!(p.next_delay(&get, &Failure::Timeout, p.max_retries, Duration::ZERO, &mut r).is_none());
        assert!(p.next_delay(&get, &Failure::Timeout, 0, p.max_total, &mut r).is_none());
        assert!(RetryPolicy::none().next_delay(&get, &Failure::Connect, 0, Duration::ZERO, &mut r).is_none());
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        let mut r = rng();
        let ra = |s| Failure::Status { status: 429, retry_after: Some(Duration::from_secs(s)) };
        assert_eq!(
            p.next_delay(&Method::GET, &ra(2), 0, Duration::ZERO, &mut r),
            Some(Duration::from_secs(2))
        );
        assert_eq!(p.next_delay(&Method::GET, &ra(3600), 0, Duration::ZERO, &mut r), None);
    }
}
