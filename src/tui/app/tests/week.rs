//! The rep's week: `M` only mine (me from the config, or chosen once from `/users`; without them,
//! how to set it), `I` chooses me again, rotting per stage and `R` to the next rotting deal,
//! `S` saved filters (saved from the filter form, built-ins, deleted), and what is kept per
//! account for the next run.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{DealQuery, DealStatus, Sort, SortField};
use crate::settings::StaleDays;
use crate::tui::app::week::{AccountState, SavedFilter};
use crate::tui::dialogs::{BoardFilter, Dialog, StatusFilter};
use crate::tui::message::{Call, Command, Event};
use crate::tui::strings;
use crate::tui::test_support::*;

/// The deal queries of a reload, one per column.
fn queries(cmds: &[Command]) -> Vec<DealQuery> {
    cmds.iter()
        .filter_map(|c| match &c.call {
            Call::ListDeals { query } => Some(query.clone()),
            _ => None,
        })
        .collect()
}

fn owners(cmds: &[Command]) -> Vec<Option<String>> {
    queries(cmds).into_iter().map(|q| q.owner_id).collect()
}

fn loaded_as(settings: AppSettings, fake: Fake, state: AccountState) -> (App, Fake) {
    let mut fake = fake;
    let mut app = App::new(settings, now());
    app.set_account_state(state);
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn header(app: &App) -> String {
    let theme = crate::tui::theme::Theme::new(false);
    app.view_query().header_text(app.keymap(), &theme, "USD").unwrap_or_default()
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn shown_ids(app: &App, c: usize) -> Vec<String> {
    let col = &app.board().columns[c];
    (0..col.shown_len()).filter_map(|p| col.shown_at(p)).map(|i| col.deals[i].id.clone()).collect()
}

#[test]
fn m_without_me_asks_once_then_filters_by_me_and_the_header_says_so() {
    let (mut app, mut fake) = loaded(160, 45);
    assert!(app.update(ch('M')).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::Me(_))));
    type_text(&mut app, "alice");
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(owners(&cmds), vec![Some("usr_1".to_string()); 5]);
    assert_eq!(app.account_state().me.as_deref(), Some("usr_1"));
    assert_eq!(message(&app), strings::only_mine_on("Alice Martin"));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_1"]);
    assert!(app.only_mine());
    assert_eq!(header(&app), " only mine: Alice Martin ");
    // M again: every owner's deals, no question asked.
    let cmds = app.update(ch('M'));
    assert!(app.popup().is_none());
    assert_eq!(owners(&cmds), vec![None; 5]);
    assert_eq!(message(&app), strings::ONLY_MINE_OFF);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(header(&app), "");
}

#[test]
fn m_keeps_the_rest_of_the_filter_and_esc_in_the_picker_changes_nothing() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('M'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert_eq!(app.account_state().me, None);
    assert!(!app.view_query().filter.is_active());
    // A won filter, then only mine on top of it.
    app.update(ch('f'));
    app.update(ch('w'));
    app.update(key(KeyCode::Enter));
    let settings = AppSettings { me: Some("usr_2".into()), ..settings() };
    let (mut app2, _) = loaded_as(settings, Fake::default(), AccountState::default());
    app2.update(ch('f'));
    app2.update(ch('w'));
    app2.update(key(KeyCode::Enter));
    let cmds = app2.update(ch('M'));
    assert!(
        queries(&cmds)
            .iter()
            .all(|q| q.owner_id.as_deref() == Some("usr_2") && q.status == Some(DealStatus::Won))
    );
    assert!(
        header(&app2).contains("only mine: 山田 太郎") && header(&app2).contains("status: won"),
        "{}",
        header(&app2)
    );
}

#[test]
fn me_from_the_config_needs_no_question_and_i_says_the_config_wins() {
    let settings = AppSettings { me: Some("usr_2".into()), ..settings() };
    let state = AccountState { me: Some("usr_1".into()), ..AccountState::default() };
    let (mut app, _) = loaded_as(settings, Fake::default(), state);
    assert_eq!(app.me(), Some("usr_2"));
    let cmds = app.update(ch('M'));
    assert!(app.popup().is_none());
    assert_eq!(owners(&cmds), vec![Some("usr_2".to_string()); 5]);
    assert!(app.update(ch('I')).is_empty());
    assert!(app.popup().is_none());
    assert_eq!(message(&app), strings::me_from_config("usr_2"));
}

