//! Bulk actions: `Space` marks cards; with marks, move (`H`/`L`, `m`), won (`w`), lost (`x`),
//! owner (`O`) and delete (`d`) apply to every marked deal. Each deal is its own optimistic
//! request (pending mark, put back on failure); the batch collects the answers and says ONE
//! summary when the last one is in. The accepted changes share an undo group, so one `u` takes
//! the whole bulk action back.

use std::collections::HashMap;

use super::App;
use super::keymap::Action;
use super::pending::{Change, ChangeKind};
use super::popup::{ConfirmDelete, LostDialog, Popup, StagePicker, WonDialog};
use super::undo::{Inverse, inverse_patch};
use crate::model::{Deal, DealPatch, Field};
use crate::sanitize::sanitize;
use crate::tui::command::Command;
use crate::tui::forms::{ConfirmDialog, PickDialog};
use crate::tui::strings;

/// The deal id a dialog carries when it acts on the marked deals instead of one.
pub(super) const MARKED: &str = "";

/// One bulk action waiting for its answers.
#[derive(Debug, Clone)]
struct Batch {
    /// "Moved", "Marked", ...: the summary's verb, and what follows the count (" to Proposal").
    verb: String,
    suffix: String,
    total: usize,
    ok: usize,
    /// (title, reason) of each deal that failed.
    failed: Vec<(String, String)>,
    /// The one title, for a batch of one.
    first_title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Bulk {
    /// Marked deal ids, in the order they were marked.
    marked: Vec<String>,
    /// Set only while a bulk action hands its changes to `App::change`, which files each in it.
    pub(super) open: Option<u64>,
    batches: HashMap<u64, Batch>,
    next: u64,
}

impl Bulk {
    pub fn is_marked(&self, deal_id: &str) -> bool {
        self.marked.iter().any(|m| m == deal_id)
    }

    pub fn count(&self) -> usize {
        self.marked.len()
    }

    /// Drops marks of deals no longer on the board (deleted, moved out by a refresh).
    pub(super) fn keep_only(&mut self, on_board: impl Fn(&str) -> bool) {
        self.marked.retain(|m| on_board(m));
    }

    pub(super) fn clear(&mut self) {
        self.marked.clear();
    }
}

impl App {
    /// `Space`: marks or unmarks the selected card.
    pub(super) fn toggle_mark(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        match self.bulk.marked.iter().position(|m| *m == deal.id) {
            Some(i) => {
                self.bulk.marked.remove(i);
            }
            None => self.bulk.marked.push(deal.id),
        }
        let keys = [Action::MoveBack, Action::MoveForward, Action::MovePicker, Action::Won, Action::Lost]
            .into_iter()
            .chain([Action::ChangeOwner, Action::DeleteDeal])
            .map(|a| self.key_name(a))
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let clear = self.key_name(Action::Close);
        self.status.info(strings::marks_hint(self.bulk.count(), &keys, &clear));
    }

    /// The key the rep knows an action by, as bound now: its first letter key, else its first.
    fn key_name(&self, action: Action) -> String {
        let keys = self.keymap.keys_for(action);
        let letter = keys.iter().find(|k| matches!(k.code, crossterm::event::KeyCode::Char(_)));
        letter.or(keys.first()).map(|k| strings::key_label(k, self.settings.ascii)).unwrap_or_default()
    }

    /// `Esc` with nothing else open.
    pub(super) fn clear_marks(&mut self) -> bool {
        if self.bulk.marked.is_empty() {
            return false;
        }
        self.bulk.clear();
        self.status.info(strings::MARKS_CLEARED);
        true
    }

    pub fn marked_count(&self) -> usize {
        self.bulk.count()
    }

    pub fn is_marked(&self, deal_id: &str) -> bool {
        self.bulk.is_marked(deal_id)
    }

    pub(super) fn has_marks(&self) -> bool {
        !self.bulk.marked.is_empty()
    }

    /// The marked deals still on the board (the board's copies), in mark order. A new deal on its
    /// way has no id to change it by yet: left out.
    fn marked_deals(&mut self) -> Vec<Deal> {
        let board = &self.board;
        let creates = &self.creates;
        self.bulk.keep_only(|id| board.find(id).is_some());
        self.bulk
            .marked
            .iter()
            .filter(|id| !creates.has(id))
            .filter_map(|id| board.deal(id).cloned())
            .collect()
    }

    /// Starts a batch of `total` deals; the changes issued until [`Self::end_batch`] count in it.
    fn begin_batch(&mut self, verb: &str, suffix: String, total: usize) -> u64 {
        self.bulk.next += 1;
        let id = self.bulk.next;
        let batch =
            Batch { verb: verb.into(), suffix, total, ok: 0, failed: Vec::new(), first_title: String::new() };
        self.bulk.batches.insert(id, batch);
        self.bulk.open = Some(id);
        id
    }

