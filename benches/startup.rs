//! Start-up over the network: the real server in-process (SQLite, the demo workspace plus
//! 10,000 generated deals) answering every request after `latency`, the real client and worker,
//! and the real App (no terminal). Timed from `App::start()` to
//!
//! - the first column's first page on the board (`columns[0]` no longer `Loading`),
//! - every column's first page on the board,
//! - (printed once, not benchmarked) the whole pipeline loaded, every page of every stage.
//!
//! Goal: the first cards within about two round trips (pipelines, then the stage totals and the
//! first page of every stage at once). Besides the times, the bench counts the round trips
//! causally: a request the App sends when the answer to a depth-`d` request arrives has depth
//! `d + 1`, `start()`'s requests depth 1. That count does not depend on the machine.
//!
//! Three set-ups: the server answering at once (`server_0ms`: the pure cost of the code), the
//! server delaying every answer by 50 ms (`server_50ms`, `dealboard serve --latency-ms 50`: a
//! round trip per request, connections free), and the server answering at once behind a link
//! with a 50 ms round trip (`link_50ms`: a proxy in front of it delays every chunk 25 ms each
//! way and a new connection's first bytes by one more round trip, the TCP handshake; plain
//! HTTP/1.1 as to a local server, no TLS).
//!
//! Run: `cargo bench --bench startup`. The summary lines (`startup ...`) are printed on stderr
//! before criterion's own figures.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dealboard::client::{Client, ClientConfig};
use dealboard::server::{RunningServer, ServerOptions, start};
use dealboard::tui::app::board::ColumnLoad;
use dealboard::tui::app::{App, AppSettings};
use dealboard::tui::message::{Answer, Command, Event, OpId, Outcome};
use dealboard::tui::worker::spawn_worker;
use tokio::runtime::Runtime;
use tokio::sync::mpsc::unbounded_channel;

const GENERATED_DEALS: u64 = 10_000;
const KEY: &str = "bench-key";
/// The round trip of the slow set-ups.
const RTT_MS: u64 = 50;

/// How far a start-up gets before it stops.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    FirstColumn,
    FirstPages,
    Everything,
}

/// One start-up, timed, with the round-trip depth at which each milestone was reached.
#[derive(Debug, Default, Clone)]
struct Run {
    /// Every answer of the first two round trips: when it landed, its depth, what it was.
    early: Vec<(Duration, u32, String)>,
    first_column: Option<(Duration, u32)>,
    first_pages: Option<(Duration, u32)>,
    everything: Option<(Duration, u32)>,
    requests: u32,
}

fn server(rt: &Runtime, dir: &tempfile::TempDir, latency_ms: u64) -> RunningServer {
    let opts = ServerOptions {
        db: dir.path().join(format!("startup-{latency_ms}.db")),
        api_key: Some(KEY.into()),
        currency: "USD".into(),
        latency: Duration::from_millis(latency_ms),
        demo: true,
        generated_deals: GENERATED_DEALS,
    };
    rt.block_on(start(opts, "127.0.0.1:0".parse().unwrap())).expect("server starts")
}

/// A cold start: a new client (no open connection), worker and App, as `dealboard` has.
async fn start_up(target: &Target, until: Until) -> Run {
    let client = Client::new(ClientConfig::new(target.base_url.clone(), KEY)).unwrap();
    let (events_tx, mut events) = unbounded_channel();
    let commands = spawn_worker(client, events_tx);
    let mut app = App::new(AppSettings::default(), jiff::Timestamp::now());
    let mut depth: HashMap<OpId, u32> = HashMap::new();
    let mut run = Run::default();
    let send = |batch: Vec<Command>, d: u32, run: &mut Run, depth: &mut HashMap<OpId, u32>| {
        for c in batch {
            depth.insert(c.op(), d);
            run.requests += 1;
            commands.send(c).unwrap();
        }
    };

    let started = Instant::now();
    let first = app.start();
    send(first, 1, &mut run, &mut depth);
    let resized = app.update(Event::Resize { width: 200, height: 50 });
    send(resized, 1, &mut run, &mut depth);
    let deadline = started + Duration::from_secs(120);
    loop {
        let ev = tokio::time::timeout_at(deadline.into(), events.recv())
            .await
            .expect("start-up within two minutes")
            .expect("worker alive");
        let Event::Api(api) = &ev else { unreachable!("the worker sends answers only") };
        assert!(api.error().is_none(), "{api:?}");
        let d = depth[&api.op()];
        if d <= 2 {
            run.early.push((started.elapsed(), d, kind(api).to_string()));
        }
        let next = app.update(ev);
        send(next, d + 1, &mut run, &mut depth);

        let columns = &app.board().columns;
        let at = (started.elapsed(), d);
        if run.first_column.is_none() && columns.first().is_some_and(|c| c.load != ColumnLoad::Loading) {
            run.first_column = Some(at);
        }
        if run.first_pages.is_none()
            && !columns.is_empty()
            && columns.iter().all(|c| c.load != ColumnLoad::Loading)
        {
            run.first_pages = Some(at);
        }
        if run.everything.is_none() && !columns.is_empty() && app.board().fully_loaded() && !app.wants_ticks()
        {
            run.everything = Some(at);
        }
        let done = match until {
            Until::FirstColumn => run.first_column.is_some(),
            Until::FirstPages => run.first_pages.is_some(),
            Until::Everything => run.everything.is_some(),
        };
        if done {
            return run;
        }
    }
}

