//! The columns on screen, with markers for the ones off either side.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::column;
use crate::tui::app::App;
use crate::tui::app::board::Column;
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
    let titles = titles_on_screen(app, &rects);
    let deals = |cols: &[Column]| cols.iter().map(Column::count).sum::<u64>();
    for (c, rect) in &rects {
        let hidden_left = if *c == first { (first, deals(&board.columns[..first])) } else { (0, 0) };
        let right = &board.columns[last + 1..];
        let hidden_right = if *c == last { (right.len(), deals(right)) } else { (0, 0) };
        let selected = *c == board.col;
        let ctx = column::Ctx { theme, app, currency, selected, hidden_left, hidden_right, titles: &titles };
        column::draw(buf, layout::column_layout(*rect), &board.columns[*c], &ctx);
    }
}

/// The titles of the cards on screen, in every visible column.
fn titles_on_screen<'a>(app: &'a App, rects: &[(usize, Rect)]) -> Vec<&'a str> {
    let card_h = app.card_height();
    let columns = rects.iter().map(|(c, r)| (&app.board().columns[*c], layout::column_layout(*r).cards));
    columns.flat_map(|(col, cards)| column::on_screen(col, cards, card_h)).map(|d| d.title.as_str()).collect()
}
