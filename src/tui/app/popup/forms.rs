//! Glue between the board's popups and the self-contained forms of `tui::forms`: the forms read
//! their own keys and answer with a [`FormOutcome`]; the App acts on it (`app/forms.rs`).

use crossterm::event::KeyEvent;

use super::Popup;
use crate::tui::api::ClientError;
use crate::tui::app::Target;
use crate::tui::forms::{ConfirmDialog, FormOutcome};

/// `d`: the confirmation, with the deal it is about.
#[derive(Debug, Clone)]
pub struct ConfirmDelete {
    /// The deal it acts on, or the marked ones.
    pub target: Target,
    pub dialog: ConfirmDialog,
}

impl Popup {
    /// The outcome of a key for a form popup; `None` for the board's own popups, which answer
    /// through `handle_key`.
    pub fn form_key(&mut self, key: KeyEvent) -> Option<FormOutcome> {
        Some(match self {
            Popup::DealForm(f) => f.handle_key(key),
            Popup::Filter(f) => f.handle_key(key),
            Popup::Sort(s) => s.handle_key(key),
            Popup::ConfirmDelete(c) => c.dialog.handle_key(key),
            Popup::Pipelines(p) | Popup::Owner(p) => p.handle_key(key),
            _ => return None,
        })
    }

    /// A refused change, shown in the dialog it came from when it reopens. A deal form puts a
    /// 422 on the field it names; a stage outside the pipeline is the stage field's business.
    pub fn set_failure(&mut self, e: &ClientError) {
        match (self, e) {
            (Popup::DealForm(f), ClientError::Validation { field, message }) => {
                f.set_server_error(field.as_deref(), message)
            }
            (Popup::DealForm(f), ClientError::StageNotInPipeline { message }) => {
                f.set_server_error(Some("stage_id"), message)
            }
            (popup, e) => popup.set_error(e.to_string()),
        }
    }
}
