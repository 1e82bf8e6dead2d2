//! The forecast: the board grouped by expected close month (`c` toggles it). It is a view over
//! the [`Board`], never a second copy of the deals: each month column holds the places
//! `(stage column, index)` of its deals, rebuilt from the Board after every event that may have
//! changed it (a navigation key or a tick changes nothing, and skips the rebuild). The
//! forecast's selection is the Board's: moving in the forecast selects the deal on the Board, so
//! every key acting on "the selected deal" (Enter, v, w, x, e, d, Space, ...) works unchanged.
//!
//! Columns: `Overdue` (open deals whose close date is before today), then one per month from
//! this one (or the earliest a deal not overdue closes in) to the latest a deal closes in, at
//! least this month and the next two, then `No date`. Today and months are in the App's time
//! zone, from the App's `now`.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use jiff::Span;
use jiff::civil::Date;
use ratatui::layout::{Position, Rect};

use super::board::{Board, ColumnTotals, CurrencySums, scroll_to};
use super::{App, Request};
use crate::human::format::currency_of;
use crate::model::{Deal, DealStatus};
use crate::settings::Rates;
use crate::settings::keys::Action;
use crate::tui::dialogs::StatusFilter;
use crate::tui::layout;
use crate::tui::message::{Command, Event};
use crate::tui::strings;

/// What a forecast column groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Month {
    /// Open deals whose close date is before today.
    Overdue,
    /// Deals closing in this month (its first day).
    In(Date),
    NoDate,
}

impl Month {
    /// The column a deal goes in, today being `today`.
    pub fn of(deal: &Deal, today: Date) -> Month {
        match deal.expected_close_date {
            None => Month::NoDate,
            Some(d) if d < today && deal.status == DealStatus::Open => Month::Overdue,
            Some(d) => Month::In(d.first_of_month()),
        }
    }

    /// The column's title: `Overdue`, `Dec 2026`, `No date`.
    pub fn title(&self) -> String {
        match self {
            Month::Overdue => strings::MONTH_OVERDUE.to_string(),
            Month::In(d) => d.strftime("%b %Y").to_string(),
            Month::NoDate => strings::MONTH_NO_DATE.to_string(),
        }
    }
}

/// `date` moved `months` months, the same day clamped to the month's end (Jan 31 + 1 month is
/// Feb 28 or 29). `None` for no date (or past the calendar's end).
pub fn shift_month(date: Option<Date>, months: i32) -> Option<Date> {
    date?.checked_add(Span::new().try_months(months).ok()?).ok()
}

/// What an event may do to the board, for the rebuild after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ForecastEvent {
    /// A resize, the API budget, a tick: no deal changes.
    Quiet,
    /// A page of deals.
    Page,
    Other,
}

/// One month column.
#[derive(Debug, Clone)]
pub struct MonthColumn {
    pub month: Month,
    /// Where each deal shown is on the Board, `(stage column, index)`, by close date (then
    /// stage, then the stage column's order). A search leaves only its matches.
    pub cards: Vec<(usize, usize)>,
    /// Every loaded deal of the month, the search's matches or not.
    pub total: usize,
    /// How many of them are rotting (their stage's `[stale_days]` without an update).
    pub rotting: usize,
    pub(super) sums: CurrencySums,
    /// Index into `cards`.
    pub selected: usize,
    /// Index of the first card drawn.
    pub scroll: usize,
}

impl MonthColumn {
    fn new(month: Month) -> MonthColumn {
        MonthColumn {
            month,
            cards: Vec::new(),
            total: 0,
            rotting: 0,
            sums: CurrencySums::default(),
            selected: 0,
            scroll: 0,
        }
    }

    /// The deal of the `pos`th card.
    pub fn deal<'a>(&self, board: &'a Board, pos: usize) -> Option<&'a Deal> {
        let (c, i) = *self.cards.get(pos)?;
        board.columns.get(c)?.deals.get(i)
    }

    /// The header's figures, as the stage columns' (`Column::totals_at`), over the month's deals.
    pub fn totals(&self, main: &str, rates: &Rates) -> ColumnTotals {
        self.sums.totals_at(main, rates)
    }
}

/// The forecast's state: its columns, selection and horizontal scroll.
#[derive(Debug, Clone, Default)]
pub struct Forecast {
    pub months: Vec<MonthColumn>,
    /// The selected month column.
    pub col: usize,
    /// The first month column on screen.
    pub first_col: usize,
    /// The deal selected in the forecast, kept by id across rebuilds (it follows a card that
    /// changed month).
    selected_id: Option<String>,
    /// The deal the forecast last selected on the Board: when the Board's selection is another,
    /// something chose it (undo, a new deal) and the forecast follows.
    synced: Option<String>,
    /// Set by what changed no deal (navigation, a tick): the next rebuild is skipped.
    fresh: bool,
    /// Deals on the board at the last rebuild (see [`App::forecast_page_arrived`]).
    built_with: usize,
}

