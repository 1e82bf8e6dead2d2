//! The won stage (`app/won.rs`): moving a deal into it wins it through the won dialog, `w`
//! moves a deal there, its column shows the deals won lately, `o` takes one back to the stage
//! it came from. The fixture's won stage is Closed Won (stage_005, the last at 100%).

use crossterm::event::KeyCode;
use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::model::{Deal, DealDetail, DealPatch, DealStatus, Field, StageChange};
use crate::tui::api::ClientError;
use crate::tui::app::won::WonSettings;
use crate::tui::dialogs::{Dialog, Target};
use crate::tui::message::{Answer, Call, Event, Outcome};
use crate::tui::strings;
use crate::tui::test_support::*;

const WON: usize = 4;

fn days_ago(days: i64) -> Timestamp {
    now() - SignedDuration::from_hours(24 * days)
}

fn won_deal(id: &str, title: &str, stage: &str, closed: Timestamp) -> Deal {
    let mut d = deal(id, title, stage, Some(500.0), "USD", 100, None, None, "2026-01-20T08:00:00Z");
    d.status = DealStatus::Won;
    d.closed_at = Some(closed);
    d.updated_at = closed;
    d.won_reason = Some("Fit".into());
    d
}

/// The fixture with deal_6 in Negotiation and Closed Won holding: a deal won 5 days ago, one
/// won 40 days ago, a lost one, and an open one (another client left it there); plus a deal
/// won lately in Proposal (not the won stage).
fn fake() -> Fake {
    let mut fake = Fake::default();
    fake.deals.retain(|d| d.id != "deal_8");
    fake.deals.iter_mut().find(|d| d.id == "deal_6").unwrap().stage_id = "stage_004".into();
    fake.deals.push(won_deal("deal_w1", "Won lately", "stage_005", days_ago(5)));
    fake.deals.push(won_deal("deal_w2", "Won long ago", "stage_005", days_ago(40)));
    let mut lost = won_deal("deal_l1", "Lost there", "stage_005", days_ago(2));
    (lost.status, lost.won_reason) = (DealStatus::Lost, None);
    fake.deals.push(lost);
    let mut open = won_deal("deal_o1", "Open there", "stage_005", days_ago(1));
    (open.status, open.closed_at, open.won_reason) = (DealStatus::Open, None, None);
    fake.deals.push(open);
    fake.deals.push(won_deal("deal_w3", "Won in Proposal", "stage_003", days_ago(3)));
    fake
}

fn won_settings() -> AppSettings {
    AppSettings { won: Some(WonSettings { stage: None, days: 30 }), ..settings() }
}

