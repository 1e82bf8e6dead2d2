//! The client against the real server (`dealboard::server::start`) on loopback, on a temp SQLite
//! file with the demo workspace: every method, paging a filtered query to the end, and each error
//! the server can produce.

use std::collections::HashSet;
use std::time::Duration;

use dealboard::client::{Client, ClientConfig, ClientError, RetryPolicy};
use dealboard::model::{
    ActivityType, DealPatch, DealQuery, DealStatus, Field, NewDeal, Pipeline, Sort, SortField,
};
use dealboard::server::{RunningServer, ServerOptions};
use futures_util::StreamExt;

const KEY: &str = "test-key-client-server-0001";

struct Fixture {
    server: RunningServer,
    client: Client,
    _dir: tempfile::TempDir,
}

async fn start_with(generated_deals: u64, latency: Duration) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOptions {
        db: dir.path().join("deals.db"),
        api_key: Some(KEY.to_string()),
        currency: "USD".to_string(),
        latency,
        demo: true,
        generated_deals,
    };
    let server = dealboard::server::start(opts, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert_eq!(server.api_key(), KEY);
    let client = client_for(&server.base_url(), KEY);
    Fixture { server, client, _dir: dir }
}

async fn start() -> Fixture {
    start_with(0, Duration::ZERO).await
}

fn client_for(base: &str, key: &str) -> Client {
    let mut cfg = ClientConfig::new(base, key);
    cfg.retry = RetryPolicy { initial_backoff: Duration::from_millis(5), ..RetryPolicy::default() };
    Client::new(cfg).unwrap()
}

/// The demo pipeline with the most stages, and another pipeline.
async fn two_pipelines(c: &Client) -> (Pipeline, Pipeline) {
    let mut ps = c.pipelines().await.unwrap();
    assert!(ps.len() >= 2, "the demo workspace has two pipelines");
    ps.sort_by_key(|p| std::cmp::Reverse(p.stages.len()));
    let first = ps.remove(0);
    assert!(first.stages.len() >= 2);
    (first, ps.remove(0))
}

fn new_deal(p: &Pipeline, title: &str) -> NewDeal {
    NewDeal { title: title.into(), pipeline_id: p.id.clone(), value: Some(1234.5), ..Default::default() }
}

