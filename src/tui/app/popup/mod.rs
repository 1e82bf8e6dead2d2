//! Popups over the board, one per file. Each owns its state and reads its own keys; the App
//! only learns the outcome (stay open, close, submit) and then acts on the popup's state.

mod confirm_quit;
mod details;
mod details_text;
mod forms;
mod help;
mod lost;
mod stage_picker;
mod text_field;
mod value;
mod won;

pub use confirm_quit::ConfirmQuit;
pub use details::{Details, Loadable};
pub use forms::ConfirmDelete;
pub use help::Help;
pub use lost::{LostDialog, LostField};
pub use stage_picker::StagePicker;
pub use text_field::TextField;
pub use value::ValueDialog;
pub use won::WonDialog;

use crossterm::event::KeyEvent;

use crate::tui::forms::{DealForm, FilterForm, PickDialog, SortPicker};

/// What a key did to a popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    Submit,
}

#[derive(Debug, Clone)]
pub enum Popup {
    Help(Help),
    Details(Box<Details>),
    StagePicker(StagePicker),
    Won(WonDialog),
    Lost(LostDialog),
    Value(ValueDialog),
    ConfirmQuit(ConfirmQuit),
    // Issue 5's forms (`tui::forms`): they read their own keys and answer with a `FormOutcome`.
    DealForm(Box<DealForm>),
    Filter(Box<FilterForm>),
    Sort(SortPicker),
    ConfirmDelete(ConfirmDelete),
    Pipelines(Box<PickDialog>),
    /// `O`: a new owner for the selected or the marked deals.
    Owner(Box<PickDialog>),
}

impl Popup {
    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match self {
            Popup::Help(p) => p.handle_key(key),
            Popup::Details(p) => p.handle_key(key),
            Popup::StagePicker(p) => p.handle_key(key),
            Popup::Won(p) => p.handle_key(key),
            Popup::Lost(p) => p.handle_key(key),
            Popup::Value(p) => p.handle_key(key),
            Popup::ConfirmQuit(p) => p.handle_key(key),
            // Routed through `form_key` before this is reached.
            Popup::DealForm(_)
            | Popup::Filter(_)
            | Popup::Sort(_)
            | Popup::ConfirmDelete(_)
            | Popup::Pipelines(_)
            | Popup::Owner(_) => Outcome::Stay,
        }
    }

    /// Shows a failure inside a dialog reopened for a retry.
    pub fn set_error(&mut self, message: String) {
        match self {
            Popup::StagePicker(p) => p.error = Some(message),
            Popup::Won(p) => p.error = Some(message),
            Popup::Lost(p) => p.error = Some(message),
            Popup::Value(p) => p.error = Some(message),
            Popup::DealForm(f) => f.set_server_error(None, &message),
            Popup::Help(_)
            | Popup::Details(_)
            | Popup::ConfirmQuit(_)
            | Popup::Filter(_)
            | Popup::Sort(_)
            | Popup::ConfirmDelete(_)
            | Popup::Pipelines(_)
            | Popup::Owner(_) => {}
        }
    }
}

/// Keys every popup reads the same way.
pub(crate) mod keys {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    pub fn is_char(key: &KeyEvent, c: char) -> bool {
        key.code == KeyCode::Char(c) && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}
