//! `?`: every key and what it does, generated from the keymap so it cannot drift from it.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup::{frame, row};
use crate::tui::app::App;
use crate::tui::app::popup::Help;
use crate::tui::layout;
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

fn rows(app: &App, theme: &Theme) -> Vec<(String, &'static str)> {
    app.keymap()
        .help_rows()
        .into_iter()
        .map(|(keys, action)| {
            let keys: Vec<String> = keys.iter().map(|k| k.label(theme.ascii())).collect();
            (keys.join(" "), action.help())
        })
        .collect()
}

pub fn draw(f: &mut Frame, h: &Help, app: &App, theme: &Theme) {
    let rows = rows(app, theme);
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
    let height = layout::help_height(rows.len(), f.area().height);
    let inner = frame(f, (key_w + desc_w + 6) as u16, height, strings::HELP_TITLE, theme);
    // A screen too narrow for a description cuts it with the theme's mark, like the rest.
    let inner_w = usize::from(inner.width);
    let desc_max = inner_w.saturating_sub(key_w + 2);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            let pad = " ".repeat(key_w.saturating_sub(width(k)) + 2);
            let keys = theme.fit(&format!("{k}{pad}"), inner_w);
            Line::from(vec![Span::styled(keys, theme.bold()), Span::raw(theme.fit(d, desc_max))])
        })
        .collect();
    let body = ratatui::layout::Rect { height: inner.height.saturating_sub(1), ..inner };
    let scroll = h.scroll.min((rows.len() as u16).saturating_sub(body.height));
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
    let footer = theme.fit(&theme.ui(strings::HELP_FOOTER), usize::from(inner.width));
    if inner.height > 1 {
        f.render_widget(Paragraph::new(Line::styled(footer, theme.dim())), row(inner, inner.height - 1));
    }
}
