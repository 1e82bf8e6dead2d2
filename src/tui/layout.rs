//! Where things go on the screen, as pure geometry. The view draws into these rectangles and the
//! App uses the same numbers for paging (how many cards a PgDn skips), keeping the selection in
//! view and hit-testing mouse clicks, so the two never disagree.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::strings::APP_NAME;
use super::text::width as text_width;
use crate::model::SafeText;

/// Narrower than this, a card's lines lose most of their fields (`overdue 2026-03-01 · 28d
/// stale` needs 30 cells); fewer, readable columns are shown instead, with markers for the others.
pub const MIN_COLUMN_WIDTH: u16 = 26;
/// Count and total, then weighted value, under the column's title.
pub const SUMMARY_LINES: u16 = 2;

/// The three bands of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub board: Rect,
    pub status: Rect,
}

/// `header_lines` is [`header_lines`]'s answer: 2 when the filter and sort need their own line.
pub fn screen(area: Rect, header_lines: u16) -> Screen {
    // The board keeps at least one line when there is a second to give.
    let header_lines = if area.height > header_lines + 1 { header_lines.max(1) } else { 1 };
    let header = Rect { height: area.height.min(header_lines), ..area };
    let rest = area.height.saturating_sub(header.height);
    let status_h = rest.min(1);
    let board = Rect { y: area.y + header.height, height: rest - status_h, ..area };
    let status = Rect { y: board.y + board.height, height: status_h, ..area };
    Screen { header, board, status }
}

/// ` dealboard │ `, before the pipelines' names.
fn tabs_start() -> u32 {
    text_width(APP_NAME) as u32 + 2 + 2
}

/// Header lines on a screen `width` wide: one, or two when the view's text (`view_w` cells: the
/// filter and sort) does not fit after the pipelines' names.
pub fn header_lines<'a>(width: u16, names: impl IntoIterator<Item = &'a SafeText>, view_w: usize) -> u16 {
    let tabs: u32 = names.into_iter().map(|n| text_width(n) as u32 + 2).sum();
    if view_w == 0 || tabs_start() + tabs + view_w as u32 <= u32::from(width) { 1 } else { 2 }
}

/// Where the header draws each pipeline's name (` name `, after ` dealboard │ `), as `(index,
/// rect)`, clipped to the header. When they do not all fit, the names start late enough for the
/// `current` one to be whole: the header always names the pipeline shown, without the app's name
/// before it when both do not fit.
pub fn header_tabs<'a>(
    header: Rect,
    names: impl IntoIterator<Item = &'a SafeText>,
    current: Option<usize>,
) -> Vec<(usize, Rect)> {
    let right = u32::from(header.x) + u32::from(header.width);
    let widths: Vec<u32> = names.into_iter().map(|n| text_width(n) as u32 + 2).collect();
    if widths.is_empty() {
        return Vec::new();
    }
    let current = current.unwrap_or(0).min(widths.len().saturating_sub(1));
    // Too narrow for ` dealboard │ ` and the current name: the name wins.
    let prefix = if tabs_start() + widths[current] <= u32::from(header.width) { tabs_start() } else { 0 };
    let start = u32::from(header.x) + prefix;
    // The first name shown: the earliest from which the current one ends inside the header.
    let end_from = |first: usize| start + widths[first..=current].iter().sum::<u32>();
    let first = (0..=current).find(|&f| end_from(f) <= right).unwrap_or(current);
    let mut x = start;
    let mut tabs = Vec::new();
    for (i, w) in widths.iter().enumerate().skip(first) {
        if x >= right {
            break;
        }
        let width = (*w).min(right - x) as u16;
        tabs.push((i, Rect { x: x as u16, y: header.y, width, height: header.height.min(1) }));
        x += w;
    }
    tabs
}

/// How many columns fit side by side in `width`, at least one.
pub fn columns_that_fit(width: u16, total: usize) -> usize {
    usize::from((width / MIN_COLUMN_WIDTH).max(1)).min(total.max(1))
}

/// The first visible column that keeps `selected` on screen, moving as little as possible from
/// `first`.
pub fn scroll_to_show(first: usize, selected: usize, visible: usize, total: usize) -> usize {
    let visible = visible.max(1);
    let first = if selected < first {
        selected
    } else if selected >= first + visible {
        selected + 1 - visible
    } else {
        first
    };
    first.min(total.saturating_sub(visible))
}

