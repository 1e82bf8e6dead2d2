//! `m`: move the deal (or the marked deals) to any stage of the pipeline, with an optional note.
//! Up/Down choose the stage while typing goes to the note, so a note can hold any letter.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::frame::{frame, lines, row};
use super::{Component, Ctx, Intent, Outcome, Target, TextField};
use crate::model::{SafeText, Stage};
use crate::tui::api::ClientError;
use crate::tui::strings;

#[derive(Debug, Clone)]
pub struct StagePicker {
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

    pub fn chosen(&self) -> Option<&Stage> {
        self.stages.get(self.cursor)
    }
}

impl Component for StagePicker {
    fn key(&mut self, key: &KeyEvent, _: &Ctx) -> Outcome {
        let last = self.stages.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Enter => {
                let Some(stage) = self.chosen() else { return Outcome::Close };
                let (target, stage_id) = (self.target.clone(), stage.id.clone());
                return Outcome::Submit(Intent::Move { target, stage_id, note: self.note.optional() });
            }
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

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let height = self.stages.len() as u16 + 10;
        let inner = frame(f, 56, height, strings::MOVE_TITLE, theme);
        lines(f, inner, &[Line::styled(self.title.to_string(), theme.bold())]);
        for (i, s) in self.stages.iter().enumerate() {
            let mut spans = vec![Span::raw(format!("  {}", s.name))];
            if i == self.current {
                spans.push(Span::styled(format!(" {}", strings::CURRENT_STAGE), theme.dim()));
            }
            let mut line = Line::from(spans);
            if i == self.cursor {
                line = line.style(theme.list_cursor());
            }
            lines(f, row(inner, 2 + i as u16), &[line]);
        }
        let below = 3 + self.stages.len() as u16;
        lines(f, row(inner, below), &[Line::raw(strings::NOTE_LABEL)]);
        self.note.draw(f, row(inner, below + 1), true, theme);
        let error = self.error.clone().map(|e| Span::styled(e, theme.error())).unwrap_or_default();
        lines(f, row(inner, below + 2), &[Line::from(error)]);
        let keys = Line::styled(theme.ui(strings::MOVE_KEYS).into_owned(), theme.dim());
        lines(f, row(inner, below + 4), &[keys]);
    }

    fn failed(&mut self, e: &ClientError) {
        self.error = Some(e.to_string());
    }
}
