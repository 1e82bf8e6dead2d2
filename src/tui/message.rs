//! What moves between the App, the worker and the event loop. The App asks with a [`Command`]
//! (`{op, call}`, one [`Call`] per API call of the client); the worker answers with an
//! [`Answer`] carrying the same op id, so the App finds what the request was for (a column's
//! page, an optimistic change, a details view) and whether it is still wanted.

use crossterm::event::{KeyEvent, MouseEvent};

use super::api::{Budget, ClientError, Page};
use crate::model::{
    Activity, Contact, Deal, DealDetail, DealPatch, DealQuery, NewDeal, Pipeline, StageSummary, User,
};

/// The board as last read from the server, kept between runs (`tui::cache` stores it, the
/// launcher hands it to `App::show_cached`): drawn at once on the next start, then brought up to
/// date. One pipeline's open deals, with what drawing them needs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// When this copy was read from the server.
    pub read_at: jiff::Timestamp,
    pub pipelines: Vec<Pipeline>,
    /// The pipeline shown, one of `pipelines`.
    pub pipeline_id: String,
    /// Its stages' counts and totals, as far as they had arrived.
    pub stages: Vec<StageSummary>,
    /// The open deals on its columns, each column's in board order.
    pub deals: Vec<Deal>,
    /// `None`: the server has no `/users`.
    pub users: Option<Vec<User>>,
}

/// Identifies one request from command to answer. Unique within an App's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u64);

/// One request: its op id, given when the command is made, and the call.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub op: OpId,
    pub call: Call,
}

impl Command {
    pub fn op(&self) -> OpId {
        self.op
    }
}

/// One variant per API call of the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// `GET /pipelines`
    LoadPipelines,
    /// `GET /users` (a local-server extension)
    LoadUsers,
    /// `GET /pipelines/:id/stages`
    LoadStages { pipeline_id: String },
    /// `GET /deals` with filters, sort and cursor: one page.
    ListDeals { query: DealQuery },
    /// `GET /deals/:id`
    GetDeal { deal_id: String },
    /// `GET /deals/:id/activities`
    LoadActivities { deal_id: String },
    /// `GET /contacts?q=` (a local-server extension)
    SearchContacts { query: String },
    /// `POST /deals`
    CreateDeal { deal: NewDeal },
    /// `PUT /deals/:id`
    UpdateDeal { deal_id: String, patch: DealPatch },
    /// `PUT /deals/:id/stage`
    MoveStage { deal_id: String, stage_id: String, note: Option<String> },
    /// `PUT /deals/:id` with `status: won`
    MarkWon { deal_id: String, reason: Option<String> },
    /// `PUT /deals/:id` with `status: lost`
    MarkLost { deal_id: String, reason: Option<String>, competitor: Option<String> },
    /// `PUT /deals/:id` with `status: open`
    Reopen { deal_id: String },
    /// `DELETE /deals/:id`
    DeleteDeal { deal_id: String },
}

/// The worker's answer to the command sent as `op`.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub op: OpId,
    pub result: Result<Outcome, ClientError>,
}

impl Answer {
    pub fn op(&self) -> OpId {
        self.op
    }

    /// The error, when the request failed.
    pub fn error(&self) -> Option<&ClientError> {
        self.result.as_ref().err()
    }
}

/// What a call answered with. One variant per kind of answer, not per call: every write
/// answers with the server's copy of the deal.
// Answers move one at a time through a channel; boxing the large ones would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pipelines(Vec<Pipeline>),
    /// `None`: the server has no `/users`; owners show as raw ids.
    Users(Option<Vec<User>>),
    Stages(Vec<StageSummary>),
    DealPage(Page<Deal>),
    Deal(DealDetail),
    Activities(Vec<Activity>),
    /// `None`: the server has no `/contacts`.
    Contacts(Option<Vec<Contact>>),
    /// A create, update, stage move, won, lost or reopen: the server's copy of the deal.
    Saved(Deal),
    Deleted,
}

/// Everything `App::update` reacts to: the terminal's input and the worker's answers.
// Events move one at a time through a channel; boxing the large worker results would buy
// nothing and change the contract's shape.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// Sent by the loop only while `App::wants_ticks()`: drives the spinner and fades the
    /// highlight of deals changed elsewhere.
    Tick,
    /// Sent by the loop every `AppSettings::refresh_every`: merge what changed on the server.
    RefreshDue,
    /// A worker result.
    Api(Answer),
    /// From the worker, before an answer whose headers stated the API budget: what is left.
    Budget(Budget),
}