/// The rectangles of the visible columns, `(column index, rect)`, sharing the width evenly.
pub fn column_rects(board: Rect, first: usize, total: usize) -> Vec<(usize, Rect)> {
    if total == 0 || board.width == 0 || board.height == 0 {
        return Vec::new();
    }
    let n = columns_that_fit(board.width, total);
    let first = first.min(total - n);
    let base = board.width / n as u16;
    let extra = board.width % n as u16;
    let mut x = board.x;
    (0..n)
        .map(|i| {
            // The leftover cells go to the first columns, one each.
            let w = base + u16::from((i as u16) < extra);
            let r = Rect { x, width: w, ..board };
            x += w;
            (first + i, r)
        })
        .collect()
}

/// The parts of one column. Tall columns get a border (title on it) and a two-line summary;
/// short ones (a 5-line terminal) spend no lines on decoration: title, then cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnLayout {
    pub outer: Rect,
    pub bordered: bool,
    pub title: Rect,
    pub summary: Rect,
    pub cards: Rect,
}

pub fn column_layout(outer: Rect) -> ColumnLayout {
    let bordered = outer.height >= 8 && outer.width >= 8;
    let title = Rect { height: outer.height.min(1), ..outer };
    if bordered {
        let inner = Rect { x: outer.x + 1, y: outer.y + 1, width: outer.width - 2, height: outer.height - 2 };
        let summary = Rect { height: SUMMARY_LINES, ..inner };
        let cards = Rect { y: inner.y + SUMMARY_LINES, height: inner.height - SUMMARY_LINES, ..inner };
        ColumnLayout { outer, bordered, title, summary, cards }
    } else {
        // A blank cell on the right keeps unbordered columns apart.
        let width = if outer.width > 2 { outer.width - 1 } else { outer.width };
        let title = Rect { width, ..title };
        let summary = Rect { y: title.y + title.height, height: 0, width, ..outer };
        let cards = Rect { y: summary.y, height: outer.height - title.height, width, ..outer };
        ColumnLayout { outer, bordered, title, summary, cards }
    }
}

/// The lines one card takes with `field_lines` lines under its title, and the blank line
/// between cards: what [`cards_per_page`], [`card_rect`] and [`card_at`] take as `card_h`.
pub fn card_height(field_lines: usize) -> u16 {
    u16::try_from(field_lines).unwrap_or(u16::MAX).saturating_add(2)
}

/// How many cards a column shows at once (at least one, so paging always moves).
pub fn cards_per_page(cards: Rect, card_h: u16) -> usize {
    usize::from((cards.height / card_h.max(1)).max(1))
}

/// The rectangle of the `i`th visible card (0 = the first drawn), clipped to the cards area.
pub fn card_rect(cards: Rect, i: usize, card_h: u16) -> Option<Rect> {
    let y = cards.y as usize + i * card_h as usize;
    let bottom = cards.y as usize + cards.height as usize;
    if y >= bottom {
        return None;
    }
    let height = (card_h.max(2) as usize - 1).min(bottom - y) as u16;
    Some(Rect { y: y as u16, height, ..cards })
}

/// The slot (0 = the first card drawn) under screen line `row` inside `cards`; the blank line
/// after a card counts as that card.
pub fn card_at(cards: Rect, row: u16, card_h: u16) -> Option<usize> {
    (row >= cards.y && row < cards.y + cards.height).then(|| usize::from((row - cards.y) / card_h.max(1)))
}

/// A rectangle of at most `w` x `h`, centred in `area` and never outside it: where every popup
/// and form goes.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clears `rect` for a popup. A wide character (CJK, emoji) just left of it, whose right half the
/// popup covers, becomes a space: the terminal would otherwise draw it over the popup's left
/// border, which is then never sent (a cell a wide character spills into is skipped).
pub fn clear(buf: &mut Buffer, rect: Rect) {
    Clear.render(rect, buf);
    let Some(left) = rect.x.checked_sub(1) else { return };
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buf.cell_mut((left, y)).filter(|c| text_width(c.symbol()) > 1) {
            cell.set_symbol(" ");
        }
    }
}

/// The topmost line a wrapped text can scroll to in `body`: its last line at the bottom.
pub fn last_top(text: &Paragraph, body: Rect) -> u16 {
    let total = text.line_count(body.width.max(1));
    u16::try_from(total.saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX)
}

/// The details popup's size on a `width` x `height` screen.
pub fn details_size(width: u16, height: u16) -> (u16, u16) {
    (width.saturating_sub(4).max(40).min(width), height.saturating_sub(2))
}

/// The scrolling part of the details popup on a `width` x `height` screen: inside the border,
/// less the keys line (placed at the origin: only its size matters for scrolling).
pub fn details_body(width: u16, height: u16) -> Rect {
    let (w, h) = details_size(width, height);
    Rect::new(0, 0, w.saturating_sub(2), h.saturating_sub(3))
}

