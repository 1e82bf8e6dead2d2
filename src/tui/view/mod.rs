//! Drawing. Pure functions of `&App`: they read state and write cells, nothing else. Only what
//! is on screen is drawn (visible columns, visible cards), so a board of 100k deals draws as
//! fast as one of ten.

mod board;
mod card;
mod column;
mod confirm_quit;
mod details;
mod field;
pub(crate) mod header;
mod help;
mod lost;
pub(crate) mod popup;
mod search;
mod stage_picker;
mod status_line;
mod value;
mod won;

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod look_tests;
#[cfg(test)]
mod tests;

use ratatui::Frame;

use super::app::App;
use super::app::popup::Popup;
use super::layout;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let s = app.settings();
    let theme = Theme::of(s.palette, s.color, s.ascii);
    let screen = layout::screen(area);
    header::draw(frame.buffer_mut(), screen.header, app, &theme);
    board::draw(frame.buffer_mut(), screen.board, app, &theme);
    status_line::draw(frame.buffer_mut(), screen.status, app, &theme);
    search::draw(frame, screen.status, app, &theme);
    if let Some(p) = app.popup() {
        draw_popup(frame, p, app, &theme);
    }
}

fn draw_popup(frame: &mut Frame, p: &Popup, app: &App, theme: &Theme) {
    match p {
        Popup::Help(h) => help::draw(frame, h, app, theme),
        Popup::Details(d) => details::draw(frame, d, app, theme),
        Popup::StagePicker(s) => stage_picker::draw(frame, s, theme),
        Popup::Won(w) => won::draw(frame, w, theme),
        Popup::Lost(l) => lost::draw(frame, l, theme),
        Popup::Value(v) => value::draw(frame, v, theme),
        Popup::ConfirmQuit(q) => confirm_quit::draw(frame, q, theme),
        // The forms draw themselves, centred on the screen.
        Popup::DealForm(f) => f.draw(frame, frame.area()),
        Popup::Filter(f) => f.draw(frame, frame.area()),
        Popup::Sort(s) => s.draw(frame, frame.area()),
        Popup::ConfirmDelete(c) => c.dialog.draw(frame, frame.area()),
        Popup::Pipelines(p) | Popup::Owner(p) => p.draw(frame, frame.area()),
    }
}
