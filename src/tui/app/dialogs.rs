//! The App and its dialogs (`tui::dialogs`): what each open dialog reads from the board, keys
//! routed to the open dialog, and the one function turning what the user asked for in a dialog
//! into the App's changes (`changes.rs`).

use crossterm::event::KeyEvent;

use super::App;
use crate::settings::keys::Action;
use crate::tui::dialogs::{Ctx, DealForm, DealFormContext, Details, Dialog, Intent, Loadable, Outcome};
use crate::tui::message::Command;
use crate::tui::strings;
use crate::tui::theme::Theme;

impl App {
    /// What the dialogs read from the board.
    pub fn dialog_ctx(&self) -> Ctx<'_> {
        Ctx {
            theme: Theme::of(self.settings.palette, self.settings.color, self.settings.ascii),
            size: (self.ui.width, self.ui.height),
            keymap: &self.keymap,
            pipelines: &self.board.pipelines,
            owners: &self.data.users,
            time_zone: &self.settings.time_zone,
        }
    }

    /// A key for the open dialog: it stays, closes, or asks for something.
    pub(super) fn dialog_key(&mut self, mut dialog: Dialog, key: KeyEvent) -> Vec<Command> {
        match dialog.key(&key, &self.dialog_ctx()) {
            Outcome::Stay => {
                self.popup = Some(dialog);
                self.contacts_for_form()
            }
            Outcome::Close => Vec::new(),
            Outcome::Submit(intent) => self.on_intent(dialog, intent),
        }
    }

    /// Carries out what the user asked for in `dialog`, which is kept with the change to reopen
    /// if the server refuses it.
    fn on_intent(&mut self, dialog: Dialog, intent: Intent) -> Vec<Command> {
        match intent {
            Intent::Quit => {
                self.ui.quit = true;
                Vec::new()
            }
            Intent::Move { target, stage_id, note } => {
                self.submit_stage_picker(&target, &stage_id, note, dialog)
            }
            Intent::Won { target, reason } => self.submit_won(&target, reason, dialog),
            Intent::Lost { target, reason, competitor } => {
                self.submit_lost(&target, reason, competitor, dialog)
            }
            Intent::Value { deal_id, value } => self.submit_value(&deal_id, value, dialog),
            Intent::Create(body) => match dialog {
                Dialog::DealForm(form) => self.submit_create(form, body),
                _ => Vec::new(),
            },
            Intent::Update { deal_id, patch } => match dialog {
                Dialog::DealForm(form) => self.submit_edit(form, &deal_id, patch),
                _ => Vec::new(),
            },
            Intent::Unchanged => {
                self.status.info(strings::NOTHING_CHANGED);
                Vec::new()
            }
            Intent::Filter(filter) => self.apply_filter(filter),
            Intent::Sort(sort) => self.apply_sort(sort),
            Intent::Pipeline(id) => self.switch_pipeline(&id),
            Intent::Owner(id) => self.set_owner(&id),
            Intent::Delete(target) => self.delete(&target),
            Intent::Action(action) => match dialog {
                Dialog::Details(details) => self.action_from_details(details, action),
                _ => Vec::new(),
            },
            Intent::Me(id) => self.set_me(id),
            Intent::SaveFilter { name, filter } => self.save_filter(name, filter),
            Intent::SavedFilter(id) => self.apply_saved(&id),
            Intent::DeleteSavedFilter(id) => {
                self.delete_saved(&id);
                Vec::new()
            }
        }
    }

    /// A deal's action asked for inside the details: run as its key on the board, with the
    /// details' deal selected. A dialog it opens (value, won, edit, ...) replaces the details;
    /// a change made at once (a move, a reopen) leaves them open on the deal's new copy.
    fn action_from_details(&mut self, mut details: Box<Details>, action: Action) -> Vec<Command> {
        let id = details.deal.id.clone();
        let Some((c, i)) = self.board.find(&id) else {
            self.status.info(strings::NO_DEAL_SELECTED);
            self.popup = Some(Dialog::Details(details));
            return Vec::new();
        };
        self.board.select(c, i);
        let Some(key) = self.keymap.keys_for(action).first().map(|k| KeyEvent::new(k.code, k.mods)) else {
            self.popup = Some(Dialog::Details(details));
            return Vec::new();
        };
        let cmds = self.on_key(key);
        if self.popup.is_none() {
            if let Some(deal) = self.board.deal(&id) {
                details.deal = deal.clone();
                if let Loadable::Ready(detail) = &mut details.detail {
                    detail.deal = deal.clone();
                }
            }
            self.popup = Some(Dialog::Details(details));
        }
        cmds
    }

    /// Shows a deal form, loading the contacts for its picker the first time one opens.
    pub(super) fn open_deal_form(&mut self, form: Box<DealForm>) -> Vec<Command> {
        self.popup = Some(Dialog::DealForm(form));
        self.load_contacts("")
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
}
