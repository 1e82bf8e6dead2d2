//! Helpers for the forms' tests: keys, typing, and rendering on ratatui's TestBackend.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{Backend, TestBackend};
use ratatui::{Frame, Terminal};

pub(crate) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub(crate) fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub(crate) fn shift_tab() -> KeyEvent {
    KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
}

/// The key events that type `text`.
pub(crate) fn typing(text: &str) -> impl Iterator<Item = KeyEvent> + '_ {
    text.chars().map(|c| key(KeyCode::Char(c)))
}

/// Draws on a `w` x `h` TestBackend and returns the screen as text (with the cursor position,
/// which a form must put in its focused input).
pub(crate) fn render_snapshot(w: u16, h: u16, draw: impl FnOnce(&mut Frame)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(draw).expect("draw");
    let backend = terminal.backend_mut();
    let cursor = match backend.cursor_visible() {
        true => backend.get_cursor_position().map_or("?".into(), |p| format!("{},{}", p.x, p.y)),
        false => "hidden".to_string(),
    };
    format!("{}cursor: {cursor}\n", terminal.backend())
}