impl Forecast {
    pub fn selected_column(&self) -> Option<&MonthColumn> {
        self.months.get(self.col)
    }

    /// Where the deal is in the forecast: (month column, card). Found on the board first, then
    /// in its month alone.
    fn find(&self, board: &Board, id: &str, today: Date) -> Option<(usize, usize)> {
        let (c, i) = board.find(id)?;
        let month = Month::of(&board.columns[c].deals[i], today);
        let m = self.months.iter().position(|col| col.month == month)?;
        let pos = self.months[m].cards.iter().position(|&p| p == (c, i))?;
        Some((m, pos))
    }
}

/// The month columns of `board` as it is now. `only_open`: without a status filter the forecast
/// is of open deals (the won column's recent wins are closed, not forecast).
/// `rotting_before`: per stage column, the update time before which its open deals are rotting.
pub fn build(
    board: &Board,
    today: Date,
    only_open: bool,
    rotting_before: &[Option<jiff::Timestamp>],
) -> Vec<MonthColumn> {
    let this = today.first_of_month();
    let mut places: Vec<(Month, Option<Date>, usize, usize, bool)> = Vec::new();
    for (c, col) in board.columns.iter().enumerate() {
        let shown: Option<Vec<bool>> = col.visible.as_ref().map(|v| {
            let mut shown = vec![false; col.deals.len()];
            for &i in v {
                if let Some(s) = shown.get_mut(i) {
                    *s = true;
                }
            }
            shown
        });
        for (i, d) in col.deals.iter().enumerate() {
            if only_open && d.status != DealStatus::Open {
                continue;
            }
            let on = shown.as_ref().is_none_or(|s| s[i]);
            places.push((Month::of(d, today), d.expected_close_date, c, i, on));
        }
    }
    let dated = places.iter().filter_map(|p| match p.0 {
        Month::In(m) => Some(m),
        _ => None,
    });
    let (lo, hi) =
        dated.fold((this, shift_month(Some(this), 2).unwrap_or(this)), |(lo, hi), m| (lo.min(m), hi.max(m)));
    let mut months = vec![MonthColumn::new(Month::Overdue)];
    let mut m = lo;
    while m <= hi {
        months.push(MonthColumn::new(Month::In(m)));
        let Some(next) = shift_month(Some(m), 1) else { break };
        m = next;
    }
    months.push(MonthColumn::new(Month::NoDate));
    let last = months.len() - 1;
    let index = |month: Month| match month {
        Month::Overdue => 0,
        Month::In(d) => {
            usize::try_from((d.year() - lo.year()) as i32 * 12 + i32::from(d.month() - lo.month()))
                .map_or(0, |k| k + 1)
        }
        Month::NoDate => last,
    };
    // By close date; the stable sort keeps the board's order (stage, then place) within a date.
    places.sort_by_key(|p| p.1);
    for (month, _, c, i, on) in places {
        let k = index(month);
        let col = &board.columns[c];
        let deal = &col.deals[i];
        let mc = &mut months[k];
        mc.total += 1;
        mc.sums.add(currency_of(deal), col.sums_of(deal), 1.0);
        if rotting_before.get(c).copied().flatten().is_some_and(|t| super::week::rotting_by(deal, t)) {
            mc.rotting += 1;
        }
        if on {
            mc.cards.push((c, i));
        }
    }
    months
}

impl App {
    /// The forecast, while the board is grouped by close month.
    pub fn forecast(&self) -> Option<&Forecast> {
        self.forecast.as_ref()
    }

    /// `c`: between stages and close months. The selection stays on the same deal.
    pub(super) fn toggle_forecast(&mut self) {
        if self.forecast.take().is_some() {
            self.board.unselected = false;
            self.keep_selection_in_view();
            self.status.info(strings::GROUPED_BY_STAGE_SAID);
        } else {
            self.forecast = Some(Forecast::default());
            self.rebuild_forecast();
            self.status.info(strings::GROUPED_BY_MONTH_SAID);
        }
    }

    /// The forecast's own keys: moving in it, and `H`/`L` moving the close date a month.
    /// `None`: the action works as on the stage board.
    pub(super) fn forecast_key(&mut self, action: Action) -> Option<Vec<Command>> {
        self.forecast.as_ref()?;
        let page = self.page_size();
        match action {
            Action::ColumnLeft => self.forecast_column(-1),
            Action::ColumnRight => self.forecast_column(1),
            Action::Up => self.forecast_card(|_, i| i.saturating_sub(1)),
            Action::Down => self.forecast_card(|_, i| i + 1),
            Action::Top => self.forecast_card(|_, _| 0),
            Action::Bottom => self.forecast_card(|n, _| n.saturating_sub(1)),
            Action::PageUp => self.forecast_card(|_, i| i.saturating_sub(page)),
            Action::PageDown => self.forecast_card(|_, i| i + page),
            Action::MoveBack => return Some(self.move_close_dates(-1)),
            Action::MoveForward => return Some(self.move_close_dates(1)),
            _ => return None,
        }
        Some(Vec::new())
    }

