//! The server's edges over real sockets: 405 with `Allow`, the brake on wrong keys, the rate limit
//! and its headers (read by the client into its `Budget`), compression on the wire, and the
//! closing of idle and slow connections.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use dealboard::client::{Client, ClientConfig, ClientError, RetryPolicy};
use dealboard::model::DealQuery;
use dealboard::server::auth::WRONG_KEYS_PER_MINUTE;
use dealboard::server::{Edges, RateLimit, start_with};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::*;

async fn start_edges(edges: Edges, tune: impl FnOnce(&mut dealboard::server::ServerOptions)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path().join("deals.db"));
    tune(&mut opts);
    let server = start_with(opts, "127.0.0.1:0".parse().unwrap(), edges).await.unwrap();
    TestServer { server, dir, http: http() }
}

fn client(base: &str, key: &str) -> Client {
    let mut cfg = ClientConfig::new(base, key);
    cfg.retry = RetryPolicy::none();
    Client::new(cfg).unwrap()
}

#[tokio::test]
async fn a_known_path_with_a_wrong_method_is_405_with_allow_under_both_prefixes() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    for prefix in ["/v1", "/functions/v1/api"] {
        for (method, path, allowed) in [
            (Method::PATCH, "/deals/deal_a", "PUT"),
            (Method::DELETE, "/pipelines", "GET"),
            (Method::POST, "/deals/deal_a/stage", "PUT"),
        ] {
            let url = format!("http://{}{prefix}{path}", t.server.addr());
            let resp = t.http.request(method.clone(), url).bearer_auth("test-key").send().await.unwrap();
            let allow = resp.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
            let got = read(resp).await;
            assert_error(&got, 405, "method_not_allowed", None);
            let allow = allow.unwrap_or_else(|| panic!("{method} {prefix}{path}: no Allow header"));
            assert!(allow.contains(allowed) && !allow.contains(method.as_str()), "{method} {path}: {allow}");
        }
        // Unknown paths stay 404.
        let url = format!("http://{}{prefix}/nothing", t.server.addr());
        let got = read(t.http.patch(url).bearer_auth("test-key").send().await.unwrap()).await;
        assert_error(&got, 404, "not_found", None);
    }
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn wrong_keys_from_one_address_are_throttled_while_the_right_key_never_is() {
    let t = TestServer::start().await;
    let guess = |key: &'static str| t.http.get(t.url("/pipelines")).bearer_auth(key).send();
    let mut unauthorized = 0;
    for i in 0..WRONG_KEYS_PER_MINUTE {
        let got = read(guess("wrong-key").await.unwrap()).await;
        assert_error(&got, 401, "unauthorized", None);
        unauthorized += 1;
        if i % 10 == 0 {
            assert_eq!(t.get("/pipelines").await.0, 200, "the right key between guesses");
        }
    }
    assert_eq!(unauthorized, 30);
    for _ in 0..3 {
        let resp = guess("another-wrong-key").await.unwrap();
        let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
        assert_error(&read(resp).await, 429, "rate_limited", None);
        assert_eq!(t.get("/pipelines").await.0, 200, "the right key is never slowed");
    }
    // A missing key is not a guess: still 401.
    let missing = read(t.http.get(t.url("/pipelines")).send().await.unwrap()).await;
    assert_error(&missing, 401, "unauthorized", None);
    t.server.shutdown().await.unwrap();
}

