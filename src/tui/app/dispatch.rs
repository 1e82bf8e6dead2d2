//! Where each event goes: keys to the open dialog or the keymap, worker answers to the handler
//! of the request they answer.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Request};
use crate::settings::keys::Action;
use crate::tui::command::Command;
use crate::tui::dialogs::{ConfirmQuit, Dialog};
use crate::tui::event::ApiEvent;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        // Raw mode turns Ctrl+C into a key, so it must work from anywhere, dialogs included:
        // it asks (or quits) as `q` does, and a second Ctrl+C at the question quits.
        if is_interrupt(&key) {
            if matches!(self.popup, Some(Dialog::ConfirmQuit(_))) {
                self.quit = true;
            } else {
                self.popup = None;
                self.ask_quit();
            }
            return Vec::new();
        }
        if let Some(dialog) = self.popup.take() {
            return self.dialog_key(dialog, key);
        }
        if self.search.as_ref().is_some_and(|s| s.editing) {
            return self.on_search_key(key);
        }
        let Some(action) = self.keymap.action(&key) else { return Vec::new() };
        // A key answers the message it follows; the action may set a new one.
        self.status.clear();
        self.on_action(action)
    }

    fn on_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::ColumnLeft => self.select_column(-1),
            Action::ColumnRight => self.select_column(1),
            Action::Up => self.select_card(|_, i, _| i.saturating_sub(1)),
            Action::Down => self.select_card(|_, i, _| i + 1),
            Action::Top => self.select_card(|_, _, _| 0),
            Action::Bottom => self.select_card(|n, _, _| n.saturating_sub(1)),
            Action::PageUp => self.select_card(|_, i, page| i.saturating_sub(page)),
            Action::PageDown => self.select_card(|_, i, page| i + page),
            Action::MoveBack => return self.move_by(-1),
            Action::MoveForward => return self.move_by(1),
            Action::MovePicker => self.open_stage_picker(),
            Action::Won => self.open_won(),
            Action::Lost => self.open_lost(),
            Action::EditValue => self.open_value(),
            Action::Details => return self.open_details(),
            // Esc peels one thing at a time: the search, then the marks.
            Action::Close => {
                if self.search.is_some() {
                    self.clear_search();
                } else {
                    self.clear_marks();
                }
            }
            Action::NewDeal => return self.open_new_deal(),
            Action::EditDeal => return self.open_edit(),
            Action::DeleteDeal => self.open_delete(),
            Action::Reopen => return self.reopen(),
            Action::Search => return self.open_search(),
            Action::Filter => self.open_filter(),
            Action::ClearFilter => return self.clear_filter(),
            Action::Sort => self.open_sort(),
            Action::NextPipeline => return self.next_pipeline(),
            Action::PickPipeline => self.open_pipeline_picker(),
            Action::Refresh => return self.refresh(),
            Action::Undo => return self.undo_last(),
            Action::Mark => self.toggle_mark(),
            Action::ChangeOwner => self.open_owner_picker(),
            Action::Help => self.popup = Some(Dialog::Help(Box::default())),
            Action::Quit => self.ask_quit(),
        }
        Vec::new()
    }

    /// Details and help scroll no further than their last line at the bottom, so `k` answers
    /// at once however long `j` was held, and after a resize that left less to scroll.
    pub(super) fn clamp_popup_scroll(&mut self) {
        if let Some(mut dialog) = self.popup.take() {
            dialog.fit(&self.dialog_ctx());
            self.popup = Some(dialog);
        }
    }

    fn ask_quit(&mut self) {
        // New deals on their way count too: quitting could lose them just the same.
        let pending = self.pending_count();
        if pending == 0 {
            self.quit = true;
        } else {
            self.popup = Some(Dialog::ConfirmQuit(Box::new(ConfirmQuit { pending })));
        }
    }

    pub(super) fn on_api(&mut self, ev: ApiEvent) -> Vec<Command> {
        let op = ev.op();
        let Some(request) = self.requests.remove(&op) else {
            // Not ours (or answered twice): nothing to do.
            return Vec::new();
        };
        match ev.error() {
            Some(e) if e.is_offline() => self.status.offline = true,
            Some(_) => {}
            None => self.status.offline = false,
        }
        match (request, ev) {
            (Request::Pipelines, ApiEvent::Pipelines { result, .. }) => self.on_pipelines(result),
            (Request::Users, ApiEvent::Users { result, .. }) => {
                self.on_users(result);
                Vec::new()
            }
            (Request::Stages { generation }, ApiEvent::Stages { result, .. }) => {
                self.on_stages(generation, result);
                Vec::new()
            }
            (Request::Page { generation, stage_id }, ApiEvent::DealPage { result, .. }) => {
                self.on_page(generation, &stage_id, result)
            }
            (Request::Detail, ApiEvent::Deal { result, .. }) => {
                self.on_detail(op, result);
                Vec::new()
            }
            (Request::Activities, ApiEvent::Activities { result, .. }) => {
                self.on_activities(op, result);
                Vec::new()
            }
            (Request::Change, ApiEvent::Saved { result, .. }) => self.on_saved(op, result),
            (Request::Change, ApiEvent::Deleted { result, .. }) => self.on_deleted(op, result),
            (Request::Create, ApiEvent::Saved { result, .. }) => self.on_created(op, result),
            (Request::Contacts { query }, ApiEvent::Contacts { result, .. }) => {
                self.on_contacts(&query, result);
                Vec::new()
            }
            (request, ev) => {
                tracing::warn!(?request, op = ?ev.op(), "answer of an unexpected kind; ignored");
                Vec::new()
            }
        }
    }
}

fn is_interrupt(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}