fn board_with(settings: AppSettings, mut fake: Fake) -> (App, Fake) {
    let mut app = App::new(settings, now());
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn board() -> (App, Fake) {
    board_with(won_settings(), fake())
}

fn select(app: &mut App, id: &str) {
    let (c, i) = app.board.find(id).unwrap();
    app.board.select(c, i);
}

fn won_dialog(app: &App) -> &crate::tui::dialogs::WonDialog {
    match app.popup() {
        Some(Dialog::Won(d)) => d,
        other => panic!("expected the won dialog, got {other:?}"),
    }
}

fn the_patch(cmd: &crate::tui::message::Command) -> (&str, &DealPatch) {
    match &cmd.call {
        Call::UpdateDeal { deal_id, patch } => (deal_id.as_str(), patch),
        other => panic!("expected PUT /deals/:id, got {other:?}"),
    }
}

fn won_into(stage: &str, reason: Option<&str>) -> DealPatch {
    DealPatch {
        stage_id: Field::Set(stage.into()),
        status: Field::Set(DealStatus::Won),
        won_reason: reason.map_or(Field::Unchanged, |r| Field::Set(r.into())),
        ..DealPatch::default()
    }
}

fn open_in(stage: &str) -> DealPatch {
    DealPatch {
        stage_id: Field::Set(stage.into()),
        status: Field::Set(DealStatus::Open),
        ..DealPatch::default()
    }
}

#[test]
fn the_won_column_shows_deals_won_in_the_window_and_open_ones_and_counts_them() {
    let (app, _) = board();
    let col = &app.board().columns[WON];
    assert_eq!(col.stage.id, "stage_005");
    let mut ids = column_ids(&app, WON);
    ids.sort();
    // Won 40 days ago, lost, and won in another stage: not here.
    assert_eq!(ids, ["deal_o1", "deal_w1"]);
    assert_eq!(col.count(), 2, "the header counts the deals shown, not the stage's open deals");
    assert_eq!(col.totals_in("USD").value, 1000.0);
    assert_eq!(app.board().deal("deal_w1").unwrap().status, DealStatus::Won);
    assert_eq!(app.board().deal("deal_o1").unwrap().status, DealStatus::Open);
    assert!(app.board().find("deal_w3").is_none());
}

#[test]
fn the_won_column_reads_won_deals_newest_first_until_the_window_then_every_open_one() {
    let mut app = App::new(won_settings(), now());
    let mut fake = fake();
    // An open deal there untouched for a long time is shown too.
    let mut old = won_deal("deal_o2", "Open for ages", "stage_005", days_ago(90));
    (old.status, old.closed_at, old.won_reason) = (DealStatus::Open, None, None);
    fake.deals.push(old);
    // Pages of one deal: the one won 40 days ago ends the won read.
    fake.page = 1;
    let mut cmds = app.start();
    let mut reads = Vec::new();
    while let Some(cmd) = cmds.pop() {
        if let Call::ListDeals { query } = &cmd.call
            && query.stage_id.as_deref() == Some("stage_005")
        {
            reads.push((query.status, query.sort.map(|s| s.to_string()), query.cursor.is_some()));
        }
        let ev = fake.answer(&cmd);
        cmds.extend(app.update(Event::Api(ev)));
    }
    let won = (Some(DealStatus::Won), Some("-updated_at".to_string()));
    let open = (Some(DealStatus::Open), Some("-updated_at".to_string()));
    let shape: Vec<_> = reads.iter().map(|(st, so, more)| ((*st, so.clone()), *more)).collect();
    // w1 (5 days), then w2 (40 days: older than the window, so the last won page read), then
    // both open deals, o2 too although it has not changed for 90 days.
    assert_eq!(shape, [(won.clone(), false), (won, true), (open.clone(), false), (open, true)]);
    let mut ids = column_ids(&app, WON);
    ids.sort();
    assert_eq!(ids, ["deal_o1", "deal_o2", "deal_w1"]);
    assert_eq!(app.board().columns[WON].count(), 3);
    assert_eq!(app.board().columns[WON].load, super::super::board::ColumnLoad::Complete);
    // The other columns still ask for open deals only, in the view's order.
    assert_eq!(app.view_query().for_stage("stage_004").status, Some(DealStatus::Open));
    let (other, _) = board_with(settings(), Fake::default());
    assert!(other.view_query().won.is_none());
}

#[test]
fn l_into_the_won_stage_opens_the_won_dialog_and_enter_wins_and_moves_in_one_request() {
    let (mut app, mut fake) = board();
    select(&mut app, "deal_6");
    assert!(app.update(ch('L')).is_empty(), "nothing is sent before the dialog");
    let dialog = won_dialog(&app);
    assert_eq!(dialog.target, Target::Deal("deal_6".into()));
    assert_eq!(dialog.into.as_ref().map(|s| s.as_str()), Some("Closed Won"));
    type_text(&mut app, "Best fit");
    let cmd = only(app.update(key(KeyCode::Enter)));
    let (id, patch) = the_patch(&cmd);
    assert_eq!((id, patch), ("deal_6", &won_into("stage_005", Some("Best fit"))));
    // Optimistic: in the won column, won, pending.
    assert!(column_ids(&app, WON).contains(&"deal_6".to_string()));
    assert!(!column_ids(&app, 3).contains(&"deal_6".to_string()));
    assert!(app.is_pending("deal_6"));
    assert_eq!(message(&app), strings::won_moved("Initech upsell", "Closed Won"));
    settle(&mut app, &mut fake, vec![cmd]);
    let d = app.board().deal("deal_6").unwrap();
    assert_eq!(
        (d.status, d.stage_id.as_str(), d.won_reason.as_deref()),
        (DealStatus::Won, "stage_005", Some("Best fit"))
    );
    assert_eq!(app.board().columns[WON].count(), 3);
    let server = fake.deals.iter().find(|d| d.id == "deal_6").unwrap();
    assert_eq!((server.status, server.stage_id.as_str()), (DealStatus::Won, "stage_005"));
}

#[test]
fn shift_right_and_the_stage_picker_into_the_won_stage_open_the_dialog_too() {
    let (mut app, _) = board();
    select(&mut app, "deal_6");
    assert!(app.update(shift(KeyCode::Right)).is_empty());
    won_dialog(&app);
    app.update(key(KeyCode::Esc));
    // `m`, down to Closed Won, Enter.
    select(&mut app, "deal_1");
    assert!(app.update(ch('m')).is_empty());
    for _ in 0..4 {
        app.update(key(KeyCode::Down));
    }
    assert!(app.update(key(KeyCode::Enter)).is_empty(), "the picker sends nothing into the won stage");
    assert_eq!(won_dialog(&app).target, Target::Deal("deal_1".into()));
}

#[test]
fn esc_in_the_dialog_leaves_the_deal_where_it_was_and_sends_nothing() {
    let (mut app, _) = board();
    select(&mut app, "deal_6");
    app.update(ch('L'));
    type_text(&mut app, "maybe");
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.popup().is_none());
    let d = app.board().deal("deal_6").unwrap();
    assert_eq!((d.status, d.stage_id.as_str()), (DealStatus::Open, "stage_004"));
    assert_eq!(column_ids(&app, 3), ["deal_6"]);
    assert!(!app.is_pending("deal_6") && app.undo_depth() == 0);
}

