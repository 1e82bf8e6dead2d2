//! Live refresh: `r` and, every `refresh_every`, `Event::RefreshDue`. A full reload's pages are
//! merged in ONE step once every column has answered, so a deal moved elsewhere never shows twice
//! or vanishes for a moment; meanwhile only what differs from the board is held, an unchanged deal
//! by its id alone (`Column::incoming`), so a reload never holds a second copy of the board. The
//! merge keeps the selected deal selected (even in another column now), each column's scroll on
//! the card it started with, and any open dialog. Local copies win when they are newer: a change
//! in flight, a create on its way, or a change the server accepted after the page was read.
//!
//! The timer's refresh is cheaper than `r`'s: the stage counts and the pipeline's deals newest
//! change first (`sort=-updated_at`), page after page only until a page ends before the
//! watermark (the newest `updated_at` the board has seen, less [`SKEW`]). Deals changed, moved,
//! won or lost elsewhere come in that way and take their place one by one; a deal deleted
//! elsewhere shows as a stage count that does not add up, and only that stage is read again
//! (through the full refresh's merge, the other columns standing as they are). The full reload
//! still runs every `AppSettings::full_refresh_every`. The interval grows while nothing changes
//! (1, 2, 4, then 8 timer periods) and stretches to [`BUDGET_LOW_INTERVAL`] while the server's
//! rate-limit headers say little is left (the worker passes them on as `Event::Budget`).

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};

use super::{App, Request};
use crate::model::{Deal, DealQuery, Sort, SortField, StageSummary};
use crate::tui::api::{Budget, ClientError};
use crate::tui::message::{Call, Command, Outcome};
use crate::tui::strings;

/// How long a deal changed by someone else stands out.
pub const HIGHLIGHT_FOR: SignedDuration = SignedDuration::from_secs(5);

/// How far before the newest change the board holds the timer's refresh reads back: clocks of
/// several servers, and deals changed in the same second.
pub const SKEW: SignedDuration = SignedDuration::from_secs(120);

/// The first page of changes the timer's refresh asks for: nothing changed costs a few KB.
pub const FIRST_CHANGES: u32 = 10;

/// The refresh interval while the API budget is low.
pub const BUDGET_LOW_INTERVAL: std::time::Duration = std::time::Duration::from_secs(600);

/// The growing interval while nothing changes: at most this many timer periods.
const MAX_IDLE_PERIODS: u32 = 8;

/// Under this many requests left today, the budget is low.
const DAILY_LOW: u64 = 500;

/// Whether the budget is low: under a fifth of the window's requests left, or few left today.
pub fn budget_low(b: &Budget) -> bool {
    let window = b.limit.zip(b.remaining).is_some_and(|(limit, left)| left.saturating_mul(5) < limit);
    window || b.daily_remaining.is_some_and(|d| d < DAILY_LOW)
}

/// The pace of the timer's refreshes, kept across them.
#[derive(Debug, Clone, Default)]
pub struct Pace {
    /// When the last full load started (the App's clock).
    last_full: Option<Timestamp>,
    /// The newest `updated_at` any refresh has seen, on the board or not.
    newest: Option<Timestamp>,
    /// Refreshes in a row that found nothing.
    quiet: u32,
    /// Timer periods since the last refresh.
    ticks: u32,
    /// What the latest answer said about the API budget.
    budget: Option<Budget>,
}

/// The timer's cheap refresh in flight.
#[derive(Debug, Clone)]
pub struct Incremental {
    generation: u64,
    watermark: Timestamp,
    /// The stage counts, once answered (empty when that failed).
    counts: Option<Vec<StageSummary>>,
    /// Pages of changes are still coming.
    paging: bool,
    changed: Vec<String>,
    gone: Vec<String>,
}

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
    /// The deals the pages brought that differ from the board's copy (or are new to it), with
    /// the column whose page brought them; unchanged deals are only remembered by id.
    fresh: Vec<(usize, Deal)>,
}

