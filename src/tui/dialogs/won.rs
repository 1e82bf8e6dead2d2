//! `w`: mark the deal (or the marked deals) won, with an optional reason; also opened by a move
//! into the won stage (`app/won.rs`), saying it moves the deal(s) there.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::frame::{frame, lines, row};
use super::{Component, Ctx, Intent, Outcome, Target, TextField};
use crate::model::SafeText;
use crate::tui::api::ClientError;
use crate::tui::strings;

#[derive(Debug, Clone)]
pub struct WonDialog {
    pub target: Target,
    /// What the dialog acts on (a deal's title, or "3 marked deals"), drawn as its heading.
    pub title: SafeText,
    pub reason: TextField,
    /// The won stage it also moves the deal(s) into, said under the heading (`None`: only won).
    pub into: Option<SafeText>,
    /// The last failure, shown in the dialog when it is reopened for a retry.
    pub error: Option<String>,
}

impl WonDialog {
    pub fn new(target: Target, title: impl Into<SafeText>) -> WonDialog {
        WonDialog { target, title: title.into(), reason: TextField::default(), into: None, error: None }
    }
}

impl Component for WonDialog {
    fn key(&mut self, key: &KeyEvent, _: &Ctx) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => {
                Outcome::Submit(Intent::Won { target: self.target.clone(), reason: self.reason.optional() })
            }
            _ => {
                self.reason.handle_key(key);
                Outcome::Stay
            }
        }
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let inner = frame(f, 60, 9, strings::WON_TITLE, theme);
        let title = Line::styled(self.title.to_string(), theme.bold());
        let into = self.into.as_ref().map(|s| Line::styled(strings::won_moves_to(s.as_str()), theme.dim()));
        lines(f, inner, &[title, into.unwrap_or_default(), Line::raw(strings::WON_REASON_LABEL)]);
        self.reason.draw(f, row(inner, 3), true, theme);
        let error = self.error.clone().map(|e| Span::styled(e, theme.error())).unwrap_or_default();
        lines(f, row(inner, 4), &[Line::from(error)]);
        lines(f, row(inner, 6), &[Line::styled(theme.ui(strings::DIALOG_KEYS).into_owned(), theme.dim())]);
    }

    fn failed(&mut self, e: &ClientError) {
        self.error = Some(e.to_string());
    }
}
