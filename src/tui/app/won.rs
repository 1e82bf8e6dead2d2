//! The won stage: the stage a won deal sits in (`won_stage`, else each pipeline's last stage at
//! probability 100), and its column.
//!
//! - Moving an open deal INTO the won stage (`L`, the stage picker, a bulk move of marked
//!   deals) sends nothing: it opens the won dialog, whose `Enter` moves the deal there AND marks
//!   it won in one `PUT /deals/:id` (`stage_id`, `status`, `won_reason`, one change by the
//!   model's rule); `Esc` leaves it where it was.
//! - `w` on a deal in any other stage does the same: won, and moved into the won stage.
//! - Without a filter the won stage's column shows the deals won in the last
//!   `won_column_days` days (`ViewQuery::won_since`; read newest change first until the window
//!   ends), each with the card's won badge, then every open deal still in the stage (another
//!   client may leave some there; `ViewQuery::open_in_won_stage`), unmarked. Its header counts
//!   and sums the deals it holds, not the server's count of open deals.
//! - `o` on a won deal there puts it back open in the stage it was in before (its stage
//!   history, `GET /deals/:id`; else the stage before the won stage).
//!
//! Undo takes each back: won-and-moved goes back open to the stage it came from, and a reopen
//! goes back won, in the won stage, with its reason.

use jiff::{SignedDuration, Timestamp};

use super::changes::{Inverse, Target};
use super::{App, Request};
use crate::model::{Deal, DealPatch, DealStatus, Field, SafeText, Stage};
use crate::tui::api::ClientError;
use crate::tui::dialogs::{Dialog, WonDialog};
use crate::tui::message::{Call, Command, Outcome};
use crate::tui::strings;

/// `won_stage` and `won_column_days` from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WonSettings {
    /// A stage id or name; `None`: each pipeline's last stage at probability 100.
    pub stage: Option<String>,
    /// The won column's window, in days.
    pub days: u32,
}

/// The current pipeline's won stage and the start of its column's window.
#[derive(Debug, Clone, PartialEq)]
pub struct WonColumn {
    pub stage_id: String,
    pub since: Timestamp,
    /// Its column shows the deals won since `since` (no status filter is applied).
    pub column: bool,
}

impl App {
    /// Sets the view's won column from the settings, the pipeline shown and the clock.
    pub(super) fn sync_won_view(&mut self) {
        // A filter on the status shows the won stage like any other stage, by that status; the
        // other filters (owner, "only mine", values, dates) narrow the won column's deals too.
        let column = self.view.filter.status == crate::tui::dialogs::StatusFilter::Open;
        let won = self.settings.won.as_ref().and_then(|w| {
            let stage = self.board.pipeline()?.won_stage(w.stage.as_deref())?;
            let back = SignedDuration::from_hours(24 * i64::from(w.days));
            let since = self.now.checked_sub(back).unwrap_or(self.now);
            Some(WonColumn { stage_id: stage.id.clone(), since, column })
        });
        self.view.won = won;
    }

    /// The won stage of the pipeline shown, as its column has it.
    pub(super) fn won_stage_shown(&self) -> Option<&Stage> {
        let id = &self.view.won.as_ref()?.stage_id;
        self.board.columns.iter().map(|c| &c.stage).find(|s| s.id == *id)
    }

    /// Whether moving `deal` to column `to` takes an open deal into the won stage.
    pub(super) fn enters_won(&self, deal: &Deal, to: usize) -> bool {
        let Some(won) = self.won_stage_shown() else { return false };
        deal.status == DealStatus::Open
            && deal.stage_id != won.id
            && self.board.columns.get(to).is_some_and(|c| c.stage.id == won.id)
    }

    /// The won dialog for `target`, saying that it also moves the deal(s) into the won stage.
    pub(super) fn ask_won(&mut self, target: Target, title: String) {
        let mut dialog = WonDialog::new(target, title);
        dialog.into = self.won_stage_shown().map(|s| s.name.clone());
        self.popup = Some(Dialog::Won(Box::new(dialog)));
    }

    /// The won dialog's line saying where `w` takes the deal(s), when it moves them.
    pub(super) fn won_dialog_into(&self, target: &Target) -> Option<SafeText> {
        let won = self.won_stage_shown()?;
        let moves = match target {
            Target::Marked => true,
            Target::Deal(id) => self.board.deal(id).is_some_and(|d| d.stage_id != won.id),
        };
        moves.then(|| won.name.clone())
    }

