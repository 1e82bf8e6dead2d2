//! `m`: move the deal to any stage of its pipeline, with an optional note. Up/Down choose the
//! stage while typing goes to the note, so a note can hold any letter.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, TextField};
use crate::model::{SafeText, Stage};
use crate::tui::app::Target;

#[derive(Debug, Clone)]
pub struct StagePicker {
    /// The deal it acts on, or the marked ones.
    pub target: Target,
    /// What the dialog acts on (a deal's title, or "3 marked deals"), drawn as its heading.
    pub title: SafeText,
    pub stages: Vec<Stage>,
    /// The deal's stage now, marked in the list.
    pub current: usize,
    pub cursor: usize,
    pub note: TextField,
    pub error: Option<String>,
}

impl StagePicker {
    pub fn new(
        target: Target,
        title: impl Into<SafeText>,
        stages: Vec<Stage>,
        current: usize,
    ) -> StagePicker {
        // Start on the next stage: the usual move is forward.
        let cursor = (current + 1).min(stages.len().saturating_sub(1));
        StagePicker {
            target,
            title: title.into(),
            stages,
            current,
            cursor,
            note: TextField::default(),
            error: None,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        let last = self.stages.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Enter => return Outcome::Submit,
            KeyCode::Up | KeyCode::BackTab => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.cursor = (self.cursor + 1).min(last),
            KeyCode::PageUp => self.cursor = 0,
            KeyCode::PageDown => self.cursor = last,
            _ => {
                self.note.handle_key(key);
            }
        }
        Outcome::Stay
    }

    pub fn chosen(&self) -> Option<&Stage> {
        self.stages.get(self.cursor)
    }
}
