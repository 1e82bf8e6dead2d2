//! The details view: the deal's text (`Details::lines`) in a scrolling popup titled with the deal.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::popup::{frame, row};
use crate::tui::app::App;
use crate::tui::app::popup::Details;
use crate::tui::layout;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, d: &Details, app: &App, theme: &Theme) {
    let area = f.area();
    let deal = d.current_deal();
    let (w, h) = layout::details_size(area.width, area.height);
    let inner = frame(f, w, h, &deal.title, theme);
    let body = ratatui::layout::Rect { height: inner.height.saturating_sub(1), ..inner };
    let text = Paragraph::new(d.lines(app, theme)).wrap(Wrap { trim: false });
    let scroll = d.scroll.min(layout::last_top(&text, body));
    f.render_widget(text.scroll((scroll, 0)), body);
    if inner.height > 1 {
        let keys = Line::styled(theme.ui(strings::DETAILS_KEYS).into_owned(), theme.dim());
        f.render_widget(Paragraph::new(keys), row(inner, inner.height - 1));
    }
}
