//! The Deals & Pipeline API on SQLite. (Being built: see issue 2.)

pub mod demo_data;

pub fn run_cli(_args: crate::cli::ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("the server is not built yet")
}
