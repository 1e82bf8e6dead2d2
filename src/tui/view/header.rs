//! The top line: the pipelines, the current one marked (`p`/`Tab` cycles them); on the right the
//! active filter and sort, when they differ from the default.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::settings::keys::Action;
use crate::tui::app::App;
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

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
        let name = format!(" {} ", p.name);
        let style = if board.current == Some(i) { theme.header_current() } else { theme.header() };
        spans.push(Span::styled(name, style));
    }
    let left = Line::from(spans);
    let right = view_line(app, theme);
    // The filter matters more than the pipeline names that do not fit: it gets the room first.
    let right_w = (right.width() as u16).min(area.width);
    let left_w = area.width.saturating_sub(right_w);
    buf.set_line(area.x, area.y, &left, left_w);
    if right_w > 0 {
        buf.set_line(area.x + left_w, area.y, &right, right_w);
        return;
    }
    // No filter or sort to show: the way to the other pipelines, when there are others and room.
    let Some(keys) = app.keymap().hint(Action::NextPipeline, 2, theme.ascii()) else { return };
    let hint = strings::pipeline_hint(&keys);
    let free = usize::from(area.width).saturating_sub(left.width());
    if board.pipelines.len() > 1 && free > width(&hint) + 1 {
        let x = area.x + area.width - width(&hint) as u16;
        buf.set_span(x, area.y, &Span::styled(hint.as_str(), theme.header()), width(&hint) as u16);
    }
}

/// `filter: status: won · owner: Ana (F clears) │ sort: Value, largest first`, or nothing on
/// the default view.
fn view_line(app: &App, theme: &Theme) -> Line<'static> {
    // The grouping, when not by stage (`c`), first.
    let grouping = app.grouping_label().map(|g| Span::styled(g, theme.header_current()));
    match app.view_query().header_text(app.keymap(), theme, app.board().usual_currency()) {
        Some(text) => {
            Line::from_iter(grouping.into_iter().chain([Span::styled(text, theme.header_current())]))
        }
        None => Line::from_iter(grouping),
    }
}
