//! The one rule for every change of a deal: a patch (`PUT /deals/:id`, which also wins, loses and
//! reopens) and a stage move (`PUT /deals/:id/stage`). The server's store applies it to the deal
//! it holds and writes the result; the board applies it to its copy to show a change before the
//! server answers. Both get the same deal, or the same refusal.
//!
//! The rule reads no clock and no database: what it needs comes in a [`RuleCtx`], the pipelines
//! with their stages (the board has them loaded; the store reads them in its transaction) and the
//! time the change happens at. Whether an `owner_id` or `contact_id` names someone who exists is
//! not decided here: the store checks that against its tables.

use jiff::Timestamp;

use super::validate::{self, FieldError};
use super::{ApiError, Deal, DealPatch, DealStatus, ErrorCode, Field, Pipeline, SafeText, Stage, StageMove};

/// What a change needs besides the deal and the request.
#[derive(Debug, Clone, Copy)]
pub struct RuleCtx<'a> {
    /// Every pipeline of the workspace, each with its stages.
    pub pipelines: &'a [Pipeline],
    /// When the change happens: the new `updated_at`, and `closed_at` of a deal that closes.
    pub now: Timestamp,
}

/// Why the rule refuses a change. Each maps to the server's answer (see `From<RuleError> for
/// ApiError`): the caller shows the same message the server would send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// A value the rules refuse: `422 validation_error` naming the field.
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// `pipeline_id` or `stage_id` names nothing in the workspace: `404 not_found` naming it.
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, field: &'static str, id: String },
    /// A stage of another pipeline than the deal's: `422 stage_not_in_pipeline`.
    #[error(
        "stage {stage_id} is not in pipeline {pipeline_id}: cross-pipeline stage moves are not supported, update pipeline_id first"
    )]
    StageNotInPipeline { stage_id: String, pipeline_id: String },
}

impl From<RuleError> for ApiError {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::Invalid(f) => f.into(),
            RuleError::NotFound { field, .. } => ApiError::field(ErrorCode::NotFound, field, e.to_string()),
            RuleError::StageNotInPipeline { .. } => {
                ApiError::field(ErrorCode::StageNotInPipeline, "stage_id", e.to_string())
            }
        }
    }
}

impl<'a> RuleCtx<'a> {
    pub fn new(pipelines: &'a [Pipeline], now: Timestamp) -> Self {
        RuleCtx { pipelines, now }
    }

    /// The pipeline `id`, or `404` naming `pipeline_id`.
    pub fn pipeline(&self, id: &str) -> Result<&'a Pipeline, RuleError> {
        self.pipelines.iter().find(|p| p.id == id).ok_or_else(|| RuleError::NotFound {
            what: "pipeline",
            field: "pipeline_id",
            id: id.to_string(),
        })
    }

    /// The stage `stage_id` of pipeline `pipeline_id`: `404` when no pipeline has it,
    /// `stage_not_in_pipeline` when another one does.
    pub fn stage_in(&self, pipeline_id: &str, stage_id: &str) -> Result<&'a Stage, RuleError> {
        let (pipeline, stage) = self
            .pipelines
            .iter()
            .find_map(|p| p.stages.iter().find(|s| s.id == stage_id).map(|s| (p, s)))
            .ok_or_else(|| RuleError::NotFound { what: "stage", field: "stage_id", id: stage_id.into() })?;
        if pipeline.id != pipeline_id {
            return Err(RuleError::StageNotInPipeline {
                stage_id: stage_id.to_string(),
                pipeline_id: pipeline_id.to_string(),
            });
        }
        Ok(stage)
    }

    /// The stage a deal enters `pipeline` at: the lowest position.
    pub fn first_stage(&self, pipeline: &'a Pipeline) -> Result<&'a Stage, RuleError> {
        pipeline.stages.iter().min_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id))).ok_or_else(|| {
            FieldError::new("pipeline_id", format!("pipeline {} has no stages", pipeline.id)).into()
        })
    }

    /// The stage `stage_id` wherever it is.
    fn find_stage(&self, stage_id: &str) -> Option<&'a Stage> {
        self.pipelines.iter().flat_map(|p| &p.stages).find(|s| s.id == stage_id)
    }
}

