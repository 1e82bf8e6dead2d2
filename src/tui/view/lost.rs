//! The lost dialog: reason and competitor.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::field;
use super::popup::{frame, lines, row};
use crate::tui::app::popup::{LostDialog, LostField};
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, d: &LostDialog, theme: &Theme) {
    let inner = frame(f, 60, 11, strings::LOST_TITLE, theme);
    lines(
        f,
        inner,
        &[
            Line::styled(d.title.to_string(), theme.bold()),
            Line::raw(""),
            Line::raw(strings::LOST_REASON_LABEL),
        ],
    );
    field::draw(f, row(inner, 3), &d.reason, d.focus == LostField::Reason, theme);
    lines(f, row(inner, 4), &[Line::raw(strings::COMPETITOR_LABEL)]);
    field::draw(f, row(inner, 5), &d.competitor, d.focus == LostField::Competitor, theme);
    let error = d.error.clone().map(|e| Span::styled(e, theme.error())).unwrap_or_default();
    lines(f, row(inner, 6), &[Line::from(error)]);
    lines(f, row(inner, 8), &[Line::styled(theme.ui(strings::LOST_KEYS).into_owned(), theme.dim())]);
}
