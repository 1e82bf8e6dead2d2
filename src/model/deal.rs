use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{CustomFields, SafeText};

/// Where a deal stands. Open deals are on the board; won and lost ones are closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DealStatus {
    #[default]
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub const ALL: [DealStatus; 3] = [DealStatus::Open, DealStatus::Won, DealStatus::Lost];

    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl std::fmt::Display for DealStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A deal as `GET /deals` lists it: the seed's example fields plus docs/API.md's optional ones.
/// Absent optional values are `null`, `tags` `[]` and `custom_fields` `{}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub id: String,
    pub title: SafeText,
    pub pipeline_id: String,
    pub stage_id: String,
    #[serde(default)]
    pub stage_name: Option<SafeText>,
    #[serde(default, serialize_with = "super::money::serialize_money")]
    pub value: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub probability: Option<u8>,
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default)]
    pub contact_id: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<Date>,
    #[serde(default)]
    pub status: DealStatus,
    #[serde(default)]
    pub custom_fields: CustomFields,
    #[serde(default)]
    pub tags: Vec<SafeText>,
    #[serde(default)]
    pub won_reason: Option<SafeText>,
    #[serde(default)]
    pub lost_reason: Option<SafeText>,
    #[serde(default)]
    pub competitor: Option<SafeText>,
    #[serde(default)]
    pub closed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A contact attached to a deal, with its role (`decision_maker`, `influencer`, `champion`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealContact {
    pub id: String,
    pub name: SafeText,
    #[serde(default)]
    pub email: Option<SafeText>,
    #[serde(default)]
    pub phone: Option<SafeText>,
    #[serde(default)]
    pub company: Option<SafeText>,
    #[serde(default)]
    pub role: Option<SafeText>,
    #[serde(default)]
    pub is_primary: bool,
}

/// One stay of a deal in a stage; the current stage has `left_at: null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage_id: String,
    #[serde(default)]
    pub stage_name: Option<SafeText>,
    pub entered_at: Timestamp,
    #[serde(default)]
    pub left_at: Option<Timestamp>,
    #[serde(default)]
    pub note: Option<SafeText>,
    #[serde(default)]
    pub changed_by: Option<String>,
}

/// `GET /deals/:id`: the deal with its contacts and stage history (oldest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealDetail {
    #[serde(flatten)]
    pub deal: Deal,
    #[serde(default)]
    pub contacts: Vec<DealContact>,
    #[serde(default)]
    pub stage_history: Vec<StageChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityType {
    Call,
    Meeting,
    Email,
    Task,
    Note,
    StageChange,
    StatusChange,
}

impl ActivityType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityType::Call => "call",
            ActivityType::Meeting => "meeting",
            ActivityType::Email => "email",
            ActivityType::Task => "task",
            ActivityType::Note => "note",
            ActivityType::StageChange => "stage_change",
            ActivityType::StatusChange => "status_change",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        use ActivityType::*;
        [Call, Meeting, Email, Task, Note, StageChange, StatusChange].into_iter().find(|t| t.as_str() == s)
    }
}

/// An activity logged against a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    pub deal_id: String,
    #[serde(rename = "type")]
    pub kind: ActivityType,
    #[serde(default)]
    pub subject: Option<SafeText>,
    #[serde(default)]
    pub note: Option<SafeText>,
    #[serde(default)]
    pub due_at: Option<Timestamp>,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub user_id: Option<String>,
    pub created_at: Timestamp,
}

/// A workspace user (`GET /users`, a local-server extension).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: SafeText,
    #[serde(default)]
    pub email: Option<SafeText>,
}

/// A workspace contact (`GET /contacts?q=`, a local-server extension).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub name: SafeText,
    #[serde(default)]
    pub email: Option<SafeText>,
    #[serde(default)]
    pub company: Option<SafeText>,
}

/// `DELETE /deals/:id` answers `{"id": "...", "deleted": true}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deleted {
    pub id: String,
    pub deleted: bool,
}

/// A contact as a deal's detail names it, kept apart from [`Contact`] so a picker can show both.
pub type ContactRef = DealContact;
