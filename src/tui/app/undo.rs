//! Undo history: each change leaves the API call that reverses it, computed from the deal as it
//! was just before the change, the moment it is made (so `u` right after `L` undoes that move,
//! queued behind it); a refused change drops its deal's entries. `u` sends the newest (a bulk
//! change's whole group at once); older ones stay for the next `u`, up to [`DEPTH`].

use std::collections::VecDeque;

use crate::model::{Deal, DealPatch, DealStatus, Field};

/// The call that reverses a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Inverse {
    /// Back to the stage it came from (and its name, for the message).
    Move { stage_id: String },
    /// The value it had (`None`: it had none).
    SetValue { value: Option<f64> },
    /// Exactly the fields an edit changed, as they were before it (`e`, bulk owner change).
    Patch { patch: Box<DealPatch>, fields: Vec<&'static str> },
    /// Reopens a deal that was marked won or lost.
    Reopen,
    /// Closes a reopened deal again, with the reasons it had.
    Close { status: DealStatus, reason: Option<String>, competitor: Option<String> },
    /// Deletes a deal this board created.
    Delete,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    /// The deal as it was shown after the change: what undo starts from when the deal is no
    /// longer on the board (won, lost, moved out by the filter).
    pub deal: Deal,
    pub inverse: Inverse,
    /// The bulk action it was part of: `u` undoes the whole group.
    pub group: Option<u64>,
}

/// A short history: old entries fall off the bottom.
#[derive(Debug, Clone, Default)]
pub struct UndoStack {
    entries: VecDeque<UndoEntry>,
}

pub const DEPTH: usize = 20;

impl UndoStack {
    pub fn push(&mut self, entry: UndoEntry) {
        if self.entries.len() == DEPTH {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// The newest entry with the rest of its group (oldest first), or nothing.
    pub fn pop_group(&mut self) -> Vec<UndoEntry> {
        let Some(top) = self.entries.pop_back() else { return Vec::new() };
        let Some(group) = top.group else { return vec![top] };
        // A group's answers may interleave with other changes: take its entries from anywhere.
        let mut out: Vec<UndoEntry> = Vec::new();
        self.entries.retain(|e| {
            let same = e.group == Some(group);
            if same {
                out.push(e.clone());
            }
            !same
        });
        out.push(top);
        out
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A deal deleted for good: its inverses can only fail now.
    pub fn forget_deal(&mut self, deal_id: &str) {
        self.entries.retain(|e| e.deal.id != deal_id);
    }
}

/// The patch that puts back exactly the fields `patch` changes, as `before` had them, with
/// their names for the message.
pub fn inverse_patch(before: &Deal, patch: &DealPatch) -> (DealPatch, Vec<&'static str>) {
    let mut inv = DealPatch::default();
    let mut fields = Vec::new();
    let mut note = |changed: bool, name: &'static str| {
        if changed {
            fields.push(name);
        }
        changed
    };
    if note(!patch.title.is_unchanged(), "title") {
        inv.title = Field::Set(before.title.to_string());
    }
    if note(!patch.pipeline_id.is_unchanged(), "pipeline") {
        // Back across pipelines needs the old stage with it (the API moves by pipeline_id).
        inv.pipeline_id = Field::Set(before.pipeline_id.clone());
        inv.stage_id = Field::Set(before.stage_id.clone());
    }
    if note(!patch.stage_id.is_unchanged() && patch.pipeline_id.is_unchanged(), "stage") {
        inv.stage_id = Field::Set(before.stage_id.clone());
    }
    if note(!patch.value.is_unchanged(), "value") {
        inv.value = Field::from_option(before.value);
    }
    if note(!patch.currency.is_unchanged(), "currency") {
        inv.currency = Field::from_option(before.currency.clone());
    }
    if note(!patch.contact_id.is_unchanged(), "contact") {
        inv.contact_id = Field::from_option(before.contact_id.clone());
    }
    if note(!patch.owner_id.is_unchanged(), "owner") {
        inv.owner_id = Field::from_option(before.owner_id.clone());
    }
    if note(!patch.expected_close_date.is_unchanged(), "close date") {
        inv.expected_close_date = Field::from_option(before.expected_close_date);
    }
    // A stage change resets the probability on the server: undoing it puts the old one back too.
    if note(!patch.probability.is_unchanged(), "probability") || !inv.stage_id.is_unchanged() {
        inv.probability = Field::from_option(before.probability);
    }
    if note(!patch.custom_fields.is_unchanged(), "custom fields") {
        inv.custom_fields = Field::Set(before.custom_fields.clone());
    }
    if note(!patch.tags.is_unchanged(), "tags") {
        inv.tags = Field::Set(before.tags.iter().map(|t| t.to_string()).collect());
    }
    (inv, fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::test_support::deals;

    fn entry(id: &str, group: Option<u64>) -> UndoEntry {
        let mut deal = deals()[0].clone();
        deal.id = id.into();
        UndoEntry { deal, inverse: Inverse::Reopen, group }
    }

    #[test]
    fn keeps_the_last_twenty_and_pops_a_group_together() {
        let mut s = UndoStack::default();
        for i in 0..25 {
            s.push(entry(&format!("deal_{i}"), None));
        }
        assert_eq!(s.len(), DEPTH);
        s.push(entry("a", Some(7)));
        s.push(entry("x", None));
        s.push(entry("b", Some(7)));
        let ids: Vec<_> = s.pop_group().into_iter().map(|e| e.deal.id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(s.pop_group()[0].deal.id, "x");
    }

    #[test]
    fn the_inverse_patch_names_exactly_the_changed_fields() {
        let before = deals()[0].clone();
        let patch = DealPatch {
            title: Field::Set("New".into()),
            owner_id: Field::Clear,
            tags: Field::Set(vec!["x".into()]),
            ..DealPatch::default()
        };
        let (inv, fields) = inverse_patch(&before, &patch);
        let want = DealPatch {
            title: Field::Set(before.title.to_string()),
            owner_id: Field::Set("usr_1".into()),
            tags: Field::Set(vec![]),
            ..DealPatch::default()
        };
        assert_eq!((inv, fields), (want, vec!["title", "owner", "tags"]));
        let across = DealPatch {
            pipeline_id: Field::Set("pipe_002".into()),
            stage_id: Field::Set("stage_101".into()),
            ..DealPatch::default()
        };
        let (inv, _) = inverse_patch(&before, &across);
        assert_eq!(inv.pipeline_id, Field::Set("pipe_001".into()));
        assert_eq!(inv.stage_id, Field::Set("stage_001".into()));
        assert_eq!(inv.probability, Field::Set(10));
    }
}
