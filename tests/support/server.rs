//! The real API server on loopback, on a SQLite file in a temp dir, with the demo workspace;
//! and a few plain HTTP calls to read back what it holds.
// Shared by several test crates; each uses a part.
#![allow(dead_code)]

use std::time::Duration;

use dealboard::server::{RunningServer, ServerOptions};
use serde_json::Value;

pub struct TestServer {
    pub server: Option<RunningServer>,
    pub base_url: String,
    pub key: String,
    pub dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl TestServer {
    pub async fn demo() -> TestServer {
        TestServer::demo_with_latency(Duration::ZERO).await
    }

    /// The demo workspace behind a slow link: every answer (the test's own too) waits `latency`.
    pub async fn demo_with_latency(latency: Duration) -> TestServer {
        TestServer::start(latency, "127.0.0.1:0".parse().unwrap()).await
    }

    /// The demo workspace on a chosen address (a board was told it before the server started).
    pub async fn demo_at(addr: std::net::SocketAddr) -> TestServer {
        TestServer::start(Duration::ZERO, addr).await
    }

    async fn start(latency: Duration, addr: std::net::SocketAddr) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let opts = ServerOptions {
            db: dir.path().join("e2e.db"),
            api_key: Some("e2e-key".into()),
            currency: "USD".into(),
            latency,
            demo: true,
            generated_deals: 0,
        };
        let server = dealboard::server::start(opts, addr).await.unwrap();
        let base_url = server.base_url();
        let key = server.api_key().to_string();
        dealboard::client::install_crypto_provider();
        TestServer { server: Some(server), base_url, key, dir, http: reqwest::Client::new() }
    }

    /// `["--api-url", URL, "--api-key", KEY]` for the board's command line.
    pub fn board_args(&self) -> Vec<String> {
        vec!["--api-url".into(), self.base_url.clone(), "--api-key".into(), self.key.clone()]
    }

    pub async fn get(&self, path: &str) -> Value {
        let r =
            self.http.get(format!("{}{path}", self.base_url)).bearer_auth(&self.key).send().await.unwrap();
        let body: Value = r.json().await.unwrap();
        body["data"].clone()
    }

    /// The whole answer (`success`, `data`, `meta`), for lists whose `meta.total` matters.
    pub async fn body(&self, path: &str) -> Value {
        let r =
            self.http.get(format!("{}{path}", self.base_url)).bearer_auth(&self.key).send().await.unwrap();
        r.json().await.unwrap()
    }

    /// The HTTP status a GET of `path` answers with.
    pub async fn status(&self, path: &str) -> u16 {
        let r =
            self.http.get(format!("{}{path}", self.base_url)).bearer_auth(&self.key).send().await.unwrap();
        r.status().as_u16()
    }

    pub async fn deal(&self, id: &str) -> Value {
        self.get(&format!("/deals/{id}")).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .put(format!("{}{path}", self.base_url))
            .bearer_auth(&self.key)
            .json(&body)
            .send()
            .await
            .unwrap();
        r.json().await.unwrap()
    }

    /// Polls the server until `cond` holds for the deal, or fails showing the last copy.
    pub async fn wait_deal(&self, id: &str, what: &str, cond: impl Fn(&Value) -> bool) -> Value {
        let start = std::time::Instant::now();
        loop {
            let d = self.deal(id).await;
            if cond(&d) {
                return d;
            }
            if start.elapsed() > super::pty::DEADLINE {
                panic!("timed out waiting for {what}; the server holds {d:#}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Polls the server until the deal answers `404`, or fails showing what it still holds.
    pub async fn wait_deleted(&self, id: &str) {
        let start = std::time::Instant::now();
        let path = format!("/deals/{id}");
        loop {
            let status = self.status(&path).await;
            if status == 404 {
                return;
            }
            if start.elapsed() > super::pty::DEADLINE {
                panic!(
                    "timed out waiting for {id} to be deleted; GET answers {status}: {:#}",
                    self.deal(id).await
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn stop(&mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await.unwrap();
        }
    }
}

/// `dealboard serve` as its own process, for tests that kill the server as a crash would.
pub struct ServeProcess {
    child: std::process::Child,
    pub base_url: String,
    pub key: String,
    _dir: tempfile::TempDir,
}

impl ServeProcess {
    pub fn demo() -> ServeProcess {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let key = "e2e-process-key".to_string();
        let db = dir.path().join("serve.db");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dealboard"))
            .args(["serve", "--bind", "127.0.0.1:0", "--demo", "--api-key", &key, "--db"])
            .arg(&db)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base_url = line.trim().rsplit(' ').next().unwrap().to_string();
        assert!(base_url.starts_with("http://127.0.0.1:"), "serve said {line:?}");
        ServeProcess { child, base_url, key, _dir: dir }
    }

    pub fn board_args(&self) -> Vec<String> {
        vec!["--api-url".into(), self.base_url.clone(), "--api-key".into(), self.key.clone()]
    }

    /// SIGKILL: no goodbye, connections just drop.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
