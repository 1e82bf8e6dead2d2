//! One line of text input (tui-input) with what it started as, so a form can tell edited fields
//! from untouched ones, and the server's last word on it.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone, Default)]
pub(crate) struct TextField {
    input: Input,
    initial: String,
    /// The message of a server 422 naming this field; cleared when the text changes.
    pub server_error: Option<String>,
    /// Typed letters become upper case (currency codes).
    pub upper: bool,
}

impl TextField {
    pub fn new(initial: impl Into<String>) -> Self {
        let initial = initial.into();
        TextField { input: Input::new(initial.clone()), initial, server_error: None, upper: false }
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

    /// Pasted text, inserted at the cursor as if typed; line breaks become spaces and other
    /// control characters are dropped (`sanitize`), since a field is one line.
    pub fn paste(&mut self, text: &str) {
        for c in crate::sanitize::sanitize(text).chars() {
            let c = if self.upper { c.to_ascii_uppercase() } else { c };
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
        self.server_error = None;
    }

    /// Edits the text; true when the text changed.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let key = if self.upper { upper_key(key) } else { key };
        let changed = self.input.handle_event(&Event::Key(key)).is_some_and(|c| c.value);
        if changed {
            self.server_error = None;
        }
        changed
    }
}

/// Only typed letters: Ctrl+U and friends keep their meaning.
fn upper_key(mut key: KeyEvent) -> KeyEvent {
    use crossterm::event::KeyModifiers as M;
    if key.modifiers.intersects(M::CONTROL | M::ALT) {
        return key;
    }
    if let crossterm::event::KeyCode::Char(c) = key.code {
        key.code = crossterm::event::KeyCode::Char(c.to_ascii_uppercase());
    }
    key
}
