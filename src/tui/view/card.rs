//! One deal: title, then the fields `card = [...]` asks for (by default value, probability and
//! owner; close date and days since the last update), or, when a search found the deal by another
//! field than its title, that field (`contact: …`) on the last line. Nothing is cut mid-way: a
//! line too wide leaves out its last fields whole (see `fit.rs`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::fit::{self, Piece};
use crate::human::format::{currency_of, days_between, money};
use crate::model::{Deal, DealStatus, SafeText};
use crate::settings::card::CardField;
use crate::tui::app::App;
use crate::tui::app::search::{Field, Hit};
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

/// What every card on screen shares.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    /// The titles of the cards on screen: a title cut like another keeps its distinct end.
    pub titles: &'a [&'a str],
}

impl Ctx<'_> {
    /// The one-cell mark of a cut.
    fn mark(&self) -> char {
        if self.theme.ascii() { '~' } else { '…' }
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, deal: &Deal, selected: bool, ctx: &Ctx) {
    let theme = ctx.theme;
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
    for (i, line) in lines(deal, ctx, text.width).iter().enumerate().take(text.height as usize) {
        buf.set_line(text.x, text.y + i as u16, line, text.width);
    }
    if selected {
        buf.set_style(text, theme.selected_card());
    }
}

/// The card's lines in `room` cells: the title, then one per line of `card = [...]`, the last
/// one given to the field a search found the deal by.
fn lines(deal: &Deal, ctx: &Ctx, room: u16) -> Vec<Line<'static>> {
    let fields = ctx.app.settings().card.lines();
    let mut out = vec![title_line(deal, ctx, room)];
    out.extend(fields.iter().map(|line| fields_line(line, deal, ctx, usize::from(room))));
    let hit =
        ctx.app.search().and_then(|s| s.hit(&deal.id)).and_then(|h| hit_line(h, ctx, usize::from(room)));
    if let Some(hit) = hit
        && out.len() > 1
    {
        out.pop();
        out.push(hit);
    }
    out
}

fn title_line(deal: &Deal, ctx: &Ctx, width: u16) -> Line<'static> {
    let (app, theme) = (ctx.app, ctx.theme);
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
    let title = fit::title(&deal.title, room, ctx.titles, ctx.mark());
    spans.push(Span::styled(title, theme.bold()));
    Line::from(spans)
}

/// One line of fields, joined by ` · `, fitted whole into `room` cells.
fn fields_line(fields: &[CardField], deal: &Deal, ctx: &Ctx, room: usize) -> Line<'static> {
    let pieces = fields.iter().flat_map(|f| piece(f, deal, ctx)).collect();
    fit::line(pieces, &Span::raw(ctx.theme.ui(strings::SEP).into_owned()), room)
}

/// How one field of `deal` can be drawn; `None` when the deal has nothing to show for it.
fn piece(field: &CardField, deal: &Deal, ctx: &Ctx) -> Option<Piece> {
    let (app, theme) = (ctx.app, ctx.theme);
    match field {
        CardField::Value => Some(Piece::one(match deal.value {
            Some(v) => Span::styled(money(v, currency_of(deal)), theme.money()),
            None => Span::styled(strings::NO_VALUE, theme.dim()),
        })),
        CardField::Probability => deal.probability.map(|p| Piece::one(Span::raw(strings::probability(p)))),
        CardField::Owner => deal.owner_id.as_deref().map(|o| words(app.owner_name(o), "", ctx)),
        CardField::Contact => {
            deal.contact_id.as_deref().map(|c| words(app.contact_name(c).unwrap_or(c), "", ctx))
        }
        CardField::CloseDate => Some(close_date(deal, ctx)),
        CardField::Age => Some(age(deal, ctx)),
        CardField::Tags => tags(&deal.tags, ctx),
        CardField::Custom(name) => custom(name, deal, ctx),
    }
}

/// A text field: whole, then ever fewer words, after `label`.
fn words(text: &str, label: &str, ctx: &Ctx) -> Piece {
    let text = SafeText::new(text);
    let forms = fit::word_forms(&text, ctx.mark()).into_iter();
    Piece { forms: forms.map(|f| vec![Span::styled(format!("{label}{f}"), ctx.theme.dim())]).collect() }
}

