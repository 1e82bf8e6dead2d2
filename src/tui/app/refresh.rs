//! Live refresh: `r` and, every `refresh_every`, `Event::RefreshDue`. Every column's new copy is
//! collected off screen (`Column::incoming`) and merged in ONE step once all have answered, so a
//! deal moved elsewhere never shows twice or vanishes for a moment. The merge keeps the selected
//! deal selected (even in another column now), each column's scroll on the card it started
//! with, and any open dialog. Local copies win when they are newer: a change in flight, a
//! create on its way, or a change the server accepted after the page was read.

use std::collections::{HashMap, HashSet};

use jiff::SignedDuration;

use super::App;
use crate::model::Deal;
use crate::sanitize::sanitize;
use crate::tui::message::Command;
use crate::tui::strings;

/// How long a deal changed by someone else stands out.
pub const HIGHLIGHT_FOR: SignedDuration = SignedDuration::from_secs(5);

#[derive(Debug, Clone, Default)]
pub struct Refreshing {
    /// The load it belongs to: a pipeline switch or a new filter meanwhile makes it moot.
    generation: u64,
    /// Stages whose new copy is still coming.
    waiting: HashSet<String>,
    /// Deals whose change or create the server accepted while the pages were out: a page may
    /// not have them yet, which does not mean they were deleted.
    pub(super) touched: HashSet<String>,
    /// Whether every column was loaded when it started: only then is a deal new to the board
    /// news (else it is just the rest of a column that had not loaded yet).
    was_complete: bool,
    /// From the timer: no "Refreshing…" / "Refreshed." messages over what the rep reads.
    quiet: bool,
}

impl App {
    /// The timer's refresh: skipped while the board is still loading or a refresh is out (the
    /// next one catches up), so a slow server never piles them up.
    pub(super) fn refresh_due(&mut self) -> Vec<Command> {
        if self.board.pipeline().is_none() || !self.board.fully_loaded() || self.refresh_in_progress() {
            return Vec::new();
        }
        self.reload_everything(true)
    }

    pub(super) fn refresh_in_progress(&self) -> bool {
        self.requests.refreshing.as_ref().is_some_and(|r| r.generation == self.requests.generation)
    }

    /// Called right after a refresh's `load_columns`: every column of this generation is awaited.
    pub(super) fn track_refresh(&mut self, quiet: bool, was_complete: bool) {
        let waiting = self.board.columns.iter().map(|c| c.stage.id.clone()).collect();
        let generation = self.requests.generation;
        self.requests.refreshing =
            Some(Refreshing { generation, waiting, touched: HashSet::new(), was_complete, quiet });
    }

    /// A column's new copy is complete, or its load failed (it keeps what it had): merges when
    /// it was the last.
    pub(super) fn column_refreshed(&mut self, stage_id: &str) {
        let Some(r) = &mut self.requests.refreshing else { return };
        if r.generation != self.requests.generation {
            return;
        }
        r.waiting.remove(stage_id);
        if r.waiting.is_empty() {
            self.merge_refresh();
        }
    }

    pub fn is_highlighted(&self, deal_id: &str) -> bool {
        self.ui.highlights.get(deal_id).is_some_and(|until| *until > self.now)
    }

    /// Drops highlights whose time is over (on each tick; ticks run while one shows).
    pub(super) fn fade_highlights(&mut self) {
        let now = self.now;
        self.ui.highlights.retain(|_, until| *until > now);
    }

    pub(super) fn highlight_showing(&self) -> bool {
        self.ui.highlights.values().any(|until| *until > self.now)
    }

