//! `[stale_days]` in `config.toml`: how many days without an update make an open deal rotting,
//! per stage (by id or by name, `"Negotiation" = 7`); [`DEFAULT_STALE_DAYS`] for the rest.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Days without an update from which a deal is rotting, unless its stage says otherwise.
pub const DEFAULT_STALE_DAYS: i64 = 14;

/// Days by stage id or stage name (names compared without case).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct StaleDays(BTreeMap<String, u32>);

impl StaleDays {
    pub fn new(entries: impl IntoIterator<Item = (String, u32)>) -> StaleDays {
        StaleDays(entries.into_iter().collect())
    }

    /// The days for a stage: its id's entry, else its name's, else the default.
    pub fn for_stage(&self, id: &str, name: &str) -> i64 {
        let by_id = self.0.get(id);
        let by_name = || self.0.iter().find(|(k, _)| k.to_lowercase() == name.to_lowercase()).map(|(_, d)| d);
        by_id.or_else(by_name).map_or(DEFAULT_STALE_DAYS, |d| i64::from(*d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_wins_over_a_name_and_the_rest_keep_fourteen() {
        let s = StaleDays::new([("stage_002".to_string(), 3), ("negotiation".to_string(), 7)]);
        assert_eq!(s.for_stage("stage_002", "Negotiation"), 3);
        assert_eq!(s.for_stage("stage_004", "Negotiation"), 7);
        assert_eq!(s.for_stage("stage_001", "Lead"), 14);
        assert_eq!(StaleDays::default().for_stage("x", "y"), DEFAULT_STALE_DAYS);
    }
}
