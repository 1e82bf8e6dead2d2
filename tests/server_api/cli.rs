//! `dealboard serve` as a process: prints the generated key once, stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::*;

/// Starts the binary and collects its stdout lines on a channel.
fn serve(db: &std::path::Path) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dealboard"))
        .args(["serve", "--bind", "127.0.0.1:0", "--db"])
        .arg(db)
        .env_remove("DEALBOARD_SERVER_API_KEY")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

fn next_line(rx: &mpsc::Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(60)).expect("a line on stdout")
}

/// SIGTERM to our own child, by its id, then its exit status.
fn terminate(mut child: Child) -> std::process::ExitStatus {
    let ok = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(ok.success());
    child.wait().unwrap()
}

#[tokio::test]
async fn serve_prints_the_generated_key_once_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let (child, rx) = serve(&db);
    let listening = next_line(&rx);
    let base = listening.rsplit(' ').next().unwrap().to_string();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with("/v1"), "{listening}");
    let key_line = next_line(&rx);
    let key = key_line.rsplit(' ').next().unwrap().to_string();
    assert!(key_line.contains("API key") && key.starts_with("dbk_"), "{key_line}");
    let (status, _) = read(http().get(format!("{base}/deals")).bearer_auth(&key).send().await.unwrap()).await;
    assert_eq!(status, 200);
    let exit = terminate(child);
    assert!(exit.success(), "{exit:?}");
    assert!(!dir.path().join("cli.db-wal").exists(), "the database was not closed cleanly");

    // Second start: same key from the file, and it is not printed again.
    let (child, rx) = serve(&db);
    let base = next_line(&rx).rsplit(' ').next().unwrap().to_string();
    let (status, _) = read(http().get(format!("{base}/deals")).bearer_auth(&key).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(terminate(child).success());
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(rest.iter().all(|l| !l.contains(&key)), "{rest:?}");
}

#[test]
fn a_bad_bind_address_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_dealboard"))
        .args(["serve", "--bind", "not an address", "--db", "/nonexistent/x.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bind"));
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dealboard")).args(args).arg("--help").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_command_lists_only_its_own_options() {
    let serve = help(&["serve"]);
    for own in [
        "--bind",
        "--db",
        "--tls-cert",
        "--tls-key",
        "--header-timeout",
        "--idle-timeout",
        "--max-connections",
        "--rate-limit",
    ] {
        assert!(serve.contains(own), "serve --help lacks {own}:\n{serve}");
    }
    for board in ["--api-url", "--pipeline", "--allow-insecure-http", "--config"] {
        assert!(!serve.contains(board), "serve --help shows the board's {board}:\n{serve}");
    }
    let demo = help(&["demo"]);
    let top = help(&[]);
    for board in ["--api-url", "--pipeline", "--allow-insecure-http", "--config"] {
        assert!(demo.contains(board) && top.contains(board), "{board}:\n{demo}\n{top}");
    }
    assert!(!demo.contains("--bind") && !top.contains("--tls-cert"));
}

/// `dealboard serve` under `ulimit -n LIMIT`, with its stdout lines on a channel and its stderr
/// collected.
fn serve_with_file_limit(
    limit: u32,
    db: &std::path::Path,
    extra: &str,
) -> (Child, mpsc::Receiver<String>, std::thread::JoinHandle<String>) {
    use std::io::Read;
    let script = format!(
        "ulimit -n {limit} && exec \"$0\" serve --bind 127.0.0.1:0 --api-key test-key --db \"$1\" {extra}"
    );
    let mut child = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_dealboard")])
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    (child, rx, errors)
}

#[tokio::test]
async fn hundreds_of_dripping_connections_leave_room_under_a_low_file_limit() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().unwrap();
    let (child, rx, errors) = serve_with_file_limit(256, &dir.path().join("fd.db"), "");
    let base = next_line(&rx).rsplit(' ').next().unwrap().to_string();
    let addr: std::net::SocketAddr =
        base.trim_start_matches("http://").trim_end_matches("/v1").parse().unwrap();
    let mut drips = Vec::new();
    for i in 0..400 {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /v1/deals HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        drips.push(s);
        if i % 100 == 99 {
            // Another byte on every connection still open, as a slow client would send.
            for s in &mut drips {
                let _ = s.write_all(b"X").await;
            }
        }
    }
    let quick = reqwest::Client::builder().timeout(Duration::from_secs(1)).build().unwrap();
    for _ in 0..3 {
        let resp = quick.get(format!("{base}/pipelines")).bearer_auth("test-key").send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    drop(drips);
    assert!(terminate(child).success());
    let stderr = errors.join().unwrap();
    assert!(!stderr.contains("Too many open files") && !stderr.contains("cannot accept"), "{stderr}");
}

#[tokio::test]
async fn serve_speaks_https_with_the_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, tls) = crate::https::throwaway_pki(dir.path());
    let extra =
        format!("--tls-cert {} --tls-key {} --rate-limit 100/min", tls.cert.display(), tls.key.display());
    let (child, rx, _errors) = serve_with_file_limit(1024, &dir.path().join("tls.db"), &extra);
    let listening = next_line(&rx);
    let base = listening.rsplit(' ').next().unwrap().replace("127.0.0.1", "localhost");
    assert!(base.starts_with("https://localhost:"), "{listening}");
    let mut cfg = dealboard::client::ClientConfig::new(&base, "test-key");
    cfg.ca_cert = Some(ca);
    let client = dealboard::client::Client::new(cfg).unwrap();
    client.pipelines().await.unwrap();
    assert_eq!(client.http_version(), Some(reqwest::Version::HTTP_2));
    assert_eq!(client.budget().and_then(|b| b.remaining), Some(99));
    assert!(terminate(child).success());
}