#[test]
fn without_users_on_the_server_m_says_how_to_set_me_in_the_config() {
    let fake = Fake { users: None, ..Fake::default() };
    let (mut app, _) = loaded_as(settings(), fake, AccountState::default());
    for k in ['M', 'I'] {
        assert!(app.update(ch(k)).is_empty());
        // The picker opens empty, saying how to set me (see the view's week snapshots).
        assert!(matches!(app.popup(), Some(Dialog::Me(_))), "{:?}", app.popup());
        assert!(is_error(&app));
        assert_eq!(message(&app), strings::NO_USERS_FOR_ME);
        assert!(message(&app).contains("me = \"<user id>\"") && message(&app).contains("config.toml"));
        assert!(app.update(key(KeyCode::Enter)).is_empty(), "nothing to pick");
        app.update(key(KeyCode::Esc));
        assert!(app.popup().is_none());
    }
    assert!(!app.view_query().filter.is_active());
}

#[test]
fn i_chooses_me_again_and_the_choice_is_kept_for_the_account() {
    let state = AccountState { me: Some("usr_1".into()), ..AccountState::default() };
    let (mut app, _) = loaded_as(settings(), Fake::default(), state);
    assert!(app.update(ch('I')).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::Me(_))));
    type_text(&mut app, "山田");
    assert!(app.update(key(KeyCode::Enter)).is_empty(), "choosing alone reloads nothing");
    assert_eq!(app.me(), Some("usr_2"));
    assert_eq!(message(&app), strings::you_are("山田 太郎"));
    let kept = app.account_state();
    assert_eq!((kept.me.as_deref(), kept.pipeline.as_deref()), (Some("usr_2"), Some("pipe_001")));
}

#[test]
fn a_new_deal_is_mine_unless_i_pick_another_owner() {
    let settings = AppSettings { me: Some("usr_2".into()), ..settings() };
    let (mut app, mut fake) = loaded_as(settings, Fake::default(), AccountState::default());
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Mine");
    match only(app.update(key(KeyCode::Enter))) {
        Command { call: Call::CreateDeal { deal }, .. } => {
            assert_eq!(deal.owner_id.as_deref(), Some("usr_2"))
        }
        other => panic!("{other:?}"),
    }
    // Without me, no owner is chosen for the rep.
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Nobody's");
    match only(app.update(key(KeyCode::Enter))) {
        Command { call: Call::CreateDeal { deal }, .. } => assert_eq!(deal.owner_id, None),
        other => panic!("{other:?}"),
    }
}

fn stale(entries: &[(&str, u32)]) -> StaleDays {
    StaleDays::new(entries.iter().map(|(k, d)| (k.to_string(), *d)))
}

#[test]
fn rotting_follows_each_stages_days_and_counts_per_column() {
    // Now is 2026-03-20: deal_2 was updated 28 days ago (Lead), deal_4 10 (Qualified), deal_5 19
    // (Proposal), the rest within 2.
    let (app, _) = loaded(160, 45);
    let rotting =
        |app: &App| -> Vec<usize> { app.board().columns.iter().map(|c| app.rotting_in(c)).collect() };
    assert_eq!(rotting(&app), [1, 0, 1, 0, 0]);
    let with = AppSettings { stale_days: stale(&[("qualified", 10), ("stage_003", 20)]), ..settings() };
    let (app, _) = loaded_as(with, Fake::default(), AccountState::default());
    assert_eq!(rotting(&app), [1, 1, 0, 0, 0]);
    let deal_4 = app.board().deal("deal_4").unwrap().clone();
    assert!(app.is_rotting(&deal_4), "10 days in a 10-day stage");
    // 11 days needed: not yet.
    let with = AppSettings { stale_days: stale(&[("Qualified", 11)]), ..settings() };
    let (app, _) = loaded_as(with, Fake::default(), AccountState::default());
    assert!(!app.is_rotting(&deal_4));
    // A won or lost deal is done: never rotting.
    let old_won =
        crate::model::Deal { status: DealStatus::Won, ..app.board().deal("deal_2").unwrap().clone() };
    assert!(!app.is_rotting(&old_won));
}

