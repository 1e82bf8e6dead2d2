//! What the board shows: filter and sort, held in the App and turned into each column's
//! `DealQuery`. Issue 5's `f` and `s` popups edit this; today it holds the default (open deals,
//! the API's default sort).

use jiff::civil::Date;

use crate::model::{Deal, DealQuery, DealStatus, Sort};

/// How many deals a page asks for: the API's maximum, so 10,000 deals take 100 requests.
pub const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    /// `None`: every status. The board opens on open deals.
    pub status: Option<DealStatus>,
    pub owner_id: Option<String>,
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    pub close_after: Option<Date>,
    pub close_before: Option<Date>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViewQuery {
    pub filter: Filter,
    /// `None`: the server's default (`-updated_at`).
    pub sort: Option<Sort>,
}

impl Default for ViewQuery {
    fn default() -> Self {
        ViewQuery { filter: Filter { status: Some(DealStatus::Open), ..Filter::default() }, sort: None }
    }
}

impl ViewQuery {
    /// The first page of one stage's deals.
    pub fn for_stage(&self, stage_id: &str) -> DealQuery {
        let f = &self.filter;
        DealQuery {
            stage_id: Some(stage_id.to_string()),
            owner_id: f.owner_id.clone(),
            status: f.status,
            min_value: f.min_value,
            max_value: f.max_value,
            expected_close_after: f.close_after,
            expected_close_before: f.close_before,
            sort: self.sort,
            limit: Some(PAGE_SIZE),
            ..DealQuery::default()
        }
    }

    /// Whether a deal belongs on the board under this filter: a deal changed locally (won,
    /// revalued) leaves or stays by the same rule the server applies.
    pub fn shows(&self, d: &Deal) -> bool {
        let f = &self.filter;
        let value = d.value.unwrap_or(0.0);
        f.status.is_none_or(|s| s == d.status)
            && f.owner_id.as_ref().is_none_or(|o| d.owner_id.as_ref() == Some(o))
            && f.min_value.is_none_or(|m| value >= m)
            && f.max_value.is_none_or(|m| value <= m)
            && f.close_after.is_none_or(|a| d.expected_close_date.is_some_and(|c| c >= a))
            && f.close_before.is_none_or(|b| d.expected_close_date.is_some_and(|c| c <= b))
    }
}
