//! Contacts for the deal form's picker and for the search (`GET /contacts?q=`, a local-server
//! extension). Every contact is asked for once, when first needed; while the picker's list is
//! open the server is also asked for what is typed, since it answers a bounded list. A server
//! without `/contacts` leaves the form with a typed contact id.

use super::{App, Request};
use crate::model::Contact;
use crate::tui::api::ClientError;
use crate::tui::command::Command;
use crate::tui::dialogs::Dialog;

impl App {
    /// Asks for the contacts matching `query`: every contact once, a search when it differs from
    /// the last one (answers to older searches are dropped on arrival).
    pub(super) fn load_contacts(&mut self, query: &str) -> Vec<Command> {
        if self.contacts_asked.iter().any(|q| q == query) {
            return Vec::new();
        }
        self.contacts_asked.retain(String::is_empty);
        self.contacts_asked.push(query.to_string());
        let q = query.to_string();
        vec![
            self.issue(Request::Contacts { query: q.clone() }, |op| Command::SearchContacts { op, query: q }),
        ]
    }

    /// After a key in a deal form: a new search in its contact picker goes to the server too.
    pub(super) fn contacts_for_form(&mut self) -> Vec<Command> {
        let query = match &self.popup {
            Some(Dialog::DealForm(f)) if self.contacts.is_some() => f.contact_query().map(str::to_string),
            _ => None,
        };
        match query {
            Some(q) if !q.trim().is_empty() => self.load_contacts(q.trim()),
            _ => Vec::new(),
        }
    }

    pub(super) fn on_contacts(&mut self, query: &str, result: Result<Option<Vec<Contact>>, ClientError>) {
        let contacts = match result {
            Ok(Some(c)) => c,
            // No `/contacts`: the form keeps its typed-id field.
            Ok(None) => return,
            Err(e) => {
                // Asking again later may work; the form works with a typed id meanwhile.
                self.contacts_asked.retain(|q| q != query);
                tracing::warn!(error = %e, "contacts not loaded");
                return;
            }
        };
        if let Some(Dialog::DealForm(f)) = &mut self.popup {
            let open_query = f.contact_query().map(str::trim);
            if query.is_empty() || open_query == Some(query) {
                f.set_contacts(&contacts);
            }
        }
        if query.is_empty() {
            self.contacts = Some(contacts);
        }
    }
}
