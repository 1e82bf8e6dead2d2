//! `u`: sends the inverse of the newest change the server accepted, through the same optimistic
//! path as any change (pending mark; a refusal puts the server's copy back and says why). A
//! bulk action is undone as a group, with one summary. The status line names what was undone.

use super::App;
use super::actions::UNSENT;
use super::edit::apply_patch;
use super::pending::ChangeKind;
use super::undo::{Inverse, UndoEntry};
use crate::model::{DealPatch, DealStatus, Field};
use crate::sanitize::sanitize;
use crate::tui::command::Command;
use crate::tui::{format, strings};

impl App {
    pub(super) fn undo_last(&mut self) -> Vec<Command> {
        let mut entries = self.undo.pop_group();
        match entries.len() {
            0 => {
                self.status.info(strings::NOTHING_TO_UNDO);
                Vec::new()
            }
            1 => {
                let entry = entries.pop().expect("one");
                let id = entry.deal.id.clone();
                let what = self.describe_undo(&entry);
                let out = self.undo_one(entry);
                self.status.info(what);
                // Undo takes you to the card it changed.
                if let Some((c, i)) = self.board.find(&id) {
                    self.board.select(c, i);
                    self.keep_selection_in_view();
                }
                out
            }
            n => {
                let batch = self.begin_undo_batch(n);
                let mut out = Vec::new();
                for entry in entries {
                    out.extend(self.undo_one(entry));
                }
                self.bulk.open = None;
                self.status.info(strings::undoing_many(n));
                // Every answer may be in already (none was sent): the summary then.
                self.batch_check(batch);
                out
            }
        }
    }

    /// What the status line says for undoing `entry`.
    fn describe_undo(&self, entry: &UndoEntry) -> String {
        let deal = self.board.deal(&entry.deal.id).unwrap_or(&entry.deal);
        let title = sanitize(&deal.title);
        match &entry.inverse {
            Inverse::Move { stage_id } => {
                let stage = self.board.columns.iter().find(|c| c.stage.id == *stage_id);
                let name = stage.map_or_else(|| sanitize(stage_id), |c| sanitize(&c.stage.name));
                strings::undo_move(&title, &name)
            }
            Inverse::SetValue { value } => {
                let money = value.map(|v| format::money(v, format::currency_of(deal)));
                strings::undo_value(&title, money.as_deref())
            }
            Inverse::Patch { fields, .. } => strings::undo_edit(&title, &fields.join(", ")),
            Inverse::Reopen => strings::undo_close(&title),
            Inverse::Close { status, .. } => strings::undo_reopen(&title, *status == DealStatus::Won),
            Inverse::Delete => strings::undo_create(&title),
        }
    }

    /// Sends one inverse. The deal starts from the board's copy, or the server's copy after the
    /// change when the card left the board (won, lost, filtered out).
    fn undo_one(&mut self, entry: UndoEntry) -> Vec<Command> {
        let before = self.board.deal(&entry.deal.id).cloned().unwrap_or(entry.deal);
        let id = before.id.clone();
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
            Inverse::Patch { patch, .. } => {
                after = apply_patch(&before, &patch, &self.board.pipelines);
                after.updated_at = self.now;
                (ChangeKind::Edit, Command::UpdateDeal { op: UNSENT, deal_id: id, patch: *patch })
            }
            Inverse::Reopen => {
                after.status = DealStatus::Open;
                after.won_reason = None;
                after.lost_reason = None;
                after.competitor = None;
                after.closed_at = None;
                (ChangeKind::Reopen, Command::Reopen { op: UNSENT, deal_id: id })
            }
            Inverse::Close { status: DealStatus::Lost, reason, competitor } => {
                let (after, command) = self.lost_copy(&before, reason, competitor);
                return self.change(before, after, ChangeKind::Lost, command, None, None);
            }
            Inverse::Close { reason, .. } => {
                let (after, command) = self.won_copy(&before, reason);
                return self.change(before, after, ChangeKind::Won, command, None, None);
            }
            Inverse::Delete => {
                // Off the board if it is on it; sent either way (the filter may hide it).
                let origin = self.board.take(&id).map_or(0, |(_, i, _)| i);
                return self.send_delete(before, origin);
            }
        };
        self.change(before, after, kind, command, None, None)
    }
}