/// The help popup's height for `rows` keys on a screen `height` tall.
pub fn help_height(rows: usize, height: u16) -> u16 {
    (rows as u16 + 4).min(height)
}

/// The furthest the help can scroll: its last key at the bottom.
pub fn help_max_scroll(rows: usize, height: u16) -> u16 {
    // Inside the border, less the footer.
    let body = help_height(rows, height).saturating_sub(3);
    (rows as u16).saturating_sub(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_never_overflows() {
        for (w, h) in [(1, 1), (1, 2), (20, 5), (80, 24)] {
            for lines in [1, 2] {
                let s = screen(Rect::new(0, 0, w, h), lines);
                assert!(s.header.height + s.board.height + s.status.height == h);
            }
        }
    }

    #[test]
    fn columns_share_the_width_and_follow_the_selection() {
        let rects = column_rects(Rect::new(0, 1, 80, 20), 0, 5);
        assert_eq!(rects.len(), 3);
        assert_eq!(rects.iter().map(|(_, r)| r.width).sum::<u16>(), 80);
        assert_eq!(scroll_to_show(0, 4, 3, 5), 2);
        assert_eq!(scroll_to_show(2, 1, 3, 5), 1);
        assert_eq!(scroll_to_show(4, 4, 3, 5), 2);
        assert_eq!(column_rects(Rect::new(0, 0, 20, 3), 3, 5)[0].0, 3);
    }

    #[test]
    fn header_tabs_follow_the_names_and_stop_at_the_edge() {
        let names = ["Sales", "株式", "Renewals", "Partners"].map(SafeText::from);
        let tabs = header_tabs(Rect::new(0, 0, 40, 1), &names, Some(0));
        // ` dealboard │ ` is 13 cells.
        assert_eq!(tabs[0], (0, Rect::new(13, 0, 7, 1)));
        assert_eq!(tabs[1], (1, Rect::new(20, 0, 6, 1)));
        assert_eq!(tabs[2], (2, Rect::new(26, 0, 10, 1)));
        assert_eq!(tabs[3], (3, Rect::new(36, 0, 4, 1)), "clipped");
        let alone = header_tabs(Rect::new(0, 0, 10, 1), &[SafeText::from("Sales")], Some(0));
        assert_eq!(alone, vec![(0, Rect::new(0, 0, 7, 1))], "the name without ` dealboard │ `");
        // The current pipeline is always named whole: the names before it make room.
        let tabs = header_tabs(Rect::new(0, 0, 40, 1), &names, Some(3));
        let want = [(1, Rect::new(13, 0, 6, 1)), (2, Rect::new(19, 0, 10, 1)), (3, Rect::new(29, 0, 10, 1))];
        assert_eq!(tabs, want);
    }

    #[test]
    fn the_filter_takes_a_second_header_line_when_it_does_not_fit() {
        let names = ["Sales", "Partners"].map(SafeText::from);
        // 13 + 7 + 10 = 30 cells of names.
        assert_eq!(header_lines(80, &names, 0), 1);
        assert_eq!(header_lines(80, &names, 50), 1);
        assert_eq!(header_lines(80, &names, 51), 2);
        let s = screen(Rect::new(0, 0, 80, 24), 2);
        assert_eq!((s.header.height, s.board.y, s.board.height), (2, 2, 21));
    }

    #[test]
    fn cards_as_tall_as_their_fields() {
        let cards = Rect::new(0, 3, 30, 20);
        assert_eq!(card_height(2), 4);
        assert_eq!(cards_per_page(cards, card_height(2)), 5);
        assert_eq!(cards_per_page(cards, card_height(5)), 2);
        assert_eq!(card_rect(cards, 1, card_height(5)), Some(Rect::new(0, 10, 30, 6)));
        assert_eq!(card_rect(cards, 2, card_height(5)), Some(Rect::new(0, 17, 30, 6)));
        assert_eq!(card_rect(cards, 3, card_height(5)), None);
        assert_eq!(card_at(cards, 16, card_height(5)), Some(1));
        assert_eq!(card_at(cards, 17, card_height(5)), Some(2));
        assert_eq!(card_at(cards, 2, card_height(5)), None);
        assert_eq!(card_height(0), 2, "a title and the gap");
    }

    #[test]
    fn short_columns_drop_their_border() {
        let l = column_layout(Rect::new(0, 1, 20, 3));
        assert!(!l.bordered);
        assert_eq!(l.cards.height, 2);
        let l = column_layout(Rect::new(0, 1, 30, 20));
        assert!(l.bordered);
        assert_eq!(cards_per_page(l.cards, card_height(2)), 4);
        assert_eq!(card_rect(l.cards, 4, card_height(2)), None);
    }
}
