//! Rendering on ratatui's TestBackend, checked as insta snapshots at a fixed `now`.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::draw;
use crate::tui::app::App;
use crate::tui::test_support::{ch, key, loaded};

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn board_160x45() {
    let (app, _) = loaded(160, 45);
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn board_80x24() {
    let (app, _) = loaded(80, 24);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn board_20x5() {
    let (app, _) = loaded(20, 5);
    insta::assert_snapshot!(render(&app, 20, 5));
}

#[test]
fn narrow_board_scrolled_right_shows_markers() {
    let (mut app, _) = loaded(80, 24);
    for _ in 0..4 {
        app.update(ch('l'));
    }
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn help_80x24() {
    let (mut app, _) = loaded(80, 24);
    app.update(ch('?'));
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn details_80x24() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    crate::tui::test_support::settle(&mut app, &mut fake, cmds);
    insta::assert_snapshot!(render(&app, 80, 30));
}

#[test]
fn never_panics_at_any_small_size() {
    let (mut app, _) = loaded(80, 24);
    for popup in [None, Some('?'), Some('w'), Some('x'), Some('v'), Some('m')] {
        if let Some(c) = popup {
            app.update(key(KeyCode::Esc));
            app.update(ch(c));
        }
        for w in 0..=30 {
            for h in 0..=12 {
                app.update(crate::tui::event::Event::Resize { width: w, height: h });
                render(&app, w.max(1), h.max(1));
            }
        }
    }
    render(&app, 1, 1);
}
