//! The board's filter: what the filter form produces and the board applies to every stage's
//! `GET /deals` query, and describes in its header.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::human::format;
use crate::model::{DealQuery, DealStatus, SafeText};

/// Which deals the board shows by status. The board's default is open deals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    #[default]
    Open,
    Won,
    Lost,
    All,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 4] =
        [StatusFilter::Open, StatusFilter::Won, StatusFilter::Lost, StatusFilter::All];

    pub fn as_status(self) -> Option<DealStatus> {
        match self {
            StatusFilter::Open => Some(DealStatus::Open),
            StatusFilter::Won => Some(DealStatus::Won),
            StatusFilter::Lost => Some(DealStatus::Lost),
            StatusFilter::All => None,
        }
    }

    pub fn label(self) -> &'static str {
        self.as_status().map_or(crate::tui::strings::STATUS_ALL, DealStatus::as_str)
    }
}

/// An owner to filter by: the id for the query, the name (when known) for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerFilter {
    pub id: String,
    pub name: Option<SafeText>,
}

/// Every filter the board offers, all sent as the API's query parameters (combined with AND).
/// Saved filters keep it in the state file (`tui/state.rs`): a field missing there is its default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardFilter {
    pub status: StatusFilter,
    pub owner: Option<OwnerFilter>,
    /// Inclusive.
    pub min_value: Option<f64>,
    /// Inclusive.
    pub max_value: Option<f64>,
    /// Inclusive of that day.
    pub close_after: Option<Date>,
    /// Inclusive of that day.
    pub close_before: Option<Date>,
    /// The currency the value range is in (the board's usual one): only deals in it, or
    /// converted into it at the `[rates]`, are compared with it.
    pub currency: Option<String>,
    /// The value range compares raw amounts in any currency (the server's own filter), as the
    /// rep chose in the form; it only means something with a range.
    pub any_currency: bool,
}

impl BoardFilter {
    /// Sets this filter's parameters on a query, leaving its pipeline, stage, sort and paging alone.
    pub fn apply(&self, q: &mut DealQuery) {
        q.status = self.status.as_status();
        q.owner_id = self.owner.as_ref().map(|o| o.id.clone());
        q.min_value = self.min_value;
        q.max_value = self.max_value;
        q.expected_close_after = self.close_after;
        q.expected_close_before = self.close_before;
    }

    /// Whether the board shows anything other than its default (all open deals).
    pub fn is_active(&self) -> bool {
        BoardFilter { currency: None, ..self.clone() } != BoardFilter::default()
    }

    /// One line for the header, e.g. `status: won · owner: Ana · value ≥ $10,000`; empty when
    /// the filter is not active.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.status != StatusFilter::Open {
            parts.push(format!("status: {}", self.status.label()));
        }
        if let Some(o) = &self.owner {
            let name = o.name.clone().unwrap_or_else(|| SafeText::new(o.id.as_str()));
            parts.push(format!("owner: {}", name.short(30)));
        }
        if let Some(v) = self.describe_value() {
            parts.push(v);
        }
        if let Some(d) = self.describe_dates() {
            parts.push(d);
        }
        parts.join(" · ")
    }

    fn describe_value(&self) -> Option<String> {
        // Plain amounts, then which money they are: `value ≥ 50,000 in USD`, or the raw amount
        // in any currency (`value ≥ 50,000 any currency`).
        let a = format::grouped;
        let range = match (self.min_value, self.max_value) {
            (Some(lo), Some(hi)) => format!("value {}–{}", a(lo), a(hi)),
            (Some(lo), None) => format!("value ≥ {}", a(lo)),
            (None, Some(hi)) => format!("value ≤ {}", a(hi)),
            (None, None) => return None,
        };
        Some(match (self.any_currency, self.currency.as_deref()) {
            (true, _) => format!("{range} {}", crate::tui::strings::ANY_CURRENCY),
            (false, Some(c)) => format!("{range} in {c}"),
            (false, None) => range,
        })
    }

    fn describe_dates(&self) -> Option<String> {
        Some(match (self.close_after, self.close_before) {
            (Some(a), Some(b)) => format!("closes {a} – {b}"),
            (Some(a), None) => format!("closes from {a}"),
            (None, Some(b)) => format!("closes by {b}"),
            (None, None) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_default_shows_open_deals_and_is_not_active() {
        let f = BoardFilter { currency: Some("USD".into()), ..Default::default() };
        assert!(!f.is_active());
        assert_eq!(f.describe(), "");
        let mut q = DealQuery { pipeline_id: Some("pipe_001".into()), ..Default::default() };
        f.apply(&mut q);
        assert_eq!(q.status, Some(DealStatus::Open));
        assert_eq!(q.pipeline_id.as_deref(), Some("pipe_001"));
    }

    #[test]
    fn every_filter_reaches_the_query_and_the_header() {
        let f = BoardFilter {
            status: StatusFilter::Won,
            owner: Some(OwnerFilter { id: "usr_002".into(), name: Some("Ana".into()) }),
            min_value: Some(10_000.0),
            max_value: None,
            close_after: Some(date(2026, 5, 1)),
            close_before: Some(date(2026, 6, 30)),
            currency: Some("USD".into()),
            any_currency: false,
        };
        assert!(f.is_active());
        let raw = BoardFilter { any_currency: true, ..f.clone() };
        assert!(raw.describe().contains("value ≥ 10,000 any currency"), "{}", raw.describe());
        assert_eq!(
            f.describe(),
            "status: won · owner: Ana · value ≥ 10,000 in USD · closes 2026-05-01 – 2026-06-30"
        );
        let mut q = DealQuery { cursor: Some("c".into()), ..Default::default() };
        f.apply(&mut q);
        let want = DealQuery {
            status: Some(DealStatus::Won),
            owner_id: Some("usr_002".into()),
            min_value: Some(10_000.0),
            expected_close_after: Some(date(2026, 5, 1)),
            expected_close_before: Some(date(2026, 6, 30)),
            cursor: Some("c".into()),
            ..Default::default()
        };
        assert_eq!(q, want);
    }

    #[test]
    fn all_statuses_send_no_status_and_ranges_read_well() {
        let f = BoardFilter {
            status: StatusFilter::All,
            min_value: Some(1000.0),
            max_value: Some(5000.0),
            close_before: Some(date(2026, 6, 30)),
            ..Default::default()
        };
        let mut q = DealQuery { status: Some(DealStatus::Open), ..Default::default() };
        f.apply(&mut q);
        assert_eq!(q.status, None);
        assert_eq!(f.describe(), "status: all · value 1,000–5,000 · closes by 2026-06-30");
        let owner_only =
            BoardFilter { owner: Some(OwnerFilter { id: "usr_9".into(), name: None }), ..Default::default() };
        assert_eq!(owner_only.describe(), "owner: usr_9");
    }
}
