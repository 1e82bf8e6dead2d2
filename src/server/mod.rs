//! The Deals & Pipeline API on SQLite: `dealboard serve`, and in-process for `dealboard demo`.
//!
//! - [`routes`]: the route table under `/v1` and `/functions/v1/api`, and the middleware stack;
//! - [`handlers`]: one function per endpoint; [`extract`]: body, query and path readers whose
//!   refusals are docs/API.md's envelope; [`error`]: the mapping of every failure to that envelope;
//! - [`store`]: SQLite (schema and migrations, reads, writes, keyset listing); [`cursor`]: paging;
//! - [`auth`]: the API key and the brake on guessing it; [`layers`]: latency, logging, panics,
//!   rate limit;
//! - [`listen`]: the accept loop with its timeouts and connection cap; [`tls`]: HTTPS;
//! - [`demo_load`]: the demo workspace, generated deals and the default pipeline at startup.

pub mod auth;
pub mod cursor;
pub mod demo_data;
pub mod demo_load;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod layers;
pub mod listen;
pub mod routes;
pub mod store;
pub mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use self::auth::ApiKey;
use self::handlers::AppState;
pub use self::layers::RateLimit;
use self::layers::RateLimiter;
use self::store::{Db, Store, settings};
pub use self::tls::TlsFiles;

/// How to run a server (`dealboard serve`'s options, or `dealboard demo`'s choice of them).
#[derive(Clone)]
pub struct ServerOptions {
    pub db: PathBuf,
    /// None: reuse the key stored in the db, else generate and store one.
    pub api_key: Option<String>,
    /// Workspace currency (ISO 4217), the default for new deals.
    pub currency: String,
    /// Delay every answer by this much.
    pub latency: Duration,
    /// Load the demo workspace into an empty db.
    pub demo: bool,
    /// Add this many generated deals (idempotent for the same N).
    pub generated_deals: u64,
}

impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerOptions")
            .field("db", &self.db)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("currency", &self.currency)
            .field("latency", &self.latency)
            .field("demo", &self.demo)
            .field("generated_deals", &self.generated_deals)
            .finish()
    }
}

/// How the server meets the network (`dealboard serve`'s flags); `Edges::default()` is plain
/// HTTP with the default timeouts, a connection cap from the open-file limit and no rate limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Edges {
    /// Serve HTTPS with this certificate and key.
    pub tls: Option<TlsFiles>,
    /// Time to send a whole request head (or finish the TLS handshake) once it has begun, and
    /// again for its body.
    pub header_timeout: Duration,
    /// A connection with no request for this long is closed.
    pub idle_timeout: Duration,
    /// At most this many connections (never more than the open-file limit allows).
    pub max_connections: Option<usize>,
    pub rate_limit: Option<RateLimit>,
}

impl Default for Edges {
    fn default() -> Self {
        Edges {
            tls: None,
            header_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: None,
            rate_limit: None,
        }
    }
}

/// A server that is listening. Dropping it stops it too, but without waiting; call
/// [`RunningServer::shutdown`] to wait for in-flight requests and close the database.
pub struct RunningServer {
    addr: SocketAddr,
    /// "http" or "https".
    scheme: &'static str,
    key: ApiKey,
    key_was_generated: bool,
    limiter: RateLimiter,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    db: Option<Db>,
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer").field("addr", &self.addr).field("api_key", &self.key).finish()
    }
}

impl RunningServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn api_key(&self) -> &str {
        self.key.expose()
    }

    /// True when this start generated the key (nothing given, nothing stored).
    pub fn key_was_generated(&self) -> bool {
        self.key_was_generated
    }

    /// `http://ADDR/v1` (`https://` when serving TLS): what a client takes as its base URL.
    pub fn base_url(&self) -> String {
        format!("{}://{}/v1", self.scheme, self.addr)
    }

    /// Limits requests from now on (`None` lifts the limit); over it, answers are 429 with
    /// `Retry-After`. Off unless [`Edges::rate_limit`] set it. For exercising clients against a
    /// throttling server.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.limiter.set(limit);
    }

    /// Stops accepting connections, lets in-flight requests finish, then closes the database.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.context("the server task failed")?.context("serving failed")?;
        }
        let Some(db) = self.db.take() else { return Ok(()) };
        // The serve task owned the only other handles; they are gone now that it has ended.
        match db.into_store() {
            Some(store) => tokio::task::spawn_blocking(move || store.close())
                .await
                .context("closing the database panicked")?
                .context("closing the database")?,
            None => tracing::warn!("the database is still in use; it closes when the last user lets go"),
        }
        tracing::info!("server stopped");
        Ok(())
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `bind` (use "127.0.0.1:0" for a free port), opens/migrates the db, loads data, serves.
pub async fn start(opts: ServerOptions, bind: SocketAddr) -> anyhow::Result<RunningServer> {
    start_with(opts, bind, Edges::default()).await
}

