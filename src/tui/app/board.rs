//! The board's data: the pipelines, the current pipeline's columns with the deals loaded so far,
//! and where the selection and scroll are. No I/O and no drawing: just the bookkeeping every
//! action and every arriving page goes through.

use crate::human::format::{FALLBACK_CURRENCY, currency_of};
use crate::model::{Deal, Pipeline, Stage, StageSummary};
use crate::settings::Rates;

/// How far a column's deals have loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnLoad {
    /// Waiting for the first page.
    Loading,
    /// Some pages are in, more are on their way.
    Partial,
    Complete,
    /// A page failed; what is loaded stays. Holds the one-line reason.
    Failed(String),
}

/// Running sums over a column's loaded deals, kept as deals come and go so drawing a header
/// never walks a 20,000-deal column.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Sums {
    pub(super) value: f64,
    /// Value x the deal's own probability (the stage's when it has none).
    pub(super) weighted: f64,
}

/// [`Sums`] per currency. Adding yen to euros gives a number that means nothing, and the
/// server's stage total does exactly that, so a column holding several currencies is summed
/// per currency (a handful of entries: a linear scan is fastest).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct CurrencySums(pub(super) Vec<(String, Sums, usize)>);

impl CurrencySums {
    pub(super) fn add(&mut self, code: &str, s: Sums, sign: f64) {
        let i = match self.0.iter().position(|(c, _, _)| c == code) {
            Some(i) => i,
            None => {
                self.0.push((code.to_string(), Sums::default(), 0));
                self.0.len() - 1
            }
        };
        let (_, sums, n) = &mut self.0[i];
        sums.value += sign * s.value;
        sums.weighted += sign * s.weighted;
        *n = if sign > 0.0 { *n + 1 } else { n.saturating_sub(1) };
        if *n == 0 {
            self.0.swap_remove(i);
        }
    }

    fn all(&self) -> Sums {
        self.0.iter().fold(Sums::default(), |a, (_, s, _)| Sums {
            value: a.value + s.value,
            weighted: a.weighted + s.weighted,
        })
    }

    pub(super) fn of(&self, code: &str) -> Sums {
        self.0.iter().find(|(c, _, _)| c == code).map_or(Sums::default(), |(_, s, _)| *s)
    }

    /// The currency totals are shown in (`preferred` when any deal is in it, else the most
    /// used), and the others, most used first, then by code: the same sums always name them in
    /// the same order, whatever order their deals arrived or left in.
    pub(super) fn split(&self, preferred: &str) -> (String, Vec<String>) {
        let entries = &self.0;
        let currency = match entries.iter().max_by_key(|(_, _, n)| *n) {
            Some((most, _, _)) if !entries.iter().any(|(c, _, _)| c == preferred) => most.clone(),
            _ => preferred.to_string(),
        };
        let mut others: Vec<&(String, Sums, usize)> =
            entries.iter().filter(|(c, _, _)| *c != currency).collect();
        others.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        (currency, others.into_iter().map(|(c, _, _)| c.clone()).collect())
    }

    /// The totals in `main`, converted with `rates` where a currency has one; the currencies
    /// without one are named apart. `None` when there are no rates, or every deal is in `main`.
    pub(super) fn converted(&self, main: &str, rates: &Rates) -> Option<ColumnTotals> {
        if rates.is_empty() || self.0.iter().all(|(c, _, _)| c == main) {
            return None;
        }
        let mut value = 0.0;
        let mut weighted = 0.0;
        let mut others: Vec<&(String, Sums, usize)> = Vec::new();
        for entry in &self.0 {
            match rates.factor(&entry.0, main) {
                Some(f) => {
                    value += entry.1.value * f;
                    weighted += entry.1.weighted * f;
                }
                None => others.push(entry),
            }
        }
        others.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let other_currencies = others.into_iter().map(|(c, _, _)| c.clone()).collect();
        Some(ColumnTotals { currency: main.to_string(), value, weighted, other_currencies })
    }

