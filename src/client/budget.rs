//! What the server says about the requests left: the rate-limit headers of its latest answer.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// The request budget as of one answer. Fields the server did not send are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Budget {
    /// Requests allowed per window (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Requests left in this window (`X-RateLimit-Remaining`).
    pub remaining: Option<u64>,
    /// Until the window starts again, from when the answer came (`X-RateLimit-Reset`, seconds).
    pub reset: Option<Duration>,
    /// Requests left today (`X-Daily-Requests-Left` or `X-RateLimit-Daily-Remaining`).
    pub daily_remaining: Option<u64>,
}

impl Budget {
    /// The budget an answer's headers state; `None` when they state nothing about it.
    pub fn from_headers(headers: &HeaderMap) -> Option<Budget> {
        let number = |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let budget = Budget {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: number("x-ratelimit-reset").map(Duration::from_secs),
            daily_remaining: number("x-daily-requests-left")
                .or_else(|| number("x-ratelimit-daily-remaining")),
        };
        (budget != Budget::default()).then_some(budget)
    }

    /// True when the window's requests are used up.
    pub fn is_spent(&self) -> bool {
        self.remaining == Some(0) || self.daily_remaining == Some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap())).collect()
    }

    #[test]
    fn reads_the_rate_limit_headers() {
        let b = Budget::from_headers(&headers(&[
            ("x-ratelimit-limit", "600"),
            ("X-RateLimit-Remaining", " 0"),
            ("x-ratelimit-reset", "42"),
            ("x-ratelimit-daily-remaining", "9000"),
        ]))
        .unwrap();
        assert_eq!(
            b,
            Budget {
                limit: Some(600),
                remaining: Some(0),
                reset: Some(Duration::from_secs(42)),
                daily_remaining: Some(9000)
            }
        );
        assert!(b.is_spent());
        let daily = Budget::from_headers(&headers(&[("x-daily-requests-left", "12")])).unwrap();
        assert_eq!(daily.daily_remaining, Some(12));
        assert!(!daily.is_spent());
        assert_eq!(Budget::from_headers(&headers(&[("x-ratelimit-limit", "lots")])), None);
        assert_eq!(Budget::from_headers(&HeaderMap::new()), None);
    }
}
