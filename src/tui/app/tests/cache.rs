//! The board kept between runs: shown at once, brought up to date with what changed, saved
//! only when complete and in the default view.

use super::*;
use crate::tui::message::Snapshot;
use crate::tui::message::{Call, Event};
use crate::tui::test_support::{Fake, ch, loaded, now, settings, settle};

/// The board a fully loaded fixture App would save.
fn saved() -> Snapshot {
    let (mut app, _) = loaded(160, 45);
    let s = app.take_due_snapshot().expect("a completed load is due to be saved");
    assert_eq!(s.read_at, now());
    assert!(app.take_due_snapshot().is_none(), "once per load");
    s
}

#[test]
fn a_cached_board_shows_at_once_then_a_quiet_refresh_brings_it_up_to_date() {
    let cached = saved();
    let later = now().checked_add(jiff::SignedDuration::from_hours(20)).unwrap();
    let mut app = App::new(settings(), later);
    app.update(Event::Resize { width: 160, height: 45 });
    assert!(app.show_cached(cached.clone()));
    // Before any request: the cards, their time, and no save due.
    let (fresh, _) = loaded(160, 45);
    let titles = |a: &App| -> Vec<Vec<String>> {
        a.board().columns.iter().map(|c| c.deals.iter().map(|d| d.title.to_string()).collect()).collect()
    };
    assert_eq!(titles(&app), titles(&fresh));
    assert!(app.pipelines_loaded());
    assert_eq!(app.cached_as_of(), Some(now()));
    assert_eq!(app.snapshot().map(|s| s.read_at), Some(now()), "saved again as read, not as now");

    // Only what changed since: the stage counts and the newest changes, two requests.
    let cmds = app.start();
    let calls: Vec<&Call> = cmds.iter().map(|c| &c.call).collect();
    assert!(
        matches!(&calls[..], [Call::LoadStages { .. }, Call::ListDeals { query }]
            if query.sort.is_some_and(|s| s.field == crate::model::SortField::UpdatedAt && s.descending)),
        "{calls:?}"
    );
    // Actions work on the cached board at once.
    let selected = app.board().selected_deal().unwrap().id.clone();
    let moved = app.update(ch('L'));
    assert!(
        matches!(&moved[..], [c] if matches!(&c.call, Call::MoveStage { deal_id, .. } if *deal_id == selected))
    );

    // The server's copy differs: a deal renamed elsewhere since.
    let mut fake = Fake::default();
    let other =
        fake.deals.iter_mut().find(|d| d.id != selected && d.status == crate::model::DealStatus::Open);
    let other = other.unwrap();
    other.title = "Renamed elsewhere".into();
    other.updated_at = later;
    let renamed = other.id.clone();
    let mut cmds = cmds;
    cmds.extend(moved);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.board().deal(&renamed).unwrap().title.to_string(), "Renamed elsewhere");
    assert_eq!(app.cached_as_of(), None, "up to date now");
    let s = app.take_due_snapshot().expect("saved after the refresh");
    assert_eq!(s.read_at, later);
    assert!(s.deals.iter().any(|d| d.title == "Renamed elsewhere"));
}

#[test]
fn a_cached_board_of_another_pipeline_than_asked_for_is_not_shown() {
    let cached = saved();
    let mut app =
        App::new(crate::tui::app::AppSettings { pipeline: Some("pipe_other".into()), ..settings() }, now());
    assert!(!app.show_cached(cached));
    assert!(app.board().columns.is_empty());
    assert_eq!(app.cached_as_of(), None);
    assert!(matches!(&app.start()[..], [a, _] if a.call == Call::LoadPipelines));
}

#[test]
fn a_board_under_a_filter_or_still_loading_is_not_saved() {
    let mut app = App::new(settings(), now());
    assert!(app.snapshot().is_none(), "nothing loaded");
    let cmds = app.start();
    assert!(app.take_due_snapshot().is_none());
    settle(&mut app, &mut Fake::default(), cmds);
    assert!(app.snapshot().is_some());
    app.view.sort = Some(crate::model::Sort { field: crate::model::SortField::Value, descending: true });
    assert!(app.snapshot().is_none(), "sorted: the next start would take it for the default order");
}