    /// What a header shows for these loaded deals alone (the forecast's months: no server
    /// figure to prefer): [`CurrencySums::converted`], else in `main` with the others named.
    pub(super) fn totals_at(&self, main: &str, rates: &Rates) -> ColumnTotals {
        if let Some(t) = self.converted(main, rates) {
            return t;
        }
        let (currency, other_currencies) = self.split(main);
        let own = self.of(&currency);
        ColumnTotals { currency, value: own.value, weighted: own.weighted, other_currencies }
    }
}

/// The first card shown so that card `pos` of `len` is in a `page`-card window, from `scroll`.
/// Stepping out of view scrolls by half a page, leaving the selection mid-column: the next few
/// steps then need no scroll. A scroll redraws the whole column (over 2 KB at 200x50), a plain
/// step two cards (about 600 bytes), which matters over SSH.
pub(super) fn scroll_to(pos: usize, scroll: usize, page: usize, len: usize) -> usize {
    let page = page.max(1);
    let jump = (page - 1) / 2;
    let mut scroll = scroll;
    if pos < scroll {
        scroll = pos.saturating_sub(jump);
    } else if pos >= scroll + page {
        scroll = pos + 1 - page + jump;
    }
    scroll.min(len.saturating_sub(page))
}

/// What a column header shows: totals in one currency, and the other currencies its loaded
/// deals are in (left out of the totals rather than added as if they were the same money).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnTotals {
    /// The currency of `value` and `weighted`.
    pub currency: String,
    pub value: f64,
    pub weighted: f64,
    pub other_currencies: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub stage: Stage,
    /// From `/pipelines/:id/stages`: right before every page has arrived.
    pub summary: Option<StageSummary>,
    /// Read freely; change through `push_deals`, `set_deals` and the Board's `take`/`put`/
    /// `replace_in_place`, which keep the sums right.
    pub deals: Vec<Deal>,
    pub(super) sums: CurrencySums,
    /// Open deals not updated since this are rotting (the stage's `[stale_days]` before today),
    /// set by `App::sync_rotting`; `rotting` counts them as deals come and go, so a header
    /// never walks the column to say how many.
    rot_before: Option<jiff::Timestamp>,
    rotting: usize,
    pub selected: usize,
    /// Index of the first card drawn.
    pub scroll: usize,
    pub load: ColumnLoad,
    /// During a refresh: the ids of the deals its pages brought so far, each with its place in
    /// the server's order. The board's copy stands until every column is in (see
    /// `App::merge_refresh` in `refresh.rs`); only the deals that differ from it are kept.
    pub incoming: Option<std::collections::HashMap<String, usize>>,
    /// The deals matching that stage's query, from the pages' `total`: the count shown while a
    /// filter is active (the `/stages` counts are of all open deals then).
    pub total: Option<u64>,
    /// The search's narrowing: indices into `deals` of the matches, best first. `None`: every
    /// deal, in order. `selected` stays an index into `deals`; `scroll` counts shown cards.
    pub visible: Option<Vec<usize>>,
    /// After a reload (a new filter or sort): the deal that was selected and where, until its
    /// page arrives (it is selected again) or the column is complete without it (the card
    /// nearest its place is). Meanwhile nothing is selected, so no key acts on a card the rep
    /// did not see selected.
    pub reselect: Option<(String, usize)>,
}

impl Column {
    pub fn new(stage: Stage) -> Column {
        Column {
            stage,
            summary: None,
            deals: Vec::new(),
            selected: 0,
            scroll: 0,
            load: ColumnLoad::Loading,
            incoming: None,
            total: None,
            visible: None,
            reselect: None,
            sums: CurrencySums::default(),
            rot_before: None,
            rotting: 0,
        }
    }

    pub(super) fn sums_of(&self, d: &Deal) -> Sums {
        let value = d.value.unwrap_or(0.0);
        let p = f64::from(d.probability.unwrap_or(self.stage.probability)) / 100.0;
        Sums { value, weighted: value * p }
    }

