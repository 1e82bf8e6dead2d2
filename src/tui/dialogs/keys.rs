//! The keys every dialog shares, classified once so all dialogs move and submit alike.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key means to a form before any field sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Next,
    Prev,
    Submit,
    Cancel,
    /// Anything else: for the focused field.
    Other,
}

pub(crate) fn nav(key: &KeyEvent) -> Nav {
    match key.code {
        KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => Nav::Prev,
        KeyCode::Tab | KeyCode::Down => Nav::Next,
        KeyCode::BackTab | KeyCode::Up => Nav::Prev,
        KeyCode::Enter => Nav::Submit,
        KeyCode::Esc => Nav::Cancel,
        _ => Nav::Other,
    }
}

/// Key releases (sent by some terminals with the kitty protocol, and on Windows) are not presses:
/// forms ignore them so a key never acts twice.
pub(crate) fn is_press(key: &KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
}

pub(crate) fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

/// Moves `focus` one step in a ring of `len` positions.
pub(crate) fn step(focus: usize, len: usize, forward: bool) -> usize {
    if len == 0 {
        return 0;
    }
    if forward { (focus + 1) % len } else { (focus + len - 1) % len }
}

/// A plain letter, without Ctrl or Alt (`j`/`k`/`g` scroll the help and the details).
pub(crate) fn is_char(key: &KeyEvent, c: char) -> bool {
    key.code == KeyCode::Char(c) && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}
