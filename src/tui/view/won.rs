//! The won dialog.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::field;
use super::popup::{frame, lines, row};
use crate::tui::app::popup::WonDialog;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, d: &WonDialog, theme: &Theme) {
    let inner = frame(f, 60, 9, strings::WON_TITLE, theme);
    lines(
        f,
        inner,
        &[
            Line::styled(d.title.to_string(), theme.bold()),
            Line::raw(""),
            Line::raw(strings::WON_REASON_LABEL),
        ],
    );
    field::draw(f, row(inner, 3), &d.reason, true, theme);
    let error = d.error.clone().map(|e| Span::styled(e, theme.error())).unwrap_or_default();
    lines(f, row(inner, 4), &[Line::from(error)]);
    lines(f, row(inner, 6), &[Line::styled(theme.ui(strings::DIALOG_KEYS).into_owned(), theme.dim())]);
}
