use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::api::ClientError;
use crate::tui::dialogs::{Dialog, Loadable};
use crate::tui::message::{Answer, Call, Event, Outcome};
use crate::tui::test_support::*;

#[test]
fn question_mark_opens_help_which_scrolls_and_closes() {
    let (mut app, _) = loaded(80, 24);
    app.update(ch('?'));
    assert!(matches!(app.popup(), Some(Dialog::Help(_))));
    app.update(ch('j'));
    app.update(ch('j'));
    app.update(ch('k'));
    let Some(Dialog::Help(h)) = app.popup() else { panic!() };
    assert_eq!(h.scroll, 1);
    // Board keys do not leak through a popup.
    app.update(ch('l'));
    assert_eq!(app.board().col, 0);
    app.update(key(KeyCode::Esc));
    assert!(app.popup().is_none());
    app.update(ch('?'));
    app.update(ch('?'));
    assert!(app.popup().is_none());
}

#[test]
fn enter_opens_details_and_loads_the_deal_and_its_activities() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    assert!(matches!(cmds[0].call, Call::GetDeal { ref deal_id, .. } if deal_id == "deal_1"));
    assert!(matches!(cmds[1].call, Call::LoadActivities { ref deal_id, .. } if deal_id == "deal_1"));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.detail, Loadable::Loading);
    assert_eq!(d.current_deal().id, "deal_1", "the board's copy shows at once");
    settle(&mut app, &mut fake, cmds);
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    let Loadable::Ready(detail) = &d.detail else { panic!() };
    assert_eq!(detail.contacts[0].role.as_deref(), Some("decision_maker"));
    assert!(matches!(d.activities, Loadable::Ready(ref a) if a.len() == 1));
    app.update(ch('j'));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.scroll, 1);
    app.update(key(KeyCode::Esc));
    assert!(app.popup().is_none());
}

#[test]
fn details_that_fail_to_load_say_why_and_late_answers_are_dropped() {
    let (mut app, _) = loaded(80, 24);
    let first = app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Esc));
    app.update(ch('j'));
    let second = app.update(key(KeyCode::Enter));
    // The first view's answers arrive after it closed: ignored.
    let late = Answer { op: first[0].op(), result: Err(ClientError::Unauthorized) };
    app.update(Event::Api(late));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.detail, Loadable::Loading);
    assert_eq!(d.current_deal().id, "deal_2");
    app.update(Event::Api(Answer { op: first[1].op(), result: Ok(Outcome::Activities(vec![])) }));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.activities, Loadable::Loading);
    let err = ClientError::NotFound { message: "deal deal_2 not found".into() };
    app.update(Event::Api(Answer { op: second[0].op(), result: Err(err.clone()) }));
    app.update(Event::Api(Answer { op: second[1].op(), result: Err(err) }));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert!(matches!(d.detail, Loadable::Failed(ref m) if m.contains("not found")));
    assert!(matches!(d.activities, Loadable::Failed(_)));
    assert!(!app.wants_ticks());
}

#[test]
fn q_quits_at_once_when_nothing_is_in_flight() {
    let (mut app, _) = loaded(80, 24);
    assert!(!app.should_quit());
    app.update(ch('q'));
    assert!(app.should_quit());
    let (mut app, _) = loaded(80, 24);
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(app.should_quit());
}

#[test]
fn q_asks_first_while_changes_are_in_flight() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmd = only(app.update(ch('L')));
    app.update(ch('q'));
    let Some(Dialog::ConfirmQuit(q)) = app.popup() else { panic!() };
    assert_eq!(q.pending, 1);
    assert!(!app.should_quit());
    app.update(ch('n'));
    assert!(app.popup().is_none());
    assert!(!app.should_quit());
    app.update(ch('q'));
    app.update(key(KeyCode::Esc));
    assert!(!app.should_quit());
    app.update(ch('q'));
    app.update(ch('y'));
    assert!(app.should_quit());
    // Once everything is saved, q needs no question.
    let (mut app2, _) = loaded(80, 24);
    let cmd2 = only(app2.update(ch('L')));
    app2.update(Event::Api(fake.answer(&cmd2)));
    app2.update(ch('q'));
    assert!(app2.should_quit());
    let _ = cmd;
}

#[test]
fn ctrl_c_works_from_inside_a_dialog() {
    let ctrl_c = || Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let (mut app, _) = loaded(80, 24);
    app.update(ch('w'));
    app.update(ctrl_c());
    assert!(app.should_quit(), "nothing in flight: quits at once");

    let (mut app, _) = loaded(80, 24);
    app.update(ch('L'));
    app.update(ch('x'));
    app.update(ctrl_c());
    assert!(matches!(app.popup(), Some(Dialog::ConfirmQuit(_))), "a change in flight: asks");
    app.update(ctrl_c());
    assert!(app.should_quit());
}

#[test]
fn details_and_help_scroll_no_further_than_their_last_line() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    for _ in 0..100 {
        app.update(ch('j'));
    }
    app.update(key(KeyCode::PageDown));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    let bottom = d.scroll;
    assert!(bottom > 0 && bottom < 40, "the last line at the bottom, not blank pages: {bottom}");
    // One `k` comes straight back up: there is no run-off to climb out of.
    app.update(ch('k'));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.scroll, bottom - 1);
    app.update(key(KeyCode::Esc));
    app.update(ch('?'));
    for _ in 0..100 {
        app.update(ch('j'));
    }
    let Some(Dialog::Help(h)) = app.popup() else { panic!() };
    let bottom = h.scroll;
    assert!(bottom > 0 && bottom < 40, "{bottom}");
    app.update(ch('k'));
    let Some(Dialog::Help(h)) = app.popup() else { panic!() };
    assert_eq!(h.scroll, bottom - 1);
}

