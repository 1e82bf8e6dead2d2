//! The top line: the pipelines, the current one marked and always named (`p`/`Tab` cycles
//! them); the active filter and sort, when they differ from the default, on the right, or on a
//! line of their own when they do not fit there (`App::screen` gives the header that line).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::settings::keys::Action;
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    buf.set_style(area, theme.header());
    let top = Rect { height: 1, ..area };
    let left = Line::from(vec![
        Span::styled(format!(" {} ", strings::APP_NAME), theme.bold()),
        Span::raw(theme.ui("│ ").into_owned()),
    ]);
    buf.set_line(area.x, area.y, &left, area.width);
    let board = app.board();
    if !app.pipelines_loaded() {
        let x = area.x + (left.width() as u16).min(area.width);
        let loading = theme.ui(strings::LOADING_PIPELINES);
        buf.set_span(x, area.y, &Span::raw(loading), area.width.saturating_sub(x - area.x));
    }
    draw_tabs(buf, top, app, theme);
    let right = view_line(app, theme);
    if right.width() > 0 {
        // Beside the names when it fits (the screen gave the header one line), else on its own.
        let w = (right.width() as u16).min(area.width);
        let (x, y) = if area.height > 1 { (area.x, area.y + 1) } else { (area.x + area.width - w, area.y) };
        let text = theme.fit(&right.to_string(), usize::from(area.width));
        buf.set_line(x, y, &Line::from(Span::styled(text, theme.header_current())), area.width);
        return;
    }
    // No filter or sort to show: the way to the other pipelines, when there are others and room.
    let Some(keys) = app.keymap().hint(Action::NextPipeline, 2, theme.ascii()) else { return };
    let hint = strings::pipeline_hint(&keys);
    let names: usize = board.pipelines.iter().map(|p| width(&p.name) + 2).sum();
    let free = usize::from(area.width).saturating_sub(left.width() + names);
    if board.pipelines.len() > 1 && free > width(&hint) + 1 {
        let x = area.x + area.width - width(&hint) as u16;
        buf.set_span(x, area.y, &Span::styled(hint.as_str(), theme.header()), width(&hint) as u16);
    }
}

/// The pipelines' names where `layout::header_tabs` puts them (where a click finds them), the
/// current one marked and always whole.
fn draw_tabs(buf: &mut Buffer, top: Rect, app: &App, theme: &Theme) {
    let board = app.board();
    let tabs = layout::header_tabs(top, board.pipelines.iter().map(|p| &p.name), board.current);
    for (i, rect) in tabs {
        let style = if board.current == Some(i) { theme.header_current() } else { theme.header() };
        let name = format!(" {} ", board.pipelines[i].name);
        buf.set_span(rect.x, rect.y, &Span::styled(name, style), rect.width);
    }
}

/// `filter: status: won · owner: Ana (F clears) │ sort: Value, largest first`, or nothing on
/// the default view.
fn view_line(app: &App, theme: &Theme) -> Line<'static> {
    match app.view_query().header_text(app.keymap(), theme, app.board().usual_currency()) {
        Some(text) => Line::from(Span::styled(text, theme.header_current())),
        None => Line::default(),
    }
}