impl Deal {
    /// `PUT /deals/:id`: the deal with `patch` applied, or why it is refused.
    ///
    /// - An empty patch changes nothing (not even `updated_at`); any other sets `updated_at` to now.
    /// - Values follow [`validate::patch`]; `title` is trimmed.
    /// - A new `pipeline_id` moves the deal into that pipeline, to `stage_id` if given (it must
    ///   be one of that pipeline's stages) or to its first stage; a `stage_id` alone must be in
    ///   the deal's pipeline. Entering a stage takes its name and probability.
    /// - `probability` given wins over the stage's; `probability: null` returns the deal to its
    ///   (new) stage's probability.
    /// - `won_reason` is taken only when the deal ends up won, `lost_reason` and `competitor` only
    ///   when it ends up lost (status given in the same patch, or already the deal's); `null`
    ///   always clears.
    /// - Won or lost from another status stamps `closed_at`; won keeps only `won_reason`, lost
    ///   only `lost_reason` and `competitor`; open clears all three and `closed_at`.
    pub fn apply(&self, patch: &DealPatch, ctx: &RuleCtx<'_>) -> Result<Deal, RuleError> {
        if patch.is_empty() {
            return Ok(self.clone());
        }
        validate::patch(patch)?;
        let status = patch.status.as_set().copied().unwrap_or(self.status);
        for (key, field, wants) in [
            ("won_reason", &patch.won_reason, DealStatus::Won),
            ("lost_reason", &patch.lost_reason, DealStatus::Lost),
            ("competitor", &patch.competitor, DealStatus::Lost),
        ] {
            if field.as_set().is_some() && status != wants {
                let message = format!("{key} is only for {wants} deals: send it with status {wants}");
                return Err(FieldError::new(key, message).into());
            }
        }

        let mut d = self.clone();
        if let Some((pipeline_id, stage)) = self.patch_target(patch, ctx)? {
            d.enter(pipeline_id, stage);
        }
        if let Field::Set(title) = &patch.title {
            d.title = validate::title(title)?.into();
        }
        set(&mut d.value, &patch.value);
        set(&mut d.currency, &patch.currency);
        set(&mut d.contact_id, &patch.contact_id);
        set(&mut d.owner_id, &patch.owner_id);
        set(&mut d.expected_close_date, &patch.expected_close_date);
        match &patch.probability {
            Field::Unchanged => {}
            Field::Set(p) => d.probability = Some(*p),
            Field::Clear => d.probability = ctx.find_stage(&d.stage_id).map(|s| s.probability),
        }
        match &patch.custom_fields {
            Field::Unchanged => {}
            Field::Clear => d.custom_fields.clear(),
            Field::Set(m) => d.custom_fields = m.clone(),
        }
        match &patch.tags {
            Field::Unchanged => {}
            Field::Clear => d.tags.clear(),
            Field::Set(t) => d.tags = t.iter().map(SafeText::from).collect(),
        }
        set(&mut d.won_reason, &patch.won_reason);
        set(&mut d.lost_reason, &patch.lost_reason);
        set(&mut d.competitor, &patch.competitor);
        match status {
            DealStatus::Won => {
                d.lost_reason = None;
                d.competitor = None;
            }
            DealStatus::Lost => d.won_reason = None,
            DealStatus::Open => {
                d.won_reason = None;
                d.lost_reason = None;
                d.competitor = None;
                d.closed_at = None;
            }
        }
        if status != self.status && status != DealStatus::Open {
            d.closed_at = Some(ctx.now);
        }
        d.status = status;
        d.updated_at = ctx.now;
        Ok(d)
    }

    /// `PUT /deals/:id/stage`: the deal in stage `mv.stage_id` of its own pipeline, with that
    /// stage's probability. Moving to the stage it is in changes nothing (not even `updated_at`).
    /// The note is checked like the server checks it but is not part of the deal.
    pub fn move_stage(&self, mv: &StageMove, ctx: &RuleCtx<'_>) -> Result<Deal, RuleError> {
        validate::id("stage_id", &mv.stage_id)?;
        if let Some(note) = &mv.note {
            validate::text("note", note)?;
        }
        let stage = ctx.stage_in(&self.pipeline_id, &mv.stage_id)?;
        if stage.id == self.stage_id {
            return Ok(self.clone());
        }
        let mut d = self.clone();
        d.enter(&self.pipeline_id, stage);
        d.updated_at = ctx.now;
        Ok(d)
    }

