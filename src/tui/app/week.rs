//! The rep's week: who "me" is (`me` in config.toml, else chosen once from `/users` and kept per
//! account), "only mine" (`M`, the owner filter set to me), rotting deals (open deals without an
//! update for their stage's `[stale_days]`; `R` selects the next one) and saved filters (`S`: the
//! ones saved from the filter form, kept per account, and the built-ins). What is kept per
//! account is an [`AccountState`], given in at start and read back at exit (`tui/state.rs` keeps it
//! in a file): nothing here does I/O.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::App;
use super::board::Column;
use crate::model::{Deal, DealStatus, SafeText, Sort};
use crate::tui::dialogs::{
    BoardFilter, Dialog, OwnerFilter, PickDialog, SavedFilterItem, SavedFiltersDialog,
};
use crate::tui::message::Command;
use crate::tui::strings;

/// The saved-filter picker's ids of the built-ins; a saved one's is `saved:` and its name.
pub const MY_DEALS: &str = "builtin:mine";
pub const CLOSING_THIS_MONTH: &str = "builtin:month";
pub const ROTTING: &str = "builtin:rotting";
const SAVED: &str = "saved:";

/// What the board keeps per account between runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountState {
    /// The pipeline shown last.
    pub pipeline: Option<String>,
    /// "Me", as chosen on the board (`me` in config.toml wins over it).
    pub me: Option<String>,
    pub saved_filters: Vec<SavedFilter>,
}

/// A filter and a sort kept under a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub name: String,
    #[serde(default)]
    pub filter: BoardFilter,
    /// As the API writes it (`-value`); `None`: the server's order.
    #[serde(default)]
    pub sort: Option<String>,
}

/// What choosing "me" leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AfterMe {
    Nothing,
    OnlyMine,
    MyDeals,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Week {
    pub account: AccountState,
    /// Set while the "who are you" picker is open.
    pub after_me: Option<AfterMe>,
    /// `account` changed since the loop last kept it (`take_due_state`).
    pub state_due: bool,
}

impl App {
    /// What the board keeps for this account, as kept at start, with what changed since (the
    /// pipeline shown, me, the saved filters).
    pub fn account_state(&self) -> AccountState {
        let mut state = self.week.account.clone();
        if let Some(id) = self.current_pipeline_id() {
            state.pipeline = Some(id.to_string());
        }
        state
    }

    /// The account's state when it changed since last asked (me chosen, a filter saved or
    /// deleted): the loop keeps it at once, so a board that dies keeps it too.
    pub fn take_due_state(&mut self) -> Option<AccountState> {
        std::mem::take(&mut self.week.state_due).then(|| self.account_state())
    }

    /// The state kept for this account (before `start`).
    pub fn set_account_state(&mut self, state: AccountState) {
        self.week.account = state;
        self.view.me = self.me().map(str::to_string);
    }

    /// Me: `me` from the config, else the one chosen on the board.
    pub fn me(&self) -> Option<&str> {
        self.settings.me.as_deref().or(self.week.account.me.as_deref())
    }

    pub fn saved_filters(&self) -> &[SavedFilter] {
        &self.week.account.saved_filters
    }

    fn me_filter(&self, me: &str) -> OwnerFilter {
        OwnerFilter { id: me.to_string(), name: self.data.users.get(me).map(|n| SafeText::new(n.as_str())) }
    }

    /// Whether the board shows only my deals.
    pub fn only_mine(&self) -> bool {
        self.me().is_some_and(|me| self.view.filter.owner.as_ref().is_some_and(|o| o.id == me))
    }

    /// `M`: only my deals, or every owner's again; the rest of the filter stays.
    pub(super) fn toggle_only_mine(&mut self) -> Vec<Command> {
        let Some(me) = self.me().map(str::to_string) else {
            self.ask_me(AfterMe::OnlyMine);
            return Vec::new();
        };
        let on = !self.only_mine();
        let filter = BoardFilter { owner: on.then(|| self.me_filter(&me)), ..self.view.filter.clone() };
        let cmds = self.apply_filter(filter);
        let said =
            if on { strings::only_mine_on(self.owner_name(&me)) } else { strings::ONLY_MINE_OFF.into() };
        self.status.info(said);
        cmds
    }

    /// `I`: choose me again (the config's `me` wins: it says so).
    pub(super) fn choose_me(&mut self) {
        match self.settings.me.clone() {
            Some(id) => self.status.info(strings::me_from_config(&id)),
            None => self.ask_me(AfterMe::Nothing),
        }
    }