impl App {
    /// The timer's refresh: skipped while the board is still loading or a refresh is out (the
    /// next one catches up), so a slow server never piles them up.
    pub(super) fn refresh_due(&mut self) -> Vec<Command> {
        if self.board.pipeline().is_none() || !self.board.fully_loaded() || self.refresh_in_progress() {
            return Vec::new();
        }
        if self.budget_is_low() && self.status.message.is_none() {
            // Said again once a key cleared it: the rep should know why the board lags.
            let minutes = BUDGET_LOW_INTERVAL.as_secs() / 60;
            self.status.info(strings::budget_low(minutes));
        }
        let pace = &mut self.requests.pace;
        pace.ticks += 1;
        if pace.ticks < self.periods_between_refreshes() {
            return Vec::new();
        }
        self.requests.pace.ticks = 0;
        let full_every = self.settings.full_refresh_every.and_then(|d| SignedDuration::try_from(d).ok());
        let full_due = full_every.is_some_and(|every| {
            self.requests.pace.last_full.is_none_or(|t| self.now.duration_since(t) >= every)
        });
        // Under a filter the stage counts (every open deal) cannot tell a deletion.
        if full_due || self.view.filter.is_active() {
            return self.reload_everything(true);
        }
        self.refresh_changes()
    }

    /// Timer periods between two refreshes: more while nothing changes, many more while the
    /// budget is low.
    fn periods_between_refreshes(&self) -> u32 {
        let pace = &self.requests.pace;
        if pace.budget.as_ref().is_some_and(budget_low) {
            return self.budget_periods();
        }
        (1u32 << pace.quiet.min(3)).min(MAX_IDLE_PERIODS)
    }

    fn budget_periods(&self) -> u32 {
        let period = self.settings.refresh_every.map_or(60, |d| d.as_secs().max(1));
        BUDGET_LOW_INTERVAL.as_secs().div_ceil(period).max(1) as u32
    }

    /// Called as every full load starts: the next full reconcile is a `full_refresh_every` away.
    pub(super) fn full_load_started(&mut self) {
        self.requests.pace.last_full = Some(self.now);
    }

    /// A board shown as read at `at` (the cache's): the next full reconcile is counted from then.
    pub(super) fn full_load_read_at(&mut self, at: Option<Timestamp>) {
        self.requests.pace.last_full = at;
    }

    /// A key: the rep is at the board, so refreshes go back to every timer period.
    pub(super) fn rep_active(&mut self) {
        self.requests.pace.quiet = 0;
    }

    /// The budget as the worker read it after an answer: a change between low and not low
    /// slows or restores the refresh and says so.
    pub(super) fn on_budget(&mut self, budget: Budget) {
        let was_low = self.requests.pace.budget.as_ref().is_some_and(budget_low);
        let low = budget_low(&budget);
        self.requests.pace.budget = Some(budget);
        if self.settings.refresh_every.is_none() || was_low == low {
            return;
        }
        if low {
            let minutes = BUDGET_LOW_INTERVAL.as_secs() / 60;
            self.status.info(strings::budget_low(minutes));
        } else {
            self.status.info(strings::BUDGET_RECOVERED);
        }
    }

    /// Whether the refresh is stretched for the budget (the status line says so).
    pub fn budget_is_low(&self) -> bool {
        self.requests.pace.budget.as_ref().is_some_and(budget_low)
    }

    pub(super) fn refresh_in_progress(&self) -> bool {
        let generation = self.requests.generation;
        self.requests.refreshing.as_ref().is_some_and(|r| r.generation == generation)
            || self.requests.incremental.as_ref().is_some_and(|r| r.generation == generation)
    }

    /// The pipeline's deals newest change first, from `cursor`.
    fn changes_query(&self, cursor: Option<String>) -> DealQuery {
        let limit = if cursor.is_some() { super::query::PAGE_SIZE } else { FIRST_CHANGES };
        DealQuery {
            pipeline_id: self.board.pipeline().map(|p| p.id.clone()),
            sort: Some(Sort { field: SortField::UpdatedAt, descending: true }),
            limit: Some(limit),
            cursor,
            ..DealQuery::default()
        }
    }

