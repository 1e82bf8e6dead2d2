//! The board: pure `App::update`, a background worker, drawing and the terminal.

pub mod api;
pub mod app;
pub mod cache;
pub mod dialogs;
pub mod hangup;
pub mod headless;
pub mod launch;
pub mod layout;
pub mod message;
pub mod run;
pub mod state;
pub mod strings;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod view;
pub mod worker;

#[cfg(test)]
pub(crate) mod test_support;

pub use launch::run_board;
