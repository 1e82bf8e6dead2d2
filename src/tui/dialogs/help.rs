//! `?`: every key and what it does, generated from the keymap so it cannot drift from it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame::{frame, row};
use super::keys::is_char;
use super::{Component, Ctx, Outcome};
use crate::tui::layout::{help_height, help_max_scroll};
use crate::tui::strings;
use crate::tui::text::width;

#[derive(Debug, Clone, Default)]
pub struct Help {
    pub scroll: u16,
}

/// Each key binding (its keys, what it does), as shown.
fn rows(ctx: &Ctx) -> Vec<(String, &'static str)> {
    let ascii = ctx.theme.ascii();
    ctx.keymap
        .help_rows()
        .into_iter()
        .map(|(keys, action)| {
            let keys: Vec<String> = keys.iter().map(|k| k.label(ascii)).collect();
            (keys.join(" "), action.help())
        })
        .collect()
}

impl Component for Help {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Outcome {
        match key.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => return Outcome::Close,
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            _ if is_char(key, 'j') => self.scroll = self.scroll.saturating_add(1),
            _ if is_char(key, 'k') => self.scroll = self.scroll.saturating_sub(1),
            _ => {}
        }
        self.fit(ctx);
        Outcome::Stay
    }

    /// No further than the last key at the bottom, so `k` answers at once however long `j` was
    /// held, and after a resize that left less to scroll.
    fn fit(&mut self, ctx: &Ctx) {
        self.scroll = self.scroll.min(help_max_scroll(ctx.keymap.help_rows().len(), ctx.size.1));
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let rows = rows(ctx);
        let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
        let desc_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
        let height = help_height(rows.len(), f.area().height);
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
        let scroll = self.scroll.min((rows.len() as u16).saturating_sub(body.height));
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
        let footer = theme.fit(&theme.ui(strings::HELP_FOOTER), usize::from(inner.width));
        if inner.height > 1 {
            f.render_widget(Paragraph::new(Line::styled(footer, theme.dim())), row(inner, inner.height - 1));
        }
    }
}
