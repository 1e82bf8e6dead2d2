//! One deal: title; value, probability and owner; close date and days since the last update, or,
//! when a search found the deal by another field than its title, that field (`contact: …`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::human::format::{currency_of, days_between, money};
use crate::model::{Deal, DealStatus, SafeText};
use crate::tui::app::App;
use crate::tui::app::search::{Field, Hit};
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, deal: &Deal, selected: bool, app: &App, theme: &Theme) {
    if area.width < 2 || area.height == 0 {
        return;
    }
    // A one-cell gutter carries the selection bar, visible with or without colour.
    let text = Rect { x: area.x + 1, width: area.width - 1, ..area };
    if selected {
        for y in area.y..area.y + area.height {
            buf.set_span(area.x, y, &Span::styled(theme.selection_glyph(), theme.selection_bar()), 1);
        }
    }
    let hit = app.search().and_then(|s| s.hit(&deal.id)).and_then(|h| hit_line(h, theme));
    let last = hit.unwrap_or_else(|| dates_line(deal, app, theme));
    let lines = [title_line(deal, app, theme, text.width), value_line(deal, app, theme), last];
    for (i, line) in lines.iter().enumerate().take(text.height as usize) {
        buf.set_line(text.x, text.y + i as u16, line, text.width);
    }
    if selected {
        buf.set_style(text, theme.selected_card());
    }
}

fn title_line(deal: &Deal, app: &App, theme: &Theme, width: u16) -> Line<'static> {
    let mut spans = Vec::new();
    let mut room = usize::from(width);
    if app.is_pending(&deal.id) {
        let mark = theme.ui(strings::PENDING_MARK).into_owned();
        room = room.saturating_sub(mark.chars().count());
        spans.push(Span::styled(mark, theme.pending()));
    }
    // Marked for a bulk action, and changed by someone else (a refresh brought it): in words
    // as well as colour.
    let mark = if theme.ascii() { strings::MARK_ASCII } else { strings::MARK };
    let marks = [
        (app.is_marked(&deal.id), mark, theme.marked()),
        (app.is_highlighted(&deal.id), strings::CHANGED_MARK, theme.changed()),
    ];
    for (on, glyph, style) in marks {
        if on {
            let mark = theme.ui(glyph).into_owned();
            room = room.saturating_sub(mark.chars().count());
            spans.push(Span::styled(mark, style));
        }
    }
    // Closed deals (shown under a status filter) say so before anything else, in words, so the
    // badge reads without colour too.
    let badge = match deal.status {
        DealStatus::Won => Some((strings::WON_BADGE, theme.won())),
        DealStatus::Lost => Some((strings::LOST_BADGE, theme.lost())),
        DealStatus::Open => None,
    };
    if let Some((text, style)) = badge {
        spans.push(Span::styled(format!("[{text}]"), style));
        spans.push(Span::raw(" "));
        room = room.saturating_sub(text.chars().count() + 3);
    }
    spans.push(Span::styled(theme.fit(&deal.title, room), theme.bold()));
    Line::from(spans)
}

fn value_line(deal: &Deal, app: &App, theme: &Theme) -> Line<'static> {
    let value = match deal.value {
        Some(v) => Span::styled(money(v, currency_of(deal)), theme.money()),
        None => Span::styled(strings::NO_VALUE, theme.dim()),
    };
    let mut spans = vec![value];
    if let Some(p) = deal.probability {
        spans.push(Span::raw(format!("{}{}", theme.ui(strings::SEP), strings::probability(p))));
    }
    if let Some(owner) = &deal.owner_id {
        let owner = SafeText::new(app.owner_name(owner));
        spans.push(Span::styled(format!("{}{owner}", theme.ui(strings::SEP)), theme.dim()));
    }
    Line::from(spans)
}

/// The field a search found the deal by, when not its title (shown anyway): `contact: Sofía Ramírez`.
fn hit_line(hit: &Hit, theme: &Theme) -> Option<Line<'static>> {
    let label = match hit.field {
        Field::Title => return None,
        Field::Tag => strings::MATCHED_TAG,
        Field::Owner => strings::MATCHED_OWNER,
        Field::Contact => strings::MATCHED_CONTACT,
    };
    Some(Line::from(vec![Span::styled(label, theme.dim()), Span::styled(hit.text.to_string(), theme.bold())]))
}

fn dates_line(deal: &Deal, app: &App, theme: &Theme) -> Line<'static> {
    let today = app.today();
    // A won or lost deal is done: its close date and its quiet are no longer warnings.
    let open = deal.status == DealStatus::Open;
    let mut spans = Vec::new();
    match deal.expected_close_date {
        // "overdue" leads, so a narrow card cuts the date rather than the warning.
        Some(d) if open && d < today => {
            spans.push(Span::styled(strings::overdue(&d.to_string()), theme.overdue()));
        }
        Some(d) => spans.push(Span::raw(strings::due(&d.to_string()))),
        None => spans.push(Span::styled(strings::NO_CLOSE_DATE, theme.dim())),
    }
    let updated = deal.updated_at.to_zoned(app.settings().time_zone.clone()).date();
    let idle = days_between(updated, today).max(0);
    spans.push(Span::styled(theme.ui(&strings::days_idle(idle)).into_owned(), theme.dim()));
    // Rotting: its stage's `[stale_days]` without an update (see `App::is_rotting`).
    if open && app.is_rotting(deal) {
        spans.push(Span::styled(strings::STALE, theme.stale()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::test_support::{deal, loaded};

    #[test]
    fn only_an_open_deal_is_flagged_overdue_or_stale() {
        let (app, _) = loaded(80, 24);
        let past = jiff::civil::date(2026, 1, 5);
        let open = deal("d", "t", "stage_003", None, "USD", 50, None, Some(past), "2026-01-06T10:00:00Z");
        let text = |d: &Deal| dates_line(d, &app, &Theme::new(false)).to_string();
        assert!(text(&open).contains("overdue") && text(&open).contains("stale"), "{}", text(&open));
        for status in [DealStatus::Won, DealStatus::Lost] {
            let closed = Deal { status, ..open.clone() };
            assert_eq!(text(&closed), "due 2026-01-05 · 73d", "{status:?}");
        }
    }
}