#[test]
fn a_refused_win_puts_the_deal_back_open_where_it_was_and_the_dialog_returns() {
    let (mut app, _) = board();
    select(&mut app, "deal_6");
    app.update(ch('L'));
    type_text(&mut app, "Fit");
    let cmd = only(app.update(key(KeyCode::Enter)));
    let e = ClientError::Validation {
        field: Some("won_reason".into()),
        message: "won_reason is too long".into(),
    };
    assert!(app.update(refused(cmd.op(), e)).is_empty());
    let d = app.board().deal("deal_6").unwrap();
    assert_eq!((d.status, d.stage_id.as_str()), (DealStatus::Open, "stage_004"));
    assert_eq!(column_ids(&app, 3), ["deal_6"]);
    assert!(is_error(&app) && message(&app).contains("too long"), "{}", message(&app));
    let dialog = won_dialog(&app);
    assert_eq!((dialog.reason.value(), dialog.error.is_some()), ("Fit", true));
    assert_eq!(app.undo_depth(), 0);
}

#[test]
fn undo_of_a_win_into_the_won_stage_reopens_it_in_the_stage_it_came_from() {
    let (mut app, mut fake) = board();
    select(&mut app, "deal_6");
    app.update(ch('L'));
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert_eq!(the_patch(&cmd).1, &won_into("stage_005", None));
    settle(&mut app, &mut fake, vec![cmd]);
    let cmd = only(app.update(ch('u')));
    assert_eq!(the_patch(&cmd), ("deal_6", &open_in("stage_004")));
    assert_eq!(message(&app), strings::undo_restore("Initech upsell", "open", "Negotiation"));
    settle(&mut app, &mut fake, vec![cmd]);
    let d = app.board().deal("deal_6").unwrap();
    assert_eq!((d.status, d.stage_id.as_str(), d.closed_at), (DealStatus::Open, "stage_004", None));
    assert_eq!(column_ids(&app, 3), ["deal_6"]);
}

