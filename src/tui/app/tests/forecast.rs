//! `c`: the board grouped by expected close month, and `H`/`L` moving a close date a month
//! there. The fixture's today is 2026-03-20 (UTC).

use crossterm::event::KeyCode;
use jiff::civil::{Date, date};
use jiff::tz::{Offset, TimeZone};

use super::*;
use crate::model::{DealPatch, Field};
use crate::tui::api::ClientError;
use crate::tui::app::forecast::Month;
use crate::tui::message::{Call, Event};
use crate::tui::strings;
use crate::tui::test_support::*;

/// Each month column's title and deal ids, as shown.
fn months(app: &App) -> Vec<(String, Vec<String>)> {
    let f = app.forecast().expect("the forecast is on");
    let board = app.board();
    f.months
        .iter()
        .map(|m| {
            let ids = (0..m.cards.len()).map(|p| m.deal(board, p).unwrap().id.clone()).collect();
            (m.month.title(), ids)
        })
        .collect()
}

fn titles(app: &App) -> Vec<String> {
    months(app).into_iter().map(|(t, _)| t).collect()
}

/// The ids in the month column titled `title`.
fn ids_in(app: &App, title: &str) -> Vec<String> {
    months(app).into_iter().find(|(t, _)| t == title).map(|(_, ids)| ids).unwrap_or_default()
}