#[test]
fn r_jumps_to_the_next_rotting_deal_then_the_next_columns_wrapping() {
    let settings = AppSettings { stale_days: stale(&[("Qualified", 5)]), ..settings() };
    let (mut app, _) = loaded_as(settings, Fake::default(), AccountState::default());
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    let mut seen = Vec::new();
    for _ in 0..4 {
        assert!(app.update(ch('R')).is_empty());
        seen.push(selected_id(&app).unwrap());
    }
    assert_eq!(seen, ["deal_2", "deal_4", "deal_5", "deal_2"]);
    assert_eq!(app.board().col, 0);
    assert_eq!(message(&app), "");
}

#[test]
fn r_with_no_rotting_deal_says_so_and_stays() {
    let all_long = stale(&[("Lead", 60), ("Qualified", 60), ("Proposal", 60)]);
    let (mut app, _) = loaded_as(
        AppSettings { stale_days: all_long, ..settings() },
        Fake::default(),
        AccountState::default(),
    );
    app.update(ch('j'));
    assert!(app.update(ch('R')).is_empty());
    assert_eq!(message(&app), strings::NO_ROTTING);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
}

#[test]
fn a_filter_saved_from_the_form_keeps_the_sort_and_s_applies_it_again() {
    let (mut app, mut fake) = loaded(160, 45);
    // Value, largest first.
    app.update(ch('s'));
    app.update(ch('k'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    app.update(ch('f'));
    app.update(ch('w'));
    app.update(Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
    type_text(&mut app, "Won big");
    let cmds = app.update(key(KeyCode::Enter));
    assert!(queries(&cmds).iter().all(|q| q.status == Some(DealStatus::Won)));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), strings::filter_saved("Won big"));
    let want = SavedFilter {
        name: "Won big".into(),
        filter: BoardFilter { status: StatusFilter::Won, ..BoardFilter::default() },
        sort: Some("-value".into()),
    };
    assert_eq!(app.saved_filters(), [want]);
    // Back to the default view, then S and the saved one: filter and sort together.
    app.update(ch('F'));
    app.update(ch('s'));
    app.update(ch('j'));
    app.update(ch('j'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.view_query().sort, Some(Sort::default()));
    assert!(app.update(ch('S')).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::SavedFilters(_))));
    type_text(&mut app, "won big");
    let cmds = app.update(key(KeyCode::Enter));
    let value_desc = Sort { field: SortField::Value, descending: true };
    let qs = queries(&cmds);
    assert_eq!(qs.len(), 5);
    assert!(qs.iter().all(|q| q.status == Some(DealStatus::Won) && q.sort == Some(value_desc)));
    assert_eq!(message(&app), strings::saved_filter_applied("Won big"));
    // Saving under the same name replaces it.
    app.update(ch('f'));
    app.update(ch('l'));
    app.update(Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
    type_text(&mut app, "Won big");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.saved_filters().len(), 1);
    assert_eq!(app.saved_filters()[0].filter.status, StatusFilter::Lost);
    assert_eq!(app.account_state().saved_filters, app.saved_filters());
}

#[test]
fn closing_this_month_asks_for_this_months_close_dates() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('S'));
    type_text(&mut app, "closing");
    let cmds = app.update(key(KeyCode::Enter));
    let qs = queries(&cmds);
    assert_eq!(qs.len(), 5);
    for q in qs {
        assert_eq!(q.expected_close_after, Some(jiff::civil::date(2026, 3, 1)));
        assert_eq!(q.expected_close_before, Some(jiff::civil::date(2026, 3, 31)));
    }
    assert_eq!(message(&app), strings::saved_filter_applied(strings::BUILTIN_CLOSING_MONTH));
}

#[test]
fn my_deals_without_me_asks_who_i_am_first() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('S'));
    type_text(&mut app, "my deals");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::Me(_))));
    type_text(&mut app, "alice");
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(owners(&cmds), vec![Some("usr_1".to_string()); 5]);
    assert_eq!(message(&app), strings::saved_filter_applied(strings::BUILTIN_MY_DEALS));
    assert_eq!(app.me(), Some("usr_1"));
}

