//! A one-line text field (tui-input underneath) with a label, shared by the dialogs.

use crossterm::event::{Event as CtEvent, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    pub input: Input,
}

impl TextField {
    pub fn with_value(value: impl Into<String>) -> TextField {
        TextField { input: Input::new(value.into()) }
    }

    /// Edits the text; true when the key was an editing key.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
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