#[test]
fn the_quit_question_follows_the_changes_landing_behind_it() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmd = only(app.update(ch('L')));
    app.update(ch('q'));
    let Some(Dialog::ConfirmQuit(q)) = app.popup() else { panic!() };
    assert_eq!(q.pending, 1);
    app.update(Event::Api(fake.answer(&cmd)));
    let Some(Dialog::ConfirmQuit(q)) = app.popup() else { panic!("the question stays: q was pressed") };
    assert_eq!(q.pending, 0, "no longer says a change is being saved");
    assert_eq!(crate::tui::strings::quit_question(0), "Every change is saved. Quit?");
}

#[test]
fn after_a_resize_the_first_k_scrolls_the_details_up() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    app.update(Event::Resize { width: 80, height: 12 });
    for _ in 0..100 {
        app.update(ch('j'));
    }
    // Taller: less to scroll. The view shows the last line at the bottom; so must the state.
    app.update(Event::Resize { width: 80, height: 24 });
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    let bottom = d.scroll;
    assert_eq!(bottom, d.max_scroll(&app.dialog_ctx()));
    app.update(ch('k'));
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.scroll, bottom - 1);
}

#[test]
fn in_details_g_and_end_reach_the_bottom_and_section_keys_their_headings() {
    use crate::tui::dialogs::Section;
    // Short enough for every section to scroll to the top but the last.
    let (mut app, mut fake) = loaded(80, 8);
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    let scroll = |app: &App| match app.popup() {
        Some(Dialog::Details(d)) => (d.scroll, d.max_scroll(&app.dialog_ctx())),
        _ => panic!("details closed"),
    };
    app.update(ch('G'));
    let (at, max) = scroll(&app);
    assert!(max > 20, "the details overflow 80x8: {max}");
    assert_eq!(at, max);
    app.update(ch('g'));
    assert_eq!(scroll(&app).0, 0);
    app.update(key(KeyCode::End));
    assert_eq!(scroll(&app).0, max);
    app.update(key(KeyCode::Home));
    let tops = {
        let Some(Dialog::Details(d)) = app.popup() else { panic!() };
        let ctx = app.dialog_ctx();
        [Section::Contacts, Section::History, Section::Activities].map(|s| d.section_top(s, &ctx))
    };
    assert!(tops[0] > 0 && tops[0] < tops[1] && tops[1] < tops[2] && tops[2] == max, "{tops:?} {max}");
    for (c, top) in ['c', 's', 'a'].into_iter().zip(tops) {
        app.update(ch(c));
        assert_eq!(scroll(&app).0, top, "{c}");
    }
    // Tab walks the sections from the top, Shift+Tab back.
    app.update(ch('g'));
    app.update(key(KeyCode::Tab));
    assert_eq!(scroll(&app).0, tops[0]);
    app.update(key(KeyCode::Tab));
    assert_eq!(scroll(&app).0, tops[1]);
    app.update(key(KeyCode::BackTab));
    assert_eq!(scroll(&app).0, tops[0]);
    app.update(key(KeyCode::BackTab));
    assert_eq!(scroll(&app).0, 0);
    // Board keys that are not the deal's still do nothing underneath.
    app.update(ch('l'));
    assert_eq!(app.board().col, 0);
    assert!(matches!(app.popup(), Some(Dialog::Details(_))));
}

#[test]
fn v_inside_details_opens_the_value_dialog_for_that_deal() {
    let (mut app, mut fake) = loaded(80, 24);
    let id = app.board().selected_deal().unwrap().id.clone();
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    let cmds = app.update(ch('v'));
    assert!(cmds.is_empty());
    let Some(Dialog::Value(v)) = app.popup() else { panic!("{:?}", app.popup()) };
    assert_eq!(v.deal_id, id);
}

#[test]
fn l_inside_details_moves_the_deal_and_the_details_show_its_new_stage() {
    let (mut app, mut fake) = loaded(80, 24);
    let before = app.board().selected_deal().unwrap().clone();
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    // The selection wandered off while the details were open: the details' deal still moves.
    app.board.select(0, 1);
    let cmds = app.update(ch('L'));
    assert_eq!(cmds.len(), 1, "{cmds:?}");
    assert!(matches!(&cmds[0].call, Call::MoveStage { deal_id, .. } if *deal_id == before.id), "{cmds:?}");
    let Some(Dialog::Details(d)) = app.popup() else { panic!("details stay open: {:?}", app.popup()) };
    assert_ne!(d.current_deal().stage_id, before.stage_id);
    assert_eq!(d.current_deal().stage_id, app.board().deal(&before.id).unwrap().stage_id);
}

#[test]
fn w_inside_details_opens_won_for_that_deal_and_o_on_an_open_deal_keeps_the_details() {
    use crate::tui::dialogs::Target;
    let (mut app, mut fake) = loaded(80, 24);
    let id = app.board().selected_deal().unwrap().id.clone();
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    // Reopening an open deal is refused with a word: nothing sent, the details stay.
    assert!(app.update(ch('o')).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::Details(d)) if d.deal.id == id), "{:?}", app.popup());
    assert_eq!(message(&app), crate::tui::strings::ALREADY_OPEN);
    assert!(app.update(ch('w')).is_empty());
    let Some(Dialog::Won(w)) = app.popup() else { panic!("{:?}", app.popup()) };
    assert_eq!(w.target, Target::Deal(id));
}
