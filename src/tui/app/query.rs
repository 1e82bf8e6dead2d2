//! What the board shows: the filter (`f`, a [`BoardFilter`] from the forms; `F` clears it) and
//! the sort (`s`), held in the App and turned into each column's `DealQuery`. Changing either
//! reloads every column from its first page.

use super::App;
use crate::human::format::{FALLBACK_CURRENCY, currency_of};
use crate::model::{Deal, DealQuery, Sort};
use crate::settings::Rates;
use crate::settings::keys::{Action, Keymap};
use crate::tui::dialogs::{BoardFilter, Dialog, FilterForm, FilterFormContext, SortPicker};
use crate::tui::message::Command;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// How many deals a page asks for: the API's maximum, so 10,000 deals take 100 requests.
pub const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewQuery {
    /// The default shows open deals.
    pub filter: BoardFilter,
    /// `None`: the server's default (`-updated_at`).
    pub sort: Option<Sort>,
    /// `[rates]` from the settings: the value filter and value sort compare currencies with
    /// them; without, they compare a deal only with deals of its own currency.
    pub rates: Rates,
    /// Me (a user id): an owner filter for me reads "only mine" in the header.
    pub me: Option<String>,
    /// Only rotting deals are shown (the "rotting" saved filter): the board narrows to them
    /// (`week.rs`), the query is the filter's.
    pub only_rotting: bool,
    /// The current pipeline's won stage and its window (set by the App from the settings, the
    /// clock and the filter, `won.rs`): without a filter its column shows the deals won since
    /// then.
    pub won: Option<super::won::WonColumn>,
}

impl ViewQuery {
    /// The first page of one stage's deals.
    pub fn for_stage(&self, stage_id: &str) -> DealQuery {
        let mut q = DealQuery {
            stage_id: Some(stage_id.to_string()),
            sort: self.sort,
            limit: Some(PAGE_SIZE),
            ..DealQuery::default()
        };
        self.filter.apply(&mut q);
        if self.won_since(stage_id).is_some() {
            // Won deals, newest change first: paging stops at the first page older than the
            // window (`updated_at` is never before `closed_at`). Then `open_in_won_stage`.
            q.status = Some(crate::model::DealStatus::Won);
            q.sort = Some(Sort::default());
        }
        // The server compares raw amounts, whatever their currency: it is asked for every deal
        // that could pass in some currency, and `shows` keeps those that do.
        if self.filters_value() {
            let (lo, hi) = self.rates.factor_range(self.main());
            q.min_value = q.min_value.map(|m| m / hi);
            q.max_value = q.max_value.map(|m| m / lo);
        }
        q
    }

    /// The start of the won column's window when `stage_id` is the won stage, without a status
    /// filter (one shows every column by that status).
    pub fn won_since(&self, stage_id: &str) -> Option<jiff::Timestamp> {
        self.won.as_ref().filter(|w| w.stage_id == stage_id && w.column).map(|w| w.since)
    }

    /// The won column's second read, after its won deals: the open deals still in the won stage
    /// (another client may leave some there), every page.
    pub fn open_in_won_stage(&self, stage_id: &str) -> DealQuery {
        let mut q = self.for_stage(stage_id);
        q.status = Some(crate::model::DealStatus::Open);
        q
    }

    /// The currency the value filter's amounts are in: the board's usual one when it was applied.
    pub fn main(&self) -> &str {
        self.filter.currency.as_deref().unwrap_or(FALLBACK_CURRENCY)
    }

    /// A value range in the main currency is set: the pages are checked here too (see `for_stage`), and their
    /// totals count deals this board does not show.
    /// Not when the rep chose the server's raw filter (`any currency`).
    pub fn filters_value(&self) -> bool {
        (self.filter.min_value.is_some() || self.filter.max_value.is_some()) && !self.filter.any_currency
    }

    /// A deal's value in `main` for comparing with deals in other currencies: converted at the
    /// rates, or `None` when no rate says (then it is only compared within its own currency).
    pub fn value_in(&self, d: &Deal, main: &str) -> Option<f64> {
        self.rates.to_main(d.value.unwrap_or(0.0), currency_of(d), main)
    }

