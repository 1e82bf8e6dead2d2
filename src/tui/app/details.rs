//! `Enter`: the details view, loaded on demand.

use super::{App, Request};
use crate::model::{Activity, DealDetail};
use crate::tui::api::ClientError;
use crate::tui::command::{Command, OpId};
use crate::tui::dialogs::{Details, Dialog, Loadable};

impl App {
    pub(super) fn open_details(&mut self) -> Vec<Command> {
        // Also refuses a new deal the server has not answered for: it has no id to load yet.
        let Some(deal) = self.selected_or_say() else { return Vec::new() };
        let id = deal.id.clone();
        let get = self.issue(Request::Detail, |op| Command::GetDeal { op, deal_id: id.clone() });
        let acts = self.issue(Request::Activities, |op| Command::LoadActivities { op, deal_id: id });
        self.popup = Some(Dialog::Details(Box::new(Details::new(deal, get.op(), acts.op()))));
        vec![get, acts]
    }

    /// The open details view, if it is the one that asked for `op`.
    fn details_for(&mut self, op: OpId) -> Option<&mut Details> {
        match &mut self.popup {
            Some(Dialog::Details(d)) if d.detail_op == op || d.activities_op == op => Some(d),
            _ => None,
        }
    }

    pub(super) fn on_detail(&mut self, op: OpId, result: Result<DealDetail, ClientError>) {
        if let Some(d) = self.details_for(op) {
            d.detail = loadable(result);
        }
    }

    pub(super) fn on_activities(&mut self, op: OpId, result: Result<Vec<Activity>, ClientError>) {
        if let Some(d) = self.details_for(op) {
            d.activities = loadable(result);
        }
    }
}

fn loadable<T>(result: Result<T, ClientError>) -> Loadable<T> {
    match result {
        Ok(v) => Loadable::Ready(v),
        Err(e) => Loadable::Failed(e.to_string()),
    }
}