fn close_date(deal: &Deal, ctx: &Ctx) -> Piece {
    let theme = ctx.theme;
    // A won or lost deal is done: its close date is no longer a warning.
    let open = deal.status == DealStatus::Open;
    match deal.expected_close_date {
        // Short of room, the warning stays and the date goes.
        Some(d) if open && d < ctx.app.today() => Piece {
            forms: vec![
                vec![Span::styled(strings::overdue(&d.to_string()), theme.overdue())],
                vec![Span::styled(strings::overdue("").trim_end().to_string(), theme.overdue())],
            ],
        },
        Some(d) => Piece::one(Span::raw(strings::due(&d.to_string()))),
        None => Piece::one(Span::styled(strings::NO_CLOSE_DATE, theme.dim())),
    }
}

/// Days since the last update, and `stale` once its stage's `[stale_days]` have passed without
/// one (see `App::is_rotting`).
fn age(deal: &Deal, ctx: &Ctx) -> Piece {
    let (app, theme) = (ctx.app, ctx.theme);
    let updated = deal.updated_at.to_zoned(app.settings().time_zone.clone()).date();
    let idle = days_between(updated, app.today()).max(0);
    let days = Span::styled(strings::age(idle), theme.dim());
    if !app.is_rotting(deal) {
        return Piece::one(days);
    }
    // Short of room the warning stays and the count goes.
    let stale = Span::styled(strings::STALE, theme.stale());
    Piece {
        forms: vec![
            vec![days, stale.clone()],
            vec![Span::styled(strings::STALE.trim_start(), theme.stale())],
        ],
    }
}

/// `#renewal #q3`, then fewer tags and how many more: `#renewal +1`.
fn tags(tags: &[SafeText], ctx: &Ctx) -> Option<Piece> {
    if tags.is_empty() {
        return None;
    }
    let forms = (0..=tags.len()).rev().map(|shown| {
        let mut parts: Vec<String> = tags[..shown].iter().map(|t| strings::tag(t)).collect();
        if shown < tags.len() {
            parts.push(strings::more_tags(tags.len() - shown));
        }
        vec![Span::styled(parts.join(" "), ctx.theme.dim())]
    });
    Some(Piece { forms: forms.collect() })
}

/// `region: EMEA`: a custom field's text (cut between words), number or yes/no.
fn custom(name: &str, deal: &Deal, ctx: &Ctx) -> Option<Piece> {
    let label = strings::custom_field(&SafeText::new(name), "");
    let text = match deal.custom_fields.get(name)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => return Some(words(s, &label, ctx)),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => (if *b { strings::YES } else { strings::NO }).to_string(),
        _ => return None,
    };
    Some(Piece::one(Span::styled(format!("{label}{text}"), ctx.theme.dim())))
}

/// The field a search found the deal by, when not its title (shown anyway): `contact: Sofía Ramírez`.
fn hit_line(hit: &Hit, ctx: &Ctx, room: usize) -> Option<Line<'static>> {
    let label = match hit.field {
        Field::Title => return None,
        Field::Tag => strings::MATCHED_TAG,
        Field::Owner => strings::MATCHED_OWNER,
        Field::Contact => strings::MATCHED_CONTACT,
    };
    let text = fit::words(&hit.text, room.saturating_sub(width(label)), ctx.mark());
    Some(Line::from(vec![Span::styled(label, ctx.theme.dim()), Span::styled(text, ctx.theme.bold())]))
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
        let theme = Theme::new(false);
        let ctx = Ctx { app: &app, theme: &theme, titles: &[] };
        let dates = [CardField::CloseDate, CardField::Age];
        let text = |d: &Deal| fields_line(&dates, d, &ctx, 80).to_string();
        assert!(text(&open).contains("overdue") && text(&open).contains("stale"), "{}", text(&open));
        for status in [DealStatus::Won, DealStatus::Lost] {
            let closed = Deal { status, ..open.clone() };
            assert_eq!(text(&closed), "due 2026-01-05 · 73d", "{status:?}");
        }
    }
}
