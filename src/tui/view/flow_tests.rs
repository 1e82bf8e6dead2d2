//! Snapshots of the bulk marks, the bulk dialogs and summary, and the "changed elsewhere"
//! highlight after a refresh.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::draw;
use crate::tui::api::ClientError;
use crate::tui::app::App;
use crate::tui::message::{Call, Event};
use crate::tui::test_support::{ch, key, loaded, now, refused, settle};

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// Marks deal_1 and deal_3 in Lead; the selection ends on deal_3.
fn two_marks(app: &mut App) {
    for e in [ch(' '), ch('j'), ch('j'), ch(' ')] {
        app.update(e);
    }
}

#[test]
fn bulk_marks_on_cards_80x24() {
    let (mut app, _) = loaded(80, 24);
    two_marks(&mut app);
    let screen = render(&app, 80, 24);
    assert_eq!(screen.matches('✓').count(), 2, "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn bulk_owner_picker_80x24() {
    let (mut app, _) = loaded(80, 24);
    two_marks(&mut app);
    app.update(ch('O'));
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn bulk_delete_confirmation_80x24() {
    let (mut app, _) = loaded(80, 24);
    two_marks(&mut app);
    app.update(ch('d'));
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn bulk_move_summary_with_a_failure_160x45() {
    let (mut app, mut fake) = loaded(160, 45);
    two_marks(&mut app);
    let cmds = app.update(ch('L'));
    let (fail, ok): (Vec<_>, Vec<_>) = cmds
        .into_iter()
        .partition(|c| matches!(&c.call, Call::MoveStage { deal_id, .. } if deal_id == "deal_3"));
    settle(&mut app, &mut fake, ok);
    let e = ClientError::Validation { field: Some("stage_id".into()), message: "stage is locked".into() };
    app.update(refused(fail[0].op(), e));
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn changed_elsewhere_highlight_80x24() {
    let (mut app, mut fake) = loaded(80, 24);
    let later = now() + jiff::SignedDuration::from_secs(30);
    let d = fake.deals.iter_mut().find(|d| d.id == "deal_2").unwrap();
    d.stage_id = "stage_002".into();
    d.updated_at = later;
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    let screen = render(&app, 80, 24);
    assert!(screen.contains('✱'), "{screen}");
    insta::assert_snapshot!(screen);
    // A few seconds later, on the next tick, it is an ordinary card again.
    app.set_now(now() + jiff::SignedDuration::from_secs(10));
    app.update(Event::Tick);
    assert!(!render(&app, 80, 24).contains('✱'));
    app.update(key(KeyCode::Esc));
}

#[test]
fn marks_pending_and_highlight_in_ascii_80x24() {
    use crate::tui::test_support::settings;
    let mut app = App::new(crate::tui::app::AppSettings { ascii: true, ..settings() }, now());
    app.update(Event::Resize { width: 80, height: 24 });
    let mut fake = crate::tui::test_support::Fake::default();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    let d = fake.deals.iter_mut().find(|d| d.id == "deal_4").unwrap();
    d.value = Some(13000.0);
    d.updated_at = now() + jiff::SignedDuration::from_secs(30);
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    // deal_1 and deal_3 marked; a value change of deal_2 on its way.
    two_marks(&mut app);
    app.update(ch('k'));
    for e in [ch('v'), ch('5'), key(KeyCode::Enter)] {
        app.update(e);
    }
    let screen = render(&app, 80, 24);
    for mark in ["+ Enterprise", "* ", "+ Evil", "! Premium"] {
        assert!(screen.contains(mark), "{mark}: {screen}");
    }
    insta::assert_snapshot!(screen);
}

/// Every kind of message about a change, at 80 columns with the spinner and the offline badge
/// taking room on the right: the verdict shows, and for a failure the reason's start; the title
/// (a long one) is what gets cut.
#[test]
fn every_change_message_shows_its_verdict_and_reason_at_80_columns() {
    use crate::tui::message::Answer;
    use crate::tui::test_support::{Fake, offline, settings, type_text};
    let long = "Multi-year platform agreement with Kestrel Logistics International (EMEA)";
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 80, height: 24 });
    let mut fake = Fake::default();
    fake.deals[0].title = long.into();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    let line = |app: &App| render(app, 80, 24).lines().last().unwrap().to_string();
    let check = |app: &App, verdict: &str, reason: Option<&str>| {
        let l = line(app);
        assert!(l.contains(verdict), "{verdict:?} in {l:?}");
        if let Some(r) = reason {
            assert!(l.contains(r), "{r:?} in {l:?}");
        }
        assert!(l.contains("Multi-year"), "the title's start in {l:?}");
    };
    let answer = |op, result| Event::Api(Answer { op, result });
    let server = || ClientError::Server { status: 500, message: "internal".into() };
    let cut = || ClientError::UnreadableSuccess { status: 200, reason: "cut".into() };

    // Move: sent (the spinner turns), refused offline (the badge shows), then back online.
    let mv = app.update(ch('L'));
    check(&app, "Moved to Qualified: “Multi-year", None);
    app.update(answer(mv[0].op(), Err(offline())));
    assert!(line(&app).contains("OFFLINE"));
    check(&app, "Not saved (offline): “Multi-year", Some("— Cannot"));
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert!(line(&app).contains("Back online."), "{}", line(&app));
    let mv = app.update(ch('L'));
    app.update(answer(mv[0].op(), Err(server())));
    check(&app, "Not saved: “Multi-year", Some("— Server error"));

    // Value: its answer lost (saved all the same), then the server's copy read again.
    app.update(ch('v'));
    let cmd = app.update(key(KeyCode::Enter)).pop().unwrap();
    check(&app, "Value", None);
    let reread = app.update(answer(cmd.op(), Err(cut()))).pop().unwrap();
    check(&app, "Saved: “Multi-year", None);
    let reply = fake.answer(&reread);
    app.update(Event::Api(reply));
    check(&app, "Saved: “Multi-year", None);

    // Edit, refused: the way back comes before the reason.
    let cmds = app.update(ch('e'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "!");
    let cmd = app.update(key(KeyCode::Enter)).pop().unwrap();
    check(&app, "Saved: “Multi-year", None);
    app.update(answer(cmd.op(), Err(server())));
    check(&app, "Not saved (e reopens the form): “Multi-year", Some("— Server"));

    // Won, then undone (the deal comes back), lost, reopened from the undo.
    app.update(ch('w'));
    let cmd = app.update(key(KeyCode::Enter));
    check(&app, "Won: “Multi-year", None);
    settle(&mut app, &mut fake, cmd);
    let cmd = app.update(ch('u'));
    check(&app, "Undo: “Multi-year", None);
    settle(&mut app, &mut fake, cmd);
    app.update(ch('x'));
    let cmd = app.update(key(KeyCode::Enter));
    check(&app, "Lost: “Multi-year", None);
    settle(&mut app, &mut fake, cmd);
    let cmd = app.update(ch('u'));
    settle(&mut app, &mut fake, cmd);

    // Delete refused, then deleted elsewhere (a move meets the 404), then a delete done.
    app.update(ch('d'));
    let cmd = app.update(ch('y')).pop().unwrap();
    check(&app, "Deleting “Multi-year", None);
    app.update(answer(cmd.op(), Err(server())));
    check(&app, "Not deleted: “Multi-year", Some("— Server"));
    let mv = app.update(ch('L')).pop().unwrap();
    app.update(answer(mv.op(), Err(ClientError::NotFound { message: "deal deal_1 not found".into() })));
    check(&app, "Deleted elsewhere: “Multi-year", None);

    // A new deal with the long title: creating, refused, then created.
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, long);
    let cmd = app.update(key(KeyCode::Enter)).pop().unwrap();
    check(&app, "Creating “Multi-year", None);
    app.update(answer(cmd.op(), Err(offline())));
    check(&app, "Not created (offline; n reopens the form): “Multi-year", Some("— Cann"));
    app.update(ch('n'));
    let cmd = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmd);
    check(&app, "Created: “Multi-year", None);
    app.update(ch('d'));
    let cmd = app.update(ch('y'));
    settle(&mut app, &mut fake, cmd);
    check(&app, "Deleted: “Multi-year", None);
    assert!(line(&app).contains("cannot be undone"), "{}", line(&app));
}
