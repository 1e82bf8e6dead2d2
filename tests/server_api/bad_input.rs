//! Hostile and broken input never yields a 500, a panic or a non-envelope answer.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[track_caller]
fn refused_cleanly(got: &(u16, serde_json::Value), what: &str) {
    let (status, v) = got;
    assert!((400..500).contains(status), "{what}: status {status} {v}");
    assert_eq!(v["success"], json!(false), "{what}: {v}");
    assert!(v["error"]["code"].is_string(), "{what}: {v}");
}

#[tokio::test]
async fn malformed_json_and_wrong_types() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let bodies: Vec<Vec<u8>> = vec![
        b"{".to_vec(),
        b"{\"title\":}".to_vec(),
        b"{\"title\": \"x\", \"pipeline_id\": \"pipe_001\"} trailing".to_vec(),
        b"\xEF\xBB\xBF{\"title\": \"bom\"}".to_vec(),
        b"{\"title\": \"\xFF\xFE\"}".to_vec(),
        b"{\"title\": \"a\0b\"}".to_vec(),
        b"\0".to_vec(),
        b"null".to_vec(),
        b"\"just a string\"".to_vec(),
        b"12".to_vec(),
        b"{\"title\": \"x\", \"pipeline_id\": \"pipe_001\", \"title\": 5}".to_vec(),
        "[".repeat(100_000).into_bytes(),
        format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000)).into_bytes(),
        b"{\"value\": 1e400}".to_vec(),
        b"{\"value\": -1e400}".to_vec(),
        b"{\"probability\": 1e400}".to_vec(),
        b"{\"value\": NaN}".to_vec(),
        b"{\"value\": Infinity}".to_vec(),
    ];
    for body in bodies {
        let what = String::from_utf8_lossy(&body[..body.len().min(60)]).to_string();
        refused_cleanly(&t.raw(Method::POST, "/deals", body.clone()).await, &what);
        refused_cleanly(&t.raw(Method::PUT, "/deals/deal_a", body.clone()).await, &what);
        refused_cleanly(&t.raw(Method::PUT, "/deals/deal_a/stage", body).await, &what);
    }
    let wrong_types = [
        json!({"title": {"a": 1}, "pipeline_id": "pipe_001"}),
        json!({"title": ["x"], "pipeline_id": "pipe_001"}),
        json!({"title": "x", "pipeline_id": 1}),
        json!({"title": "x", "pipeline_id": "pipe_001", "value": true}),
        json!({"title": "x", "pipeline_id": "pipe_001", "value": [1]}),
        json!({"title": "x", "pipeline_id": "pipe_001", "value": "NaN"}),
        json!({"title": "x", "pipeline_id": "pipe_001", "value": "Infinity"}),
        json!({"title": "x", "pipeline_id": "pipe_001", "value": "-0"}),
        json!({"title": "x", "pipeline_id": "pipe_001", "probability": 1e20}),
        json!({"title": "x", "pipeline_id": "pipe_001", "probability": u64::MAX}),
        json!({"title": "x", "pipeline_id": "pipe_001", "probability": i64::MIN}),
        json!({"title": "x", "pipeline_id": "pipe_001", "stage_id": ["stage_001"]}),
        json!({"title": "x", "pipeline_id": "pipe_001", "expected_close_date": 20260501}),
        json!({"title": "x", "pipeline_id": "pipe_001", "expected_close_date": "+002026-05-01"}),
        json!({"title": "x", "pipeline_id": "pipe_001", "tags": {"a": "b"}}),
        json!({"title": "x", "pipeline_id": "pipe_001", "custom_fields": "x"}),
        json!({"title": "x", "pipeline_id": "pipe_001", "custom_fields": {"deep": [[[[1]]]]}}),
        json!({"title": "x", "pipeline_id": "pipe_001", "owner_id": "usr_\u{1b}[2J"}),
        json!({"title": "x", "pipeline_id": "pipe_\u{0}"}),
        json!({"title": "x", "pipeline_id": "p".repeat(10_000)}),
        json!({"title": "\u{1b}[31mred", "pipeline_id": "pipe_001"}),
        json!({"title": "x\u{9b}", "pipeline_id": "pipe_001"}),
    ];
    for body in wrong_types {
        refused_cleanly(&t.post("/deals", body.clone()).await, &body.to_string());
        refused_cleanly(&t.put("/deals/deal_a", body.clone()).await, &body.to_string());
    }
    refused_cleanly(
        &t.put("/deals/deal_a/stage", json!({"stage_id": "stage_002", "note": "\u{1b}]0;pwned\u{7}"})).await,
        "note",
    );
    // Extreme numbers: the largest value taken (10^15) comes back as a number; beyond it, even
    // as a long integer, is a 422 on `value`.
    let d = t.create(json!({"title": "Big", "pipeline_id": "pipe_001", "value": 1e15})).await;
    assert_eq!(d["value"], json!(1_000_000_000_000_000_i64));
    let (status, v) =
        t.post("/deals", json!({"title": "Big", "pipeline_id": "pipe_001", "value": 1e308})).await;
    assert_eq!((status, v["error"]["field"].clone()), (422, json!("value")), "{v}");
    let (status, v) = t
        .raw(
            Method::POST,
            "/deals",
            r#"{"title": "Huge", "pipeline_id": "pipe_001", "value": 123456789012345678901234567890}"#,
        )
        .await;
    assert_eq!((status, v["error"]["field"].clone()), (422, json!("value")), "{v}");
    let d = t.create(json!({"title": "Tiny", "pipeline_id": "pipe_001", "value": 1e-400})).await;
    assert_eq!(d["value"], json!(0));
    let d = t
        .create(json!({"title": "Emoji 🚀 Müller 株式会社", "pipeline_id": "pipe_001", "tags": ["ünï"]}))
        .await;
    assert_eq!(d["title"], json!("Emoji 🚀 Müller 株式会社"));
    assert_eq!(t.get("/deals?sort=value&limit=100").await.0, 200);
    // More of the largest values in one stage: the stage total stays a JSON number.
    t.create(json!({"title": "Big 2", "pipeline_id": "pipe_001", "value": 1e15})).await;
    t.create(json!({"title": "Big 3", "pipeline_id": "pipe_001", "value": 1e15})).await;
    let (status, v) = t.get("/pipelines/pipe_001/stages").await;
    assert_eq!(status, 200);
    assert!(v["data"].as_array().unwrap().iter().all(|s| s["total_value"].is_number()), "{v}");
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn hostile_query_strings_cursors_and_paths() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let fine = [
        "/deals?colour=red&sort=value",
        "/deals?owner_id=%1B%5B2J",
        "/deals?owner_id=%FF%FE",
        "/deals?pipeline_id=&stage_id=",
        "/deals?limit=100000000",
        "/deals?min_value=1e308&max_value=0",
        "/deals?expected_close_after=2026-05-01T10:00:00%2B02:00",
        "/deals?status=open&status=won",
        "/deals?%00=%00",
        "/contacts?q=%00%1B%25_%5C",
        "/contacts?q=%FF",
    ];
    for path in fine {
        let (status, v) = t.get(path).await;
        assert_eq!((status, v["success"].clone()), (200, json!(true)), "{path}: {v}");
    }
    let refused = [
        "/deals?limit=NaN",
        "/deals?limit=1.5",
        "/deals?limit=99999999999999999999999",
        "/deals?limit=",
        "/deals?min_value=NaN",
        "/deals?min_value=inf",
        "/deals?max_value=-Infinity",
        "/deals?max_value=1e400",
        "/deals?min_value=%2450%2C000",
        "/deals?expected_close_before=2026-02-30",
        "/deals?expected_close_after=%1B",
        "/deals?sort=",
        "/deals?sort=--value",
        "/deals?sort=value%00",
        "/deals?status=OPEN",
        "/deals?cursor=%00%01",
        "/deals?cursor=djE",
        "/deals?cursor=////",
        "/deals?cursor=dGhpcyBpcyBub3QgYSBjdXJzb3I",
        "/deals?cursor=djEKLXVwZGF0ZWRfYXQKaTEKZA", // v1 / -updated_at / i1 / "d": valid
    ];
    for path in &refused[..refused.len() - 1] {
        refused_cleanly(&t.get(path).await, path);
    }
    // A well-formed cursor for a position between deals just continues from there.
    assert_eq!(t.get(refused[refused.len() - 1]).await.0, 200);
    let long_cursor = format!("/deals?cursor={}", "A".repeat(5_000));
    refused_cleanly(&t.get(&long_cursor).await, "long cursor");
    for path in [
        "/deals/%00",
        "/deals/%1B%5B2J",
        "/deals/%FF",
        "/deals/..%2F..%2Fetc%2Fpasswd",
        "/pipelines/%00/stages",
    ] {
        let got = t.get(path).await;
        assert_error(&got, 404, "not_found", None);
        assert!(!got.1.to_string().contains('\u{1b}'), "{path}");
    }
    let long_id = format!("/deals/{}", "x".repeat(20_000));
    assert_error(&t.get(&long_id).await, 404, "not_found", None);
    // The server is still well.
    assert_eq!(t.get("/deals/deal_a").await.0, 200);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn raw_protocol_oddities_answer_the_envelope() {
    let t = TestServer::start().await;
    let addr = t.server.addr();
    // A JSON body with a lying content type, and one with none at all, are still read as JSON.
    let body = br#"{"title": "typed", "pipeline_id": "pipe_001"}"#;
    let head = format!(
        "POST /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: text/plain\r\nContent-Length: {}",
        body.len()
    );
    assert_eq!(raw_http(addr, &head, body).await.0, 201);
    let head = format!(
        "POST /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Length: {}",
        body.len()
    );
    assert_eq!(raw_http(addr, &head, body).await.0, 201);
    // A Content-Length over the limit is refused before the body is read.
    let head =
        "POST /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Length: 99999999999";
    assert_error(&raw_http(addr, head, b"{").await, 413, "payload_too_large", None);
    // A key with non-ASCII bytes is just wrong.
    let head = b"GET /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\xC3\xA9";
    let (status, body) = raw_http_text(addr, head, b"").await;
    assert_error(&(status, serde_json::from_str(&body).unwrap()), 401, "unauthorized", None);
    // Control characters in a header break HTTP itself: hyper refuses the request with a bare 400
    // before any route runs (there is no request to answer in the envelope). Never a 500.
    let head = b"GET /v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\x01";
    assert_eq!(raw_http_text(addr, head, b"").await.0, 400);
    let head = b"GET /v1/deals\x1b[2J HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key";
    assert_eq!(raw_http_text(addr, head, b"").await.0, 400);
    t.server.shutdown().await.unwrap();
}
