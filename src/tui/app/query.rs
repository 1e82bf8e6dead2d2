//! What the board shows: the filter (`f`, a [`BoardFilter`] from the forms) and the sort (`s`),
//! held in the App and turned into each column's `DealQuery`.

use crate::model::{Deal, DealQuery, Sort};
use crate::tui::dialogs::BoardFilter;

/// How many deals a page asks for: the API's maximum, so 10,000 deals take 100 requests.
pub const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewQuery {
    /// The default shows open deals.
    pub filter: BoardFilter,
    /// `None`: the server's default (`-updated_at`).
    pub sort: Option<Sort>,
}

impl ViewQuery {
    /// The first page of one stage's deals.
    pub fn for_stage(&self, stage_id: &str) -> DealQuery {
        let mut q = DealQuery {
            stage_id: Some(stage_id.to_string()),
            sort: self.sort,
            limit: Some(PAGE_SIZE),
            ..DealQuery::default()
        };
        self.filter.apply(&mut q);
        q
    }

    /// Whether a deal belongs on the board under this filter: a deal changed locally (won,
    /// revalued) leaves or stays by the same rule the server applies.
    pub fn shows(&self, d: &Deal) -> bool {
        let f = &self.filter;
        let value = d.value.unwrap_or(0.0);
        f.status.as_status().is_none_or(|s| s == d.status)
            && f.owner.as_ref().is_none_or(|o| d.owner_id.as_ref() == Some(&o.id))
            && f.min_value.is_none_or(|m| value >= m)
            && f.max_value.is_none_or(|m| value <= m)
            && f.close_after.is_none_or(|a| d.expected_close_date.is_some_and(|c| c >= a))
            && f.close_before.is_none_or(|b| d.expected_close_date.is_some_and(|c| c <= b))
    }
}
