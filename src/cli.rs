//! The command line. Parsing only; `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The board's options sit on the top-level command and on `demo` (not `global`, so `serve --help`
/// lists only what `serve` uses); [`Cli::board_args`] gives the ones that apply.
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
    /// List, show, create, change and delete deals (for scripts: --json, --csv, IDs from stdin with -).
    #[command(subcommand)]
    Deals(DealsCommand),
    /// The pipelines and their stages.
    Pipelines(ReadArgs),
    /// The stages of a pipeline (default: the default pipeline), with their open deals' count and value.
    Stages(StagesArgs),
    /// The workspace's users (deal owners).
    Users(ReadArgs),
    /// Check an API key and save it (with the API URL) in config.toml, readable by you alone.
    Login(LoginArgs),
    /// Remove the saved API key from config.toml.
    Logout(LogoutArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a directory.
    Man(ManArgs),
}

/// How a command reaches the API: the deal commands take these alone (their `--pipeline` is a
/// filter), the board takes them with its own (`BoardArgs`). Each also comes from the
/// environment, then `config.toml`.
#[derive(Debug, Clone, Default, Args)]
pub struct ConnArgs {
    /// Base URL of the API, including its path prefix.
    #[arg(long, env = "DEALBOARD_API_URL")]
    pub api_url: Option<String>,
    /// API key (sent as a Bearer token).
    #[arg(long, env = "DEALBOARD_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Allow a plain http:// URL to a host other than loopback (the key would cross the network in clear text).
    #[arg(long)]
    pub allow_insecure_http: bool,
    /// Read this config file instead of the one in the platform config directory.
    #[arg(long, env = "DEALBOARD_CONFIG")]
    pub config: Option<PathBuf>,
}

/// How results are printed: an aligned table on a terminal, tab-separated lines when piped.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct OutputArgs {
    /// The API's objects as one JSON array (one object for a single deal).
    #[arg(long, conflicts_with_all = ["ndjson", "csv", "table"])]
    pub json: bool,
    /// One JSON object per line, printed as pages arrive.
    #[arg(long, conflicts_with_all = ["csv", "table"])]
    pub ndjson: bool,
    /// Comma-separated values with a header line.
    #[arg(long, conflicts_with = "table")]
    pub csv: bool,
    /// An aligned table with a header even when the output is not a terminal.
    #[arg(long)]
    pub table: bool,
}

/// A read that takes no other options.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct StagesArgs {
    /// Pipeline name (a unique prefix, any case) or id.
    pub pipeline: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    Open,
    Won,
    Lost,
}

#[derive(Debug, Subcommand)]
pub enum DealsCommand {
    /// Deals matching the filters (default: the first 25, most recently updated first).
    List(ListArgs),
    /// One deal with its contacts and stage history.
    Show(ShowArgs),
    /// Create a deal.
    Create(CreateArgs),
    /// Change the given fields of a deal (nothing else is sent).
    Update(UpdateArgs),
    /// Move deals to another stage (recorded in their stage history).
    Move(MoveArgs),
    /// Mark deals won.
    Won(WonArgs),
    /// Mark deals lost.
    Lost(LostArgs),
    /// Reopen won or lost deals.
    Reopen(IdsArgs),
    /// Delete deals (asks first on a terminal).
    Delete(DeleteArgs),
}

/// Stage, pipeline and owner take a name as shown on the board (any case, a unique prefix) or an id.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Only this pipeline.
    #[arg(long)]
    pub pipeline: Option<String>,
    /// Only this stage.
    #[arg(long)]
    pub stage: Option<String>,
    /// Only deals of this owner (name, email or id).
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// At least this value, e.g. 50k.
    #[arg(long, value_name = "AMOUNT")]
    pub min_value: Option<String>,
    /// At most this value, e.g. $1.2m.
    #[arg(long, value_name = "AMOUNT")]
    pub max_value: Option<String>,
    /// Expected to close on or after this day (2026-05-01, today, +14d, next friday).
    #[arg(long, value_name = "DATE")]
    pub close_after: Option<String>,
    /// Expected to close on or before this day.
    #[arg(long, value_name = "DATE")]
    pub close_before: Option<String>,
    /// created_at, value, expected_close_date or updated_at; a leading - sorts descending (-value).
    #[arg(long, allow_hyphen_values = true)]
    pub sort: Option<String>,
    /// At most this many deals.
    #[arg(long, value_name = "N", conflicts_with = "all", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// Every matching deal, following the pages.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

