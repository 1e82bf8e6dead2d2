//! The columns on screen, with markers for the ones off either side.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::column;
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if let Some(f) = app.forecast() {
        return super::forecast::draw(buf, area, app, f, theme);
    }
    let board = app.board();
    // The App scrolls columns for the size it was last told; should the frame differ (no resize
    // reported yet), the selected column is still kept on screen here.
    let n = board.columns.len();
    let first =
        layout::scroll_to_show(board.first_col, board.col, layout::columns_that_fit(area.width, n), n);
    let rects = layout::column_rects(area, first, n);
    let Some(first) = rects.first().map(|(c, _)| *c) else { return };
    let last = rects.last().map_or(first, |(c, _)| *c);
    let currency = board.usual_currency();
    for (c, rect) in &rects {
        let hidden_left = if *c == first { first } else { 0 };
        let hidden_right = if *c == last { board.columns.len() - 1 - last } else { 0 };
        let ctx = column::Ctx { theme, app, currency, selected: *c == board.col, hidden_left, hidden_right };
        column::draw(buf, layout::column_layout(*rect), &board.columns[*c], &ctx);
    }
}
