//! The search line, over the status line while a search narrows the board: the query (with the
//! cursor while it is typed), how many cards match, and the keys.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::settings::keys::Action;
use crate::tui::app::App;
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(s) = app.search() else { return };
    // A kept search gives way to a message (a refused change must be seen); the board still
    // shows the narrowing, and the search line returns with the next key.
    if area.height == 0 || area.width == 0 || (!s.editing && app.status().message.is_some()) {
        return;
    }
    let query = s.query.value();
    let kept = strings::search_keys_kept(app.keymap().hint(Action::Search, 1, theme.ascii()).as_deref());
    let keys = if s.editing { strings::SEARCH_KEYS_EDITING } else { kept.as_str() };
    let right = theme.ui(&format!("  {} · {keys}", strings::search_matches(s.matches))).into_owned();
    let prompt = format!("{}{query}", strings::SEARCH_PROMPT);
    let line = Line::from(vec![Span::styled(prompt.clone(), theme.bold()), Span::styled(right, theme.dim())]);
    let buf = f.buffer_mut();
    // The status line's message and badges give way to the search while it is on.
    buf.set_string(area.x, area.y, " ".repeat(usize::from(area.width)), ratatui::style::Style::reset());
    buf.set_line(area.x, area.y, &line, area.width);
    if s.editing && app.popup().is_none() {
        let before_cursor: String = query.chars().take(s.query.input.cursor()).collect();
        let x = width(strings::SEARCH_PROMPT) + width(&before_cursor);
        let x = area.x + (x as u16).min(area.width.saturating_sub(1));
        f.set_cursor_position(Position::new(x, area.y));
    }
}
