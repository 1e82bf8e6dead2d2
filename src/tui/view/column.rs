//! One stage: its title, count, total and weighted value, then the visible cards.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::card;
use super::fit::{self, Piece};
use crate::human::format::{currency_mark, money_compact};
use crate::model::Deal;
use crate::settings::keys::Action;
use crate::tui::app::App;
use crate::tui::app::board::{Column, ColumnLoad};
use crate::tui::layout::{self, ColumnLayout};
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

/// What a column needs to know beyond its own data.
pub struct Ctx<'a> {
    pub theme: &'a Theme,
    pub app: &'a App,
    pub currency: &'a str,
    pub selected: bool,
    /// Columns off screen to the left of this one (only the first visible column has any), and
    /// the deals they hold.
    pub hidden_left: (usize, u64),
    pub hidden_right: (usize, u64),
    /// The titles of every card on screen (see `card::Ctx`).
    pub titles: &'a [&'a str],
}

pub fn draw(buf: &mut Buffer, l: ColumnLayout, col: &Column, ctx: &Ctx) {
    let title = title_line(col, ctx, title_room(&l));
    frame(buf, &l, title, ctx.selected, ctx.theme);
    draw_summary(buf, &l, col, ctx);
    draw_cards(buf, &l, col, ctx);
}

/// Room for a column's title on its top border (or line, without borders).
pub(super) fn title_room(l: &ColumnLayout) -> u16 {
    l.title.width.saturating_sub(2 * u16::from(l.bordered))
}

/// A column's border with its title in it, or the title alone without borders; shared with the
/// forecast's month columns.
pub(super) fn frame(buf: &mut Buffer, l: &ColumnLayout, title: Line<'static>, selected: bool, theme: &Theme) {
    if l.bordered {
        Block::bordered()
            .border_set(theme.border_set())
            .border_style(theme.border(selected))
            .title(title)
            .render(l.outer, buf);
    } else {
        let style = if selected { theme.header_current() } else { theme.bold() };
        buf.set_line(l.title.x, l.title.y, &title.style(style), l.title.width);
    }
}

/// The stage's name between the markers of the columns off screen: `◀ 2 cols · 41 Proposal`
/// when there is room, else `◀2 Proposal`.
fn title_line(col: &Column, ctx: &Ctx, room: u16) -> Line<'static> {
    titled(&col.stage.name, ctx.hidden_left, ctx.hidden_right, ctx.theme, room)
}

/// A column's title with the markers of the columns off screen either side, `(columns, deals)`:
/// `◀ 2 cols · 41 Name`, or `◀2 Name` when the long markers do not fit. Shared with the
/// forecast's month columns.
pub(super) fn titled(
    name: &str,
    hidden_left: (usize, u64),
    hidden_right: (usize, u64),
    theme: &Theme,
    room: u16,
) -> Line<'static> {
    let ui = |s: String| theme.ui(&s).into_owned();
    let marker = |(cols, deals): (usize, u64), long: fn(usize, u64) -> String, short: fn(usize) -> String| {
        if cols == 0 { [String::new(), String::new()] } else { [ui(long(cols, deals)), ui(short(cols))] }
    };
    let left = marker(hidden_left, strings::hidden_left, strings::more_left);
    let right = marker(hidden_right, strings::hidden_right, strings::more_right);
    let room = usize::from(room);
    let fits = |l: &str, r: &str| width(l) + width(r) + width(name) <= room;
    let [left, right] = match (left, right) {
        ([l, _], [r, _]) if fits(&l, &r) => [l, r],
        ([_, l], [_, r]) => [l, r],
    };
    let room = room.saturating_sub(width(&left) + width(&right));
    let name = theme.fit(name, room);
    Line::from(vec![
        Span::styled(left, theme.dim()),
        Span::styled(name, theme.bold()),
        Span::styled(right, theme.dim()),
    ])
}

