//! Moving the selection: between columns, within a column, and keeping it on screen.

use super::App;
use crate::tui::layout;

impl App {
    /// Cards one column shows at the current terminal size (what PgDn skips).
    pub(super) fn page_size(&self) -> usize {
        let screen = layout::screen(ratatui::layout::Rect::new(0, 0, self.width, self.height));
        let rects = layout::column_rects(screen.board, 0, self.board.columns.len().max(1));
        rects.first().map_or(1, |(_, r)| layout::cards_per_page(layout::column_layout(*r).cards))
    }

    /// How many columns fit side by side now.
    pub(super) fn visible_columns(&self) -> usize {
        layout::columns_that_fit(self.width, self.board.columns.len())
    }

    pub(super) fn select_column(&mut self, delta: isize) {
        let n = self.board.columns.len();
        if n == 0 {
            return;
        }
        self.board.col = self.board.col.saturating_add_signed(delta).min(n - 1);
        self.keep_selection_in_view();
    }

    /// Moves within the selected column: `to(len, current, page)` gives the new index.
    pub(super) fn select_card(&mut self, to: impl FnOnce(usize, usize, usize) -> usize) {
        let page = self.page_size();
        let Some(col) = self.board.columns.get_mut(self.board.col) else { return };
        // Positions among the cards shown, so moving skips cards the search hides.
        let len = col.shown_len();
        let pos = to(len, col.shown_pos(col.selected).unwrap_or(0), page);
        if let Some(i) = col.shown_at(pos.min(len.saturating_sub(1))) {
            col.selected = i;
        }
        col.clamp(page);
    }

    /// After a resize, a page arriving or a card moving: every column's selection on a card
    /// and in view, the selected column on screen.
    pub(super) fn keep_selection_in_view(&mut self) {
        let page = self.page_size();
        for col in &mut self.board.columns {
            col.clamp(page);
        }
        let n = self.board.columns.len();
        self.board.col = self.board.col.min(n.saturating_sub(1));
        self.board.first_col =
            layout::scroll_to_show(self.board.first_col, self.board.col, self.visible_columns(), n);
    }
}