    fn add_sums(&mut self, d: &Deal, sign: f64) {
        let s = self.sums_of(d);
        self.sums.add(crate::human::format::currency_of(d), s, sign);
        if self.rot_before.is_some_and(|t| super::week::rotting_by(d, t)) {
            self.rotting = if sign > 0.0 { self.rotting + 1 } else { self.rotting.saturating_sub(1) };
        }
    }

    /// How many of the loaded deals are rotting.
    pub fn rotting(&self) -> usize {
        self.rotting
    }

    /// A new rotting cut-off (a new day, another stage's days): counted again, once.
    pub(super) fn set_rot_before(&mut self, t: Option<jiff::Timestamp>) {
        if self.rot_before != t {
            self.rot_before = t;
            self.recount_rotting();
        }
    }

    fn recount_rotting(&mut self) {
        self.rotting = match self.rot_before {
            Some(t) => self.deals.iter().filter(|d| super::week::rotting_by(d, t)).count(),
            None => 0,
        };
    }

    /// Appends deals (a page arriving).
    pub fn push_deals(&mut self, deals: Vec<Deal>) {
        for d in &deals {
            self.add_sums(d, 1.0);
        }
        self.deals.extend(deals);
    }

    /// Replaces every deal (a refreshed copy swapped in).
    pub fn set_deals(&mut self, deals: Vec<Deal>) {
        self.deals = deals;
        self.sums = CurrencySums::default();
        for i in 0..self.deals.len() {
            let s = self.sums_of(&self.deals[i]);
            self.sums.add(crate::human::format::currency_of(&self.deals[i]), s, 1.0);
        }
        self.recount_rotting();
    }

    /// The number of deals in the stage: the server's count of open deals when known, else the
    /// filtered total of the pages, else what is loaded.
    pub fn count(&self) -> u64 {
        match (&self.summary, self.total) {
            (Some(s), _) => s.deal_count,
            (None, Some(t)) => t,
            (None, None) => self.deals.len() as u64,
        }
    }

    /// How many cards are shown: every deal, or the search's matches.
    pub fn shown_len(&self) -> usize {
        self.visible.as_ref().map_or(self.deals.len(), Vec::len)
    }

    /// The deal index of the `pos`th card shown.
    pub fn shown_at(&self, pos: usize) -> Option<usize> {
        match &self.visible {
            None => (pos < self.deals.len()).then_some(pos),
            Some(v) => v.get(pos).copied(),
        }
    }

    /// Where deal `index` is among the cards shown (`None`: hidden by the search).
    pub fn shown_pos(&self, index: usize) -> Option<usize> {
        match &self.visible {
            None => (index < self.deals.len()).then_some(index),
            Some(v) => v.iter().position(|&i| i == index),
        }
    }

    /// The stage's total value: the server's figure when known, else the loaded deals'.
    pub fn total_value(&self) -> f64 {
        match &self.summary {
            Some(s) => s.total_value,
            None => self.sums.all().value,
        }
    }

    /// The header's figures, in `preferred` (the board's usual currency) when the column has
    /// deals in it, else in the column's most common one. A column whose loaded deals share one
    /// currency shows the server's totals (right before every page has arrived); one that
    /// mixes currencies shows its loaded deals in that currency and names the others.
    pub fn totals_in(&self, preferred: &str) -> ColumnTotals {
        let (currency, other_currencies) = self.sums.split(preferred);
        if other_currencies.is_empty() {
            let (value, weighted) = (self.total_value(), self.weighted_value());
            return ColumnTotals { currency, value, weighted, other_currencies };
        }
        let own = self.sums.of(&currency);
        ColumnTotals { currency, value: own.value, weighted: own.weighted, other_currencies }
    }

    /// [`Column::totals_in`], with `[rates]`: every loaded deal whose currency has a rate counts
    /// in `main`, converted; only currencies without one are named apart. A column all in `main`
    /// is as `totals_in` gives it.
    pub fn totals_at(&self, main: &str, rates: &Rates) -> ColumnTotals {
        self.sums.converted(main, rates).unwrap_or_else(|| self.totals_in(main))
    }

