//! The timer's refresh against the real server: what another client changed shows after one
//! refresh, an up-to-date board costs two requests, and a low API budget slows the refresh
//! with a message instead of running into 429s.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use dealboard::client::Client;
use dealboard::model::{DealPatch, DealQuery, DealStatus, Field};
use dealboard::server::RateLimit;
use dealboard::tui::app::AppSettings;
use dealboard::tui::headless::Headless;
use dealboard::tui::message::Event;

use super::{Fixture, KEY, client_for, start};

async fn settle(rig: &mut Headless) {
    rig.settle(Duration::from_secs(30)).await.unwrap();
}

/// A board on the server with the live refresh on (every 60 s), loaded.
async fn board(base: &str) -> (Headless, Client) {
    let settings = AppSettings {
        api_url: base.to_string(),
        refresh_every: Some(Duration::from_secs(60)),
        ..AppSettings::default()
    };
    let client = client_for(base, KEY);
    let mut rig = Headless::start(client.clone(), settings, 160, 45);
    settle(&mut rig).await;
    assert!(rig.app.board().fully_loaded());
    (rig, client)
}

/// One timer refresh, a minute later, answered.
async fn tick(rig: &mut Headless) -> usize {
    let now = rig.app.now().checked_add(jiff::SignedDuration::from_secs(60)).unwrap();
    rig.app.set_now(now);
    let before = rig.sent;
    rig.press(Event::RefreshDue);
    settle(rig).await;
    rig.sent - before
}

/// The open deals of each stage of the board's pipeline, as the server holds them.
async fn server_columns(client: &Client, pipeline_id: &str) -> HashMap<String, BTreeSet<String>> {
    let mut by_stage: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut q = DealQuery {
        pipeline_id: Some(pipeline_id.into()),
        status: Some(DealStatus::Open),
        limit: Some(100),
        ..DealQuery::default()
    };
    loop {
        let page = client.list_deals(&q).await.unwrap();
        for d in page.items {
            by_stage.entry(d.stage_id).or_default().insert(d.id);
        }
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => return by_stage,
        }
    }
}

fn board_columns(rig: &Headless) -> HashMap<String, BTreeSet<String>> {
    let cols = rig.app.board().columns.iter();
    cols.filter(|c| !c.deals.is_empty())
        .map(|c| (c.stage.id.clone(), c.deals.iter().map(|d| d.id.clone()).collect()))
        .collect()
}

#[tokio::test]
async fn a_deal_changed_moved_won_and_deleted_elsewhere_shows_after_one_timer_refresh() {
    let Fixture { server, client, _dir } = start().await;
    let (mut rig, _) = board(&server.base_url()).await;
    let pipeline = rig.app.board().pipeline().unwrap().clone();
    let cols = &rig.app.board().columns;
    let first = cols.iter().find(|c| c.deals.len() >= 4).expect("a stage with four deals");
    let ids: Vec<String> = first.deals.iter().take(4).map(|d| d.id.clone()).collect();
    let last_stage = cols.last().unwrap().stage.id.clone();
    assert_ne!(first.stage.id, last_stage);

    let revalue = DealPatch { value: Field::Set(4242.0), ..DealPatch::default() };
    client.update_deal(&ids[0], &revalue).await.unwrap();
    client.move_stage(&ids[1], &last_stage, None).await.unwrap();
    client.mark_won(&ids[2], None).await.unwrap();
    client.delete_deal(&ids[3]).await.unwrap();
    let sent = tick(&mut rig).await;
    assert!(sent < 10, "not a full reload: {sent} requests");

    let board = rig.app.board();
    assert_eq!(board.deal(&ids[0]).unwrap().value, Some(4242.0));
    assert_eq!(board.deal(&ids[1]).unwrap().stage_id, last_stage);
    assert!(board.deal(&ids[2]).is_none(), "won elsewhere");
    assert!(board.deal(&ids[3]).is_none(), "deleted elsewhere");
    assert_eq!(board_columns(&rig), server_columns(&client, &pipeline.id).await, "the server's board");
    let stages = client.stages(&pipeline.id).await.unwrap();
    for (col, s) in rig.app.board().columns.iter().zip(&stages) {
        assert_eq!((col.count(), col.deals.len() as u64), (s.deal_count, s.deal_count), "{}", s.name);
    }
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_timer_refresh_with_nothing_changed_sends_two_requests() {
    let Fixture { server, client: _, _dir } = start().await;
    let (mut rig, _) = board(&server.base_url()).await;
    let before = board_columns(&rig);
    for _ in 0..3 {
        // A key between ticks: the rep is at the board, so every period refreshes.
        rig.press(Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('j'))));
        assert_eq!(tick(&mut rig).await, 2, "the stage counts and one page of changes");
    }
    assert_eq!(board_columns(&rig), before);
    assert!(rig.app.status().message.is_none(), "{:?}", rig.app.status().message);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_low_budget_slows_the_refresh_with_a_message_instead_of_running_into_429s() {
    let Fixture { server, client: _, _dir } = start().await;
    let limit = 20;
    server.set_rate_limit(Some(RateLimit { requests: limit, per: Duration::from_secs(3600) }));
    let (mut rig, client) = board(&server.base_url()).await;
    let mut ticks = 0;
    while !rig.app.budget_is_low() {
        rig.press(Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('j'))));
        tick(&mut rig).await;
        ticks += 1;
        assert!(ticks < 20, "the budget never read low");
    }
    let msg = rig.app.status().message.clone().map(|(_, m)| m);
    assert_eq!(msg.as_deref(), Some("API budget low: refreshing every 10 min"));
    // The next nine periods send nothing; the window's last requests stay unspent.
    for _ in 0..9 {
        assert_eq!(tick(&mut rig).await, 0);
    }
    let left = client.budget().unwrap().remaining.unwrap();
    assert!(left > 0, "never ran into the limit");
    assert!(rig.sent as u32 <= limit);
    server.shutdown().await.unwrap();
}
