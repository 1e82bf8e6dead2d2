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
