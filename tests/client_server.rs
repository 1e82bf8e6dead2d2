//! The client against the real server (`dealboard::server::start`) on loopback, on a temp SQLite
//! file with the demo workspace: every method, paging a filtered query to the end, each error
//! the server can produce, and the model's deal rule predicting every answer of the server.

use std::collections::HashSet;
use std::time::Duration;

use dealboard::client::{Client, ClientConfig, ClientError, RetryPolicy};
use dealboard::model::{
    ActivityType, ApiError, Contact, CustomFields, Deal, DealPatch, DealQuery, DealStatus, Field, NewDeal,
    Pipeline, RuleCtx, Sort, SortField, StageMove, User,
};
use dealboard::server::{RunningServer, ServerOptions};
use futures_util::StreamExt;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "client_server/board_truth.rs"]
mod board_truth;
#[path = "client_server/live_refresh.rs"]
mod live_refresh;

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

// ---- the rule the board applies is the answer the server gives ---------------------------------

/// One change the board can make, as it sends it.
#[derive(Debug, Clone)]
enum Change {
    Patch(Box<DealPatch>),
    Move(StageMove),
    Won(Option<String>),
    Lost(Option<String>, Option<String>),
    Reopen,
    Create(Box<NewDeal>),
}

/// What the random changes draw from: the demo workspace's pipelines, users and contacts.
struct Pools {
    pipelines: Vec<Pipeline>,
    users: Vec<User>,
    contacts: Vec<Contact>,
}

/// Text for a field: mostly fine, now and then empty, over-long or carrying a control character
/// (C0, C1 or a bidirectional control) the rules refuse.
fn text(rng: &mut impl Rng, max: usize) -> String {
    use rand::seq::IndexedRandom;
    const FINE: &[&str] =
        &["Renewal", "  Padded title  ", "Müller & Söhne", "株式会社", "Emoji 🚀", "two\nlines", "a\ttab"];
    const BAD: &[char] =
        &['\u{7}', '\u{1b}', '\u{0}', '\u{9b}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{7f}'];
    match rng.random_range(0..20) {
        0 => String::new(),
        1 => "x".repeat(max + 1),
        2 | 3 => format!("bad{}text", BAD.choose(rng).unwrap()),
        _ => FINE.choose(rng).unwrap().to_string(),
    }
}

/// `Set`, `Clear` or `Unchanged`, each with its own chance, the value made by `make`.
fn some<R: Rng, T>(rng: &mut R, clear: bool, make: impl FnOnce(&mut R) -> T) -> Field<T> {
    match rng.random_range(0..10) {
        0..=5 => Field::Unchanged,
        6 if clear => Field::Clear,
        _ => Field::Set(make(rng)),
    }
}

fn random_patch(rng: &mut ChaCha8Rng, deal: &Deal, pools: &Pools) -> DealPatch {
    use rand::seq::IndexedRandom;
    let stage_of = |rng: &mut ChaCha8Rng, pipeline_id: &str| {
        // Mostly a stage of the given pipeline, sometimes one of another.
        let p = if rng.random_bool(0.85) {
            pools.pipelines.iter().find(|p| p.id == pipeline_id).unwrap()
        } else {
            pools.pipelines.choose(rng).unwrap()
        };
        p.stages.choose(rng).unwrap().id.clone()
    };
    let mut p = DealPatch {
        title: some(rng, false, |r| text(r, 255)),
        value: some(rng, true, |r| match r.random_range(0..12) {
            0 => 1e15,
            1 => 1e15 + 1.0,
            2 => 1e18,
            _ => f64::from(r.random_range(0..2_000_000_u32)) / 100.0,
        }),
        currency: some(rng, true, |r| {
            ["USD", "EUR", "GBP", "JPY", "CHF", "usd", "XYZ"][r.random_range(0..7)].to_string()
        }),
        owner_id: some(rng, true, |r| pools.users[r.random_range(0..pools.users.len())].id.clone()),
        contact_id: some(rng, true, |r| pools.contacts[r.random_range(0..pools.contacts.len())].id.clone()),
        expected_close_date: some(rng, true, |r| {
            jiff::civil::date(2026, 1, 1).checked_add(jiff::Span::new().days(r.random_range(0..800))).unwrap()
        }),
        probability: some(rng, true, |r| if r.random_bool(0.9) { r.random_range(0..=100) } else { 101 }),
        tags: some(rng, true, |r| {
            let n = if r.random_bool(0.05) { 21 } else { r.random_range(0..4) };
            (0..n).map(|i| if i % 2 == 0 { format!("tag{i}") } else { text(r, 50) }).collect()
        }),
        custom_fields: some(rng, true, |r| {
            let mut m = CustomFields::new();
            for key in ["deal_type", "lead_source", "seats", "renewal"] {
                match r.random_range(0..6) {
                    0 => {}
                    1 => drop(m.insert(key.into(), serde_json::json!(r.random_range(0..500)))),
                    2 => drop(m.insert(key.into(), serde_json::json!(r.random_bool(0.5)))),
                    3 => drop(m.insert(key.into(), serde_json::Value::Null)),
                    _ => drop(m.insert(key.into(), serde_json::json!(text(r, 100)))),
                }
            }
            m
        }),
        ..Default::default()
    };
    // A stage of the deal's pipeline, or a new pipeline with or without one of its stages.
    match rng.random_range(0..10) {
        0 | 1 => p.stage_id = Field::Set(stage_of(rng, &deal.pipeline_id)),
        2 => {
            let to = pools.pipelines.choose(rng).unwrap().id.clone();
            if rng.random_bool(0.6) {
                p.stage_id = Field::Set(stage_of(rng, &to));
            }
            p.pipeline_id = Field::Set(to);
        }
        _ => {}
    }
    // Now and then a status and reasons, fitting or not.
    if rng.random_bool(0.15) {
        p.status = Field::Set(DealStatus::ALL[rng.random_range(0..3)]);
    }
    if rng.random_bool(0.1) {
        p.won_reason = Field::Set(text(rng, 2000));
    }
    if rng.random_bool(0.1) {
        p.lost_reason = Field::from_option(rng.random_bool(0.8).then(|| text(rng, 2000)));
    }
    if rng.random_bool(0.1) {
        p.competitor = Field::Set(text(rng, 2000));
    }
    p
}

