//! Drawing shared by the forms: a centered dialog with a border, labelled rows that scroll to keep
//! the focused field in view, inputs cut to their width, and the cursor in the focused input.
//! Everything here only reads; nothing is remembered between frames.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::TextField;
use crate::sanitize::sanitize;
use crate::tui::layout;
pub use crate::tui::theme::FormTheme;
use crate::tui::theme::ascii_ui;

/// Columns of the label before each input.
pub(crate) const LABEL_W: usize = 15;
/// Columns of an input box; the rest of the row is for its hint.
pub(crate) const INPUT_W: usize = 30;

fn ascii_line(line: Line<'static>) -> Line<'static> {
    let spans = line.spans.into_iter().map(|s| Span::styled(ascii_ui(&s.content).into_owned(), s.style));
    Line::from(spans.collect::<Vec<_>>()).style(line.style)
}

/// The body of a dialog: lines, where the focus is, and where the cursor goes.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub lines: Vec<Line<'static>>,
    /// First and last line that must be visible (the focused field and what hangs under it).
    pub focus: (usize, usize),
    /// Cursor as (column in the body, body line).
    pub cursor: Option<(u16, usize)>,
}

impl Body {
    pub fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    /// Marks the lines pushed from `start` on as the focused region.
    pub fn focus_from(&mut self, start: usize) {
        self.focus = (start, self.lines.len().saturating_sub(1).max(start));
    }
}

/// Draws a bordered dialog titled `title` over `area`: the body scrolled to show its focus, then
/// the footer lines pinned to the bottom.
pub(crate) fn dialog(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: &str,
    body: &Body,
    footer: Vec<Line<'static>>,
    theme: &FormTheme,
) {
    let want_h = (body.lines.len() + footer.len() + 2).min(u16::MAX as usize) as u16;
    let rect = layout::centered(area, width, want_h);
    if rect.width < 3 || rect.height < 3 {
        return;
    }
    layout::clear(frame.buffer_mut(), rect);
    // The title and the keys line are the form's own words: ASCII mode spells their glyphs.
    let title = theme.ui(title);
    let footer = if theme.ascii { footer.into_iter().map(ascii_line).collect() } else { footer };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border_set())
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", sanitize(&title)), theme.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let footer_h = (footer.len() as u16).min(inner.height.saturating_sub(1));
    let body_h = inner.height - footer_h;
    let body_rect = Rect { height: body_h, ..inner };
    let footer_rect = Rect { y: inner.y + body_h, height: footer_h, ..inner };
    let offset = scroll_offset(body.focus, body_h as usize);
    let visible: Vec<Line> = body.lines.iter().skip(offset).take(body_h as usize).cloned().collect();
    frame.render_widget(Paragraph::new(visible), body_rect);
    let skip = footer.len() - footer_h as usize;
    frame.render_widget(Paragraph::new(footer.into_iter().skip(skip).collect::<Vec<_>>()), footer_rect);
    if let Some((col, line)) = body.cursor {
        let visible_line = line.checked_sub(offset).filter(|l| *l < body_h as usize);
        if let Some(l) = visible_line.filter(|_| col < body_rect.width) {
            frame.set_cursor_position(Position::new(body_rect.x + col, body_rect.y + l as u16));
        }
    }
}

/// The first body line to show so the focused lines fit (their top wins if they cannot all fit).
fn scroll_offset((first, last): (usize, usize), height: usize) -> usize {
    if height == 0 || last < height {
        return 0;
    }
    (last + 1 - height).min(first)
}

/// `label` padded to the label column, marked when focused.
pub(crate) fn label(text: &str, focused: bool, theme: &FormTheme) -> Span<'static> {
    label_w(text, focused, LABEL_W, theme)
}

/// [`label`] padded to `width` columns.
pub(crate) fn label_w(text: &str, focused: bool, width: usize, theme: &FormTheme) -> Span<'static> {
    let mark = if focused { theme.focus_mark() } else { "  " };
    let style = if focused { theme.focus } else { theme.label };
    Span::styled(pad(&format!("{mark}{text}"), width), style)
}

/// Words of `text` (sanitized) in lines of at most `width` columns; a word longer than a line is
/// cut across lines.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in sanitize(text).split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!line.is_empty());
        if columns(&line) + sep + columns(word) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while columns(&line) > width {
            let mut head = cut_columns(&line, 0, width);
            if head.is_empty() {
                // A character wider than the line: it gets a line of its own.
                head = line.chars().next().map(String::from).unwrap_or_default();
            }
            let rest = line[head.len()..].to_string();
            lines.push(head);
            line = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The visible part of an input, padded to `width` columns, and the cursor column within it.
pub(crate) fn input(
    field: &TextField,
    width: usize,
    focused: bool,
    theme: &FormTheme,
) -> (Span<'static>, u16) {
    let inp = field.input();
    let scroll = if focused { inp.visual_scroll(width.saturating_sub(1)) } else { 0 };
    let shown = cut_columns(&sanitize(inp.value()), scroll, width);
    let cursor = inp.visual_cursor().saturating_sub(scroll).min(width) as u16;
    let style = if focused { theme.input } else { Style::new() };
    (Span::styled(pad(&shown, width), style), cursor)
}

/// The error lines under a field, wrapped to the inside of a dialog `width` wide (a message cut
/// at the border loses its end, often the example of what to type).
pub(crate) fn error_lines(msg: &str, width: u16, theme: &FormTheme) -> Vec<Line<'static>> {
    let mark = theme.error_mark();
    let room = usize::from(width).saturating_sub(2 + LABEL_W + columns(mark));
    let indent = " ".repeat(columns(mark));
    wrap(msg, room)
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let lead = if i == 0 { mark } else { indent.as_str() };
            Line::from(vec![
                Span::raw(" ".repeat(LABEL_W)),
                Span::styled(format!("{lead}{text}"), theme.error),
            ])
        })
        .collect()
}

pub(crate) fn hint(text: impl Into<String>, theme: &FormTheme) -> Span<'static> {
    Span::styled(format!(" {}", theme.ui(&text.into())), theme.hint)
}

/// `s` padded with spaces to `width` columns (cut when longer).
pub(crate) fn pad(s: &str, width: usize) -> String {
    let mut out = cut_columns(s, 0, width);
    let w = columns(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// The characters of `s` from column `skip` on, at most `width` columns wide. A wide character
/// that would straddle either edge is left out rather than drawn half.
pub(crate) fn cut_columns(s: &str, skip: usize, width: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if col >= skip && col + w <= skip + width {
            out.push(c);
        }
        col += w;
        if col >= skip + width {
            break;
        }
    }
    out
}

pub(crate) fn columns(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_respects_wide_characters() {
        assert_eq!(cut_columns("abcdef", 2, 3), "cde");
        assert_eq!(cut_columns("株式会社", 0, 3), "株");
        assert_eq!(cut_columns("株式会社", 1, 4), "式");
        assert_eq!(pad("株式", 5), "株式 ");
    }

    #[test]
    fn wrapping_breaks_at_words() {
        assert_eq!(wrap("delete the deal now", 10), vec!["delete the", "deal now"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), Vec::<String>::new());
        assert_eq!(wrap("株式", 1), vec!["株", "式"]);
    }

    #[test]
    fn scrolling_keeps_the_focus_in_view() {
        assert_eq!(scroll_offset((2, 3), 10), 0);
        assert_eq!(scroll_offset((12, 14), 10), 5);
        assert_eq!(scroll_offset((12, 30), 10), 12);
        assert_eq!(scroll_offset((5, 5), 0), 0);
    }
}
