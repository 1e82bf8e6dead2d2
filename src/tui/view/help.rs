//! `?`: every key and what it does, generated from the keymap so it cannot drift from it.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup::{frame, row};
use super::text::width;
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::app::popup::Help;
use crate::tui::strings;

pub fn draw(f: &mut Frame, h: &Help, app: &App, theme: &Theme) {
    let rows: Vec<(String, &str)> = app
        .keymap()
        .help_rows()
        .into_iter()
        .map(|(keys, action)| {
            let keys: Vec<String> = keys.iter().map(|k| strings::key_label(k, theme.ascii())).collect();
            (keys.join(" "), strings::action_help(action))
        })
        .collect();
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
    let inner = frame(f, (key_w + desc_w + 6) as u16, rows.len() as u16 + 4, strings::HELP_TITLE, theme);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            let pad = " ".repeat(key_w.saturating_sub(width(k)) + 2);
            Line::from(vec![Span::styled(format!("{k}{pad}"), theme.bold()), Span::raw(*d)])
        })
        .collect();
    let body = ratatui::layout::Rect { height: inner.height.saturating_sub(1), ..inner };
    f.render_widget(Paragraph::new(lines).scroll((h.scroll, 0)), body);
    let footer = theme.fit(&theme.ui(strings::HELP_FOOTER), usize::from(inner.width));
    if inner.height > 1 {
        f.render_widget(Paragraph::new(Line::styled(footer, theme.dim())), row(inner, inner.height - 1));
    }
}