fn header_u64(resp: &reqwest::Response, name: &str) -> u64 {
    let v = resp.headers().get(name).unwrap_or_else(|| panic!("no {name}: {:?}", resp.headers()));
    v.to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_rate_limit_is_stated_on_every_answer_and_enforced_with_429() {
    let limit = RateLimit { requests: 3, per: Duration::from_secs(60) };
    let t = start_edges(Edges { rate_limit: Some(limit), ..Edges::default() }, |_| {}).await;
    let send = || t.http.get(t.url("/pipelines")).bearer_auth("test-key").send();
    for remaining in [2, 1, 0] {
        let resp = send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(header_u64(&resp, "x-ratelimit-limit"), 3);
        assert_eq!(header_u64(&resp, "x-ratelimit-remaining"), remaining);
        assert!((1..=60).contains(&header_u64(&resp, "x-ratelimit-reset")));
    }
    // The fourth is over the limit.
    let resp = send().await.unwrap();
    assert_eq!(header_u64(&resp, "x-ratelimit-remaining"), 0);
    let retry = header_u64(&resp, "retry-after");
    assert!((1..=60).contains(&retry) && header_u64(&resp, "x-ratelimit-reset") == retry);
    assert_error(&read(resp).await, 429, "rate_limited", None);
    // Wrong keys do not eat the key's budget, and get no budget headers.
    let resp = t.http.get(t.url("/pipelines")).bearer_auth("nope").send().await.unwrap();
    assert!(resp.headers().get("x-ratelimit-limit").is_none());
    assert_eq!(resp.status(), 401);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_client_keeps_the_latest_budget() {
    let limit = RateLimit { requests: 2, per: Duration::from_secs(60) };
    let t = start_edges(Edges { rate_limit: Some(limit), ..Edges::default() }, |_| {}).await;
    let c = client(&t.server.base_url(), "test-key");
    assert_eq!(c.budget(), None);
    c.pipelines().await.unwrap();
    let b = c.budget().unwrap();
    assert_eq!((b.limit, b.remaining, b.daily_remaining), (Some(2), Some(1), None));
    assert!(b.reset.is_some_and(|r| r > Duration::ZERO && r <= Duration::from_secs(60)), "{b:?}");
    c.pipelines().await.unwrap();
    assert_eq!(c.budget().unwrap().remaining, Some(0));
    assert!(c.budget().unwrap().is_spent());
    let e = c.pipelines().await.unwrap_err();
    assert!(matches!(e, ClientError::RateLimited { retry_after: Some(_) }), "{e:?}");
    assert_eq!(c.budget().unwrap().remaining, Some(0));
    t.server.set_rate_limit(None);
    c.pipelines().await.unwrap();
    assert_eq!(c.budget().unwrap().remaining, Some(0), "an answer without the headers keeps the last budget");
    t.server.shutdown().await.unwrap();
}

/// A TCP proxy in front of `target` that counts the bytes coming back, the connections made and
/// the connections the server closed.
pub struct CountingProxy {
    pub addr: SocketAddr,
    pub down: Arc<AtomicU64>,
    pub connections: Arc<AtomicU64>,
    pub closed_by_server: Arc<AtomicU64>,
}

pub async fn counting_proxy(target: SocketAddr) -> CountingProxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (down, connections) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let closed_by_server = Arc::new(AtomicU64::new(0));
    let (d, n, c) = (down.clone(), connections.clone(), closed_by_server.clone());
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            n.fetch_add(1, Ordering::SeqCst);
            let (d, c) = (d.clone(), c.clone());
            tokio::spawn(async move {
                let server = TcpStream::connect(target).await.unwrap();
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut cr, &mut sw).await;
                    let _ = sw.shutdown().await;
                });
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    match sr.read(&mut buf).await {
                        Ok(0) => {
                            c.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        Err(_) => break,
                        Ok(n) => {
                            d.fetch_add(n as u64, Ordering::SeqCst);
                            if cw.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                    }
                }
                let _ = cw.shutdown().await;
            });
        }
    });
    CountingProxy { addr, down, connections, closed_by_server }
}

