//! `?`: every key, generated from the keymap when drawn.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, keys};

#[derive(Debug, Clone, Default)]
pub struct Help {
    pub scroll: u16,
}

impl Help {
    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => return Outcome::Close,
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            _ if keys::is_char(key, 'j') => self.scroll = self.scroll.saturating_add(1),
            _ if keys::is_char(key, 'k') => self.scroll = self.scroll.saturating_sub(1),
            _ => {}
        }
        Outcome::Stay
    }
}
