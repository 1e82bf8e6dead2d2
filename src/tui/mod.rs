//! The board. (Being built: see issue 4.)

pub mod parse;
pub mod terminal;

pub fn run_board(_args: crate::cli::BoardArgs) -> anyhow::Result<()> {
    anyhow::bail!("the board is not built yet")
}

pub fn run_demo(_board: crate::cli::BoardArgs, _args: crate::cli::DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("the board is not built yet")
}