#[tokio::test]
async fn a_big_list_travels_compressed_and_the_client_decodes_it_on_one_connection() {
    let t = start_edges(Edges::default(), |o| o.generated_deals = 300).await;
    let path = "/v1/deals?limit=100";

    // Without compression (a client that does not ask).
    let plain_proxy = counting_proxy(t.server.addr()).await;
    let plain = reqwest::Client::builder().no_gzip().no_zstd().build().unwrap();
    let resp =
        plain.get(format!("http://{}{path}", plain_proxy.addr)).bearer_auth("test-key").send().await.unwrap();
    assert!(resp.headers().get("content-encoding").is_none());
    let body = resp.bytes().await.unwrap();
    let plain_bytes = plain_proxy.down.load(Ordering::SeqCst);
    assert!(plain_bytes as usize >= body.len() && body.len() > 20_000, "{plain_bytes} {}", body.len());

    // The board's client asks for gzip and zstd, decodes, and keeps its connection.
    let proxy = counting_proxy(t.server.addr()).await;
    let c = client(&format!("http://{}/v1", proxy.addr), "test-key");
    let q = DealQuery { limit: Some(100), ..DealQuery::default() };
    let page = c.list_deals(&q).await.unwrap();
    assert_eq!(page.items.len(), 100);
    let compressed = proxy.down.load(Ordering::SeqCst);
    assert!(compressed * 4 < plain_bytes, "{compressed} bytes compressed against {plain_bytes} plain");
    let again = c.list_deals(&q).await.unwrap();
    assert_eq!(again.items, page.items);
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 1, "the second call reused the connection");

    // Each codec on its own.
    for codec in ["gzip", "zstd"] {
        let resp = plain
            .get(t.url("/deals?limit=100"))
            .bearer_auth("test-key")
            .header("accept-encoding", codec)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.headers()["content-encoding"], codec);
        let len = resp.bytes().await.unwrap().len();
        assert!(len * 4 < body.len(), "{codec}: {len} of {}", body.len());
    }
    t.server.shutdown().await.unwrap();
}

/// Reads until the server closes the connection (with a deadline); the bytes it sent.
async fn until_closed(s: &mut TcpStream, what: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "{what}: the server did not close the connection within a minute");
    out
}

#[tokio::test]
async fn idle_and_slow_connections_are_closed() {
    let edges = Edges {
        header_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(2),
        ..Edges::default()
    };
    let t = start_edges(edges, |_| {}).await;
    let addr = t.server.addr();

    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /v1/pipelines HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let mut kept = TcpStream::connect(addr).await.unwrap();
    kept.write_all(b"GET /v1/pipelines HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n\r\n")
        .await
        .unwrap();

    let mut dripped_body = TcpStream::connect(addr).await.unwrap();
    dripped_body
        .write_all(
            b"POST /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n\
              Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ti",
        )
        .await
        .unwrap();

    assert!(until_closed(&mut silent, "a silent connection").await.is_empty());
    assert!(until_closed(&mut slow, "an unfinished head").await.is_empty());
    let answered = String::from_utf8(until_closed(&mut kept, "an idle keep-alive connection").await).unwrap();
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert_eq!(answered.matches("HTTP/1.1").count(), 1);
    let refused = String::from_utf8(until_closed(&mut dripped_body, "a dripped body").await).unwrap();
    assert!(refused.starts_with("HTTP/1.1 408") && refused.contains("request_timeout"), "{refused}");

    // A connection that keeps asking stays open past both timeouts.
    let mut busy = TcpStream::connect(addr).await.unwrap();
    let mut answers = 0;
    // 15 requests 200 ms apart: longer than both timeouts in all, shorter than either between two.
    for _ in 0..15 {
        busy.write_all(b"GET /v1/pipelines HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n\r\n")
            .await
            .unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let n = busy.read(&mut buf).await.unwrap();
        assert!(n > 0 && buf.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buf[..n]));
        answers += 1;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(answers, 15);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_full_house_of_idle_connections_makes_room_for_a_request() {
    let edges = Edges { max_connections: Some(20), ..Edges::default() };
    let t = start_edges(edges, |_| {}).await;
    let mut idle = Vec::new();
    for _ in 0..60 {
        let mut s = TcpStream::connect(t.server.addr()).await.unwrap();
        s.write_all(b"GET /v1/pipelines HTTP/1.1\r\n").await.unwrap();
        idle.push(s);
    }
    let quick = reqwest::Client::builder().timeout(Duration::from_secs(1)).build().unwrap();
    for _ in 0..3 {
        let resp = quick.get(t.url("/pipelines")).bearer_auth("test-key").send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    // The oldest idle ones were closed to make room; the cap held.
    let mut closed = 0;
    for s in &mut idle {
        let mut b = [0u8; 1];
        if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(20), s.read(&mut b)).await {
            closed += 1;
        }
    }
    assert!(closed >= 40, "{closed} of 60 idle connections closed with a cap of 20");
    t.server.shutdown().await.unwrap();
}