/// The fields a deal can be created or updated with.
#[derive(Debug, Clone, Default, Args)]
pub struct DealFields {
    /// Amount, e.g. 50000, 50k, $1.2m.
    #[arg(long, value_name = "AMOUNT")]
    pub value: Option<String>,
    /// ISO 4217 code, e.g. EUR.
    #[arg(long)]
    pub currency: Option<String>,
    /// Expected close date: 2026-05-01, +14d, +2w, next friday.
    #[arg(long, value_name = "DATE")]
    pub close: Option<String>,
    /// Owner (name, email or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// Contact id.
    #[arg(long)]
    pub contact: Option<String>,
    /// A tag; repeat for several (replaces the deal's tags).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Win probability in percent (0-100).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub probability: Option<u8>,
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    #[arg(long)]
    pub title: String,
    /// Pipeline (default: the stage's, else the default pipeline).
    #[arg(long)]
    pub pipeline: Option<String>,
    /// Stage (default: the pipeline's first).
    #[arg(long)]
    pub stage: Option<String>,
    #[command(flatten)]
    pub fields: DealFields,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: DealFields,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct MoveArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    /// The stage to move to (name, unique prefix, or id).
    pub stage: String,
    /// A note for the stage history.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct WonArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct LostArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    #[arg(long)]
    pub reason: Option<String>,
    /// Who won it instead.
    #[arg(long)]
    pub competitor: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct IdsArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    /// The deal's id (- reads ids from stdin, one a line).
    pub id: String,
    /// Do not ask (needed when stdin is not a terminal).
    #[arg(long, short)]
    pub yes: bool,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// Base URL of the API (asked on a terminal; default the hosted service).
    #[arg(long, env = "DEALBOARD_API_URL")]
    pub api_url: Option<String>,
    /// Read the key from stdin instead of asking (for scripts: `echo $KEY | dealboard login --with-token`).
    #[arg(long)]
    pub with_token: bool,
    /// Allow a plain http:// URL to a host other than loopback.
    #[arg(long)]
    pub allow_insecure_http: bool,
    /// Write this config file instead of the one in the platform config directory.
    #[arg(long, env = "DEALBOARD_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct LogoutArgs {
    /// Edit this config file instead of the one in the platform config directory.
    #[arg(long, env = "DEALBOARD_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write dealboard.1 and one page per subcommand into this directory instead of printing.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl ConnArgs {
    /// The board's settings these stand for; options given before the subcommand fill the gaps.
    pub fn board_args(&self, top: &BoardArgs) -> BoardArgs {
        // The commands keep no board between runs.
        BoardArgs { conn: self.clone(), pipeline: None, no_cache: true }.or(top)
    }

    /// These, with `other`'s where these are not given.
    fn or(self, other: &ConnArgs) -> ConnArgs {
        ConnArgs {
            api_url: self.api_url.or_else(|| other.api_url.clone()),
            api_key: self.api_key.or_else(|| other.api_key.clone()),
            allow_insecure_http: self.allow_insecure_http || other.allow_insecure_http,
            config: self.config.or_else(|| other.config.clone()),
        }
    }
}

/// How the board reaches the API. Each option also comes from the environment, then `config.toml`.
#[derive(Debug, Clone, Default, Args)]
pub struct BoardArgs {
    /// The API's URL and key, `--allow-insecure-http`, `--config`: as every command takes them.
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Which pipeline opens first (its id).
    #[arg(long)]
    pub pipeline: Option<String>,
    /// Neither show the board kept from the last run nor keep this one (`cache = false` in the config).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// The board's options, also accepted after `demo`.
    #[command(flatten)]
    pub board: BoardArgs,
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
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Seconds a client has to send a request's headers once it starts (also the TLS handshake); its body gets 5 s more.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Close a connection after this many seconds without a request.
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
    /// Open connections at most (default: as many as the open-file limit allows, less a reserve).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: Option<u64>,
    /// Requests allowed per API key, e.g. 600/min (also N/s, N/hour); over it, 429 with Retry-After.
    #[arg(long, value_name = "N/min", value_parser = parse_rate_limit)]
    pub rate_limit: Option<RateLimit>,
}

