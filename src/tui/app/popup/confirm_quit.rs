//! `q` while changes are still on their way to the server: quitting now could lose them.

use crossterm::event::{KeyCode, KeyEvent};

use super::Outcome;

#[derive(Debug, Clone)]
pub struct ConfirmQuit {
    /// Changes not yet confirmed by the server, named in the question.
    pub pending: usize,
}

impl ConfirmQuit {
    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('q') | KeyCode::Enter => Outcome::Submit,
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => Outcome::Close,
            _ => Outcome::Stay,
        }
    }
}
