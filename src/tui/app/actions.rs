//! The deal actions behind the keys and dialogs: moves (`H`/`L`, `m`), value (`v`), won (`w`),
//! lost (`x`); with marks, the bulk versions (`bulk.rs`); undo is in `undoing.rs`. Each builds the changed deal and the request, and hands both to
//! [`App::change`](super::optimistic) which shows it at once and sends it.

use super::App;
use super::bulk::MARKED;
use super::pending::ChangeKind;
use super::popup::{LostDialog, Popup, StagePicker, ValueDialog, WonDialog};
use super::undo::Inverse;
use crate::model::{Deal, DealPatch, DealStatus, Field};
use crate::sanitize::sanitize;
use crate::settings::keys::Action;
use crate::tui::command::{Command, OpId};
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
        draft: Option<Popup>,
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
        self.popup =
            Some(Popup::StagePicker(StagePicker::new(deal.id, sanitize(&deal.title), stages, current)));
    }

    pub(super) fn submit_stage_picker(&mut self, p: StagePicker) -> Vec<Command> {
        if p.deal_id == MARKED {
            return self.submit_bulk_stage_picker(p);
        }
        let Some(deal) = self.deal_or_say(&p.deal_id) else { return Vec::new() };
        let Some(to) = p.chosen().and_then(|s| self.board.column_of_stage(&s.id)) else { return Vec::new() };
        let note = p.note.optional();
        self.move_to(deal, to, note, Some(Popup::StagePicker(p)))
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
        self.popup = Some(Popup::Won(WonDialog::new(deal.id, sanitize(&deal.title))));
    }

    pub(super) fn submit_won(&mut self, d: WonDialog) -> Vec<Command> {
        if d.deal_id == MARKED {
            return self.submit_bulk_won(d);
        }
        let Some(before) = self.deal_or_say(&d.deal_id) else { return Vec::new() };
        let (after, command) = self.won_copy(&before, d.reason.optional());
        self.status.info(strings::marked_won(&d.title, !self.view.shows(&after)));
        self.change(before, after, ChangeKind::Won, command, Some(Inverse::Reopen), Some(Popup::Won(d)))
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
        self.popup = Some(Popup::Lost(LostDialog::new(deal.id, sanitize(&deal.title))));
    }

    pub(super) fn submit_lost(&mut self, d: LostDialog) -> Vec<Command> {
        if d.deal_id == MARKED {
            return self.submit_bulk_lost(d);
        }
        let Some(before) = self.deal_or_say(&d.deal_id) else { return Vec::new() };
        let (after, command) = self.lost_copy(&before, d.reason.optional(), d.competitor.optional());
        self.status.info(strings::marked_lost(&d.title, !self.view.shows(&after)));
        self.change(before, after, ChangeKind::Lost, command, Some(Inverse::Reopen), Some(Popup::Lost(d)))
    }

    pub(super) fn open_value(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        let currency = deal.currency.as_deref().map(sanitize).unwrap_or_default();
        self.popup =
            Some(Popup::Value(ValueDialog::new(deal.id, sanitize(&deal.title), currency, deal.value)));
    }

    pub(super) fn submit_value(&mut self, mut d: ValueDialog) -> Vec<Command> {
        let value = match d.parsed() {
            Ok(v) => v,
            Err(message) => {
                // Refused: the dialog stays with the text as typed and says why.
                d.error = Some(message);
                self.popup = Some(Popup::Value(d));
                return Vec::new();
            }
        };
        let Some(before) = self.deal_or_say(&d.deal_id) else { return Vec::new() };
        let mut after = before.clone();
        after.value = Some(value);
        after.updated_at = self.now;
        let money = format::money(value, format::currency_of(&before));
        self.status.info(strings::value_set(&d.title, &money));
        let patch = DealPatch { value: Field::Set(value), ..DealPatch::default() };
        let command = Command::UpdateDeal { op: UNSENT, deal_id: before.id.clone(), patch };
        let undo = Inverse::SetValue { value: before.value };
        self.change(before, after, ChangeKind::Value, command, Some(undo), Some(Popup::Value(d)))
    }

    /// The deal marked won, as the card shows it until the server answers, and the request.
    pub(super) fn won_copy(&self, before: &Deal, reason: Option<String>) -> (Deal, Command) {
        let mut after = before.clone();
        after.status = DealStatus::Won;
        after.won_reason = reason.clone().map(Into::into);
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
        after.lost_reason = reason.clone().map(Into::into);
        after.competitor = competitor.clone().map(Into::into);
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        (after, Command::MarkLost { op: UNSENT, deal_id: before.id.clone(), reason, competitor })
    }
}
