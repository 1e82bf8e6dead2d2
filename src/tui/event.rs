//! Everything `App::update` reacts to: the terminal's input and the worker's answers.

use crossterm::event::{KeyEvent, MouseEvent};

use super::api::{ClientError, Page};
use super::command::OpId;
use crate::model::{Activity, Contact, Deal, DealContact, DealDetail, Pipeline, StageSummary, User};

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
    Api(ApiEvent),
}

/// The outcome of one [`super::command::Command`], tagged with its op id so the App can find what
/// the request was for (a column's page, an optimistic change, a details view) and whether it is
/// still wanted. One variant per kind of answer, not per call: every write answers with a deal.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiEvent {
    Pipelines {
        op: OpId,
        result: Result<Vec<Pipeline>, ClientError>,
    },
    /// `Ok(None)`: the server has no `/users`; owners show as raw ids.
    Users {
        op: OpId,
        result: Result<Option<Vec<User>>, ClientError>,
    },
    Stages {
        op: OpId,
        result: Result<Vec<StageSummary>, ClientError>,
    },
    DealPage {
        op: OpId,
        result: Result<Page<Deal>, ClientError>,
    },
    Deal {
        op: OpId,
        result: Result<DealDetail, ClientError>,
    },
    Activities {
        op: OpId,
        result: Result<Vec<Activity>, ClientError>,
    },
    DealContacts {
        op: OpId,
        result: Result<Vec<DealContact>, ClientError>,
    },
    Contacts {
        op: OpId,
        result: Result<Option<Vec<Contact>>, ClientError>,
    },
    /// A create, update, stage move, won, lost or reopen: the server's copy of the deal.
    Saved {
        op: OpId,
        result: Result<Deal, ClientError>,
    },
    Deleted {
        op: OpId,
        result: Result<(), ClientError>,
    },
}

impl ApiEvent {
    pub fn op(&self) -> OpId {
        match self {
            ApiEvent::Pipelines { op, .. }
            | ApiEvent::Users { op, .. }
            | ApiEvent::Stages { op, .. }
            | ApiEvent::DealPage { op, .. }
            | ApiEvent::Deal { op, .. }
            | ApiEvent::Activities { op, .. }
            | ApiEvent::DealContacts { op, .. }
            | ApiEvent::Contacts { op, .. }
            | ApiEvent::Saved { op, .. }
            | ApiEvent::Deleted { op, .. } => *op,
        }
    }

    /// The error, when the request failed.
    pub fn error(&self) -> Option<&ClientError> {
        match self {
            ApiEvent::Pipelines { result, .. } => result.as_ref().err(),
            ApiEvent::Users { result, .. } => result.as_ref().err(),
            ApiEvent::Stages { result, .. } => result.as_ref().err(),
            ApiEvent::DealPage { result, .. } => result.as_ref().err(),
            ApiEvent::Deal { result, .. } => result.as_ref().err(),
            ApiEvent::Activities { result, .. } => result.as_ref().err(),
            ApiEvent::DealContacts { result, .. } => result.as_ref().err(),
            ApiEvent::Contacts { result, .. } => result.as_ref().err(),
            ApiEvent::Saved { result, .. } => result.as_ref().err(),
            ApiEvent::Deleted { result, .. } => result.as_ref().err(),
        }
    }
}
