//! The forecast (`app/forecast.rs`): the board's deals in close-month columns, laid out and
//! scrolled as the stage columns are, each card drawn by `card.rs`. A month's header: its
//! count and total, then the weighted total with a bar of weighted against total, so months
//! compare at a glance.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::card;
use super::fit::{self, Piece};
use crate::human::format::{currency_mark, money_compact};
use crate::tui::app::App;
use crate::tui::app::forecast::{Forecast, MonthColumn};
use crate::tui::layout::{self, ColumnLayout};
use crate::tui::strings;
use crate::tui::theme::Theme;

/// Cells of the weighted-against-total bar, at most.
const BAR_CELLS: usize = 10;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, f: &Forecast, theme: &Theme) {
    let n = f.months.len();
    let first = layout::scroll_to_show(f.first_col, f.col, layout::columns_that_fit(area.width, n), n);
    let rects = layout::column_rects(area, first, n);
    let Some(first) = rects.first().map(|(c, _)| *c) else { return };
    let last = rects.last().map_or(first, |(c, _)| *c);
    let currency = app.board().usual_currency();
    // While a search narrows the board, the headers count its matches.
    let narrowed = app.search().is_some() && app.board().columns.iter().any(|c| c.visible.is_some());
    let card_h = app.card_height();
    let on_screen = |c: usize, r: Rect| {
        let col = &f.months[c];
        let shown = usize::from(layout::column_layout(r).cards.height / card_h.max(1)) + 1;
        (col.scroll..col.cards.len()).take(shown).filter_map(move |pos| col.deal(app.board(), pos))
    };
    let titles: Vec<&str> =
        rects.iter().flat_map(|(c, r)| on_screen(*c, *r)).map(|d| d.title.as_str()).collect();
    for (c, rect) in &rects {
        let deals = |months: &[MonthColumn]| months.iter().map(|m| m.total as u64).sum::<u64>();
        let left = if *c == first { (first, deals(&f.months[..first])) } else { (0, 0) };
        let right = if *c == last { (n - 1 - last, deals(&f.months[last + 1..])) } else { (0, 0) };
        let hidden = (left, right);
        let ctx = Ctx { app, theme, currency, selected: *c == f.col, hidden, narrowed, titles: &titles };
        draw_month(buf, layout::column_layout(*rect), &f.months[*c], &ctx);
    }
}

struct Ctx<'a> {
    app: &'a App,
    theme: &'a Theme,
    currency: &'a str,
    selected: bool,
    /// Month columns off screen to the left, to the right, with the deals they hold.
    hidden: ((usize, u64), (usize, u64)),
    narrowed: bool,
    /// The titles of the cards on screen: a title cut like another keeps its distinct end.
    titles: &'a [&'a str],
}

fn draw_month(buf: &mut Buffer, l: ColumnLayout, col: &MonthColumn, ctx: &Ctx) {
    let title = title_line(col, ctx, super::column::title_room(&l));
    super::column::frame(buf, &l, title, ctx.selected, ctx.theme);
    draw_summary(buf, &l, col, ctx);
    draw_cards(buf, &l, col, ctx);
}

fn title_line(col: &MonthColumn, ctx: &Ctx, room: u16) -> Line<'static> {
    super::column::titled(&col.month.title(), ctx.hidden.0, ctx.hidden.1, ctx.theme, room)
}

fn draw_summary(buf: &mut Buffer, l: &ColumnLayout, col: &MonthColumn, ctx: &Ctx) {
    if l.summary.height == 0 {
        return;
    }
    let width = usize::from(l.summary.width);
    let totals = col.totals(ctx.currency, &ctx.app.settings().rates);
    let narrowed = ctx.narrowed;
    let counts = if narrowed {
        strings::column_matches(col.cards.len(), col.total as u64)
    } else {
        strings::column_counts(col.total as u64, &money_compact(totals.value, &totals.currency))
    };
    // As on the stage columns: the other currencies are left out whole when they do not fit.
    let mut pieces = vec![Piece::one(Span::raw(ctx.theme.ui(&counts).into_owned()))];
    if !narrowed && !totals.other_currencies.is_empty() {
        let marks: Vec<String> = totals.other_currencies.iter().map(|c| currency_mark(c)).collect();
        pieces.push(Piece::one(Span::raw(strings::other_currencies(&marks))));
    }
    let line = fit::line(pieces, &Span::raw(""), width);
    let line = if line.width() > 0 { line } else { Line::raw(ctx.theme.fit(&ctx.theme.ui(&counts), width)) };
    buf.set_line(l.summary.x, l.summary.y, &line, l.summary.width);
    if l.summary.height < 2 {
        return;
    }
    let w = strings::weighted(&money_compact(totals.weighted, &totals.currency));
    let text = ctx.theme.fit(&w, width);
    let used = crate::tui::text::width(&text);
    buf.set_span(l.summary.x, l.summary.y + 1, &Span::styled(text, ctx.theme.dim()), l.summary.width);
    // The bar, right after the text when there is room for at least three cells; the month's
    // rotting count after it, whole, when the bar keeps five cells beside it.
    let room = width.saturating_sub(used + 1);
    let rotting = if col.rotting > 0 {
        ctx.theme.ui(&strings::rotting_count(col.rotting)).into_owned()
    } else {
        String::new()
    };
    let rotting_w = crate::tui::text::width(&rotting);
    let (cells, rotting) = match room.checked_sub(rotting_w) {
        Some(left) if rotting_w > 0 && left >= 5 => (left.min(BAR_CELLS), rotting),
        _ => (room.min(BAR_CELLS), String::new()),
    };
    if cells >= 3 {
        let bar = bar(totals.weighted, totals.value, cells, ctx.theme.ascii());
        let x = l.summary.x + (used + 1) as u16;
        buf.set_span(x, l.summary.y + 1, &Span::styled(bar, ctx.theme.money()), cells as u16);
        if !rotting.is_empty() {
            let x = x + cells as u16;
            buf.set_span(x, l.summary.y + 1, &Span::styled(rotting, ctx.theme.stale()), rotting_w as u16);
        }
    }
}