    /// Value x probability. Loaded deals count with their own probability; the part of the total
    /// not loaded yet is estimated with the stage's probability, so the figure is right once
    /// the column is complete and close before.
    pub fn weighted_value(&self) -> f64 {
        let stage_p = f64::from(self.stage.probability) / 100.0;
        let loaded = self.sums.all();
        let rest = (self.total_value() - loaded.value).max(0.0);
        (loaded.weighted + rest * stage_p).max(0.0)
    }

    /// The selected deal, when it is shown (a search may hide every card of the column).
    pub fn selected_deal(&self) -> Option<&Deal> {
        if self.reselect.is_some() {
            return None;
        }
        self.shown_pos(self.selected).and_then(|_| self.deals.get(self.selected))
    }

    /// Selects the deal [`Column::reselect`] waits for once it is loaded; when `complete` and it
    /// never came, the card at its old place (or the last one).
    pub fn settle_reselect(&mut self, complete: bool) {
        let Some((id, at)) = &self.reselect else { return };
        if let Some(i) = self.deals.iter().position(|d| d.id == *id) {
            self.selected = i;
            self.reselect = None;
        } else {
            self.selected = (*at).min(self.deals.len().saturating_sub(1));
            if complete {
                self.reselect = None;
            }
        }
    }

    /// Keeps the selection on a shown card and in the `page`-card window. A selection the search
    /// hid moves to the best match.
    pub fn clamp(&mut self, page: usize) {
        let len = self.shown_len();
        let pos = match (&self.visible, self.shown_pos(self.selected)) {
            (_, Some(p)) => p,
            (None, None) => len.saturating_sub(1),
            // Hidden by the search: the shown card nearest it in the column, never just the top.
            (Some(v), None) => {
                let sel = self.selected;
                (0..v.len()).min_by_key(|&p| (v[p].abs_diff(sel), v[p])).unwrap_or(0)
            }
        };
        self.selected = self.shown_at(pos).unwrap_or(self.selected.min(self.deals.len().saturating_sub(1)));
        self.scroll = scroll_to(pos, self.scroll, page, len);
    }