    /// The timer's cheap refresh: the stage counts and the first page of changes, at once.
    pub(super) fn refresh_changes(&mut self) -> Vec<Command> {
        let on_board = self.board.columns.iter().flat_map(|c| &c.deals).map(|d| d.updated_at).max();
        let Some(newest) = on_board.max(self.requests.pace.newest) else {
            return self.reload_everything(true);
        };
        let Some(pipeline_id) = self.board.pipeline().map(|p| p.id.clone()) else { return Vec::new() };
        let generation = self.requests.generation;
        // Deals left unread are counted per refresh: the same one is read again while recent.
        self.ui.skipped = 0;
        self.requests.incremental = Some(Incremental {
            generation,
            watermark: newest.checked_sub(SKEW).unwrap_or(newest),
            counts: None,
            paging: true,
            changed: Vec::new(),
            gone: Vec::new(),
        });
        let query = self.changes_query(None);
        vec![
            self.issue(Request::Counts { generation }, Call::LoadStages { pipeline_id }),
            self.issue(Request::Changes { generation }, Call::ListDeals { query }),
        ]
    }

    fn incremental_mut(&mut self, generation: u64) -> Option<&mut Incremental> {
        let current = self.requests.generation;
        self.requests.incremental.as_mut().filter(|r| r.generation == generation && generation == current)
    }

    pub(super) fn on_counts(
        &mut self,
        generation: u64,
        result: Result<Outcome, ClientError>,
    ) -> Vec<Command> {
        let Some(inc) = self.incremental_mut(generation) else { return Vec::new() };
        inc.counts = Some(match result {
            Ok(Outcome::Stages(s)) => s,
            // Without the counts only a deletion goes unseen until the next refresh.
            _ => Vec::new(),
        });
        self.finish_changes()
    }

    pub(super) fn on_changes(
        &mut self,
        generation: u64,
        result: Result<Outcome, ClientError>,
    ) -> Vec<Command> {
        if self.incremental_mut(generation).is_none() {
            return Vec::new();
        }
        let page = match result {
            Ok(Outcome::DealPage(p)) => p,
            Ok(_) => return Vec::new(),
            Err(e) => {
                // The board keeps what it has; the next period tries again.
                self.requests.incremental = None;
                self.report_load_error(strings::WHAT_DEALS, &e);
                return Vec::new();
            }
        };
        self.note_skipped(page.skipped);
        let Some(mut inc) = self.requests.incremental.take() else { return Vec::new() };
        let older = page.items.last().is_some_and(|d| d.updated_at < inc.watermark);
        let keep = Kept::record(self);
        let changed_before = inc.changed.len() + inc.gone.len();
        for deal in page.items {
            let newest = &mut self.requests.pace.newest;
            *newest = (*newest).max(Some(deal.updated_at));
            self.apply_change(deal, &mut inc);
        }
        if inc.changed.len() + inc.gone.len() > changed_before {
            // The columns' sums as a full refresh leaves them (in the cards' order).
            for col in &mut self.board.columns {
                let deals = std::mem::take(&mut col.deals);
                col.set_deals(deals);
            }
        }
        keep.restore(self);
        let more = page.next_cursor.filter(|_| !older);
        self.requests.incremental = Some(inc);
        match more {
            Some(cursor) => {
                let query = self.changes_query(Some(cursor));
                vec![self.issue(Request::Changes { generation }, Call::ListDeals { query })]
            }
            None => {
                if let Some(inc) = &mut self.requests.incremental {
                    inc.paging = false;
                }
                self.finish_changes()
            }
        }
    }

    /// One deal from the pages of changes, in place: where it belongs now, or off the board.
    /// A deal with a local change in flight keeps the local copy.
    fn apply_change(&mut self, deal: Deal, inc: &mut Incremental) {
        if self.is_pending(&deal.id) {
            return;
        }
        let at = self.board.find(&deal.id);
        if let Some((c, i)) = at {
            let mine = &self.board.columns[c].deals[i];
            if mine.updated_at >= deal.updated_at {
                return;
            }
        }
        let in_pipeline = self.board.pipeline().is_some_and(|p| p.id == deal.pipeline_id);
        let column =
            self.board.column_of_stage(&deal.stage_id).filter(|_| in_pipeline && self.view.shows(&deal));
        if at.is_none() && column.is_none() {
            return;
        }
        if let Some((c, _)) = at {
            self.board.take(&deal.id);
            self.board.columns[c].visible = None;
        }
        let Some(c) = column else {
            inc.gone.push(deal.title.to_string());
            return;
        };
        let sort = self.view.sort.unwrap_or_default();
        let col = &mut self.board.columns[c];
        let i = col.deals.partition_point(|d| sorts_before(sort, d, &deal));
        col.visible = None;
        inc.changed.push(deal.id.clone());
        self.board.put(deal, i);
    }

