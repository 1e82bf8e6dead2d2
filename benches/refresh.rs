//! What the live refresh costs on the wire: requests and bytes (both ways, counted by a TCP proxy
//! between the client and the real in-process server) and time, for
//!
//! - `start`: a cold start to the whole pipeline loaded;
//! - `start from the cache`: a second board started from the first one's saved board (what
//!   `~/.cache/dealboard` holds), nothing changed since, until it is up to date;
//! - `refresh, nothing changed`: one `Event::RefreshDue` on an up-to-date board;
//! - `refresh, 10 changes`: one refresh after another client changed 10 deals (5 revalued,
//!   2 moved, 1 won, 1 lost, 1 deleted);
//! - `idle hour` / `idle 8 h`: the refresh ticks of an hour (8 hours) at 60 s with nothing
//!   changing, simulated: the App's clock is moved on a minute before each `RefreshDue`.
//!
//! at 120 (the demo workspace), 10,000 and 100,000 generated deals. Requests are the commands
//! the App sent (one HTTP request each); bytes are what crossed the proxy, headers included
//! (compressed where the server compressed). Counts and bytes do not depend on the machine;
//! times do.
//!
//! Run: `cargo bench --bench refresh` (all three sizes; `-- 10000` for one). The 100,000-deal
//! server takes a minute or two to generate its deals.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dealboard::client::{Client, ClientConfig};
use dealboard::model::{DealPatch, DealQuery, DealStatus, Field};
use dealboard::server::{ServerOptions, start};
use dealboard::tui::app::{App, AppSettings};
use dealboard::tui::message::{Command, Event};
use dealboard::tui::worker::spawn_worker;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

const KEY: &str = "bench-key";

/// Bytes the proxy carried, both directions.
static BYTES: AtomicU64 = AtomicU64::new(0);

struct Rig {
    app: App,
    commands: UnboundedSender<Command>,
    events: UnboundedReceiver<Event>,
    requests: u64,
}

impl Rig {
    fn send(&mut self, batch: Vec<Command>) {
        for c in batch {
            self.requests += 1;
            self.commands.send(c).unwrap();
        }
    }

    /// Feeds answers to the App until nothing is out.
    async fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(600);
        while self.app.busy() {
            let ev = tokio::time::timeout_at(deadline.into(), self.events.recv())
                .await
                .expect("settles within ten minutes")
                .expect("worker alive");
            let next = self.app.update(ev);
            self.send(next);
        }
    }

    /// One timer refresh, a minute after the last: (requests, bytes, time).
    async fn tick(&mut self) -> (u64, u64, Duration) {
        let now = self.app.now().checked_add(SignedDuration::from_secs(60)).unwrap();
        self.app.set_now(now);
        let (r0, b0, t0) = (self.requests, BYTES.load(Ordering::Relaxed), Instant::now());
        let out = self.app.update(Event::RefreshDue);
        self.send(out);
        self.settle().await;
        (self.requests - r0, BYTES.load(Ordering::Relaxed) - b0, t0.elapsed())
    }
}