    fn adjust_summary(&mut self, deal: &Deal, sign: f64) {
        if let Some(t) = &mut self.total {
            *t = if sign > 0.0 { *t + 1 } else { t.saturating_sub(1) };
        }
        if let Some(s) = &mut self.summary {
            if sign > 0.0 {
                s.deal_count += 1;
            } else {
                s.deal_count = s.deal_count.saturating_sub(1);
            }
            s.total_value = (s.total_value + sign * deal.value.unwrap_or(0.0)).max(0.0);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Board {
    pub pipelines: Vec<Pipeline>,
    /// Index into `pipelines` of the one shown.
    pub current: Option<usize>,
    pub columns: Vec<Column>,
    /// The selected column.
    pub col: usize,
    /// The first column on screen (narrow terminals show only some).
    pub first_col: usize,
    /// Set while the forecast (`forecast.rs`) shows a month with no card: no deal is selected
    /// then, whatever the columns' selections. `select` clears it.
    pub(super) unselected: bool,
}

impl Board {
    pub fn pipeline(&self) -> Option<&Pipeline> {
        self.current.and_then(|i| self.pipelines.get(i))
    }

    /// Shows pipeline `index`: one empty column per stage, in position order.
    pub fn show_pipeline(&mut self, index: usize) {
        self.current = Some(index);
        let mut stages = self.pipelines[index].stages.clone();
        stages.sort_by_key(|s| s.position);
        self.columns = stages.into_iter().map(Column::new).collect();
        self.col = 0;
        self.first_col = 0;
    }

    pub fn column_of_stage(&self, stage_id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.stage.id == stage_id)
    }

    pub fn selected_column(&self) -> Option<&Column> {
        self.columns.get(self.col)
    }

    pub fn selected_deal(&self) -> Option<&Deal> {
        if self.unselected {
            return None;
        }
        self.selected_column().and_then(Column::selected_deal)
    }

    /// Where the deal with this id is on the board: (column, index).
    pub fn find(&self, deal_id: &str) -> Option<(usize, usize)> {
        self.columns
            .iter()
            .enumerate()
            .find_map(|(c, col)| col.deals.iter().position(|d| d.id == deal_id).map(|i| (c, i)))
    }

    pub fn deal(&self, deal_id: &str) -> Option<&Deal> {
        self.find(deal_id).map(|(c, i)| &self.columns[c].deals[i])
    }

    /// Takes a deal off the board (its column's count and total follow). The selection stays on
    /// the card that took its place.
    pub fn take(&mut self, deal_id: &str) -> Option<(usize, usize, Deal)> {
        let (c, i) = self.find(deal_id)?;
        let col = &mut self.columns[c];
        let deal = col.deals.remove(i);
        col.adjust_summary(&deal, -1.0);
        col.add_sums(&deal, -1.0);
        if col.selected > i {
            col.selected -= 1;
        }
        col.selected = col.selected.min(col.deals.len().saturating_sub(1));
        Some((c, i, deal))
    }

    /// Puts a deal in its stage's column at `index` (clamped). Returns where it went, or `None`
    /// when its stage is not on this board (another pipeline).
    pub fn put(&mut self, deal: Deal, index: usize) -> Option<(usize, usize)> {
        let c = self.column_of_stage(&deal.stage_id)?;
        let col = &mut self.columns[c];
        let i = index.min(col.deals.len());
        col.adjust_summary(&deal, 1.0);
        col.add_sums(&deal, 1.0);
        col.deals.insert(i, deal);
        if col.selected >= i && col.deals.len() > 1 {
            col.selected += 1;
        }
        Some((c, i))
    }

    /// Replaces a deal in place (same stage) without touching counts beyond its value change.
    pub fn replace_in_place(&mut self, deal: Deal) -> bool {
        let Some((c, i)) = self.find(&deal.id) else { return false };
        if self.columns[c].stage.id != deal.stage_id {
            return false;
        }
        let col = &mut self.columns[c];
        col.add_sums(&deal, 1.0);
        let old = std::mem::replace(&mut col.deals[i], deal);
        col.add_sums(&old, -1.0);
        if let Some(s) = &mut col.summary {
            let delta = col.deals[i].value.unwrap_or(0.0) - old.value.unwrap_or(0.0);
            s.total_value = (s.total_value + delta).max(0.0);
        }
        true
    }

    pub fn select(&mut self, c: usize, i: usize) {
        if c < self.columns.len() {
            self.unselected = false;
            self.col = c;
            self.columns[c].reselect = None;
            self.columns[c].selected = i;
        }
    }

    /// Deals loaded and the server's count of open deals, over every column.
    pub fn progress(&self) -> (u64, u64) {
        let loaded = self.columns.iter().map(|c| c.deals.len() as u64).sum();
        let total = self.columns.iter().map(Column::count).sum();
        (loaded, total)
    }

    /// The currency column totals are shown in, and a new deal or the filter's amounts default
    /// to: the one most loaded deals use (the server adds up values across currencies; this
    /// keeps the symbol honest for the usual one-currency board; the API does not serve the
    /// workspace's own).
    pub fn usual_currency(&self) -> &str {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for col in &self.columns {
            // A sample is enough to find the usual currency, and keeps drawing independent of size.
            for d in col.deals.iter().take(50) {
                let code = currency_of(d);
                match counts.iter_mut().find(|(c, _)| *c == code) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((code, 1)),
                }
            }
        }
        // On a tie the first seen wins, so the symbol does not flip as pages arrive in any order.
        let mut best: Option<(&str, usize)> = None;
        for (code, n) in counts {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((code, n));
            }
        }
        best.map_or(FALLBACK_CURRENCY, |(c, _)| c)
    }

    pub fn fully_loaded(&self) -> bool {
        self.columns.iter().all(|c| matches!(c.load, ColumnLoad::Complete | ColumnLoad::Failed(_)))
    }
}