fn vs(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// The fixture board, with `change` applied to the server's deals first, in `settings`.
fn loaded_with(settings: AppSettings, change: impl FnOnce(&mut Fake)) -> (App, Fake) {
    let mut fake = Fake::default();
    change(&mut fake);
    let mut app = App::new(settings, now());
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn close_of(fake: &Fake, id: &str) -> Option<Date> {
    fake.deals.iter().find(|d| d.id == id).unwrap().expected_close_date
}

/// Selects deal `id` in the forecast with the keys: to its month, then down to it.
fn select(app: &mut App, id: &str) {
    let (m, pos) = months(app)
        .iter()
        .enumerate()
        .find_map(|(m, (_, ids))| ids.iter().position(|i| i == id).map(|p| (m, p)))
        .expect("the deal is in the forecast");
    for _ in 0..20 {
        app.update(ch('h'));
    }
    for _ in 0..m {
        app.update(ch('l'));
    }
    app.update(ch('g'));
    for _ in 0..pos {
        app.update(ch('j'));
    }
    assert_eq!(selected_id(app).as_deref(), Some(id));
}

#[test]
fn c_groups_by_close_month_and_back_the_selection_staying_on_its_deal() {
    let (mut app, _) = loaded(160, 45);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert!(app.update(ch('c')).is_empty(), "grouping sends nothing");
    assert_eq!(app.grouping_label(), Some(strings::GROUPED_BY_MONTH));
    assert_eq!(
        months(&app),
        [
            ("Overdue".to_string(), vs(&["deal_2"])),
            ("Mar 2026".to_string(), vs(&["deal_5"])),
            ("Apr 2026".to_string(), vs(&["deal_1"])),
            ("May 2026".to_string(), vs(&["deal_4"])),
            ("No date".to_string(), vs(&["deal_3", "deal_6"])),
        ]
    );
    // Still on deal_1, now in April.
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert_eq!(app.forecast().unwrap().col, 2);
    // `l` is the next month; `j`/`G`/`g` move within it.
    app.update(ch('l'));
    app.update(ch('l'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
    app.update(ch('G'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    app.update(ch('g'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    // Back to stages: on deal_6, in Proposal.
    app.update(ch('c'));
    assert!(app.forecast().is_none());
    assert_eq!(app.grouping_label(), None);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    assert_eq!(app.board().col, 2);
    assert_eq!(message(&app), strings::GROUPED_BY_STAGE_SAID);
    // And in again: on deal_6, in No date.
    app.update(ch('c'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    assert_eq!(app.forecast().unwrap().col, 4);
}

#[test]
fn months_run_from_this_one_to_the_latest_with_overdue_before_today_in_the_apps_time_zone() {
    let (mut app, _) = loaded_with(settings(), |fake| {
        fake.deals[0].expected_close_date = Some(date(2026, 3, 20)); // today: this month
        fake.deals[1].expected_close_date = Some(date(2026, 3, 19)); // yesterday: overdue
        fake.deals[3].expected_close_date = Some(date(2026, 8, 1)); // the latest month
        fake.deals[4].expected_close_date = Some(date(2026, 3, 31)); // this month's last day
        fake.deals[5].expected_close_date = Some(date(2026, 4, 1)); // the next month's first
    });
    app.update(ch('c'));
    assert_eq!(
        titles(&app),
        ["Overdue", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "No date"]
    );
    assert_eq!(ids_in(&app, "Overdue"), ["deal_2"]);
    assert_eq!(ids_in(&app, "Mar 2026"), ["deal_1", "deal_5"], "by close date");
    assert_eq!(ids_in(&app, "Apr 2026"), ["deal_6"]);
    assert!(ids_in(&app, "Jun 2026").is_empty(), "a month between is shown empty");
    assert_eq!(ids_in(&app, "Aug 2026"), ["deal_4"]);
    assert_eq!(ids_in(&app, "No date"), ["deal_3"]);

    // At +14:00 it is already the 21st: a deal closing on the 20th is overdue.
    let far_east = AppSettings { time_zone: TimeZone::fixed(Offset::constant(14)), ..settings() };
    let (mut app, _) = loaded_with(far_east, |fake| {
        fake.deals[0].expected_close_date = Some(date(2026, 3, 20));
    });
    app.update(ch('c'));
    assert_eq!(ids_in(&app, "Overdue"), ["deal_2", "deal_1"]);
    // A new month there too: at 2026-03-31T23:00-05:00 it is still March; in UTC it is April.
    let west = AppSettings { time_zone: TimeZone::fixed(Offset::constant(-5)), ..settings() };
    let mut app = App::new(west, "2026-04-01T03:00:00Z".parse().unwrap());
    let mut fake = Fake::default();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    app.update(ch('c'));
    assert_eq!(app.forecast().unwrap().months[1].month, Month::In(date(2026, 3, 1)));
    assert_eq!(ids_in(&app, "Mar 2026"), ["deal_5"], "due the 31st, today in that zone");
}

#[test]
fn a_months_header_totals_its_deals_in_the_boards_currency_and_names_the_others() {
    let (mut app, _) = loaded_with(settings(), |fake| {
        fake.deals[3].expected_close_date = Some(date(2026, 4, 2)); // EUR 12,500 at 25%
    });
    app.update(ch('c'));
    let f = app.forecast().unwrap();
    let april = f.months.iter().find(|m| m.month == Month::In(date(2026, 4, 1))).unwrap();
    assert_eq!(april.total, 2);
    let t = april.totals("USD", &app.settings().rates);
    assert_eq!((t.currency.as_str(), t.value, t.weighted), ("USD", 75000.0, 7500.0));
    assert_eq!(t.other_currencies, ["EUR"]);
}

#[test]
fn l_moves_the_close_date_a_month_on_and_the_card_to_that_month_at_once() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_1");
    let cmd = only(app.update(ch('L')));
    let Call::UpdateDeal { ref deal_id, ref patch } = cmd.call else { panic!("{cmd:?}") };
    let want = DealPatch { expected_close_date: Field::Set(date(2026, 5, 15)), ..DealPatch::default() };
    assert_eq!((deal_id.as_str(), patch), ("deal_1", &want), "that one field");
    // Shown at once, pending, selected where it went.
    assert_eq!(ids_in(&app, "May 2026"), ["deal_4", "deal_1"]);
    assert!(ids_in(&app, "Apr 2026").is_empty());
    assert!(app.is_pending("deal_1"));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert_eq!(app.forecast().unwrap().col, 3);
    assert_eq!(message(&app), "Close date 2026-05-15: “Enterprise License - Acme Corp”.");
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(close_of(&fake, "deal_1"), Some(date(2026, 5, 15)));
    assert!(!app.is_pending("deal_1"));
    // `H` twice: back a month each, past today's month into overdue.
    let cmd = only(app.update(ch('H')));
    settle(&mut app, &mut fake, vec![cmd]);
    let cmd = only(app.update(ch('H')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(close_of(&fake, "deal_1"), Some(date(2026, 3, 15)));
    assert_eq!(ids_in(&app, "Overdue"), ["deal_2", "deal_1"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
}

#[test]
fn a_month_on_from_the_31st_is_the_last_day_of_a_shorter_month() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_5"); // 2026-03-31
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(close_of(&fake, "deal_5"), Some(date(2026, 4, 30)));
    let cmd = only(app.update(ch('H')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(close_of(&fake, "deal_5"), Some(date(2026, 3, 30)), "the same day, not the 31st again");
}

#[test]
fn a_deal_without_a_close_date_is_left_alone_saying_so() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_6");
    assert!(app.update(ch('L')).is_empty());
    assert_eq!(message(&app), "“Initech upsell” has no close date: e sets one.");
    assert!(!app.is_pending("deal_6"));
    assert_eq!(app.undo_depth(), 0);
}

#[test]
fn a_refused_date_move_puts_the_card_back_and_says_why() {
    let (mut app, fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_1");
    let cmd = only(app.update(ch('L')));
    assert_eq!(ids_in(&app, "May 2026"), ["deal_4", "deal_1"]);
    let e = ClientError::Validation {
        field: Some("expected_close_date".into()),
        message: "expected_close_date is after the fiscal year".into(),
    };
    app.update(refused(cmd.op(), e));
    assert_eq!(ids_in(&app, "Apr 2026"), ["deal_1"], "back in its month");
    assert_eq!(app.board().deal("deal_1").unwrap().expected_close_date, Some(date(2026, 4, 15)));
    assert!(!app.is_pending("deal_1"));
    assert!(is_error(&app));
    assert!(message(&app).contains("after the fiscal year"), "{}", message(&app));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert_eq!(app.undo_depth(), 0, "nothing to undo");
    assert_eq!(close_of(&fake, "deal_1"), Some(date(2026, 4, 15)));
}

#[test]
fn u_puts_back_the_exact_date_it_had() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_5"); // the 31st
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    app.update(ch('h'));
    let undo = only(app.update(ch('u')));
    let Call::UpdateDeal { ref patch, .. } = undo.call else { panic!("{undo:?}") };
    assert_eq!(patch.expected_close_date, Field::Set(date(2026, 3, 31)), "not Apr 30 - 1 month");
    assert_eq!(message(&app), "Undo: the edit of “Globex renewal” (close date).");
    assert_eq!(ids_in(&app, "Mar 2026"), ["deal_5"], "back at once");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"), "undo goes to the card it changed");
    settle(&mut app, &mut fake, vec![undo]);
    assert_eq!(close_of(&fake, "deal_5"), Some(date(2026, 3, 31)));
}

#[test]
fn marked_deals_move_together_and_one_without_a_date_is_named() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_1");
    app.update(ch(' '));
    select(&mut app, "deal_5");
    app.update(ch(' '));
    select(&mut app, "deal_3");
    app.update(ch(' '));
    let cmds = app.update(ch('L'));
    assert_eq!(cmds.len(), 2, "{cmds:?}");
    settle(&mut app, &mut fake, cmds);
    assert_eq!(close_of(&fake, "deal_1"), Some(date(2026, 5, 15)));
    assert_eq!(close_of(&fake, "deal_5"), Some(date(2026, 4, 30)));
    assert_eq!(close_of(&fake, "deal_3"), None);
    let said = message(&app);
    assert!(
        said.starts_with("Moved 2 of 3; 1 failed: “Evil") && said.ends_with("”: no close date"),
        "{said}"
    );
    // One `u` takes both back.
    let cmds = app.update(ch('u'));
    assert_eq!(cmds.len(), 2);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(close_of(&fake, "deal_1"), Some(date(2026, 4, 15)));
    assert_eq!(close_of(&fake, "deal_5"), Some(date(2026, 3, 31)));
}

#[test]
fn an_empty_month_selects_nothing_and_keys_there_say_so() {
    let (mut app, _) = loaded_with(settings(), |fake| {
        fake.deals[1].expected_close_date = Some(date(2026, 4, 1)); // nothing overdue
    });
    app.update(ch('c'));
    select(&mut app, "deal_1");
    for _ in 0..5 {
        app.update(ch('h'));
    }
    assert_eq!(app.forecast().unwrap().col, 0);
    assert_eq!(selected_id(&app), None);
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert_eq!(message(&app), strings::NO_DEAL_SELECTED);
    assert!(app.update(ch('L')).is_empty());
    app.update(ch(' '));
    assert_eq!(app.marked_count(), 0);
    // Back to stages: a card is selected again.
    app.update(ch('c'));
    assert!(selected_id(&app).is_some());
}

#[test]
fn the_search_narrows_every_month_and_enter_goes_to_the_best_match() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "globex");
    assert_eq!(ids_in(&app, "Mar 2026"), ["deal_5"]);
    assert!(ids_in(&app, "Apr 2026").is_empty());
    assert!(ids_in(&app, "No date").is_empty());
    app.update(key(KeyCode::Enter));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"));
    assert_eq!(app.forecast().unwrap().col, 1);
    app.update(key(KeyCode::Esc));
    assert_eq!(ids_in(&app, "No date"), ["deal_3", "deal_6"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"));
}

#[test]
fn other_keys_act_on_the_deal_selected_in_the_forecast() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_4");
    // `w` marks the forecast's deal won: it leaves the board, the selection stays in May.
    app.update(ch('w'));
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert_eq!(cmd.call, Call::MarkWon { deal_id: "deal_4".into(), reason: None });
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(ids_in(&app, "May 2026").is_empty());
    assert_eq!(app.forecast().unwrap().col, 3, "the same month");
    assert_eq!(selected_id(&app), None);
    // `v` on deal_5 edits its value.
    select(&mut app, "deal_5");
    app.update(ch('v'));
    assert!(app.popup().is_some());
}

#[test]
fn a_click_selects_the_card_under_it_and_the_wheel_scrolls_that_month() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let (mut app, _) = loaded(160, 45);
    app.update(ch('c'));
    let at =
        |kind, column, row| Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    // Five month columns of 32 cells; the No date column's second card: border, two summary
    // lines, then 4 lines a card.
    app.update(at(MouseEventKind::Down(MouseButton::Left), 4 * 32 + 5, 1 + 1 + 2 + 4 + 1));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    assert_eq!(app.forecast().unwrap().col, 4);
    app.update(at(MouseEventKind::Down(MouseButton::Left), 5, 1 + 1 + 2 + 1));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    app.update(at(MouseEventKind::ScrollDown, 4 * 32 + 5, 10));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"), "the wheel leaves the selection");
}

#[test]
fn n_opens_the_new_deal_form_in_the_first_stage_and_the_forecast_goes_to_the_new_card() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_5"); // in Proposal
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Wayne Enterprises");
    let cmd = only(app.update(key(KeyCode::Enter)));
    let Call::CreateDeal { ref deal } = cmd.call else { panic!("{cmd:?}") };
    assert_eq!(deal.stage_id.as_deref(), Some("stage_001"));
    // The stand-in card has no date yet.
    assert_eq!(ids_in(&app, "No date").len(), 3);
    settle(&mut app, &mut fake, vec![cmd]);
    // The fake's server copies deal_1's close date (April): the card follows there, selected.
    assert_eq!(ids_in(&app, "Apr 2026"), ["deal_new_1", "deal_1"], "the same date: its stage's order");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_new_1"));
    assert_eq!(app.forecast().unwrap().col, 2);
}

#[test]
fn a_refresh_regroups_what_changed_elsewhere_and_the_selection_stays_on_its_deal() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_6"); // No date, Proposal
    // Elsewhere: deal_5 (Proposal too) moves to June, deal_3 gets a date, a new deal in Proposal.
    fake.deals[4].expected_close_date = Some(date(2026, 6, 10));
    fake.deals[2].expected_close_date = Some(date(2026, 4, 2));
    let mut new = fake.deals[4].clone();
    new.id = "deal_9".into();
    new.expected_close_date = None;
    fake.deals.insert(0, new);
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(ids_in(&app, "Jun 2026"), ["deal_5"]);
    assert_eq!(ids_in(&app, "Apr 2026"), ["deal_3", "deal_1"]);
    assert!(ids_in(&app, "No date").contains(&"deal_9".to_string()));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    assert_eq!(app.forecast().unwrap().months[app.forecast().unwrap().col].month, Month::NoDate);
}

#[test]
fn grouped_before_the_pages_arrive_every_deal_is_in_its_month_once_loaded() {
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 160, height: 45 });
    app.update(ch('c'));
    assert_eq!(selected_id(&app), None);
    let mut fake = Fake { page: 1, ..Fake::default() };
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    assert_eq!(
        months(&app),
        [
            ("Overdue".to_string(), vs(&["deal_2"])),
            ("Mar 2026".to_string(), vs(&["deal_5"])),
            ("Apr 2026".to_string(), vs(&["deal_1"])),
            ("May 2026".to_string(), vs(&["deal_4"])),
            ("No date".to_string(), vs(&["deal_3", "deal_6"])),
        ]
    );
    app.update(ch('j'));
    assert!(selected_id(&app).is_some());
}

#[test]
fn l_in_the_details_of_a_forecast_card_moves_that_deals_close_date() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('c'));
    select(&mut app, "deal_1");
    app.update(key(KeyCode::Enter));
    assert!(app.popup().is_some(), "details open");
    let cmds: Vec<_> = app
        .update(ch('L'))
        .into_iter()
        .filter(|c| matches!(c.call, Call::UpdateDeal { .. } | Call::MoveStage { .. }))
        .collect();
    let cmd = only(cmds);
    let Call::UpdateDeal { ref deal_id, ref patch } = cmd.call else { panic!("a stage move: {cmd:?}") };
    let want = DealPatch { expected_close_date: Field::Set(date(2026, 5, 15)), ..DealPatch::default() };
    assert_eq!((deal_id.as_str(), patch), ("deal_1", &want));
}

#[test]
fn the_forecast_is_of_open_deals_unless_a_status_filter_asks_for_closed_ones() {
    use crate::tui::app::forecast::build;
    let (app, _) = loaded(160, 45);
    let mut board = app.board().clone();
    // A deal won lately, as the won stage's column holds them.
    let (c, i) = board.find("deal_1").unwrap();
    board.columns[c].deals[i].status = crate::model::DealStatus::Won;
    let today = app.today();
    let count =
        |months: &[crate::tui::app::forecast::MonthColumn]| months.iter().map(|m| m.total).sum::<usize>();
    let deals = board.columns.iter().map(|c| c.deals.len()).sum::<usize>();
    assert_eq!(count(&build(&board, today, true, &[])), deals - 1, "the won deal is not forecast");
    assert_eq!(count(&build(&board, today, false, &[])), deals, "under a status filter every deal shown is");
}