#[test]
fn w_on_a_lead_deal_wins_it_and_moves_it_into_the_won_stage() {
    let (mut app, mut fake) = board();
    select(&mut app, "deal_2");
    assert!(app.update(ch('w')).is_empty());
    assert_eq!(won_dialog(&app).into.as_ref().map(|s| s.as_str()), Some("Closed Won"));
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert_eq!(the_patch(&cmd), ("deal_2", &won_into("stage_005", None)));
    let title = fake.deals.iter().find(|d| d.id == "deal_2").unwrap().title.to_string();
    assert_eq!(message(&app), strings::won_moved(&title, "Closed Won"));
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(column_ids(&app, WON).contains(&"deal_2".to_string()));
    assert!(!column_ids(&app, 0).contains(&"deal_2".to_string()));
    // An open deal already in the won stage is only won.
    select(&mut app, "deal_o1");
    app.update(ch('w'));
    assert!(won_dialog(&app).into.is_none());
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(cmd.call, Call::MarkWon { ref deal_id, .. } if deal_id == "deal_o1"));
}

#[test]
fn a_bulk_move_into_the_won_stage_asks_once_and_wins_every_marked_deal() {
    let (mut app, mut fake) = board();
    // deal_5 to Negotiation first: then both Negotiation deals are marked.
    select(&mut app, "deal_5");
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    for id in ["deal_5", "deal_6"] {
        select(&mut app, id);
        app.update(ch(' '));
    }
    assert!(app.update(ch('L')).is_empty(), "one dialog for the marked deals, nothing sent");
    assert_eq!(won_dialog(&app).target, Target::Marked);
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(cmds.len(), 2);
    for cmd in &cmds {
        assert_eq!(the_patch(cmd).1, &won_into("stage_005", None));
    }
    settle(&mut app, &mut fake, cmds);
    for id in ["deal_5", "deal_6"] {
        let d = app.board().deal(id).unwrap();
        assert_eq!((d.status, d.stage_id.as_str()), (DealStatus::Won, "stage_005"), "{id}");
    }
    assert_eq!(column_ids(&app, 3), Vec::<String>::new());
    // One `u` takes both back to Negotiation.
    let cmds = app.update(ch('u'));
    assert_eq!(cmds.len(), 2);
    for cmd in &cmds {
        assert_eq!(the_patch(cmd).1, &open_in("stage_004"));
    }
}

#[test]
fn a_bulk_move_where_only_some_would_enter_the_won_stage_moves_the_others() {
    let (mut app, _) = board();
    for id in ["deal_1", "deal_6"] {
        select(&mut app, id);
        app.update(ch(' '));
    }
    let cmd = only(app.update(ch('L')));
    assert!(matches!(cmd.call, Call::MoveStage { ref deal_id, .. } if deal_id == "deal_1"));
    assert!(app.popup().is_none());
    assert_eq!(app.board().deal("deal_6").unwrap().stage_id, "stage_004");
    let op = cmd.op();
    let moved = app.board().deal("deal_1").unwrap().clone();
    app.update(Event::Api(Answer { op, result: Ok(Outcome::Saved(moved)) }));
    assert!(message(&app).contains(strings::WIN_TO_ENTER), "{}", message(&app));
}

fn detail_with_history(deal: &Deal, stages: &[&str]) -> DealDetail {
    let at = |i: usize| days_ago(20 - i as i64);
    let stage_history = stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageChange {
            stage_id: s.to_string(),
            stage_name: None,
            entered_at: at(i),
            left_at: (i + 1 < stages.len()).then(|| at(i + 1)),
            note: None,
            changed_by: None,
        })
        .collect();
    DealDetail { deal: deal.clone(), contacts: vec![], stage_history }
}

#[test]
fn o_on_a_won_deal_in_the_won_column_reopens_it_in_the_stage_before_in_its_history() {
    let (mut app, mut fake) = board();
    select(&mut app, "deal_w1");
    let get = only(app.update(ch('o')));
    assert!(matches!(get.call, Call::GetDeal { ref deal_id } if deal_id == "deal_w1"));
    let deal = app.board().deal("deal_w1").unwrap().clone();
    let detail = detail_with_history(&deal, &["stage_001", "stage_002", "stage_005"]);
    let cmd = only(app.update(Event::Api(Answer { op: get.op, result: Ok(Outcome::Deal(detail)) })));
    assert_eq!(the_patch(&cmd), ("deal_w1", &open_in("stage_002")));
    // Optimistic: open in Qualified at once.
    assert!(column_ids(&app, 1).contains(&"deal_w1".to_string()));
    assert!(!column_ids(&app, WON).contains(&"deal_w1".to_string()));
    assert_eq!(message(&app), strings::reopened_in("Won lately", "Qualified"));
    settle(&mut app, &mut fake, vec![cmd]);
    let d = app.board().deal("deal_w1").unwrap();
    assert_eq!((d.status, d.stage_id.as_str(), d.won_reason.as_ref()), (DealStatus::Open, "stage_002", None));
    // Undo: won again, in the won stage, with its reason.
    let cmd = only(app.update(ch('u')));
    assert_eq!(the_patch(&cmd), ("deal_w1", &won_into("stage_005", Some("Fit"))));
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(column_ids(&app, WON).contains(&"deal_w1".to_string()));
}

