//! The command line (DESIGN.md's table). Parsing only; `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "dealboard", version, about = "A terminal kanban board for the Deals & Pipeline API")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub board: BoardArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the built-in API server in-process on a demo workspace and open the board on it.
    Demo(DemoArgs),
    /// Run the API server alone.
    Serve(ServeArgs),
}

/// How the board reaches the API. Each option also comes from the environment, then `config.toml`.
#[derive(Debug, Clone, Default, Args)]
pub struct BoardArgs {
    /// Base URL of the API, including its path prefix.
    #[arg(long, env = "DEALBOARD_API_URL", global = true)]
    pub api_url: Option<String>,
    /// API key (sent as a Bearer token).
    #[arg(long, env = "DEALBOARD_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,
    /// Which pipeline opens first (its id).
    #[arg(long, global = true)]
    pub pipeline: Option<String>,
    /// Allow a plain http:// URL to a host other than loopback (the key would cross the network in clear text).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Read this config file instead of the one in the platform config directory.
    #[arg(long, env = "DEALBOARD_CONFIG", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// SQLite file to use (default: a fresh file in a temporary directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Add this many generated deals to the demo workspace.
    #[arg(long, default_value_t = 0)]
    pub deals: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// SQLite file (default: dealboard.db in the platform data directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Load the demo workspace from assets/ into an empty database.
    #[arg(long)]
    pub demo: bool,
    /// Add this many generated deals (deterministic for the same N).
    #[arg(long, default_value_t = 0)]
    pub deals: u64,
    /// The key clients must send; generated and printed once when not given.
    #[arg(long = "api-key", env = "DEALBOARD_SERVER_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Workspace currency (ISO 4217), the default for new deals.
    #[arg(long, default_value = "USD")]
    pub currency: String,
    /// Delay every answer by this many milliseconds (to measure the client over a slow link).
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
}

/// A usage or configuration problem: exits with code 2, and its message says how to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);