    /// Value sort's order of one column (`descending` as the sort): deals whose value converts
    /// into `main` first, by that value; then each other currency by its code, by its own value.
    /// Stable, so equal values keep the server's order.
    pub fn order_by_value(&self, deals: &mut [Deal], main: &str, descending: bool) {
        let key = |d: &Deal| match self.value_in(d, main) {
            Some(v) => (0u8, String::new(), v),
            None => (1, currency_of(d).to_string(), d.value.unwrap_or(0.0)),
        };
        deals.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            let value = if descending { kb.2.total_cmp(&ka.2) } else { ka.2.total_cmp(&kb.2) };
            ka.0.cmp(&kb.0).then_with(|| ka.1.cmp(&kb.1)).then(value)
        });
    }

    /// Whether a deal belongs on the board under this filter: a deal changed locally (won,
    /// revalued) leaves or stays by the same rule the server applies.
    pub fn shows(&self, d: &Deal) -> bool {
        let f = &self.filter;
        // The range is in the main currency: a deal in another passes only converted at a rate.
        let value = if self.filters_value() { self.value_in(d, self.main()) } else { d.value.or(Some(0.0)) };
        let Some(value) = value else { return false };
        let status = match self.won_since(&d.stage_id) {
            // The won column: deals won within the window, and open deals still in the stage.
            Some(since) => match d.status {
                crate::model::DealStatus::Open => true,
                crate::model::DealStatus::Won => d.closed_at.is_some_and(|c| c >= since),
                crate::model::DealStatus::Lost => false,
            },
            None => f.status.as_status().is_none_or(|s| s == d.status),
        };
        status
            && f.owner.as_ref().is_none_or(|o| d.owner_id.as_ref() == Some(&o.id))
            && f.min_value.is_none_or(|m| value >= m)
            && f.max_value.is_none_or(|m| value <= m)
            && f.close_after.is_none_or(|a| d.expected_close_date.is_some_and(|c| c >= a))
            && f.close_before.is_none_or(|b| d.expected_close_date.is_some_and(|c| c <= b))
    }
}

impl App {
    /// `f`: the filter form, opened on the filter applied now (so `f` again edits it).
    pub(super) fn open_filter(&mut self) {
        let currency = self.board.usual_currency();
        let ctx = FilterFormContext { users: self.data.user_list.as_deref(), today: self.today(), currency };
        self.popup = Some(Dialog::Filter(Box::new(FilterForm::new(&ctx, &self.view.filter))));
    }

    pub(super) fn apply_filter(&mut self, mut filter: BoardFilter) -> Vec<Command> {
        filter.currency = Some(self.board.usual_currency().to_string());
        self.view.only_rotting = false;
        if filter == self.view.filter {
            return Vec::new();
        }
        self.view.filter = filter;
        self.status.info(if self.view.filter.is_active() {
            strings::FILTER_APPLIED
        } else {
            strings::FILTER_CLEARED
        });
        self.reload_board()
    }

    /// `F`: back to every open deal.
    pub(super) fn clear_filter(&mut self) -> Vec<Command> {
        if !self.view.filter.is_active() && !self.view.only_rotting {
            self.status.info(strings::NO_FILTER);
            return Vec::new();
        }
        let cmds = self.apply_filter(BoardFilter::default());
        self.status.info(strings::FILTER_CLEARED);
        cmds
    }

    /// A whole view at once (a saved filter): filter, sort and the rotting narrowing, reloading
    /// the board only when the query changed.
    pub(super) fn apply_view(
        &mut self,
        mut filter: BoardFilter,
        sort: Option<Sort>,
        only_rotting: bool,
        label: &str,
    ) -> Vec<Command> {
        filter.currency = Some(self.board.usual_currency().to_string());
        let sort = sort.filter(|s| *s != Sort::default());
        // The currency only matters to a value range.
        let bare = |f: &BoardFilter| BoardFilter { currency: None, ..f.clone() };
        let ranged = filter.min_value.is_some() || filter.max_value.is_some();
        let same_filter = bare(&filter) == bare(&self.view.filter)
            && (!ranged || filter.currency == self.view.filter.currency);
        let changed = !same_filter || sort != self.view.sort.filter(|s| *s != Sort::default());
        self.view.filter = filter;
        self.view.sort = sort;
        self.view.only_rotting = only_rotting;
        self.status.info(strings::saved_filter_applied(label));
        if changed { self.reload_board() } else { Vec::new() }
    }