fn kib(b: u64) -> String {
    if b >= 1 << 20 {
        format!("{:.1} MiB", b as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KiB", b as f64 / 1024.0)
    }
}

fn line(n: u64, what: &str, (r, b, t): (u64, u64, Duration)) {
    eprintln!(
        "refresh {n:>6} deals  {what:<26} {r:>6} requests  {:>10}  {:>9.1} ms",
        kib(b),
        t.as_secs_f64() * 1e3
    );
}

async fn measure(n: u64) {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOptions {
        db: dir.path().join("refresh.db"),
        api_key: Some(KEY.into()),
        currency: "USD".into(),
        latency: Duration::ZERO,
        demo: true,
        generated_deals: n.saturating_sub(120),
    };
    let t = Instant::now();
    let server = start(opts, "127.0.0.1:0".parse().unwrap()).await.expect("server starts");
    eprintln!("refresh {n:>6} deals  server up in {:.1} s", t.elapsed().as_secs_f64());
    let proxy = proxy::spawn(server.addr()).await;
    let client = Client::new(ClientConfig::new(format!("http://{proxy}/v1"), KEY)).unwrap();
    let elsewhere = Client::new(ClientConfig::new(server.base_url(), KEY)).unwrap();
    let (tx, events) = unbounded_channel();
    let commands = spawn_worker(client, tx);
    let settings = AppSettings { refresh_every: Some(Duration::from_secs(60)), ..AppSettings::default() };
    let app = App::new(settings.clone(), Timestamp::now());
    let mut rig = Rig { app, commands, events, requests: 0 };

    let (b0, t0) = (BYTES.load(Ordering::Relaxed), Instant::now());
    let out = rig.app.start();
    rig.send(out);
    let out = rig.app.update(Event::Resize { width: 200, height: 50 });
    rig.send(out);
    rig.settle().await;
    assert!(rig.app.board().fully_loaded());
    let (open, _) = rig.app.board().progress();
    line(
        n,
        &format!("start ({open} open)"),
        (rig.requests, BYTES.load(Ordering::Relaxed) - b0, t0.elapsed()),
    );

    // A second board, started from the first one's saved board, with nothing changed since.
    let snapshot = rig.app.snapshot().expect("a complete board is saved");
    let mut warm = App::new(settings.clone(), Timestamp::now());
    warm.update(Event::Resize { width: 200, height: 50 });
    assert!(warm.show_cached(snapshot));
    let (r0, b0, t0) = (rig.requests, BYTES.load(Ordering::Relaxed), Instant::now());
    std::mem::swap(&mut rig.app, &mut warm);
    let out = rig.app.start();
    rig.send(out);
    rig.settle().await;
    assert!(rig.app.board().fully_loaded());
    line(n, "start from the cache", (rig.requests - r0, BYTES.load(Ordering::Relaxed) - b0, t0.elapsed()));
    std::mem::swap(&mut rig.app, &mut warm);

    line(n, "refresh, nothing changed", rig.tick().await);
    line(n, "start, uncompressed", uncompressed_load(&proxy, &rig.app).await);

    // Ten changes by someone else, on deals of the board's pipeline.
    let pipeline = rig.app.board().pipeline().unwrap().clone();
    let q = DealQuery {
        pipeline_id: Some(pipeline.id.clone()),
        status: Some(DealStatus::Open),
        limit: Some(20),
        ..DealQuery::default()
    };
    let deals = elsewhere.list_deals(&q).await.unwrap().items;
    let last_stage = pipeline.stages.last().unwrap().id.clone();
    for (i, d) in deals.iter().take(10).enumerate() {
        match i {
            0..5 => {
                let patch = DealPatch { value: Field::Set(1000.0 + i as f64), ..DealPatch::default() };
                elsewhere.update_deal(&d.id, &patch).await.unwrap();
            }
            5 | 6 => {
                let to = if d.stage_id == last_stage { &pipeline.stages[0].id } else { &last_stage };
                elsewhere.move_stage(&d.id, to, None).await.unwrap();
            }
            7 => drop(elsewhere.mark_won(&d.id, None).await.unwrap()),
            8 => drop(elsewhere.mark_lost(&d.id, None, None).await.unwrap()),
            _ => elsewhere.delete_deal(&d.id).await.unwrap(),
        }
    }
    // The interval grew after the quiet refresh: the periods until the next refresh count too.
    let mut next = (0, 0, Duration::ZERO);
    while next.0 == 0 {
        next = rig.tick().await;
    }
    line(n, "refresh, 10 changes", next);

    let mut hour = (0, 0, Duration::ZERO);
    for i in 0..8 * 60 {
        let (r, b, t) = rig.tick().await;
        hour = (hour.0 + r, hour.1 + b, hour.2 + t);
        if i == 59 {
            line(n, "idle hour (60 ticks)", hour);
        }
    }
    line(n, "idle 8 h (480 ticks)", hour);
    server.shutdown().await.unwrap();
}

/// The start's requests again (pipelines, users, stage counts, every page of every stage) from
/// a client that does not ask for compression: what a start moved before the server compressed.
async fn uncompressed_load(proxy: &std::net::SocketAddr, app: &App) -> (u64, u64, Duration) {
    let http = reqwest::Client::builder().no_gzip().no_zstd().build().unwrap();
    let base = format!("http://{proxy}/v1");
    let (b0, t0) = (BYTES.load(Ordering::Relaxed), Instant::now());
    let pipeline = app.board().pipeline().unwrap();
    let get = |path: String, query: Vec<(&'static str, String)>| {
        let http = http.clone();
        async move {
            let r = http.get(path).query(&query).bearer_auth(KEY).send().await.unwrap();
            assert!(r.status().is_success());
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let mut requests = 3;
    get(format!("{base}/pipelines"), vec![]).await;
    get(format!("{base}/users"), vec![]).await;
    get(format!("{base}/pipelines/{}/stages", pipeline.id), vec![]).await;
    for stage in &pipeline.stages {
        let mut cursor: Option<String> = None;
        loop {
            let mut query =
                vec![("stage_id", stage.id.clone()), ("status", "open".into()), ("limit", "100".into())];
            if let Some(c) = cursor.take() {
                query.push(("cursor", c));
            }
            let page = get(format!("{base}/deals"), query).await;
            requests += 1;
            cursor = page["meta"]["next_cursor"].as_str().map(str::to_string);
            if cursor.is_none() {
                break;
            }
        }
    }
    (requests, BYTES.load(Ordering::Relaxed) - b0, t0.elapsed())
}

fn main() {
    dealboard::client::install_crypto_provider();
    let sizes: Vec<u64> = match std::env::args().skip(1).find_map(|a| a.parse().ok()) {
        Some(n) => vec![n],
        None => vec![120, 10_000, 100_000],
    };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    for n in sizes {
        rt.block_on(measure(n));
    }
}

/// A TCP proxy in front of the server that counts every byte it carries.
mod proxy {
    use std::net::SocketAddr;
    use std::sync::atomic::Ordering;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    pub async fn spawn(upstream: SocketAddr) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let server = TcpStream::connect(upstream).await.unwrap();
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    tokio::spawn(pipe(cr, sw));
                    tokio::spawn(pipe(sr, cw));
                });
            }
        });
        addr
    }

    async fn pipe(mut from: impl AsyncReadExt + Unpin, mut to: impl AsyncWriteExt + Unpin) {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    super::BYTES.fetch_add(n as u64, Ordering::Relaxed);
                    if to.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown().await;
    }
}
