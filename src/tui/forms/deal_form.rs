//! The deal form: a new deal (`n`) in a given stage, or an existing deal edited (`e`).
//!
//! New: `FormOutcome::Create(NewDeal)`. Edit: `FormOutcome::Update` with a patch holding only the
//! fields that differ from the deal the form opened with (`Unchanged` when none do), custom fields
//! and the pipeline included; moving to another pipeline sends `pipeline_id` with a `stage_id`
//! picked in that pipeline, as the API moves across pipelines only through `pipeline_id`.
//!
//! In an edit, a field the user did not touch is neither checked nor sent: what the server holds
//! there is its business, and a stale oddity in one field must not block saving another.

mod custom;
mod draw;
#[cfg(test)]
mod tests;

use crossterm::event::KeyEvent;
use jiff::civil::Date;

use super::field::TextField;
use super::keys::{Nav, is_ctrl, is_press, nav, step};
use super::picker::{PickItem, Picker, PickerKey, RefField, contact_items, user_items};
use super::render::FormTheme;
use super::{FormOutcome, strings as s};
use crate::model::{Contact, Deal, DealPatch, Field, NewDeal, Pipeline, User, validate};
use crate::sanitize::sanitize_short;
use crate::tui::parse::{parse_close_date, parse_value};
use custom::CustomEditor;

/// What the caller knows that the form needs. Lists absent (`None`) mean the server has no
/// `/users` or `/contacts`: the form then asks for an id in a text field.
#[derive(Debug, Clone, Copy)]
pub struct DealFormContext<'a> {
    pub pipelines: &'a [Pipeline],
    pub users: Option<&'a [User]>,
    pub contacts: Option<&'a [Contact]>,
    pub today: Date,
    /// The workspace currency, the default of a new deal.
    pub currency: &'a str,
}

/// The form's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Title,
    Pipeline,
    Stage,
    Value,
    Currency,
    CloseDate,
    Probability,
    Owner,
    Contact,
    Tags,
    Custom(usize),
    AddCustom,
}

#[derive(Debug, Clone)]
enum Mode {
    Create { pipeline_id: String, stage_id: String },
    Edit { deal: Box<Deal> },
}

#[derive(Debug, Clone)]
pub struct DealForm {
    mode: Mode,
    pipelines: Vec<Pipeline>,
    today: Date,
    title: TextField,
    pipeline: Picker,
    stage: Picker,
    value: TextField,
    currency: TextField,
    close: TextField,
    probability: TextField,
    owner: RefField,
    contact: RefField,
    tags: TextField,
    custom: CustomEditor,
    focus: Slot,
    /// A submit was refused: every field shows its error, touched or not.
    tried: bool,
    /// A server message naming no field of this form.
    footer_error: Option<String>,
    /// Submitted and waiting for the server: Enter does nothing meanwhile.
    pending: bool,
    pub theme: FormTheme,
}

impl DealForm {
    /// A new deal in `stage_id` of `pipeline_id`: currency defaults to the workspace's and the
    /// probability to the stage's.
    pub fn new_deal(ctx: &DealFormContext, pipeline_id: &str, stage_id: &str) -> DealForm {
        let stage_prob = find_stage(ctx.pipelines, pipeline_id, stage_id).map(|st| st.probability);
        let mode = Mode::Create { pipeline_id: pipeline_id.into(), stage_id: stage_id.into() };
        let mut f = DealForm::blank(ctx, mode, pipeline_id, stage_id);
        f.currency = TextField::new(ctx.currency).upper();
        f.probability = TextField::new(stage_prob.map(|p| p.to_string()).unwrap_or_default());
        f
    }

