//! `App::update` driven through every key and every failure path, with synthetic worker
//! results: no terminal, no network, no clock.

mod board;
mod bulk;
mod cache;
mod changes;
mod create;
mod dialogs;
mod edit_delete;
mod forecast;
mod loading;
mod money;
mod navigation;
mod popups;
mod refresh;
mod search;
mod selection;
mod settings;
mod startup;
mod trust;
mod undo;
mod view_query;
mod week;
mod won;

pub use super::{App, AppSettings};
use crate::tui::message::Command;

/// The one command in a batch, checked to be of the kind expected.
pub fn only(cmds: Vec<Command>) -> Command {
    assert_eq!(cmds.len(), 1, "expected one command, got {cmds:?}");
    cmds.into_iter().next().unwrap()
}

pub fn selected_id(app: &App) -> Option<String> {
    app.board().selected_deal().map(|d| d.id.clone())
}

pub fn column_ids(app: &App, c: usize) -> Vec<String> {
    app.board().columns[c].deals.iter().map(|d| d.id.clone()).collect()
}

pub fn message(app: &App) -> String {
    app.status().message.as_ref().map(|(_, m)| m.clone()).unwrap_or_default()
}

pub fn is_error(app: &App) -> bool {
    matches!(app.status().message, Some((super::Severity::Error, _)))
}
