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
        let card_h = self.card_height();
        let page = layout::cards_per_page(cards, card_h);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(slot) = layout::card_at(cards, m.row, card_h) else {
                    // A click on a column's title selects the column.
                    self.board.col = c;
                    return Vec::new();
                };
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

    /// The bands of a screen of `area`, as the view draws them: the header takes a second line
    /// when the active filter and sort do not fit beside the pipelines' names.
    pub fn screen(&self, area: Rect) -> layout::Screen {
        let s = &self.settings;
        let theme = Theme::of(s.palette, s.color, s.ascii);
        // The grouping's label (`c`) goes before the filter and sort, on the same line.
        let view_w =
            self.view.header_text(&self.keymap, &theme, self.board.usual_currency()).map_or(0, |t| width(&t))
                + self.grouping_label().map_or(0, width);
        let names = self.board.pipelines.iter().map(|p| &p.name);
        layout::screen(area, layout::header_lines(area.width, names, view_w))
    }

    /// Lines one card takes, with the gap after it: as many as `card = [...]` asks for.
    pub fn card_height(&self) -> u16 {
        layout::card_height(self.settings.card.line_count())
    }

    /// The screen at the size the App was last told.
    pub(super) fn screen_now(&self) -> layout::Screen {
        self.screen(Rect::new(0, 0, self.ui.width, self.ui.height))
    }

    /// The pipeline whose name in the header is under a cell.
    fn pipeline_tab_at(&self, x: u16, y: u16) -> Option<usize> {
        let header = self.screen_now().header;
        let header = Rect { height: header.height.min(1), ..header };
        if !header.contains(Position::new(x, y)) {
            return None;
        }
        let tabs =
            layout::header_tabs(header, self.board.pipelines.iter().map(|p| &p.name), self.board.current);
        tabs.iter().find(|(_, r)| r.contains(Position::new(x, y))).map(|(i, _)| *i)
    }

    /// The column under a cell, with its cards area.
    fn column_at(&self, x: u16, y: u16) -> Option<(usize, Rect)> {
        let screen = self.screen_now();
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