    /// Both the counts and the last page of changes are in: a stage whose count does not add
    /// up (a deal deleted elsewhere) is read again; the rest is done.
    fn finish_changes(&mut self) -> Vec<Command> {
        if self.requests.incremental.as_ref().is_none_or(|r| r.paging || r.counts.is_none()) {
            return Vec::new();
        }
        let Some(inc) = self.requests.incremental.take() else { return Vec::new() };
        let mut stale = HashSet::new();
        for s in inc.counts.unwrap_or_default() {
            // The won column holds won deals, which the stage counts (open deals) do not count.
            if self.view.won_since(&s.id).is_some() {
                continue;
            }
            if let Some(c) = self.board.column_of_stage(&s.id) {
                let col = &mut self.board.columns[c];
                if s.deal_count != col.deals.len() as u64 {
                    stale.insert(s.id.clone());
                }
                col.summary = Some(s);
            }
        }
        let until = self.now.checked_add(HIGHLIGHT_FOR).unwrap_or(self.now);
        for id in &inc.changed {
            self.ui.highlights.insert(id.clone(), until);
        }
        let board = &self.board;
        self.changes.keep_marks(|id| board.find(id).is_some());
        if !inc.gone.is_empty() {
            self.status.info(strings::gone_elsewhere(&inc.gone));
        }
        let quiet = inc.changed.is_empty() && inc.gone.is_empty() && stale.is_empty();
        let pace = &mut self.requests.pace;
        pace.quiet = if quiet { pace.quiet.saturating_add(1) } else { 0 };
        if stale.is_empty() {
            return Vec::new();
        }
        // Only those stages again, merged as the full refresh merges; the others stand.
        let generation = self.requests.generation;
        let mut out = Vec::new();
        for col in &mut self.board.columns {
            if stale.contains(&col.stage.id) {
                col.incoming = Some(HashMap::new());
            }
        }
        for stage_id in &stale {
            let query = self.view.for_stage(stage_id);
            let stage_id = stage_id.clone();
            out.push(self.issue(Request::Page { generation, stage_id }, Call::ListDeals { query }));
        }
        self.requests.refreshing = Some(Refreshing {
            generation,
            waiting: stale,
            touched: HashSet::new(),
            was_complete: true,
            quiet: true,
            fresh: Vec::new(),
        });
        out
    }

