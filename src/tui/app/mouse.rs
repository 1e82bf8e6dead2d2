//! Mouse: a click selects the card under it or the pipeline named under it in the header, the
//! wheel scrolls the column under it. Hit-testing uses the same layout the view draws with.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::App;
use crate::tui::layout;
use crate::tui::message::Command;
use crate::tui::text::width;
use crate::tui::theme::Theme;

impl App {
    pub(super) fn on_mouse(&mut self, m: MouseEvent) -> Vec<Command> {
        if !self.settings.mouse || self.popup.is_some() {
            return Vec::new();
        }
        if let MouseEventKind::Down(MouseButton::Left) = m.kind
            && let Some(i) = self.pipeline_tab_at(m.column, m.row)
        {
            let id = self.board.pipelines[i].id.clone();
            self.status.clear();
            return self.switch_pipeline(&id);
        }
        if self.forecast.is_some() {
            self.forecast_mouse(m);
            return Vec::new();
        }
        let Some((c, cards)) = self.column_at(m.column, m.row) else { return Vec::new() };
        let page = layout::cards_per_page(cards);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let pos = Position::new(m.column, m.row);
                if !cards.contains(pos) {
                    // A click on a column's title selects the column.
                    self.board.col = c;
                    return Vec::new();
                }
                let slot = usize::from((m.row - cards.y) / layout::CARD_HEIGHT);
                let col = &self.board.columns[c];
                if let Some(i) = col.shown_at(col.scroll + slot) {
                    self.board.select(c, i);
                    self.status.clear();
                }
            }
            MouseEventKind::ScrollDown => self.scroll_column(c, 1, page),
            MouseEventKind::ScrollUp => self.scroll_column(c, -1, page),
            _ => {}
        }
        Vec::new()
    }

    /// The pipeline whose name in the header is under a cell.
    fn pipeline_tab_at(&self, x: u16, y: u16) -> Option<usize> {
        let mut header = layout::screen(Rect::new(0, 0, self.ui.width, self.ui.height)).header;
        // The active filter and sort, on the right, are drawn over the names that reach them.
        let s = &self.settings;
        let theme = Theme::of(s.palette, s.color, s.ascii);
        let right = self
            .view
            .header_text(&self.keymap, &theme, self.board.usual_currency())
            .map_or(0, |t| width(&t) as u16)
            + self.grouping_label().map_or(0, |g| width(g) as u16);
        header.width = header.width.saturating_sub(right);
        if !header.contains(Position::new(x, y)) {
            return None;
        }
        let tabs = layout::header_tabs(header, self.board.pipelines.iter().map(|p| &p.name));
        tabs.iter().position(|r| r.contains(Position::new(x, y)))
    }

    /// The column under a cell, with its cards area.
    fn column_at(&self, x: u16, y: u16) -> Option<(usize, Rect)> {
        let screen = layout::screen(Rect::new(0, 0, self.ui.width, self.ui.height));
        let rects = layout::column_rects(screen.board, self.board.first_col, self.board.columns.len());
        rects
            .into_iter()
            .find(|(_, r)| r.contains(Position::new(x, y)))
            .map(|(c, r)| (c, layout::column_layout(r).cards))
    }

    /// Scrolls a column by one card; its selection stays on a visible card.
    fn scroll_column(&mut self, c: usize, delta: isize, page: usize) {
        let col = &mut self.board.columns[c];
        let len = col.shown_len();
        col.scroll = col.scroll.saturating_add_signed(delta).min(len.saturating_sub(page));
        let pos = col.shown_pos(col.selected).unwrap_or(0).clamp(col.scroll, col.scroll + page - 1);
        if let Some(i) = col.shown_at(pos.min(len.saturating_sub(1))) {
            col.selected = i;
            col.reselect = None;
        }
    }
}
