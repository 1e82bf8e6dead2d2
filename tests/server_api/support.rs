//! A real server on a loopback port with a SQLite file in a temp dir, and a plain HTTP client.
#![allow(dead_code)] // each test module uses its own part of this

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dealboard::model::Stage;
use dealboard::server::demo_data::Workspace;
use dealboard::server::{RunningServer, ServerOptions, start};
use reqwest::Method;
use serde_json::{Value, json};
use tempfile::TempDir;

pub struct TestServer {
    pub server: RunningServer,
    pub dir: TempDir,
    pub http: reqwest::Client,
}

pub fn options(db: PathBuf) -> ServerOptions {
    ServerOptions {
        db,
        api_key: Some("test-key".into()),
        currency: "USD".into(),
        latency: Duration::ZERO,
        demo: false,
        generated_deals: 0,
    }
}

pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap()
}

impl TestServer {
    /// A new database: the default pipeline only.
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tune: impl FnOnce(&mut ServerOptions)) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = options(dir.path().join("deals.db"));
        tune(&mut opts);
        Self::start_in(dir, opts).await
    }

    pub async fn start_in(dir: TempDir, opts: ServerOptions) -> TestServer {
        let server = start(opts, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        TestServer { server, dir, http: http() }
    }

    /// A server on a database holding `ws` (loaded the way `--demo` loads, before it starts).
    pub async fn with_workspace(ws: &Workspace) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("deals.db");
        load_workspace_file(&db, ws);
        Self::start_in(dir, options(db)).await
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("deals.db")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self.http.request(method, self.url(path)).bearer_auth(self.server.api_key());
        if let Some(b) = body {
            req = req.json(&b);
        }
        read(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.call(Method::DELETE, path, None).await
    }

    /// Sends raw bytes as the body, with a JSON content type.
    pub async fn raw(&self, method: Method, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.server.api_key())
            .header("content-type", "application/json")
            .body(body);
        read(req.send().await.unwrap()).await
    }

    /// Creates a deal and answers its JSON, failing the test on any error.
    pub async fn create(&self, body: Value) -> Value {
        let (status, v) = self.post("/deals", body).await;
        assert_eq!(status, 201, "{v}");
        v["data"].clone()
    }

    /// Every deal, walking pages of 100.
    pub async fn all_deals(&self, query: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/deals?limit=100{query}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let (status, v) = self.get(&path).await;
            assert_eq!(status, 200, "{v}");
            out.extend(v["data"].as_array().unwrap().iter().cloned());
            match v["meta"]["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => return out,
            }
        }
    }
}

/// The body as JSON; a body that is not JSON fails the test (every answer must be the envelope).
pub async fn read(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let v =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("status {status}: body is not JSON: {text:?}"));
    (status, v)
}

/// Asserts the error envelope: status, code and (when given) field.
#[track_caller]
pub fn assert_error(got: &(u16, Value), status: u16, code: &str, field: Option<&str>) {
    let (s, v) = got;
    assert_eq!(*s, status, "{v}");
    assert_eq!(v["success"], json!(false), "{v}");
    assert_eq!(v["error"]["code"], json!(code), "{v}");
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    if let Some(f) = field {
        assert_eq!(v["error"]["field"], json!(f), "{v}");
    }
}

pub fn load_workspace_file(db: &Path, ws: &Workspace) {
    let store = dealboard::server::store::Store::open(db).unwrap();
    dealboard::server::demo_load::load_workspace(&mut store.writer(), ws).unwrap();
    store.close().unwrap();
}

