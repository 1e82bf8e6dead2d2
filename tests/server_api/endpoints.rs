//! Every endpoint, under both prefixes, answering API.md's shapes.

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
