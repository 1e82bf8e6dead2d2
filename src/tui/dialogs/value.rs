//! `v`: edit the value. Lenient input (`50k`, `$50,000`); anything else is refused inline and
//! the text stays for fixing. The current value comes prefilled and selected: typing replaces it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::frame::{frame, lines, row};
use super::{Component, Ctx, Intent, Outcome, TextField};
use crate::model::SafeText;
use crate::tui::api::ClientError;
use crate::tui::strings;

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
}

impl Component for ValueDialog {
    fn key(&mut self, key: &KeyEvent, _: &Ctx) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            // Also checks the amount the way the server would (finite, not negative). Refused:
            // the dialog stays with the text as typed and says why.
            KeyCode::Enter => match crate::human::parse::parse_value_in(self.value.value(), &self.currency) {
                Ok(value) => Outcome::Submit(Intent::Value { deal_id: self.deal_id.clone(), value }),
                Err(message) => {
                    self.error = Some(message);
                    Outcome::Stay
                }
            },
            _ => {
                if self.value.handle_key(key).is_some() {
                    // The message was about the old text.
                    self.error = None;
                }
                Outcome::Stay
            }
        }
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let inner = frame(f, 64, 10, strings::VALUE_TITLE, theme);
        let label = strings::value_label(&self.currency);
        lines(
            f,
            inner,
            &[Line::styled(self.title.to_string(), theme.bold()), Line::raw(""), Line::raw(label)],
        );
        self.value.draw(f, row(inner, 3), true, theme);
        let below = match &self.error {
            Some(e) => Span::styled(e.clone(), theme.error()),
            None => Span::styled(theme.ui(strings::VALUE_HINT).into_owned(), theme.dim()),
        };
        lines(f, row(inner, 4), &[Line::from(below)]);
        lines(f, row(inner, 6), &[Line::styled(theme.ui(strings::DIALOG_KEYS).into_owned(), theme.dim())]);
    }

    fn failed(&mut self, e: &ClientError) {
        self.error = Some(e.to_string());
    }
}
