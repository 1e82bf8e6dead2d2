//! `/`: narrows the board as you type to the deals whose title, tags, owner or contact name
//! match. Each field is matched on its own, so a match sits within one field, accents and case
//! ignored (`sofia` finds `Sofía`). A field matches as a whole word, at a word's start, inside a
//! word, or with its letters scattered (nucleo's fuzzy match, like the forms' pickers); when any
//! deal on the board matches as a word or inside one, scattered matches are dropped. A deal ranks
//! by its best field (the kind of match first, then nucleo's score, the title weighing a little
//! more), ties in board order; each match remembers which field it was, so its card can say so.
//! `Enter` keeps the narrowing and selects the best match; `Esc` clears it. Pure: it searches the
//! deals loaded.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};
use nucleo_matcher::chars;

use super::App;
use crate::model::{Deal, SafeText};
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
    /// Each match's field, by deal id.
    hits: HashMap<String, Hit>,
}

impl Search {
    /// Which field of deal `id` matched (`None`: no match, or no search typed).
    pub fn hit(&self, id: &str) -> Option<&Hit> {
        self.hits.get(id)
    }
}

/// A deal's field the search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Tag,
    Owner,
    Contact,
}

/// The field a deal matched by, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub field: Field,
    pub text: SafeText,
}

/// How a field matches the query, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Its letters in order, scattered.
    Scattered,
    /// Contiguous, inside a word.
    Inside,
    /// Contiguous, from a word's start.
    WordStart,
    /// A whole word (or words).
    WholeWord,
}

/// How well a field matches: the kind of match, then nucleo's score (weighted).
type Score = (Kind, u32);
/// One deal's match: its index in its column, score, field and the field's text.
type Match<T> = (usize, Score, Field, T);

/// Lower case without accents, one char for each of `s`'s chars.
fn fold(s: &str) -> Vec<char> {
    s.chars().map(|c| chars::to_lower_case(chars::normalize(c))).collect()
}

/// How contiguous `needle` sits in `hay` at its best, both [`fold`]ed.
fn contiguous(hay: &[char], needle: &[char]) -> Option<Kind> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let boundary = |i: usize| hay.get(i).is_none_or(|c| !c.is_alphanumeric());
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..i + needle.len()] == *needle)
        .map(|i| match (i == 0 || boundary(i - 1), boundary(i + needle.len())) {
            (true, true) => Kind::WholeWord,
            (true, false) => Kind::WordStart,
            _ => Kind::Inside,
        })
        .max()
}

/// Ranks each item's fields (text, weight in tenths, what it is) against `query`: per item, its
/// index, best match, and that field with its text; best first, ties in item order. Nucleo's
/// score (the pickers' [`rank_fields`], one field at a time) orders matches of a kind.
fn rank<'a>(query: &str, items: &[Vec<(&'a str, u32, Field)>]) -> Vec<Match<&'a str>> {
    let needle = fold(&query.split_whitespace().collect::<Vec<_>>().join(" "));
    let flat: Vec<(usize, &(&str, u32, Field))> =
        items.iter().enumerate().flat_map(|(i, fields)| fields.iter().map(move |f| (i, f))).collect();
    let mut scores = vec![None; flat.len()];
    for (f, score) in rank_fields(query, flat.iter().map(|(_, (text, weight, _))| [(*text, *weight)])) {
        scores[f] = Some(score);
    }
    let mut best: Vec<Option<(Score, Field, &str)>> = vec![None; items.len()];
    for ((i, &(text, _, field)), score) in flat.into_iter().zip(scores) {
        let Some(kind) = contiguous(&fold(text), &needle).or(score.map(|_| Kind::Scattered)) else {
            continue;
        };
        let m = ((kind, score.unwrap_or(0)), field, text);
        // The first of equals: the title before the names.
        if best[i].is_none_or(|b| m.0 > b.0) {
            best[i] = Some(m);
        }
    }
    let mut ranked: Vec<_> =
        best.into_iter().enumerate().filter_map(|(i, b)| b.map(|(s, f, t)| (i, s, f, t))).collect();
    ranked.sort_by_key(|&(_, score, _, _)| std::cmp::Reverse(score));
    ranked
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
        let mut hits = HashMap::new();
        let ranked = if query.is_empty() {
            vec![None; self.board.columns.len()]
        } else {
            let mut ranked = self.rank_columns(&query);
            // Scattered letters are a weak match: none when a word or a word's inside matches.
            let top = ranked.iter().flatten().map(|r| r.1.0).max();
            if top.is_some_and(|k| k > Kind::Scattered) {
                for r in &mut ranked {
                    r.retain(|m| m.1.0 > Kind::Scattered);
                }
            }
            for (col, r) in self.board.columns.iter().zip(&ranked) {
                for (i, _, field, text) in r {
                    hits.insert(
                        col.deals[*i].id.clone(),
                        Hit { field: *field, text: SafeText::new(text.as_str()) },
                    );
                }
            }
            let scores = |r: Vec<Match<String>>| r.into_iter().map(|m| (m.0, m.1)).collect();
            ranked.into_iter().map(|r| Some(scores(r))).collect()
        };
        let mut best: Option<(Score, usize, usize)> = None;
        let mut matches = 0;
        for (c, (col, r)) in self.board.columns.iter_mut().zip(ranked).enumerate() {
            let r: Option<Vec<(usize, Score)>> = r;
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
            s.hits = hits;
        }
        self.keep_selection_in_view();
    }

    /// Each column's matches (deal index, score, the field and its text), best first: each deal
    /// scores its best field.
    fn rank_columns(&self, query: &str) -> Vec<Vec<Match<String>>> {
        let contacts: HashMap<&str, &str> =
            self.data.contacts.iter().flatten().map(|c| (c.id.as_str(), c.name.as_str())).collect();
        let contact_of = |d: &Deal| d.contact_id.as_deref().and_then(|c| contacts.get(c).copied());
        let columns = self.board.columns.iter();
        columns
            .map(|col| {
                let fields: Vec<Vec<_>> = col
                    .deals
                    .iter()
                    .map(|d| {
                        let tags = d.tags.iter().map(|t| (t.as_str(), 10, Field::Tag));
                        let owner = self.owner_name_of(d).map(|o| (o, 10, Field::Owner));
                        let contact = contact_of(d).map(|c| (c, 10, Field::Contact));
                        std::iter::once((d.title.as_str(), TITLE_WEIGHT, Field::Title))
                            .chain(tags)
                            .chain(owner)
                            .chain(contact)
                            .collect()
                    })
                    .collect();
                let ranked = rank(query, &fields);
                ranked
                    .into_iter()
                    .map(|(i, score, field, text)| (i, score, field, text.to_string()))
                    .collect()
            })
            .collect()
    }

    /// The owner's name when `/users` knows it (else nothing: an id is no use to search).
    fn owner_name_of(&self, d: &Deal) -> Option<&str> {
        d.owner_id.as_deref().and_then(|o| self.data.users.get(o)).map(String::as_str)
    }
}
