//! `dealboard demo`: the built-in server on a free loopback port, on a fresh SQLite file (or
//! `--db`) with the demo workspace, and the board on it over HTTP like any other server. The one
//! module besides `main.rs` that knows both the server and the board.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use crate::cli::{BoardArgs, DemoArgs};
use crate::config;
use crate::server::{self, ServerOptions};
use crate::tui::launch::{board, client_for, run_to_end, say_warnings};

/// The demo's port changes every run; its remembered pipeline is kept under this name.
const DEMO_STATE_KEY: &str = "demo";

pub fn run_demo(args: BoardArgs, demo: DemoArgs) -> anyhow::Result<()> {
    let (file, _, warnings) = config::load_file(&args)?;
    let mut cfg = config::settings_without_key(&args, file);
    say_warnings(&warnings);
    crate::logging::to_file();
    run_to_end(async {
        // Kept until the board closes: the demo database lives in it.
        let scratch = tempfile::tempdir().context("cannot make a temporary directory for the demo")?;
        let db = demo.db.clone().unwrap_or_else(|| scratch.path().join("demo.db"));
        let server = server::start(demo_options(db, demo.deals), "127.0.0.1:0".parse()?).await?;
        cfg.api_url = server.base_url();
        cfg.api_key = config::ApiKey::new(server.api_key());
        // A fresh server on a new port every run: a board kept from the last one never matches.
        cfg.cache = false;
        let client = client_for(&cfg)?;
        let result = board(client, &cfg, DEMO_STATE_KEY).await;
        server.shutdown().await?;
        result
    })
}

fn demo_options(db: PathBuf, deals: u64) -> ServerOptions {
    ServerOptions {
        db,
        api_key: None,
        currency: "USD".into(),
        latency: Duration::ZERO,
        demo: true,
        generated_deals: deals,
    }
}
