//! Drawing. Pure functions of `&App`: they read state and write cells, nothing else. Only what
//! is on screen is drawn (visible columns, visible cards), so a board of 100k deals draws as
//! fast as one of ten.

mod board;
mod card;
mod column;
mod fit;
mod forecast;
pub(crate) mod header;
mod search;
mod status_line;

#[cfg(test)]
mod cards_tests;
#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod look_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod week_tests;
#[cfg(test)]
mod won_tests;

use ratatui::Frame;

use super::app::App;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let s = app.settings();
    let theme = Theme::of(s.palette, s.color, s.ascii);
    let screen = app.screen(area);
    header::draw(frame.buffer_mut(), screen.header, app, &theme);
    board::draw(frame.buffer_mut(), screen.board, app, &theme);
    status_line::draw(frame.buffer_mut(), screen.status, app, &theme);
    search::draw(frame, screen.status, app, &theme);
    if let Some(dialog) = app.popup() {
        dialog.draw(frame, &app.dialog_ctx());
    }
}
