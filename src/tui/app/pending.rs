//! Optimistic changes waiting for the server. Changes to one deal go out one at a time, in the
//! order they were made: two stage moves sent together could land in either order and leave the
//! deal in the wrong stage. The first failure puts the deal back to the server's copy and drops
//! the changes queued behind it.

use std::collections::{HashMap, VecDeque};

use super::undo::Inverse;
use crate::model::Deal;
use crate::tui::command::{Command, OpId};
use crate::tui::dialogs::Dialog;

/// What a change was, for messages.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    Move {
        to_stage: String,
    },
    Value,
    Won,
    Lost,
    Reopen,
    /// The deal form (`e`): any fields, the pipeline too.
    Edit,
    Delete,
}

/// One optimistic change of one deal.
#[derive(Debug, Clone)]
pub struct Change {
    pub deal_id: String,
    /// The deal's title, for messages after it left the board.
    pub title: String,
    pub kind: ChangeKind,
    /// The request; its op id is set when it is sent.
    pub command: Command,
    /// Pushed on the undo stack when the change is made (`None` for an undo itself), taken off
    /// again if the server refuses it.
    pub undo: Option<Inverse>,
    /// The dialog the change came from, reopened with its text if the change fails.
    pub draft: Option<Dialog>,
    /// The bulk action it belongs to: its answer counts towards that action's one summary.
    pub batch: Option<u64>,
}

#[derive(Debug, Clone)]
struct DealChanges {
    /// The server's copy: what the card returns to on failure.
    server: Deal,
    /// Where the card was before the first change, to put it back in the same place.
    origin_index: usize,
    inflight: (OpId, Change),
    queued: VecDeque<Change>,
}

#[derive(Debug, Clone, Default)]
pub struct Pending {
    by_deal: HashMap<String, DealChanges>,
    by_op: HashMap<OpId, String>,
}

/// What became of a change when the server answered.
// Short-lived: made and taken apart in one call, so its size costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Settled {
    /// Accepted. `next` is the queued change to send now, if any; `board_copy` is the server's
    /// deal to show, unless more changes are still on their way (the local copy is ahead).
    Accepted { change: Change, server: Deal, next: Option<Change>, board_copy: Option<Deal> },
    /// Refused: the card goes back to `server` at `origin_index`; `dropped` changes were never sent.
    Refused { change: Change, server: Deal, origin_index: usize, dropped: Vec<Change> },
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.by_deal.is_empty()
    }

    /// Changes sent or queued, for the quit question.
    pub fn count(&self) -> usize {
        self.by_deal.values().map(|d| 1 + d.queued.len()).sum()
    }

    pub fn has(&self, deal_id: &str) -> bool {
        self.by_deal.contains_key(deal_id)
    }

    pub fn owns(&self, op: OpId) -> bool {
        self.by_op.contains_key(&op)
    }

    /// Records a change. Returns true when it should be sent now (nothing else in flight for the
    /// deal); otherwise it waits its turn. `server` is the deal as the server holds it, used only
    /// when this is the deal's first pending change.
    pub fn add(&mut self, op: OpId, server: Deal, origin_index: usize, change: Change) -> bool {
        if let Some(d) = self.by_deal.get_mut(&change.deal_id) {
            d.queued.push_back(change);
            return false;
        }
        self.by_op.insert(op, change.deal_id.clone());
        let id = change.deal_id.clone();
        self.by_deal.insert(
            id,
            DealChanges { server, origin_index, inflight: (op, change), queued: VecDeque::new() },
        );
        true
    }

    /// The server's copy of the deal whose change was sent as `op` (a delete answers with no
    /// deal: the copy it settles with).
    pub fn server_for(&self, op: OpId) -> Option<&Deal> {
        self.by_deal.get(self.by_op.get(&op)?).map(|d| &d.server)
    }

    /// Marks the next queued change of a deal as sent under `op`.
    pub fn sent(&mut self, op: OpId, change: Change) {
        if let Some(d) = self.by_deal.get_mut(&change.deal_id) {
            self.by_op.insert(op, change.deal_id.clone());
            d.inflight = (op, change);
        }
    }

    /// Settles the change sent as `op` with the server's answer.
    pub fn settle(&mut self, op: OpId, result: Result<Deal, ()>) -> Option<Settled> {
        let deal_id = self.by_op.remove(&op)?;
        let mut d = self.by_deal.remove(&deal_id)?;
        let change = d.inflight.1.clone();
        match result {
            Ok(server) => {
                let next = d.queued.pop_front();
                let board_copy = next.is_none().then(|| server.clone());
                if next.is_some() {
                    d.server = server.clone();
                    self.by_deal.insert(deal_id, d);
                }
                Some(Settled::Accepted { change, server, next, board_copy })
            }
            Err(()) => Some(Settled::Refused {
                change,
                server: d.server,
                origin_index: d.origin_index,
                dropped: d.queued.into(),
            }),
        }
    }
}