/// Waits for `cond` with a deadline (no bare sleeps as synchronisation).
pub async fn wait_for<F, Fut>(what: &str, mut cond: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// ---- small workspaces --------------------------------------------------------------------------

pub fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

pub fn stage(id: &str, name: &str, position: i64, probability: u8) -> Stage {
    Stage { id: id.into(), name: name.into(), position, probability }
}

/// Two pipelines (pipe_001 with stage_001..003, pipe_002 with stage_101..102), two users, three
/// contacts and two deals: `deal_a` (pipe_001/stage_002, with a contact role and history) and
/// `deal_b` (pipe_002/stage_101).
pub fn small_workspace() -> Workspace {
    let ws_json = json!({
        "anchor": "2026-03-01",
        "users": [
            {"id": "usr_1", "name": "Ada Admin", "email": "ada@example.com"},
            {"id": "usr_2", "name": "Bo Seller", "email": null}
        ],
        "contacts": [
            {"id": "con_1", "name": "Carla Client", "email": "carla@acme.test", "phone": "+1 555", "company": "Acme"},
            {"id": "con_2", "name": "Dan 100% Buyer", "company": "Globex"},
            {"id": "con_3", "name": "Émile Müller", "company": "Initech"}
        ],
        "pipelines": [
            {"id": "pipe_001", "name": "Sales", "is_default": true, "stages": [
                {"id": "stage_001", "name": "Lead", "position": 1, "probability": 10},
                {"id": "stage_002", "name": "Proposal", "position": 2, "probability": 50},
                {"id": "stage_003", "name": "Won", "position": 3, "probability": 100}
            ]},
            {"id": "pipe_002", "name": "Renewals", "is_default": false, "stages": [
                {"id": "stage_101", "name": "Due", "position": 1, "probability": 40},
                {"id": "stage_102", "name": "Renewed", "position": 2, "probability": 90}
            ]}
        ],
        "deals": [
            {"id": "deal_a", "title": "Alpha", "pipeline_id": "pipe_001", "stage_id": "stage_002",
             "value": 1000, "currency": "USD", "probability": 50, "owner_id": "usr_1", "contact_id": "con_1",
             "expected_close_date": "2026-04-01", "status": "open",
             "custom_fields": {"deal_type": "new_business"}, "tags": ["hot"],
             "created_at": "2026-02-01T10:00:00Z", "updated_at": "2026-02-03T10:00:00Z",
             "contacts": [{"contact_id": "con_1", "role": "decision_maker", "is_primary": true},
                          {"contact_id": "con_2", "role": "influencer", "is_primary": false}],
             "stage_history": [
                {"stage_id": "stage_001", "entered_at": "2026-02-01T10:00:00Z", "left_at": "2026-02-03T10:00:00Z"},
                {"stage_id": "stage_002", "entered_at": "2026-02-03T10:00:00Z", "note": "sent"}],
             "activities": [{"id": "act_1", "type": "call", "subject": "Intro", "done": true,
                             "user_id": "usr_1", "created_at": "2026-02-02T10:00:00Z"}]},
            {"id": "deal_b", "title": "Beta renewal", "pipeline_id": "pipe_002", "stage_id": "stage_101",
             "value": null, "currency": "EUR", "status": "open",
             "created_at": "2026-02-05T10:00:00Z", "updated_at": "2026-02-05T10:00:00Z",
             "stage_history": [{"stage_id": "stage_101", "entered_at": "2026-02-05T10:00:00Z"}]}
        ]
    });
    serde_json::from_value(ws_json).unwrap()
}

/// Sends `head` (request line and headers, without the blank line) and then `body` over a plain
/// TCP connection, for requests reqwest will not make (chunked bodies, odd paths). Answers the
/// status and the body of an HTTP/1.1 response with a Content-Length.
pub async fn raw_http(addr: std::net::SocketAddr, head: &str, body: &[u8]) -> (u16, Value) {
    let (status, body) = raw_http_text(addr, head.as_bytes(), body).await;
    let v =
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("status {status}: body is not JSON: {body:?}"));
    (status, v)
}

/// Like [`raw_http`] for any bytes as the head, answering the body as text.
pub async fn raw_http_text(addr: std::net::SocketAddr, head: &[u8], body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head).await.unwrap();
    s.write_all(b"\r\nConnection: close\r\n\r\n").await.unwrap();
    // The server may answer (413) and close before the whole body is sent.
    let _ = s.write_all(body).await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out);
    let status: u16 = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("{text}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, body.to_string())
}

/// `data` as a body sent in HTTP/1.1 chunks of `chunk` bytes.
pub fn chunked(data: &[u8], chunk: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in data.chunks(chunk) {
        out.extend(format!("{:x}\r\n", c.len()).as_bytes());
        out.extend(c);
        out.extend(b"\r\n");
    }
    out.extend(b"0\r\n\r\n");
    out
}
