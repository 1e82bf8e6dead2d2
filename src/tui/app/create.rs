//! `n`: a new deal. The form opens in the selected column's stage; on Create the card appears at
//! the top of its column at once, selected, with the pending mark, under a stand-in id until the
//! server answers with the real deal. A refused create takes the card away and keeps the form.

use std::collections::HashMap;

use super::undo::{Inverse, UndoEntry};
use super::{App, Request};
use crate::model::{Deal, DealStatus, NewDeal};
use crate::sanitize::sanitize;
use crate::tui::api::ClientError;
use crate::tui::command::{Command, OpId};
use crate::tui::dialogs::{DealForm, Dialog};
use crate::tui::strings;

/// A create in flight: the stand-in card's id, and the form, kept for a retry.
#[derive(Debug, Clone)]
struct Creating {
    temp_id: String,
    title: String,
    form: Box<DealForm>,
}

#[derive(Debug, Clone, Default)]
pub struct Creates {
    by_op: HashMap<OpId, Creating>,
}

impl Creates {
    /// Whether `deal_id` is a stand-in card of a create in flight.
    pub fn has(&self, deal_id: &str) -> bool {
        self.by_op.values().any(|c| c.temp_id == deal_id)
    }

    pub fn count(&self) -> usize {
        self.by_op.len()
    }
}

/// The stand-in id of the card of create `op`. Never a server id: those start with `deal_`.
fn temp_id(op: OpId) -> String {
    format!("new:{}", op.0)
}

impl App {
    pub(super) fn open_new_deal(&mut self) -> Vec<Command> {
        // A form whose save failed comes back with everything typed.
        if let Some(form) = self.retry_form.take_if(|f| f.deal_id().is_none()) {
            return self.open_deal_form(form);
        }
        let (Some(pipeline), Some(col)) = (self.board.pipeline(), self.board.selected_column()) else {
            self.status.info(strings::NO_PIPELINE_YET);
            return Vec::new();
        };
        let (pid, sid) = (pipeline.id.clone(), col.stage.id.clone());
        let form = self.with_form_context(|ctx| DealForm::new_deal(ctx, &pid, &sid));
        self.open_deal_form(Box::new(form))
    }

    /// Shows a deal form, loading the contacts for its picker the first time one opens.
    pub(super) fn open_deal_form(&mut self, form: Box<DealForm>) -> Vec<Command> {
        self.popup = Some(Dialog::DealForm(form));
        self.load_contacts("")
    }

    pub(super) fn submit_create(&mut self, mut form: Box<DealForm>, body: NewDeal) -> Vec<Command> {
        let op = self.alloc_op();
        let title = sanitize(&body.title);
        let card = self.stand_in(temp_id(op), &body);
        if let Some((c, i)) = self.board.put(card, 0) {
            self.board.select(c, i);
            self.keep_selection_in_view();
        }
        self.status.info(strings::creating(&title));
        form.set_pending(true);
        self.creates.by_op.insert(op, Creating { temp_id: temp_id(op), title, form });
        self.requests.insert(op, Request::Create);
        vec![Command::CreateDeal { op, deal: body }]
    }

    /// The card shown until the server answers: the form's fields, the stage's name.
    fn stand_in(&self, id: String, body: &NewDeal) -> Deal {
        let stage = body.stage_id.as_deref().and_then(|s| self.board.column_of_stage(s));
        let stage = stage.map(|c| &self.board.columns[c].stage);
        Deal {
            id,
            title: body.title.clone(),
            pipeline_id: body.pipeline_id.clone(),
            stage_id: body.stage_id.clone().unwrap_or_default(),
            stage_name: stage.map(|s| s.name.clone()),
            value: body.value,
            currency: body.currency.clone(),
            probability: body.probability.or(stage.map(|s| s.probability)),
            owner_id: body.owner_id.clone(),
            contact_id: body.contact_id.clone(),
            expected_close_date: body.expected_close_date,
            status: DealStatus::Open,
            custom_fields: body.custom_fields.clone().unwrap_or_default(),
            tags: body.tags.clone().unwrap_or_default(),
            won_reason: None,
            lost_reason: None,
            competitor: None,
            closed_at: None,
            created_at: self.now,
            updated_at: self.now,
        }
    }

    /// The server's answer to a create: the real deal takes the stand-in's place (and its
    /// selection), or the stand-in goes and the form waits for a retry.
    pub(super) fn on_created(&mut self, op: OpId, result: Result<Deal, ClientError>) -> Vec<Command> {
        let Some(creating) = self.creates.by_op.remove(&op) else { return Vec::new() };
        let selected = self.board.selected_deal().is_some_and(|d| d.id == creating.temp_id);
        let index = self.board.take(&creating.temp_id).map_or(0, |(_, i, _)| i);
        if let Ok(deal) = &result {
            // Undo deletes it again.
            let entry = UndoEntry { deal: deal.clone(), inverse: Inverse::Delete, group: None };
            self.undo.push(entry);
            self.touched(&deal.id);
        }
        match result {
            Ok(deal) if !self.view.shows(&deal) => self.status.info(strings::created_hidden(&creating.title)),
            Ok(deal) => {
                self.status.info(strings::created(&creating.title));
                // A refresh's page may have brought it already: one card, in the stand-in's place.
                self.board.take(&deal.id);
                if let Some((c, i)) = self.board.put(deal, index)
                    && selected
                {
                    self.board.select(c, i);
                }
            }
            Err(e) => {
                self.status.error(strings::create_failed(&creating.title, &e));
                self.offer_draft(Dialog::DealForm(creating.form), &e);
            }
        }
        self.keep_selection_in_view();
        Vec::new()
    }
}
