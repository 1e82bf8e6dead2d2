//! The board: pure `App::update`, a background worker, drawing and the terminal.

pub mod api;
pub mod app;
pub mod command;
pub mod event;
pub mod format;
pub mod forms;
pub mod layout;
pub mod parse;
pub mod strings;
pub mod terminal;
pub mod view;
pub mod worker;

#[cfg(test)]
pub(crate) mod test_support;

pub fn run_board(_args: crate::cli::BoardArgs) -> anyhow::Result<()> {
    anyhow::bail!("the board is not built yet")
}

pub fn run_demo(_board: crate::cli::BoardArgs, _args: crate::cli::DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("the board is not built yet")
}
