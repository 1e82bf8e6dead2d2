//! The contract's decisions on values and reasons, each with its status, error `code` and `field`:
//! `currency` cannot be cleared, `probability: null` returns to the stage's probability, `value`
//! is at most 10^15, a reason only with its status, and control characters (bidirectional
//! controls among them) refused in every text field with a message that says so.

use serde_json::{Value, json};

use crate::support::*;

/// Asserts a 422 `validation_error` naming `field`, and answers the message.
#[track_caller]
fn refused_on(got: (u16, Value), field: &str) -> String {
    let (status, v) = got;
    assert_eq!(
        (status, v["error"]["code"].clone(), v["error"]["field"].clone()),
        (422, json!("validation_error"), json!(field)),
        "{v}"
    );
    v["error"]["message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn currency_cannot_be_cleared() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    refused_on(t.put("/deals/deal_a", json!({"currency": null})).await, "currency");
    let (_, d) = t.get("/deals/deal_a").await;
    assert_eq!(d["data"]["currency"], json!("USD"));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn probability_null_returns_the_deal_to_its_stages_probability() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) = t.put("/deals/deal_a", json!({"probability": 80})).await;
    assert_eq!((status, v["data"]["probability"].clone()), (200, json!(80)), "{v}");
    let (status, v) = t.put("/deals/deal_a", json!({"probability": null})).await;
    assert_eq!((status, v["data"]["probability"].clone()), (200, json!(50)), "Proposal's: {v}");
    // With a move in the same patch: the new stage's.
    let (status, v) = t.put("/deals/deal_a", json!({"stage_id": "stage_001", "probability": null})).await;
    assert_eq!((status, v["data"]["probability"].clone()), (200, json!(10)), "Lead's: {v}");
    let (_, d) = t.get("/deals/deal_a").await;
    assert_eq!(d["data"]["probability"], json!(10));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn value_is_at_most_ten_to_the_fifteen_on_create_and_update() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let at_most = 1_000_000_000_000_000_i64;
    let d = t.create(json!({"title": "Max", "pipeline_id": "pipe_001", "value": at_most})).await;
    assert_eq!(d["value"], json!(at_most));
    refused_on(
        t.post("/deals", json!({"title": "Over", "pipeline_id": "pipe_001", "value": at_most + 1})).await,
        "value",
    );
    let (status, v) = t.put("/deals/deal_a", json!({"value": at_most})).await;
    assert_eq!((status, v["data"]["value"].clone()), (200, json!(at_most)), "{v}");
    let message = refused_on(t.put("/deals/deal_a", json!({"value": 1e16})).await, "value");
    assert!(message.contains("at most"), "{message}");
    let (_, d) = t.get("/deals/deal_a").await;
    assert_eq!(d["data"]["value"], json!(at_most));
    let (_, all) = t.get("/deals?limit=100").await;
    assert_eq!(all["data"].as_array().unwrap().len(), 3, "the refused create left nothing: {all}");
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_reason_only_with_its_status_in_the_request_or_on_the_deal() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    // On an open deal, alone or with another status: refused, nothing changes.
    for (body, field) in [
        (json!({"won_reason": "Fit"}), "won_reason"),
        (json!({"lost_reason": "Price"}), "lost_reason"),
        (json!({"competitor": "Acme"}), "competitor"),
        (json!({"status": "lost", "won_reason": "Fit"}), "won_reason"),
        (json!({"status": "won", "competitor": "Acme"}), "competitor"),
        (json!({"status": "open", "lost_reason": "Price"}), "lost_reason"),
    ] {
        refused_on(t.put("/deals/deal_a", body).await, field);
    }
    let (_, d) = t.get("/deals/deal_a").await;
    assert_eq!((d["data"]["status"].clone(), d["data"]["closed_at"].clone()), (json!("open"), json!(null)));

    // With the status in the same request.
    let (status, v) = t.put("/deals/deal_a", json!({"status": "lost", "lost_reason": "Price"})).await;
    assert_eq!((status, v["data"]["lost_reason"].clone()), (200, json!("Price")), "{v}");
    // On a deal that already has the status.
    let (status, v) = t.put("/deals/deal_a", json!({"competitor": "Acme"})).await;
    assert_eq!(
        (status, v["data"]["lost_reason"].clone(), v["data"]["competitor"].clone()),
        (200, json!("Price"), json!("Acme")),
        "{v}"
    );
    refused_on(t.put("/deals/deal_a", json!({"won_reason": "Fit"})).await, "won_reason");
    // Clearing a reason is always taken.
    let (status, v) = t.put("/deals/deal_a", json!({"won_reason": null, "competitor": null})).await;
    assert_eq!((status, v["data"]["competitor"].clone()), (200, json!(null)), "{v}");
    let (status, v) = t.put("/deals/deal_a", json!({"status": "won", "won_reason": "Fit"})).await;
    assert_eq!(
        (status, v["data"]["won_reason"].clone(), v["data"]["lost_reason"].clone()),
        (200, json!("Fit"), json!(null)),
        "{v}"
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn control_characters_are_refused_in_every_text_field_and_said_so() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (_, before) = t.get("/deals/deal_a").await;
    let bidi = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
        '\u{2069}',
    ];
    let mut cases = vec![
        (json!({"title": "a\u{7}b"}), "title"),
        (json!({"tags": ["ok", "a\u{1b}b"]}), "tags"),
        (json!({"custom_fields": {"na\u{1b}me": "x"}}), "custom_fields"),
        (json!({"custom_fields": {"name": "x\u{8}y"}}), "custom_fields"),
        (json!({"status": "won", "won_reason": "a\u{0}"}), "won_reason"),
        (json!({"status": "lost", "lost_reason": "a\u{7f}"}), "lost_reason"),
        (json!({"status": "lost", "competitor": "a\u{9b}"}), "competitor"),
    ];
    for c in bidi {
        cases.push((json!({"title": format!("safe{c}txt.exe")}), "title"));
        cases.push((json!({"tags": [format!("t{c}")]}), "tags"));
        cases.push((json!({"custom_fields": {"k": format!("v{c}")}}), "custom_fields"));
        cases.push((json!({"status": "won", "won_reason": format!("r{c}")}), "won_reason"));
    }
    for (body, field) in cases {
        let message = refused_on(t.put("/deals/deal_a", body.clone()).await, field);
        assert_eq!(message, format!("{field} must not contain control characters"), "{body}");
    }
    let (_, after) = t.get("/deals/deal_a").await;
    assert_eq!(after, before, "no refused write changed the deal");

    // On create, and for a stage move's note.
    let create = [
        (json!({"title": "x\u{202E}y", "pipeline_id": "pipe_001"}), "title"),
        (json!({"title": "x", "pipeline_id": "pipe_001", "tags": ["\u{2066}"]}), "tags"),
        (json!({"title": "x", "pipeline_id": "pipe_001", "custom_fields": {"\u{7}": 1}}), "custom_fields"),
    ];
    for (body, field) in create {
        let message = refused_on(t.post("/deals", body.clone()).await, field);
        assert!(message.contains("control characters"), "{body}: {message}");
    }
    let note = json!({"stage_id": "stage_001", "note": "a\u{202B}b"});
    let message = refused_on(t.put("/deals/deal_a/stage", note).await, "note");
    assert_eq!(message, "note must not contain control characters");
    t.server.shutdown().await.unwrap();
}