#[test]
fn the_rotting_filter_narrows_the_board_to_rotting_deals_and_f_clears_it() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('S'));
    type_text(&mut app, "rotting");
    // Open deals in the server's order are what the board has: nothing to reload.
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert_eq!(shown_ids(&app, 0), ["deal_2"]);
    assert!(shown_ids(&app, 1).is_empty());
    assert_eq!(shown_ids(&app, 2), ["deal_5"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    assert!(header(&app).contains(strings::ROTTING_HEADER), "{}", header(&app));
    // A refresh keeps narrowing what arrives.
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(shown_ids(&app, 0), ["deal_2"]);
    // The search narrows within it.
    app.update(ch('/'));
    type_text(&mut app, "globex");
    assert!(shown_ids(&app, 0).is_empty());
    assert_eq!(shown_ids(&app, 2), ["deal_5"]);
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Esc));
    assert_eq!(shown_ids(&app, 0), ["deal_2"], "the search gone, the rotting narrowing stays");
    // F: every card again.
    assert!(app.update(ch('F')).is_empty());
    assert_eq!(message(&app), strings::FILTER_CLEARED);
    assert_eq!(shown_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(header(&app), "");
}

#[test]
fn another_filter_ends_the_rotting_narrowing() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('S'));
    type_text(&mut app, "rotting");
    app.update(key(KeyCode::Enter));
    app.update(ch('f'));
    app.update(ch('w'));
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(queries(&cmds).len(), 5);
    assert!(!app.view_query().only_rotting);
    assert!(app.board().columns.iter().all(|c| c.visible.is_none()));
}

#[test]
fn ctrl_d_deletes_a_saved_filter_but_not_a_built_in() {
    let saved = |name: &str| SavedFilter { name: name.into(), filter: BoardFilter::default(), sort: None };
    let state =
        AccountState { saved_filters: vec![saved("Alpha"), saved("Beta")], ..AccountState::default() };
    let (mut app, _) = loaded_as(settings(), Fake::default(), state);
    app.update(ch('S'));
    assert!(app.update(ctrl('d')).is_empty());
    assert!(is_error(&app));
    assert_eq!(message(&app), strings::BUILTIN_NOT_DELETED);
    assert!(matches!(app.popup(), Some(Dialog::SavedFilters(_))), "the list stays open");
    type_text(&mut app, "beta");
    app.update(ctrl('d'));
    assert_eq!(message(&app), strings::saved_filter_deleted("Beta"));
    assert!(matches!(app.popup(), Some(Dialog::SavedFilters(_))));
    assert_eq!(app.saved_filters(), [saved("Alpha")]);
    assert_eq!(app.account_state().saved_filters, [saved("Alpha")]);
}

#[test]
fn the_state_given_in_comes_back_out_with_the_pipeline_shown() {
    let state =
        AccountState { pipeline: Some("pipe_002".into()), me: Some("usr_1".into()), saved_filters: vec![] };
    let settings = AppSettings { pipeline: state.pipeline.clone(), ..settings() };
    let (mut app, mut fake) = loaded_as(settings, Fake::default(), state.clone());
    assert_eq!(app.account_state(), state);
    let cmds = app.update(ch('p'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.account_state().pipeline.as_deref(), Some("pipe_001"));
}

#[test]
fn a_changed_state_is_due_for_keeping_once_each_time_it_changes() {
    let saved = |name: &str| SavedFilter { name: name.into(), filter: BoardFilter::default(), sort: None };
    let state = AccountState { saved_filters: vec![saved("Alpha")], ..AccountState::default() };
    let (mut app, _) = loaded_as(settings(), Fake::default(), state);
    assert_eq!(app.take_due_state(), None, "nothing changed yet");
    // A built-in refused: nothing to keep.
    app.update(ch('S'));
    app.update(ctrl('d'));
    assert_eq!(app.take_due_state(), None);
    // A saved one deleted: due once, with the list as it is now.
    type_text(&mut app, "alpha");
    app.update(ctrl('d'));
    assert_eq!(app.take_due_state().map(|s| s.saved_filters), Some(vec![]));
    assert_eq!(app.take_due_state(), None);
    app.update(key(KeyCode::Esc));
    // Me chosen: due, with me.
    app.update(ch('I'));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.take_due_state().and_then(|s| s.me).as_deref(), Some("usr_1"));
}
