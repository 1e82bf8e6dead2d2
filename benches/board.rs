//! The board's pure core at scale: 100 000 open deals over five stages, loaded page by page
//! through `App::update` (as the worker's answers would arrive), then drawing a 200x50 frame and
//! handling a keypress. Drawing depends on what is visible, not on how many deals are loaded
//! (the same frame over 1,000 deals is drawn too, for comparison):
//! goal under 1 ms a frame (about 0.75 ms measured on the 2-core CI machine, 100k deals), and
//! the whole 100k loaded through `update` in well under a second.
//!
//! The same 100k grouped by expected close month (`c`, the forecast) are drawn and walked too.
//!
//! Run: `cargo bench --bench board`.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dealboard::client::Page;
use dealboard::model::{Deal, DealStatus, Pipeline, Stage};
use dealboard::tui::app::{App, AppSettings};
use dealboard::tui::message::{Answer, Call, Command, Event, Outcome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const DEALS: usize = 100_000;
const PAGE: usize = 100;

fn pipeline() -> Pipeline {
    let stages = (1..=5)
        .map(|i| Stage {
            id: format!("stage_{i:03}"),
            name: format!("Stage {i}").into(),
            position: i,
            probability: 20 * i as u8,
        })
        .collect();
    Pipeline { id: "pipe_001".into(), name: "Sales Pipeline".into(), stages, is_default: true }
}

fn deal(i: usize, stage: &str) -> Deal {
    let ts: jiff::Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
    Deal {
        id: format!("deal_{i:06}"),
        title: format!("Deal number {i} for a customer with a long name").into(),
        pipeline_id: "pipe_001".into(),
        stage_id: stage.into(),
        stage_name: None,
        value: Some(1000.0 + i as f64),
        currency: Some("USD".into()),
        probability: Some(50),
        owner_id: Some("usr_1".into()),
        contact_id: None,
        // Spread over a year of close dates, some before "today" (2026-03-20), for the forecast.
        expected_close_date: Some(jiff::civil::date(2026, 1 + (i % 12) as i8, 1 + (i % 28) as i8)),
        status: DealStatus::Open,
        custom_fields: Default::default(),
        tags: vec![],
        won_reason: None,
        lost_reason: None,
        competitor: None,
        closed_at: None,
        created_at: ts,
        updated_at: ts,
    }
}

/// Answers every command like a server holding `DEALS` deals spread evenly over the stages.
fn answer(cmd: &Command, deals: usize) -> Option<Answer> {
    let per_stage = deals / 5;
    let op = cmd.op;
    Some(Answer {
        op,
        result: Ok(match &cmd.call {
            Call::LoadPipelines => Outcome::Pipelines(vec![pipeline()]),
            Call::LoadUsers => Outcome::Users(None),
            Call::LoadStages { .. } => Outcome::Stages(vec![]),
            Call::ListDeals { query } => {
                let stage = query.stage_id.clone().unwrap();
                let s: usize = stage[6..].parse().unwrap();
                let start: usize = query.cursor.as_deref().map_or(0, |c| c.parse().unwrap());
                let end = (start + PAGE).min(per_stage);
                let items = (start..end).map(|i| deal((s - 1) * per_stage + i, &stage)).collect();
                let next_cursor = (end < per_stage).then(|| end.to_string());
                Outcome::DealPage(Page { items, total: Some(per_stage as u64), next_cursor, skipped: 0 })
            }
            _ => return None,
        }),
    })
}

fn loaded_app(deals: usize) -> App {
    let mut app = App::new(AppSettings::default(), "2026-03-20T12:00:00Z".parse().unwrap());
    app.update(Event::Resize { width: 200, height: 50 });
    let mut queue = app.start();
    while let Some(cmd) = queue.pop() {
        if let Some(ev) = answer(&cmd, deals) {
            queue.extend(app.update(Event::Api(ev)));
        }
    }
    app
}

fn bench(c: &mut Criterion) {
    let t = Instant::now();
    let mut app = loaded_app(DEALS);
    println!("loaded {:?} deals through update in {:?}", app.board().progress(), t.elapsed());

    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("draw a 200x50 frame of 100k deals", |b| {
        b.iter(|| {
            terminal.draw(|f| dealboard::tui::view::draw(f, &app)).unwrap();
        });
    });
    // The same frame over 1,000 deals: only visible cards are drawn, so it should cost the same.
    let small = loaded_app(1_000);
    c.bench_function("draw a 200x50 frame of 1k deals", |b| {
        b.iter(|| {
            terminal.draw(|f| dealboard::tui::view::draw(f, &small)).unwrap();
        });
    });
    let down = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let up = Event::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE));
    c.bench_function("j then k, each drawn", |b| {
        b.iter(|| {
            app.update(down.clone());
            terminal.draw(|f| dealboard::tui::view::draw(f, &app)).unwrap();
            app.update(up.clone());
            terminal.draw(|f| dealboard::tui::view::draw(f, &app)).unwrap();
        });
    });
    // The forecast (`c`): grouping 100k deals by close month, then drawing and walking it.
    let c_key = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let t = Instant::now();
    app.update(c_key.clone());
    println!("grouped 100k deals by close month in {:?}", t.elapsed());
    c.bench_function("draw a 200x50 forecast frame of 100k deals", |b| {
        b.iter(|| {
            terminal.draw(|f| dealboard::tui::view::draw(f, &app)).unwrap();
        });
    });
    c.bench_function("forecast: j then k, each drawn", |b| {
        b.iter(|| {
            app.update(down.clone());
            terminal.draw(|f| dealboard::tui::view::draw(f, &app)).unwrap();
            app.update(up.clone());
            terminal.draw(|f| dealboard::tui::view::draw(f, &app)).unwrap();
        });
    });
    // `c` twice: back to stages, then grouped again from scratch.
    c.bench_function("c twice over 100k deals (stages, then close months)", |b| {
        b.iter(|| {
            app.update(c_key.clone());
            app.update(c_key.clone());
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
