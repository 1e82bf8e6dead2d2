//! `e`: the deal form, prefilled. Only changed fields are sent; the card shows them at once. A
//! new pipeline moves the deal off this board (the API moves across pipelines only through
//! `pipeline_id` with a `stage_id` of the new pipeline). A refused edit puts the server's copy
//! back and keeps the form.

use super::App;
use super::pending::ChangeKind;
use super::undo::{Inverse, inverse_patch};
use crate::model::{Deal, DealPatch, Field, Pipeline};
use crate::sanitize::sanitize;
use crate::tui::command::Command;
use crate::tui::dialogs::{DealForm, Dialog};
use crate::tui::strings;

impl App {
    pub(super) fn open_edit(&mut self) -> Vec<Command> {
        let Some(deal) = self.selected_or_say() else { return Vec::new() };
        // The form of a failed save of this deal comes back with everything typed.
        if let Some(form) = self.retry_form.take_if(|f| f.deal_id() == Some(deal.id.as_str())) {
            return self.open_deal_form(form);
        }
        let form = self.with_form_context(|ctx| DealForm::edit(ctx, &deal));
        self.open_deal_form(Box::new(form))
    }

    pub(super) fn submit_edit(
        &mut self,
        form: Box<DealForm>,
        deal_id: &str,
        patch: DealPatch,
    ) -> Vec<Command> {
        // The board's copy, unless a refresh took it off meanwhile: then the one the form opened.
        let Some(before) = self.board.deal(deal_id).or(form.original()).cloned() else { return Vec::new() };
        let mut after = apply_patch(&before, &patch, &self.board.pipelines);
        after.updated_at = self.now;
        let title = sanitize(&after.title);
        let moved_to = (after.pipeline_id != before.pipeline_id)
            .then(|| self.board.pipelines.iter().find(|p| p.id == after.pipeline_id))
            .flatten();
        match moved_to {
            Some(p) => self.status.info(strings::moved_to_pipeline(&title, &sanitize(&p.name))),
            None => self.status.info(strings::saved(&title)),
        }
        // Undo puts back exactly the fields this edit changes, as they were before it.
        let (inverse, fields) = inverse_patch(&before, &patch);
        let undo = Inverse::Patch { patch: Box::new(inverse), fields };
        let command = Command::UpdateDeal { op: super::actions::UNSENT, deal_id: before.id.clone(), patch };
        self.change(before, after, ChangeKind::Edit, command, Some(undo), Some(Dialog::DealForm(form)))
    }
}

/// The deal as it will be once the server applies `patch`: what the card shows meanwhile.
pub fn apply_patch(deal: &Deal, patch: &DealPatch, pipelines: &[Pipeline]) -> Deal {
    let mut d = deal.clone();
    if let Field::Set(t) = &patch.title {
        d.title = t.clone();
    }
    if let Field::Set(p) = &patch.pipeline_id {
        d.pipeline_id = p.clone();
    }
    if let Field::Set(s) = &patch.stage_id {
        d.stage_id = s.clone();
        let stage = pipelines.iter().flat_map(|p| &p.stages).find(|st| st.id == *s);
        d.stage_name = stage.map(|st| st.name.clone());
        // A stage change sets the stage's probability unless the patch sets its own.
        if let Some(st) = stage {
            d.probability = Some(st.probability);
        }
    }
    set(&mut d.value, &patch.value);
    set(&mut d.currency, &patch.currency);
    set(&mut d.contact_id, &patch.contact_id);
    set(&mut d.owner_id, &patch.owner_id);
    set(&mut d.expected_close_date, &patch.expected_close_date);
    set(&mut d.probability, &patch.probability);
    match &patch.custom_fields {
        Field::Set(c) => d.custom_fields = c.clone(),
        Field::Clear => d.custom_fields.clear(),
        Field::Unchanged => {}
    }
    match &patch.tags {
        Field::Set(t) => d.tags = t.clone(),
        Field::Clear => d.tags.clear(),
        Field::Unchanged => {}
    }
    d
}

fn set<T: Clone>(slot: &mut Option<T>, field: &Field<T>) {
    match field {
        Field::Set(v) => *slot = Some(v.clone()),
        Field::Clear => *slot = None,
        Field::Unchanged => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::test_support::{deals, pipelines};

    #[test]
    fn a_patch_changes_only_its_fields_and_a_new_stage_brings_its_name_and_probability() {
        let before = deals()[0].clone();
        let patch = DealPatch {
            title: Field::Set("Renamed".into()),
            pipeline_id: Field::Set("pipe_002".into()),
            stage_id: Field::Set("stage_102".into()),
            owner_id: Field::Clear,
            tags: Field::Set(vec!["q3".into()]),
            ..DealPatch::default()
        };
        let after = apply_patch(&before, &patch, &pipelines());
        assert_eq!((after.title.as_str(), after.pipeline_id.as_str()), ("Renamed", "pipe_002"));
        assert_eq!((after.stage_name.as_deref(), after.probability), (Some("Pilot"), Some(60)));
        assert_eq!((after.owner_id, after.tags), (None, vec!["q3".to_string()]));
        assert_eq!((after.value, after.currency), (before.value, before.currency));
    }
}
