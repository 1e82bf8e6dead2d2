//! The deal form: a new deal (`n`) in a given stage, or an existing deal edited (`e`).
//!
//! New: `Intent::Create(NewDeal)`. Edit: `Intent::Update` with a patch holding only the
//! fields that differ from the deal the form opened with (`Unchanged` when none do), custom fields
//! and the pipeline included; moving to another pipeline sends `pipeline_id` with a `stage_id`
//! picked in that pipeline, as the API moves across pipelines only through `pipeline_id`.
//!
//! In an edit, a field the user did not touch is neither checked nor sent: what the server holds
//! there is its business, and a stale oddity in one field must not block saving another.

mod custom;
mod draw;
mod slots;
mod submit;
#[cfg(test)]
mod tests;

use crossterm::event::KeyEvent;
use jiff::civil::Date;

use super::keys::{Nav, is_ctrl, is_press, nav, step};
use super::picker::{PickItem, Picker, PickerKey, RefField, contact_items, user_items};
use super::{Outcome, TextField};
use crate::model::{Contact, Deal, Pipeline, User};
use crate::sanitize::sanitize_short;
use custom::CustomEditor;
use slots::slot_of_api_field;

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

    /// A new deal's owner until the rep picks another (me, on the board).
    pub fn owned_by(mut self, ctx: &DealFormContext, owner: Option<&str>) -> DealForm {
        if owner.is_some() {
            self.owner = RefField::new(ctx.users.map(user_items), owner);
        }
        self
    }

    /// The edit form, prefilled from `deal`.
    pub fn edit(ctx: &DealFormContext, deal: &Deal) -> DealForm {
        let mode = Mode::Edit { deal: Box::new(deal.clone()) };
        let mut f = DealForm::blank(ctx, mode, &deal.pipeline_id, &deal.stage_id);
        f.title = TextField::new(deal.title.to_string());
        f.value = TextField::new(deal.value.map(crate::human::format::grouped).unwrap_or_default());
        f.currency = TextField::new(deal.currency.clone().unwrap_or_default()).upper();
        f.close = TextField::new(deal.expected_close_date.map(|d| d.to_string()).unwrap_or_default());
        f.probability = TextField::new(deal.probability.map(|p| p.to_string()).unwrap_or_default());
        f.owner = RefField::new(ctx.users.map(user_items), deal.owner_id.as_deref());
        f.contact = RefField::new(ctx.contacts.map(contact_items), deal.contact_id.as_deref());
        f.tags = TextField::new(deal.tags.join(", "));
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
        }
    }

    /// The id of the deal being edited; `None` for a new deal.
    pub fn deal_id(&self) -> Option<&str> {
        match &self.mode {
            Mode::Edit { deal } => Some(&deal.id),
            Mode::Create { .. } => None,
        }
    }

    /// The deal being edited, as the form opened with it (for an undo of the update).
    pub fn original(&self) -> Option<&Deal> {
        match &self.mode {
            Mode::Edit { deal } => Some(deal),
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

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if !is_press(&key) {
            return Outcome::Stay;
        }
        if let Some(outcome) = self.picker_key(key) {
            return outcome;
        }
        match nav(&key) {
            Nav::Next | Nav::Prev => self.move_focus(nav(&key) == Nav::Next),
            Nav::Cancel => return Outcome::Close,
            Nav::Submit if self.focus == Slot::AddCustom && !self.custom.add.value().trim().is_empty() => {
                if let Ok(i) = self.custom.add_entry() {
                    self.focus = Slot::Custom(i);
                }
            }
            Nav::Submit if self.pending => {}
            Nav::Submit => return self.submit(),
            Nav::Other => self.edit_key(key),
        }
        Outcome::Stay
    }

    /// Bracketed paste: the text goes into the focused field as if typed (a picker searches it).
    pub fn handle_paste(&mut self, text: &str) -> Outcome {
        let slot = self.focus;
        if let Some(p) = self.picker_mut(slot) {
            p.paste(text);
        } else if let Some(t) = self.text_mut(slot) {
            t.paste(text);
        }
        Outcome::Stay
    }

    /// Gives the key to the focused picker first: an open list takes arrows, Enter and Esc.
    fn picker_key(&mut self, key: KeyEvent) -> Option<Outcome> {
        let slot = self.focus;
        let picker = self.picker_mut(slot)?;
        match picker.handle(key) {
            PickerKey::Pass => None,
            PickerKey::Consumed => Some(Outcome::Stay),
            PickerKey::Changed => {
                self.picked(slot);
                Some(Outcome::Stay)
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
}

fn stage_items(pipelines: &[Pipeline], pipeline_id: &str) -> Vec<PickItem> {
    let stages = pipelines.iter().find(|p| p.id == pipeline_id).map(|p| p.stages.as_slice()).unwrap_or(&[]);
    stages
        .iter()
        .map(|st| PickItem::new(&st.id, &st.name, Some(&format!("{}%", st.probability).into())))
        .collect()
}

fn find_stage<'a>(pipelines: &'a [Pipeline], pid: &str, sid: &str) -> Option<&'a crate::model::Stage> {
    pipelines.iter().find(|p| p.id == pid)?.stages.iter().find(|st| st.id == sid)
}
