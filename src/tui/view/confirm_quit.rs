//! "Changes still being saved. Quit anyway?"

use ratatui::Frame;
use ratatui::text::Line;

use super::popup::{frame, lines};
use crate::tui::app::popup::ConfirmQuit;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, q: &ConfirmQuit, theme: &Theme) {
    let inner = frame(f, 50, 6, strings::QUIT_TITLE, theme);
    lines(
        f,
        inner,
        &[
            Line::raw(strings::quit_question(q.pending)),
            Line::raw(""),
            Line::styled(theme.ui(strings::QUIT_KEYS).into_owned(), theme.dim()),
        ],
    );
}
