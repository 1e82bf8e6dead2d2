//! What `config.toml` changes in the App: rebound keys, and the mouse on the header.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::*;
use crate::settings::keyspec::keymap_with;
use crate::tui::dialogs::Dialog;
use crate::tui::message::{Call, Command, Event};
use crate::tui::test_support::*;

fn rebound(entries: &[(&str, &[&str])]) -> App {
    let (mut app, _) = loaded(80, 24);
    let entries: Vec<_> = entries
        .iter()
        .map(|(a, keys)| (a.to_string(), keys.iter().map(|k| k.to_string()).collect()))
        .collect();
    app.set_keymap(keymap_with(&entries).unwrap());
    app
}

#[test]
fn a_rebound_key_acts_and_the_old_one_no_longer_does() {
    let mut app = rebound(&[("won", &["W"]), ("quit", &["ctrl+q"])]);
    app.update(ch('w'));
    assert!(app.popup().is_none(), "w is no longer won");
    // Terminals report the shift with a capital or not: both are W.
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('W'), KeyModifiers::SHIFT)));
    assert!(matches!(app.popup(), Some(Dialog::Won(_))));
    app.update(key(KeyCode::Esc));
    app.update(ch('q'));
    assert!(!app.should_quit(), "q is no longer quit");
    app.update(Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)));
    assert!(app.should_quit());
}

#[test]
fn a_freed_key_can_go_to_another_action() {
    // `l` was next column; now it moves the deal forward, and `L` goes to the next column.
    let mut app = rebound(&[("move_forward", &["l"]), ("column_right", &["L", "right"])]);
    let deal = selected_id(&app).unwrap();
    let cmds = app.update(ch('l'));
    assert!(matches!(only(cmds).call, Call::MoveStage { ref deal_id, .. } if *deal_id == deal));
    let col = app.board().col;
    app.update(ch('L'));
    assert_eq!(app.board().col, col + 1);
}

fn click(x: u16, y: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    })
}

fn loads_stages_of(cmds: &[Command], pipeline: &str) -> bool {
    cmds.iter().any(|c| matches!(&c.call, Call::LoadStages { pipeline_id, .. } if pipeline_id == pipeline))
}

#[test]
fn a_click_on_a_pipeline_name_in_the_header_switches_to_it() {
    let (mut app, mut fake) = loaded(80, 24);
    // ` dealboard │ ` then ` Sales Pipeline ` (x 13..29) then ` Partners ` (x 29..39).
    let cmds = app.update(click(32, 0));
    assert_eq!(app.board().pipeline().map(|p| p.id.as_str()), Some("pipe_002"));
    assert!(loads_stages_of(&cmds, "pipe_002"), "{cmds:?}");
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.board().columns.len(), 2);
    // The one shown already: nothing to load.
    assert!(app.update(click(30, 0)).is_empty());
    // Past the names, or on the app's name: nothing.
    assert!(app.update(click(60, 0)).is_empty());
    assert!(app.update(click(3, 0)).is_empty());
    assert_eq!(app.board().pipeline().map(|p| p.id.as_str()), Some("pipe_002"));
    let cmds = app.update(click(13, 0));
    assert_eq!(app.board().pipeline().map(|p| p.id.as_str()), Some("pipe_001"));
    assert!(loads_stages_of(&cmds, "pipe_001"));
}

#[test]
fn the_header_ignores_clicks_under_a_popup_or_without_the_mouse() {
    let (mut app, _) = loaded(80, 24);
    app.update(ch('?'));
    assert!(app.update(click(32, 0)).is_empty());
    assert_eq!(app.board().pipeline().map(|p| p.id.as_str()), Some("pipe_001"));

    let mut app = App::new(AppSettings { mouse: false, ..settings() }, now());
    let cmds = app.start();
    settle(&mut app, &mut Fake::default(), cmds);
    assert!(app.update(click(32, 0)).is_empty());
    assert_eq!(app.board().pipeline().map(|p| p.id.as_str()), Some("pipe_001"));
}

#[test]
fn a_name_the_sort_and_filter_cover_is_not_clicked() {
    let (mut app, mut fake) = loaded(50, 24);
    // Value, largest first: ` sort: Value, largest first ` does not fit beside the names; it
    // takes a second header line, under ` Partners ` (x 29..39), which stays whole above it.
    app.update(ch('s'));
    app.update(ch('k'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    assert!(app.update(click(32, 1)).is_empty());
    assert_eq!(app.board().pipeline().map(|p| p.id.as_str()), Some("pipe_001"));
    // Wide enough, it is there to click.
    app.update(Event::Resize { width: 80, height: 24 });
    assert!(loads_stages_of(&app.update(click(32, 0)), "pipe_002"));
}
