//! The stage picker: the pipeline's stages, the deal's current one marked, and a note field.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::field;
use super::popup::{frame, lines, row};
use crate::tui::app::popup::StagePicker;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, p: &StagePicker, theme: &Theme) {
    let height = p.stages.len() as u16 + 10;
    let inner = frame(f, 56, height, strings::MOVE_TITLE, theme);
    lines(f, inner, &[Line::styled(p.title.to_string(), theme.bold())]);
    for (i, s) in p.stages.iter().enumerate() {
        let mut spans = vec![Span::raw(format!("  {}", s.name))];
        if i == p.current {
            spans.push(Span::styled(format!(" {}", strings::CURRENT_STAGE), theme.dim()));
        }
        let mut line = Line::from(spans);
        if i == p.cursor {
            line = line.style(theme.list_cursor());
        }
        let r = row(inner, 2 + i as u16);
        lines(f, r, &[line]);
    }
    let below = 3 + p.stages.len() as u16;
    lines(f, row(inner, below), &[Line::raw(strings::NOTE_LABEL)]);
    field::draw(f, row(inner, below + 1), &p.note, true, theme);
    let error = p.error.clone().map(|e| Span::styled(e, theme.error())).unwrap_or_default();
    lines(f, row(inner, below + 2), &[Line::from(error)]);
    lines(f, row(inner, below + 4), &[Line::styled(theme.ui(strings::MOVE_KEYS).into_owned(), theme.dim())]);
}