    /// What `event` may do to the board, noted before it is handled (the request an answer
    /// answers is gone after).
    pub(super) fn forecast_event(&self, event: &Event) -> ForecastEvent {
        match event {
            _ if self.forecast.is_none() => ForecastEvent::Other,
            Event::Resize { .. } | Event::Budget(_) | Event::Tick => ForecastEvent::Quiet,
            Event::Api(a) if matches!(self.requests.ops.get(&a.op), Some(Request::Page { .. })) => {
                ForecastEvent::Page
            }
            _ => ForecastEvent::Other,
        }
    }

    /// A page of a first load arrived (`out`: more are on their way). Pages only add to the end of
    /// their columns then, so the places the forecast holds stay right: it is rebuilt when the
    /// board has grown by a quarter (or a column completes, or anything else happens), not on
    /// every page, which keeps loading 100,000 deals linear instead of quadratic.
    fn forecast_page_arrived(&mut self) {
        let appending = self.board.columns.iter().all(|c| c.incoming.is_none());
        let loaded = self.board.progress().0 as usize;
        let Some(f) = &mut self.forecast else { return };
        if appending && loaded < f.built_with + (f.built_with / 4).max(200) {
            f.fresh = true;
        }
    }

    fn forecast_column(&mut self, delta: isize) {
        let Some(f) = &mut self.forecast else { return };
        let n = f.months.len();
        f.col = f.col.saturating_add_signed(delta).min(n.saturating_sub(1));
        self.forecast_sync();
    }

    fn forecast_card(&mut self, to: impl FnOnce(usize, usize) -> usize) {
        let Some(f) = &mut self.forecast else { return };
        let Some(col) = f.months.get_mut(f.col) else { return };
        col.selected = to(col.cards.len(), col.selected).min(col.cards.len().saturating_sub(1));
        self.forecast_sync();
    }

    /// After the forecast's selection moved: its month column's scroll, the columns on screen,
    /// and the Board's selection on the same deal (none on an empty month).
    pub(super) fn forecast_sync(&mut self) {
        let page = self.page_size();
        let width = self.ui.width;
        let Some(f) = &mut self.forecast else { return };
        f.fresh = true;
        let n = f.months.len();
        f.col = f.col.min(n.saturating_sub(1));
        let fit = layout::columns_that_fit(width, n);
        f.first_col = layout::scroll_to_show(f.first_col, f.col, fit, n);
        for col in &mut f.months {
            col.selected = col.selected.min(col.cards.len().saturating_sub(1));
            col.scroll = scroll_to(col.selected, col.scroll, page, col.cards.len());
        }
        let place = f.months.get(f.col).and_then(|m| m.cards.get(m.selected)).copied();
        let id = place.and_then(|(c, i)| self.board.columns.get(c)?.deals.get(i)).map(|d| d.id.clone());
        match (place, id) {
            (Some((c, i)), Some(id)) => {
                self.board.select(c, i);
                self.board.columns[c].clamp(page);
                f.selected_id = Some(id.clone());
                f.synced = Some(id);
            }
            _ => {
                self.board.unselected = true;
                f.selected_id = None;
                f.synced = None;
            }
        }
    }

    /// At the end of every event while the forecast is on (`out`: the event's commands):
    /// rebuilt from the Board unless nothing changed, the selection kept on its deal (or on the
    /// one the Board's selection moved to, when something chose it; or in the same month when
    /// the deal left the board).
    pub(super) fn forecast_after_event(&mut self, event: ForecastEvent, out: &[Command]) {
        if self.forecast.is_none() {
            return;
        }
        match event {
            // A tick that started nothing (a retry starts a load) changed no deal.
            ForecastEvent::Quiet if out.is_empty() => self.forecast_sync(),
            ForecastEvent::Page if !out.is_empty() => self.forecast_page_arrived(),
            _ => {}
        }
        let Some(f) = &mut self.forecast else { return };
        if std::mem::take(&mut f.fresh) {
            return;
        }
        self.rebuild_forecast();
    }

