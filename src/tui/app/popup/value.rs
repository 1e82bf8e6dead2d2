//! `v`: edit the value. Lenient input (`50k`, `$50,000`); anything else is refused inline and
//! the text stays for fixing. The current value comes prefilled and selected: typing replaces it.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, TextField};
use crate::model::SafeText;

#[derive(Debug, Clone)]
pub struct ValueDialog {
    pub deal_id: String,
    /// What the dialog acts on (a deal's title, or "3 marked deals"), drawn as its heading.
    pub title: SafeText,
    /// The deal's currency, shown next to the field.
    pub currency: String,
    pub value: TextField,
    pub error: Option<String>,
}

impl ValueDialog {
    pub fn new(
        deal_id: String,
        title: impl Into<SafeText>,
        currency: String,
        current: Option<f64>,
    ) -> ValueDialog {
        // Prefilled without grouping, so editing digits is easy; whole amounts without ".0".
        let text = current.map(|v| if v.fract() == 0.0 { format!("{v:.0}") } else { v.to_string() });
        ValueDialog {
            deal_id,
            title: title.into(),
            currency,
            value: TextField::with_selected_value(text.unwrap_or_default()),
            error: None,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => Outcome::Submit,
            _ => {
                if self.value.handle_key(key) {
                    // The message was about the old text.
                    self.error = None;
                }
                Outcome::Stay
            }
        }
    }

    /// The typed amount, or the message to show in the dialog.
    pub fn parsed(&self) -> Result<f64, String> {
        // Also checks the amount the way the server would (finite, not negative).
        crate::tui::parse::parse_value_in(self.value.value(), &self.currency)
    }
}