#[tokio::test]
async fn every_read_method() {
    let f = start().await;
    let c = &f.client;
    let (p, _) = two_pipelines(c).await;

    let stages = c.stages(&p.id).await.unwrap();
    let ids: Vec<_> = stages.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<_> = p.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, expected, "stages come in position order");
    let open = c
        .list_deals(&DealQuery {
            pipeline_id: Some(p.id.clone()),
            status: Some(DealStatus::Open),
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    let counted: u64 = stages.iter().map(|s| s.deal_count).sum();
    assert_eq!(Some(counted), open.total, "stage counts cover the pipeline's open deals");

    let users = c.users().await.unwrap().expect("the local server has /users");
    assert!(!users.is_empty());
    let contacts = c.contacts("").await.unwrap().expect("the local server has /contacts");
    assert!(!contacts.is_empty());
    let some: String = contacts[0].name.chars().take(3).collect();
    let found = c.contacts(&some).await.unwrap().unwrap();
    assert!(found.iter().any(|k| k.id == contacts[0].id), "searching {some:?}");

    let page = c.list_deals(&DealQuery { limit: Some(5), ..Default::default() }).await.unwrap();
    assert_eq!(page.items.len(), 5);
    let id = &page.items[0].id;
    let detail = c.get_deal(id).await.unwrap();
    assert_eq!(&detail.deal.id, id);
    assert!(!detail.stage_history.is_empty());
    assert!(detail.stage_history.last().unwrap().left_at.is_none(), "the current stage is open-ended");
    let contacts = c.deal_contacts(id).await.unwrap();
    assert_eq!(contacts.len(), detail.contacts.len());
    let activities = c.activities(id).await.unwrap();
    assert!(activities.iter().all(|a| &a.deal_id == id));
    f.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_write_method() {
    let f = start().await;
    let c = &f.client;
    let (p, _) = two_pipelines(c).await;
    let users = c.users().await.unwrap().unwrap();

    // Create: defaults come from the server.
    let nd = NewDeal { owner_id: Some(users[0].id.clone()), ..new_deal(&p, "Client test deal") };
    let d = c.create_deal(&nd).await.unwrap();
    assert_eq!((d.title.as_str(), d.stage_id.as_str()), ("Client test deal", p.stages[0].id.as_str()));
    assert_eq!((d.value, d.currency.as_deref(), d.status), (Some(1234.5), Some("USD"), DealStatus::Open));
    assert_eq!(d.probability, Some(p.stages[0].probability));

    // Update: two edits of different fields, as two people would make them; neither is lost.
    let by_ann = DealPatch { value: Field::Set(50000.0), ..Default::default() };
    let by_bob =
        DealPatch { title: Field::Set("Renamed".into()), owner_id: Field::Clear, ..Default::default() };
    c.update_deal(&d.id, &by_ann).await.unwrap();
    let after = c.update_deal(&d.id, &by_bob).await.unwrap();
    assert_eq!(
        (after.value, after.title.as_str(), after.owner_id.as_deref()),
        (Some(50000.0), "Renamed", None)
    );

    // Move with a note: history and an activity record it.
    let to = &p.stages[1];
    let moved = c.move_stage(&d.id, &to.id, Some("Client approved the proposal")).await.unwrap();
    assert_eq!((moved.stage_id.as_str(), moved.probability), (to.id.as_str(), Some(to.probability)));
    let detail = c.get_deal(&d.id).await.unwrap();
    assert_eq!(detail.stage_history.len(), 2);
    assert_eq!(detail.stage_history[1].note.as_deref(), Some("Client approved the proposal"));
    let acts = c.activities(&d.id).await.unwrap();
    assert!(acts.iter().any(|a| a.kind == ActivityType::StageChange));

    // Won, lost, reopened.
    let won = c.mark_won(&d.id, Some("Best feature fit")).await.unwrap();
    assert_eq!((won.status, won.won_reason.as_deref()), (DealStatus::Won, Some("Best feature fit")));
    assert!(won.closed_at.is_some());
    let lost = c.mark_lost(&d.id, Some("Price too high"), Some("Salesforce")).await.unwrap();
    assert_eq!(
        (lost.status, lost.lost_reason.as_deref(), lost.competitor.as_deref()),
        (DealStatus::Lost, Some("Price too high"), Some("Salesforce"))
    );
    let open = c.reopen(&d.id).await.unwrap();
    assert_eq!(
        (open.status, open.lost_reason, open.competitor, open.closed_at),
        (DealStatus::Open, None, None, None)
    );

    // Delete, then it is gone.
    c.delete_deal(&d.id).await.unwrap();
    assert!(matches!(c.get_deal(&d.id).await, Err(ClientError::NotFound { .. })));
    assert!(matches!(c.delete_deal(&d.id).await, Err(ClientError::NotFound { .. })));
    f.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_filtered_query_pages_to_the_end() {
    let f = start_with(300, Duration::ZERO).await;
    let c = &f.client;
    let (p, _) = two_pipelines(c).await;
    let q = DealQuery {
        pipeline_id: Some(p.id.clone()),
        status: Some(DealStatus::Open),
        min_value: Some(1000.0),
        sort: Some(Sort { field: SortField::Value, descending: true }),
        limit: Some(7),
        ..Default::default()
    };
    let pages: Vec<_> = c.deal_pages(q.clone()).collect().await;
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    assert!(pages.len() > 3, "a small limit makes several pages: {}", pages.len());
    assert!(pages[..pages.len() - 1].iter().all(|pg| pg.items.len() == 7 && pg.next_cursor.is_some()));
    assert!(pages.last().unwrap().next_cursor.is_none());
    let deals: Vec<_> = pages.iter().flat_map(|pg| pg.items.iter()).collect();
    assert_eq!(Some(deals.len() as u64), pages[0].total, "every matching deal, once");
    let unique: HashSet<_> = deals.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(unique.len(), deals.len(), "no deal repeated");
    assert!(deals.iter().all(|d| d.pipeline_id == p.id && d.status == DealStatus::Open));
    assert!(deals.iter().all(|d| d.value.unwrap_or(0.0) >= 1000.0));
    let values: Vec<f64> = deals.iter().map(|d| d.value.unwrap_or(0.0)).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "sorted by value, descending");
    f.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn each_error_the_server_can_produce() {
    let f = start().await;
    let c = &f.client;
    let (p, other) = two_pipelines(c).await;
    let d = c.create_deal(&new_deal(&p, "Errors")).await.unwrap();

    // 401
    let wrong = client_for(&f.server.base_url(), "not-the-key");
    assert_eq!(wrong.pipelines().await.unwrap_err(), ClientError::Unauthorized);

    // 404
    let e = c.get_deal("deal_does_not_exist").await.unwrap_err();
    assert!(matches!(&e, ClientError::NotFound { message } if !message.is_empty()), "{e:?}");
    assert!(matches!(c.stages("pipe_nope").await, Err(ClientError::NotFound { .. })));

    // 422 naming the field
    let bad = [
        (DealPatch { currency: Field::Set("usd".into()), ..Default::default() }, "currency"),
        (DealPatch { probability: Field::Set(101), ..Default::default() }, "probability"),
        (DealPatch { title: Field::Set("   ".into()), ..Default::default() }, "title"),
        (DealPatch { owner_id: Field::Set("usr_nobody".into()), ..Default::default() }, "owner_id"),
    ];
    for (patch, field) in bad {
        let e = c.update_deal(&d.id, &patch).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{e:?}");
        assert!(!e.to_string().is_empty());
    }
    let e = c.create_deal(&NewDeal { title: "x".into(), pipeline_id: "".into(), ..Default::default() }).await;
    assert!(matches!(e, Err(ClientError::Validation { .. })), "{e:?}");

    // 422 stage_not_in_pipeline
    let e = c.move_stage(&d.id, &other.stages[0].id, None).await.unwrap_err();
    assert!(
        matches!(&e, ClientError::StageNotInPipeline { message } if message.contains("pipeline_id")),
        "{e:?}"
    );

    // 400: a cursor the server never made
    let q = DealQuery { cursor: Some("not-a-cursor".into()), ..Default::default() };
    assert!(matches!(c.list_deals(&q).await, Err(ClientError::BadRequest { .. })));
    f.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_hosted_path_prefix_works_too() {
    let f = start().await;
    let base = format!("http://{}/functions/v1/api/", f.server.addr());
    let pipelines = client_for(&base, KEY).pipelines().await.unwrap();
    assert_eq!(pipelines, f.client.pipelines().await.unwrap());
    f.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let f = start_with(0, Duration::from_millis(800)).await;
    let mut cfg = ClientConfig::new(f.server.base_url(), KEY);
    cfg.retry = RetryPolicy::none();
    cfg.request_timeout = Duration::from_millis(200);
    let e = Client::new(cfg).unwrap().pipelines().await.unwrap_err();
    assert!(matches!(e, ClientError::TimedOut { .. }), "{e:?}");
    // The same server answers a patient client.
    assert!(!f.client.pipelines().await.unwrap().is_empty());
    f.server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_stopped_server_is_unreachable() {
    let f = start().await;
    let addr = f.server.addr();
    f.server.shutdown().await.unwrap();
    let mut cfg = ClientConfig::new(format!("http://{addr}/v1"), KEY);
    cfg.retry = RetryPolicy::none();
    let e = Client::new(cfg).unwrap().pipelines().await.unwrap_err();
    assert!(e.is_offline(), "{e:?}");
    assert!(e.to_string().starts_with(&format!("Cannot reach http://{addr}")), "{e}");
}
