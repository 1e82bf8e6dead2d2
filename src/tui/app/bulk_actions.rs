//! The bulk actions on the marked deals (`bulk.rs` keeps the marks and counts the answers):
//! move (`H`/`L`, `m`), won (`w`), lost (`x`), delete (`d`), and a new owner (`O`, also for the
//! selected deal alone). Each deal goes through `App::change` / `send_delete` like a single
//! change, filed in the batch so the summary comes once.

use super::App;
use super::pending::ChangeKind;
use super::undo::{Inverse, inverse_patch};
use crate::model::{DealPatch, Field};
use crate::sanitize::sanitize;
use crate::settings::keys::Action;
use crate::tui::command::Command;
use crate::tui::dialogs::{ConfirmDialog, Dialog, LostDialog, PickDialog, StagePicker, Target, WonDialog};
use crate::tui::strings;

impl App {
    /// `H`/`L` with marks: each marked deal one stage back or forward from its own stage.
    pub(super) fn bulk_move_by(&mut self, delta: isize) -> Vec<Command> {
        let deals = self.marked_deals();
        let targets: Vec<Option<usize>> = deals
            .iter()
            .map(|d| {
                let from = self.board.column_of_stage(&d.stage_id)?;
                from.checked_add_signed(delta).filter(|&c| c < self.board.columns.len())
            })
            .collect();
        let mut stages: Vec<usize> = targets.iter().flatten().copied().collect();
        stages.dedup();
        let suffix = match stages.as_slice() {
            [one] => strings::to_stage(&sanitize(&self.board.columns[*one].stage.name)),
            _ if delta < 0 => strings::ONE_STAGE_BACK.to_string(),
            _ => strings::ONE_STAGE_FORWARD.to_string(),
        };
        let batch = self.begin_batch(strings::VERB_MOVED, suffix, deals.len());
        let mut out = Vec::new();
        for (deal, to) in deals.into_iter().zip(targets) {
            match to {
                Some(to) => out.extend(self.move_to(deal, to, None, None)),
                None => {
                    let why =
                        if delta < 0 { strings::ALREADY_FIRST_STAGE } else { strings::ALREADY_LAST_STAGE };
                    self.batch_settled(batch, &sanitize(&deal.title), Some(why.into()));
                }
            }
        }
        self.end_batch(batch);
        out
    }

    /// `m` with marks: every marked deal to the stage picked, with the note.
    pub(super) fn bulk_move_to(&mut self, to: usize, note: Option<String>) -> Vec<Command> {
        let deals = self.marked_deals();
        let stage = &self.board.columns[to].stage;
        let (stage_id, suffix) = (stage.id.clone(), strings::to_stage(&sanitize(&stage.name)));
        let batch = self.begin_batch(strings::VERB_MOVED, suffix, deals.len());
        let mut out = Vec::new();
        for deal in deals {
            if deal.stage_id == stage_id {
                self.batch_settled(batch, &sanitize(&deal.title), Some(strings::ALREADY_IN_STAGE.into()));
                continue;
            }
            out.extend(self.move_to(deal, to, note.clone(), None));
        }
        self.end_batch(batch);
        out
    }

    /// The dialogs open on the marked deals ([`Target::Marked`]). `action` is `Won`,
    /// `Lost`, `MovePicker` or `DeleteDeal` (the confirmation says how many).
    pub(super) fn open_bulk_dialog(&mut self, action: Action) {
        let n = self.marked_deals().len();
        if n == 0 {
            self.status.info(strings::MARKS_GONE);
            return;
        }
        let title = strings::marked_deals(n);
        self.popup = Some(match action {
            Action::Won => Dialog::Won(Box::new(WonDialog::new(Target::Marked, title))),
            Action::Lost => Dialog::Lost(Box::new(LostDialog::new(Target::Marked, title))),
            Action::MovePicker => {
                let stages = self.board.columns.iter().map(|c| c.stage.clone()).collect();
                Dialog::StagePicker(Box::new(StagePicker::new(Target::Marked, title, stages, self.board.col)))
            }
            // DeleteDeal.
            _ => Dialog::ConfirmDelete(Box::new(ConfirmDialog::delete_deals(n))),
        });
    }

