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

/// Settings whose every timer refresh is a full reload (as every refresh was before the timer
/// read only what changed).
fn full_every_time() -> AppSettings {
    AppSettings { full_refresh_every: Some(std::time::Duration::ZERO), ..settings() }
}

fn loaded_with(settings: AppSettings, width: u16, height: u16) -> (App, Fake) {
    let mut app = App::new(settings, now());
    app.update(Event::Resize { width, height });
    let mut fake = Fake::default();
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
    let mut app = App::new(full_every_time(), now());
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
    let (mut app, mut fake) = loaded_with(full_every_time(), 160, 45);
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

/// The timer's refresh on an up-to-date board: the stage counts and one page of the latest
/// changes, nothing else.
#[test]
fn the_timers_refresh_with_nothing_changed_sends_two_requests() {
    // The fixture's deals were all changed at the same moment: make them old, but one.
    let mut fake = Fake { page: 100, ..Fake::default() };
    for d in &mut fake.deals {
        d.updated_at = now() - SignedDuration::from_hours(2);
    }
    fake.deals[0].updated_at = now();
    let mut app = App::new(settings(), now());
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    let cmds = app.update(Event::RefreshDue);
    assert_eq!(cmds.len(), 2, "{cmds:?}");
    assert!(matches!(&cmds[0].call, Call::LoadStages { .. }));
    let Call::ListDeals { query } = &cmds[1].call else { panic!("{cmds:?}") };
    assert_eq!((query.stage_id.as_deref(), query.pipeline_id.as_deref()), (None, Some("pipe_001")));
    let mut sent = 0;
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        sent += 1;
        let ev = fake.answer(&cmd);
        queue.extend(app.update(Event::Api(ev)));
    }
    assert_eq!(sent, 2, "no second page, no stage read again");
    assert!(!app.busy());
    assert!(app.status().message.is_none());
}

#[test]
fn the_timers_refresh_brings_changes_moves_wins_and_deletions_from_elsewhere() {
    let (mut app, mut fake) = loaded(160, 45);
    edit(&mut fake, "deal_5", |d| d.value = Some(7.0));
    edit(&mut fake, "deal_1", |d| d.stage_id = "stage_002".into());
    edit(&mut fake, "deal_2", |d| d.status = crate::model::DealStatus::Won);
    fake.deals.retain(|d| d.id != "deal_6");
    let cmds = app.update(Event::RefreshDue);
    assert!(!cmds.iter().any(|c| matches!(&c.call, Call::LoadPipelines)), "not a full reload");
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.board().deal("deal_5").unwrap().value, Some(7.0));
    assert_eq!(column_ids(&app, 0), ["deal_3"]);
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_002");
    assert!(app.board().deal("deal_2").is_none(), "won elsewhere: off the open board");
    assert!(app.board().deal("deal_6").is_none(), "deleted elsewhere: its stage read again");
    for (c, col) in app.board().columns.iter().enumerate() {
        assert_eq!(col.count(), col.deals.len() as u64, "column {c}");
    }
    assert!(app.is_highlighted("deal_5") && app.is_highlighted("deal_1"));
    assert!(message(&app).contains("Left the board"), "{}", message(&app));
}

#[test]
fn the_timers_refresh_never_overwrites_a_change_in_flight() {
    let (mut app, mut fake) = loaded(160, 45);
    let selected = selected_id(&app).unwrap();
    let mv = only(app.update(ch('L')));
    edit(&mut fake, &selected, |d| d.value = Some(3.0));
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.board().deal(&selected).unwrap().stage_id, "stage_002", "still where we moved it");
    assert!(app.is_pending(&selected));
    settle(&mut app, &mut fake, vec![mv]);
    assert!(!app.is_pending(&selected));
}

#[test]
fn the_interval_grows_while_nothing_changes_and_a_full_reload_runs_every_half_hour() {
    let (mut app, mut fake) = loaded(160, 45);
    let mut sent_at = Vec::new();
    for minute in 1..=40 {
        app.set_now(now() + SignedDuration::from_mins(minute));
        let cmds = app.update(Event::RefreshDue);
        if !cmds.is_empty() {
            let full = cmds.iter().any(|c| matches!(&c.call, Call::LoadPipelines));
            sent_at.push((minute, full));
        }
        settle(&mut app, &mut fake, cmds);
    }
    // 1, then 2, 4 and 8 periods apart; the full reload once 30 minutes passed.
    let minutes: Vec<i64> = sent_at.iter().map(|(m, _)| *m).collect();
    assert_eq!(minutes, [1, 3, 7, 15, 23, 31, 39]);
    let full: Vec<i64> = sent_at.iter().filter(|(_, f)| *f).map(|(m, _)| *m).collect();
    assert_eq!(full, [31]);
    // A key: the rep is back, the next period refreshes.
    app.update(ch('j'));
    assert!(!app.update(Event::RefreshDue).is_empty());
}

