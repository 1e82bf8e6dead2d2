//! The frame every board dialog sits in: centred, cleared, bordered, titled, clipped to the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Block;

use crate::tui::layout;
use crate::tui::theme::Theme;

/// Draws the frame and returns the inside. `width`/`height` are wishes: a small terminal gets
/// what fits.
pub fn frame(f: &mut Frame, width: u16, height: u16, title: &str, theme: &Theme) -> Rect {
    let rect = layout::centered(f.area(), width, height);
    layout::clear(f.buffer_mut(), rect);
    let title = theme.fit(title, usize::from(rect.width.saturating_sub(2)));
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

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    #[test]
    fn a_wide_character_under_the_left_edge_does_not_eat_the_border() {
        let mut terminal = Terminal::new(TestBackend::new(21, 5)).unwrap();
        terminal
            .draw(|f| {
                for y in 0..5 {
                    f.buffer_mut().set_string(0, y, "田中田中田中田中田中", ratatui::style::Style::new());
                }
                // 21 wide, a popup 10 wide starts at x = 5: the second half of a 田.
                let inner = frame(f, 10, 5, "t", &Theme::new(false));
                assert_eq!(inner.x, 6);
            })
            .unwrap();
        let screen = terminal.backend().to_string();
        for (y, line) in screen.lines().enumerate().take(5) {
            assert!(
                line.contains("田中 ┌") || line.contains("田中 │") || line.contains("田中 └"),
                "row {y}: {line}"
            );
        }
    }
}
