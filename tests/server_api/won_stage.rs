//! The board's won stage sends ONE `PUT /deals/:id` that moves a deal into the won stage and
//! wins it with its reason (and one that reopens it in an earlier stage): the server takes
//! both, with the stage history and the activities each part of the change leaves.

use serde_json::{Value, json};

use crate::support::*;

fn types(acts: &Value) -> Vec<String> {
    acts["data"].as_array().unwrap().iter().map(|a| a["type"].as_str().unwrap().to_string()).collect()
}

fn history(det: &Value) -> Vec<Value> {
    det["data"]["stage_history"].as_array().unwrap().iter().map(|h| h["stage_id"].clone()).collect()
}

#[tokio::test]
async fn one_put_moves_a_deal_into_the_won_stage_and_wins_it_and_one_reopens_it_where_it_was() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let body = json!({"stage_id": "stage_003", "status": "won", "won_reason": "Best fit"});
    let (status, v) = t.put("/deals/deal_a", body).await;
    assert_eq!(status, 200, "{v}");
    let d = &v["data"];
    assert_eq!(
        (d["stage_id"].clone(), d["stage_name"].clone(), d["probability"].clone()),
        (json!("stage_003"), json!("Won"), json!(100))
    );
    assert_eq!((d["status"].clone(), d["won_reason"].clone()), (json!("won"), json!("Best fit")));
    assert!(d["closed_at"].is_string());
    let (_, det) = t.get("/deals/deal_a").await;
    assert_eq!(history(&det).last(), Some(&json!("stage_003")));
    let (_, acts) = t.get("/deals/deal_a/activities").await;
    let new: Vec<String> = types(&acts).into_iter().skip(1).collect();
    let mut sorted = new.clone();
    sorted.sort();
    assert_eq!(sorted, ["stage_change", "status_change"], "{new:?}");

    // The board's reopen out of the won stage: open again, in the stage before, reasons gone.
    let (status, v) = t.put("/deals/deal_a", json!({"stage_id": "stage_002", "status": "open"})).await;
    assert_eq!(status, 200, "{v}");
    let d = &v["data"];
    assert_eq!(
        (d["stage_id"].clone(), d["status"].clone(), d["won_reason"].clone(), d["closed_at"].clone()),
        (json!("stage_002"), json!("open"), json!(null), json!(null))
    );
    let (_, det) = t.get("/deals/deal_a").await;
    let h = history(&det);
    assert_eq!(h[h.len() - 2..], [json!("stage_003"), json!("stage_002")]);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_demo_holds_no_open_deal_in_a_won_stage_and_some_won_lately() {
    let t = TestServer::start_with(|o| o.demo = true).await;
    for stage in ["stage_005", "stage_010"] {
        let (_, v) = t.get(&format!("/deals?stage_id={stage}&status=open")).await;
        assert_eq!(v["data"].as_array().unwrap().len(), 0, "{stage}: {v}");
        let (_, v) = t.get(&format!("/deals?stage_id={stage}&status=won&limit=100")).await;
        assert!(v["data"].as_array().unwrap().len() >= 4, "{stage}: {v}");
    }
    t.server.shutdown().await.unwrap();
}
