//! Drawing the deal form (reads the form, changes nothing), and the form as a dialog.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::picker::push_picker;
use super::super::render::{self, Body, FormTheme, INPUT_W, LABEL_W};
use super::super::{Component, Ctx, Outcome, TextField};
use super::{DealForm, Mode, Slot};
use crate::human::format;
use crate::model::SafeText;
use crate::sanitize::sanitize_short;
use crate::tui::api::ClientError;
use crate::tui::strings as s;

/// Dialog width: label + input + room for a hint such as `= Fri 27 Nov 2026`.
const WIDTH: u16 = 76;

impl DealForm {
    /// Draws the form as a dialog centered in `area` (usually the whole screen).
    pub fn draw_in(&self, frame: &mut Frame, area: Rect, theme: &FormTheme) {
        render::dialog(frame, area, WIDTH, &self.heading(), &self.body(theme), self.footer(theme), theme);
    }

    fn heading(&self) -> String {
        match &self.mode {
            Mode::Create { pipeline_id, stage_id } => {
                let p = self.pipelines.iter().find(|p| &p.id == pipeline_id);
                let pname = p.map_or_else(|| SafeText::new(pipeline_id.as_str()), |p| p.name.clone());
                let st = p.and_then(|p| p.stages.iter().find(|st| &st.id == stage_id));
                let sname = st.map_or_else(|| SafeText::new(stage_id.as_str()), |st| st.name.clone());
                format!("{} · {} › {}", s::TITLE_NEW, pname.short(24), sname.short(24))
            }
            Mode::Edit { deal } => format!("{} · {}", s::TITLE_EDIT, deal.title.short(50)),
        }
    }

    fn body(&self, theme: &FormTheme) -> Body {
        let mut b = Body::default();
        for slot in self.slots() {
            let first_custom =
                slot == Slot::Custom(0) || (slot == Slot::AddCustom && self.custom.entries.is_empty());
            if first_custom {
                b.push(Line::styled(format!("  {}", s::LABEL_CUSTOM), theme.title));
            }
            let start = b.lines.len();
            self.push_slot(&mut b, slot, theme);
            if slot == self.focus {
                b.focus_from(start);
            }
        }
        b
    }

    fn push_slot(&self, b: &mut Body, slot: Slot, theme: &FormTheme) {
        let focused = slot == self.focus;
        let label = render::label(&self.label(slot, theme), focused, theme);
        if let Some(p) = self.picker(slot) {
            push_picker(b, label, p, focused, WIDTH, s::NONE_CHOICE, theme);
        } else if let Some(t) = self.text(slot) {
            let (input, cursor) = render::input(t, INPUT_W, focused, theme);
            let mut spans = vec![label, input];
            spans.extend(self.hint(slot, t, theme));
            if focused {
                b.cursor = Some((LABEL_W as u16 + cursor, b.lines.len()));
            }
            b.push(Line::from(spans));
        }
        if let Some(err) = self.shown_error(slot) {
            render::error_lines(&err, WIDTH, theme).into_iter().for_each(|l| b.push(l));
        }
        if slot == Slot::AddCustom
            && let Some(err) = &self.custom.add_error
        {
            render::error_lines(err, WIDTH, theme).into_iter().for_each(|l| b.push(l));
        }
    }

    fn label(&self, slot: Slot, theme: &FormTheme) -> String {
        match slot {
            Slot::Title => s::LABEL_TITLE.into(),
            Slot::Pipeline => s::LABEL_PIPELINE.into(),
            Slot::Stage => s::LABEL_STAGE.into(),
            Slot::Value => s::LABEL_VALUE.into(),
            Slot::Currency => s::LABEL_CURRENCY.into(),
            Slot::CloseDate => s::LABEL_CLOSE.into(),
            Slot::Probability => s::LABEL_PROBABILITY.into(),
            Slot::Owner => s::LABEL_OWNER.into(),
            Slot::Contact => s::LABEL_CONTACT.into(),
            Slot::Tags => s::LABEL_TAGS.into(),
            Slot::Custom(i) => {
                let Some(e) = self.custom.entries.get(i) else { return String::new() };
                let short = sanitize_short(&e.key, LABEL_W - 3);
                // The cut is the form's own mark: ASCII mode spells it as the board does.
                match short.strip_suffix('…').filter(|_| theme.ascii && short != e.key) {
                    Some(cut) => format!("{cut}~"),
                    None => short,
                }
            }
            Slot::AddCustom => s::LABEL_ADD_CUSTOM.into(),
        }
    }

    /// What the field was understood as, or what it wants.
    fn hint(&self, slot: Slot, t: &TextField, theme: &FormTheme) -> Option<Span<'static>> {
        let text = match slot {
            Slot::Value => {
                let v = self.parsed_value().ok().flatten()?;
                format!("= {}", format::money_or_amount(v, self.parsed_currency().ok().flatten().as_deref()))
            }
            Slot::CloseDate => format!("= {}", format::weekday_date(self.parsed_close().ok().flatten()?)),
            Slot::Probability => s::HINT_PROBABILITY.into(),
            Slot::Tags if t.value().is_empty() => s::HINT_TAGS.into(),
            Slot::Owner => s::HINT_OWNER_ID.into(),
            Slot::Contact => s::HINT_CONTACT_ID.into(),
            Slot::AddCustom => s::HINT_ADD_CUSTOM.into(),
            Slot::Custom(i) => {
                let e = self.custom.entries.get(i)?;
                if e.removed { s::CUSTOM_REMOVED.into() } else { format!("[{}]", e.kind.label()) }
            }
            _ => return None,
        };
        Some(render::hint(text, theme))
    }

    fn footer(&self, theme: &FormTheme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(e) = &self.footer_error {
            lines.push(Line::styled(format!("{}{e}", theme.error_mark()), theme.error));
        }
        if self.pending {
            lines.push(Line::styled(s::SAVING, theme.hint));
        }
        let keys = match self.picker(self.focus) {
            Some(p) if p.is_open() => s::KEYS_PICKER_OPEN.to_string(),
            Some(_) => format!("{} · {}", s::KEYS_PICKER_CLOSED, s::KEYS_FORM),
            None if matches!(self.focus, Slot::Custom(_)) => format!("{} · {}", s::KEYS_CUSTOM, s::KEYS_FORM),
            None => s::KEYS_FORM.to_string(),
        };
        lines.push(Line::styled(keys, theme.hint));
        lines
    }
}

impl Component for DealForm {
    fn key(&mut self, key: &KeyEvent, _: &Ctx) -> Outcome {
        self.handle_key(*key)
    }

    fn draw(&self, frame: &mut Frame, ctx: &Ctx) {
        self.draw_in(frame, frame.area(), &ctx.theme.form_theme())
    }

    /// A 422 goes on the field it names; a stage outside the pipeline is the stage field's
    /// business; anything else goes to the footer.
    fn failed(&mut self, e: &ClientError) {
        match e {
            ClientError::Validation { field, message } => self.set_server_error(field.as_deref(), message),
            ClientError::StageNotInPipeline { message } => self.set_server_error(Some("stage_id"), message),
            e => self.set_server_error(None, &e.to_string()),
        }
    }
}