#[test]
fn reopen_without_a_history_goes_to_the_stage_before_the_won_stage_and_a_refusal_rolls_back() {
    let (mut app, _) = board();
    select(&mut app, "deal_w1");
    let get = only(app.update(ch('o')));
    let cmd = only(app.update(refused(get.op, offline())));
    assert_eq!(the_patch(&cmd), ("deal_w1", &open_in("stage_004")));
    let e = ClientError::Validation { field: Some("status".into()), message: "no".into() };
    app.update(refused(cmd.op(), e));
    let d = app.board().deal("deal_w1").unwrap();
    assert_eq!((d.status, d.stage_id.as_str()), (DealStatus::Won, "stage_005"));
    assert!(column_ids(&app, WON).contains(&"deal_w1".to_string()));
    assert!(is_error(&app));
}

#[test]
fn a_reload_keeps_the_won_column_and_brings_a_deal_won_elsewhere() {
    let (mut app, mut fake) = board();
    // Won elsewhere (another client), just now.
    let d = fake.deals.iter_mut().find(|d| d.id == "deal_4").unwrap();
    (d.status, d.stage_id, d.closed_at, d.updated_at) =
        (DealStatus::Won, "stage_005".into(), Some(now()), now());
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    let mut ids = column_ids(&app, WON);
    ids.sort();
    assert_eq!(ids, ["deal_4", "deal_o1", "deal_w1"]);
    assert_eq!(app.board().columns[WON].count(), 3);
    assert!(!message(&app).contains("gone"), "{}", message(&app));
}

#[test]
fn a_deal_ageing_out_of_the_window_leaves_on_reload_without_being_called_gone() {
    let (mut app, mut fake) = board();
    app.set_now(now() + SignedDuration::from_hours(24 * 26));
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, WON), ["deal_o1"]);
    assert!(!message(&app).contains("Won lately"), "{}", message(&app));
}

#[test]
fn the_timer_refresh_does_not_take_the_won_column_for_stale_and_brings_a_new_win() {
    let (mut app, mut fake) = board_with(AppSettings { full_refresh_every: None, ..won_settings() }, fake());
    let d = fake.deals.iter_mut().find(|d| d.id == "deal_4").unwrap();
    (d.status, d.stage_id, d.closed_at, d.updated_at) =
        (DealStatus::Won, "stage_005".into(), Some(now()), now());
    let mut cmds = app.update(Event::RefreshDue);
    assert!(!cmds.is_empty());
    let mut won_reads = 0;
    while let Some(cmd) = cmds.pop() {
        if matches!(&cmd.call, Call::ListDeals { query } if query.stage_id.as_deref() == Some("stage_005")) {
            won_reads += 1;
        }
        let ev = fake.answer(&cmd);
        cmds.extend(app.update(Event::Api(ev)));
    }
    // Its count of open deals (none) never matches the won deals it holds: not read again.
    assert_eq!(won_reads, 0);
    let mut ids = column_ids(&app, WON);
    ids.sort();
    assert_eq!(ids, ["deal_4", "deal_o1", "deal_w1"]);
}