/// [`start`] with TLS, timeouts, a connection cap or a rate limit.
pub async fn start_with(
    opts: ServerOptions,
    bind: SocketAddr,
    edges: Edges,
) -> anyhow::Result<RunningServer> {
    crate::model::validate::currency(&opts.currency).map_err(|e| anyhow::anyhow!("--currency: {e}"))?;
    let tls = edges.tls.as_ref().map(tls::acceptor).transpose()?;
    let limits = listen::Limits {
        header_timeout: edges.header_timeout,
        idle_timeout: edges.idle_timeout,
        // The body gets as long as the head had; the answer's own time and --latency-ms on top.
        request_timeout: edges.header_timeout + Duration::from_secs(5) + opts.latency,
        max_connections: listen::connection_cap(edges.max_connections),
    };
    let latency = opts.latency;
    let currency = opts.currency.clone();
    let (store, key, key_was_generated) = tokio::task::spawn_blocking(move || open_and_prepare(&opts))
        .await
        .context("opening the database")??;
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind}"))?;
    let addr = listener.local_addr()?;
    let db = Db::new(store);
    let limiter = RateLimiter::default();
    limiter.set(edges.rate_limit);
    let state = AppState { db: db.clone(), currency: currency.into(), totals: Default::default() };
    let guards = routes::Guards { key: key.clone(), limiter: limiter.clone(), latency };
    let app = routes::router(state, guards);
    let (stop, stopped) = oneshot::channel::<()>();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let task = tokio::spawn(listen::serve(listener, app, tls, limits, async move {
        // A dropped sender (RunningServer dropped) stops the server as well.
        let _ = stopped.await;
    }));
    tracing::info!(%addr, scheme, max_connections = limits.max_connections,
        "serving the Deals & Pipeline API under /v1 and /functions/v1/api");
    Ok(RunningServer {
        addr,
        scheme,
        key,
        key_was_generated,
        limiter,
        stop: Some(stop),
        task: Some(task),
        db: Some(db),
    })
}

/// Opens the file, loads what the options ask for and settles the key (blocking).
fn open_and_prepare(opts: &ServerOptions) -> anyhow::Result<(Store, ApiKey, bool)> {
    if let Some(dir) = opts.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let store =
        Store::open(&opts.db).with_context(|| format!("cannot open the database {}", opts.db.display()))?;
    let (key, generated) = {
        let mut conn = store.writer();
        let seed = demo_load::Seed {
            demo: opts.demo,
            generated_deals: opts.generated_deals,
            today: jiff::Zoned::now().date(),
        };
        demo_load::prepare(&mut conn, &seed)?;
        resolve_key(&conn, opts.api_key.as_deref())?
    };
    Ok((store, ApiKey::new(&key), generated))
}

/// The given key, else the one stored in the file, else a new one (stored for the next start).
fn resolve_key(conn: &rusqlite::Connection, given: Option<&str>) -> anyhow::Result<(String, bool)> {
    if let Some(key) = given {
        anyhow::ensure!(!key.trim().is_empty(), "the API key must not be empty");
        return Ok((key.trim().to_string(), false));
    }
    if let Some(key) = settings::stored_api_key(conn)? {
        return Ok((key, false));
    }
    let key = auth::generate_key()?;
    settings::store_api_key(conn, &key)?;
    Ok((key, true))
}

/// `dealboard serve`: blocking, builds its own tokio runtime, stops on Ctrl-C / SIGTERM.
pub fn run_cli(args: crate::cli::ServeArgs) -> anyhow::Result<()> {
    crate::logging::to_stderr();
    let edges = Edges {
        tls: match (args.tls_cert, args.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            _ => unreachable!("clap requires --tls-cert and --tls-key together"),
        },
        header_timeout: Duration::from_secs(args.header_timeout),
        idle_timeout: Duration::from_secs(args.idle_timeout),
        max_connections: args.max_connections.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        rate_limit: args.rate_limit,
    };
    let bind = resolve_bind(&args.bind, edges.tls.is_some())?;
    listen::raise_open_file_limit();
    crate::model::validate::currency(&args.currency)
        .map_err(|e| crate::cli::ConfigError(format!("--currency {}: {e}", args.currency)))?;
    let db = match args.db {
        Some(db) => db,
        None => default_db_path()?,
    };
    let opts = ServerOptions {
        db,
        api_key: args.api_key,
        currency: args.currency,
        latency: Duration::from_millis(args.latency_ms),
        demo: args.demo,
        generated_deals: args.deals,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let server = start_with(opts, bind, edges).await?;
        println!("dealboard serve: listening on {}", server.base_url());
        if server.key_was_generated() {
            println!(
                "API key (generated, stored in the database; shown only this once): {}",
                server.api_key()
            );
        }
        stop_signal().await;
        tracing::info!("stopping: finishing in-flight requests");
        server.shutdown().await
    })
}

/// `--bind`: an address, or a host name with a port (`localhost:7878`).
fn resolve_bind(bind: &str, tls: bool) -> anyhow::Result<SocketAddr> {
    use std::net::ToSocketAddrs;
    let usage =
        || crate::cli::ConfigError(format!("--bind {bind}: expected an address such as 127.0.0.1:7878"));
    let addr = bind.to_socket_addrs().map_err(|_| usage())?.next().ok_or_else(usage)?;
    if !addr.ip().is_loopback() && !tls {
        tracing::warn!(%addr, "listening beyond this machine over plain HTTP: the API key crosses the network unencrypted");
    }
    Ok(addr)
}

fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "dealboard").ok_or_else(|| {
        crate::cli::ConfigError("no home directory to keep the database in: pass --db FILE".into())
    })?;
    Ok(dirs.data_dir().join("dealboard.db"))
}

/// Ctrl-C, or SIGTERM on Unix (what `kill` and service managers send).
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