    /// Called right after a refresh's `load_columns`: every column of this generation is awaited.
    pub(super) fn track_refresh(&mut self, quiet: bool, was_complete: bool) {
        let waiting = self.board.columns.iter().map(|c| c.stage.id.clone()).collect();
        let generation = self.requests.generation;
        self.requests.refreshing = Some(Refreshing {
            generation,
            waiting,
            touched: HashSet::new(),
            was_complete,
            quiet,
            fresh: Vec::new(),
        });
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

    /// Whether a page of the refresh in progress already brought this deal (in any column).
    fn seen_in_refresh(&self, id: &str) -> bool {
        self.board.columns.iter().filter_map(|c| c.incoming.as_ref()).any(|s| s.contains_key(id))
    }

    /// One page of a refreshing column: the board does not change until every column is in
    /// (a deal moved between two columns never shows twice or vanishes for a moment), but only
    /// what differs from the board is kept; an unchanged deal is remembered by its id alone, so
    /// a reload never holds a second copy of the board.
    pub(super) fn merge_page(&mut self, c: usize, items: Vec<Deal>) {
        let mut r = self.requests.refreshing.take().unwrap_or_default();
        // The board's copies of the page's deals: in this column, else (moved, or new) anywhere.
        let mut missing: HashSet<&str> = items.iter().map(|d| d.id.as_str()).collect();
        let mut at: HashMap<String, (usize, usize)> = HashMap::new();
        let columns = std::iter::once(c).chain((0..self.board.columns.len()).filter(|&o| o != c));
        for ci in columns {
            if missing.is_empty() {
                break;
            }
            for (i, d) in self.board.columns[ci].deals.iter().enumerate() {
                if missing.remove(d.id.as_str()) {
                    at.insert(d.id.clone(), (ci, i));
                }
            }
        }
        drop(missing);
        let mut seen_now = HashMap::new();
        for f in items {
            // One card per deal, even when two pages raced a move on the server.
            if self.seen_in_refresh(&f.id) || seen_now.contains_key(&f.id) {
                continue;
            }
            let before = self.board.columns[c].incoming.as_ref().map_or(0, HashMap::len);
            seen_now.insert(f.id.clone(), before + seen_now.len());
            let same = at.get(&f.id).is_some_and(|&(ci, i)| self.board.columns[ci].deals[i] == f);
            if !same {
                r.fresh.push((c, f));
            }
        }
        if let Some(s) = &mut self.board.columns[c].incoming {
            s.extend(seen_now);
        }
        self.requests.refreshing = Some(r);
    }

    /// The deals a refresh in progress holds besides the board's (those that differ from it).
    #[cfg(test)]
    pub(super) fn refresh_holds(&self) -> Option<usize> {
        self.requests.refreshing.as_ref().map(|r| r.fresh.len())
    }

    /// Every column's pages are in (or its load failed): the deals that differ take their
    /// place, the cards of a refreshed column that no page brought are gone from the server's
    /// view (unless local or just accepted), and each refreshed column takes the server's order.
    fn merge_refresh(&mut self) {
        let Some(mut r) = self.requests.refreshing.take() else { return };
        let keep = Kept::record(self);
        let sets: Vec<Option<HashMap<String, usize>>> =
            self.board.columns.iter_mut().map(|c| c.incoming.take()).collect();
        // A column whose load failed keeps what it had: its pages decide nothing.
        let fresh: Vec<Deal> = std::mem::take(&mut r.fresh)
            .into_iter()
            .filter(|(c, _)| sets[*c].is_some())
            .map(|(_, d)| d)
            .collect();
        let ids: HashSet<&str> = fresh.iter().map(|d| d.id.as_str()).collect();
        let mut at: HashMap<String, (usize, usize)> = HashMap::new();
        for (ci, col) in self.board.columns.iter().enumerate() {
            for (i, d) in col.deals.iter().enumerate() {
                if ids.contains(d.id.as_str()) {
                    at.insert(d.id.clone(), (ci, i));
                }
            }
        }
        drop(ids);
        let mut changed = Vec::new();
        let mut apply = Vec::new();
        for f in fresh {
            let local = self.is_pending(&f.id);
            let Some(&(ci, i)) = at.get(&f.id) else {
                // Not on the board: our own change took it off after this page was read (a
                // delete, a win under the open-deals filter), or it is news from elsewhere.
                if local || r.touched.contains(&f.id) {
                    continue;
                }
                if r.was_complete {
                    changed.push(f.id.clone());
                }
                apply.push((f, false));
                continue;
            };
            let mine = &self.board.columns[ci].deals[i];
            // Never overwritten by an older server copy: a change in flight, or one the server
            // accepted after this page was read.
            if local || mine.updated_at > f.updated_at {
                continue;
            }
            if f.updated_at > mine.updated_at || f.stage_id != mine.stage_id {
                changed.push(f.id.clone());
            }
            apply.push((f, true));
        }
        let counts: Vec<_> = self.board.columns.iter().map(|col| (col.summary.clone(), col.total)).collect();
        // A deal in the same stage is replaced where it is; one moved or new is taken off and
        // put at the end of its column (the server's order follows below), in one pass each, so
        // a reload where much changed costs no more than one where little did.
        let mut moving = HashSet::new();
        let mut to_put = Vec::new();
        for (deal, on_board) in apply {
            match at.get(&deal.id) {
                Some(&(ci, i)) if self.board.columns[ci].stage.id == deal.stage_id => {
                    self.board.columns[ci].deals[i] = deal;
                }
                _ => {
                    if on_board {
                        moving.insert(deal.id.clone());
                    }
                    to_put.push(deal);
                }
            }
        }
        if !moving.is_empty() {
            for col in &mut self.board.columns {
                let before = col.deals.len();
                col.deals.retain(|d| !moving.contains(&d.id));
                if col.deals.len() != before {
                    col.visible = None;
                }
            }
        }
        for deal in to_put {
            if let Some(to) = self.board.column_of_stage(&deal.stage_id) {
                self.board.columns[to].deals.push(deal);
            }
        }
        for col in &mut self.board.columns {
            // The sums follow the cards (a failed column's too, a deal having left it).
            let deals = std::mem::take(&mut col.deals);
            col.set_deals(deals);
            col.selected = col.selected.min(col.deals.len().saturating_sub(1));
        }
        // The counts stay the server's (`/stages` and the pages' totals).
        for (col, (summary, total)) in self.board.columns.iter_mut().zip(counts) {
            col.summary = summary;
            col.total = total;
        }
        let seen = |id: &str| sets.iter().flatten().any(|s| s.contains_key(id));
        let on_board = self.board.columns.iter().flat_map(|c| &c.deals);
        let local_ids: HashSet<String> =
            on_board.filter(|d| self.is_pending(&d.id)).map(|d| d.id.clone()).collect();
        let mut gone = Vec::new();
        let view = &self.view;
        for (col, pos) in self.board.columns.iter_mut().zip(&sets) {
            let Some(pos) = pos else { continue };
            let mut deals = std::mem::take(&mut col.deals);
            // The board's cards the pages did not decide stay where they were, if local or just
            // accepted; the rest are gone from the server's view.
            let mut stay = Vec::new();
            let mut i = 0;
            deals.retain(|d| {
                let here = i;
                i += 1;
                if pos.contains_key(&d.id) {
                    return true;
                }
                if seen(&d.id) || local_ids.contains(&d.id) || r.touched.contains(&d.id) {
                    stay.push((here, d.clone()));
                } else if view.shows(d) {
                    gone.push(d.title.to_string());
                }
                false
            });
            // In place (no scratch copy): every id has its own place.
            let place = |d: &Deal| pos.get(&d.id).copied().unwrap_or(usize::MAX);
            if !deals.is_sorted_by_key(place) {
                deals.sort_unstable_by_key(place);
            }
            for (i, d) in stay {
                deals.insert(i.min(deals.len()), d);
            }
            col.set_deals(deals);
            col.settle_reselect(true);
            // The search ranks the new copy after this event; stale indices must not be used.
            col.visible = None;
        }
        drop(sets);
        for c in 0..self.board.columns.len() {
            self.order_column(c);
        }
        let until = self.now.checked_add(HIGHLIGHT_FOR).unwrap_or(self.now);
        for id in &changed {
            self.ui.highlights.insert(id.clone(), until);
        }
        keep.restore(self);
        let board = &self.board;
        self.changes.keep_marks(|id| board.find(id).is_some());
        let pace = &mut self.requests.pace;
        pace.quiet = if changed.is_empty() && gone.is_empty() { pace.quiet.saturating_add(1) } else { 0 };
        if !gone.is_empty() {
            self.status.info(strings::gone_elsewhere(&gone));
        } else if !r.quiet && self.status.message.as_ref().is_some_and(|(_, m)| m == strings::REFRESHING) {
            self.status.info(strings::refreshed(changed.len()));
        }
    }
}

/// Whether `a` comes before `b` in a column sorted by `sort` (ties by id in the same direction;
/// no close date last both ways), as the server orders its pages.
fn sorts_before(sort: Sort, a: &Deal, b: &Deal) -> bool {
    use std::cmp::Ordering;
    let by_field = match sort.field {
        SortField::UpdatedAt => a.updated_at.cmp(&b.updated_at),
        SortField::CreatedAt => a.created_at.cmp(&b.created_at),
        SortField::Value => a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)),
        SortField::ExpectedCloseDate => match (a.expected_close_date, b.expected_close_date) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => return true,
            (None, Some(_)) => return false,
            (None, None) => Ordering::Equal,
        },
    };
    let order = by_field.then_with(|| a.id.cmp(&b.id));
    (if sort.descending { order.reverse() } else { order }) == Ordering::Less
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
