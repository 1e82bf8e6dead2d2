//! Turning the form into what is sent: the parsed fields (every rule a `validate` function or
//! `human::parse`), the `NewDeal` of a new deal, and the patch of an edit.

use jiff::civil::Date;

use super::{DealForm, Mode, Slot, find_stage};
use crate::human::parse::{parse_close_date, parse_value, parse_value_in};
use crate::model::{Deal, DealPatch, Field, NewDeal, SafeText, validate};
use crate::tui::dialogs::{Intent, Outcome};
use crate::tui::strings as s;

impl DealForm {
    pub(super) fn submit(&mut self) -> Outcome {
        self.footer_error = None;
        if let Some(bad) = self.slots().into_iter().find(|s| self.error(*s).is_some()) {
            self.tried = true;
            self.focus = bad;
            return Outcome::Stay;
        }
        match &self.mode {
            Mode::Create { .. } => Outcome::Submit(Intent::Create(self.new_deal_body())),
            Mode::Edit { deal } => {
                let patch = self.patch(deal);
                if patch.is_empty() {
                    Outcome::Submit(Intent::Unchanged)
                } else {
                    Outcome::Submit(Intent::Update { deal_id: deal.id.clone(), patch })
                }
            }
        }
    }

    /// Only called once every field checks out.
    pub(super) fn new_deal_body(&self) -> NewDeal {
        let Mode::Create { pipeline_id, stage_id } = &self.mode else { return NewDeal::default() };
        NewDeal {
            title: self.parsed_title().unwrap_or_default(),
            pipeline_id: pipeline_id.clone(),
            stage_id: Some(stage_id.clone()),
            value: self.parsed_value().ok().flatten(),
            currency: self.parsed_currency().ok().flatten(),
            contact_id: self.contact.value("contact_id").ok().flatten(),
            owner_id: self.owner.value("owner_id").ok().flatten(),
            expected_close_date: self.parsed_close().ok().flatten(),
            probability: self.parsed_probability().ok().flatten(),
            custom_fields: None,
            tags: self.parsed_tags().ok().filter(|t| !t.is_empty()),
        }
    }

    /// Only called once every field checks out; compares each touched field with the deal.
    pub(super) fn patch(&self, deal: &Deal) -> DealPatch {
        let touched = |s: Slot| self.is_dirty(s);
        let mut p = DealPatch::default();
        if touched(Slot::Title) {
            let t = self.parsed_title().unwrap_or_default();
            p.title = if t == deal.title { Field::Unchanged } else { Field::Set(t) };
        }
        if touched(Slot::Value) {
            p.value = diff(deal.value, self.parsed_value().ok().flatten());
        }
        if touched(Slot::Currency) {
            p.currency = diff(deal.currency.clone(), self.parsed_currency().ok().flatten());
        }
        if touched(Slot::CloseDate) {
            p.expected_close_date = diff(deal.expected_close_date, self.parsed_close().ok().flatten());
        }
        if touched(Slot::Probability) {
            p.probability = diff(deal.probability, self.parsed_probability().ok().flatten());
        }
        if touched(Slot::Owner) {
            p.owner_id = diff(deal.owner_id.clone(), self.owner.value("owner_id").ok().flatten());
        }
        if touched(Slot::Contact) {
            p.contact_id = diff(deal.contact_id.clone(), self.contact.value("contact_id").ok().flatten());
        }
        if touched(Slot::Tags) {
            let tags = self.parsed_tags().unwrap_or_default();
            p.tags = if tags == deal.tags { Field::Unchanged } else { Field::Set(tags) };
        }
        if let Ok(Some(map)) = self.custom.changed() {
            p.custom_fields = Field::Set(map);
        }
        self.place_patch(deal, &mut p);
        p
    }

    /// A new pipeline goes with its stage; a new stage alone is a stage move.
    pub(super) fn place_patch(&self, deal: &Deal, p: &mut DealPatch) {
        let pid = self.pipeline.chosen().unwrap_or_default();
        let sid = self.stage.chosen().unwrap_or_default();
        if pid != deal.pipeline_id {
            p.pipeline_id = Field::Set(pid.to_string());
            p.stage_id = Field::Set(sid.to_string());
        } else if sid != deal.stage_id {
            p.stage_id = Field::Set(sid.to_string());
        }
    }

    // ---- parsed fields: every rule is a `validate` function (or parse, which ends in one) ----

    pub(super) fn parsed_title(&self) -> Result<String, String> {
        validate::title(self.title.value()).map_err(|e| e.message)
    }

    /// With a currency chosen, a sign of another currency is refused (`$` on a euro deal).
    pub(super) fn parsed_value(&self) -> Result<Option<f64>, String> {
        optional(self.value.value(), |t| match self.parsed_currency() {
            Ok(Some(c)) => parse_value_in(t, &c),
            _ => parse_value(t),
        })
    }

    pub(super) fn parsed_currency(&self) -> Result<Option<String>, String> {
        optional(self.currency.value(), |t| validate::currency(t).map_err(|e| e.message))
    }

    pub(super) fn parsed_close(&self) -> Result<Option<Date>, String> {
        optional(self.close.value(), |t| parse_close_date(t, self.today))
    }

    /// A trailing `%` is allowed: the field reads as a percentage.
    pub(super) fn parsed_probability(&self) -> Result<Option<u8>, String> {
        optional(self.probability.value(), |t| {
            let n: i64 = t.trim_end_matches('%').trim().parse().map_err(|_| s::PROBABILITY_NOT_NUMBER)?;
            validate::probability(n).map_err(|e| e.message)
        })
    }

    /// Comma separated; blanks between commas (`a, , b,`) are dropped, not sent as empty tags.
    pub(super) fn parsed_tags(&self) -> Result<Vec<String>, String> {
        let tags = self.tags.value().split(',').map(str::trim).filter(|t| !t.is_empty());
        validate::tags(tags.map(str::to_string).collect()).map_err(|e| e.message)
    }

    pub(super) fn parsed_stage(&self) -> Result<(), String> {
        let pid = self.pipeline.chosen().unwrap_or_default();
        let ok = self.stage.chosen().is_some_and(|sid| find_stage(&self.pipelines, pid, sid).is_some());
        if ok {
            return Ok(());
        }
        let name = self
            .pipelines
            .iter()
            .find(|p| p.id == pid)
            .map_or_else(|| SafeText::new(pid), |p| p.name.clone());
        Err(format!("{} {}", s::PICK_STAGE_OF, name.short(30)))
    }
}

/// Empty text is "no value"; anything else must parse.
fn optional<T>(text: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    let t = text.trim();
    if t.is_empty() { Ok(None) } else { parse(t).map(Some) }
}

/// The patch field taking `old` to `new`.
fn diff<T: PartialEq>(old: Option<T>, new: Option<T>) -> Field<T> {
    match (old == new, new) {
        (true, _) => Field::Unchanged,
        (false, None) => Field::Clear,
        (false, Some(v)) => Field::Set(v),
    }
}
