//! `GET /deals`: every filter and sort (both directions, nulls last) against a brute force over
//! all deals, and keyset paging that stays exact while another task writes.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};

use dealboard::server::demo_data::{DemoDeal, Workspace};
use serde_json::{Value, json};

use crate::support::*;

/// `n` deals with many ties (values, dates, timestamps repeat) and gaps (no value, no date), over
/// both pipelines of the small workspace, every stage, both users and all statuses.
fn crowded_workspace(n: usize) -> Workspace {
    let mut ws = small_workspace();
    let stages = [
        ("pipe_001", "stage_001"),
        ("pipe_001", "stage_002"),
        ("pipe_001", "stage_003"),
        ("pipe_002", "stage_101"),
        ("pipe_002", "stage_102"),
    ];
    let values = [json!(100), json!(250), json!(250.5), json!(1000), json!(null), json!(0)];
    let dates =
        [json!("2026-03-01"), json!("2026-03-10"), json!(null), json!("2026-03-11"), json!("2025-12-31")];
    let statuses = ["open", "open", "won", "lost"];
    for i in 0..n {
        let (pipe, stage) = stages[i % stages.len()];
        let created = format!("2026-01-{:02}T10:00:00Z", 1 + (i * 7) % 28);
        let updated = format!("2026-02-{:02}T{:02}:00:00Z", 1 + (i * 3) % 27, i % 5);
        let d = json!({
            "id": format!("deal_{:04}", (i * 37) % 1000), "title": format!("Deal {i}"),
            "pipeline_id": pipe, "stage_id": stage,
            "value": values[i % values.len()], "currency": "USD",
            "owner_id": if i.is_multiple_of(3) { json!(null) } else { json!(format!("usr_{}", 1 + i % 2)) },
            "expected_close_date": dates[(i / 2) % dates.len()],
            "status": statuses[(i / 3) % statuses.len()],
            "created_at": created, "updated_at": updated,
            "stage_history": [{"stage_id": stage, "entered_at": created}]
        });
        ws.deals.push(serde_json::from_value::<DemoDeal>(d).unwrap());
    }
    ws
}

/// The filters of a query string, applied by hand.
fn matches(d: &DemoDeal, filters: &[(&str, &str)]) -> bool {
    filters.iter().all(|(k, v)| match *k {
        "pipeline_id" => d.pipeline_id == *v,
        "stage_id" => d.stage_id == *v,
        "owner_id" => d.owner_id.as_deref() == Some(*v),
        "status" => d.status.as_str() == *v,
        "min_value" => d.value.is_some_and(|x| x >= v.parse::<f64>().unwrap()),
        "max_value" => d.value.is_some_and(|x| x <= v.parse::<f64>().unwrap()),
        "expected_close_after" => d.expected_close_date.is_some_and(|x| x.to_string().as_str() >= &v[..10]),
        "expected_close_before" => d.expected_close_date.is_some_and(|x| x.to_string().as_str() <= &v[..10]),
        other => panic!("{other}"),
    })
}

/// docs/API.md's order: by the key (absent keys last, whatever the direction), ties by id.
fn brute_force(deals: &[DemoDeal], filters: &[(&str, &str)], sort: &str) -> Vec<String> {
    let (desc, field) = match sort.strip_prefix('-') {
        Some(f) => (true, f),
        None => (false, sort),
    };
    let mut hits: Vec<&DemoDeal> = deals.iter().filter(|d| matches(d, filters)).collect();
    hits.sort_by(|a, b| {
        let key = |d: &DemoDeal| -> Option<(f64, String)> {
            match field {
                "created_at" => Some((d.created_at.as_microsecond() as f64, String::new())),
                "updated_at" => Some((d.updated_at.as_microsecond() as f64, String::new())),
                "value" => d.value.map(|v| (v, String::new())),
                "expected_close_date" => d.expected_close_date.map(|x| (0.0, x.to_string())),
                other => panic!("{other}"),
            }
        };
        let by_key = match (key(a), key(b)) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => return Ordering::Greater,
            (Some(_), None) => return Ordering::Less,
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap(),
        };
        let ord = by_key.then_with(|| a.id.cmp(&b.id));
        if desc { ord.reverse() } else { ord }
    });
    hits.into_iter().map(|d| d.id.clone()).collect()
}

