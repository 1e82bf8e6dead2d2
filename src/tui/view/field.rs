//! A text field on one row, scrolled to keep the cursor in view; the focused one gets the
//! terminal cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::sanitize::sanitize;
use crate::tui::app::popup::TextField;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, field: &TextField, focused: bool, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let width = usize::from(area.width.saturating_sub(1));
    let scroll = field.input.visual_scroll(width);
    // Typed text may hold pasted control characters; they are not drawn.
    let shown: String = sanitize(field.value());
    let visible: String = skip_cells(&shown, scroll);
    let style = theme.field(focused);
    // A selected prefill shows reversed, as selected text does everywhere.
    let text_style =
        if field.selected { style.add_modifier(ratatui::style::Modifier::REVERSED) } else { style };
    f.buffer_mut().set_style(Rect { height: 1, ..area }, style);
    f.buffer_mut().set_span(area.x, area.y, &Span::styled(visible, text_style), area.width);
    if focused {
        let x = field.input.visual_cursor().saturating_sub(scroll).min(width) as u16;
        f.set_cursor_position((area.x + x, area.y));
    }
}

fn skip_cells(s: &str, cells: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut skipped = 0;
    s.chars()
        .skip_while(|c| {
            if skipped >= cells {
                return false;
            }
            skipped += c.width().unwrap_or(0);
            true
        })
        .collect()
}