fn random_change(rng: &mut ChaCha8Rng, deal: &Deal, pools: &Pools) -> Change {
    use rand::seq::IndexedRandom;
    let reason = |rng: &mut ChaCha8Rng| rng.random_bool(0.7).then(|| text(rng, 2000));
    match rng.random_range(0..20) {
        0..=9 => Change::Patch(Box::new(random_patch(rng, deal, pools))),
        10..=13 => {
            let own = pools.pipelines.iter().find(|p| p.id == deal.pipeline_id).unwrap();
            let p = if rng.random_bool(0.9) { own } else { pools.pipelines.choose(rng).unwrap() };
            let stage_id = p.stages.choose(rng).unwrap().id.clone();
            Change::Move(StageMove { stage_id, note: reason(rng) })
        }
        14 => Change::Won(reason(rng)),
        // The board's win into the won stage, and its reopen out of it into another stage: one
        // patch each (stage, status and reason together).
        15 => {
            let own = pools.pipelines.iter().find(|p| p.id == deal.pipeline_id).unwrap();
            let won = rng.random_bool(0.6);
            let stage = match own.won_stage(None) {
                Some(s) if won => s,
                _ => own.stages.choose(rng).unwrap(),
            };
            let status = if won { DealStatus::Won } else { DealStatus::Open };
            Change::Patch(Box::new(DealPatch {
                stage_id: Field::Set(stage.id.clone()),
                status: Field::Set(status),
                won_reason: Field::from_option(reason(rng).filter(|_| won)),
                ..Default::default()
            }))
        }
        16 | 17 => Change::Lost(reason(rng), reason(rng)),
        18 => Change::Reopen,
        _ => {
            // A new deal from the fields a patch would set, in a pipeline of the workspace.
            let p = random_patch(rng, deal, pools);
            let pipeline = pools.pipelines.choose(rng).unwrap();
            let stage_id = rng.random_bool(0.5).then(|| pipeline.stages.choose(rng).unwrap().id.clone());
            Change::Create(Box::new(NewDeal {
                title: p.title.as_set().cloned().unwrap_or_else(|| "New deal".into()),
                pipeline_id: pipeline.id.clone(),
                stage_id: stage_id.filter(|_| rng.random_bool(0.9)).or(p.stage_id.as_set().cloned()),
                value: p.value.as_set().copied(),
                currency: p.currency.as_set().cloned(),
                contact_id: p.contact_id.as_set().cloned(),
                owner_id: p.owner_id.as_set().cloned(),
                expected_close_date: p.expected_close_date.as_set().copied(),
                probability: p.probability.as_set().copied(),
                custom_fields: p.custom_fields.as_set().cloned(),
                tags: p.tags.as_set().cloned(),
            }))
        }
    }
}

