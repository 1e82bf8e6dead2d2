//! `x`: mark the deal lost, with an optional reason and competitor. Tab moves between them.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, TextField};
use crate::model::SafeText;
use crate::tui::app::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LostField {
    Reason,
    Competitor,
}

#[derive(Debug, Clone)]
pub struct LostDialog {
    /// The deal it acts on, or the marked ones.
    pub target: Target,
    /// What the dialog acts on (a deal's title, or "3 marked deals"), drawn as its heading.
    pub title: SafeText,
    pub reason: TextField,
    pub competitor: TextField,
    pub focus: LostField,
    pub error: Option<String>,
}

impl LostDialog {
    pub fn new(target: Target, title: impl Into<SafeText>) -> LostDialog {
        LostDialog {
            target,
            title: title.into(),
            reason: TextField::default(),
            competitor: TextField::default(),
            focus: LostField::Reason,
            error: None,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => Outcome::Submit,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = match self.focus {
                    LostField::Reason => LostField::Competitor,
                    LostField::Competitor => LostField::Reason,
                };
                Outcome::Stay
            }
            _ => {
                match self.focus {
                    LostField::Reason => self.reason.handle_key(key),
                    LostField::Competitor => self.competitor.handle_key(key),
                };
                Outcome::Stay
            }
        }
    }
}
