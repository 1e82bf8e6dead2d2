//! `x`: mark the deal (or the marked deals) lost, with an optional reason and competitor. Tab
//! moves between them.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::frame::{frame, lines, row};
use super::{Component, Ctx, Intent, Outcome, Target, TextField};
use crate::model::SafeText;
use crate::tui::api::ClientError;
use crate::tui::strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LostField {
    Reason,
    Competitor,
}

#[derive(Debug, Clone)]
pub struct LostDialog {
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
}

impl Component for LostDialog {
    fn key(&mut self, key: &KeyEvent, _: &Ctx) -> Outcome {
        match key.code {
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Enter => {
                return Outcome::Submit(Intent::Lost {
                    target: self.target.clone(),
                    reason: self.reason.optional(),
                    competitor: self.competitor.optional(),
                });
            }
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = match self.focus {
                    LostField::Reason => LostField::Competitor,
                    LostField::Competitor => LostField::Reason,
                };
            }
            _ => {
                match self.focus {
                    LostField::Reason => self.reason.handle_key(key),
                    LostField::Competitor => self.competitor.handle_key(key),
                };
            }
        }
        Outcome::Stay
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let inner = frame(f, 60, 11, strings::LOST_TITLE, theme);
        let title = Line::styled(self.title.to_string(), theme.bold());
        lines(f, inner, &[title, Line::raw(""), Line::raw(strings::LOST_REASON_LABEL)]);
        self.reason.draw(f, row(inner, 3), self.focus == LostField::Reason, theme);
        lines(f, row(inner, 4), &[Line::raw(strings::COMPETITOR_LABEL)]);
        self.competitor.draw(f, row(inner, 5), self.focus == LostField::Competitor, theme);
        let error = self.error.clone().map(|e| Span::styled(e, theme.error())).unwrap_or_default();
        lines(f, row(inner, 6), &[Line::from(error)]);
        lines(f, row(inner, 8), &[Line::styled(theme.ui(strings::LOST_KEYS).into_owned(), theme.dim())]);
    }

    fn failed(&mut self, e: &ClientError) {
        self.error = Some(e.to_string());
    }
}
