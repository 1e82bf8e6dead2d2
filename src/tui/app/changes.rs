//! Changes to deals: moves, value, won, lost, undo. Each is applied to the board at once
//! (optimistic, with a pending mark), sent through the worker, and settled by the answer: the
//! server's copy replaces the local one, or on failure the card goes back to the server's copy,
//! the status line says why, and the dialog it came from reopens with its text for a retry.

use super::pending::{Change, ChangeKind, Settled};
use super::popup::{LostDialog, Popup, StagePicker, ValueDialog, WonDialog};
use super::undo::{Inverse, UndoEntry};
use super::{App, Request};
use crate::model::{Deal, DealPatch, DealStatus, Field};
use crate::sanitize::sanitize;
use crate::tui::api::ClientError;
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
        let Some(deal) = self.board.deal(&p.deal_id).cloned() else {
            self.status.info(strings::NO_DEAL_SELECTED);
            return Vec::new();
        };
        let Some(to) = p.chosen().and_then(|s| self.board.column_of_stage(&s.id)) else { return Vec::new() };
        let note = p.note.optional();
        self.move_to(deal, to, note, Some(Popup::StagePicker(p)))
    }

    pub(super) fn open_won(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        self.popup = Some(Popup::Won(WonDialog::new(deal.id, sanitize(&deal.title))));
    }

    pub(super) fn submit_won(&mut self, d: WonDialog) -> Vec<Command> {
        let Some(before) = self.board.deal(&d.deal_id).cloned() else { return Vec::new() };
        let reason = d.reason.optional();
        let mut after = before.clone();
        after.status = DealStatus::Won;
        after.won_reason = reason.clone();
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        self.status.info(strings::marked_won(&d.title));
        let command = Command::MarkWon { op: UNSENT, deal_id: before.id.clone(), reason };
        self.change(before, after, ChangeKind::Won, command, Some(Inverse::Reopen), Some(Popup::Won(d)))
    }

    pub(super) fn open_lost(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        self.popup = Some(Popup::Lost(LostDialog::new(deal.id, sanitize(&deal.title))));
    }

    pub(super) fn submit_lost(&mut self, d: LostDialog) -> Vec<Command> {
        let Some(before) = self.board.deal(&d.deal_id).cloned() else { return Vec::new() };
        let (reason, competitor) = (d.reason.optional(), d.competitor.optional());
        let mut after = before.clone();
        after.status = DealStatus::Lost;
        after.lost_reason = reason.clone();
        after.competitor = competitor.clone();
        after.closed_at = Some(self.now);
        after.updated_at = self.now;
        self.status.info(strings::marked_lost(&d.title));
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
        let Some(before) = self.board.deal(&d.deal_id).cloned() else { return Vec::new() };
        let mut after = before.clone();
        after.value = Some(value);
        after.updated_at = self.now;
        let money = format::money(value, before.currency.as_deref().unwrap_or("USD"));
        self.status.info(strings::value_set(&d.title, &money));
        let patch = DealPatch { value: Field::Set(value), ..DealPatch::default() };
        let command = Command::UpdateDeal { op: UNSENT, deal_id: before.id.clone(), patch };
        let undo = Inverse::SetValue { value: before.value };
        self.change(before, after, ChangeKind::Value, command, Some(undo), Some(Popup::Value(d)))
    }

    /// `u`: sends the inverse of the newest change the server accepted.
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

    /// Applies a change to the board and sends it (or queues it behind the deal's change in
    /// flight). The selection follows the card when it was selected.
    pub(super) fn change(
        &mut self,
        before: Deal,
        after: Deal,
        kind: ChangeKind,
        command: Command,
        undo: Option<Inverse>,
        draft: Option<Popup>,
    ) -> Vec<Command> {
        let origin = self.show_instead(&before.id, after);
        let op = self.alloc_op();
        let title = sanitize(&before.title);
        let change =
            Change { deal_id: before.id.clone(), title, kind, command: command.clone(), undo, draft };
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
        self.keep_selection_in_view();
        origin
    }

    pub(super) fn on_saved(&mut self, op: OpId, result: Result<Deal, ClientError>) -> Vec<Command> {
        let outcome = self.pending.settle(op, result.clone().map_err(|_| ()));
        match (outcome, result) {
            (Some(Settled::Accepted { change, server, next, board_copy }), _) => {
                if let Some(inverse) = change.undo {
                    self.undo.push(UndoEntry { deal: server, inverse });
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
                self.put_back(server, origin_index);
                self.status.error(strings::change_failed(&change.title, &e, dropped));
                if let Some(draft) = change.draft {
                    self.offer_draft(draft, &e);
                }
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

    /// A failed change: the card returns to what the server holds, where it was.
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
