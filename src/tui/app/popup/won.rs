//! `w`: mark the deal won, with an optional reason.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, TextField};

#[derive(Debug, Clone)]
pub struct WonDialog {
    pub deal_id: String,
    pub title: String,
    pub reason: TextField,
    /// The last failure, shown in the dialog when it is reopened for a retry.
    pub error: Option<String>,
}

impl WonDialog {
    pub fn new(deal_id: String, title: String) -> WonDialog {
        WonDialog { deal_id, title, reason: TextField::default(), error: None }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => Outcome::Submit,
            _ => {
                self.reason.handle_key(key);
                Outcome::Stay
            }
        }
    }
}
