//! docs/API.md's status table row by row, the validation table field by field, and that a refused
//! write leaves the database exactly as it was.

use std::time::Duration;

use dealboard::server::RateLimit;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn status_400_bad_request() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    assert_error(&t.raw(Method::POST, "/deals", "{\"title\": ").await, 400, "bad_request", None);
    assert_error(&t.raw(Method::PUT, "/deals/deal_a", "not json").await, 400, "bad_request", None);
    assert_error(&t.raw(Method::PUT, "/deals/deal_a/stage", "").await, 400, "bad_request", None);
    assert_error(&t.raw(Method::POST, "/deals", "[1, 2]").await, 400, "bad_request", None);
    assert_error(&t.get("/deals?sort=colour").await, 400, "bad_request", Some("sort"));
    assert_error(&t.get("/deals?cursor=garbage").await, 400, "bad_request", Some("cursor"));
    assert_error(&t.get("/deals?limit=0").await, 400, "bad_request", Some("limit"));
    assert_error(&t.get("/deals?limit=-5").await, 400, "bad_request", Some("limit"));
    assert_error(&t.get("/deals?status=maybe").await, 400, "bad_request", Some("status"));
    assert_error(&t.get("/deals?min_value=NaN").await, 400, "bad_request", Some("min_value"));
    assert_error(
        &t.get("/deals?expected_close_after=soon").await,
        400,
        "bad_request",
        Some("expected_close_after"),
    );
    // limit above 100 is clamped, not refused.
    let (status, v) = t.get("/deals?limit=1000").await;
    assert_eq!((status, v["meta"]["limit"].clone()), (200, json!(100)));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn cursor_for_another_sort_is_400() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (_, v) = t.get("/deals?limit=1&sort=value").await;
    let cursor = v["meta"]["next_cursor"].as_str().unwrap().to_string();
    assert_eq!(t.get(&format!("/deals?limit=1&sort=value&cursor={cursor}")).await.0, 200);
    for other in ["-value", "created_at", "expected_close_date"] {
        let got = t.get(&format!("/deals?limit=1&sort={other}&cursor={cursor}")).await;
        assert_error(&got, 400, "bad_request", Some("cursor"));
    }
    assert_error(
        &t.get(&format!("/deals?limit=1&cursor={cursor}")).await,
        400,
        "bad_request",
        Some("cursor"),
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_401_on_missing_or_wrong_key() {
    let t = TestServer::start().await;
    let url = t.url("/deals");
    let (status, v) = read(t.http.get(&url).send().await.unwrap()).await;
    assert_error(&(status, v), 401, "unauthorized", None);
    let wrong = read(t.http.get(&url).bearer_auth("test-kez").send().await.unwrap()).await;
    assert_error(&wrong, 401, "unauthorized", None);
    let basic =
        read(t.http.get(&url).header("authorization", "Basic dGVzdC1rZXk=").send().await.unwrap()).await;
    assert_error(&basic, 401, "unauthorized", None);
    // Writes are refused before they touch anything; unknown paths need the key too.
    let post = t.http.post(&url).bearer_auth("nope").json(&json!({"title": "x", "pipeline_id": "pipe_001"}));
    assert_error(&read(post.send().await.unwrap()).await, 401, "unauthorized", None);
    assert_error(&read(t.http.get(t.url("/nothing")).send().await.unwrap()).await, 401, "unauthorized", None);
    assert_eq!(t.get("/deals").await.1["meta"]["total"], json!(0));
    // The scheme is case-insensitive.
    let lower = t.http.get(&url).header("authorization", "bearer test-key");
    assert_eq!(read(lower.send().await.unwrap()).await.0, 200);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_404_for_unknown_ids_routes_and_methods() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    assert_error(&t.get("/deals/deal_nope").await, 404, "not_found", None);
    assert_error(&t.put("/deals/deal_nope", json!({"value": 1})).await, 404, "not_found", None);
    assert_error(&t.delete("/deals/deal_nope").await, 404, "not_found", None);
    assert_error(&t.get("/pipelines/pipe_nope/stages").await, 404, "not_found", None);
    assert_error(
        &t.put("/deals/deal_a/stage", json!({"stage_id": "stage_nope"})).await,
        404,
        "not_found",
        Some("stage_id"),
    );
    let missing_pipeline = t.post("/deals", json!({"title": "x", "pipeline_id": "pipe_nope"})).await;
    assert_error(&missing_pipeline, 404, "not_found", Some("pipeline_id"));
    assert_error(
        &t.post("/deals", json!({"title": "x", "pipeline_id": "pipe_001", "stage_id": "stage_nope"})).await,
        404,
        "not_found",
        Some("stage_id"),
    );
    assert_error(&t.get("/nothing/here").await, 404, "not_found", None);
    assert_error(&t.get("/deals/deal_a/nothing").await, 404, "not_found", None);
    // A known path with a method it does not take is 405 (tests/server_api/edges.rs checks Allow).
    let patch = t.call(Method::PATCH, "/deals/deal_a", Some(json!({}))).await;
    assert_error(&patch, 405, "method_not_allowed", None);
    assert_error(&t.call(Method::DELETE, "/pipelines", None).await, 405, "method_not_allowed", None);
    let outside = read(
        t.http
            .get(format!("http://{}/v2/deals", t.server.addr()))
            .bearer_auth("test-key")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&outside, 404, "not_found", None);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_413_for_bodies_over_one_mib() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let big = format!("{{\"title\": \"{}\"}}", "x".repeat(1024 * 1024));
    assert_error(&t.raw(Method::PUT, "/deals/deal_a", big.clone()).await, 413, "payload_too_large", None);
    assert_error(&t.raw(Method::POST, "/deals", big).await, 413, "payload_too_large", None);
    // Without a Content-Length (chunked) the limit holds too.
    let head =
        "POST /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nTransfer-Encoding: chunked";
    let body = chunked(&vec![b' '; 1100 * 1024], 64 * 1024);
    assert_error(&raw_http(t.server.addr(), head, &body).await, 413, "payload_too_large", None);
    let small = chunked(br#"{"title": "chunked", "pipeline_id": "pipe_001"}"#, 7);
    assert_eq!(raw_http(t.server.addr(), head, &small).await.0, 201);
    // Just under the limit is read (and then judged on its content).
    let fits = format!(
        "{{\"title\": \"ok\", \"pipeline_id\": \"pipe_001\", \"pad\": \"{}\"}}",
        "x".repeat(1000 * 1024)
    );
    assert_eq!(t.raw(Method::POST, "/deals", fits).await.0, 201);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_422_validation_error_names_each_field() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let base = || json!({"title": "Valid", "pipeline_id": "pipe_001"});
    let with = |k: &str, v: Value| {
        let mut b = base();
        b[k] = v;
        b
    };
    let cases: Vec<(Value, &str)> = vec![
        (json!({"pipeline_id": "pipe_001"}), "title"),
        (with("title", json!("   ")), "title"),
        (with("title", json!("x".repeat(256))), "title"),
        (with("title", json!("bell\u{7}")), "title"),
        (with("title", json!(42)), "title"),
        (json!({"title": "x"}), "pipeline_id"),
        (with("value", json!("$50,000")), "value"),
        (with("value", json!(-1)), "value"),
        (with("currency", json!("usd")), "currency"),
        (with("currency", json!("ABC")), "currency"),
        (with("currency", json!("EURO")), "currency"),
        (with("probability", json!(101)), "probability"),
        (with("probability", json!(-1)), "probability"),
        (with("probability", json!(33.3)), "probability"),
        (with("probability", json!("50")), "probability"),
        (with("expected_close_date", json!("2026-02-30")), "expected_close_date"),
        (with("expected_close_date", json!("2026-05-01T00:00:00Z")), "expected_close_date"),
        (with("expected_close_date", json!("05/01/2026")), "expected_close_date"),
        (with("contact_id", json!("con_x")), "contact_id"),
        (with("owner_id", json!("usr_x")), "owner_id"),
        (with("tags", json!("hot")), "tags"),
        (with("tags", json!([""])), "tags"),
        (with("tags", json!(["x".repeat(51)])), "tags"),
        (with("tags", json!((0..21).map(|i| i.to_string()).collect::<Vec<_>>())), "tags"),
        (with("tags", json!([1])), "tags"),
        (with("custom_fields", json!({"nested": {"a": 1}})), "custom_fields"),
        (with("custom_fields", json!([1])), "custom_fields"),
    ];
    for (body, field) in &cases {
        let got = t.post("/deals", body.clone()).await;
        assert_error(&got, 422, "validation_error", Some(field));
    }
    let got = t.post("/deals", with("contact_id", json!("con_x"))).await;
    assert_eq!(got.1["error"]["message"], json!("contact con_x not found"));
    let got = t.post("/deals", with("value", json!("$50,000"))).await;
    assert_eq!(got.1["error"]["message"], json!("value must be a number"));

    // The same rules on PUT, plus status and the fields that cannot be cleared.
    let put_cases: Vec<(Value, &str)> = vec![
        (json!({"title": null}), "title"),
        (json!({"title": ""}), "title"),
        (json!({"value": "$50,000"}), "value"),
        (json!({"currency": "usd"}), "currency"),
        (json!({"probability": 200}), "probability"),
        (json!({"expected_close_date": "2026-13-01"}), "expected_close_date"),
        (json!({"contact_id": "con_x"}), "contact_id"),
        (json!({"owner_id": "usr_x"}), "owner_id"),
        (json!({"status": "maybe"}), "status"),
        (json!({"status": null}), "status"),
        (json!({"tags": [""]}), "tags"),
        (json!({"custom_fields": {"a": [1]}}), "custom_fields"),
        (json!({"pipeline_id": null}), "pipeline_id"),
        (json!({"stage_id": null}), "stage_id"),
        (json!({"won_reason": 5}), "won_reason"),
        (json!({"competitor": "x".repeat(2001)}), "competitor"),
    ];
    for (body, field) in &put_cases {
        assert_error(&t.put("/deals/deal_a", body.clone()).await, 422, "validation_error", Some(field));
    }
    assert_error(&t.put("/deals/deal_a/stage", json!({})).await, 422, "validation_error", Some("stage_id"));
    assert_error(
        &t.put("/deals/deal_a/stage", json!({"stage_id": 3})).await,
        422,
        "validation_error",
        Some("stage_id"),
    );
    assert_error(
        &t.put("/deals/deal_a/stage", json!({"stage_id": "stage_001", "note": 1})).await,
        422,
        "validation_error",
        Some("note"),
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_422_stage_not_in_pipeline_on_create_move_and_put() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let create =
        t.post("/deals", json!({"title": "x", "pipeline_id": "pipe_001", "stage_id": "stage_101"})).await;
    assert_error(&create, 422, "stage_not_in_pipeline", Some("stage_id"));
    let mv = t.put("/deals/deal_a/stage", json!({"stage_id": "stage_102"})).await;
    assert_error(&mv, 422, "stage_not_in_pipeline", Some("stage_id"));
    assert!(mv.1["error"]["message"].as_str().unwrap().contains("pipeline_id first"));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_429_with_retry_after_when_rate_limited() {
    let t = TestServer::start().await;
    t.server.set_rate_limit(Some(RateLimit { requests: 2, per: Duration::from_secs(60) }));
    assert_eq!(t.get("/pipelines").await.0, 200);
    assert_eq!(t.get("/pipelines").await.0, 200);
    let resp = t.http.get(t.url("/pipelines")).bearer_auth("test-key").send().await.unwrap();
    let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_error(&read(resp).await, 429, "rate_limited", None);
    t.server.set_rate_limit(None);
    assert_eq!(t.get("/pipelines").await.0, 200);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn status_500_internal_never_leaks_the_cause() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    // Break the database underneath the server: the contacts link table disappears.
    let conn = rusqlite::Connection::open(t.db_path()).unwrap();
    conn.execute_batch("DROP TABLE deal_contacts").unwrap();
    drop(conn);
    let got = t.get("/deals/deal_a/contacts").await;
    assert_error(&got, 500, "internal", None);
    let text = got.1.to_string();
    assert_eq!(got.1["error"]["message"], json!("internal server error"));
    assert!(!text.contains("deal_contacts") && !text.contains("SQL") && !text.contains("table"), "{text}");
    // The server keeps serving what still works.
    assert_eq!(t.get("/deals").await.0, 200);
    t.server.shutdown().await.unwrap();
}

/// Everything the API can show about the workspace, to compare before and after.
async fn snapshot(t: &TestServer) -> Vec<Value> {
    let mut out =
        vec![t.get("/deals?limit=100&sort=created_at").await.1, t.get("/pipelines/pipe_001/stages").await.1];
    for id in ["deal_a", "deal_b"] {
        out.push(t.get(&format!("/deals/{id}")).await.1);
        out.push(t.get(&format!("/deals/{id}/activities")).await.1);
    }
    out
}

#[tokio::test]
async fn a_rejected_write_changes_nothing() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let before = snapshot(&t).await;
    let refused: Vec<(Method, &str, Value)> = vec![
        // Valid fields first, then one that fails: none of them may stick.
        (
            Method::PUT,
            "/deals/deal_a",
            json!({"title": "Changed", "value": 1, "stage_id": "stage_003", "owner_id": "usr_x"}),
        ),
        (Method::PUT, "/deals/deal_a", json!({"status": "won", "won_reason": "x", "contact_id": "con_x"})),
        (Method::PUT, "/deals/deal_a", json!({"pipeline_id": "pipe_002", "stage_id": "stage_001"})),
        (Method::PUT, "/deals/deal_a", json!({"value": 5, "currency": "usd"})),
        (Method::PUT, "/deals/deal_a/stage", json!({"stage_id": "stage_101", "note": "n"})),
        (Method::POST, "/deals", json!({"title": "New", "pipeline_id": "pipe_001", "owner_id": "usr_x"})),
        (Method::POST, "/deals", json!({"title": "New", "pipeline_id": "pipe_001", "stage_id": "stage_101"})),
        (Method::DELETE, "/deals/deal_zz", json!(null)),
    ];
    for (method, path, body) in refused {
        let body = (!body.is_null()).then_some(body);
        let (status, v) = t.call(method.clone(), path, body).await;
        assert!(status >= 400, "{method} {path}: {status} {v}");
        assert_eq!(snapshot(&t).await, before, "{method} {path} changed something");
    }
    for raw in ["{\"title\": \"New\", \"pipeline_id\": \"pipe_001\"", "{\"value\": 1e400}"] {
        assert_eq!(t.raw(Method::POST, "/deals", raw).await.0, 400);
        assert_eq!(t.raw(Method::PUT, "/deals/deal_a", raw).await.0, 400);
    }
    assert_eq!(snapshot(&t).await, before);
    t.server.shutdown().await.unwrap();
}
