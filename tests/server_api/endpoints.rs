//! Every endpoint, under both prefixes, answering docs/API.md's shapes.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_new_database_has_the_documents_default_pipeline() {
    let t = TestServer::start().await;
    let (status, v) = t.get("/pipelines").await;
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!({"success": true, "data": [{
            "id": "pipe_001", "name": "Sales Pipeline",
            "stages": [
                {"id": "stage_001", "name": "Lead", "position": 1, "probability": 10},
                {"id": "stage_002", "name": "Qualified", "position": 2, "probability": 25},
                {"id": "stage_003", "name": "Proposal", "position": 3, "probability": 50},
                {"id": "stage_004", "name": "Negotiation", "position": 4, "probability": 75},
                {"id": "stage_005", "name": "Closed Won", "position": 5, "probability": 100}
            ],
            "is_default": true
        }]})
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_endpoint_answers_under_both_prefixes() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let origin = format!("http://{}", t.server.addr());
    for prefix in ["/v1", "/functions/v1/api"] {
        let key = t.server.api_key();
        for path in [
            "/deals",
            "/deals/deal_a",
            "/deals/deal_a/activities",
            "/deals/deal_a/contacts",
            "/pipelines",
            "/pipelines/pipe_001/stages",
            "/users",
            "/contacts?q=acme",
        ] {
            let (status, v) = send(t.http.get(format!("{origin}{prefix}{path}")), key).await;
            assert_eq!(status, 200, "{prefix}{path}: {v}");
            assert_eq!(v["success"], json!(true), "{prefix}{path}");
        }
        // Writes through this prefix.
        let body = json!({"title": format!("Via {prefix}"), "pipeline_id": "pipe_001"});
        let (status, created) = send(t.http.post(format!("{origin}{prefix}/deals")).json(&body), key).await;
        assert_eq!(status, 201, "{created}");
        let id = created["data"]["id"].as_str().unwrap().to_string();
        let url = format!("{origin}{prefix}/deals/{id}");
        let (status, v) = send(t.http.put(&url).json(&json!({"value": 5})), key).await;
        assert_eq!((status, v["data"]["value"].clone()), (200, json!(5)));
        let (status, v) =
            send(t.http.put(format!("{url}/stage")).json(&json!({"stage_id": "stage_002"})), key).await;
        assert_eq!((status, v["data"]["stage_id"].clone()), (200, json!("stage_002")));
        let (status, v) = send(t.http.delete(&url), key).await;
        assert_eq!((status, v), (200, json!({"success": true, "data": {"id": id, "deleted": true}})));
    }
    t.server.shutdown().await.unwrap();
}

async fn send(req: reqwest::RequestBuilder, key: &str) -> (u16, serde_json::Value) {
    read(req.bearer_auth(key).send().await.unwrap()).await
}

