//! `o`: reopen a won or lost deal (shown when the filter includes them), optimistically like
//! every change: `PUT status: open` clears the reasons and `closed_at`.

use super::App;
use super::actions::UNSENT;
use super::pending::ChangeKind;
use super::undo::Inverse;
use crate::model::DealStatus;
use crate::sanitize::sanitize;
use crate::tui::command::Command;
use crate::tui::strings;

impl App {
    pub(super) fn reopen(&mut self) -> Vec<Command> {
        let Some(before) = self.selected_or_say() else { return Vec::new() };
        if before.status == DealStatus::Open {
            self.status.info(strings::ALREADY_OPEN);
            return Vec::new();
        }
        let mut after = before.clone();
        after.status = DealStatus::Open;
        after.won_reason = None;
        after.lost_reason = None;
        after.competitor = None;
        after.closed_at = None;
        after.updated_at = self.now;
        self.status.info(strings::reopened(&sanitize(&before.title)));
        let command = Command::Reopen { op: UNSENT, deal_id: before.id.clone() };
        // Undo closes it again the way it was closed, with its reasons.
        let (reason, competitor) = match before.status {
            DealStatus::Lost => {
                (before.lost_reason.clone().map(Into::into), before.competitor.clone().map(Into::into))
            }
            _ => (before.won_reason.clone().map(Into::into), None),
        };
        let undo = Inverse::Close { status: before.status, reason, competitor };
        self.change(before, after, ChangeKind::Reopen, command, Some(undo), None)
    }
}