    /// Won, with an optional reason: `apply(&DealPatch::won(reason))`.
    pub fn mark_won(&self, reason: Option<String>, ctx: &RuleCtx<'_>) -> Result<Deal, RuleError> {
        self.apply(&DealPatch::won(reason), ctx)
    }

    /// Lost, with an optional reason and competitor: `apply(&DealPatch::lost(..))`.
    pub fn mark_lost(
        &self,
        reason: Option<String>,
        competitor: Option<String>,
        ctx: &RuleCtx<'_>,
    ) -> Result<Deal, RuleError> {
        self.apply(&DealPatch::lost(reason, competitor), ctx)
    }

    /// Open again, reasons and `closed_at` cleared: `apply(&DealPatch::reopen())`.
    pub fn reopen(&self, ctx: &RuleCtx<'_>) -> Result<Deal, RuleError> {
        self.apply(&DealPatch::reopen(), ctx)
    }

    /// The stage a patch sends the deal to, with its pipeline, when it names a different one.
    fn patch_target<'a>(
        &self,
        patch: &DealPatch,
        ctx: &RuleCtx<'a>,
    ) -> Result<Option<(&'a str, &'a Stage)>, RuleError> {
        let target = match (&patch.pipeline_id, &patch.stage_id) {
            (Field::Set(pipeline), stage) if *pipeline != self.pipeline_id => {
                let p = ctx.pipeline(pipeline)?;
                let stage = match stage {
                    Field::Set(stage) => ctx.stage_in(&p.id, stage)?,
                    _ => ctx.first_stage(p)?,
                };
                Some((p.id.as_str(), stage))
            }
            (_, Field::Set(stage)) => {
                let stage = ctx.stage_in(&self.pipeline_id, stage)?;
                let p = ctx.pipeline(&self.pipeline_id)?;
                Some((p.id.as_str(), stage))
            }
            _ => None,
        };
        Ok(target.filter(|(_, s)| s.id != self.stage_id))
    }

    /// Into `stage` of `pipeline_id`, taking its name and probability.
    fn enter(&mut self, pipeline_id: &str, stage: &Stage) {
        self.pipeline_id = pipeline_id.to_string();
        self.stage_id = stage.id.clone();
        self.stage_name = Some(stage.name.clone());
        self.probability = Some(stage.probability);
    }
}

