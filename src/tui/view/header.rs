//! The top line: the pipelines, the current one marked (`p`/`Tab` cycles them).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::width;
use super::theme::Theme;
use crate::sanitize::sanitize;
use crate::tui::app::App;
use crate::tui::strings;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    buf.set_style(area, theme.header());
    let mut spans = vec![
        Span::styled(format!(" {} ", strings::APP_NAME), theme.bold()),
        Span::raw(theme.ui("│ ").into_owned()),
    ];
    let board = app.board();
    if !app.pipelines_loaded() {
        spans.push(Span::raw(theme.ui(strings::LOADING_PIPELINES).into_owned()));
    }
    for (i, p) in board.pipelines.iter().enumerate() {
        let name = format!(" {} ", sanitize(&p.name));
        let style = if board.current == Some(i) { theme.header_current() } else { theme.header() };
        spans.push(Span::styled(name, style));
    }
    let line = Line::from(spans);
    buf.set_line(area.x, area.y, &line, area.width);
    // The way to the other pipelines, when there are others and room to say so.
    let hint = strings::PIPELINE_HINT;
    let free = usize::from(area.width).saturating_sub(line.width());
    if board.pipelines.len() > 1 && free > width(hint) + 1 {
        let x = area.x + area.width - width(hint) as u16;
        buf.set_span(x, area.y, &Span::styled(hint, theme.header()), width(hint) as u16);
    }
}
