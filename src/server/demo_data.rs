//! The demo workspace as data: the shape of `assets/demo/workspace.json`, which `--demo` loads into
//! an empty database, and the deterministic generator behind `--deals N`.
//!
//! The file is written around an `anchor` day. Loading shifts every date and timestamp of a deal
//! that is not `pinned` by (today - anchor) days, so the demo board always has deals closing next
//! week, overdue ones and fresh updates, whenever it is run. Pinned deals (the vendor document's
//! own example) keep the document's exact values, so its `curl` examples answer as printed.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{Contact, CustomFields, DealStatus, Pipeline, User};

/// The whole demo workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The day the file's dates were written around.
    pub anchor: Date,
    pub users: Vec<User>,
    pub contacts: Vec<DemoContact>,
    pub pipelines: Vec<Pipeline>,
    pub deals: Vec<DemoDeal>,
}

/// A workspace contact (the `/contacts` extension's shape plus a phone number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoContact {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
}

impl From<&DemoContact> for Contact {
    fn from(c: &DemoContact) -> Self {
        Contact { id: c.id.clone(), name: c.name.clone(), email: c.email.clone(), company: c.company.clone() }
    }
}

/// A deal with everything hanging off it. `stage_name` is not stored: it comes from the stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoDeal {
    pub id: String,
    pub title: String,
    pub pipeline_id: String,
    pub stage_id: String,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub probability: Option<u8>,
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The primary contact; also listed in `contacts` with `is_primary: true`.
    #[serde(default)]
    pub contact_id: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<Date>,
    #[serde(default)]
    pub status: DealStatus,
    #[serde(default)]
    pub custom_fields: CustomFields,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub won_reason: Option<String>,
    #[serde(default)]
    pub lost_reason: Option<String>,
    #[serde(default)]
    pub competitor: Option<String>,
    #[serde(default)]
    pub closed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Keep this deal's dates exactly as written (no shift to today).
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub contacts: Vec<DemoDealContact>,
    /// Oldest first; the last entry is the current stage, with `left_at: null`.
    #[serde(default)]
    pub stage_history: Vec<DemoStageChange>,
    #[serde(default)]
    pub activities: Vec<DemoActivity>,
}

/// A contact's part in a deal: `decision_maker`, `influencer`, `champion`, `technical_buyer`, `end_user`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoDealContact {
    pub contact_id: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub is_primary: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoStageChange {
    pub stage_id: String,
    pub entered_at: Timestamp,
    #[serde(default)]
    pub left_at: Option<Timestamp>,
    #[serde(default)]
    pub note: Option<String>,
    /// A user id.
    #[serde(default)]
    pub changed_by: Option<String>,
}

/// An activity of a deal (`deal_id` is the owning deal's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoActivity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: crate::model::ActivityType,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub due_at: Option<Timestamp>,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub user_id: Option<String>,
    pub created_at: Timestamp,
}
