//! `GET /deals` query parameters: one type for the client that writes them and the server that
//! reads them, so both sides agree on names, formats and what is refused.

use jiff::civil::Date;

use super::{ApiError, DealStatus, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortField {
    CreatedAt,
    Value,
    ExpectedCloseDate,
    UpdatedAt,
}

impl SortField {
    pub const ALL: [SortField; 4] =
        [SortField::CreatedAt, SortField::Value, SortField::ExpectedCloseDate, SortField::UpdatedAt];

    pub fn as_str(self) -> &'static str {
        match self {
            SortField::CreatedAt => "created_at",
            SortField::Value => "value",
            SortField::ExpectedCloseDate => "expected_close_date",
            SortField::UpdatedAt => "updated_at",
        }
    }
}

/// A sort key with its direction; written `value` (ascending) or `-value` (descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub field: SortField,
    pub descending: bool,
}

impl Default for Sort {
    /// docs/API.md: the default sort is `-updated_at`.
    fn default() -> Self {
        Sort { field: SortField::UpdatedAt, descending: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sort must be one of created_at, value, expected_close_date, updated_at, optionally prefixed with -")]
pub struct ParseSortError;

impl std::str::FromStr for Sort {
    type Err = ParseSortError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (descending, name) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let field = SortField::ALL.into_iter().find(|f| f.as_str() == name).ok_or(ParseSortError)?;
        Ok(Sort { field, descending })
    }
}

impl std::fmt::Display for Sort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        f.write_str(self.field.as_str())
    }
}

/// Every filter, the sort, the page size and the cursor of `GET /deals`. Filters combine with AND.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DealQuery {
    pub pipeline_id: Option<String>,
    pub stage_id: Option<String>,
    pub owner_id: Option<String>,
    pub status: Option<DealStatus>,
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    /// Inclusive of that day.
    pub expected_close_after: Option<Date>,
    /// Inclusive of that day.
    pub expected_close_before: Option<Date>,
    pub sort: Option<Sort>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The page size when `limit` is not given, and the most a page holds.
pub const DEFAULT_LIMIT: u32 = 25;
pub const MAX_LIMIT: u32 = 100;

impl DealQuery {
    /// The query string pairs, in a stable order, leaving out what is not set.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        push("pipeline_id", self.pipeline_id.clone());
        push("stage_id", self.stage_id.clone());
        push("owner_id", self.owner_id.clone());
        push("status", self.status.map(|s| s.as_str().to_string()));
        push("min_value", self.min_value.map(|v| v.to_string()));
        push("max_value", self.max_value.map(|v| v.to_string()));
        push("expected_close_after", self.expected_close_after.map(|d| d.to_string()));
        push("expected_close_before", self.expected_close_before.map(|d| d.to_string()));
        push("sort", self.sort.map(|s| s.to_string()));
        push("limit", self.limit.map(|l| l.to_string()));
        push("cursor", self.cursor.clone());
        out
    }

    /// Reads query pairs as the server receives them. Unknown parameter names are ignored;
    /// a known parameter with a value it cannot take is `400 bad_request` naming it.
    /// `limit` above [`MAX_LIMIT`] is clamped; zero or negative is refused.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ApiError> {
        let mut q = DealQuery::default();
        for (key, value) in pairs {
            let bad = |msg: &str| ApiError::field(ErrorCode::BadRequest, key, format!("{key} {msg}"));
            let text = || (!value.is_empty()).then(|| value.to_string());
            match key {
                "pipeline_id" => q.pipeline_id = text(),
                "stage_id" => q.stage_id = text(),
                "owner_id" => q.owner_id = text(),
                "cursor" => q.cursor = text(),
                "status" => {
                    q.status =
                        Some(DealStatus::parse(value).ok_or_else(|| bad("must be one of open, won, lost"))?)
                }
                "min_value" => {
                    q.min_value = Some(parse_amount(value).ok_or_else(|| bad("must be a number"))?)
                }
                "max_value" => {
                    q.max_value = Some(parse_amount(value).ok_or_else(|| bad("must be a number"))?)
                }
                "expected_close_after" => {
                    q.expected_close_after = Some(
                        parse_day(value)
                            .ok_or_else(|| bad("must be a date (YYYY-MM-DD) or an ISO 8601 timestamp"))?,
                    )
                }
                "expected_close_before" => {
                    q.expected_close_before = Some(
                        parse_day(value)
                            .ok_or_else(|| bad("must be a date (YYYY-MM-DD) or an ISO 8601 timestamp"))?,
                    )
                }
                "sort" => {
                    q.sort = Some(
                        value
                            .parse()
                            .map_err(|e: super::ParseSortError| bad(&e.to_string()["sort ".len()..]))?,
                    )
                }
                "limit" => {
                    let n: i64 = value.parse().map_err(|_| bad("must be a whole number from 1 to 100"))?;
                    if n <= 0 {
                        return Err(bad("must be a whole number from 1 to 100"));
                    }
                    q.limit = Some(n.min(MAX_LIMIT as i64) as u32);
                }
                _ => {}
            }
        }
        Ok(q)
    }

    /// The page size the server applies.
    pub fn effective_limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }
}

fn parse_amount(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A date, or a full ISO 8601 timestamp taken as its UTC day.
fn parse_day(s: &str) -> Option<Date> {
    if let Ok(d) = super::validate::parse_date(s) {
        return Some(d);
    }
    let ts: jiff::Timestamp = s.parse().ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_round_trips() {
        for f in SortField::ALL {
            for descending in [false, true] {
                let s = Sort { field: f, descending };
                assert_eq!(s.to_string().parse::<Sort>().unwrap(), s);
            }
        }
        assert!("colour".parse::<Sort>().is_err());
        assert!("--value".parse::<Sort>().is_err());
    }

    #[test]
    fn query_round_trips_through_pairs() {
        let q = DealQuery {
            pipeline_id: Some("pipe_001".into()),
            status: Some(DealStatus::Won),
            min_value: Some(10.5),
            expected_close_after: Some(jiff::civil::date(2026, 5, 1)),
            sort: Some("-value".parse().unwrap()),
            limit: Some(20),
            cursor: Some("abc".into()),
            ..Default::default()
        };
        let pairs = q.to_pairs();
        let back = DealQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
        assert_eq!(back, q);
    }

    #[test]
    fn bad_values_are_refused_and_limit_is_clamped() {
        let one = |k, v| DealQuery::from_pairs([(k, v)]);
        assert_eq!(one("sort", "colour").unwrap_err().code, ErrorCode::BadRequest);
        assert!(one("limit", "0").is_err());
        assert!(one("limit", "-3").is_err());
        assert!(one("limit", "ten").is_err());
        assert_eq!(one("limit", "1000").unwrap().limit, Some(100));
        assert!(one("min_value", "NaN").is_err());
        assert!(one("status", "maybe").is_err());
        assert_eq!(
            one("expected_close_before", "2026-05-01T23:00:00Z").unwrap().expected_close_before,
            Some(jiff::civil::date(2026, 5, 1))
        );
        assert!(one("colour", "red").is_ok());
    }
}
