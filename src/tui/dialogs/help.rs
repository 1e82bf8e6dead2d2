//! `?`: every key and what it does, generated from the keymap so it cannot drift from it; then
//! the legend of every symbol a card, a column or the header can show.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame::{frame, row};
use super::keys::is_char;
use super::{Component, Ctx, Outcome};
use crate::settings::keys::Action;
use crate::tui::layout::{help_height, help_max_scroll};
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct Help {
    pub scroll: u16,
}

/// Each key binding (its keys, what it does), as shown.
fn key_rows(ctx: &Ctx) -> Vec<(String, String)> {
    let ascii = ctx.theme.ascii();
    let keys = ctx.keymap.help_rows().into_iter().map(|(keys, action)| {
        let keys: Vec<String> = keys.iter().map(|k| k.label(ascii)).collect();
        (keys.join(" "), action.help().to_string())
    });
    keys.collect()
}

/// Each symbol (as drawn, what it means with the keys that act on it), as shown.
fn legend_rows(ctx: &Ctx) -> Vec<(String, String)> {
    let legend = legend(&ctx.theme).into_iter().map(|(mark, meaning, action)| {
        let keys = action.and_then(|a| ctx.keymap.hint(a, 2, ctx.theme.ascii()));
        (ctx.theme.ui(&mark).into_owned(), strings::legend_with_keys(meaning, keys.as_deref()))
    });
    legend.collect()
}

/// Every symbol a card, a column or the header can show, what it means, and the action that
/// acts on it (its keys come from the key table). A new symbol is one line here.
fn legend(theme: &Theme) -> Vec<(String, &'static str, Option<Action>)> {
    let mark = if theme.ascii() { strings::MARK_ASCII } else { strings::MARK };
    vec![
        (theme.selection_glyph().to_string(), strings::LEGEND_SELECTED, None),
        (strings::PENDING_MARK.trim().to_string(), strings::LEGEND_PENDING, None),
        (mark.trim().to_string(), strings::LEGEND_MARKED, Some(Action::Mark)),
        (strings::CHANGED_MARK.trim().to_string(), strings::LEGEND_CHANGED, None),
        (
            format!("[{}] [{}]", strings::WON_BADGE, strings::LOST_BADGE),
            strings::LEGEND_CLOSED,
            Some(Action::Filter),
        ),
        (strings::overdue("").trim().to_string(), strings::LEGEND_OVERDUE, None),
        (strings::age(3), strings::LEGEND_AGE, None),
        (strings::STALE.trim().to_string(), strings::LEGEND_STALE, Some(Action::NextRotting)),
        (
            strings::rotting_count(2).trim().to_string(),
            strings::LEGEND_ROTTING_COUNT,
            Some(Action::NextRotting),
        ),
        (strings::only_mine_header("Ana"), strings::LEGEND_ONLY_MINE, Some(Action::OnlyMine)),
        (strings::ROTTING_HEADER.to_string(), strings::LEGEND_ROTTING_ONLY, Some(Action::SavedFilters)),
        (format!("{} {}", strings::tag("tag"), strings::more_tags(2)), strings::LEGEND_TAGS, None),
        ((if theme.ascii() { "~" } else { "…" }).to_string(), strings::LEGEND_CUT, None),
        (
            strings::other_currencies(&["€".into(), "£".into()]).trim().to_string(),
            strings::LEGEND_CURRENCIES,
            None,
        ),
        (strings::hidden_left(2, 41).trim().to_string(), strings::LEGEND_HIDDEN, Some(Action::ColumnLeft)),
        (strings::more_right(2).trim().to_string(), strings::LEGEND_HIDDEN, Some(Action::ColumnRight)),
        (strings::column_failed(None), strings::LEGEND_FAILED, Some(Action::Refresh)),
        ("≈".to_string(), strings::LEGEND_RATES, None),
        (
            if theme.ascii() {
                format!("{}{}", strings::BAR_FULL_ASCII.repeat(3), strings::BAR_EMPTY_ASCII.repeat(2))
            } else {
                format!("{}{}", strings::BAR_FULL.repeat(3), strings::BAR_EMPTY.repeat(2))
            },
            strings::LEGEND_BAR,
            Some(Action::GroupByMonth),
        ),
    ]
}

/// Lines of the help's body: the keys, a blank line and the legend's title, the legend.
fn row_count(ctx: &Ctx) -> usize {
    key_rows(ctx).len() + 2 + legend_rows(ctx).len()
}

/// Two columns, the first `first_w` wide (bold) then two spaces; the second cut to what is left.
fn table(rows: &[(String, String)], first_w: usize, inner_w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let second_max = inner_w.saturating_sub(first_w + 2);
    let line = |(k, d): &(String, String)| {
        let pad = " ".repeat(first_w.saturating_sub(width(k)) + 2);
        let first = theme.fit(&format!("{k}{pad}"), inner_w);
        Line::from(vec![Span::styled(first, theme.bold()), Span::raw(theme.fit(d, second_max))])
    };
    rows.iter().map(line).collect()
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
        self.scroll = self.scroll.min(help_max_scroll(row_count(ctx), ctx.size.1));
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let (keys, legend) = (key_rows(ctx), legend_rows(ctx));
        let first_w = |rows: &[(String, String)]| rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
        let (key_w, mark_w) = (first_w(&keys), first_w(&legend));
        let w = |rows: &[(String, String)], first: usize| {
            rows.iter().map(|(_, d)| first + width(d)).max().unwrap_or(0)
        };
        let total = keys.len() + 2 + legend.len();
        let height = help_height(total, f.area().height);
        let popup_w = w(&keys, key_w).max(w(&legend, mark_w)) + 6;
        let inner = frame(f, popup_w as u16, height, strings::HELP_TITLE, theme);
        // A screen too narrow for a description cuts it with the theme's mark, like the rest.
        let inner_w = usize::from(inner.width);
        let mut lines = table(&keys, key_w, inner_w, theme);
        lines.push(Line::default());
        lines.push(Line::styled(theme.fit(strings::LEGEND_TITLE, inner_w), theme.bold()));
        lines.extend(table(&legend, mark_w, inner_w, theme));
        let body = ratatui::layout::Rect { height: inner.height.saturating_sub(1), ..inner };
        let scroll = self.scroll.min((total as u16).saturating_sub(body.height));
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
        let footer = theme.fit(&theme.ui(strings::HELP_FOOTER), usize::from(inner.width));
        if inner.height > 1 {
            f.render_widget(Paragraph::new(Line::styled(footer, theme.dim())), row(inner, inner.height - 1));
        }
    }
}
