//! What the App asks the worker to do: one variant per API call of the client. Each carries the
//! op id its answer ([`super::event::ApiEvent`]) comes back with.

use crate::model::{DealPatch, DealQuery, NewDeal};

/// Identifies one request from command to answer. Unique within an App's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u64);

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `GET /pipelines`
    LoadPipelines { op: OpId },
    /// `GET /users` (a local-server extension)
    LoadUsers { op: OpId },
    /// `GET /pipelines/:id/stages`
    LoadStages { op: OpId, pipeline_id: String },
    /// `GET /deals` with filters, sort and cursor: one page.
    ListDeals { op: OpId, query: DealQuery },
    /// `GET /deals/:id`
    GetDeal { op: OpId, deal_id: String },
    /// `GET /deals/:id/activities`
    LoadActivities { op: OpId, deal_id: String },
    /// `GET /deals/:id/contacts`
    LoadDealContacts { op: OpId, deal_id: String },
    /// `GET /contacts?q=` (a local-server extension)
    SearchContacts { op: OpId, query: String },
    /// `POST /deals`
    CreateDeal { op: OpId, deal: NewDeal },
    /// `PUT /deals/:id`
    UpdateDeal { op: OpId, deal_id: String, patch: DealPatch },
    /// `PUT /deals/:id/stage`
    MoveStage { op: OpId, deal_id: String, stage_id: String, note: Option<String> },
    /// `PUT /deals/:id` with `status: won`
    MarkWon { op: OpId, deal_id: String, reason: Option<String> },
    /// `PUT /deals/:id` with `status: lost`
    MarkLost { op: OpId, deal_id: String, reason: Option<String>, competitor: Option<String> },
    /// `PUT /deals/:id` with `status: open`
    Reopen { op: OpId, deal_id: String },
    /// `DELETE /deals/:id`
    DeleteDeal { op: OpId, deal_id: String },
}

impl Command {
    pub fn op(&self) -> OpId {
        match self {
            Command::LoadPipelines { op }
            | Command::LoadUsers { op }
            | Command::LoadStages { op, .. }
            | Command::ListDeals { op, .. }
            | Command::GetDeal { op, .. }
            | Command::LoadActivities { op, .. }
            | Command::LoadDealContacts { op, .. }
            | Command::SearchContacts { op, .. }
            | Command::CreateDeal { op, .. }
            | Command::UpdateDeal { op, .. }
            | Command::MoveStage { op, .. }
            | Command::MarkWon { op, .. }
            | Command::MarkLost { op, .. }
            | Command::Reopen { op, .. }
            | Command::DeleteDeal { op, .. } => *op,
        }
    }

    /// The same request under a new op id (a queued change sent later, a retry).
    pub fn with_op(mut self, new: OpId) -> Command {
        match &mut self {
            Command::LoadPipelines { op }
            | Command::LoadUsers { op }
            | Command::LoadStages { op, .. }
            | Command::ListDeals { op, .. }
            | Command::GetDeal { op, .. }
            | Command::LoadActivities { op, .. }
            | Command::LoadDealContacts { op, .. }
            | Command::SearchContacts { op, .. }
            | Command::CreateDeal { op, .. }
            | Command::UpdateDeal { op, .. }
            | Command::MoveStage { op, .. }
            | Command::MarkWon { op, .. }
            | Command::MarkLost { op, .. }
            | Command::Reopen { op, .. }
            | Command::DeleteDeal { op, .. } => *op = new,
        }
        self
    }
}
