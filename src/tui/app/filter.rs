//! `f` / `F` / `s`: the filter and the sort of every column. Both live in the App's `ViewQuery`;
//! changing either reloads every column from its first page.

use super::App;
use crate::model::Sort;
use crate::tui::command::Command;
use crate::tui::dialogs::{BoardFilter, Dialog, FilterForm, FilterFormContext, SortPicker};
use crate::tui::strings;

impl App {
    /// `f`: the filter form, opened on the filter applied now (so `f` again edits it).
    pub(super) fn open_filter(&mut self) {
        let currency = self.board.usual_currency();
        let ctx = FilterFormContext { users: self.user_list.as_deref(), today: self.today(), currency };
        self.popup = Some(Dialog::Filter(Box::new(FilterForm::new(&ctx, &self.view.filter))));
    }

    pub(super) fn apply_filter(&mut self, mut filter: BoardFilter) -> Vec<Command> {
        filter.currency = Some(self.board.usual_currency().to_string());
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
        if !self.view.filter.is_active() {
            self.status.info(strings::NO_FILTER);
            return Vec::new();
        }
        self.apply_filter(BoardFilter::default())
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

    /// Every column again from its first page under the new query, on the same column.
    fn reload_board(&mut self) -> Vec<Command> {
        let Some(current) = self.board.current else { return Vec::new() };
        let col = self.board.col;
        self.board.show_pipeline(current);
        self.board.col = col;
        self.keep_selection_in_view();
        self.load_columns()
    }
}
