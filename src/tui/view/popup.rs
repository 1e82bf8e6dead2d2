//! The frame every popup sits in: centred, cleared, bordered, titled, clipped to the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

use super::theme::Theme;

/// Draws the frame and returns the inside. `width`/`height` are wishes: a small terminal gets
/// what fits.
pub fn frame(f: &mut Frame, width: u16, height: u16, title: &str, theme: &Theme) -> Rect {
    let area = f.area();
    let w = width.min(area.width);
    let h = height.min(area.height);
    let rect =
        Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
    f.render_widget(Clear, rect);
    let title = theme.fit(title, usize::from(w.saturating_sub(2)));
    let block = Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.popup_border())
        .title(Line::styled(title, theme.bold()));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    inner
}

/// Writes `lines` from the top of `area`, one per row, clipped.
pub fn lines(f: &mut Frame, area: Rect, lines: &[Line]) {
    for (i, line) in lines.iter().enumerate().take(usize::from(area.height)) {
        f.buffer_mut().set_line(area.x, area.y + i as u16, line, area.width);
    }
}

/// The row `i` of `area` (clipped to a zero-height rect past the bottom).
pub fn row(area: Rect, i: u16) -> Rect {
    if i >= area.height {
        return Rect { y: area.y + area.height, height: 0, ..area };
    }
    Rect { y: area.y + i, height: 1, ..area }
}
