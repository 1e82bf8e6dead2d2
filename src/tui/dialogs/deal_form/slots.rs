//! Per-field access: which text, picker and server message belong to a slot, and which
//! errors block a submit or are shown.

use super::{DealForm, Mode, Slot};
use crate::tui::dialogs::TextField;
use crate::tui::dialogs::picker::{Picker, RefField};

impl DealForm {
    // ---- per-slot access ----

    pub(super) fn is_dirty(&self, slot: Slot) -> bool {
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
    pub(super) fn check(&self, slot: Slot) -> Result<(), String> {
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
    pub(super) fn error(&self, slot: Slot) -> Option<String> {
        let checked = matches!(self.mode, Mode::Create { .. }) || self.is_dirty(slot);
        if checked { self.check(slot).err() } else { None }
    }

    /// The error shown under a slot: its own check (though a new form does not greet the user
    /// with "title must not be empty" before they typed anything), else the server's message.
    pub(super) fn shown_error(&self, slot: Slot) -> Option<String> {
        let quiet = matches!(self.mode, Mode::Create { .. }) && !self.tried && !self.is_dirty(slot);
        let mine = if quiet { None } else { self.error(slot) };
        mine.or_else(|| self.server_error(slot).cloned())
    }

    pub(super) fn server_error(&self, slot: Slot) -> Option<&String> {
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
    pub(super) fn server_error_mut(&mut self, slot: Slot) -> &mut Option<String> {
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

    pub(super) fn text(&self, slot: Slot) -> Option<&TextField> {
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

    pub(super) fn text_mut(&mut self, slot: Slot) -> Option<&mut TextField> {
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

    pub(super) fn picker(&self, slot: Slot) -> Option<&Picker> {
        match slot {
            Slot::Pipeline => Some(&self.pipeline),
            Slot::Stage => Some(&self.stage),
            Slot::Owner | Slot::Contact => self.ref_field(slot).picker(),
            _ => None,
        }
    }

    pub(super) fn picker_mut(&mut self, slot: Slot) -> Option<&mut Picker> {
        match slot {
            Slot::Pipeline => Some(&mut self.pipeline),
            Slot::Stage => Some(&mut self.stage),
            Slot::Owner | Slot::Contact => self.ref_field_mut(slot).picker_mut(),
            _ => None,
        }
    }

    pub(super) fn ref_field(&self, slot: Slot) -> &RefField {
        if slot == Slot::Owner { &self.owner } else { &self.contact }
    }

    pub(super) fn ref_field_mut(&mut self, slot: Slot) -> &mut RefField {
        if slot == Slot::Owner { &mut self.owner } else { &mut self.contact }
    }

    /// The pipeline and stage the form opened with.
    pub(super) fn original_place(&self) -> (String, String) {
        match &self.mode {
            Mode::Create { pipeline_id, stage_id } => (pipeline_id.clone(), stage_id.clone()),
            Mode::Edit { deal } => (deal.pipeline_id.clone(), deal.stage_id.clone()),
        }
    }
}

pub(super) fn slot_of_api_field(field: &str) -> Option<Slot> {
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