/// A refusal as both sides can tell it: the status, and for a `validation_error` the field and
/// the message.
fn refusal(e: &ApiError) -> (u16, Option<String>, Option<String>) {
    match e.code {
        dealboard::model::ErrorCode::ValidationError => (422, e.field.clone(), Some(e.message.clone())),
        code => (code.status(), None, None),
    }
}

fn server_refusal(e: &ClientError) -> (u16, Option<String>, Option<String>) {
    match e {
        ClientError::Validation { field, message } => (422, field.clone(), Some(message.clone())),
        other => (other.status().unwrap_or(0), None, None),
    }
}

/// The deal with what the comparison ignores made equal: `updated_at` (and `created_at`, which
/// only a create sets), and `closed_at`'s instant (only whether there is one counts).
fn comparable(d: &Deal) -> Deal {
    let epoch = jiff::Timestamp::UNIX_EPOCH;
    Deal { created_at: epoch, updated_at: epoch, closed_at: d.closed_at.map(|_| epoch), ..d.clone() }
}

/// Several hundred random changes (and a few creates) over the demo workspace: for each, the
/// model's rule applied to the deal as the server last answered it must equal the server's answer to the same change
/// sent through the client, and a change the rule refuses must be the one the server refuses,
/// with the same status, field and message. The server applies the same rule, so what this
/// guards is everything between a caller's typed change and the stored deal: the body on the
/// wire and its validation (field order, trimming, `null`), the store's transaction and the row
/// it reads back.
#[tokio::test]
async fn the_deal_rule_predicts_every_answer_of_the_server() {
    let f = start().await;
    let c = &f.client;
    let pools = Pools {
        pipelines: c.pipelines().await.unwrap(),
        users: c.users().await.unwrap().unwrap(),
        contacts: c.contacts("").await.unwrap().unwrap(),
    };
    let pages: Vec<_> = c.deal_pages(DealQuery { limit: Some(100), ..Default::default() }).collect().await;
    let mut deals: Vec<Deal> = pages.into_iter().flat_map(|p| p.unwrap().items).collect();
    assert!(deals.len() >= 10, "the demo workspace has deals: {}", deals.len());

    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed_dea1);
    let (mut taken, mut refused) = (0, 0);
    for step in 0..600 {
        let i = rng.random_range(0..deals.len());
        let before = deals[i].clone();
        let change = random_change(&mut rng, &before, &pools);
        // The rule's clock is not the server's: `updated_at` and `closed_at` are compared loosely.
        let ctx = RuleCtx::new(&pools.pipelines, jiff::Timestamp::now());
        let id = before.id.as_str();
        let (want, got) = match &change {
            Change::Patch(p) => (before.apply(p, &ctx), c.update_deal(id, p).await),
            Change::Move(mv) => {
                (before.move_stage(mv, &ctx), c.move_stage(id, &mv.stage_id, mv.note.as_deref()).await)
            }
            Change::Won(r) => (before.mark_won(r.clone(), &ctx), c.mark_won(id, r.as_deref()).await),
            Change::Lost(r, k) => (
                before.mark_lost(r.clone(), k.clone(), &ctx),
                c.mark_lost(id, r.as_deref(), k.as_deref()).await,
            ),
            Change::Reopen => (before.reopen(&ctx), c.reopen(id).await),
            Change::Create(new) => {
                let got = c.create_deal(new).await;
                // The id is the server's to choose.
                let id = got.as_ref().map_or(String::new(), |d| d.id.clone());
                (Deal::create(id, new, "USD", &ctx), got)
            }
        };
        match (want, got) {
            (Ok(want), Ok(got)) => {
                assert_eq!(comparable(&got), comparable(&want), "step {step}: {change:?} on {before:#?}");
                if step % 10 == 0 {
                    // What it answered is what it holds.
                    assert_eq!(c.get_deal(&got.id).await.unwrap().deal, got, "step {step}: read back");
                }
                match change {
                    Change::Create(_) => deals.push(got),
                    _ => deals[i] = got,
                }
                taken += 1;
            }
            (Err(rule), Err(server)) => {
                let rule = ApiError::from(rule);
                assert_eq!(
                    refusal(&rule),
                    server_refusal(&server),
                    "step {step}: {change:?}: the rule says {rule:?}, the server {server:?}"
                );
                refused += 1;
            }
            (want, got) => {
                panic!("step {step}: {change:?} on {before:#?}\nthe rule: {want:?}\nthe server: {got:?}")
            }
        }
    }
    // Both sides of the rule were exercised, many times.
    assert!(taken >= 300 && refused >= 60, "{taken} taken, {refused} refused");
    f.server.shutdown().await.unwrap();
}