    /// Undoing a bulk action is a batch of its own, with its own summary.
    pub(super) fn begin_undo_batch(&mut self, total: usize) -> u64 {
        self.begin_batch(strings::VERB_UNDID, String::new(), total)
    }

    /// Stops filing changes in the batch; says the summary at once if every deal already
    /// answered (all refused before sending), else that the changes are on their way.
    fn end_batch(&mut self, id: u64) {
        self.bulk.open = None;
        self.bulk.clear();
        match self.bulk.batches.get(&id) {
            Some(b) if b.total == 0 => {
                self.bulk.batches.remove(&id);
                self.status.info(strings::MARKS_GONE);
            }
            Some(b) if b.ok + b.failed.len() < b.total => self.status.info(strings::bulk_sending(b.total)),
            Some(_) => self.batch_check(id),
            None => {}
        }
    }

    /// One deal of batch `id` answered (`failure`: why it was refused). The last answer says the
    /// summary.
    pub(super) fn batch_settled(&mut self, id: u64, title: &str, failure: Option<String>) {
        let Some(b) = self.bulk.batches.get_mut(&id) else { return };
        if b.ok == 0 && b.failed.is_empty() {
            b.first_title = title.to_string();
        }
        match failure {
            Some(reason) => b.failed.push((title.to_string(), reason)),
            None => b.ok += 1,
        }
        self.batch_check(id);
    }

    /// Says the summary once every deal of batch `id` has answered.
    pub(super) fn batch_check(&mut self, id: u64) {
        let Some(b) = self.bulk.batches.get(&id) else { return };
        if b.ok + b.failed.len() < b.total {
            return;
        }
        let b = self.bulk.batches.remove(&id).expect("just found");
        let text = strings::bulk_summary(&b.verb, &b.suffix, b.total, &b.failed, &b.first_title);
        if b.failed.is_empty() { self.status.info(text) } else { self.status.error(text) }
    }

    /// Changes never sent because an earlier change to their deal failed: refused too.
    pub(super) fn settle_dropped(&mut self, dropped: &[Change]) {
        for c in dropped {
            if let Some(b) = c.batch {
                self.batch_settled(b, &c.title, Some(strings::NOT_SENT_AFTER_FAILURE.into()));
            }
        }
    }

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
    fn bulk_move_to(&mut self, to: usize, note: Option<String>) -> Vec<Command> {
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

    /// The dialogs open on the marked deals: their deal id is [`MARKED`].
    pub(super) fn open_bulk_dialog(&mut self, action: super::keymap::Action) {
        let n = self.marked_deals().len();
        if n == 0 {
            self.status.info(strings::MARKS_GONE);
            return;
        }
        let title = strings::marked_deals(n);
        let id = MARKED.to_string();
        self.popup = Some(match action {
            Action::Won => Popup::Won(WonDialog::new(id, title)),
            Action::Lost => Popup::Lost(LostDialog::new(id, title)),
            Action::MovePicker => {
                let stages = self.board.columns.iter().map(|c| c.stage.clone()).collect();
                Popup::StagePicker(StagePicker::new(id, title, stages, self.board.col))
            }
            _ => {
                let mut dialog = ConfirmDialog::delete_deals(n);
                dialog.theme = self.form_theme();
                Popup::ConfirmDelete(ConfirmDelete { deal_id: id, dialog })
            }
        });
    }

    pub(super) fn submit_bulk_stage_picker(&mut self, p: StagePicker) -> Vec<Command> {
        let Some(to) = p.chosen().and_then(|s| self.board.column_of_stage(&s.id)) else { return Vec::new() };
        self.bulk_move_to(to, p.note.optional())
    }

    pub(super) fn submit_bulk_won(&mut self, d: WonDialog) -> Vec<Command> {
        let deals = self.marked_deals();
        let reason = d.reason.optional();
        let batch = self.begin_batch(strings::VERB_MARKED, strings::SUFFIX_WON.into(), deals.len());
        let mut out = Vec::new();
        for before in deals {
            let (after, command) = self.won_copy(&before, reason.clone());
            out.extend(self.change(before, after, ChangeKind::Won, command, Some(Inverse::Reopen), None));
        }
        self.end_batch(batch);
        out
    }

    pub(super) fn submit_bulk_lost(&mut self, d: LostDialog) -> Vec<Command> {
        let deals = self.marked_deals();
        let (reason, competitor) = (d.reason.optional(), d.competitor.optional());
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
        let mut dialog = PickDialog::users(title, &users, current.as_deref());
        dialog.theme = self.form_theme();
        self.popup = Some(Popup::Owner(Box::new(dialog)));
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
