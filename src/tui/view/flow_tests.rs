//! Snapshots of issue 5's bulk marks, the bulk dialogs and summary, and the "changed elsewhere"
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