#[test]
fn a_low_budget_stretches_the_refresh_and_says_so_until_it_recovers() {
    use crate::tui::api::Budget;
    let mut s = settings();
    s.refresh_every = Some(std::time::Duration::from_secs(60));
    let mut app = App::new(s, now());
    let mut fake = Fake::default();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    let low = Budget { limit: Some(100), remaining: Some(5), ..Budget::default() };
    app.update(Event::Budget(low));
    assert_eq!(message(&app), "API budget low: refreshing every 10 min");
    for i in 0..9 {
        assert!(app.update(Event::RefreshDue).is_empty(), "stretched to 10 periods");
        if i == 0 {
            // A key clears the message; the next period says it again.
            app.update(ch('j'));
            assert!(app.status().message.is_none());
        }
    }
    assert_eq!(message(&app), "API budget low: refreshing every 10 min");
    let cmds = app.update(Event::RefreshDue);
    assert!(!cmds.is_empty(), "the tenth period refreshes");
    app.update(Event::Budget(Budget { limit: Some(100), remaining: Some(90), ..Budget::default() }));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), "API budget recovered: refreshing as usual");
    app.update(ch('j'));
    assert!(!app.update(Event::RefreshDue).is_empty(), "every period again");
}

#[test]
fn deals_that_could_not_be_read_are_counted_on_the_status_line() {
    let mut app = App::new(settings(), now());
    let mut fake = Fake::default();
    let mut cmds = app.start();
    while let Some(cmd) = cmds.pop() {
        let mut ev = fake.answer(&cmd);
        if let Ok(crate::tui::message::Outcome::DealPage(p)) = &mut ev.result
            && matches!(&cmd.call, Call::ListDeals { query } if query.stage_id.as_deref() == Some("stage_003"))
        {
            p.skipped = 1;
        }
        cmds.extend(app.update(Event::Api(ev)));
    }
    assert_eq!(message(&app), "1 deal could not be read");
    assert!(is_error(&app));
}

#[test]
fn a_deal_changed_elsewhere_takes_its_place_in_the_sorted_column() {
    use crate::model::{Sort, SortField};
    let (mut app, mut fake) = long_lead(6);
    let cmds = app.apply_sort(Sort { field: SortField::Value, descending: true });
    settle(&mut app, &mut fake, cmds);
    for (i, d) in fake.deals.iter_mut().filter(|d| d.stage_id == "stage_001").enumerate() {
        d.value = Some(1000.0 * (i + 1) as f64);
    }
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    let last = column_ids(&app, 0).pop().unwrap();
    edit(&mut fake, &last, |d| d.value = Some(3500.0));
    // `r` found nothing newer (the values changed without a newer `updated_at`): a key brings
    // the next period's refresh back.
    app.update(ch('j'));
    let cmds = app.update(Event::RefreshDue);
    assert_eq!(cmds.len(), 2, "the timer's cheap refresh");
    settle(&mut app, &mut fake, cmds);
    let mut lead: Vec<&Deal> = fake.deals.iter().filter(|d| d.stage_id == "stage_001").collect();
    lead.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
    let expected: Vec<String> = lead.iter().map(|d| d.id.clone()).collect();
    assert_eq!(column_ids(&app, 0), expected);
    assert!(app.is_highlighted(&last));
}

#[test]
fn a_full_reload_holds_only_the_deals_that_differ_from_the_board() {
    let (mut app, mut fake) = long_lead(150);
    edit(&mut fake, "deal_x07", |d| d.title = "Renamed elsewhere".into());
    let cmds = app.update(ch('r'));
    let lead = |c: &Command| matches!(&c.call, Call::ListDeals { query } if query.stage_id.as_deref() == Some("stage_001"));
    // Every page of Lead, the other columns still out.
    let mut pages: Vec<Command> = cmds.iter().filter(|c| lead(c)).cloned().collect();
    let mut answered = 0;
    while let Some(page) = pages.pop() {
        pages.extend(app.update(Event::Api(fake.answer(&page))));
        answered += 1;
    }
    assert!(answered > 1, "Lead comes in several pages");
    // 153 deals, one changed: only that one is held, the rest by id alone.
    assert_eq!(app.refresh_holds(), Some(1));
    assert!(app.board().columns[0].incoming.as_ref().is_some_and(|s| s.len() == 153));
    assert_eq!(app.board().deal("deal_x07").map(|d| d.title.to_string()).as_deref(), Some("Extra 07"));
    let rest: Vec<Command> = cmds.into_iter().filter(|c| !lead(c)).collect();
    settle(&mut app, &mut fake, rest);
    assert_eq!(app.refresh_holds(), None, "merged");
    let shown = app.board().deal("deal_x07").map(|d| d.title.to_string());
    assert_eq!(shown.as_deref(), Some("Renamed elsewhere"));
    let ids: Vec<String> =
        fake.deals.iter().filter(|d| d.stage_id == "stage_001").map(|d| d.id.clone()).collect();
    assert_eq!(column_ids(&app, 0), ids);
}
