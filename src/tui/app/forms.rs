//! What the App does with a form's answer (`tui::forms`): create, update, filter, sort, pick a
//! pipeline, confirm a delete. Also the context the forms open with.

use super::App;
use super::popup::Popup;
use crate::tui::forms::{DealForm, DealFormContext, FormOutcome, FormTheme};
use crate::tui::message::Command;
use crate::tui::strings;

impl App {
    pub(super) fn on_form_outcome(&mut self, popup: Popup, outcome: FormOutcome) -> Vec<Command> {
        match outcome {
            FormOutcome::Continue => {
                self.popup = Some(popup);
                self.contacts_for_form()
            }
            FormOutcome::Cancel => Vec::new(),
            FormOutcome::Unchanged => {
                self.status.info(strings::NOTHING_CHANGED);
                Vec::new()
            }
            FormOutcome::Create(body) => match popup {
                Popup::DealForm(form) => self.submit_create(form, body),
                _ => Vec::new(),
            },
            FormOutcome::Update { deal_id, patch } => match popup {
                Popup::DealForm(form) => self.submit_edit(form, &deal_id, patch),
                _ => Vec::new(),
            },
            FormOutcome::Filter(filter) => self.apply_filter(filter),
            FormOutcome::Sort(sort) => self.apply_sort(sort),
            FormOutcome::Picked(id) => match popup {
                Popup::Owner(_) => self.set_owner(&id),
                _ => self.switch_pipeline(&id),
            },
            FormOutcome::Confirm => match popup {
                Popup::ConfirmDelete(c) => self.delete(&c.target),
                _ => Vec::new(),
            },
        }
    }

    /// The forms' styles, from the board's theme (palette, `NO_COLOR`, ASCII borders).
    pub(super) fn form_theme(&self) -> FormTheme {
        let s = &self.settings;
        crate::tui::theme::Theme::of(s.palette, s.color, s.ascii).form_theme()
    }

    /// What a deal form needs from the board. The workspace currency is not served by the API:
    /// the board's usual one stands in for it.
    pub(super) fn with_form_context<T>(&self, f: impl FnOnce(&DealFormContext) -> T) -> T {
        let currency = self.board.usual_currency();
        let ctx = DealFormContext {
            pipelines: &self.board.pipelines,
            users: self.data.user_list.as_deref(),
            contacts: self.data.contacts.as_deref(),
            today: self.today(),
            currency,
        };
        f(&ctx)
    }

    /// Shows a deal form, loading the contacts for its picker the first time one opens.
    pub(super) fn open_deal_form(&mut self, mut form: Box<DealForm>) -> Vec<Command> {
        form.theme = self.form_theme();
        self.popup = Some(Popup::DealForm(form));
        self.load_contacts("")
    }
}
