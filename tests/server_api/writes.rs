//! docs/API.md "Writes": defaults, partial updates, won/lost/reopen, pipeline changes, stage moves
//! with history and activities, deletes.

use serde_json::{Value, json};

use crate::support::*;

fn types(acts: &Value) -> Vec<String> {
    acts["data"].as_array().unwrap().iter().map(|a| a["type"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn create_applies_the_defaults_and_answers_201() {
    let t = TestServer::start_with(|o| o.currency = "EUR".into()).await;
    let (status, v) = t.post("/deals", json!({"title": "  Premium Plan  ", "pipeline_id": "pipe_001"})).await;
    assert_eq!(status, 201, "{v}");
    let d = &v["data"];
    assert!(d["id"].as_str().unwrap().starts_with("deal_"));
    assert_eq!(d["title"], json!("Premium Plan"));
    assert_eq!((d["stage_id"].clone(), d["stage_name"].clone()), (json!("stage_001"), json!("Lead")));
    assert_eq!((d["currency"].clone(), d["probability"].clone()), (json!("EUR"), json!(10)));
    assert_eq!((d["status"].clone(), d["value"].clone()), (json!("open"), json!(null)));
    assert_eq!((d["tags"].clone(), d["custom_fields"].clone()), (json!([]), json!({})));
    assert_eq!(d["created_at"], d["updated_at"]);
    // Explicit values win over defaults; the stage's probability follows a given stage.
    let d = t
        .create(json!({"title": "X", "pipeline_id": "pipe_001", "stage_id": "stage_004", "currency": "GBP",
                       "value": 24000.5, "tags": ["a"], "custom_fields": {"k": 1}}))
        .await;
    assert_eq!(
        (d["stage_id"].clone(), d["probability"].clone(), d["currency"].clone()),
        (json!("stage_004"), json!(75), json!("GBP"))
    );
    assert_eq!(d["value"], json!(24000.5));
    let d = t.create(json!({"title": "Y", "pipeline_id": "pipe_001", "probability": 3})).await;
    assert_eq!(d["probability"], json!(3));
    // The detail has one open history entry.
    let (_, det) = t.get(&format!("/deals/{}", d["id"].as_str().unwrap())).await;
    let h = det["data"]["stage_history"].as_array().unwrap();
    assert_eq!(
        (h.len(), h[0]["stage_id"].clone(), h[0]["left_at"].clone()),
        (1, json!("stage_001"), json!(null))
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn put_changes_only_what_is_sent_and_null_clears() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (_, before) = t.get("/deals/deal_a").await;
    let (status, v) =
        t.put("/deals/deal_a", json!({"value": 2500, "owner_id": null, "tags": null, "unknown": 1})).await;
    assert_eq!(status, 200, "{v}");
    let (a, b) = (&v["data"], &before["data"]);
    assert_eq!(
        (a["value"].clone(), a["owner_id"].clone(), a["tags"].clone()),
        (json!(2500), json!(null), json!([]))
    );
    for same in [
        "title",
        "stage_id",
        "currency",
        "probability",
        "contact_id",
        "expected_close_date",
        "custom_fields",
        "created_at",
    ] {
        assert_eq!(a[same], b[same], "{same}");
    }
    assert_ne!(a["updated_at"], b["updated_at"]);
    let (_, v) = t
        .put(
            "/deals/deal_a",
            json!({"custom_fields": null, "expected_close_date": null, "probability": null}),
        )
        .await;
    assert_eq!(
        (
            v["data"]["custom_fields"].clone(),
            v["data"]["expected_close_date"].clone(),
            v["data"]["probability"].clone()
        ),
        // `probability: null` returns the deal to its stage's probability (Proposal: 50).
        (json!({}), json!(null), json!(50))
    );
    // The primary contact follows contact_id; the old one keeps its role in the list.
    let (_, v) = t.put("/deals/deal_a", json!({"contact_id": "con_3"})).await;
    assert_eq!(v["data"]["contact_id"], json!("con_3"));
    let (_, c) = t.get("/deals/deal_a/contacts").await;
    let primary: Vec<_> =
        c["data"].as_array().unwrap().iter().filter(|x| x["is_primary"] == json!(true)).collect();
    assert_eq!((primary.len(), primary[0]["id"].clone()), (1, json!("con_3")));
    assert!(
        c["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == json!("con_1") && x["role"] == json!("decision_maker"))
    );
    // An empty patch changes nothing, not even updated_at.
    let (_, now) = t.get("/deals/deal_a").await;
    let (status, same) = t.put("/deals/deal_a", json!({})).await;
    assert_eq!((status, &same["data"]["updated_at"]), (200, &now["data"]["updated_at"]));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn won_lost_and_reopen_with_reasons_closed_at_and_activities() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) =
        t.put("/deals/deal_a", json!({"status": "won", "won_reason": "Best feature fit"})).await;
    assert_eq!(status, 200, "{v}");
    let d = &v["data"];
    assert_eq!((d["status"].clone(), d["won_reason"].clone()), (json!("won"), json!("Best feature fit")));
    let closed_at = d["closed_at"].as_str().expect("closing sets closed_at").to_string();

    let (_, v) = t
        .put(
            "/deals/deal_a",
            json!({"status": "lost", "lost_reason": "Price too high", "competitor": "Salesforce"}),
        )
        .await;
    let d = &v["data"];
    assert_eq!(
        (d["status"].clone(), d["won_reason"].clone(), d["lost_reason"].clone(), d["competitor"].clone()),
        (json!("lost"), json!(null), json!("Price too high"), json!("Salesforce"))
    );
    assert!(d["closed_at"].as_str().unwrap() >= closed_at.as_str());

    let (_, v) = t.put("/deals/deal_a", json!({"status": "open"})).await;
    let d = &v["data"];
    assert_eq!(
        (d["status"].clone(), d["lost_reason"].clone(), d["competitor"].clone(), d["closed_at"].clone()),
        (json!("open"), json!(null), json!(null), json!(null))
    );
    let (_, acts) = t.get("/deals/deal_a/activities").await;
    assert_eq!(types(&acts), ["call", "status_change", "status_change", "status_change"]);
    let notes: Vec<_> = acts["data"].as_array().unwrap()[1..].iter().map(|a| a["note"].clone()).collect();
    assert_eq!(
        notes,
        [json!("Best feature fit"), json!("Price too high (competitor: Salesforce)"), json!(null)]
    );
    // Same status again records nothing new.
    t.put("/deals/deal_a", json!({"status": "open"})).await;
    assert_eq!(types(&t.get("/deals/deal_a/activities").await.1).len(), 4);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn stage_move_closes_history_opens_a_new_entry_and_logs_it() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) = t
        .put("/deals/deal_a/stage", json!({"stage_id": "stage_003", "note": "Client approved the proposal"}))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["data"]["stage_id"].clone(), v["data"]["stage_name"].clone(), v["data"]["probability"].clone()),
        (json!("stage_003"), json!("Won"), json!(100))
    );
    let (_, det) = t.get("/deals/deal_a").await;
    let h = det["data"]["stage_history"].as_array().unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h[1]["left_at"], h[2]["entered_at"]);
    assert!(h[1]["left_at"].is_string());
    assert_eq!(
        (h[2]["stage_id"].clone(), h[2]["note"].clone(), h[2]["left_at"].clone()),
        (json!("stage_003"), json!("Client approved the proposal"), json!(null))
    );
    let (_, acts) = t.get("/deals/deal_a/activities").await;
    let last = acts["data"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["type"].clone(), last["note"].clone()),
        (json!("stage_change"), json!("Client approved the proposal"))
    );
    assert_eq!(last["subject"], json!("Stage changed from Proposal to Won"));

    // Same stage: a no-op 200 that records nothing.
    let (_, before) = t.get("/deals/deal_a").await;
    let (status, v) = t.put("/deals/deal_a/stage", json!({"stage_id": "stage_003"})).await;
    assert_eq!(
        (status, &v["data"]),
        (200, &{
            let mut d = before["data"].clone();
            let o = d.as_object_mut().unwrap();
            o.remove("contacts");
            o.remove("stage_history");
            d
        })
    );
    assert_eq!(t.get("/deals/deal_a").await.1, before);

    // Another pipeline's stage: 422 saying to update pipeline_id first.
    let got = t.put("/deals/deal_a/stage", json!({"stage_id": "stage_101"})).await;
    assert_error(&got, 422, "stage_not_in_pipeline", Some("stage_id"));
    assert!(got.1["error"]["message"].as_str().unwrap().contains("update pipeline_id first"), "{}", got.1);
    assert_error(
        &t.put("/deals/deal_a/stage", json!({"stage_id": "stage_999"})).await,
        404,
        "not_found",
        Some("stage_id"),
    );
    assert_error(
        &t.put("/deals/deal_zz/stage", json!({"stage_id": "stage_001"})).await,
        404,
        "not_found",
        None,
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn put_stage_id_alone_follows_the_stage_move_rules() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) = t.put("/deals/deal_a", json!({"stage_id": "stage_001"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["data"]["stage_id"].clone(), v["data"]["probability"].clone()),
        (json!("stage_001"), json!(10))
    );
    let (_, acts) = t.get("/deals/deal_a/activities").await;
    assert_eq!(types(&acts).last().unwrap(), "stage_change");
    let got = t.put("/deals/deal_a", json!({"stage_id": "stage_102"})).await;
    assert_error(&got, 422, "stage_not_in_pipeline", Some("stage_id"));
    // With the same pipeline_id it is still a plain stage move.
    let (status, v) =
        t.put("/deals/deal_a", json!({"pipeline_id": "pipe_001", "stage_id": "stage_002"})).await;
    assert_eq!((status, v["data"]["stage_id"].clone()), (200, json!("stage_002")));
    // An explicit probability wins over the stage's.
    let (_, v) = t.put("/deals/deal_a", json!({"stage_id": "stage_003", "probability": 42})).await;
    assert_eq!(v["data"]["probability"], json!(42));
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn changing_pipeline_moves_to_the_given_or_first_stage() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) = t.put("/deals/deal_a", json!({"pipeline_id": "pipe_002"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["data"]["pipeline_id"].clone(), v["data"]["stage_id"].clone(), v["data"]["probability"].clone()),
        (json!("pipe_002"), json!("stage_101"), json!(40))
    );
    let (_, v) = t.put("/deals/deal_a", json!({"pipeline_id": "pipe_001", "stage_id": "stage_003"})).await;
    assert_eq!(
        (v["data"]["pipeline_id"].clone(), v["data"]["stage_id"].clone()),
        (json!("pipe_001"), json!("stage_003"))
    );
    let (_, det) = t.get("/deals/deal_a").await;
    let stages: Vec<_> =
        det["data"]["stage_history"].as_array().unwrap().iter().map(|h| h["stage_id"].clone()).collect();
    assert_eq!(stages, [json!("stage_001"), json!("stage_002"), json!("stage_101"), json!("stage_003")]);
    // The given stage must belong to the new pipeline; the pipeline must exist.
    assert_error(
        &t.put("/deals/deal_a", json!({"pipeline_id": "pipe_002", "stage_id": "stage_001"})).await,
        422,
        "stage_not_in_pipeline",
        Some("stage_id"),
    );
    assert_error(
        &t.put("/deals/deal_a", json!({"pipeline_id": "pipe_404"})).await,
        404,
        "not_found",
        Some("pipeline_id"),
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn delete_answers_deleted_then_404_and_takes_the_history_along() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) = t.delete("/deals/deal_a").await;
    assert_eq!((status, v), (200, json!({"success": true, "data": {"id": "deal_a", "deleted": true}})));
    assert_error(&t.delete("/deals/deal_a").await, 404, "not_found", None);
    assert_error(&t.get("/deals/deal_a").await, 404, "not_found", None);
    assert_error(&t.get("/deals/deal_a/activities").await, 404, "not_found", None);
    assert_error(&t.get("/deals/deal_a/contacts").await, 404, "not_found", None);
    let conn = rusqlite::Connection::open(t.db_path()).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM stage_history WHERE deal_id = 'deal_a')
                  + (SELECT COUNT(*) FROM activities WHERE deal_id = 'deal_a')
                  + (SELECT COUNT(*) FROM deal_contacts WHERE deal_id = 'deal_a')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    t.server.shutdown().await.unwrap();
}