/// At most `requests` requests per `per`, counted in fixed windows (`serve --rate-limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: std::time::Duration,
}

/// `N/s`, `N/min` or `N/hour` (also `sec`, `m`, `h`, `second`, `minute`).
pub fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    use std::time::Duration;
    let usage = || format!("`{text}`: expected requests per period, such as 600/min, 10/s or 5000/hour");
    let (n, per) = text.trim().split_once('/').ok_or_else(usage)?;
    let requests: u32 = n.trim().parse().map_err(|_| usage())?;
    let per = match per.trim().to_ascii_lowercase().as_str() {
        "s" | "sec" | "second" => Duration::from_secs(1),
        "m" | "min" | "minute" => Duration::from_secs(60),
        "h" | "hour" => Duration::from_secs(3600),
        _ => return Err(usage()),
    };
    if requests == 0 {
        return Err(format!("`{text}`: the limit must allow at least one request"));
    }
    Ok(RateLimit { requests, per })
}

impl Cli {
    /// The board's options: those given after `demo` win over those before it.
    pub fn board_args(&self) -> BoardArgs {
        match &self.command {
            Some(Command::Demo(demo)) => demo.board.clone().or(&self.board),
            _ => self.board.clone(),
        }
    }
}

impl BoardArgs {
    /// Each option of `self`, else of `other`.
    fn or(self, other: &BoardArgs) -> BoardArgs {
        BoardArgs {
            conn: self.conn.or(&other.conn),
            pipeline: self.pipeline.or_else(|| other.pipeline.clone()),
            no_cache: self.no_cache || other.no_cache,
        }
    }
}

/// A usage or configuration problem: exits with code 2, and its message says how to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("dealboard").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn board_options_go_before_or_after_demo_but_not_to_serve() {
        let c = parse(&["--pipeline", "p1", "demo", "--config", "/x.toml", "--deals", "5"]);
        let b = c.board_args();
        assert_eq!(
            (b.pipeline.as_deref(), b.conn.config.as_deref()),
            (Some("p1"), Some(std::path::Path::new("/x.toml")))
        );
        let c = parse(&["--pipeline", "p1", "demo", "--pipeline", "p2"]);
        assert_eq!(c.board_args().pipeline.as_deref(), Some("p2"));
        assert_eq!(
            parse(&["--api-url", "https://x/v1"]).board_args().conn.api_url.as_deref(),
            Some("https://x/v1")
        );
        assert!(Cli::try_parse_from(["dealboard", "serve", "--pipeline", "p"]).is_err());
        assert!(
            Cli::try_parse_from(["dealboard", "serve", "--tls-cert", "c.pem"]).is_err(),
            "needs --tls-key"
        );
    }

    #[test]
    fn rate_limits_read_as_requests_per_period() {
        use std::time::Duration;
        assert_eq!(
            parse_rate_limit("600/min"),
            Ok(RateLimit { requests: 600, per: Duration::from_secs(60) })
        );
        assert_eq!(parse_rate_limit(" 10 / s"), Ok(RateLimit { requests: 10, per: Duration::from_secs(1) }));
        assert_eq!(parse_rate_limit("5000/hour").map(|r| r.per), Ok(Duration::from_secs(3600)));
        for bad in ["600", "x/min", "10/day", "0/min", "-1/s"] {
            assert!(parse_rate_limit(bad).is_err(), "{bad}");
        }
        for (flag, bad) in [("--rate-limit", "0/min"), ("--max-connections", "0"), ("--idle-timeout", "0")] {
            assert!(Cli::try_parse_from(["dealboard", "serve", flag, bad]).is_err(), "{flag} {bad}");
        }
    }
}
