//! The deal actions behind the keys and dialogs: moves (`H`/`L`, `m`), value (`v`), won (`w`),
//! lost (`x`); with marks, the bulk versions (`bulk.rs`); undo is in `undoing.rs`. Each builds the changed deal and the request, and hands both to
//! [`App::change`](super::optimistic) which shows it at once and sends it.

use super::App;
use super::pending::ChangeKind;
use super::undo::Inverse;
use crate::model::{Deal, DealPatch, DealStatus, Field};
use crate::sanitize::sanitize;
use crate::settings::keys::Action;
use crate::tui::command::{Command, OpId};
use crate::tui::dialogs::{Dialog, LostDialog, StagePicker, Target, ValueDialog, WonDialog};
use crate::tui::{format, strings};

/// A placeholder op id: the real one is given when the command is sent.
pub(super) const UNSENT: OpId = OpId(0);

impl App {
    /// The selected deal, or a message saying there is none. A new deal still on its way to
    /// the server has no id yet to change it by: it says so.
    pub(super) fn selected_or_say(&mut self) -> Option<Deal> {
        let deal = self.board.selected_deal().cloned();
        match &deal {
            None => self.status.info(strings::NO_DEAL_SELECTED),
            Some(d) if self.creates.has(&d.id) => {
                self.status.info(strings::STILL_CREATING);
                return None;
            }
            Some(_) => {}
        }
        deal
    }

    /// The board's copy of a dialog's deal, or a message when it is no longer on the board
    /// (moved by a refresh, another pipeline shown).
    fn deal_or_say(&mut self, deal_id: &str) -> Option<Deal> {
        let deal = self.board.deal(deal_id).cloned();
        if deal.is_none() {
            self.status.info(strings::DEAL_GONE);
        }
        deal
    }

    /// `H`/`L`: one stage back or forward.
    pub(super) fn move_by(&mut self, delta: isize) -> Vec<Command> {
        if self.has_marks() {
            return self.bulk_move_by(delta);
        }
        let Some(deal) = self.selected_or_say() else { return Vec::new() };
        if self.closed_stays_put(&deal) {
            return Vec::new();
        }
        let from = self.board.col;
        let to = from.checked_add_signed(delta).filter(|&c| c < self.board.columns.len());
        let Some(to) = to else {
            self.status.info(if delta < 0 {
                strings::ALREADY_FIRST_STAGE
            } else {
                strings::ALREADY_LAST_STAGE
            });
            return Vec::new();
        };
        self.move_to(deal, to, None, None)
    }

    /// Moves a deal to column `to`'s stage, with an optional note.
    pub(super) fn move_to(
        &mut self,
        before: Deal,
        to: usize,
        note: Option<String>,
        draft: Option<Dialog>,
    ) -> Vec<Command> {
        let stage = self.board.columns[to].stage.clone();
        if stage.id == before.stage_id {
            self.status.info(strings::ALREADY_IN_STAGE);
            return Vec::new();
        }
        let mut after = before.clone();
        after.stage_id = stage.id.clone();
        after.stage_name = Some(stage.name.clone());
        after.probability = Some(stage.probability);
        after.updated_at = self.now;
        let title = sanitize(&before.title);
        self.status.info(strings::moved(&title, &sanitize(&stage.name)));
        let command =
            Command::MoveStage { op: UNSENT, deal_id: before.id.clone(), stage_id: stage.id.clone(), note };
        let undo = Inverse::Move { stage_id: before.stage_id.clone() };
        let kind = ChangeKind::Move { to_stage: stage.id };
        self.change(before, after, kind, command, Some(undo), draft)
    }

    pub(super) fn open_stage_picker(&mut self) {
        if self.has_marks() {
            return self.open_bulk_dialog(Action::MovePicker);
        }
        let Some(deal) = self.selected_or_say() else { return };
        if self.closed_stays_put(&deal) {
            return;
        }
        let stages: Vec<_> = self.board.columns.iter().map(|c| c.stage.clone()).collect();
        let current = self.board.col;
        let picker = StagePicker::new(Target::Deal(deal.id), sanitize(&deal.title), stages, current);
        self.popup = Some(Dialog::StagePicker(Box::new(picker)));
    }

    /// The stage picker's move, of the deal or the marked deals.
    pub(super) fn move_to_stage(
        &mut self,
        target: Target,
        stage_id: &str,
        note: Option<String>,
        draft: Dialog,
    ) -> Vec<Command> {
        let deal = match target {
            Target::Marked => None,
            Target::Deal(id) => match self.deal_or_say(&id) {
                Some(deal) => Some(deal),
                None => return Vec::new(),
            },
        };
        let Some(to) = self.board.column_of_stage(stage_id) else { return Vec::new() };
        match deal {
            Some(deal) => self.move_to(deal, to, note, Some(draft)),
            None => self.bulk_move_to(to, note),
        }
    }

