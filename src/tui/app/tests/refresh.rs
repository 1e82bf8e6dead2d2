//! Live refresh: `r` and the timer's `Event::RefreshDue` merge the server's
//! changes in one step, keeping the selection, the scroll and any open dialog.

use crossterm::event::KeyCode;
use jiff::SignedDuration;

use super::*;
use crate::model::Deal;
use crate::tui::dialogs::Dialog;
use crate::tui::message::{Answer, Call, Command, Event};
use crate::tui::test_support::*;

/// A moment after `now()`: what someone else's change stamps.
fn later() -> jiff::Timestamp {
    now() + SignedDuration::from_secs(30)
}

/// The fixture plus `n` more deals in Lead (to scroll), loaded at 80x24.
fn long_lead(n: usize) -> (App, Fake) {
    let mut fake = Fake::default();
    for i in 0..n {
        let mut d: Deal = fake.deals[0].clone();
        d.id = format!("deal_x{i:02}");
        d.title = format!("Extra {i:02}").into();
        fake.deals.push(d);
    }
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn edit(fake: &mut Fake, id: &str, f: impl FnOnce(&mut Deal)) {
    let d = fake.deals.iter_mut().find(|d| d.id == id).unwrap();
    f(d);
    d.updated_at = later();
}

#[test]
fn a_refresh_keeps_selection_and_scroll_and_follows_a_deal_moved_elsewhere() {
    let (mut app, mut fake) = long_lead(12);
    for _ in 0..10 {
        app.update(ch('j'));
    }
    let selected = selected_id(&app).unwrap();
    let scroll = app.board().columns[0].scroll;
    assert!(scroll > 0, "the column is scrolled");
    // Someone else moves the selected deal to Proposal and changes the value of another.
    edit(&mut fake, &selected, |d| d.stage_id = "stage_003".into());
    edit(&mut fake, "deal_5", |d| d.value = Some(1.0));
    let cmds = app.update(Event::RefreshDue);
    assert!(!cmds.is_empty());
    assert!(app.status().message.is_none(), "the timer's refresh is quiet");
    settle(&mut app, &mut fake, cmds);

    assert_eq!(selected_id(&app), Some(selected.clone()), "the same deal, now in Proposal");
    assert_eq!(app.board().col, 2);
    assert_eq!(app.board().columns[0].scroll, scroll, "Lead keeps its scroll");
    assert_eq!(app.board().deal("deal_5").unwrap().value, Some(1.0));
    assert!(app.is_highlighted(&selected) && app.is_highlighted("deal_5"));
    assert!(!app.is_highlighted("deal_1"), "unchanged deals are not");
    assert!(app.status().message.is_none());
    // The highlight asks for ticks while it shows, and fades with time.
    assert!(app.wants_ticks());
    app.set_now(now() + SignedDuration::from_secs(6));
    app.update(Event::Tick);
    assert!(!app.is_highlighted("deal_5"));
    assert!(!app.wants_ticks(), "an idle board stops ticking");
}

#[test]
fn r_merges_in_one_step_and_says_how_many_changed() {
    let (mut app, mut fake) = loaded(160, 45);
    edit(&mut fake, "deal_1", |d| d.stage_id = "stage_002".into());
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_2", "deal_3"]);
    assert_eq!(column_ids(&app, 1), ["deal_1", "deal_4"], "once, in its new stage");
    assert_eq!(message(&app), "Refreshed: 1 deal changed elsewhere.");
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), "Up to date.");
}

#[test]
fn a_deal_deleted_elsewhere_disappears_with_a_message_naming_it() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('l'));
    app.update(ch('l'));
    fake.deals.retain(|d| d.id != "deal_5");
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 2), ["deal_6"]);
    assert_eq!(message(&app), "Left the board (deleted or changed elsewhere): “Globex renewal”.");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"), "the selection stays in the column");
}

#[test]
fn an_edit_in_flight_is_not_overwritten_by_an_older_refresh_copy() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('e'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, " (renewed)");
    let edit = only(app.update(key(KeyCode::Enter)));
    // The refresh's pages are read while the edit is still on its way.
    let refresh = app.update(Event::RefreshDue);
    let answers: Vec<Event> = refresh.iter().map(|c| Event::Api(fake.answer(c))).collect();
    let (last, first) = answers.split_last().unwrap();
    for ev in first {
        let more = app.update(ev.clone());
        settle(&mut app, &mut fake, more);
    }
    // The server accepts the edit before the last page is in: its copy is newer than the pages'.
    settle(&mut app, &mut fake, vec![edit]);
    app.update(last.clone());
    assert!(app.board().columns.iter().all(|c| c.incoming.is_none()), "merged");
    let d = app.board().deal("deal_1").unwrap();
    assert_eq!(d.title, "Enterprise License - Acme Corp (renewed)");
    assert!(!app.is_highlighted("deal_1"), "our own change is not news");
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);

    // And while a change is still in flight, a refresh leaves the local copy alone.
    let mv = only(app.update(ch('L')));
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_002");
    assert!(app.is_pending("deal_1"));
    assert!(app.status().message.as_ref().is_none_or(|(_, m)| !m.contains("left the board")));
    settle(&mut app, &mut fake, vec![mv]);
}