    /// The edit form, prefilled from `deal`.
    pub fn edit(ctx: &DealFormContext, deal: &Deal) -> DealForm {
        let mode = Mode::Edit { deal: Box::new(deal.clone()) };
        let mut f = DealForm::blank(ctx, mode, &deal.pipeline_id, &deal.stage_id);
        f.title = TextField::new(crate::sanitize::sanitize(&deal.title));
        f.value = TextField::new(deal.value.map(|v| super::fmt::amount(v, None)).unwrap_or_default());
        f.currency = TextField::new(deal.currency.clone().unwrap_or_default()).upper();
        f.close = TextField::new(deal.expected_close_date.map(|d| d.to_string()).unwrap_or_default());
        f.probability = TextField::new(deal.probability.map(|p| p.to_string()).unwrap_or_default());
        f.owner = RefField::new(ctx.users.map(user_items), deal.owner_id.as_deref());
        f.contact = RefField::new(ctx.contacts.map(contact_items), deal.contact_id.as_deref());
        f.tags = TextField::new(crate::sanitize::sanitize(&deal.tags.join(", ")));
        f.custom = CustomEditor::new(&deal.custom_fields);
        f
    }

    fn blank(ctx: &DealFormContext, mode: Mode, pipeline_id: &str, stage_id: &str) -> DealForm {
        let pipeline_items = ctx.pipelines.iter().map(|p| PickItem::new(&p.id, &p.name, None)).collect();
        DealForm {
            mode,
            pipelines: ctx.pipelines.to_vec(),
            today: ctx.today,
            title: TextField::default(),
            pipeline: Picker::new(pipeline_items, Some(pipeline_id), false),
            stage: Picker::new(stage_items(ctx.pipelines, pipeline_id), Some(stage_id), false),
            value: TextField::default(),
            currency: TextField::default(),
            close: TextField::default(),
            probability: TextField::default(),
            owner: RefField::new(ctx.users.map(user_items), None),
            contact: RefField::new(ctx.contacts.map(contact_items), None),
            tags: TextField::default(),
            custom: CustomEditor::default(),
            focus: Slot::Title,
            tried: false,
            footer_error: None,
            pending: false,
            theme: FormTheme::default(),
        }
    }

    /// The id of the deal being edited; `None` for a new deal.
    pub fn deal_id(&self) -> Option<&str> {
        match &self.mode {
            Mode::Edit { deal } => Some(&deal.id),
            Mode::Create { .. } => None,
        }
    }

    /// Marks the form as submitted (waiting for the server) or not. The caller sets it after
    /// sending; `set_server_error` clears it.
    pub fn set_pending(&mut self, pending: bool) {
        self.pending = pending;
    }

    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// Contacts that arrived after the form opened (or a new search's answer): the choice stays.
    pub fn set_contacts(&mut self, contacts: &[Contact]) {
        self.contact.set_items(contact_items(contacts));
    }

    /// Users that arrived after the form opened: the owner becomes a picker, the choice stays.
    pub fn set_users(&mut self, users: &[User]) {
        self.owner.set_items(user_items(users));
    }

    /// What the user is searching contacts for while that list is open, for a caller that asks
    /// the server (`GET /contacts?q=`) rather than holding every contact.
    pub fn contact_query(&self) -> Option<&str> {
        match &self.contact {
            RefField::Pick(p) if p.is_open() => Some(p.query().value()),
            _ => None,
        }
    }