async fn walk(t: &TestServer, query: &str, limit: usize) -> (Vec<String>, Value) {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    let mut first_meta = Value::Null;
    loop {
        let mut path = format!("/deals?limit={limit}{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (status, v) = t.get(&path).await;
        assert_eq!(status, 200, "{path}: {v}");
        let page = v["data"].as_array().unwrap();
        assert!(page.len() <= limit);
        ids.extend(page.iter().map(|d| d["id"].as_str().unwrap().to_string()));
        if first_meta.is_null() {
            first_meta = v["meta"].clone();
        }
        let has_more = v["meta"]["has_more"].as_bool().unwrap();
        assert_eq!(has_more, v["meta"]["next_cursor"].is_string());
        match v["meta"]["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return (ids, first_meta),
        }
        assert!(ids.len() <= 10_000, "paging does not end");
    }
}

#[tokio::test]
async fn filters_and_every_sort_match_a_brute_force() {
    let ws = crowded_workspace(150);
    let t = TestServer::with_workspace(&ws).await;
    let filter_sets: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![("status", "open")],
        vec![("pipeline_id", "pipe_001"), ("status", "won")],
        vec![("stage_id", "stage_102")],
        vec![("owner_id", "usr_2")],
        vec![("min_value", "250")],
        vec![("max_value", "250")],
        vec![("min_value", "100"), ("max_value", "250.5")],
        vec![("expected_close_after", "2026-03-10")],
        vec![("expected_close_before", "2026-03-10T23:59:00Z")],
        vec![
            ("expected_close_after", "2026-03-01"),
            ("expected_close_before", "2026-03-10"),
            ("pipeline_id", "pipe_001"),
        ],
        vec![("pipeline_id", "pipe_002"), ("status", "open"), ("owner_id", "usr_1"), ("min_value", "0")],
        vec![("stage_id", "stage_001"), ("status", "lost"), ("max_value", "0")],
    ];
    let sorts = [
        "created_at",
        "-created_at",
        "value",
        "-value",
        "expected_close_date",
        "-expected_close_date",
        "updated_at",
        "-updated_at",
    ];
    for filters in &filter_sets {
        let q: String = filters.iter().map(|(k, v)| format!("&{k}={v}")).collect();
        for sort in sorts {
            let want = brute_force(&ws.deals, filters, sort);
            let (got, meta) = walk(&t, &format!("{q}&sort={sort}"), 7).await;
            assert_eq!(got, want, "filters {q} sort {sort}");
            assert_eq!(meta["total"], json!(want.len()), "total for {q}");
        }
        // No sort: -updated_at.
        let (got, _) = walk(&t, &q, 100).await;
        assert_eq!(got, brute_force(&ws.deals, filters, "-updated_at"), "default sort {q}");
    }
    // Nulls last in both directions, visibly.
    let (asc, _) = walk(&t, "&sort=expected_close_date", 100).await;
    let (desc, _) = walk(&t, "&sort=-expected_close_date", 100).await;
    let dated = ws.deals.iter().filter(|d| d.expected_close_date.is_some()).count();
    let undated: std::collections::HashSet<_> =
        ws.deals.iter().filter(|d| d.expected_close_date.is_none()).map(|d| d.id.clone()).collect();
    assert!(asc[dated..].iter().chain(&desc[dated..]).all(|id| undated.contains(id)));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn meta_reports_total_limit_has_more_and_cursor() {
    let ws = crowded_workspace(30);
    let t = TestServer::with_workspace(&ws).await;
    let (_, v) = t.get("/deals?status=open&sort=-value&limit=4").await;
    let total = brute_force(&ws.deals, &[("status", "open")], "-value").len();
    assert_eq!(v["meta"]["total"], json!(total));
    assert_eq!((v["meta"]["limit"].clone(), v["meta"]["has_more"].clone()), (json!(4), json!(true)));
    assert!(v["meta"]["next_cursor"].is_string());
    let (_, v) = t.get("/deals").await;
    assert_eq!(v["meta"]["limit"], json!(25));
    assert_eq!(v["data"].as_array().unwrap().len(), 25);
    let (_, v) = t.get("/deals?pipeline_id=pipe_none").await;
    assert_eq!(v["meta"], json!({"total": 0, "limit": 25, "has_more": false, "next_cursor": null}));
    t.server.shutdown().await.unwrap();
}

/// Walks every page with a small limit while another task creates deals, edits them (value,
/// stage, status), deletes some, and (where the sort key allows) edits the earlier deals too.
/// Every deal that existed before the walk must come back exactly once.
#[tokio::test]
async fn paging_under_concurrent_writes_returns_every_earlier_deal_once() {
    let ws = crowded_workspace(120);
    let earlier: Vec<String> = ws.deals.iter().map(|d| d.id.clone()).collect();
    let t = Arc::new(TestServer::with_workspace(&ws).await);
    for sort in ["-updated_at", "created_at", "-value", "expected_close_date", "value"] {
        let writes = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        // Editing an earlier deal moves it in an updated_at sort: that is a write touching it.
        let touch_earlier = sort.trim_start_matches('-') != "updated_at";
        let writer = tokio::spawn({
            let (t, writes, stop, earlier) = (t.clone(), writes.clone(), stop.clone(), earlier.clone());
            async move {
                let mut i = 0usize;
                while !stop.load(SeqCst) {
                    let value = (i * 131 % 2000) as f64;
                    let d = t
                        .create(json!({"title": format!("Concurrent {i}"), "pipeline_id": "pipe_001",
                                            "value": value, "expected_close_date": "2026-03-10"}))
                        .await;
                    let id = d["id"].as_str().unwrap().to_string();
                    let (s, _) =
                        t.put(&format!("/deals/{id}"), json!({"value": value + 0.5, "status": "won"})).await;
                    assert_eq!(s, 200);
                    let (s, _) = t.put(&format!("/deals/{id}/stage"), json!({"stage_id": "stage_002"})).await;
                    assert_eq!(s, 200);
                    if i.is_multiple_of(3) {
                        assert_eq!(t.delete(&format!("/deals/{id}")).await.0, 200);
                    }
                    if touch_earlier {
                        let target = &earlier[i % earlier.len()];
                        let (s, v) = t
                            .put(
                                &format!("/deals/{target}"),
                                json!({"title": format!("Edited {i}"), "tags": ["x"]}),
                            )
                            .await;
                        assert_eq!(s, 200, "{v}");
                    }
                    i += 1;
                    writes.fetch_add(1, SeqCst);
                }
            }
        });
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("/deals?limit=5&sort={sort}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let (status, v) = t.get(&path).await;
            assert_eq!(status, 200, "{v}");
            for d in v["data"].as_array().unwrap() {
                *seen.entry(d["id"].as_str().unwrap().to_string()).or_default() += 1;
            }
            pages += 1;
            // Make sure writes land between pages: wait for the writer to finish another round.
            let w = writes.clone();
            wait_for("the writer to make progress", || {
                let w = w.clone();
                async move { w.load(SeqCst) >= pages }
            })
            .await;
            match v["meta"]["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        stop.store(true, SeqCst);
        writer.await.unwrap();
        for id in &earlier {
            assert_eq!(seen.get(id), Some(&1), "sort {sort}: {id} seen {:?} times", seen.get(id));
        }
        assert!(writes.load(SeqCst) >= pages, "writes interleaved");
    }
    Arc::try_unwrap(t).ok().unwrap().server.shutdown().await.unwrap();
}

/// Totals are cached between writes; every kind of write must show in the next total.
#[tokio::test]
async fn totals_follow_every_write() {
    let t = TestServer::with_workspace(&crowded_workspace(40)).await;
    let total = |q: &'static str| {
        let t = &t;
        async move { t.get(&format!("/deals?limit=1{q}")).await.1["meta"]["total"].as_u64().unwrap() }
    };
    let open = total("&status=open").await;
    let cheap = total("&max_value=100").await;
    assert_eq!(total("&status=open").await, open); // served again, unchanged
    let d = t.create(json!({"title": "New", "pipeline_id": "pipe_001", "value": 50})).await;
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!((total("&status=open").await, total("&max_value=100").await), (open + 1, cheap + 1));
    t.put(&format!("/deals/{id}"), json!({"value": 5000})).await;
    assert_eq!(total("&max_value=100").await, cheap);
    t.put(&format!("/deals/{id}"), json!({"status": "won"})).await;
    assert_eq!(total("&status=open").await, open);
    t.put(&format!("/deals/{id}"), json!({"status": "open"})).await;
    assert_eq!(total("&status=open").await, open + 1);
    t.delete(&format!("/deals/{id}")).await;
    assert_eq!(total("&status=open").await, open);
    // A change made beside the server (the sqlite3 shell) counts too.
    let conn = rusqlite::Connection::open(t.db_path()).unwrap();
    conn.execute("UPDATE deals SET status = 'lost' WHERE id = 'deal_0000'", []).unwrap();
    drop(conn);
    let ws = crowded_workspace(40);
    let was_open =
        ws.deals.iter().any(|d| d.id == "deal_0000" && d.status == dealboard::model::DealStatus::Open);
    assert!(was_open, "the test wants an open deal to close");
    assert_eq!(total("&status=open").await, open - u64::from(was_open));
    t.server.shutdown().await.unwrap();
}
