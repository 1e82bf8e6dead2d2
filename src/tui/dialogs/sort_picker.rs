//! The sort picker (`s`): which field every column is sorted by, and in which direction.
//! ↑/↓ (or Tab) choose the field, ←/→ or Space flip its direction, Enter applies, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::keys::{Nav, is_press, nav, step};
use super::render::{self, Body, FormTheme};
use super::{Intent, Outcome};
use crate::model::{Sort, SortField};
use crate::tui::strings as s;

/// The fields in the order shown, each with its default direction (descending?) and names for
/// its two directions (ascending, descending) in words a rep reads without thinking.
const FIELDS: [(SortField, &str, bool, &str, &str); 4] = [
    (SortField::Value, s::SORT_VALUE, true, s::SORT_VALUE_ASC, s::SORT_VALUE_DESC),
    (SortField::ExpectedCloseDate, s::SORT_CLOSE, false, s::SORT_DATE_ASC, s::SORT_DATE_DESC),
    (SortField::UpdatedAt, s::SORT_UPDATED, true, s::SORT_TIME_ASC, s::SORT_TIME_DESC),
    (SortField::CreatedAt, s::SORT_CREATED, true, s::SORT_TIME_ASC, s::SORT_TIME_DESC),
];

const WIDTH: u16 = 62;

#[derive(Debug, Clone)]
pub struct SortPicker {
    current: Sort,
    cursor: usize,
    /// The direction each row would apply; starts at each field's natural one, the current
    /// sort's row at the current direction.
    descending: [bool; 4],
}

impl SortPicker {
    /// Opens on the board's current sort.
    pub fn new(current: Sort) -> SortPicker {
        let mut descending = FIELDS.map(|f| f.2);
        let cursor = FIELDS.iter().position(|f| f.0 == current.field).unwrap_or(0);
        descending[cursor] = current.descending;
        SortPicker { current, cursor, descending }
    }

    /// The sort Enter would apply now.
    pub fn selected(&self) -> Sort {
        Sort { field: FIELDS[self.cursor].0, descending: self.descending[self.cursor] }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if !is_press(&key) {
            return Outcome::Stay;
        }
        match (nav(&key), key.code) {
            (Nav::Cancel, _) => return Outcome::Close,
            (Nav::Submit, _) => return Outcome::Submit(Intent::Sort(self.selected())),
            (Nav::Next, _) | (_, KeyCode::Char('j')) => self.cursor = step(self.cursor, FIELDS.len(), true),
            (Nav::Prev, _) | (_, KeyCode::Char('k')) => self.cursor = step(self.cursor, FIELDS.len(), false),
            (_, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ' | 'h' | 'l')) => {
                self.descending[self.cursor] = !self.descending[self.cursor]
            }
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw_in(&self, frame: &mut Frame, area: Rect, theme: &FormTheme) {
        let mut body = Body::default();
        for (i, (field, name, _, asc, desc)) in FIELDS.iter().enumerate() {
            let focused = i == self.cursor;
            let down = self.descending[i];
            let arrow = if down { "↓" } else { "↑" };
            let words = if down { desc } else { asc };
            let current =
                if self.current.field == *field && self.current.descending == down { " ✓" } else { "" };
            let row = Span::styled(
                render::pad(&theme.ui(&format!("{arrow} {words}{current}")), 26),
                if focused { theme.selected } else { theme.label },
            );
            body.push(Line::from(vec![render::label_w(name, focused, 24, theme), row]));
            if focused {
                body.focus_from(i);
            }
        }
        let footer = vec![Line::styled(s::KEYS_SORT, theme.hint)];
        render::dialog(frame, area, WIDTH, s::TITLE_SORT, &body, footer, theme);
    }
}

form_component!(SortPicker);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::dialogs::test_util::{key, render_snapshot};
    use crossterm::event::KeyCode::*;

    fn run(p: &mut SortPicker, keys: &[KeyCode]) -> Outcome {
        keys.iter().map(|k| p.handle_key(key(*k))).last().unwrap_or(Outcome::Stay)
    }

    #[test]
    fn opens_on_the_current_sort_and_enter_keeps_it() {
        let mut p = SortPicker::new(Sort::default());
        assert_eq!(run(&mut p, &[Enter]), Outcome::Submit(Intent::Sort(Sort::default())));
    }

    #[test]
    fn arrows_choose_the_field_and_flip_the_direction() {
        let mut p = SortPicker::new(Sort::default());
        let want = Sort { field: SortField::Value, descending: true };
        assert_eq!(run(&mut p, &[Up, Up, Enter]), Outcome::Submit(Intent::Sort(want)));
        let mut p = SortPicker::new(Sort::default());
        let want = Sort { field: SortField::ExpectedCloseDate, descending: true };
        assert_eq!(run(&mut p, &[Tab, Tab, Tab, Right, Enter]), Outcome::Submit(Intent::Sort(want)));
        let mut p = SortPicker::new(Sort::default());
        let want = Sort { field: SortField::CreatedAt, descending: false };
        assert_eq!(run(&mut p, &[Char('j'), Char(' '), Enter]), Outcome::Submit(Intent::Sort(want)));
    }

    #[test]
    fn esc_cancels() {
        let mut p = SortPicker::new(Sort::default());
        assert_eq!(run(&mut p, &[Down, Right, Esc]), Outcome::Close);
    }

    #[test]
    fn renders() {
        let mut p = SortPicker::new(Sort::default());
        p.handle_key(key(Up));
        let theme = FormTheme::default();
        insta::assert_snapshot!(render_snapshot(80, 24, |f| p.draw_in(f, f.area(), &theme)));
        render_snapshot(8, 3, |f| p.draw_in(f, f.area(), &theme));
        render_snapshot(1, 1, |f| p.draw_in(f, f.area(), &theme));
    }
}
