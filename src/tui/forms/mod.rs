//! Dialog forms of the board: new / edit deal, filters, sort, confirmation.
//!
//! Each form is self-contained: its state, `handle_key(KeyEvent) -> FormOutcome`, and a pure
//! `draw(&self, frame, area)` that reads the state and changes nothing. Forms never do I/O and
//! never read the clock: pipelines, users, contacts, today and the workspace currency are passed
//! in by the caller, and what the user asked for comes back as a [`FormOutcome`] for the caller to
//! turn into API calls. Every rule a form checks is a `model::validate` function, the same the
//! server runs, so a form refuses exactly what the server would.
//!
//! Keys shared by all forms: Tab / Shift+Tab / ↑ / ↓ move between fields, Enter submits (on an
//! open picker it picks), Esc cancels (on an open picker it closes the list).
//!
//! Embedding one (the board keeps the open form in its state and routes keys to it first):
//! ```text
//! // `n` on a column:
//! app.form = Some(DealForm::new_deal(&ctx, &pipeline_id, &stage_id));
//! // a key while it is open:
//! match form.handle_key(key) {
//!     FormOutcome::Continue => {}
//!     FormOutcome::Cancel | FormOutcome::Unchanged => close the form,
//!     FormOutcome::Create(body) => { form.set_pending(true); send Command to create }
//!     FormOutcome::Update { deal_id, patch } => { form.set_pending(true); send the update }
//!     ...
//! }
//! // the server's 422 for it: the form stays open with everything typed
//! form.set_server_error(field.as_deref(), &message);
//! // drawing: `area` is where the dialog is centered, usually `frame.area()`
//! form.draw(frame, frame.area());
//! ```
//! Each form has a `pub theme: FormTheme`; `FormTheme::monochrome()` suits `NO_COLOR`.

pub mod confirm;
pub mod deal_form;
pub mod filter;
pub mod filter_form;
pub mod pick_dialog;
pub mod sort_picker;
pub mod strings;

mod field;
mod keys;
mod picker;
mod render;

pub(crate) use picker::rank_fields;

#[cfg(test)]
mod test_util;

pub use confirm::ConfirmDialog;
pub use deal_form::{DealForm, DealFormContext};
pub use filter::{BoardFilter, OwnerFilter, StatusFilter};
pub use filter_form::{FilterForm, FilterFormContext};
pub use pick_dialog::{Choice, PickDialog};
pub use render::FormTheme;
pub use sort_picker::SortPicker;

use crate::model::{DealPatch, NewDeal, Sort};

/// What a key did to a form, for the caller to act on.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    /// The form took the key and stays open (typing, moving, a refused submit).
    Continue,
    /// Esc: close the form, do nothing.
    Cancel,
    /// The new-deal form: `POST /deals` with this body.
    Create(NewDeal),
    /// The edit form: `PUT /deals/:id` with this patch (only the fields that changed).
    Update { deal_id: String, patch: DealPatch },
    /// The edit form was submitted with nothing changed: close it, send nothing.
    Unchanged,
    /// The filter form: apply this filter (an inactive one when the user cleared it).
    Filter(BoardFilter),
    /// The sort picker: sort every column by this.
    Sort(Sort),
    /// The pick dialog: the id of what was picked.
    Picked(String),
    /// The confirmation dialog: the user said yes.
    Confirm,
}