    /// The server's users to choose me from; without them, how to set it in the config.
    fn ask_me(&mut self, after: AfterMe) {
        match self.data.user_list.as_deref() {
            Some(users) if !users.is_empty() => {
                self.popup = Some(Dialog::Me(Box::new(PickDialog::me(users, self.me()))));
                self.week.after_me = Some(after);
            }
            // The picker, empty, says how to set me in the config; so does the status line.
            _ => {
                self.popup = Some(Dialog::Me(Box::new(PickDialog::me(&[], self.me()))));
                self.status.error(strings::NO_USERS_FOR_ME);
            }
        }
    }

    /// Me was chosen: kept for this account, then what asked for it goes on.
    pub(super) fn set_me(&mut self, id: String) -> Vec<Command> {
        self.week.account.me = Some(id.clone());
        self.week.state_due = true;
        self.view.me = Some(id.clone());
        let said = strings::you_are(self.owner_name(&id));
        self.status.info(said);
        match self.week.after_me.take() {
            Some(AfterMe::OnlyMine) => self.toggle_only_mine(),
            Some(AfterMe::MyDeals) => self.apply_saved(MY_DEALS),
            Some(AfterMe::Nothing) | None => Vec::new(),
        }
    }

    /// Deals of this stage updated before this instant are rotting: the start of the day
    /// `stale_days - 1` days ago, in the App's time zone (so a deal is rotting once the days
    /// since its last update, as its card counts them, reach the stage's `stale_days`).
    pub(super) fn rotting_before(&self, stage_id: &str) -> Option<Timestamp> {
        let stage = self.board.pipeline().and_then(|p| p.stages.iter().find(|s| s.id == stage_id));
        let days = self.settings.stale_days.for_stage(stage_id, stage.map_or("", |s| s.name.as_str()));
        let day = self.today().checked_sub(jiff::Span::new().days(days - 1)).ok()?;
        day.to_zoned(self.settings.time_zone.clone()).ok().map(|z| z.timestamp())
    }

    /// An open deal without an update for its stage's `stale_days` (14 unless the config says).
    pub fn is_rotting(&self, deal: &Deal) -> bool {
        deal.status == DealStatus::Open
            && self.rotting_before(&deal.stage_id).is_some_and(|t| deal.updated_at < t)
    }

    /// How many of a column's loaded deals are rotting (kept by the column as deals come and go).
    pub fn rotting_in(&self, col: &Column) -> usize {
        col.rotting()
    }

    /// Gives each column its rotting cut-off: after every event (a new column, a new day, the
    /// settings), so the counts follow without walking a column per frame.
    pub(super) fn sync_rotting(&mut self) {
        let cutoffs: Vec<_> = self.board.columns.iter().map(|c| self.rotting_before(&c.stage.id)).collect();
        for (col, t) in self.board.columns.iter_mut().zip(cutoffs) {
            col.set_rot_before(t);
        }
    }

    /// `R`: the next rotting deal shown, after the selected one in its column, then in the next
    /// columns, wrapping around.
    pub(super) fn next_rotting(&mut self) {
        let cols = &self.board.columns;
        let n = cols.len();
        let start = self.board.col.min(n.saturating_sub(1));
        let after = cols.get(start).and_then(|c| c.shown_pos(c.selected)).map_or(0, |p| p + 1);
        let mut found = None;
        for step in 0..=n {
            let c = (start + step) % n.max(1);
            let Some(col) = cols.get(c) else { break };
            let Some(before) = self.rotting_before(&col.stage.id) else { continue };
            let (from, to) = match step {
                0 => (after, col.shown_len()),
                s if s == n => (0, after),
                _ => (0, col.shown_len()),
            };
            found = (from..to)
                .filter_map(|p| col.shown_at(p))
                .find(|i| rotting_by(&col.deals[*i], before))
                .map(|i| (c, i));
            if found.is_some() {
                break;
            }
        }
        match found {
            Some((c, i)) => {
                self.board.select(c, i);
                self.keep_selection_in_view();
            }
            None => self.status.info(strings::NO_ROTTING),
        }
    }

    /// The "rotting" built-in narrows the board to rotting deals, as the search narrows it (the
    /// API cannot ask for deals not updated since a date): after the search's own narrowing,
    /// when there is one. `search_fresh`: the search has just narrowed for this event.
    pub(super) fn narrow_rotting(&mut self, search_fresh: bool) {
        if !self.view.only_rotting {
            if self.ui.search.is_some() {
                self.narrow();
            } else {
                self.board.columns.iter_mut().for_each(|c| c.visible = None);
                self.keep_selection_in_view();
            }
            return;
        }
        let searching = self.ui.search.is_some();
        if searching && !search_fresh {
            self.narrow();
        }
        let befores: Vec<Option<Timestamp>> =
            self.board.columns.iter().map(|c| self.rotting_before(&c.stage.id)).collect();
        for (col, before) in self.board.columns.iter_mut().zip(befores) {
            let base = match col.visible.take() {
                Some(v) if searching => v,
                _ => (0..col.deals.len()).collect(),
            };
            let keep = |i: &usize| before.is_some_and(|b| rotting_by(&col.deals[*i], b));
            col.visible = Some(base.into_iter().filter(keep).collect());
        }
        self.keep_selection_in_view();
    }

