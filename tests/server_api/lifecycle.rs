//! Starting, stopping and restarting: the key, the data, graceful shutdown, latency and the
//! generated deals.

use std::time::{Duration, Instant};

use dealboard::server::{ServerOptions, start};
use serde_json::json;

use crate::support::*;

fn no_key(db: std::path::PathBuf) -> ServerOptions {
    ServerOptions { api_key: None, ..options(db) }
}

#[tokio::test]
async fn data_and_the_generated_key_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deals.db");
    let first = start(no_key(db.clone()), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert!(first.key_was_generated());
    let key = first.api_key().to_string();
    assert!(key.len() >= 32, "{key}");
    assert!(!format!("{first:?}").contains(&key), "Debug shows the key");
    let http = http();
    let body = json!({"title": "Survivor", "pipeline_id": "pipe_001", "value": 12});
    let created = read(
        http.post(format!("{}/deals", first.base_url())).bearer_auth(&key).json(&body).send().await.unwrap(),
    )
    .await;
    assert_eq!(created.0, 201);
    let id = created.1["data"]["id"].as_str().unwrap().to_string();
    let moved = http
        .put(format!("{}/deals/{id}/stage", first.base_url()))
        .bearer_auth(&key)
        .json(&json!({"stage_id": "stage_002", "note": "kept"}));
    assert_eq!(read(moved.send().await.unwrap()).await.0, 200);
    let before =
        read(http.get(format!("{}/deals/{id}", first.base_url())).bearer_auth(&key).send().await.unwrap())
            .await;
    first.shutdown().await.unwrap();
    // A clean close checkpoints the WAL into the main file.
    assert!(!dir.path().join("deals.db-wal").exists(), "WAL left behind after shutdown");

    let second = start(no_key(db.clone()), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert!(!second.key_was_generated());
    assert_eq!(second.api_key(), key);
    let after =
        read(http.get(format!("{}/deals/{id}", second.base_url())).bearer_auth(&key).send().await.unwrap())
            .await;
    assert_eq!(after, before);
    assert_eq!(after.1["data"]["stage_history"][1]["note"], json!("kept"));
    // Still one pipeline: the default is not seeded twice.
    let pipes =
        read(http.get(format!("{}/pipelines", second.base_url())).bearer_auth(&key).send().await.unwrap())
            .await;
    assert_eq!(pipes.1["data"].as_array().unwrap().len(), 1);
    second.shutdown().await.unwrap();

    // A key given explicitly wins over the stored one (and does not replace it).
    let third = start(
        ServerOptions { api_key: Some("explicit".into()), ..options(db.clone()) },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    assert!(!third.key_was_generated());
    let url = format!("{}/deals", third.base_url());
    assert_eq!(read(http.get(&url).bearer_auth("explicit").send().await.unwrap()).await.0, 200);
    assert_eq!(read(http.get(&url).bearer_auth(&key).send().await.unwrap()).await.0, 401);
    third.shutdown().await.unwrap();
    let fourth = start(no_key(db), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert_eq!(fourth.api_key(), key);
    fourth.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_file_is_wal_and_at_the_current_schema_version() {
    let t = TestServer::start().await;
    let conn = rusqlite::Connection::open(t.db_path()).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let version = dealboard::server::store::schema::version(&conn).unwrap();
    assert_eq!(version, dealboard::server::store::schema::CURRENT_VERSION);
    drop(conn);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_file_from_a_newer_release_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deals.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA user_version = 999; CREATE TABLE future (x);").unwrap();
    drop(conn);
    let err = start(options(db.clone()), "127.0.0.1:0".parse().unwrap()).await.unwrap_err();
    assert!(format!("{err:#}").contains("newer"), "{err:#}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 999);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "the journal mode of a refused file was changed");
}

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish() {
    let t = TestServer::start_with(|o| o.latency = Duration::from_millis(1500)).await;
    let req = t
        .http
        .post(t.url("/deals"))
        .bearer_auth("test-key")
        .json(&json!({"title": "In flight", "pipeline_id": "pipe_001"}));
    let pending = tokio::spawn(async move { read(req.send().await.unwrap()).await });
    // The deal is committed before the latency delay: once it is in the file, the request is
    // inside the server, waiting to answer.
    let db = t.db_path();
    wait_for("the write to commit", || {
        let db = db.clone();
        async move {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.query_row("SELECT COUNT(*) FROM deals WHERE title = 'In flight'", [], |r| r.get::<_, i64>(0))
                .unwrap_or(0)
                == 1
        }
    })
    .await;
    let TestServer { server, dir: _dir, http } = t;
    let addr = server.addr();
    server.shutdown().await.unwrap();
    let (status, v) = pending.await.unwrap();
    assert_eq!((status, v["data"]["title"].clone()), (201, json!("In flight")));
    // And nothing listens any more.
    assert!(http.get(format!("http://{addr}/v1/deals")).send().await.is_err());
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let t = TestServer::start_with(|o| o.latency = Duration::from_millis(300)).await;
    for path in ["/pipelines", "/nothing"] {
        let started = Instant::now();
        t.get(path).await;
        assert!(started.elapsed() >= Duration::from_millis(300), "{path} answered early");
    }
    let started = Instant::now();
    let unauthorized = read(t.http.get(t.url("/deals")).send().await.unwrap()).await;
    assert_eq!(unauthorized.0, 401);
    assert!(started.elapsed() >= Duration::from_millis(300));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn generated_deals_load_once_for_the_same_n() {
    let t = TestServer::start_with(|o| o.generated_deals = 300).await;
    let (_, v) = t.get("/deals?limit=1").await;
    assert_eq!(v["meta"]["total"], json!(300));
    let (_, v) = t.get("/deals/deal_gen_000001").await;
    assert_eq!(v["data"]["stage_history"].as_array().unwrap().len(), 1);
    let TestServer { server, dir, .. } = t;
    server.shutdown().await.unwrap();
    let opts = ServerOptions { generated_deals: 300, ..options(dir.path().join("deals.db")) };
    let again = TestServer::start_in(dir, opts).await;
    assert_eq!(again.get("/deals?limit=1").await.1["meta"]["total"], json!(300));
    // Every generated deal reads back whole through the API.
    assert_eq!(again.all_deals("&sort=value").await.len(), 300);
    let TestServer { server, dir, .. } = again;
    server.shutdown().await.unwrap();
    let opts = ServerOptions { generated_deals: 350, ..options(dir.path().join("deals.db")) };
    let more = TestServer::start_in(dir, opts).await;
    assert_eq!(more.get("/deals?limit=1").await.1["meta"]["total"], json!(350));
    more.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn bad_options_fail_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deals.db");
    let err = start(
        ServerOptions { currency: "usd".into(), ..options(db.clone()) },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await;
    assert!(err.is_err());
    let err =
        start(ServerOptions { api_key: Some("  ".into()), ..options(db) }, "127.0.0.1:0".parse().unwrap())
            .await;
    assert!(err.is_err());
}

fn index_sql(db: &std::path::Path) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt =
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[tokio::test]
async fn a_bulk_load_leaves_every_index_and_trigger_as_the_schema_defines_it() {
    let plain = TestServer::start().await;
    let want = index_sql(&plain.db_path());
    plain.server.shutdown().await.unwrap();
    // 20 000 takes the bulk path (indexes and triggers dropped for the load, then made again).
    let t = TestServer::start_with(|o| o.generated_deals = 20_000).await;
    assert_eq!(t.get("/deals?limit=1").await.1["meta"]["total"], json!(20_000));
    assert_eq!(index_sql(&t.db_path()), want);
    let page = t.get("/deals?sort=-value&limit=100&status=open").await.1;
    let values: Vec<f64> =
        page["data"].as_array().unwrap().iter().filter_map(|d| d["value"].as_f64()).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]));
    t.server.shutdown().await.unwrap();
}

/// SQLite runs off the async runtime and reads do not wait for writers: while another process
/// holds the database's write lock, a write waits but lists and details keep answering (this
/// test's runtime has one thread, shared with the server: a blocked runtime would hang here).
#[tokio::test]
async fn reads_answer_while_a_write_waits_for_the_lock() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let blocker = rusqlite::Connection::open(t.db_path()).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE; UPDATE deals SET title = 'Held' WHERE id = 'deal_b';").unwrap();
    let write = {
        let req = t.http.put(t.url("/deals/deal_a")).bearer_auth("test-key").json(&json!({"value": 7}));
        tokio::spawn(async move { read(req.send().await.unwrap()).await })
    };
    for _ in 0..5 {
        assert_eq!(t.get("/deals?sort=value").await.0, 200);
        assert_eq!(t.get("/deals/deal_a").await.1["data"]["value"], json!(1000));
    }
    assert!(!write.is_finished(), "the write went through a held lock");
    blocker.execute_batch("COMMIT").unwrap();
    let (status, v) = write.await.unwrap();
    assert_eq!((status, v["data"]["value"].clone()), (200, json!(7)));
    assert_eq!(t.get("/deals/deal_b").await.1["data"]["title"], json!("Held"));
    t.server.shutdown().await.unwrap();
}
