//! What the App does with a form's answer (`tui::forms`): create, update, filter, sort, pick a
//! pipeline, confirm a delete. Also the context the forms open with, and where a deal form goes
//! when its save fails.

use super::App;
use super::popup::Popup;
use crate::tui::api::ClientError;
use crate::tui::command::Command;
use crate::tui::forms::{DealFormContext, FormOutcome, FormTheme};
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
                Popup::ConfirmDelete(c) if c.deal_id == super::bulk::MARKED => self.bulk_delete(),
                Popup::ConfirmDelete(c) => self.delete(&c.deal_id),
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
    pub(super) fn offer_draft(&mut self, mut draft: Popup, e: &ClientError) {
        draft.set_failure(e);
        let fixable = matches!(e, ClientError::Validation { .. } | ClientError::StageNotInPipeline { .. });
        match draft {
            Popup::DealForm(form) if !fixable || self.popup.is_some() => {
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
