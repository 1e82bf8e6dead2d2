//! `e`: the deal form, prefilled. Only changed fields are sent; the card shows them at once. A
//! new pipeline moves the deal off this board (the API moves across pipelines only through
//! `pipeline_id` with a `stage_id` of the new pipeline). A refused edit puts the server's copy
//! back and keeps the form.

use super::App;
use super::pending::ChangeKind;
use super::popup::Popup;
use super::undo::{Inverse, inverse_patch};
use crate::model::{Deal, DealPatch, Pipeline, RuleCtx};
use crate::sanitize::sanitize;
use crate::tui::command::Command;
use crate::tui::forms::DealForm;
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
        self.change(before, after, ChangeKind::Edit, command, Some(undo), Some(Popup::DealForm(form)))
    }
}

/// The deal as it will be once the server applies `patch`: what the card shows meanwhile. The
/// model's rule decides it, as it decides the server's answer; a patch the rule refuses leaves
/// the deal as it is (the server refuses it too, and its answer puts the card back). The caller
/// sets `updated_at`; the rule is given the deal's own.
pub fn apply_patch(deal: &Deal, patch: &DealPatch, pipelines: &[Pipeline]) -> Deal {
    deal.apply(patch, &RuleCtx::new(pipelines, deal.updated_at)).unwrap_or_else(|_| deal.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
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
        assert_eq!((after.owner_id, after.tags), (None, vec!["q3".into()]));
        assert_eq!((after.value, after.currency), (before.value, before.currency));
    }
}
