//! The client against misbehaving servers: a scripted axum app, and raw TCP servers for broken
//! connections. Each test counts requests on the server side, so retries are asserted, not assumed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use dealboard::client::{Client, ClientConfig, ClientError, RetryPolicy};
use dealboard::model::{DealPatch, DealQuery, Field, NewDeal};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const KEY: &str = "sk_test_fault_KEY_0042";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Tiny backoffs so the suite stays fast; `max_retries` 3.
fn fast() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: ms(5),
        max_backoff: ms(20),
        max_total: Duration::from_secs(10),
        max_retry_after: Duration::from_secs(2),
    }
}

fn client_with(base: &str, retry: RetryPolicy, timeout: Duration) -> Client {
    let mut cfg = ClientConfig::new(base, KEY);
    cfg.retry = retry;
    cfg.connect_timeout = Duration::from_secs(2);
    cfg.request_timeout = timeout;
    Client::new(cfg).unwrap()
}

fn client(base: &str) -> Client {
    client_with(base, fast(), Duration::from_secs(5))
}

fn deal(id: &str) -> Value {
    json!({"id": id, "title": format!("Deal {id}"), "pipeline_id": "pipe_001", "stage_id": "stage_001",
           "value": 1000, "currency": "USD", "status": "open",
           "created_at": "2026-02-01T10:00:00Z", "updated_at": "2026-02-01T10:00:00Z"})
}

fn ok(data: Value) -> Reply {
    Reply::json(200, json!({"success": true, "data": data}))
}

/// One scripted answer.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

impl Reply {
    fn raw(status: u16, body: &str) -> Reply {
        Reply { status, headers: vec![], body: body.to_string(), delay: Duration::ZERO }
    }
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            headers: vec![("content-type", "application/json".into())],
            ..Reply::raw(status, &body.to_string())
        }
    }
    fn error(status: u16, code: &str, message: &str, field: Option<&str>) -> Reply {
        let mut e = json!({"code": code, "message": message});
        if let Some(f) = field {
            e["field"] = json!(f);
        }
        Reply::json(status, json!({"success": false, "error": e}))
    }
    fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// What the scripted server saw.
#[derive(Default)]
struct Seen {
    hits: AtomicUsize,
    requests: Mutex<Vec<(Method, Uri, String)>>,
    /// The `Authorization` header of the last request.
    auth: Mutex<Option<String>>,
}

struct Script {
    replies: Vec<Reply>,
    seen: Arc<Seen>,
}

/// Answers the n-th request (any method, any path) with `replies[n]`, repeating the last one.
async fn scripted(replies: Vec<Reply>) -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let script = Arc::new(Script { replies, seen: seen.clone() });
    let app = Router::new().fallback(answer).with_state(script);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/v1"), seen)
}

async fn answer(
    State(s): State<Arc<Script>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let auth = headers.get("authorization").map(|v| v.to_str().unwrap().to_string());
    *s.seen.auth.lock().unwrap() = auth;
    let n = s.seen.hits.fetch_add(1, Ordering::SeqCst);
    s.seen.requests.lock().unwrap().push((method, uri, String::from_utf8_lossy(&body).into_owned()));
    let reply = s.replies[n.min(s.replies.len() - 1)].clone();
    tokio::time::sleep(reply.delay).await;
    let mut b = Response::builder().status(reply.status);
    for (k, v) in &reply.headers {
        b = b.header(*k, v);
    }
    b.body(Body::from(reply.body)).unwrap()
}

fn hits(seen: &Seen) -> usize {
    seen.hits.load(Ordering::SeqCst)
}

// ---- statuses ------------------------------------------------------------------------------