    fn merge_refresh(&mut self) {
        let Some(r) = self.requests.refreshing.take() else { return };
        let keep = Kept::record(self);
        let mut lists: Vec<Option<Vec<Deal>>> =
            self.board.columns.iter_mut().map(|c| c.incoming.take()).collect();
        let old: HashMap<String, (usize, usize)> = self
            .board
            .columns
            .iter()
            .enumerate()
            .flat_map(|(c, col)| col.deals.iter().enumerate().map(move |(i, d)| (d.id.clone(), (c, i))))
            .collect();
        let local = |app: &App, id: &str| app.is_pending(id);
        let until = self.now.checked_add(HIGHLIGHT_FOR).unwrap_or(self.now);
        let mut seen = HashSet::new();
        let mut changed = Vec::new();
        let mut mine_wins = HashSet::new();
        for list in lists.iter_mut().flatten() {
            list.retain(|f| {
                // One card per deal, even when two pages raced a move on the server.
                if !seen.insert(f.id.clone()) {
                    return false;
                }
                let Some(&(c, i)) = old.get(&f.id) else {
                    // Not on the board: our own change took it off after this page was read (a
                    // delete, a win under the open-deals filter), or it is news from elsewhere.
                    if local(self, &f.id) || r.touched.contains(&f.id) {
                        seen.remove(&f.id);
                        return false;
                    }
                    if r.was_complete {
                        changed.push(f.id.clone());
                    }
                    return true;
                };
                let mine = &self.board.columns[c].deals[i];
                // Never overwritten by an older server copy: a change in flight, or one the
                // server accepted after this page was read.
                if local(self, &f.id) || mine.updated_at > f.updated_at {
                    seen.remove(&f.id);
                    mine_wins.insert(f.id.clone());
                    return false;
                }
                if f.updated_at > mine.updated_at || f.stage_id != mine.stage_id {
                    changed.push(f.id.clone());
                }
                true
            });
        }
        // `seen` is now exactly the deals the server's copy decides.
        let mut gone = Vec::new();
        let on_board = self.board.columns.iter().flat_map(|c| &c.deals);
        let local_ids: HashSet<String> =
            on_board.filter(|d| local(self, &d.id)).map(|d| d.id.clone()).collect();
        for (c, col) in self.board.columns.iter_mut().enumerate() {
            match &mut lists[c] {
                // Refreshed: the board's cards the pages did not decide stay where they were, if
                // local or just accepted; the rest are gone from the server's view.
                Some(list) => {
                    for (i, d) in col.deals.iter().enumerate() {
                        if seen.contains(&d.id) {
                            continue;
                        }
                        let keep = local_ids.contains(&d.id)
                            || r.touched.contains(&d.id)
                            || mine_wins.contains(&d.id);
                        if keep {
                            list.insert(i.min(list.len()), d.clone());
                        } else {
                            gone.push(sanitize(&d.title));
                        }
                    }
                }
                // Its load failed: it keeps its cards, less those the others now hold.
                None => {
                    let mut deals = std::mem::take(&mut col.deals);
                    deals.retain(|d| !seen.contains(&d.id));
                    lists[c] = Some(deals);
                }
            }
        }
        for (col, list) in self.board.columns.iter_mut().zip(lists) {
            if let Some(list) = list {
                col.set_deals(list);
                col.settle_reselect(true);
                // The search ranks the new copy after this event; stale indices must not be used.
                if col.visible.is_some() {
                    col.visible = None;
                }
            }
        }
        for c in 0..self.board.columns.len() {
            self.order_column(c);
        }
        for id in &changed {
            self.ui.highlights.insert(id.clone(), until);
        }
        keep.restore(self);
        let board = &self.board;
        self.changes.keep_marks(|id| board.find(id).is_some());
        if !gone.is_empty() {
            self.status.info(strings::gone_elsewhere(&gone));
        } else if !r.quiet && self.status.message.as_ref().is_some_and(|(_, m)| m == strings::REFRESHING) {
            self.status.info(strings::refreshed(changed.len()));
        }
    }
}

/// What the rep was looking at before a merge: the selected deal and, per column, the selected
/// deal and the first card drawn.
struct Kept {
    selected: Option<String>,
    col: usize,
    per_column: Vec<(Option<String>, Option<String>)>,
}

impl Kept {
    fn record(app: &App) -> Kept {
        let id_at = |col: &super::board::Column, i: Option<usize>| {
            i.and_then(|i| col.deals.get(i)).map(|d| d.id.clone())
        };
        Kept {
            selected: app.board.selected_deal().map(|d| d.id.clone()),
            col: app.board.col,
            per_column: app
                .board
                .columns
                .iter()
                // A column at its top stays at its top, so a deal arriving first is seen; one
                // scrolled down keeps its first card, so reading is not pulled away.
                .map(|c| {
                    (
                        c.reselect.as_ref().map(|(id, _)| id.clone()).or_else(|| id_at(c, Some(c.selected))),
                        if c.scroll == 0 { None } else { id_at(c, c.shown_at(c.scroll)) },
                    )
                })
                .collect(),
        }
    }

    fn restore(self, app: &mut App) {
        for (col, (selected, top)) in app.board.columns.iter_mut().zip(self.per_column) {
            let find =
                |id: &Option<String>| id.as_ref().and_then(|id| col.deals.iter().position(|d| d.id == *id));
            if let Some(i) = find(&selected) {
                col.selected = i;
            }
            if let Some(i) = find(&top) {
                col.scroll = col.shown_pos(i).unwrap_or(col.scroll);
            }
        }
        // The same deal stays selected, wherever it is now; else the same column.
        match self.selected.as_deref().and_then(|id| app.board.find(id)) {
            Some((c, i)) => app.board.select(c, i),
            None => app.board.col = self.col,
        }
        app.keep_selection_in_view();
    }
}
