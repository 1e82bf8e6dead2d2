//! The value editor.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::field;
use super::popup::{frame, lines, row};
use crate::tui::app::popup::ValueDialog;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, d: &ValueDialog, theme: &Theme) {
    let inner = frame(f, 64, 10, strings::VALUE_TITLE, theme);
    let label = strings::value_label(&d.currency);
    lines(f, inner, &[Line::styled(d.title.to_string(), theme.bold()), Line::raw(""), Line::raw(label)]);
    field::draw(f, row(inner, 3), &d.value, true, theme);
    let below = match &d.error {
        Some(e) => Span::styled(e.clone(), theme.error()),
        None => Span::styled(theme.ui(strings::VALUE_HINT).into_owned(), theme.dim()),
    };
    lines(f, row(inner, 4), &[Line::from(below)]);
    lines(f, row(inner, 6), &[Line::styled(theme.ui(strings::DIALOG_KEYS).into_owned(), theme.dim())]);
}
