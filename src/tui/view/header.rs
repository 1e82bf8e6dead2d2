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
    let names_end = draw_names(buf, top, app, theme);
    let right = view_line(app, theme);
    if right.width() > 0 {
        draw_view(buf, area, right, theme);
    } else {
        draw_pipeline_hint(buf, top, names_end, app, theme);
    }
}

/// ` dealboard │ ` and the pipelines' names where `layout::header_tabs` puts them (where a click
/// finds them), the current one marked and always whole; where they end.
fn draw_names(buf: &mut Buffer, top: Rect, app: &App, theme: &Theme) -> u16 {
    let board = app.board();
    let tabs = layout::header_tabs(top, board.pipelines.iter().map(|p| &p.name), board.current);
    let app_name = Line::from(vec![
        Span::styled(format!(" {} ", strings::APP_NAME), theme.bold()),
        Span::raw(theme.ui("│ ").into_owned()),
    ]);
    // The app's name gives way to the current pipeline's on a narrow screen.
    let mut end = top.x;
    if tabs.first().is_none_or(|(_, r)| r.x > top.x) {
        buf.set_line(top.x, top.y, &app_name, top.width);
        end += (app_name.width() as u16).min(top.width);
    }
    if !app.pipelines_loaded() {
        let loading = theme.ui(strings::LOADING_PIPELINES);
        buf.set_span(end, top.y, &Span::raw(loading), top.width.saturating_sub(end - top.x));
    }
    for (i, rect) in tabs {
        let style = if board.current == Some(i) { theme.header_current() } else { theme.header() };
        let name = format!(" {} ", board.pipelines[i].name);
        buf.set_span(rect.x, rect.y, &Span::styled(name, style), rect.width);
        end = rect.x + rect.width;
    }
    end
}

/// The filter and sort: on the right of the names when the screen gave the header one line,
/// else on the second line.
fn draw_view(buf: &mut Buffer, area: Rect, view: Line<'static>, theme: &Theme) {
    let w = (view.width() as u16).min(area.width);
    let (x, y) = if area.height > 1 { (area.x, area.y + 1) } else { (area.x + area.width - w, area.y) };
    let text = theme.fit(&view.to_string(), usize::from(area.width));
    buf.set_line(x, y, &Line::from(Span::styled(text, theme.header_current())), area.width);
}

/// No filter or sort to show: the way to the other pipelines, when there are others and room.
fn draw_pipeline_hint(buf: &mut Buffer, top: Rect, names_end: u16, app: &App, theme: &Theme) {
    let Some(keys) = app.keymap().hint(Action::NextPipeline, 2, theme.ascii()) else { return };
    let hint = strings::pipeline_hint(&keys);
    let free = usize::from(top.x + top.width).saturating_sub(usize::from(names_end));
    if app.board().pipelines.len() > 1 && free > width(&hint) + 1 {
        let x = top.x + top.width - width(&hint) as u16;
        buf.set_span(x, top.y, &Span::styled(hint.as_str(), theme.header()), width(&hint) as u16);
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
