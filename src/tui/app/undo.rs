//! Undo history: each change leaves the API call that reverses it (dropped if refused). `u` sends the
//! newest. Issue 5 adds field edits and creates; the stack itself does not change.

use std::collections::VecDeque;

use crate::model::Deal;

/// The call that reverses a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Inverse {
    /// Back to the stage it came from.
    Move { stage_id: String },
    /// The value it had (`None`: it had none).
    SetValue { value: Option<f64> },
    /// Reopens a deal that was marked won or lost.
    Reopen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    /// The deal as it was shown after the change: what undo starts from.
    pub deal: Deal,
    pub inverse: Inverse,
}

/// A short history: old entries fall off the bottom.
#[derive(Debug, Clone, Default)]
pub struct UndoStack {
    entries: VecDeque<UndoEntry>,
}

const DEPTH: usize = 20;

impl UndoStack {
    pub fn push(&mut self, entry: UndoEntry) {
        if self.entries.len() == DEPTH {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub fn pop(&mut self) -> Option<UndoEntry> {
        self.entries.pop_back()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A later change to the same deal makes older inverses of it wrong (undoing a move after a
    /// value edit would be fine, but after another move it would jump two stages): keep only
    /// the newest entry per deal.
    pub fn forget_deal(&mut self, deal_id: &str) {
        self.entries.retain(|e| e.deal.id != deal_id);
    }
}
