//! Every dialog over the board, each a component in one file (a folder for the deal form and the
//! filter form): its state, the keys it reads, its drawing and the keys line it shows.
//!
//! A dialog never does I/O and never reads the clock or the App: what it needs comes in at open
//! time or through [`Ctx`], and what the user asked for goes back as an [`Intent`] in
//! [`Outcome::Submit`], which the App turns into changes in one place. Drawing only reads.
//!
//! Adding a dialog: its file here with a type implementing [`Component`], a `mod` line, and one
//! line in the `dialogs!` list below.

/// A form as a [`Component`]: forms read keys by value and draw centred in any area with the
/// forms' styles (so their own tests draw them at any size, in any look).
macro_rules! form_component {
    ($form:ty) => {
        impl $crate::tui::dialogs::Component for $form {
            fn key(&mut self, key: &KeyEvent, _: &$crate::tui::dialogs::Ctx) -> Outcome {
                self.handle_key(*key)
            }

            fn draw(&self, frame: &mut Frame, ctx: &$crate::tui::dialogs::Ctx) {
                self.draw_in(frame, frame.area(), &ctx.theme.form_theme())
            }
        }
    };
}

mod confirm;
mod confirm_quit;
pub mod deal_form;
mod details;
pub mod filter_form;
mod frame;
mod help;
mod keys;
mod lost;
mod pick_dialog;
mod picker;
mod render;
mod saved_filters;
mod sort_picker;
mod stage_picker;
mod text_field;
mod value;
mod won;

#[cfg(test)]
mod test_util;
#[cfg(test)]
mod tests;

pub use confirm::ConfirmDialog;
pub use confirm_quit::ConfirmQuit;
pub use deal_form::{DealForm, DealFormContext};
pub use details::{Details, Loadable, Section};
pub use filter_form::filter::{BoardFilter, OwnerFilter, StatusFilter};
pub use filter_form::{FilterForm, FilterFormContext};
pub use help::Help;
pub use lost::{LostDialog, LostField};
pub use pick_dialog::PickDialog;
pub(crate) use picker::rank_fields;
pub use render::FormTheme;
pub use saved_filters::{SavedFilterItem, SavedFiltersDialog};
pub use sort_picker::SortPicker;
pub use stage_picker::StagePicker;
pub use text_field::TextField;
pub use value::ValueDialog;
pub use won::WonDialog;

use std::collections::HashMap;

use crossterm::event::KeyEvent;
use jiff::tz::TimeZone;
use ratatui::Frame;

use crate::model::{DealPatch, NewDeal, Pipeline, Sort};
use crate::settings::keys::{Action, Keymap};
use crate::tui::api::ClientError;
use crate::tui::theme::Theme;

/// What a key did to a dialog. Returned once per key and acted on at once, never stored: its
/// size does not matter.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// The dialog took the key and stays open (typing, moving, a refused submit).
    Stay,
    /// Esc: close, do nothing.
    Close,
    /// Close and do what the user asked for.
    Submit(Intent),
}

/// The deals a dialog acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The deal selected when the dialog opened.
    Deal(String),
    /// The marked deals.
    Marked,
}

/// What the user asked for, for the App to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// Quit although changes are still on their way.
    Quit,
    /// Move to a stage of the pipeline shown, with an optional note.
    Move {
        target: Target,
        stage_id: String,
        note: Option<String>,
    },
    Won {
        target: Target,
        reason: Option<String>,
    },
    Lost {
        target: Target,
        reason: Option<String>,
        competitor: Option<String>,
    },
    Value {
        deal_id: String,
        value: f64,
    },
    /// The new-deal form: `POST /deals` with this body.
    Create(NewDeal),
    /// The edit form: `PUT /deals/:id` with this patch (only the fields that changed).
    Update {
        deal_id: String,
        patch: DealPatch,
    },
    /// The edit form was submitted with nothing changed: close it, send nothing.
    Unchanged,
    /// Apply this filter (an inactive one when the user cleared it).
    Filter(BoardFilter),
    /// Sort every column by this.
    Sort(Sort),
    /// Show this pipeline.
    Pipeline(String),
    /// This owner for the marked deals, or the selected one without marks.
    Owner(String),
    Delete(Target),
    /// A deal's action from the key table, asked for inside the details: the App runs it as if
    /// its key had been pressed on the board with the details' deal selected.
    Action(Action),
    /// This user is "me" (the picker of `M` or `I`).
    Me(String),
    /// Apply this filter and keep it, with the board's sort, under this name.
    SaveFilter {
        name: String,
        filter: BoardFilter,
    },
    /// Apply the saved or built-in filter with this picker id (see `SavedFiltersDialog`).
    SavedFilter(String),
    /// Delete the saved filter with this picker id.
    DeleteSavedFilter(String),
}

/// What dialogs read from the board while reading keys and drawing.
pub struct Ctx<'a> {
    pub theme: Theme,
    /// The screen, in cells.
    pub size: (u16, u16),
    pub keymap: &'a Keymap,
    pub pipelines: &'a [Pipeline],
    /// Owner names by id.
    pub owners: &'a HashMap<String, String>,
    pub time_zone: &'a TimeZone,
}

impl Ctx<'_> {
    /// The owner's name, or the raw id when the server has no `/users` or does not know it.
    pub fn owner_name<'b>(&'b self, owner_id: &'b str) -> &'b str {
        self.owners.get(owner_id).map_or(owner_id, String::as_str)
    }
}

/// One dialog: its keys and its drawing.
pub trait Component {
    /// A key while the dialog is open.
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Outcome;
    /// Draws the dialog over the board; reads, changes nothing.
    fn draw(&self, frame: &mut Frame, ctx: &Ctx);
    /// A change submitted from this dialog was refused: it says why when it reopens.
    fn failed(&mut self, _error: &ClientError) {}
    /// The screen changed size: scrolling stays within what is left to show.
    fn fit(&mut self, _ctx: &Ctx) {}
}

/// The open dialog's enum and its dispatch to [`Component`], from one list.
macro_rules! dialogs {
    ($($(#[$doc:meta])* $variant:ident($ty:ty),)*) => {
        /// The dialog open over the board.
        #[derive(Debug, Clone)]
        pub enum Dialog {
            $($(#[$doc])* $variant(Box<$ty>),)*
        }

        /// Whichever it is, the open dialog is a [`Component`]: `dialog.key(..)`, `dialog.draw(..)`.
        impl std::ops::Deref for Dialog {
            type Target = dyn Component;

            fn deref(&self) -> &Self::Target {
                match self {
                    $(Dialog::$variant(d) => &**d,)*
                }
            }
        }

        impl std::ops::DerefMut for Dialog {
            fn deref_mut(&mut self) -> &mut Self::Target {
                match self {
                    $(Dialog::$variant(d) => &mut **d,)*
                }
            }
        }
    };
}

dialogs! {
    Help(Help),
    Details(Details),
    StagePicker(StagePicker),
    Won(WonDialog),
    Lost(LostDialog),
    Value(ValueDialog),
    ConfirmQuit(ConfirmQuit),
    DealForm(DealForm),
    Filter(FilterForm),
    Sort(SortPicker),
    ConfirmDelete(ConfirmDialog),
    Pipelines(PickDialog),
    /// `O`: a new owner for the selected or the marked deals.
    Owner(PickDialog),
    /// `M` or `I` without `me`: who "me" is.
    Me(PickDialog),
    /// `S`: the saved filters and the built-in ones.
    SavedFilters(SavedFiltersDialog),
}