    /// Won and lost deals are not moved between stages (the move would leave them closed, in a
    /// stage that says otherwise): says how to move one, and answers whether it said so.
    fn closed_stays_put(&mut self, deal: &Deal) -> bool {
        if deal.status == DealStatus::Open {
            return false;
        }
        let key = self.keymap.hint(Action::Reopen, 1, self.settings.ascii);
        self.status.info(strings::closed_stays_put(
            &sanitize(&deal.title),
            deal.status.as_str(),
            key.as_deref(),
        ));
        true
    }

    pub(super) fn open_won(&mut self) {
        if self.has_marks() {
            return self.open_bulk_dialog(Action::Won);
        }
        let Some(deal) = self.selected_or_say() else { return };
        if deal.status == DealStatus::Won {
            return self
                .status
                .info(strings::already_closed(&sanitize(&deal.title), DealStatus::Won.as_str()));
        }
        let dialog = WonDialog::new(Target::Deal(deal.id), sanitize(&deal.title));
        self.popup = Some(Dialog::Won(Box::new(dialog)));
    }

    pub(super) fn mark_won(&mut self, deal_id: &str, reason: Option<String>, draft: Dialog) -> Vec<Command> {
        let Some(before) = self.deal_or_say(deal_id) else { return Vec::new() };
        let (after, command) = self.won_copy(&before, reason);
        self.status.info(strings::marked_won(&sanitize(&before.title), !self.view.shows(&after)));
        self.change(before, after, ChangeKind::Won, command, Some(Inverse::Reopen), Some(draft))
    }

    pub(super) fn open_lost(&mut self) {
        if self.has_marks() {
            return self.open_bulk_dialog(Action::Lost);
        }
        let Some(deal) = self.selected_or_say() else { return };
        if deal.status == DealStatus::Lost {
            return self
                .status
                .info(strings::already_closed(&sanitize(&deal.title), DealStatus::Lost.as_str()));
        }
        let dialog = LostDialog::new(Target::Deal(deal.id), sanitize(&deal.title));
        self.popup = Some(Dialog::Lost(Box::new(dialog)));
    }

    pub(super) fn mark_lost(
        &mut self,
        deal_id: &str,
        reason: Option<String>,
        competitor: Option<String>,
        draft: Dialog,
    ) -> Vec<Command> {
        let Some(before) = self.deal_or_say(deal_id) else { return Vec::new() };
        let (after, command) = self.lost_copy(&before, reason, competitor);
        self.status.info(strings::marked_lost(&sanitize(&before.title), !self.view.shows(&after)));
        self.change(before, after, ChangeKind::Lost, command, Some(Inverse::Reopen), Some(draft))
    }

    pub(super) fn open_value(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        let currency = deal.currency.as_deref().map(sanitize).unwrap_or_default();
        let dialog = ValueDialog::new(deal.id, sanitize(&deal.title), currency, deal.value);
        self.popup = Some(Dialog::Value(Box::new(dialog)));
    }

    pub(super) fn set_value(&mut self, deal_id: &str, value: f64, draft: Dialog) -> Vec<Command> {
        let Some(before) = self.deal_or_say(deal_id) else { return Vec::new() };
        let mut after = before.clone();
        after.value = Some(value);
        after.updated_at = self.now;
        let money = format::money(value, format::currency_of(&before));
        self.status.info(strings::value_set(&sanitize(&before.title), &money));
        let patch = DealPatch { value: Field::Set(value), ..DealPatch::default() };
        let command = Command::UpdateDeal { op: UNSENT, deal_id: before.id.clone(), patch };
        let undo = Inverse::SetValue { value: before.value };
        self.change(before, after, ChangeKind::Value, command, Some(undo), Some(draft))
    }

    /// The deal marked won, as the card shows it until the server answers, and the request.
    pub(super) fn won_copy(&self, before: &Deal, reason: Option<String>) -> (Deal, Command) {
        let mut after = before.clone();
        after.status = DealStatus::Won;
        after.won_reason = reason.clone();
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        (after, Command::MarkWon { op: UNSENT, deal_id: before.id.clone(), reason })
    }

    /// The deal marked lost, and the request.
    pub(super) fn lost_copy(
        &self,
        before: &Deal,
        reason: Option<String>,
        competitor: Option<String>,
    ) -> (Deal, Command) {
        let mut after = before.clone();
        after.status = DealStatus::Lost;
        after.lost_reason = reason.clone();
        after.competitor = competitor.clone();
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        (after, Command::MarkLost { op: UNSENT, deal_id: before.id.clone(), reason, competitor })
    }
}
