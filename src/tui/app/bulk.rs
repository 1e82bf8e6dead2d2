//! Marks and bulk batches: `Space` marks cards; with marks, move (`H`/`L`, `m`), won (`w`), lost
//! (`x`), owner (`O`) and delete (`d`) apply to every marked deal (`bulk_actions.rs`). Each deal
//! is its own optimistic request (pending mark, put back on failure); the batch here collects
//! the answers and says ONE summary when the last one is in. The changes share an undo group,
//! so one `u` takes the whole bulk action back.

use std::collections::HashMap;

use super::App;
use super::pending::Change;
use crate::model::Deal;
use crate::settings::keys::Action;
use crate::tui::strings;

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
        letter.or(keys.first()).map(|k| k.label(self.settings.ascii)).unwrap_or_default()
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
    pub(super) fn marked_deals(&mut self) -> Vec<Deal> {
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
    pub(super) fn begin_batch(&mut self, verb: &str, suffix: String, total: usize) -> u64 {
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
    pub(super) fn end_batch(&mut self, id: u64) {
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

    /// Changes never sent because an earlier change to their deal failed (or deleted it): refused
    /// too, for `why`. Called after the failure's own message, so a bulk summary it completes is
    /// what the status line says last.
    pub(super) fn settle_dropped(&mut self, dropped: &[Change], why: &str) {
        for c in dropped {
            if let Some(b) = c.batch {
                self.batch_settled(b, &c.title, Some(strings::not_sent(why)));
            }
        }
    }
}
