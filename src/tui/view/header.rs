//! The top line: the pipelines, the current one marked (`p`/`Tab` cycles them); on the right the
//! active filter and sort, when they differ from the default.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::width;
use super::theme::Theme;
use crate::sanitize::sanitize;
use crate::tui::app::App;
use crate::tui::app::keymap::{Action, Keymap};
use crate::tui::app::query::ViewQuery;
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

/// `Value, largest first`, in the sort picker's words.
fn sort_label(sort: crate::model::Sort) -> String {
    use crate::model::SortField;
    use crate::tui::strings as s;
    let (name, asc, desc) = match sort.field {
        SortField::Value => (s::SORT_VALUE, s::SORT_VALUE_ASC, s::SORT_VALUE_DESC),
        SortField::ExpectedCloseDate => (s::SORT_CLOSE, s::SORT_DATE_ASC, s::SORT_DATE_DESC),
        SortField::UpdatedAt => (s::SORT_UPDATED, s::SORT_TIME_ASC, s::SORT_TIME_DESC),
        SortField::CreatedAt => (s::SORT_CREATED, s::SORT_TIME_ASC, s::SORT_TIME_DESC),
    };
    format!("{name}, {}", if sort.descending { desc } else { asc })
}

/// The header's right part, as drawn: the App clips its pipeline hit-test with it.
pub(crate) fn view_text(q: &ViewQuery, keymap: &Keymap, theme: &Theme) -> Option<String> {
    let mut parts = Vec::new();
    if q.filter.is_active() {
        let clear = keymap.hint(Action::ClearFilter, 1, theme.ascii());
        parts.push(strings::filter_header(&q.filter.describe(), clear.as_deref()));
    }
    if let Some(sort) = q.sort.filter(|s| *s != crate::model::Sort::default()) {
        parts.push(strings::sort_header(&sort_label(sort)));
    }
    // The filter's words are the UI's (owner names aside): ASCII mode spells its glyphs.
    (!parts.is_empty()).then(|| theme.ui(&format!(" {} ", parts.join(" │ "))).into_owned())
}

/// `filter: status: won · owner: Ana (F clears) │ sort: Value, largest first`, or nothing on
/// the default view.
fn view_line(app: &App, theme: &Theme) -> Line<'static> {
    match view_text(app.view_query(), app.keymap(), theme) {
        Some(text) => Line::from(Span::styled(text, theme.header_current())),
        None => Line::default(),
    }
}