fn kind(ev: &Answer) -> &'static str {
    match ev.result {
        Ok(Outcome::Pipelines(_)) => "pipelines",
        Ok(Outcome::Users(_)) => "users",
        Ok(Outcome::Stages(_)) => "stages",
        Ok(Outcome::DealPage(_)) => "page",
        _ => "other",
    }
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Prints the figures the README quotes: medians of a few full start-ups, in ms and round trips.
fn summary(rt: &Runtime, target: &Target) {
    let connections_before = link::CONNECTIONS.load(std::sync::atomic::Ordering::Relaxed);
    let runs: Vec<Run> = (0..7).map(|_| rt.block_on(start_up(target, Until::Everything))).collect();
    let connections = link::CONNECTIONS.load(std::sync::atomic::Ordering::Relaxed) - connections_before;
    let (name, rtt_ms) = (target.name, target.rtt_ms);
    let last = runs[runs.len() - 1].clone();
    let (loaded, total) = {
        // The deal count of the default pipeline, for the line below.
        let r = rt.block_on(async {
            let client = Client::new(ClientConfig::new(target.base_url.clone(), KEY)).unwrap();
            let p = client.pipelines().await.unwrap();
            let default = p.iter().find(|p| p.is_default).unwrap_or(&p[0]).id.clone();
            client.stages(&default).await.unwrap()
        });
        (r.iter().map(|s| s.deal_count).sum::<u64>(), r.len())
    };
    let line = |what: &str, pick: fn(&Run) -> (Duration, u32)| {
        let t = median(runs.iter().map(|r| pick(r).0).collect());
        let depth = pick(&last).1;
        let rt_text = if rtt_ms == 0 {
            String::new()
        } else {
            format!(" = {:.2} round trips of {rtt_ms} ms", t.as_secs_f64() * 1000.0 / rtt_ms as f64)
        };
        eprintln!(
            "startup {name:<10}  {what:<34} median {:>8.1} ms{rt_text}; request depth {depth}",
            t.as_secs_f64() * 1000.0
        );
    };
    line("first column's cards on the board", |r| r.first_column.unwrap());
    line("every column's first page", |r| r.first_pages.unwrap());
    line(&format!("all {loaded} open deals of {total} stages"), |r| r.everything.unwrap());
    eprintln!("startup {name:<10}  requests for the whole load: {}", last.requests);
    if connections > 0 {
        eprintln!(
            "startup {name:<10}  TCP connections per start-up: {:.1}",
            connections as f64 / runs.len() as f64
        );
    }
    let early: Vec<String> = last
        .early
        .iter()
        .map(|(t, d, what)| format!("{what}@{:.0}ms(d{d})", t.as_secs_f64() * 1000.0))
        .collect();
    eprintln!("startup {name:<10}  answers of the first two round trips, one run: {}", early.join(" "));
}

/// Where the board connects, and the round trip the figures are divided by.
struct Target {
    name: &'static str,
    base_url: String,
    rtt_ms: u64,
}

fn bench(c: &mut Criterion) {
    dealboard::client::install_crypto_provider();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let fast = server(&rt, &dir, 0);
    let slow = server(&rt, &dir, RTT_MS);
    eprintln!(
        "startup: two servers with the demo workspace + {GENERATED_DEALS} deals up in {:?}",
        t.elapsed()
    );
    let link = rt.block_on(link::spawn(fast.addr(), Duration::from_millis(RTT_MS)));
    let targets = [
        Target { name: "server_0ms", base_url: fast.base_url(), rtt_ms: 0 },
        Target { name: "server_50ms", base_url: slow.base_url(), rtt_ms: RTT_MS },
        Target { name: "link_50ms", base_url: format!("http://{link}/v1"), rtt_ms: RTT_MS },
    ];
    let mut group = c.benchmark_group("startup");
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    for target in &targets {
        summary(&rt, target);
        for (what, until) in [("first_column", Until::FirstColumn), ("first_pages", Until::FirstPages)] {
            group.bench_function(format!("{what}/{}", target.name), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let run = rt.block_on(start_up(target, until));
                        let (t, _) = match until {
                            Until::FirstColumn => run.first_column,
                            _ => run.first_pages,
                        }
                        .unwrap();
                        total += t;
                    }
                    total
                });
            });
        }
    }
    group.finish();
    rt.block_on(fast.shutdown()).unwrap();
    rt.block_on(slow.shutdown()).unwrap();
}

/// A slow link in front of a server: every chunk arrives `rtt / 2` after it was sent, in order,
/// and a new connection's first bytes one round trip later still (the TCP handshake a real
/// link costs before the request can go).
mod link {
    use std::net::SocketAddr;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::sync::mpsc;
    use tokio::time::Instant;

    /// Connections the link has carried, to count them per start-up.
    pub static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

    pub async fn spawn(upstream: SocketAddr, rtt: Duration) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let connected = Instant::now() + rtt;
                CONNECTIONS.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(async move {
                    let server = TcpStream::connect(upstream).await.unwrap();
                    let _ = client.set_nodelay(true);
                    let _ = server.set_nodelay(true);
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    tokio::spawn(pipe(cr, sw, rtt / 2, connected));
                    tokio::spawn(pipe(sr, cw, rtt / 2, Instant::now()));
                });
            }
        });
        addr
    }

    /// Copies `from` to `to`, each chunk delivered `delay` after it was read and never before
    /// `not_before`.
    async fn pipe(
        mut from: impl AsyncReadExt + Unpin + Send + 'static,
        mut to: impl AsyncWriteExt + Unpin + Send + 'static,
        delay: Duration,
        not_before: Instant,
    ) {
        let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match from.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let at = (Instant::now() + delay).max(not_before + delay);
                        if tx.send((at, buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        while let Some((at, bytes)) = rx.recv().await {
            tokio::time::sleep_until(at).await;
            if to.write_all(&bytes).await.is_err() {
                break;
            }
        }
        let _ = to.shutdown().await;
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
