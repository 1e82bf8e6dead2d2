//! The deal actions behind the keys and dialogs: moves (`H`/`L`, `m`), value (`v`), won (`w`),
//! lost (`x`) and undo (`u`). Each builds the changed deal and the request, and hands both to
//! [`App::change`](super::optimistic) which shows it at once and sends it.

use super::App;
use super::pending::ChangeKind;
use super::popup::{LostDialog, Popup, StagePicker, ValueDialog, WonDialog};
use super::undo::Inverse;
use crate::model::{Deal, DealPatch, DealStatus, Field};
use crate::sanitize::sanitize;
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
        let Some(deal) = self.selected_or_say() else { return Vec::new() };
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
    fn move_to(
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
        let Some(deal) = self.selected_or_say() else { return };
        let stages: Vec<_> = self.board.columns.iter().map(|c| c.stage.clone()).collect();
        let current = self.board.col;
        self.popup =
            Some(Popup::StagePicker(StagePicker::new(deal.id, sanitize(&deal.title), stages, current)));
    }

    pub(super) fn submit_stage_picker(&mut self, p: StagePicker) -> Vec<Command> {
        let Some(deal) = self.deal_or_say(&p.deal_id) else { return Vec::new() };
        let Some(to) = p.chosen().and_then(|s| self.board.column_of_stage(&s.id)) else { return Vec::new() };
        let note = p.note.optional();
        self.move_to(deal, to, note, Some(Popup::StagePicker(p)))
    }

    pub(super) fn open_won(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        self.popup = Some(Popup::Won(WonDialog::new(deal.id, sanitize(&deal.title))));
    }

    pub(super) fn submit_won(&mut self, d: WonDialog) -> Vec<Command> {
        let Some(before) = self.deal_or_say(&d.deal_id) else { return Vec::new() };
        let reason = d.reason.optional();
        let mut after = before.clone();
        after.status = DealStatus::Won;
        after.won_reason = reason.clone();
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        self.status.info(strings::marked_won(&d.title, !self.view.shows(&after)));
        let command = Command::MarkWon { op: UNSENT, deal_id: before.id.clone(), reason };
        self.change(before, after, ChangeKind::Won, command, Some(Inverse::Reopen), Some(Popup::Won(d)))
    }

    pub(super) fn open_lost(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        self.popup = Some(Popup::Lost(LostDialog::new(deal.id, sanitize(&deal.title))));
    }

    pub(super) fn submit_lost(&mut self, d: LostDialog) -> Vec<Command> {
        let Some(before) = self.deal_or_say(&d.deal_id) else { return Vec::new() };
        let (reason, competitor) = (d.reason.optional(), d.competitor.optional());
        let mut after = before.clone();
        after.status = DealStatus::Lost;
        after.lost_reason = reason.clone();
        after.competitor = competitor.clone();
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        self.status.info(strings::marked_lost(&d.title, !self.view.shows(&after)));
        let command = Command::MarkLost { op: UNSENT, deal_id: before.id.clone(), reason, competitor };
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

    /// `u`: sends the inverse of the newest change, queued behind it if it is still in flight.
    pub(super) fn undo_last(&mut self) -> Vec<Command> {
        let Some(entry) = self.undo.pop() else {
            self.status.info(strings::NOTHING_TO_UNDO);
            return Vec::new();
        };
        let before = self.board.deal(&entry.deal.id).cloned().unwrap_or(entry.deal);
        let title = sanitize(&before.title);
        self.status.info(strings::undoing(&title));
        let id = before.id.clone();
        let id_for_selection = id.clone();
        let mut after = before.clone();
        after.updated_at = self.now;
        let (kind, command) = match entry.inverse {
            Inverse::Move { stage_id } => {
                if let Some(c) = self.board.column_of_stage(&stage_id) {
                    let stage = &self.board.columns[c].stage;
                    after.stage_name = Some(stage.name.clone());
                    after.probability = Some(stage.probability);
                }
                after.stage_id = stage_id.clone();
                let kind = ChangeKind::Move { to_stage: stage_id.clone() };
                (kind, Command::MoveStage { op: UNSENT, deal_id: id, stage_id, note: None })
            }
            Inverse::SetValue { value } => {
                after.value = value;
                let patch = DealPatch { value: Field::from_option(value), ..DealPatch::default() };
                (ChangeKind::Value, Command::UpdateDeal { op: UNSENT, deal_id: id, patch })
            }
            Inverse::Reopen => {
                after.status = DealStatus::Open;
                after.won_reason = None;
                after.lost_reason = None;
                after.competitor = None;
                after.closed_at = None;
                (ChangeKind::Reopen, Command::Reopen { op: UNSENT, deal_id: id })
            }
        };
        let out = self.change(before, after, kind, command, None, None);
        // Undo takes you to the card it changed.
        if let Some((c, i)) = self.board.find(&id_for_selection) {
            self.board.select(c, i);
            self.keep_selection_in_view();
        }
        out
    }
}