#[test]
fn the_cached_board_keeps_the_won_column() {
    let (app, _) = board();
    let snapshot = app.snapshot().expect("a complete board");
    assert!(snapshot.stages.iter().all(|s| s.id != "stage_005"), "no open-deal count for the won column");
    let mut again = App::new(won_settings(), now());
    assert!(again.show_cached(snapshot));
    let mut ids = column_ids(&again, WON);
    ids.sort();
    assert_eq!(ids, ["deal_o1", "deal_w1"]);
    assert_eq!(again.board().columns[WON].count(), 2);
}

#[test]
fn without_a_won_stage_everything_is_as_before() {
    // A setting naming no stage of the pipeline: no won column, L moves.
    let signed =
        AppSettings { won: Some(WonSettings { stage: Some("Signed".into()), days: 30 }), ..settings() };
    let (mut app, _) = board_with(signed, fake());
    assert!(app.view_query().won.is_none());
    select(&mut app, "deal_6");
    let cmd = only(app.update(ch('L')));
    assert!(matches!(cmd.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_005"));
    // A setting by name (any case) picks that stage.
    let by_name =
        AppSettings { won: Some(WonSettings { stage: Some("negotiation".into()), days: 30 }), ..settings() };
    let (app, _) = board_with(by_name, fake());
    assert_eq!(app.view_query().won.as_ref().map(|w| w.stage_id.as_str()), Some("stage_004"));
}

#[test]
fn a_filter_narrows_the_won_column_and_a_status_filter_shows_the_stage_by_that_status() {
    let (mut app, mut fake) = board();
    let won_stage_reads = |cmds: &[Command]| {
        cmds.iter()
            .filter_map(|c| match &c.call {
                Call::ListDeals { query } if query.stage_id.as_deref() == Some("stage_005") => {
                    Some((query.status, query.min_value))
                }
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // A value range (or "only mine"): the won column still shows the deals won lately, narrowed.
    let filter = crate::tui::dialogs::BoardFilter { min_value: Some(1.0), ..Default::default() };
    let cmds = app.apply_filter(filter);
    assert_eq!(won_stage_reads(&cmds), [(Some(DealStatus::Won), Some(1.0))]);
    settle(&mut app, &mut fake, cmds);
    let shown = column_ids(&app, WON);
    assert!(shown.contains(&"deal_o1".to_string()), "{shown:?}");
    let col = &app.board().columns[app.board().column_of_stage("stage_005").unwrap()];
    assert!(col.deals.iter().all(|d| d.value.unwrap_or(0.0) >= 1.0), "{shown:?}");
    select(&mut app, "deal_6");
    assert!(app.update(ch('L')).is_empty());
    won_dialog(&app);
    app.update(key(KeyCode::Esc));
    // A status filter: the won stage is read by that status like any other stage.
    let filter = crate::tui::dialogs::BoardFilter {
        status: crate::tui::dialogs::StatusFilter::Lost,
        ..Default::default()
    };
    let cmds = app.apply_filter(filter);
    assert_eq!(won_stage_reads(&cmds), [(Some(DealStatus::Lost), None)]);
}

#[test]
fn the_stage_picker_with_marks_into_the_won_stage_asks_once_for_all_of_them() {
    let (mut app, mut fake) = board();
    for id in ["deal_1", "deal_4"] {
        select(&mut app, id);
        app.update(ch(' '));
    }
    assert!(app.update(ch('m')).is_empty());
    for _ in 0..4 {
        app.update(key(KeyCode::Down));
    }
    assert!(app.update(key(KeyCode::Enter)).is_empty(), "nothing sent before the won dialog");
    assert_eq!(won_dialog(&app).target, Target::Marked);
    type_text(&mut app, "Q4 push");
    let cmds = app.update(key(KeyCode::Enter));
    let ids: Vec<&str> = cmds.iter().map(|c| the_patch(c).0).collect();
    assert_eq!(ids, ["deal_1", "deal_4"]);
    for cmd in &cmds {
        assert_eq!(the_patch(cmd).1, &won_into("stage_005", Some("Q4 push")));
    }
    settle(&mut app, &mut fake, cmds);
    let server: Vec<_> = fake.deals.iter().filter(|d| d.id == "deal_1" || d.id == "deal_4").collect();
    assert!(server.iter().all(|d| d.status == DealStatus::Won && d.stage_id == "stage_005"));
}
