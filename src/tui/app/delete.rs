//! `d`: delete the selected deal after a confirmation that names it and says it cannot be undone.
//! The card goes at once; a refused delete puts it back where it was, with the reason. Deletes go
//! through the pending queue like any change, so one never overtakes a move of the same deal.

use super::pending::{Change, ChangeKind, Settled};
use super::{App, Request};
use crate::model::Deal;
use crate::sanitize::sanitize;
use crate::tui::api::ClientError;
use crate::tui::command::{Command, OpId};
use crate::tui::dialogs::{ConfirmDialog, Dialog};
use crate::tui::strings;

impl App {
    pub(super) fn open_delete(&mut self) {
        if self.has_marks() {
            return self.open_bulk_dialog(crate::settings::keys::Action::DeleteDeal);
        }
        let Some(deal) = self.selected_or_say() else { return };
        self.popup = Some(Dialog::ConfirmDelete(Box::new(ConfirmDialog::delete_deal(&deal.id, &deal.title))));
    }

    pub(super) fn delete(&mut self, deal_id: &str) -> Vec<Command> {
        let Some((_, origin, before)) = self.board.take(deal_id) else {
            self.status.info(strings::DEAL_GONE);
            return Vec::new();
        };
        self.send_delete(before, origin)
    }

    /// Deletes a deal already taken off the board (or never on it: undoing a create the filter
    /// hides); on failure it comes back at `origin`.
    pub(super) fn send_delete(&mut self, before: Deal, origin: usize) -> Vec<Command> {
        self.keep_selection_in_view();
        let title = sanitize(&before.title);
        self.status.info(strings::deleting(&title));
        let op = self.alloc_op();
        let command = Command::DeleteDeal { op, deal_id: before.id.clone() };
        let change = Change {
            deal_id: before.id.clone(),
            title,
            kind: ChangeKind::Delete,
            command: command.clone(),
            undo: None,
            draft: None,
            batch: self.bulk.open,
        };
        if self.pending.add(op, before, origin, change) {
            self.requests.insert(op, Request::Change);
            vec![command]
        } else {
            Vec::new()
        }
    }

    /// The answer to a delete: gone for good, or back on the board with the reason.
    pub(super) fn on_deleted(&mut self, op: OpId, result: Result<(), ClientError>) -> Vec<Command> {
        let Some(server) = self.pending.server_for(op).cloned() else { return Vec::new() };
        let outcome = self.pending.settle(op, result.clone().map(|()| server).map_err(|_| ()));
        match (outcome, result) {
            (Some(Settled::Accepted { change, next, .. }), _) => {
                self.forget(&change.deal_id);
                // Nothing sensible can follow a delete; a queued change would only find a 404.
                // A bulk delete says one summary when the last answer is in.
                match change.batch {
                    Some(b) => self.batch_settled(b, &change.title, None),
                    None => self.status.info(strings::deleted(&change.title)),
                }
                self.settle_dropped(&next.into_iter().collect::<Vec<_>>(), strings::DEAL_DELETED);
            }
            (Some(Settled::Refused { change, server, origin_index, dropped }), Err(e)) => {
                self.put_back(server, origin_index);
                match change.batch {
                    Some(b) => self.batch_settled(b, &change.title, Some(e.to_string())),
                    None => self.status.error(strings::delete_failed(&change.title, &e)),
                }
                self.settle_dropped(&dropped, &e.to_string());
            }
            _ => {}
        }
        Vec::new()
    }

    /// A deleted deal: off the board (a change answered after the delete may have put it back)
    /// and out of the undo history.
    fn forget(&mut self, deal_id: &str) {
        // A refresh whose pages were read before the delete must not bring it back.
        self.touched(deal_id);
        self.board.take(deal_id);
        self.undo.forget_deal(deal_id);
        self.keep_selection_in_view();
    }
}