fn set<T: Clone, U: From<T>>(slot: &mut Option<U>, f: &Field<T>) {
    match f {
        Field::Unchanged => {}
        Field::Clear => *slot = None,
        Field::Set(v) => *slot = Some(v.clone().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn stage(id: &str, name: &str, position: i64, probability: u8) -> Stage {
        Stage { id: id.into(), name: name.into(), position, probability }
    }

    /// Stages listed out of position order on purpose: the first stage is the lowest position.
    fn pipelines() -> Vec<Pipeline> {
        vec![
            Pipeline {
                id: "pipe_1".into(),
                name: "Sales".into(),
                stages: vec![stage("stage_b", "Proposal", 2, 50), stage("stage_a", "Lead", 1, 10)],
                is_default: true,
            },
            Pipeline {
                id: "pipe_2".into(),
                name: "Renewals".into(),
                stages: vec![stage("stage_y", "Renewed", 2, 90), stage("stage_x", "Due", 1, 40)],
                is_default: false,
            },
            Pipeline { id: "pipe_empty".into(), name: "Empty".into(), stages: vec![], is_default: false },
        ]
    }

    fn deal() -> Deal {
        Deal {
            id: "deal_1".into(),
            title: "Alpha".into(),
            pipeline_id: "pipe_1".into(),
            stage_id: "stage_b".into(),
            stage_name: Some("Proposal".into()),
            value: Some(1000.0),
            currency: Some("USD".into()),
            probability: Some(80),
            owner_id: Some("usr_1".into()),
            contact_id: None,
            expected_close_date: None,
            status: DealStatus::Open,
            custom_fields: Default::default(),
            tags: vec![],
            won_reason: None,
            lost_reason: None,
            competitor: None,
            closed_at: None,
            created_at: ts("2026-01-01T00:00:00Z"),
            updated_at: ts("2026-01-02T00:00:00Z"),
        }
    }

    const NOW: &str = "2026-03-01T12:00:00Z";

    fn field_of(r: Result<Deal, RuleError>) -> Option<String> {
        ApiError::from(r.unwrap_err()).field
    }

    #[test]
    fn an_empty_patch_changes_nothing_and_any_other_stamps_updated_at() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        assert_eq!(deal().apply(&DealPatch::default(), &ctx).unwrap(), deal());
        let p = DealPatch { title: Field::Set("  Beta  ".into()), ..Default::default() };
        let d = deal().apply(&p, &ctx).unwrap();
        assert_eq!((d.title.as_str(), d.updated_at), ("Beta", ts(NOW)));
        assert_eq!(Deal { title: "Alpha".into(), updated_at: deal().updated_at, ..d }, deal());
    }

    #[test]
    fn won_lost_and_reopen_keep_only_their_own_reasons() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        let lost = deal().mark_lost(Some("Price".into()), Some("Acme".into()), &ctx).unwrap();
        assert_eq!((lost.status, lost.closed_at), (DealStatus::Lost, Some(ts(NOW))));
        assert_eq!((lost.lost_reason.as_deref(), lost.competitor.as_deref()), (Some("Price"), Some("Acme")));

        let later = RuleCtx::new(&ps, ts("2026-03-02T00:00:00Z"));
        let won = lost.mark_won(None, &later).unwrap();
        assert_eq!((won.status, won.closed_at), (DealStatus::Won, Some(later.now)));
        assert_eq!((&won.won_reason, &won.lost_reason, &won.competitor), (&None, &None, &None));

        // Won again: still closed when it first closed; the reason may be given now.
        let again = won.mark_won(Some("Fit".into()), &ctx).unwrap();
        assert_eq!((again.closed_at, again.won_reason.as_deref()), (Some(later.now), Some("Fit")));

        let open = again.reopen(&ctx).unwrap();
        assert_eq!((open.status, open.closed_at, open.won_reason), (DealStatus::Open, None, None));
    }

    #[test]
    fn a_reason_needs_its_status_in_the_patch_or_on_the_deal() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        let reason = |f: fn(&mut DealPatch) -> &mut Field<String>| {
            let mut p = DealPatch::default();
            *f(&mut p) = Field::Set("x".into());
            p
        };
        let won_reason = reason(|p| &mut p.won_reason);
        let lost_reason = reason(|p| &mut p.lost_reason);
        let competitor = reason(|p| &mut p.competitor);
        assert_eq!(field_of(deal().apply(&won_reason, &ctx)).as_deref(), Some("won_reason"));
        assert_eq!(field_of(deal().apply(&lost_reason, &ctx)).as_deref(), Some("lost_reason"));
        assert_eq!(field_of(deal().apply(&competitor, &ctx)).as_deref(), Some("competitor"));
        let lost = deal().mark_lost(None, None, &ctx).unwrap();
        assert_eq!(field_of(lost.apply(&won_reason, &ctx)).as_deref(), Some("won_reason"));
        assert_eq!(lost.apply(&competitor, &ctx).unwrap().competitor.as_deref(), Some("x"));
        let reopen_with_reason = DealPatch { lost_reason: Field::Set("x".into()), ..DealPatch::reopen() };
        assert_eq!(field_of(lost.apply(&reopen_with_reason, &ctx)).as_deref(), Some("lost_reason"));
        // Clearing is always taken.
        let clear = DealPatch { won_reason: Field::Clear, ..Default::default() };
        assert!(deal().apply(&clear, &ctx).is_ok());
    }

    #[test]
    fn probability_follows_the_stage_unless_given_and_null_returns_to_it() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        let clear = DealPatch { probability: Field::Clear, ..Default::default() };
        assert_eq!(deal().apply(&clear, &ctx).unwrap().probability, Some(50));
        let moved = DealPatch { stage_id: Field::Set("stage_a".into()), ..Default::default() };
        let d = deal().apply(&moved, &ctx).unwrap();
        assert_eq!((d.stage_name.as_deref(), d.probability), (Some("Lead"), Some(10)));
        let given = DealPatch { probability: Field::Set(33), ..moved };
        assert_eq!(deal().apply(&given, &ctx).unwrap().probability, Some(33));
        // The same stage is no move: the probability stays.
        let same = DealPatch { stage_id: Field::Set("stage_b".into()), ..Default::default() };
        assert_eq!(deal().apply(&same, &ctx).unwrap().probability, Some(80));
    }

    #[test]
    fn a_new_pipeline_takes_the_given_stage_or_its_first() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        let to = |pipeline: &str, stage: Option<&str>| DealPatch {
            pipeline_id: Field::Set(pipeline.into()),
            stage_id: stage.map_or(Field::Unchanged, |s| Field::Set(s.into())),
            ..Default::default()
        };
        let d = deal().apply(&to("pipe_2", None), &ctx).unwrap();
        assert_eq!(
            (d.pipeline_id.as_str(), d.stage_id.as_str(), d.probability),
            ("pipe_2", "stage_x", Some(40))
        );
        let d = deal().apply(&to("pipe_2", Some("stage_y")), &ctx).unwrap();
        assert_eq!((d.stage_name.as_deref(), d.probability), (Some("Renewed"), Some(90)));

        let refused = |p: DealPatch| ApiError::from(deal().apply(&p, &ctx).unwrap_err());
        let e = refused(to("pipe_2", Some("stage_a")));
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::StageNotInPipeline, Some("stage_id")));
        let e = refused(to("pipe_nope", None));
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::NotFound, Some("pipeline_id")));
        let e = refused(to("pipe_2", Some("stage_nope")));
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::NotFound, Some("stage_id")));
        let e = refused(to("pipe_empty", None));
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::ValidationError, Some("pipeline_id")));
        let e = refused(DealPatch { stage_id: Field::Set("stage_x".into()), ..Default::default() });
        assert_eq!(e.code, ErrorCode::StageNotInPipeline);
    }

    #[test]
    fn a_stage_move_stays_in_the_pipeline_and_the_same_stage_is_no_change() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        let mv = |s: &str| StageMove { stage_id: s.into(), note: Some("called".into()) };
        let d = deal().move_stage(&mv("stage_a"), &ctx).unwrap();
        assert_eq!((d.stage_id.as_str(), d.probability, d.updated_at), ("stage_a", Some(10), ts(NOW)));
        assert_eq!(deal().move_stage(&mv("stage_b"), &ctx).unwrap(), deal());
        let e = ApiError::from(deal().move_stage(&mv("stage_y"), &ctx).unwrap_err());
        assert_eq!(e.code, ErrorCode::StageNotInPipeline);
        let bad_note = StageMove { stage_id: "stage_a".into(), note: Some("a\u{1b}b".into()) };
        assert_eq!(field_of(deal().move_stage(&bad_note, &ctx)).as_deref(), Some("note"));
    }

    #[test]
    fn values_are_refused_as_the_server_refuses_them() {
        let ps = pipelines();
        let ctx = RuleCtx::new(&ps, ts(NOW));
        let cases = [
            (DealPatch { currency: Field::Clear, ..Default::default() }, "currency"),
            (DealPatch { value: Field::Set(1e15 + 1.0), ..Default::default() }, "value"),
            (DealPatch { title: Field::Set("a\u{202E}b".into()), ..Default::default() }, "title"),
            (DealPatch { tags: Field::Set(vec!["a\u{7}".into()]), ..Default::default() }, "tags"),
            (DealPatch { probability: Field::Set(101), ..Default::default() }, "probability"),
        ];
        for (p, field) in cases {
            assert_eq!(field_of(deal().apply(&p, &ctx)).as_deref(), Some(field), "{p:?}");
        }
    }
}
