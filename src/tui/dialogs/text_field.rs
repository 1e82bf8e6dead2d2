//! One line of text input (tui-input underneath), the one every dialog, form and the search use:
//! what it started as (so a form tells edited fields from untouched ones), the server's last word
//! on it, and its drawing on one row for the board's own dialogs.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Span;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;
use unicode_width::UnicodeWidthChar;

use crate::sanitize::sanitize;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    pub input: Input,
    initial: String,
    /// The whole prefilled text is selected: typing replaces it, Backspace clears it, and any
    /// other key keeps it for editing. So `v` then `$12,345` sets the value without first
    /// deleting the old one, and `v` then `←` edits the old one.
    pub selected: bool,
    /// The message of a server 422 naming this field; cleared when the text changes.
    pub server_error: Option<String>,
    /// Typed letters become upper case (currency codes).
    pub upper: bool,
}

impl TextField {
    pub fn new(initial: impl Into<String>) -> Self {
        let initial = initial.into();
        TextField { input: Input::new(initial.clone()), initial, ..TextField::default() }
    }

    /// Prefilled and selected (see [`TextField::selected`]).
    pub fn with_selected_value(value: impl Into<String>) -> TextField {
        let field = TextField::new(value);
        TextField { selected: !field.initial.is_empty(), ..field }
    }

    pub fn upper(mut self) -> Self {
        self.upper = true;
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn input(&self) -> &Input {
        &self.input
    }

    /// Changed from what the form opened with.
    pub fn is_dirty(&self) -> bool {
        self.input.value() != self.initial
    }

    pub fn set_value(&mut self, v: impl Into<String>) {
        self.input = Input::new(v.into());
        self.server_error = None;
    }

    /// The text trimmed, `None` when empty: optional fields are left out rather than sent blank.
    pub fn optional(&self) -> Option<String> {
        let t = self.input.value().trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Pasted text, inserted at the cursor as if typed; line breaks become spaces and other
    /// control characters are dropped (`sanitize`), since a field is one line.
    pub fn paste(&mut self, text: &str) {
        for c in sanitize(text).chars() {
            let c = if self.upper { c.to_ascii_uppercase() } else { c };
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
        self.server_error = None;
    }

    /// Edits the text: `None` when the key is not an editing key, else whether the text changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<bool> {
        if std::mem::take(&mut self.selected) {
            let typing = matches!(key.code, KeyCode::Char(_))
                && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            if matches!(key.code, KeyCode::Backspace | KeyCode::Delete) {
                self.input.reset();
                return Some(true);
            }
            if typing {
                self.input.reset();
            }
        }
        let key = if self.upper { upper_key(*key) } else { *key };
        let changed = self.input.handle_event(&Event::Key(key)).map(|c| c.value);
        if changed == Some(true) {
            self.server_error = None;
        }
        changed
    }

    /// Edits the text; true when the text changed.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        self.handle_key(&key) == Some(true)
    }

    /// Draws the field on the first row of `area`, scrolled to keep the cursor in view; the
    /// focused one gets the terminal cursor.
    pub fn draw(&self, f: &mut Frame, area: Rect, focused: bool, theme: &Theme) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = usize::from(area.width.saturating_sub(1));
        let scroll = self.input.visual_scroll(width);
        // Typed text may hold pasted control characters; they are not drawn.
        let shown: String = sanitize(self.value());
        let visible: String = skip_cells(&shown, scroll);
        let style = theme.field(focused);
        // A selected prefill shows reversed, as selected text does everywhere.
        let text_style = if self.selected { style.add_modifier(Modifier::REVERSED) } else { style };
        f.buffer_mut().set_style(Rect { height: 1, ..area }, style);
        f.buffer_mut().set_span(area.x, area.y, &Span::styled(visible, text_style), area.width);
        if focused {
            let x = self.input.visual_cursor().saturating_sub(scroll).min(width) as u16;
            f.set_cursor_position((area.x + x, area.y));
        }
    }
}

/// Only typed letters: Ctrl+U and friends keep their meaning.
fn upper_key(mut key: KeyEvent) -> KeyEvent {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return key;
    }
    if let KeyCode::Char(c) = key.code {
        key.code = KeyCode::Char(c.to_ascii_uppercase());
    }
    key
}

fn skip_cells(s: &str, cells: usize) -> String {
    let mut skipped = 0;
    s.chars()
        .skip_while(|c| {
            if skipped >= cells {
                return false;
            }
            skipped += c.width().unwrap_or(0);
            true
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(f: &mut TextField, code: KeyCode) {
        f.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn a_selected_value_is_replaced_by_typing_cleared_by_backspace_kept_by_moving() {
        let mut f = TextField::with_selected_value("75000");
        press(&mut f, KeyCode::Char('9'));
        assert_eq!(f.value(), "9");
        press(&mut f, KeyCode::Char('9'));
        assert_eq!(f.value(), "99", "only the first key replaces");

        let mut f = TextField::with_selected_value("75000");
        press(&mut f, KeyCode::Backspace);
        assert_eq!(f.value(), "");

        let mut f = TextField::with_selected_value("75000");
        press(&mut f, KeyCode::Left);
        press(&mut f, KeyCode::Char('1'));
        assert_eq!(f.value(), "750010");
    }
}
