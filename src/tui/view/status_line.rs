//! The bottom line: the last message on the left; spinner, loading progress and the offline
//! badge on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::{fit, width};
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::app::status::Severity;
use crate::tui::strings;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let right = right_part(app, theme);
    let right_w = right.width().min(area.width as usize) as u16;
    let left_w = area.width.saturating_sub(right_w + u16::from(right_w > 0));
    let left = match &app.status().message {
        Some((Severity::Error, m)) => Span::styled(fit(m, left_w as usize), theme.error()),
        Some((Severity::Info, m)) => Span::raw(fit(m, left_w as usize)),
        None => Span::styled(fit(strings::STATUS_HINT, left_w as usize), theme.dim()),
    };
    buf.set_span(area.x, area.y, &left, left_w);
    if right_w > 0 {
        buf.set_line(area.x + area.width - right_w, area.y, &right, right_w);
    }
}

fn right_part(app: &App, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    if app.wants_ticks() {
        spans.push(Span::raw(SPINNER[app.status().spinner % SPINNER.len()]));
    }
    let board = app.board();
    if !board.columns.is_empty() && !board.fully_loaded() {
        let (loaded, total) = board.progress();
        spans.push(Span::raw(format!(" {}", strings::loaded_of(loaded, total))));
    }
    if app.status().offline {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(strings::OFFLINE_BADGE, theme.error()));
    }
    let line = Line::from(spans);
    if width(&line.to_string()) == 0 { Line::default() } else { line }
}