    pub(super) fn bulk_won(&mut self, reason: Option<String>) -> Vec<Command> {
        let deals = self.marked_deals();
        let batch = self.begin_batch(strings::VERB_MARKED, strings::SUFFIX_WON.into(), deals.len());
        let mut out = Vec::new();
        for before in deals {
            let (after, command) = self.won_copy(&before, reason.clone());
            out.extend(self.change(before, after, ChangeKind::Won, command, Some(Inverse::Reopen), None));
        }
        self.end_batch(batch);
        out
    }

    pub(super) fn bulk_lost(&mut self, reason: Option<String>, competitor: Option<String>) -> Vec<Command> {
        let deals = self.marked_deals();
        let batch = self.begin_batch(strings::VERB_MARKED, strings::SUFFIX_LOST.into(), deals.len());
        let mut out = Vec::new();
        for before in deals {
            let (after, command) = self.lost_copy(&before, reason.clone(), competitor.clone());
            out.extend(self.change(before, after, ChangeKind::Lost, command, Some(Inverse::Reopen), None));
        }
        self.end_batch(batch);
        out
    }

    pub(super) fn bulk_delete(&mut self) -> Vec<Command> {
        let deals = self.marked_deals();
        let batch = self.begin_batch(strings::VERB_DELETED, String::new(), deals.len());
        let mut out = Vec::new();
        for deal in deals {
            if let Some((_, origin, before)) = self.board.take(&deal.id) {
                out.extend(self.send_delete(before, origin));
            }
        }
        self.end_batch(batch);
        out
    }

    /// `O`: a new owner for the marked deals, or for the selected one without marks.
    pub(super) fn open_owner_picker(&mut self) {
        let Some(users) = self.user_list.clone() else {
            self.status.info(strings::NO_USER_LIST);
            return;
        };
        let (title, current) = if self.has_marks() {
            let n = self.marked_deals().len();
            (strings::new_owner_for(n), None)
        } else {
            let Some(deal) = self.selected_or_say() else { return };
            (strings::NEW_OWNER.to_string(), deal.owner_id)
        };
        self.popup = Some(Dialog::Owner(Box::new(PickDialog::users(title, &users, current.as_deref()))));
    }

    /// The owner picked: one request per deal (a batch of one without marks).
    pub(super) fn set_owner(&mut self, owner_id: &str) -> Vec<Command> {
        let deals = if self.has_marks() {
            self.marked_deals()
        } else {
            self.board.selected_deal().cloned().into_iter().filter(|d| !self.creates.has(&d.id)).collect()
        };
        let name = sanitize(self.owner_name(owner_id));
        let batch = self.begin_batch(strings::VERB_REASSIGNED, strings::to_owner(&name), deals.len());
        let mut out = Vec::new();
        for before in deals {
            if before.owner_id.as_deref() == Some(owner_id) {
                self.batch_settled(batch, &sanitize(&before.title), Some(strings::ALREADY_THEIRS.into()));
                continue;
            }
            let patch = DealPatch { owner_id: Field::Set(owner_id.to_string()), ..DealPatch::default() };
            let (inverse, fields) = inverse_patch(&before, &patch);
            let mut after = before.clone();
            after.owner_id = Some(owner_id.to_string());
            after.updated_at = self.now;
            let command =
                Command::UpdateDeal { op: super::actions::UNSENT, deal_id: before.id.clone(), patch };
            let undo = Inverse::Patch { patch: Box::new(inverse), fields };
            out.extend(self.change(before, after, ChangeKind::Edit, command, Some(undo), None));
        }
        self.end_batch(batch);
        out
    }
}
