//! `/`: narrows the board as you type to the deals whose title, tags, owner or contact name
//! match, fuzzy and ranked (nucleo, like the forms' pickers). Each field is matched on its own, so
//! a match sits within one field; a deal ranks by its best field, the title weighing a little
//! more, ties in board order. `Enter` keeps the narrowing and selects the best match; `Esc`
//! clears it. Pure: it searches the deals loaded.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use crate::model::Deal;
use crate::tui::dialogs::{TextField, rank_fields};
use crate::tui::message::{Command, Event};

/// A title's match counts a little more than a tag's or a name's (in tenths: 10 is plain).
const TITLE_WEIGHT: u32 = 11;

#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: TextField,
    /// Keys go to the query (until `Enter` or `Esc`).
    pub editing: bool,
    /// Cards matching, over every column.
    pub matches: usize,
    /// The best match's id.
    best: Option<String>,
}

impl App {
    /// `/`: a new search, or the kept one to edit.
    pub(super) fn open_search(&mut self) -> Vec<Command> {
        self.ui.search.get_or_insert_with(Search::default).editing = true;
        // Contact names are searched too.
        self.load_contacts("")
    }

    pub(super) fn on_search_key(&mut self, key: KeyEvent) -> Vec<Command> {
        match key.code {
            KeyCode::Esc => self.clear_search(),
            KeyCode::Enter => self.keep_search(),
            _ => {
                if let Some(s) = &mut self.ui.search {
                    s.query.handle_key(&key);
                }
            }
        }
        Vec::new()
    }

    /// `Enter`: the narrowing stays, the best match is selected. An empty query is no search.
    fn keep_search(&mut self) {
        let Some(s) = &mut self.ui.search else { return };
        if s.query.value().trim().is_empty() {
            return self.clear_search();
        }
        s.editing = false;
        let best = s.best.clone();
        self.narrow();
        if let Some((c, i)) = best.and_then(|id| self.board.find(&id)) {
            self.board.select(c, i);
            self.keep_selection_in_view();
        }
    }

    /// `Esc`: every card again.
    pub(super) fn clear_search(&mut self) {
        if self.ui.search.take().is_none() {
            return;
        }
        for col in &mut self.board.columns {
            col.visible = None;
        }
        self.keep_selection_in_view();
    }

    /// Whether `event` can change the deals or the query, so the search must rank again. Moving
    /// around the board cannot: holding `j` over 100k deals must not re-rank them on every key.
    pub(super) fn narrowing_needed(&self, event: &Event) -> bool {
        use crate::settings::keys::Action::*;
        match event {
            // A refresh changes deals only when its pages arrive.
            Event::Tick | Event::RefreshDue | Event::Budget(_) | Event::Resize { .. } | Event::Mouse(_) => {
                false
            }
            Event::Key(k) if self.popup.is_none() && !self.ui.search.as_ref().is_some_and(|s| s.editing) => {
                !matches!(
                    self.keymap.action(k),
                    Some(
                        ColumnLeft
                            | ColumnRight
                            | Up
                            | Down
                            | Top
                            | Bottom
                            | PageUp
                            | PageDown
                            | Help
                            | Details
                    )
                )
            }
            Event::Key(_) | Event::Api(_) => true,
        }
    }

    /// Ranks every column's deals against the query; runs after each event that may change them.
    pub(super) fn narrow(&mut self) {
        let Some(query) = self.ui.search.as_ref().map(|s| s.query.value().trim().to_string()) else { return };
        let ranked = if query.is_empty() {
            vec![None; self.board.columns.len()]
        } else {
            self.rank_columns(&query).into_iter().map(Some).collect()
        };
        let mut best: Option<(u32, usize, usize)> = None;
        let mut matches = 0;
        for (c, (col, r)) in self.board.columns.iter_mut().zip(ranked).enumerate() {
            if let Some(&(i, score)) = r.as_ref().and_then(|r| r.first())
                && best.is_none_or(|(s, _, _)| score > s)
            {
                best = Some((score, c, i));
            }
            matches += r.as_ref().map_or(col.deals.len(), Vec::len);
            col.visible = r.map(|r| r.into_iter().map(|(i, _)| i).collect());
        }
        let best_id = best.map(|(_, c, i)| self.board.columns[c].deals[i].id.clone());
        if let Some(s) = &mut self.ui.search {
            s.matches = matches;
            s.best = best_id;
        }
        self.keep_selection_in_view();
    }

    /// Each column's matches (deal index, score), best first: each deal scores its best field.
    fn rank_columns(&self, query: &str) -> Vec<Vec<(usize, u32)>> {
        let contacts: HashMap<&str, &str> =
            self.data.contacts.iter().flatten().map(|c| (c.id.as_str(), c.name.as_str())).collect();
        let contact_of = |d: &Deal| d.contact_id.as_deref().and_then(|c| contacts.get(c).copied());
        let columns = self.board.columns.iter();
        columns
            .map(|col| {
                let fields = col.deals.iter().map(|d| {
                    let names =
                        d.tags.iter().map(|t| t.as_str()).chain(self.owner_name_of(d)).chain(contact_of(d));
                    std::iter::once((d.title.as_str(), TITLE_WEIGHT)).chain(names.map(|n| (n, 10)))
                });
                rank_fields(query, fields)
            })
            .collect()
    }

    /// The owner's name when `/users` knows it (else nothing: an id is no use to search).
    fn owner_name_of(&self, d: &Deal) -> Option<&str> {
        d.owner_id.as_deref().and_then(|o| self.data.users.get(o)).map(String::as_str)
    }
}
