//! A one-line text field (tui-input underneath), shared by the dialogs.

use crossterm::event::{Event as CtEvent, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    pub input: Input,
    /// The whole prefilled text is selected: typing replaces it, Backspace clears it, and any
    /// other key keeps it for editing. So `v` then `$12,345` sets the value without first
    /// deleting the old one, and `v` then `←` edits the old one.
    pub selected: bool,
}

impl TextField {
    pub fn with_value(value: impl Into<String>) -> TextField {
        TextField { input: Input::new(value.into()), selected: false }
    }

    /// Prefilled and selected (see [`TextField::selected`]).
    pub fn with_selected_value(value: impl Into<String>) -> TextField {
        let value = value.into();
        TextField { selected: !value.is_empty(), input: Input::new(value) }
    }

    /// Edits the text; true when the key was an editing key.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        if std::mem::take(&mut self.selected) {
            let typing = matches!(key.code, KeyCode::Char(_))
                && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            if matches!(key.code, KeyCode::Backspace | KeyCode::Delete) {
                self.input.reset();
                return true;
            }
            if typing {
                self.input.reset();
            }
        }
        self.input.handle_event(&CtEvent::Key(*key)).is_some()
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The text trimmed, `None` when empty: optional fields are left out rather than sent blank.
    pub fn optional(&self) -> Option<String> {
        let t = self.input.value().trim();
        (!t.is_empty()).then(|| t.to_string())
    }
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
