//! `q` while changes are still on their way to the server: quitting now could lose them.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::Line;

use super::frame::{frame, lines};
use super::{Component, Ctx, Intent, Outcome};
use crate::tui::strings;

#[derive(Debug, Clone)]
pub struct ConfirmQuit {
    /// Changes not yet confirmed by the server, named in the question.
    pub pending: usize,
}

impl Component for ConfirmQuit {
    fn key(&mut self, key: &KeyEvent, _: &Ctx) -> Outcome {
        match key.code {
            KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter => Outcome::Submit(Intent::Quit),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Outcome::Close,
            _ => Outcome::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let inner = frame(f, 50, 6, strings::QUIT_TITLE, theme);
        let keys = Line::styled(theme.ui(strings::QUIT_KEYS).into_owned(), theme.dim());
        lines(f, inner, &[Line::raw(strings::quit_question(self.pending)), Line::raw(""), keys]);
    }
}
