use serde::{Deserialize, Serialize};

use super::SafeText;

/// A stage of a pipeline, as `GET /pipelines` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub name: SafeText,
    pub position: i64,
    pub probability: u8,
}

/// A pipeline with its stages in position order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: String,
    pub name: SafeText,
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub is_default: bool,
}

impl Pipeline {
    /// The stage a won deal sits in: the one `setting` names (its id, else its name in any
    /// case), or without a setting the last stage at probability 100. `None`: it has none.
    pub fn won_stage(&self, setting: Option<&str>) -> Option<&Stage> {
        let stages = &self.stages;
        match setting.map(str::trim) {
            Some(s) => stages
                .iter()
                .find(|st| st.id == s)
                .or_else(|| stages.iter().find(|st| st.name.as_str().to_lowercase() == s.to_lowercase())),
            None => stages.iter().filter(|s| s.probability == 100).max_by_key(|s| (s.position, s.id.clone())),
        }
    }
}

/// A stage as `GET /pipelines/:id/stages` answers it: with the count and total value of its open deals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageSummary {
    pub id: String,
    pub name: SafeText,
    pub position: i64,
    pub probability: u8,
    #[serde(default)]
    pub deal_count: u64,
    #[serde(default, serialize_with = "super::money::serialize_total")]
    pub total_value: f64,
}