fn draw_summary(buf: &mut Buffer, l: &ColumnLayout, col: &Column, ctx: &Ctx) {
    // Nothing known yet (no stage counts, no page): no "0 deals · $0", the column says loading.
    let unknown = col.summary.is_none() && col.total.is_none() && col.deals.is_empty();
    if l.summary.height == 0 || (unknown && matches!(col.load, ColumnLoad::Loading)) {
        return;
    }
    // Its deals could not be loaded: saying "0 deals · $0" would be false.
    if matches!(col.load, ColumnLoad::Failed(_)) && col.deals.is_empty() {
        let retry = ctx.app.keymap().hint(Action::Refresh, 1, ctx.theme.ascii());
        let text =
            ctx.theme.fit(&ctx.theme.ui(&strings::column_failed(retry.as_deref())), l.summary.width as usize);
        buf.set_span(l.summary.x, l.summary.y, &Span::styled(text, ctx.theme.error()), l.summary.width);
        return;
    }
    let totals = col.totals_at(ctx.currency, &ctx.app.settings().rates);
    let total = money_compact(totals.value, &totals.currency);
    let narrowed = ctx.app.search().is_some() && col.visible.is_some();
    let counts = if narrowed {
        // While a search narrows the board, the header counts its matches.
        strings::column_matches(col.shown_len(), col.count())
    } else {
        strings::column_counts(col.count(), &total)
    };
    let mut pieces = vec![Piece::one(Span::raw(ctx.theme.ui(&counts).into_owned()))];
    // The rotting count goes with the weighted total when there is a second line, so neither it
    // nor the other currencies crowd the other out.
    let rotting = Span::styled(ctx.theme.ui(&rotting_count(col, ctx)).into_owned(), ctx.theme.stale());
    if l.summary.height < 2 && rotting.width() > 0 {
        pieces.push(Piece::one(rotting.clone()));
    }
    if !narrowed && !totals.other_currencies.is_empty() {
        // Left out whole when there is no room: never `+€ ¥ £` cut to `+€ ¥`.
        let marks: Vec<String> = totals.other_currencies.iter().map(|c| currency_mark(c)).collect();
        pieces.push(Piece::one(Span::raw(strings::other_currencies(&marks))));
    }
    let width = l.summary.width as usize;
    let line = fit::line(pieces, &Span::raw(""), width);
    let line = if line.width() > 0 { line } else { Line::raw(ctx.theme.fit(&ctx.theme.ui(&counts), width)) };
    buf.set_line(l.summary.x, l.summary.y, &line, l.summary.width);
    if l.summary.height > 1 {
        let w = money_compact(totals.weighted, &totals.currency);
        let mut pieces = vec![Piece::one(Span::styled(strings::weighted(&w), ctx.theme.dim()))];
        if rotting.width() > 0 {
            pieces.push(Piece::one(rotting));
        }
        let line = fit::line(pieces, &Span::raw(""), width);
        buf.set_line(l.summary.x, l.summary.y + 1, &line, l.summary.width);
    }
}

/// ` ·2 stale` when any of the column's loaded deals is rotting (nothing otherwise).
fn rotting_count(col: &Column, ctx: &Ctx) -> String {
    match ctx.app.rotting_in(col) {
        0 => String::new(),
        n => strings::rotting_count(n),
    }
}

fn draw_cards(buf: &mut Buffer, l: &ColumnLayout, col: &Column, ctx: &Ctx) {
    if col.shown_len() == 0 {
        let (text, style) = match &col.load {
            _ if !col.deals.is_empty() => (strings::NO_MATCHES.to_string(), ctx.theme.dim()),
            ColumnLoad::Loading | ColumnLoad::Partial => {
                (ctx.theme.ui(strings::LOADING).into_owned(), ctx.theme.dim())
            }
            ColumnLoad::Complete => (strings::EMPTY_COLUMN.to_string(), ctx.theme.dim()),
            ColumnLoad::Failed(e) => (e.clone(), ctx.theme.error()),
        };
        if l.cards.height > 0 {
            let span = Span::styled(ctx.theme.fit(&text, l.cards.width as usize), style);
            buf.set_span(l.cards.x, l.cards.y, &span, l.cards.width);
        }
        return;
    }
    // Only the cards on screen, in the search's order when it narrows the column.
    let card_h = ctx.app.card_height();
    let cards = card::Ctx { app: ctx.app, theme: ctx.theme, titles: ctx.titles };
    for (slot, deal) in on_screen(col, l.cards, card_h).enumerate() {
        let Some(rect) = layout::card_rect(l.cards, slot, card_h) else { break };
        let selected = ctx.selected && col.selected_deal().is_some_and(|d| d.id == deal.id);
        card::draw(buf, rect, deal, selected, &cards);
    }
}

/// The deals whose cards are on screen in `cards`, top to bottom, in the search's order when it
/// narrows the column; the last may show only its first lines.
pub fn on_screen(col: &Column, cards: Rect, card_h: u16) -> impl Iterator<Item = &Deal> {
    let shown = usize::from(cards.height).div_ceil(usize::from(card_h.max(1)));
    (col.scroll..col.shown_len().min(col.scroll + shown))
        .map_while(|pos| col.shown_at(pos).and_then(|i| col.deals.get(i)))
}