    /// `S`: the built-ins, then the saved filters.
    pub(super) fn open_saved_filters(&mut self) {
        let builtin = |id: &str, name: &str| SavedFilterItem {
            id: id.into(),
            name: name.into(),
            detail: strings::BUILTIN.into(),
        };
        let mut items = vec![
            builtin(MY_DEALS, strings::BUILTIN_MY_DEALS),
            builtin(CLOSING_THIS_MONTH, strings::BUILTIN_CLOSING_MONTH),
            builtin(ROTTING, strings::BUILTIN_ROTTING),
        ];
        items.extend(self.week.account.saved_filters.iter().map(|f| SavedFilterItem {
            id: format!("{SAVED}{}", f.name),
            name: SafeText::new(f.name.as_str()),
            detail: SafeText::new(describe_saved(f).as_str()),
        }));
        self.popup = Some(Dialog::SavedFilters(Box::new(SavedFiltersDialog::new(&items))));
    }

    /// A saved filter or a built-in chosen: its filter and sort on the board.
    pub(super) fn apply_saved(&mut self, id: &str) -> Vec<Command> {
        let today = self.today();
        let (filter, sort, rotting, label) = match id {
            MY_DEALS => {
                let Some(me) = self.me().map(str::to_string) else {
                    self.ask_me(AfterMe::MyDeals);
                    return Vec::new();
                };
                let filter = BoardFilter { owner: Some(self.me_filter(&me)), ..BoardFilter::default() };
                (filter, None, false, strings::BUILTIN_MY_DEALS.to_string())
            }
            CLOSING_THIS_MONTH => {
                let filter = BoardFilter {
                    close_after: Some(today.first_of_month()),
                    close_before: Some(today.last_of_month()),
                    ..BoardFilter::default()
                };
                (filter, None, false, strings::BUILTIN_CLOSING_MONTH.to_string())
            }
            ROTTING => (BoardFilter::default(), None, true, strings::BUILTIN_ROTTING.to_string()),
            _ => {
                let name = id.strip_prefix(SAVED).unwrap_or(id);
                let Some(saved) = self.week.account.saved_filters.iter().find(|f| f.name == name) else {
                    return Vec::new();
                };
                let sort = saved.sort.as_deref().and_then(|s| s.parse::<Sort>().ok());
                (saved.filter.clone(), sort, false, saved.name.clone())
            }
        };
        self.apply_view(filter, sort, rotting, &label)
    }

    /// The filter form's "Save as": kept (replacing one of the same name) with the board's sort,
    /// and applied.
    pub(super) fn save_filter(&mut self, name: String, filter: BoardFilter) -> Vec<Command> {
        let sort = self.view.sort.filter(|s| *s != Sort::default()).map(|s| s.to_string());
        let saved = SavedFilter {
            name: name.clone(),
            filter: BoardFilter { currency: None, ..filter.clone() },
            sort,
        };
        let list = &mut self.week.account.saved_filters;
        match list.iter_mut().find(|f| f.name == name) {
            Some(old) => *old = saved,
            None => list.push(saved),
        }
        self.week.state_due = true;
        let cmds = self.apply_filter(filter);
        self.status.info(strings::filter_saved(&name));
        cmds
    }

    /// Ctrl+D in the saved filters: gone, and the list again without it.
    pub(super) fn delete_saved(&mut self, id: &str) {
        let deleted = id.strip_prefix(SAVED).and_then(|name| {
            let list = &mut self.week.account.saved_filters;
            let at = list.iter().position(|f| f.name == name)?;
            Some(list.remove(at).name)
        });
        self.week.state_due |= deleted.is_some();
        self.open_saved_filters();
        match deleted {
            Some(name) => self.status.info(strings::saved_filter_deleted(&name)),
            None => self.status.error(strings::BUILTIN_NOT_DELETED),
        }
    }
}

pub(super) fn rotting_by(d: &Deal, before: Timestamp) -> bool {
    d.status == DealStatus::Open && d.updated_at < before
}

/// A saved filter in the picker: what it filters and how it sorts.
fn describe_saved(f: &SavedFilter) -> String {
    let sort = f.sort.as_deref().and_then(|s| s.parse::<Sort>().ok()).map(super::query::sort_label);
    let parts: Vec<String> =
        [Some(f.filter.describe()), sort].into_iter().flatten().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { strings::SAVED_ALL_OPEN.to_string() } else { parts.join(" · ") }
}