#[tokio::test]
async fn unauthorized_is_not_retried() {
    let (base, seen) = scripted(vec![Reply::error(401, "unauthorized", "bad key", None)]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert_eq!(e, ClientError::Unauthorized);
    assert_eq!(hits(&seen), 1);
    let (method, uri, _) = seen.requests.lock().unwrap()[0].clone();
    assert_eq!((method, uri.path()), (Method::GET, "/v1/pipelines"));
}

#[tokio::test]
async fn not_found_carries_the_servers_message() {
    let (base, seen) = scripted(vec![Reply::error(404, "not_found", "deal deal_x not found", None)]).await;
    let e = client(&base).get_deal("deal_x").await.unwrap_err();
    assert_eq!(e, ClientError::NotFound { message: "deal deal_x not found".into() });
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn validation_with_and_without_a_field() {
    let (base, _) =
        scripted(vec![Reply::error(422, "validation_error", "value must be a number", Some("value"))]).await;
    let e = client(&base).update_deal("deal_1", &DealPatch::reopen()).await.unwrap_err();
    assert_eq!(
        e,
        ClientError::Validation { field: Some("value".into()), message: "value must be a number".into() }
    );
    assert_eq!(e.to_string(), "value must be a number");

    let (base, seen) = scripted(vec![Reply::error(422, "validation_error", "something is off", None)]).await;
    let e = client(&base).update_deal("deal_1", &DealPatch::reopen()).await.unwrap_err();
    assert_eq!(e, ClientError::Validation { field: None, message: "something is off".into() });
    assert_eq!(hits(&seen), 1, "a 422 is final");
}

#[tokio::test]
async fn rate_limited_waits_for_retry_after_then_succeeds() {
    let limited = Reply::error(429, "rate_limited", "slow down", None).header("retry-after", "1");
    let (base, seen) = scripted(vec![limited, ok(json!([]))]).await;
    let started = Instant::now();
    let pipelines = client(&base).pipelines().await.unwrap();
    assert!(pipelines.is_empty());
    assert_eq!(hits(&seen), 2);
    // The backoff alone is a few ms: only honouring Retry-After takes this long.
    assert!(started.elapsed() >= ms(950), "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_budget_follows_the_latest_answer_that_states_one_including_a_daily_figure() {
    let daily = ok(json!([])).header("x-daily-requests-left", "4200");
    let hourly = ok(json!([]))
        .header("x-ratelimit-limit", "100")
        .header("x-ratelimit-remaining", "7")
        .header("x-ratelimit-reset", "30")
        .header("x-ratelimit-daily-remaining", "4199");
    let spent = Reply::error(429, "rate_limited", "slow down", None)
        .header("retry-after", "120")
        .header("x-ratelimit-remaining", "0");
    let (base, seen) = scripted(vec![ok(json!([])), daily, hourly, spent]).await;
    let c = client(&base);
    c.pipelines().await.unwrap();
    assert_eq!(c.budget(), None, "no headers, no budget");
    c.pipelines().await.unwrap();
    let b = c.budget().unwrap();
    assert_eq!((b.daily_remaining, b.remaining, b.limit), (Some(4200), None, None));
    c.pipelines().await.unwrap();
    let b = c.budget().unwrap();
    assert_eq!((b.limit, b.remaining, b.reset), (Some(100), Some(7), Some(Duration::from_secs(30))));
    assert_eq!(b.daily_remaining, Some(4199));
    assert!(!b.is_spent());
    // A refusal states the budget too.
    assert!(matches!(c.pipelines().await, Err(ClientError::RateLimited { .. })));
    assert!(c.budget().unwrap().is_spent());
    assert_eq!(hits(&seen), 4);
}

#[tokio::test]
async fn rate_limited_too_long_is_reported_at_once_with_the_wait() {
    let limited = Reply::error(429, "rate_limited", "slow down", None).header("retry-after", "120");
    let (base, seen) = scripted(vec![limited]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert_eq!(e, ClientError::RateLimited { retry_after: Some(Duration::from_secs(120)) });
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn a_create_is_not_retried_on_429() {
    let limited = Reply::error(429, "rate_limited", "slow down", None).header("retry-after", "0");
    let (base, seen) = scripted(vec![limited, ok(deal("deal_1"))]).await;
    let nd = NewDeal { title: "x".into(), pipeline_id: "pipe_001".into(), ..Default::default() };
    let e = client(&base).create_deal(&nd).await.unwrap_err();
    assert!(matches!(e, ClientError::RateLimited { .. }), "{e:?}");
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn internal_error_is_reported_not_retried() {
    let (base, seen) = scripted(vec![Reply::error(500, "internal", "something broke", None)]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert_eq!(e, ClientError::Server { status: 500, message: "something broke".into() });
    assert_eq!(e.to_string(), "Server error (500): something broke");
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn bad_gateway_then_ok_is_retried() {
    let (base, seen) = scripted(vec![Reply::raw(502, "<html>Bad Gateway</html>"), ok(deal("deal_1"))]).await;
    let d = client(&base).get_deal("deal_1").await.unwrap();
    assert_eq!(d.deal.id, "deal_1");
    assert_eq!(hits(&seen), 2);
}

#[tokio::test]
async fn persistent_unavailability_gives_up_after_the_retries() {
    let (base, seen) = scripted(vec![Reply::raw(503, "")]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert_eq!(e, ClientError::Server { status: 503, message: String::new() });
    assert_eq!(hits(&seen), 1 + fast().max_retries as usize);
}

#[tokio::test]
async fn retries_stop_at_the_total_time_budget() {
    let (base, seen) = scripted(vec![Reply::raw(503, "")]).await;
    let retry = RetryPolicy {
        max_retries: 1000,
        initial_backoff: ms(40),
        max_backoff: ms(40),
        max_total: ms(300),
        ..fast()
    };
    let started = Instant::now();
    let e = client_with(&base, retry, Duration::from_secs(5)).pipelines().await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    // Waits of 20..=40 ms fit at most 15 times in 300 ms: the time bound, not the count, stopped it.
    let n = hits(&seen);
    assert!((2..=16).contains(&n), "{n} attempts");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

// ---- bodies --------------------------------------------------------------------------------

#[tokio::test]
async fn a_non_json_body_shows_status_and_a_short_clean_snippet() {
    let html = format!("<html><body>\x1b[31mProxy error{}</body></html>", " lorem".repeat(200));
    let (base, _) = scripted(vec![Reply::raw(500, &html)]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    let ClientError::Server { status: 500, message } = &e else { panic!("{e:?}") };
    assert!(message.starts_with("HTTP 500: <html><body>[31mProxy error"), "{message}");
    assert!(message.chars().count() <= 200 && !message.contains('\x1b'));

    let (base, _) = scripted(vec![Reply::raw(200, "<html>maintenance</html>")]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert!(
        matches!(&e, ClientError::Decode { message } if message.contains("not JSON (HTTP 200)")),
        "{e:?}"
    );
}

#[tokio::test]
async fn an_empty_body() {
    let (base, _) = scripted(vec![Reply::raw(200, "")]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert!(matches!(&e, ClientError::Decode { message } if message.contains("empty")), "{e:?}");

    let (base, _) = scripted(vec![Reply::raw(404, "")]).await;
    let e = client(&base).get_deal("deal_x").await.unwrap_err();
    assert_eq!(e, ClientError::NotFound { message: String::new() });
    assert_eq!(e.to_string(), "Not found (404)");
}

#[tokio::test]
async fn a_body_cut_off_mid_json() {
    let whole = json!({"success": true, "data": [deal("deal_1")]}).to_string();
    let (base, _) = scripted(vec![Reply::raw(200, &whole[..whole.len() / 2])]).await;
    let e = client(&base).list_deals(&DealQuery::default()).await.unwrap_err();
    assert!(matches!(&e, ClientError::Decode { message } if message.contains("middle of its JSON")), "{e:?}");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named() {
    let mut d = deal("deal_1");
    d["value"] = json!("$50,000");
    // A single deal: its field is named. (In a list, such a deal is left out and counted: see
    // `pages_in_hosted_crm_shapes_yield_every_readable_deal_and_count_the_rest`.)
    let (base, _) = scripted(vec![ok(d)]).await;
    let e = client(&base).mark_won("deal_1", None).await.unwrap_err();
    assert!(e.to_string().contains("`data.value`"), "{e}");
    // A write answered 2xx was applied, however its answer reads.
    assert!(matches!(e, ClientError::UnreadableSuccess { status: 200, .. }), "{e:?}");
}

// ---- time ----------------------------------------------------------------------------------

#[tokio::test]
async fn a_response_slower_than_the_timeout() {
    let slow = Reply { delay: Duration::from_secs(3), ..ok(json!([])) };
    let (base, seen) = scripted(vec![slow]).await;
    let c = client_with(&base, RetryPolicy::none(), ms(300));
    let started = Instant::now();
    let e = c.pipelines().await.unwrap_err();
    assert!(matches!(e, ClientError::TimedOut { .. }), "{e:?}");
    assert!(e.is_offline());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn a_timed_out_read_is_retried_and_can_then_succeed() {
    let slow = Reply { delay: Duration::from_secs(3), ..ok(json!([])) };
    let (base, seen) = scripted(vec![slow, ok(json!([]))]).await;
    let c = client_with(&base, fast(), ms(300));
    assert!(c.pipelines().await.unwrap().is_empty());
    assert_eq!(hits(&seen), 2);
}

#[tokio::test]
async fn a_timed_out_create_is_not_retried() {
    let slow = Reply { delay: Duration::from_secs(3), ..ok(deal("deal_1")) };
    let (base, seen) = scripted(vec![slow]).await;
    let c = client_with(&base, fast(), ms(300));
    let nd = NewDeal { title: "x".into(), pipeline_id: "pipe_001".into(), ..Default::default() };
    let e = c.create_deal(&nd).await.unwrap_err();
    assert!(matches!(e, ClientError::TimedOut { .. }), "{e:?}");
    assert_eq!(hits(&seen), 1);
}

// ---- broken connections (raw TCP) ----------------------------------------------------------

/// A server that reads each whole request, records its method, writes `reply` and closes the
/// connection: with a `Content-Length` larger than what it sends, the answer breaks mid-way.
async fn raw_server(reply: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let methods = Arc::new(Mutex::new(Vec::new()));
    let seen = methods.clone();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                reader.read_line(&mut line).await.unwrap();
                let method = line.split(' ').next().unwrap_or("").to_string();
                let mut length = 0usize;
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await.unwrap() == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':')
                        && k.eq_ignore_ascii_case("content-length")
                    {
                        length = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                seen.lock().unwrap().push(method);
                let mut stream = reader.into_inner();
                stream.write_all(reply.as_bytes()).await.unwrap();
                stream.shutdown().await.ok();
            });
        }
    });
    (format!("http://{addr}/v1"), methods)
}

const CUT_OFF: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{\"success\":true,\"data\":[";

#[tokio::test]
async fn a_connection_dropped_mid_response_is_retried_for_reads() {
    let (base, methods) = raw_server(CUT_OFF).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert!(matches!(&e, ClientError::Unreachable { reason, .. } if reason.contains("broke")), "{e:?}");
    assert!(e.to_string().starts_with("Cannot reach http://127.0.0.1:"), "{e}");
    assert_eq!(methods.lock().unwrap().len(), 1 + fast().max_retries as usize);
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_sent_exactly_once() {
    for reply in [CUT_OFF, ""] {
        let (base, methods) = raw_server(reply).await;
        let nd = NewDeal { title: "Once only".into(), pipeline_id: "pipe_001".into(), ..Default::default() };
        let e = client(&base).create_deal(&nd).await.unwrap_err();
        // A 200 cut short: the server created it (the board finds it again); no answer at all:
        // the board cannot know.
        if reply.is_empty() {
            assert!(matches!(e, ClientError::Unreachable { .. }), "{reply:?}: {e:?}");
        } else {
            assert!(matches!(e, ClientError::UnreadableSuccess { status: 200, .. }), "{reply:?}: {e:?}");
        }
        assert_eq!(*methods.lock().unwrap(), vec!["POST".to_string()], "{reply:?}");
    }
}

#[tokio::test]
async fn a_write_answered_200_then_cut_is_an_unreadable_success_sent_once() {
    let (base, methods) = raw_server(CUT_OFF).await;
    let c = client(&base);
    let e = c.move_stage("deal_1", "stage_002", None).await.unwrap_err();
    assert!(matches!(e, ClientError::UnreadableSuccess { status: 200, .. }), "{e:?}");
    assert!(e.to_string().starts_with("Saved, but the answer could not be read (HTTP 200)"), "{e}");
    assert!(matches!(c.delete_deal("deal_1").await, Err(ClientError::UnreadableSuccess { .. })));
    let patch = DealPatch { title: Field::Set("x".into()), ..Default::default() };
    assert!(matches!(c.update_deal("deal_1", &patch).await, Err(ClientError::UnreadableSuccess { .. })));
    // Not retried: the server applied each write once.
    assert_eq!(*methods.lock().unwrap(), ["PUT", "DELETE", "PUT"]);
}

/// A port nothing listens on: bind one, note it, let it go.
async fn refusing_port() -> std::net::SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap()
}

#[tokio::test]
async fn connection_refused_is_unreachable() {
    let addr = refusing_port().await;
    let c = client_with(&format!("http://{addr}/v1"), RetryPolicy::none(), Duration::from_secs(2));
    let e =
        c.create_deal(&NewDeal { title: "x".into(), pipeline_id: "p".into(), ..Default::default() }).await;
    let e = e.unwrap_err();
    assert_eq!(
        e,
        ClientError::Unreachable { url: format!("http://{addr}"), reason: "connection refused".into() }
    );
    assert_eq!(e.to_string(), format!("Cannot reach http://{addr}: connection refused"));
}

#[tokio::test]
async fn a_create_is_retried_when_the_connection_was_refused() {
    let addr = refusing_port().await;
    // Retries enough to outlast a slow machine; bounded by max_total (10 s) all the same.
    let retry = RetryPolicy { max_retries: 500, initial_backoff: ms(20), max_backoff: ms(40), ..fast() };
    let c = client_with(&format!("http://{addr}/v1"), retry, Duration::from_secs(2));
    let seen = Arc::new(Seen::default());
    let script = Arc::new(Script {
        replies: vec![Reply::json(201, json!({"success": true, "data": deal("deal_new")}))],
        seen: seen.clone(),
    });
    // The server comes up on that port only after the client has started (and been refused):
    // a deliberate delay of the test server, not synchronisation.
    tokio::spawn(async move {
        tokio::time::sleep(ms(150)).await;
        let listener = TcpListener::bind(addr).await.unwrap();
        axum::serve(listener, Router::new().fallback(answer).with_state(script)).await
    });
    let started = Instant::now();
    let nd = NewDeal { title: "x".into(), pipeline_id: "pipe_001".into(), ..Default::default() };
    let d = c.create_deal(&nd).await.unwrap();
    assert_eq!(d.id, "deal_new");
    assert!(started.elapsed() >= ms(100), "the first attempt cannot have succeeded");
    assert_eq!(hits(&seen), 1, "exactly one POST reached the server");
}

// ---- writes --------------------------------------------------------------------------------

#[tokio::test]
async fn an_update_sends_only_the_changed_fields() {
    let (base, seen) = scripted(vec![ok(deal("deal_1"))]).await;
    let patch = DealPatch { value: Field::Set(50000.0), owner_id: Field::Clear, ..Default::default() };
    client(&base).update_deal("deal_1", &patch).await.unwrap();
    let (method, uri, body) = seen.requests.lock().unwrap()[0].clone();
    assert_eq!((method, uri.path()), (Method::PUT, "/v1/deals/deal_1"));
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({"value": 50000.0, "owner_id": null}));
}

#[tokio::test]
async fn ids_cannot_change_the_path() {
    let (base, seen) = scripted(vec![ok(deal("deal_1"))]).await;
    client(&base).get_deal("../pipelines?x=1").await.unwrap();
    let (_, uri, _) = seen.requests.lock().unwrap()[0].clone();
    assert_eq!(uri.path(), "/v1/deals/..%2Fpipelines%3Fx=1");
}

#[tokio::test]
async fn a_retried_delete_that_finds_the_deal_gone_has_succeeded() {
    let gone = Reply::error(404, "not_found", "deal deal_1 not found", None);
    let (base, seen) = scripted(vec![Reply::raw(502, ""), gone.clone()]).await;
    client(&base).delete_deal("deal_1").await.unwrap();
    assert_eq!(hits(&seen), 2);
    let (base, _) = scripted(vec![gone]).await;
    assert!(matches!(client(&base).delete_deal("deal_1").await, Err(ClientError::NotFound { .. })));
}

// ---- paging --------------------------------------------------------------------------------

/// Two pages: the first names the cursor `c2` under `place.key`, the second ends the list.
fn two_pages(place: &str, key: &str) -> Vec<Reply> {
    let first = json!({"success": true, "data": [deal("deal_1"), deal("deal_2")],
                       place: {key: "c2", "total": 3}});
    let last = json!({"success": true, "data": [deal("deal_3")], place: {key: null, "has_more": false}});
    vec![Reply::json(200, first), Reply::json(200, last)]
}

#[tokio::test]
async fn the_cursor_is_followed_under_every_accepted_name() {
    for place in ["meta", "additional_data"] {
        for key in ["next_cursor", "cursor", "next"] {
            let (base, seen) = scripted(two_pages(place, key)).await;
            let q = DealQuery {
                status: Some(dealboard::model::DealStatus::Open),
                limit: Some(2),
                ..Default::default()
            };
            let pages: Vec<_> = client(&base).deal_pages(q).collect().await;
            let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
            let ids: Vec<_> = pages.iter().flat_map(|p| p.items.iter().map(|d| d.id.as_str())).collect();
            assert_eq!(ids, ["deal_1", "deal_2", "deal_3"], "{place}.{key}");
            assert_eq!(pages[0].total, Some(3));
            let reqs = seen.requests.lock().unwrap();
            assert_eq!(reqs.len(), 2);
            assert_eq!(reqs[1].1.query(), Some("status=open&limit=2&cursor=c2"), "{place}.{key}");
        }
    }
}

#[tokio::test]
async fn has_more_without_a_cursor_stops_with_a_clear_error() {
    let first = json!({"success": true, "data": [deal("deal_1")], "meta": {"total": 45, "limit": 20, "has_more": true}});
    let (base, seen) = scripted(vec![Reply::json(200, first)]).await;
    let items: Vec<_> = client(&base).deal_pages(DealQuery::default()).collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().items.len(), 1);
    let e = items[1].as_ref().unwrap_err();
    assert!(matches!(e, ClientError::Decode { message } if message.contains("no cursor")), "{e:?}");
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn a_repeated_cursor_cannot_loop_forever() {
    let page = json!({"success": true, "data": [deal("deal_1")], "meta": {"next_cursor": "same"}});
    let (base, seen) = scripted(vec![Reply::json(200, page)]).await;
    let items: Vec<_> = client(&base).deal_pages(DealQuery::default()).collect().await;
    assert_eq!(items.len(), 3, "two pages, then the error");
    assert!(items[2].is_err());
    assert_eq!(hits(&seen), 2);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let first = json!({"success": true, "data": [deal("deal_1")], "meta": {"next_cursor": "c2"}});
    let (base, _) =
        scripted(vec![Reply::json(200, first), Reply::error(400, "bad_request", "bad cursor", None)]).await;
    let items: Vec<_> = client(&base).deal_pages(DealQuery::default()).collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[1], Err(ClientError::BadRequest { message: "bad cursor".into() }));
}

// ---- extensions and secrets ----------------------------------------------------------------

#[tokio::test]
async fn missing_extensions_are_none() {
    let (base, _) = scripted(vec![Reply::error(404, "not_found", "no route", None)]).await;
    let c = client(&base);
    assert_eq!(c.users().await.unwrap(), None);
    assert_eq!(c.contacts("acme").await.unwrap(), None);
    let (base, seen) = scripted(vec![ok(json!([{"id": "con_1", "name": "Ann", "shiny": true}]))]).await;
    let found = client(&base).contacts("acme & co").await.unwrap().unwrap();
    assert_eq!(found[0].name, "Ann");
    assert_eq!(seen.requests.lock().unwrap()[0].1.query(), Some("q=acme+%26+co"));
}

#[tokio::test]
async fn the_key_goes_out_as_a_bearer_header_and_never_into_debug_output() {
    let (base, seen) = scripted(vec![Reply::error(401, "unauthorized", "bad key", None)]).await;
    let mut cfg = ClientConfig::new(format!("{base}/"), KEY);
    cfg.retry = fast();
    assert!(!format!("{cfg:?}").contains(KEY));
    let c = Client::new(cfg).unwrap();
    assert!(!format!("{c:?}").contains(KEY));
    let e = c.pipelines().await.unwrap_err();
    assert!(!format!("{e:?} {e}").contains(KEY));
    assert_eq!(seen.requests.lock().unwrap()[0].1.path(), "/v1/pipelines", "trailing slash in the base URL");
    assert_eq!(seen.auth.lock().unwrap().as_deref(), Some(format!("Bearer {KEY}").as_str()));
}

/// Collects everything logged at any level, from every crate (reqwest and hyper included).
#[derive(Clone, Default)]
struct LogBuf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_never_carry_the_key() {
    let logs = LogBuf::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Tests running alongside on other threads have no subscriber: a log line's callsite first
    // hit there may have its interest cached as "never". Recompute it with this one in place.
    tracing::callsite::rebuild_interest_cache();
    let (base, _) = scripted(vec![Reply::raw(502, ""), ok(json!([]))]).await;
    client(&base).pipelines().await.unwrap();
    let (base, _) = scripted(vec![Reply::error(422, "validation_error", "no", Some("title"))]).await;
    client(&base).update_deal("deal_1", &DealPatch::reopen()).await.unwrap_err();
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("retrying") && text.contains("/v1/pipelines"), "{text}");
    assert!(!text.contains(KEY), "{text}");
}

// ---- the vendor document's examples, byte for byte -----------------------------------------

const VENDOR_LIST: &str = include_str!("fixtures/vendor_list.json");
const VENDOR_PIPELINES: &str = include_str!("fixtures/vendor_pipelines.json");

#[tokio::test]
async fn the_vendor_list_example_decodes() {
    let (base, _) = scripted(vec![Reply::raw(200, VENDOR_LIST)]).await;
    let page = client(&base).list_deals(&DealQuery::default()).await.unwrap();
    assert_eq!(page.total, Some(45));
    // `has_more: true` with no cursor: there is no way to ask for page two.
    assert_eq!(page.next_cursor, None);
    let d = &page.items[0];
    assert_eq!((d.id.as_str(), d.title.as_str()), ("deal_xyz789", "Enterprise License - Acme Corp"));
    assert_eq!((d.value, d.probability, d.currency.as_deref()), (Some(75000.0), Some(60), Some("USD")));
    assert_eq!(d.expected_close_date, Some(jiff::civil::date(2026, 4, 15)));
    assert_eq!(d.custom_fields["competitors"], json!("Salesforce, HubSpot"));
    assert_eq!(d.stage_name.as_deref(), Some("Proposal Sent"));
    assert_eq!(d.updated_at, "2026-03-18T15:30:00Z".parse().unwrap());
}

#[tokio::test]
async fn paging_the_vendor_example_yields_its_page_then_says_the_list_is_incomplete() {
    let (base, seen) = scripted(vec![Reply::raw(200, VENDOR_LIST)]).await;
    let items: Vec<_> = client(&base).deal_pages(DealQuery::default()).collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().items[0].id, "deal_xyz789");
    let e = items[1].as_ref().unwrap_err();
    assert!(e.to_string().contains("sent no cursor"), "{e}");
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn the_vendor_pipelines_example_decodes() {
    let (base, _) = scripted(vec![Reply::raw(200, VENDOR_PIPELINES)]).await;
    let pipelines = client(&base).pipelines().await.unwrap();
    assert_eq!(pipelines.len(), 1);
    let p = &pipelines[0];
    assert!(p.is_default);
    assert_eq!((p.id.as_str(), p.name.as_str()), ("pipe_001", "Sales Pipeline"));
    let stages: Vec<_> = p.stages.iter().map(|s| (s.name.as_str(), s.position, s.probability)).collect();
    assert_eq!(stages[0], ("Lead", 1, 10));
    assert_eq!(stages[4], ("Closed Won", 5, 100));
}

#[tokio::test]
async fn a_server_echoing_the_key_does_not_put_it_in_an_error() {
    let echo = format!("token Bearer {KEY} is not valid here; {}", "pad ".repeat(60));
    let (base, _) = scripted(vec![Reply::error(403, "forbidden", &echo, None)]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert!(
        matches!(&e, ClientError::Server { status: 403, message } if message.contains("<redacted>")),
        "{e:?}"
    );
    assert!(!format!("{e:?} {e}").contains(KEY));
    // Cut at the length limit, a key must not show even in part.
    let tail = format!("{}{KEY}", "x".repeat(180));
    let (base, _) = scripted(vec![Reply::raw(400, &tail)]).await;
    let e = client(&base).pipelines().await.unwrap_err();
    assert!(!format!("{e:?}").contains(&KEY[..6]), "{e:?}");
}

#[test]
fn the_client_and_its_pages_can_cross_tasks() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Client>();
    send_sync::<ClientError>();
}

#[tokio::test]
async fn a_cursor_handed_back_unchanged_is_caught_at_once() {
    let page = json!({"success": true, "data": [deal("deal_1")], "meta": {"next_cursor": "start"}});
    let (base, seen) = scripted(vec![Reply::json(200, page)]).await;
    let q = DealQuery { cursor: Some("start".into()), ..Default::default() };
    let items: Vec<_> = client(&base).deal_pages(q).collect().await;
    assert_eq!(items.len(), 2, "the page, then the error");
    assert!(items[1].is_err());
    assert_eq!(hits(&seen), 1);
}

#[tokio::test]
async fn https_to_a_server_that_does_not_speak_tls_is_unreachable_with_a_reason() {
    let (base, _) = scripted(vec![ok(json!([]))]).await;
    let base = base.replace("http://", "https://");
    let e = client_with(&base, RetryPolicy::none(), Duration::from_secs(2)).pipelines().await.unwrap_err();
    let ClientError::Unreachable { url, reason } = &e else { panic!("{e:?}") };
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    assert!(reason.starts_with("secure connection failed: "), "{reason}");
}

// ---- what hosted CRMs send -------------------------------------------------------------------

/// A page of deals in the shapes hosted CRMs use, over two pages: numbers as strings and close
/// dates as timestamps (HubSpot), timestamps without a zone and paging under `additional_data`
/// (Pipedrive), and three deals the board cannot read (an unknown status, a null title, a value
/// that is no number). Every readable deal arrives, the paging reaches the end, and the unreadable
/// ones are counted.
#[tokio::test]
async fn pages_in_hosted_crm_shapes_yield_every_readable_deal_and_count_the_rest() {
    let hubspot = |id: &str| {
        json!({"id": id, "title": format!("Deal {id}"), "pipeline_id": "pipe_001", "stage_id": "stage_001",
               "value": "1500.00", "currency": "USD", "probability": "25", "status": "open",
               "expected_close_date": "2026-12-01T00:00:00Z",
               "created_at": "2026-02-01T10:00:00Z", "updated_at": "2026-02-01T10:00:00.000Z"})
    };
    let pipedrive = |id: &str| {
        json!({"id": id, "title": format!("Deal {id}"), "pipeline_id": "pipe_001", "stage_id": "stage_001",
               "value": 2500, "currency": "EUR", "status": "won", "closed_at": "2026-11-20 10:00:00",
               "created_at": "2026-11-01 09:00:00", "updated_at": "2026-11-20 10:00:00"})
    };
    let mut archived = deal("deal_bad1");
    archived["status"] = json!("archived");
    let mut untitled = deal("deal_bad2");
    untitled["title"] = Value::Null;
    let mut priced = deal("deal_bad3");
    priced["value"] = json!("$50,000");
    let first = json!({"success": true,
        "data": [hubspot("deal_1"), archived, hubspot("deal_2"), untitled],
        "additional_data": {"pagination": {}, "next_cursor": "c2", "more_items_in_collection": true}});
    let second = json!({"success": true, "data": [pipedrive("deal_3"), priced, pipedrive("deal_4")],
        "additional_data": {"next_cursor": null}});
    let (base, seen) = scripted(vec![Reply::json(200, first), Reply::json(200, second)]).await;
    let pages: Vec<_> = client(&base).deal_pages(DealQuery::default()).collect().await;
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    let deals: Vec<_> = pages.iter().flat_map(|p| p.items.iter()).collect();
    let ids: Vec<_> = deals.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["deal_1", "deal_2", "deal_3", "deal_4"]);
    assert_eq!(pages.iter().map(|p| p.skipped).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(hits(&seen), 2, "the paging reached the end");
    assert_eq!((deals[0].value, deals[0].probability), (Some(1500.0), Some(25)));
    assert_eq!(deals[0].expected_close_date, Some(jiff::civil::date(2026, 12, 1)));
    assert_eq!(deals[2].closed_at, Some("2026-11-20T10:00:00Z".parse().unwrap()));
    assert_eq!(deals[3].created_at, "2026-11-01T09:00:00Z".parse::<jiff::Timestamp>().unwrap());
}