    /// `s`: the sort picker, on the sort applied now.
    pub(super) fn open_sort(&mut self) {
        self.popup = Some(Dialog::Sort(Box::new(SortPicker::new(self.view.sort.unwrap_or_default()))));
    }

    pub(super) fn apply_sort(&mut self, sort: Sort) -> Vec<Command> {
        if Some(sort) == self.view.sort || (self.view.sort.is_none() && sort == Sort::default()) {
            return Vec::new();
        }
        self.view.sort = Some(sort);
        self.status.info(strings::SORTED);
        self.reload_board()
    }

    /// Every column again from its first page under the new query, on the same column, each
    /// column's selected deal selected again when it arrives (see `Column::reselect`).
    fn reload_board(&mut self) -> Vec<Command> {
        // The won column follows the new filter's status before any query is made.
        self.sync_won_view();
        let Some(current) = self.board.current else { return Vec::new() };
        let col = self.board.col;
        let selected: Vec<Option<(String, usize)>> = self
            .board
            .columns
            .iter()
            .map(|c| match &c.reselect {
                Some(r) => Some(r.clone()),
                None => c.selected_deal().map(|d| (d.id.clone(), c.selected)),
            })
            .collect();
        self.board.show_pipeline(current);
        for (c, reselect) in self.board.columns.iter_mut().zip(selected) {
            if let Some((_, at)) = &reselect {
                c.selected = *at;
            }
            c.reselect = reselect;
        }
        self.board.col = col;
        self.keep_selection_in_view();
        self.load_columns()
    }
}

/// `Value, largest first`, in the sort picker's words.
pub(super) fn sort_label(sort: Sort) -> String {
    use crate::model::SortField;
    use crate::tui::strings as s;
    let (name, asc, desc) = match sort.field {
        SortField::Value => (s::SORT_VALUE, s::SORT_VALUE_ASC, s::SORT_VALUE_DESC),
        SortField::ExpectedCloseDate => (s::SORT_CLOSE, s::SORT_DATE_ASC, s::SORT_DATE_DESC),
        SortField::UpdatedAt => (s::SORT_UPDATED, s::SORT_TIME_ASC, s::SORT_TIME_DESC),
        SortField::CreatedAt => (s::SORT_CREATED, s::SORT_TIME_ASC, s::SORT_TIME_DESC),
    };
    format!("{name}, {}", if sort.descending { desc } else { asc })
}

impl ViewQuery {
    /// The header's right part, as the view draws it (` ≈ in USD at your rates │ filter: … │
    /// sort: … `, `main` the board's usual currency), or `None` on the default view: the App clips its pipeline hit-test with it.
    pub fn header_text(&self, keymap: &Keymap, theme: &Theme, main: &str) -> Option<String> {
        let q = self;
        let mut parts = Vec::new();
        if !q.rates.is_empty() {
            parts.push(strings::at_your_rates(main));
        }
        // An owner filter for me says so: `only mine: Ana`, the rest of the filter after it.
        let mine = q.filter.owner.as_ref().filter(|o| q.me.as_deref() == Some(o.id.as_str()));
        if let Some(o) = mine {
            let name = o.name.clone().unwrap_or_else(|| crate::model::SafeText::new(o.id.as_str()));
            parts.push(strings::only_mine_header(name.short(30).as_ref()));
        }
        let rest = BoardFilter {
            owner: if mine.is_some() { None } else { q.filter.owner.clone() },
            ..q.filter.clone()
        };
        if rest.is_active() {
            let clear = keymap.hint(Action::ClearFilter, 1, theme.ascii());
            parts.push(strings::filter_header(&rest.describe(), clear.as_deref()));
        }
        if q.only_rotting {
            parts.push(strings::ROTTING_HEADER.to_string());
        }
        if let Some(sort) = q.sort.filter(|s| *s != Sort::default()) {
            parts.push(strings::sort_header(&sort_label(sort)));
        }
        // The filter's words are the UI's (owner names aside): ASCII mode spells its glyphs.
        (!parts.is_empty()).then(|| theme.ui(&format!(" {} ", parts.join(" │ "))).into_owned())
    }
}