#[test]
fn a_refresh_keeps_an_open_dialog_and_the_marks() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch(' '));
    app.update(ch('j'));
    app.update(ch('v'));
    type_text(&mut app, "9");
    edit(&mut fake, "deal_4", |d| d.title = "Renamed by a colleague".into());
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    assert!(matches!(app.popup(), Some(Dialog::Value(_))));
    assert!(app.is_marked("deal_1"));
    assert_eq!(app.board().deal("deal_4").unwrap().title, "Renamed by a colleague");
    // A deal marked and then deleted elsewhere loses its mark.
    app.update(key(KeyCode::Esc));
    fake.deals.retain(|d| d.id != "deal_1");
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.marked_count(), 0);
}

#[test]
fn the_timer_skips_while_a_refresh_or_the_first_load_is_out() {
    let mut app = App::new(settings(), now());
    let start = app.start();
    assert!(app.update(Event::RefreshDue).is_empty(), "nothing loaded yet");
    settle(&mut app, &mut Fake::default(), start);
    let first = app.update(Event::RefreshDue);
    assert!(first.iter().any(|c| matches!(&c.call, Call::ListDeals { .. })));
    assert!(app.update(Event::RefreshDue).is_empty(), "one at a time");
    // A page that fails keeps that column; the merge still happens with the rest.
    let (fail, rest): (Vec<Command>, Vec<Command>) = first.into_iter().partition(
        |c| matches!(&c.call, Call::ListDeals { query, .. } if query.stage_id.as_deref() == Some("stage_001")),
    );
    let mut fake = Fake::default();
    fake.deals.retain(|d| d.id != "deal_5");
    settle(&mut app, &mut fake, rest);
    let e = crate::tui::api::ClientError::Server { status: 500, message: "internal".into() };
    app.update(Event::Api(Answer { op: fail[0].op(), result: Err(e) }));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(column_ids(&app, 2), ["deal_6"]);
    assert!(!app.update(Event::RefreshDue).is_empty(), "the next one goes out");
}

#[test]
fn a_deal_we_won_or_deleted_while_the_pages_were_out_does_not_come_back() {
    let (mut app, mut fake) = loaded(160, 45);
    let refresh = app.update(ch('r'));
    // Every page but the last is read (and Lead's second page too) while deal_1 and deal_2 are
    // still open and there.
    let (last, first) = refresh.split_last().unwrap();
    settle(&mut app, &mut fake, first.to_vec());
    let last = Event::Api(fake.answer(last));
    app.update(ch('w'));
    let won = only(app.update(key(KeyCode::Enter)));
    settle(&mut app, &mut fake, vec![won]);
    app.update(ch('d'));
    let delete = only(app.update(ch('y')));
    settle(&mut app, &mut fake, vec![delete]);
    app.update(last);
    assert!(app.board().columns.iter().all(|c| c.incoming.is_none()), "merged");
    assert_eq!(column_ids(&app, 0), ["deal_3"]);
    assert!(!app.is_highlighted("deal_1") && !app.is_highlighted("deal_2"));
}

#[test]
fn marks_go_with_a_pipeline_switch_but_stay_through_a_refresh() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch(' '));
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.marked_count(), 1);
    let cmds = app.update(ch('p'));
    assert_eq!(app.marked_count(), 0);
    settle(&mut app, &mut fake, cmds);
}

#[test]
fn a_refresh_under_a_kept_search_keeps_the_narrowing_and_the_match_selected() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "globex");
    app.update(key(KeyCode::Enter));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"));
    // Someone adds a deal above it; the search still hides everything but the match.
    let mut new = fake.deals[5].clone();
    new.id = "deal_new".into();
    new.title = "Umbrella expansion".into();
    fake.deals.insert(4, new);
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    let col = &app.board().columns[2];
    assert_eq!(col.deals.len(), 3);
    assert_eq!(col.shown_len(), 1);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"));
    assert!(app.search().is_some());
}

#[test]
fn a_refresh_of_a_complete_board_shows_no_loading_progress() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(Event::RefreshDue);
    // Lead has two pages: after the first, the board is still the complete old copy.
    let lead = cmds
        .iter()
        .find(|c| matches!(&c.call, Call::ListDeals { query, .. } if query.stage_id.as_deref() == Some("stage_001")))
        .unwrap();
    let more = app.update(Event::Api(fake.answer(lead)));
    assert_eq!(more.len(), 1, "Lead's second page");
    assert!(app.board().fully_loaded());
}
