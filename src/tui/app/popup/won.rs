//! `w`: mark the deal won, with an optional reason.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, TextField};
use crate::model::SafeText;
use crate::tui::app::Target;

#[derive(Debug, Clone)]
pub struct WonDialog {
    /// The deal it acts on, or the marked ones.
    pub target: Target,
    /// What the dialog acts on (a deal's title, or "3 marked deals"), drawn as its heading.
    pub title: SafeText,
    pub reason: TextField,
    /// The last failure, shown in the dialog when it is reopened for a retry.
    pub error: Option<String>,
}

impl WonDialog {
    pub fn new(target: Target, title: impl Into<SafeText>) -> WonDialog {
        WonDialog { target, title: title.into(), reason: TextField::default(), error: None }
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
