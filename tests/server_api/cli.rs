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