#[tokio::test]
async fn list_items_carry_exactly_api_md_fields() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (_, v) = t.get("/deals?sort=created_at").await;
    assert_eq!(v["meta"], json!({"total": 2, "limit": 25, "has_more": false, "next_cursor": null}));
    assert_eq!(
        v["data"][0],
        json!({
            "id": "deal_a", "title": "Alpha", "pipeline_id": "pipe_001", "stage_id": "stage_002",
            "stage_name": "Proposal", "value": 1000, "currency": "USD", "probability": 50,
            "owner_id": "usr_1", "contact_id": "con_1", "expected_close_date": "2026-04-01",
            "status": "open", "custom_fields": {"deal_type": "new_business"}, "tags": ["hot"],
            "won_reason": null, "lost_reason": null, "competitor": null, "closed_at": null,
            "created_at": "2026-02-01T10:00:00Z", "updated_at": "2026-02-03T10:00:00Z"
        })
    );
    // Absent optional values: null, tags [] and custom_fields {}.
    let b = &v["data"][1];
    assert_eq!(
        (b["value"].clone(), b["tags"].clone(), b["custom_fields"].clone()),
        (json!(null), json!([]), json!({}))
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn deal_detail_has_contacts_with_roles_and_history_oldest_first() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (status, v) = t.get("/deals/deal_a").await;
    assert_eq!(status, 200);
    let d = &v["data"];
    assert_eq!(d["title"], json!("Alpha"));
    assert_eq!(
        d["contacts"],
        json!([
            {"id": "con_1", "name": "Carla Client", "email": "carla@acme.test", "phone": "+1 555",
             "company": "Acme", "role": "decision_maker", "is_primary": true},
            {"id": "con_2", "name": "Dan 100% Buyer", "email": null, "phone": null,
             "company": "Globex", "role": "influencer", "is_primary": false}
        ])
    );
    assert_eq!(
        d["stage_history"],
        json!([
            {"stage_id": "stage_001", "stage_name": "Lead", "entered_at": "2026-02-01T10:00:00Z",
             "left_at": "2026-02-03T10:00:00Z", "note": null, "changed_by": null},
            {"stage_id": "stage_002", "stage_name": "Proposal", "entered_at": "2026-02-03T10:00:00Z",
             "left_at": null, "note": "sent", "changed_by": null}
        ])
    );
    let (_, contacts) = t.get("/deals/deal_a/contacts").await;
    assert_eq!(contacts["data"], d["contacts"]);
    let (_, acts) = t.get("/deals/deal_a/activities").await;
    assert_eq!(
        acts["data"],
        json!([{"id": "act_1", "deal_id": "deal_a", "type": "call", "subject": "Intro", "note": null,
                "due_at": null, "done": true, "user_id": "usr_1", "created_at": "2026-02-02T10:00:00Z"}])
    );
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn stage_summaries_count_and_sum_open_deals_only() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    t.create(json!({"title": "Two", "pipeline_id": "pipe_001", "stage_id": "stage_002", "value": 250.5}))
        .await;
    let lost = t
        .create(json!({"title": "Lost", "pipeline_id": "pipe_001", "stage_id": "stage_002", "value": 9e6}))
        .await;
    let (s, _) = t.put(&format!("/deals/{}", lost["id"].as_str().unwrap()), json!({"status": "lost"})).await;
    assert_eq!(s, 200);
    let (status, v) = t.get("/pipelines/pipe_001/stages").await;
    assert_eq!(status, 200);
    assert_eq!(
        v["data"],
        json!([
            {"id": "stage_001", "name": "Lead", "position": 1, "probability": 10, "deal_count": 0, "total_value": 0},
            {"id": "stage_002", "name": "Proposal", "position": 2, "probability": 50, "deal_count": 2, "total_value": 1250.5},
            {"id": "stage_003", "name": "Won", "position": 3, "probability": 100, "deal_count": 0, "total_value": 0}
        ])
    );
    assert_error(&t.get("/pipelines/pipe_404/stages").await, 404, "not_found", None);
    t.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn users_and_contact_search() {
    let t = TestServer::with_workspace(&small_workspace()).await;
    let (_, users) = t.get("/users").await;
    assert_eq!(
        users["data"],
        json!([{"id": "usr_1", "name": "Ada Admin", "email": "ada@example.com"},
               {"id": "usr_2", "name": "Bo Seller", "email": null}])
    );
    let ids = |v: &serde_json::Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&t.get("/contacts").await.1), ["con_1", "con_2", "con_3"]);
    assert_eq!(ids(&t.get("/contacts?q=ACME").await.1), ["con_1"]); // company, any case
    assert_eq!(ids(&t.get("/contacts?q=100%25").await.1), ["con_2"]); // % is literal
    assert_eq!(ids(&t.get("/contacts?q=%25").await.1), ["con_2"]);
    assert_eq!(ids(&t.get("/contacts?q=%C3%A9mile").await.1), Vec::<String>::new()); // LIKE folds ASCII only
    assert_eq!(ids(&t.get("/contacts?q=M%C3%BCller").await.1), ["con_3"]);
    let (_, one) = t.get("/contacts?q=carla").await;
    assert_eq!(
        one["data"],
        json!([{"id": "con_1", "name": "Carla Client", "email": "carla@acme.test", "company": "Acme"}])
    );
    t.server.shutdown().await.unwrap();
}