/// `cells` cells, the share of weighted in total filled (at least one when there is any).
fn bar(weighted: f64, total: f64, cells: usize, ascii: bool) -> String {
    let share = if total > 0.0 { (weighted / total).clamp(0.0, 1.0) } else { 0.0 };
    let mut full = (share * cells as f64).round() as usize;
    if share > 0.0 {
        full = full.max(1);
    }
    let (on, off) = if ascii {
        (strings::BAR_FULL_ASCII, strings::BAR_EMPTY_ASCII)
    } else {
        (strings::BAR_FULL, strings::BAR_EMPTY)
    };
    format!("{}{}", on.repeat(full), off.repeat(cells - full))
}

fn draw_cards(buf: &mut Buffer, l: &ColumnLayout, col: &MonthColumn, ctx: &Ctx) {
    let board = ctx.app.board();
    if col.cards.is_empty() {
        let text = match () {
            _ if col.total > 0 => strings::NO_MATCHES.to_string(),
            _ if !board.fully_loaded() => ctx.theme.ui(strings::LOADING).into_owned(),
            _ => strings::EMPTY_COLUMN.to_string(),
        };
        if l.cards.height > 0 {
            let span = Span::styled(ctx.theme.fit(&text, l.cards.width as usize), ctx.theme.dim());
            buf.set_span(l.cards.x, l.cards.y, &span, l.cards.width);
        }
        return;
    }
    let card_h = ctx.app.card_height();
    let cards = card::Ctx { app: ctx.app, theme: ctx.theme, titles: ctx.titles };
    for (slot, pos) in (col.scroll..col.cards.len()).enumerate() {
        let Some(rect) = layout::card_rect(l.cards, slot, card_h) else { break };
        let Some(deal) = col.deal(board, pos) else { break };
        card::draw(buf, rect, deal, ctx.selected && pos == col.selected, &cards);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::bar;
    use crate::tui::app::App;
    use crate::tui::test_support::{ch, loaded};
    use crate::tui::view::draw;

    fn render(app: &App, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| draw(f, app)).unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn forecast_160x45() {
        let (mut app, _) = loaded(160, 45);
        app.update(ch('c'));
        let screen = render(&app, 160, 45);
        // Each month counts its rotting deals, as a stage column does.
        let rotting: usize = app.forecast().unwrap().months.iter().map(|m| m.rotting).sum();
        assert_eq!(rotting, 2, "{screen}");
        assert_eq!(screen.matches("·1 stale").count(), 2, "{screen}");
        insta::assert_snapshot!(screen);
    }

    /// Three month columns fit: the others are marked off either side; a date move pending.
    #[test]
    fn forecast_80x24() {
        let (mut app, _) = loaded(80, 24);
        app.update(ch('c'));
        app.update(ch('l'));
        app.update(ch('L'));
        insta::assert_snapshot!(render(&app, 80, 24));
    }

    /// With `borders = "ascii"` the forecast's own glyphs (bar, markers, borders) are ASCII; the
    /// fixture's server text (a Japanese title) is left as it is, so only the board's lines are
    /// checked.
    #[test]
    fn the_ascii_forecast_draws_its_bar_and_markers_in_ascii() {
        use crate::tui::app::AppSettings;
        use crate::tui::message::Event;
        use crate::tui::test_support::{Fake, now, settings, settle};
        let mut app = App::new(AppSettings { ascii: true, ..settings() }, now());
        app.update(Event::Resize { width: 80, height: 24 });
        let cmds = app.start();
        settle(&mut app, &mut Fake::default(), cmds);
        app.update(ch('c'));
        app.update(ch('l'));
        let screen = render(&app, 80, 24);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(
            lines[1].contains("+< 1 col | 1 Mar 2026-") && lines[1].contains("May 2026 1 col | 2 >-"),
            "{screen}"
        );
        assert!(lines[3].contains("weighted $7,500 #........"), "{screen}");
        let glyph = |c: char| ('\u{2190}'..='\u{25FF}').contains(&c);
        assert!(!lines[..4].iter().any(|l| l.chars().any(glyph)), "{screen}");
    }

    #[test]
    fn the_bar_fills_the_weighted_share_of_the_total() {
        assert_eq!(bar(50.0, 100.0, 10, false), "█████░░░░░");
        assert_eq!(bar(1.0, 100.0, 4, true), "#...", "any weighted value shows");
        assert_eq!(bar(0.0, 100.0, 4, true), "....");
        assert_eq!(bar(0.0, 0.0, 3, true), "...");
        assert_eq!(bar(100.0, 100.0, 3, true), "###");
    }
}