    /// Puts a server 422 on the field it names (API field names: `title`, `value`, `owner_id`,
    /// ...) and moves the focus there; a message naming no field of the form goes to the footer.
    /// Everything typed is kept, so Enter sends it again.
    pub fn set_server_error(&mut self, field: Option<&str>, message: &str) {
        self.pending = false;
        let message = sanitize_short(message, 200);
        let slot = field.and_then(slot_of_api_field).filter(|s| self.slots().contains(s));
        match slot {
            Some(slot) => {
                *self.server_error_mut(slot) = Some(message);
                self.focus = slot;
            }
            None => {
                let prefix = field.map(|f| format!("{}: ", sanitize_short(f, 40))).unwrap_or_default();
                self.footer_error = Some(format!("{prefix}{message}"));
            }
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        if !is_press(&key) {
            return FormOutcome::Continue;
        }
        if let Some(outcome) = self.picker_key(key) {
            return outcome;
        }
        match nav(&key) {
            Nav::Next | Nav::Prev => self.move_focus(nav(&key) == Nav::Next),
            Nav::Cancel => return FormOutcome::Cancel,
            Nav::Submit if self.focus == Slot::AddCustom && !self.custom.add.value().trim().is_empty() => {
                if let Ok(i) = self.custom.add_entry() {
                    self.focus = Slot::Custom(i);
                }
            }
            Nav::Submit if self.pending => {}
            Nav::Submit => return self.submit(),
            Nav::Other => self.edit_key(key),
        }
        FormOutcome::Continue
    }

    /// Gives the key to the focused picker first: an open list takes arrows, Enter and Esc.
    fn picker_key(&mut self, key: KeyEvent) -> Option<FormOutcome> {
        let slot = self.focus;
        let picker = self.picker_mut(slot)?;
        match picker.handle(key) {
            PickerKey::Pass => None,
            PickerKey::Consumed => Some(FormOutcome::Continue),
            PickerKey::Changed => {
                self.picked(slot);
                Some(FormOutcome::Continue)
            }
        }
    }

    /// After a pick: a new pipeline needs a stage of its own, so the stage list opens at once.
    fn picked(&mut self, slot: Slot) {
        if slot != Slot::Pipeline {
            return;
        }
        let pid = self.pipeline.chosen().unwrap_or_default().to_string();
        let (orig_pid, orig_stage) = self.original_place();
        let keep = (pid == orig_pid).then_some(orig_stage.as_str());
        self.stage = Picker::new(stage_items(&self.pipelines, &pid), keep, false);
        self.focus = Slot::Stage;
        if keep.is_none() {
            self.stage.open_list();
        }
    }

    fn edit_key(&mut self, key: KeyEvent) {
        if let Slot::Custom(i) = self.focus {
            if is_ctrl(&key, 'd') {
                return self.custom.toggle_removed(i);
            }
            if is_ctrl(&key, 't') {
                return self.custom.cycle_kind(i);
            }
        }
        let changed = match self.text_mut(self.focus) {
            Some(t) => t.handle(key),
            None => false,
        };
        if changed && self.focus == Slot::AddCustom {
            self.custom.add_error = None;
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let slots = self.slots();
        let at = slots.iter().position(|s| *s == self.focus).unwrap_or(0);
        self.focus = slots[step(at, slots.len(), forward)];
    }

    /// The fields in Tab order.
    fn slots(&self) -> Vec<Slot> {
        use Slot::*;
        match self.mode {
            Mode::Create { .. } => vec![Title, Value, Currency, CloseDate, Probability, Owner, Contact, Tags],
            Mode::Edit { .. } => {
                let mut v = vec![Title, Pipeline, Stage, Value, Currency, CloseDate, Probability];
                v.extend([Owner, Contact, Tags]);
                v.extend((0..self.custom.entries.len()).map(Custom));
                v.push(AddCustom);
                v
            }
        }
    }

    fn submit(&mut self) -> FormOutcome {
        self.footer_error = None;
        if let Some(bad) = self.slots().into_iter().find(|s| self.error(*s).is_some()) {
            self.tried = true;
            self.focus = bad;
            return FormOutcome::Continue;
        }
        match &self.mode {
            Mode::Create { .. } => FormOutcome::Create(self.new_deal_body()),
            Mode::Edit { deal } => {
                let patch = self.patch(deal);
                if patch.is_empty() {
                    FormOutcome::Unchanged
                } else {
                    FormOutcome::Update { deal_id: deal.id.clone(), patch }
                }
            }
        }
    }

    /// Only called once every field checks out.
    fn new_deal_body(&self) -> NewDeal {
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
    fn patch(&self, deal: &Deal) -> DealPatch {
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
    fn place_patch(&self, deal: &Deal, p: &mut DealPatch) {
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

    fn parsed_title(&self) -> Result<String, String> {
        validate::title(self.title.value()).map_err(|e| e.message)
    }

    fn parsed_value(&self) -> Result<Option<f64>, String> {
        optional(self.value.value(), parse_value)
    }

    fn parsed_currency(&self) -> Result<Option<String>, String> {
        optional(self.currency.value(), |t| validate::currency(t).map_err(|e| e.message))
    }

    fn parsed_close(&self) -> Result<Option<Date>, String> {
        optional(self.close.value(), |t| parse_close_date(t, self.today))
    }

    /// A trailing `%` is allowed: the field reads as a percentage.
    fn parsed_probability(&self) -> Result<Option<u8>, String> {
        optional(self.probability.value(), |t| {
            let n: i64 = t.trim_end_matches('%').trim().parse().map_err(|_| s::PROBABILITY_NOT_NUMBER)?;
            validate::probability(n).map_err(|e| e.message)
        })
    }

    /// Comma separated; blanks between commas (`a, , b,`) are dropped, not sent as empty tags.
    fn parsed_tags(&self) -> Result<Vec<String>, String> {
        let tags = self.tags.value().split(',').map(str::trim).filter(|t| !t.is_empty());
        validate::tags(tags.map(str::to_string).collect()).map_err(|e| e.message)
    }

    fn parsed_stage(&self) -> Result<(), String> {
        let pid = self.pipeline.chosen().unwrap_or_default();
        let ok = self.stage.chosen().is_some_and(|sid| find_stage(&self.pipelines, pid, sid).is_some());
        if ok {
            return Ok(());
        }
        let name = self.pipelines.iter().find(|p| p.id == pid).map_or(pid, |p| p.name.as_str());
        Err(format!("{} {}", s::PICK_STAGE_OF, sanitize_short(name, 30)))
    }

    // ---- per-slot access ----

    fn is_dirty(&self, slot: Slot) -> bool {
        match slot {
            Slot::Pipeline => self.pipeline.is_dirty(),
            Slot::Stage => self.stage.is_dirty() || self.pipeline.is_dirty(),
            Slot::Owner => self.owner.is_dirty(),
            Slot::Contact => self.contact.is_dirty(),
            // A custom entry knows itself whether it was touched (`Entry::error`).
            Slot::Custom(_) => true,
            _ => self.text(slot).is_some_and(TextField::is_dirty),
        }
    }

    /// The client-side check of a slot, whether or not it is shown.
    fn check(&self, slot: Slot) -> Result<(), String> {
        match slot {
            Slot::Title => self.parsed_title().map(drop),
            Slot::Pipeline | Slot::AddCustom => Ok(()),
            Slot::Stage => self.parsed_stage(),
            Slot::Value => self.parsed_value().map(drop),
            Slot::Currency => self.parsed_currency().map(drop),
            Slot::CloseDate => self.parsed_close().map(drop),
            Slot::Probability => self.parsed_probability().map(drop),
            Slot::Owner => self.owner.value("owner_id").map(drop),
            Slot::Contact => self.contact.value("contact_id").map(drop),
            Slot::Tags => self.parsed_tags().map(drop),
            Slot::Custom(i) => self.custom.entries.get(i).and_then(|e| e.error()).map_or(Ok(()), Err),
        }
    }

    /// The error a slot blocks a submit on: a new deal checks every field, an edit only the
    /// touched ones. A server message does not block: Enter sends the same values again.
    fn error(&self, slot: Slot) -> Option<String> {
        let checked = matches!(self.mode, Mode::Create { .. }) || self.is_dirty(slot);
        if checked { self.check(slot).err() } else { None }
    }

    /// The error shown under a slot: its own check (though a new form does not greet the user
    /// with "title must not be empty" before they typed anything), else the server's message.
    fn shown_error(&self, slot: Slot) -> Option<String> {
        let quiet = matches!(self.mode, Mode::Create { .. }) && !self.tried && !self.is_dirty(slot);
        let mine = if quiet { None } else { self.error(slot) };
        mine.or_else(|| self.server_error(slot).cloned())
    }

    fn server_error(&self, slot: Slot) -> Option<&String> {
        match slot {
            Slot::Pipeline => self.pipeline.server_error.as_ref(),
            Slot::Stage => self.stage.server_error.as_ref(),
            Slot::Owner | Slot::Contact => self.ref_field(slot).server_error(),
            Slot::Custom(_) => None,
            _ => self.text(slot).and_then(|t| t.server_error.as_ref()),
        }
    }

    /// Where a server message naming `slot` is kept (custom fields share the footer: the API
    /// names only `custom_fields`, never one entry).
    fn server_error_mut(&mut self, slot: Slot) -> &mut Option<String> {
        match slot {
            Slot::Title => &mut self.title.server_error,
            Slot::Pipeline => &mut self.pipeline.server_error,
            Slot::Stage => &mut self.stage.server_error,
            Slot::Value => &mut self.value.server_error,
            Slot::Currency => &mut self.currency.server_error,
            Slot::CloseDate => &mut self.close.server_error,
            Slot::Probability => &mut self.probability.server_error,
            Slot::Owner => self.owner.server_error_mut(),
            Slot::Contact => self.contact.server_error_mut(),
            Slot::Tags => &mut self.tags.server_error,
            Slot::Custom(_) | Slot::AddCustom => &mut self.footer_error,
        }
    }

    fn text(&self, slot: Slot) -> Option<&TextField> {
        Some(match slot {
            Slot::Title => &self.title,
            Slot::Value => &self.value,
            Slot::Currency => &self.currency,
            Slot::CloseDate => &self.close,
            Slot::Probability => &self.probability,
            Slot::Tags => &self.tags,
            Slot::AddCustom => &self.custom.add,
            Slot::Custom(i) => &self.custom.entries.get(i)?.field,
            Slot::Owner | Slot::Contact => self.ref_field(slot).text()?,
            Slot::Pipeline | Slot::Stage => return None,
        })
    }

    fn text_mut(&mut self, slot: Slot) -> Option<&mut TextField> {
        Some(match slot {
            Slot::Title => &mut self.title,
            Slot::Value => &mut self.value,
            Slot::Currency => &mut self.currency,
            Slot::CloseDate => &mut self.close,
            Slot::Probability => &mut self.probability,
            Slot::Tags => &mut self.tags,
            Slot::AddCustom => &mut self.custom.add,
            Slot::Custom(i) => &mut self.custom.entries.get_mut(i)?.field,
            Slot::Owner | Slot::Contact => self.ref_field_mut(slot).text_mut()?,
            Slot::Pipeline | Slot::Stage => return None,
        })
    }

    fn picker(&self, slot: Slot) -> Option<&Picker> {
        match slot {
            Slot::Pipeline => Some(&self.pipeline),
            Slot::Stage => Some(&self.stage),
            Slot::Owner | Slot::Contact => self.ref_field(slot).picker(),
            _ => None,
        }
    }

    fn picker_mut(&mut self, slot: Slot) -> Option<&mut Picker> {
        match slot {
            Slot::Pipeline => Some(&mut self.pipeline),
            Slot::Stage => Some(&mut self.stage),
            Slot::Owner | Slot::Contact => self.ref_field_mut(slot).picker_mut(),
            _ => None,
        }
    }

    fn ref_field(&self, slot: Slot) -> &RefField {
        if slot == Slot::Owner { &self.owner } else { &self.contact }
    }

    fn ref_field_mut(&mut self, slot: Slot) -> &mut RefField {
        if slot == Slot::Owner { &mut self.owner } else { &mut self.contact }
    }

    /// The pipeline and stage the form opened with.
    fn original_place(&self) -> (String, String) {
        match &self.mode {
            Mode::Create { pipeline_id, stage_id } => (pipeline_id.clone(), stage_id.clone()),
            Mode::Edit { deal } => (deal.pipeline_id.clone(), deal.stage_id.clone()),
        }
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

fn stage_items(pipelines: &[Pipeline], pipeline_id: &str) -> Vec<PickItem> {
    let stages = pipelines.iter().find(|p| p.id == pipeline_id).map(|p| p.stages.as_slice()).unwrap_or(&[]);
    stages.iter().map(|st| PickItem::new(&st.id, &st.name, Some(&format!("{}%", st.probability)))).collect()
}

fn find_stage<'a>(pipelines: &'a [Pipeline], pid: &str, sid: &str) -> Option<&'a crate::model::Stage> {
    pipelines.iter().find(|p| p.id == pid)?.stages.iter().find(|st| st.id == sid)
}

fn slot_of_api_field(field: &str) -> Option<Slot> {
    Some(match field {
        "title" => Slot::Title,
        "pipeline_id" => Slot::Pipeline,
        "stage_id" => Slot::Stage,
        "value" => Slot::Value,
        "currency" => Slot::Currency,
        "expected_close_date" => Slot::CloseDate,
        "probability" => Slot::Probability,
        "owner_id" => Slot::Owner,
        "contact_id" => Slot::Contact,
        "tags" => Slot::Tags,
        _ => return None,
    })
}