    fn rebuild_forecast(&mut self) {
        let Some(old) = self.forecast.take() else { return };
        let mut f = Forecast {
            months: build(
                &self.board,
                self.today(),
                self.view.filter.status == StatusFilter::Open,
                &self.board.columns.iter().map(|c| self.rotting_before(&c.stage.id)).collect::<Vec<_>>(),
            ),
            col: old.col,
            first_col: old.first_col,
            selected_id: None,
            synced: old.synced.clone(),
            fresh: false,
            built_with: self.board.progress().0 as usize,
        };
        // Each month keeps where its selection and scroll were.
        for col in &mut f.months {
            if let Some(was) = old.months.iter().find(|m| m.month == col.month) {
                (col.selected, col.scroll) = (was.selected, was.scroll);
            }
        }
        let old_month = old.months.get(old.col).map(|m| m.month);
        let board_sel = if self.board.unselected { None } else { self.board.selected_deal() };
        let board_sel = board_sel.map(|d| d.id.clone());
        let today = self.today();
        let kept = old.selected_id.as_deref().and_then(|id| f.find(&self.board, id, today));
        let chosen = board_sel
            .filter(|id| old.synced.as_ref() != Some(id))
            .and_then(|id| f.find(&self.board, &id, today));
        let target = match (&old.selected_id, kept) {
            // The deal left the forecast (deleted, filtered out, hidden by the search): the same
            // month, the card now at its place.
            (Some(_), None) => None,
            _ => chosen.or(kept),
        };
        match target {
            Some((m, pos)) => {
                f.col = m;
                f.months[m].selected = pos;
            }
            None => {
                let this = Month::In(self.today().first_of_month());
                let month = old_month.unwrap_or(this);
                f.col = f.months.iter().position(|c| c.month == month).unwrap_or(1.min(f.months.len() - 1));
            }
        }
        self.forecast = Some(f);
        self.forecast_sync();
        // Fresh for this event only: the next one may change the board.
        if let Some(f) = &mut self.forecast {
            f.fresh = false;
        }
    }

    /// A click selects the card (or the month) under it, the wheel scrolls the month under it.
    pub(super) fn forecast_mouse(&mut self, m: MouseEvent) {
        let Some((c, cards)) = self.forecast_column_at(m.column, m.row) else { return };
        let card_h = self.card_height();
        let page = layout::cards_per_page(cards, card_h);
        let Some(f) = &mut self.forecast else { return };
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                f.col = c;
                if let Some(slot) = layout::card_at(cards, m.row, card_h) {
                    let col = &mut f.months[c];
                    if col.scroll + slot < col.cards.len() {
                        col.selected = col.scroll + slot;
                        self.status.clear();
                    }
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let col = &mut f.months[c];
                let delta = if m.kind == MouseEventKind::ScrollDown { 1 } else { -1 };
                let len = col.cards.len();
                col.scroll = col.scroll.saturating_add_signed(delta).min(len.saturating_sub(page));
                let last = (col.scroll + page).saturating_sub(1);
                col.selected = col.selected.clamp(col.scroll, last).min(len.saturating_sub(1));
                if c != f.col {
                    // The selected month keeps the selection; the scrolled one only scrolls.
                    f.fresh = true;
                    return;
                }
            }
            _ => return,
        }
        self.forecast_sync();
    }

    /// The month column under a cell, with its cards area.
    fn forecast_column_at(&self, x: u16, y: u16) -> Option<(usize, Rect)> {
        let f = self.forecast.as_ref()?;
        let screen = self.screen_now();
        let rects = layout::column_rects(screen.board, f.first_col, f.months.len());
        rects
            .into_iter()
            .find(|(_, r)| r.contains(Position::new(x, y)))
            .map(|(c, r)| (c, layout::column_layout(r).cards))
    }

    /// A new deal's stand-in card became the server's deal: the forecast's selection follows.
    pub(super) fn forecast_renamed(&mut self, from: &str, to: &str) {
        if let Some(f) = &mut self.forecast
            && f.selected_id.as_deref() == Some(from)
        {
            f.selected_id = Some(to.to_string());
            f.synced = Some(to.to_string());
        }
    }

    /// The header's word for the grouping on, when it is not the stages.
    pub fn grouping_label(&self) -> Option<&'static str> {
        self.forecast.as_ref().map(|_| strings::GROUPED_BY_MONTH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_later_is_the_same_day_clamped_to_the_months_end() {
        let d = |y, m, day| Some(jiff::civil::date(y, m, day));
        assert_eq!(shift_month(d(2027, 1, 31), 1), d(2027, 2, 28));
        assert_eq!(shift_month(d(2028, 1, 31), 1), d(2028, 2, 29));
        assert_eq!(shift_month(d(2026, 3, 31), -1), d(2026, 2, 28));
        assert_eq!(shift_month(d(2026, 12, 15), 1), d(2027, 1, 15));
        assert_eq!(shift_month(d(2027, 1, 15), -1), d(2026, 12, 15));
        assert_eq!(shift_month(None, 1), None);
    }
}