    /// `before` won (with `reason`) and moved into the won stage in one change, when its
    /// pipeline has a won stage and it is not in it: the deal, the call, the undo and the
    /// stage's name.
    pub(super) fn won_change(
        &self,
        before: &Deal,
        reason: Option<String>,
    ) -> Option<(Deal, Call, Inverse, SafeText)> {
        let won = self.won_stage_shown()?;
        if before.stage_id == won.id || self.board.column_of_stage(&before.stage_id).is_none() {
            return None;
        }
        let patch = DealPatch { stage_id: Field::Set(won.id.clone()), ..DealPatch::won(reason) };
        let after = self.patched(before, &patch);
        let undo =
            Inverse::Restore { status: DealStatus::Open, stage_id: before.stage_id.clone(), reason: None };
        let call = Call::UpdateDeal { deal_id: before.id.clone(), patch };
        Some((after, call, undo, won.name.clone()))
    }

    /// `o` on a won deal in the won stage: its stage history is read first, to put it back in
    /// the stage it came from. `None`: not such a deal (the usual reopen).
    pub(super) fn reopen_from_won(&mut self, deal: &Deal) -> Option<Vec<Command>> {
        let won = self.won_stage_shown()?;
        if deal.status != DealStatus::Won || deal.stage_id != won.id {
            return None;
        }
        self.status.info(strings::reopening(&deal.title));
        let call = Call::GetDeal { deal_id: deal.id.clone() };
        Some(vec![self.issue(Request::WonHistory(Box::new(deal.clone())), call)])
    }

    /// The stage history of a deal `o` reopens from the won stage: open again in the stage
    /// before the won stage in its history, else the stage before the won stage on the board.
    pub(super) fn on_won_history(
        &mut self,
        deal: Deal,
        result: Result<Outcome, ClientError>,
    ) -> Vec<Command> {
        let Some(won) = self.won_stage_shown().cloned() else { return Vec::new() };
        // The board's copy: a refresh may have brought a newer one meanwhile.
        let before = self.board.deal(&deal.id).cloned().unwrap_or(deal);
        if before.status != DealStatus::Won || self.is_pending(&before.id) {
            return Vec::new();
        }
        let on_board = |id: &str| self.board.column_of_stage(id).is_some() && id != won.id;
        let from_history = match &result {
            Ok(Outcome::Deal(detail)) => {
                let mut history = detail.stage_history.clone();
                history.sort_by_key(|h| h.entered_at);
                history.iter().rev().map(|h| h.stage_id.clone()).find(|id| on_board(id))
            }
            _ => None,
        };
        let before_won = self
            .board
            .column_of_stage(&won.id)
            .and_then(|c| c.checked_sub(1))
            .map(|c| self.board.columns[c].stage.id.clone());
        let Some(to) = from_history.or(before_won) else {
            // A won stage that is the first stage: reopened where it is.
            return self.plain_reopen(before);
        };
        let name = self.board.column_of_stage(&to).map(|c| self.board.columns[c].stage.name.clone());
        let patch = DealPatch { stage_id: Field::Set(to), ..DealPatch::reopen() };
        let after = self.patched(&before, &patch);
        let reason = before.won_reason.as_ref().map(ToString::to_string);
        let undo = Inverse::Restore { status: DealStatus::Won, stage_id: won.id.clone(), reason };
        self.status.info(strings::reopened_in(&before.title, &name.unwrap_or_default()));
        let call = Call::UpdateDeal { deal_id: before.id.clone(), patch };
        self.change(before, after, call, Some(undo), None)
    }

    /// The undo of a [`Inverse::Restore`]: `status` again, in `stage_id` (won with `reason`).
    pub(super) fn restore_patch(status: DealStatus, stage_id: String, reason: Option<String>) -> DealPatch {
        let base = match status {
            DealStatus::Won => DealPatch::won(reason),
            DealStatus::Open => DealPatch::reopen(),
            DealStatus::Lost => DealPatch::lost(reason, None),
        };
        DealPatch { stage_id: Field::Set(stage_id), ..base }
    }
}
