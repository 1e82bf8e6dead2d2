//! The App and its dialogs (`tui::dialogs`): what each open dialog reads from the board, keys
//! routed to the open dialog, the one function turning what the user asked for in a dialog into
//! the App's changes, and where a dialog goes when its change fails.

use crossterm::event::KeyEvent;

use super::App;
use crate::tui::api::ClientError;
use crate::tui::command::Command;
use crate::tui::dialogs::{Ctx, DealFormContext, Dialog, Intent, Outcome, Target};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl App {
    /// What the dialogs read from the board.
    pub fn dialog_ctx(&self) -> Ctx<'_> {
        Ctx {
            theme: Theme::of(self.settings.palette, self.settings.color, self.settings.ascii),
            size: (self.width, self.height),
            keymap: &self.keymap,
            pipelines: &self.board.pipelines,
            owners: &self.users,
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
                self.quit = true;
                Vec::new()
            }
            Intent::Move { target, stage_id, note } => self.move_to_stage(target, &stage_id, note, dialog),
            Intent::Won { target: Target::Marked, reason } => self.bulk_won(reason),
            Intent::Won { target: Target::Deal(id), reason } => self.mark_won(&id, reason, dialog),
            Intent::Lost { target: Target::Marked, reason, competitor } => self.bulk_lost(reason, competitor),
            Intent::Lost { target: Target::Deal(id), reason, competitor } => {
                self.mark_lost(&id, reason, competitor, dialog)
            }
            Intent::Value { deal_id, value } => self.set_value(&deal_id, value, dialog),
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
            Intent::Delete(Target::Marked) => self.bulk_delete(),
            Intent::Delete(Target::Deal(id)) => self.delete(&id),
        }
    }

    /// What a deal form needs from the board. The workspace currency is not served by the API:
    /// the board's usual one stands in for it.
    pub(super) fn with_form_context<T>(&self, f: impl FnOnce(&DealFormContext) -> T) -> T {
        let currency = self.board.usual_currency();
        let ctx = DealFormContext {
            pipelines: &self.board.pipelines,
            users: self.user_list.as_deref(),
            contacts: self.contacts.as_deref(),
            today: self.today(),
            currency,
        };
        f(&ctx)
    }

    /// A dialog whose change the server refused. A deal form with a 422 (a field to fix) opens
    /// again at once with the message on that field; other failures (server down, offline) keep
    /// the form for `n` / `e` to reopen, the status line saying why. The board's own dialogs
    /// reopen with the message when nothing else is open.
    pub(super) fn offer_draft(&mut self, mut draft: Dialog, e: &ClientError) {
        draft.failed(e);
        let fixable = matches!(e, ClientError::Validation { .. } | ClientError::StageNotInPipeline { .. });
        match draft {
            Dialog::DealForm(form) if !fixable || self.popup.is_some() => {
                let hint = if form.deal_id().is_none() { strings::RETRY_NEW } else { strings::RETRY_EDIT };
                if let Some((_, message)) = &mut self.status.message {
                    // Right after `“title” not created`, before the reason: a reason such as
                    // `Cannot reach https://…` is long, and the status line cuts at the end.
                    let at = ["” not created: ", "” not saved: "]
                        .iter()
                        .find_map(|m| message.find(m).map(|i| i + m.len() - 2));
                    match at {
                        Some(at) => message.insert_str(at, hint),
                        None => message.push_str(hint),
                    }
                }
                self.retry_form = Some(form);
            }
            draft if self.popup.is_none() => self.popup = Some(draft),
            _ => {}
        }
    }
}
