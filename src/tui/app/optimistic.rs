//! Optimistic changes: applied to the board at once (with a pending mark), sent through the
//! worker, and settled by the answer: the server's copy replaces the local one, or on failure
//! the card goes back to the server's copy, the status line says why, and the dialog it came
//! from reopens with its text so `Enter` retries.

use super::pending::{Change, ChangeKind, Settled};
use super::undo::{Inverse, UndoEntry};
use super::{App, Request};
use crate::model::Deal;
use crate::sanitize::sanitize;
use crate::tui::api::ClientError;
use crate::tui::command::{Command, OpId};
use crate::tui::dialogs::Dialog;
use crate::tui::strings;

impl App {
    /// Applies a change to the board and sends it (or queues it behind the deal's change in
    /// flight). The selection follows the card when it was selected.
    pub(super) fn change(
        &mut self,
        before: Deal,
        after: Deal,
        kind: ChangeKind,
        command: Command,
        undo: Option<Inverse>,
        draft: Option<Dialog>,
    ) -> Vec<Command> {
        // Undoable at once: `u` before the server answers undoes this change (the one the user
        // sees last), its inverse queued behind it like any later change to the deal.
        // A bulk action's entries share its group: one `u` takes them all back.
        if let Some(inverse) = &undo {
            let group = self.bulk.open;
            self.undo.push(UndoEntry { deal: after.clone(), inverse: inverse.clone(), group });
        }
        let origin = self.show_instead(&before.id, after);
        let op = self.alloc_op();
        let title = sanitize(&before.title);
        // A bulk action's changes are counted in it (`bulk.open` is set only while it issues them).
        let batch = self.bulk.open;
        let change =
            Change { deal_id: before.id.clone(), title, kind, command: command.clone(), undo, draft, batch };
        if self.pending.add(op, before, origin, change) {
            self.requests.insert(op, Request::Change);
            vec![command.with_op(op)]
        } else {
            Vec::new()
        }
    }

    /// Replaces the board's copy of a deal with `deal` (or takes it off when the view does not
    /// show it). A deal staying in its stage keeps its place; one changing stage goes to the top
    /// of the new column. Returns where the old copy was, to put it back there on failure.
    fn show_instead(&mut self, deal_id: &str, deal: Deal) -> usize {
        let was_selected = self.board.selected_deal().is_some_and(|d| d.id == deal_id);
        let old = self.board.take(deal_id);
        let origin = old.as_ref().map_or(0, |(_, i, _)| *i);
        let same_stage = old.as_ref().is_some_and(|(_, _, d)| d.stage_id == deal.stage_id);
        if self.view.shows(&deal) {
            let index = if same_stage { origin } else { 0 };
            if let Some((c, i)) = self.board.put(deal, index)
                && was_selected
            {
                self.board.select(c, i);
            }
        }
        // Off the board (another pipeline, hidden by the filter): a mark on it would count a card
        // no bulk action can reach.
        if self.bulk.count() > 0 && self.board.find(deal_id).is_none() {
            self.bulk.keep_only(|id| id != deal_id);
        }
        self.keep_selection_in_view();
        origin
    }

    pub(super) fn on_saved(&mut self, op: OpId, result: Result<Deal, ClientError>) -> Vec<Command> {
        let outcome = self.pending.settle(op, result.clone().map_err(|_| ()));
        match (outcome, result) {
            (Some(Settled::Accepted { change, server, next, board_copy }), _) => {
                self.touched(&server.id);
                if let Some(b) = change.batch {
                    self.batch_settled(b, &change.title, None);
                }
                if let Some(copy) = board_copy {
                    self.show_server_copy(copy);
                }
                match next {
                    Some(next) => {
                        let op = self.alloc_op();
                        self.requests.insert(op, Request::Change);
                        let command = next.command.clone().with_op(op);
                        self.pending.sent(op, next);
                        vec![command]
                    }
                    None => Vec::new(),
                }
            }
            (Some(Settled::Refused { change, server, origin_index, dropped }), Err(e)) => {
                // Its inverse (and those of the changes dropped behind it) would undo nothing.
                self.undo.forget_deal(&change.deal_id);
                self.put_back(server, origin_index);
                // A bulk action's failures are told in its summary, once every deal has answered.
                match change.batch {
                    Some(b) => self.batch_settled(b, &change.title, Some(e.to_string())),
                    None => {
                        self.status.error(strings::change_failed(&change.title, &e, dropped.len()));
                        if let Some(draft) = change.draft {
                            self.offer_draft(draft, &e);
                        }
                    }
                }
                self.settle_dropped(&dropped, &e.to_string());
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The server's copy after every change to it settled.
    fn show_server_copy(&mut self, deal: Deal) {
        let id = deal.id.clone();
        if self.board.find(&id).is_some() && self.board.replace_in_place(deal.clone()) {
            if !self.view.shows(&deal) {
                self.board.take(&id);
            }
            return;
        }
        let origin = self.board.find(&id).map_or(0, |(_, i)| i);
        self.put_back(deal, origin);
    }

    /// Shows the server's copy at `origin_index` of its stage (after a failure: where the card
    /// was before the change).
    pub(super) fn put_back(&mut self, server: Deal, origin_index: usize) {
        let id = server.id.clone();
        // Selected if it was, or if the selection still sits where the card left from (the card
        // left the board, and the user has not moved since).
        let home = self.board.column_of_stage(&server.stage_id);
        let was_selected = self.board.selected_deal().is_some_and(|d| d.id == id)
            || (self.board.find(&id).is_none()
                && home == Some(self.board.col)
                && self.board.selected_column().is_some_and(|c| c.selected == origin_index));
        self.board.take(&id);
        if self.view.shows(&server)
            && let Some((c, i)) = self.board.put(server, origin_index)
            && was_selected
        {
            self.board.select(c, i);
        }
        self.keep_selection_in_view();
    }
}
