//! The bottom line: the last message on the left; spinner, the cached board's time, loading
//! progress and the offline badge on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::settings::keys::Action;
use crate::tui::app::App;
use crate::tui::app::Severity;
use crate::tui::strings;
use crate::tui::text::width;
use crate::tui::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let right = right_part(app, theme);
    let right_w = right.width().min(area.width as usize) as u16;
    let left_w = area.width.saturating_sub(right_w + u16::from(right_w > 0));
    // Messages are the UI's sentences (quoting a deal's title at most): ASCII mode spells their
    // punctuation in ASCII too.
    let fit = |m: &str| theme.fit(&theme.ui(m), left_w as usize);
    let left = match &app.status().message {
        Some((Severity::Error, m)) => Span::styled(fit(m), theme.error()),
        Some((Severity::Info, m)) => Span::raw(fit(m)),
        None => {
            let km = app.keymap();
            let hint = strings::status_hint(
                km.hint(Action::Help, 1, theme.ascii()),
                km.hint(Action::Quit, 1, theme.ascii()),
            );
            Span::styled(fit(&hint), theme.dim())
        }
    };
    buf.set_span(area.x, area.y, &left, left_w);
    if right_w > 0 {
        buf.set_line(area.x + area.width - right_w, area.y, &right, right_w);
    }
}

fn right_part(app: &App, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    if app.busy() {
        spans.push(Span::raw(theme.spinner(app.status().spinner)));
    }
    if app.marked_count() > 0 {
        spans.push(Span::styled(format!(" {}", strings::marked_count(app.marked_count())), theme.marked()));
    }
    if let Some(read_at) = app.cached_as_of() {
        let zoned = read_at.to_zoned(app.settings().time_zone.clone());
        // The time alone when read today, else the date too.
        let when = if zoned.date() == app.today() {
            zoned.strftime("%H:%M").to_string()
        } else {
            zoned.strftime("%-d %b %H:%M").to_string()
        };
        spans.push(Span::raw(format!(" {}", theme.ui(&strings::cached_as_of(&when, app.busy())))));
    }
    let board = app.board();
    if !board.columns.is_empty() && !board.fully_loaded() {
        let (loaded, total) = board.progress();
        let progress = match total {
            // No count has arrived yet: "loaded 0 of 0" would say the board is empty.
            0 => theme.ui(strings::LOADING).into_owned(),
            _ => strings::loaded_of(loaded, total),
        };
        spans.push(Span::raw(format!(" {progress}")));
    }
    if app.status().offline {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(strings::OFFLINE_BADGE, theme.error()));
    }
    let line = Line::from(spans);
    if width(&line.to_string()) == 0 { Line::default() } else { line }
}
