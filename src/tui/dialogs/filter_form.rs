//! The filter form (`f`): status, owner, value range and close-date range, producing a
//! [`BoardFilter`]. Opens on the board's current filter so `f` again edits it; Ctrl+R clears every
//! filter and applies that at once. A name under "Save as" keeps the filter (with the board's
//! sort) among the saved filters (`S`) as it is applied.

use crossterm::event::{KeyCode, KeyEvent};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::keys::{Nav, is_ctrl, is_press, nav, step};
use super::picker::{PickerKey, RefField, push_picker, user_items};
use super::render::{self, Body, FormTheme, INPUT_W, LABEL_W};
use super::{Intent, Outcome, TextField};
use crate::human::format;
use crate::human::parse::{parse_close_date, parse_value};
use crate::model::User;
use crate::tui::strings as s;
use filter::{BoardFilter, OwnerFilter, StatusFilter};

pub mod filter;

const WIDTH: u16 = 72;

/// What the caller knows that the form needs.
#[derive(Debug, Clone, Copy)]
pub struct FilterFormContext<'a> {
    /// `None`: the server has no `/users`; the owner is typed as an id.
    pub users: Option<&'a [User]>,
    pub today: Date,
    /// The workspace currency, for showing amounts.
    pub currency: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Status,
    Owner,
    Min,
    Max,
    After,
    Before,
    /// Whether the value range is in the board's currency or raw in any currency.
    Currency,
    /// A name to save the filter under; empty: applied only.
    Name,
}

const SLOTS: [Slot; 8] =
    [Slot::Status, Slot::Owner, Slot::Min, Slot::Max, Slot::After, Slot::Before, Slot::Currency, Slot::Name];

#[derive(Debug, Clone)]
pub struct FilterForm {
    status: StatusFilter,
    owner: RefField,
    min: TextField,
    max: TextField,
    after: TextField,
    before: TextField,
    focus: Slot,
    tried: bool,
    today: Date,
    currency: String,
    /// The value range compares raw amounts in any currency (the server's filter).
    any_currency: bool,
    name: TextField,
}

impl FilterForm {
    /// Opens on `current`, the filter the board applies now.
    pub fn new(ctx: &FilterFormContext, current: &BoardFilter) -> FilterForm {
        let amount = |v: Option<f64>| TextField::new(v.map(format::grouped).unwrap_or_default());
        let date = |d: Option<Date>| TextField::new(d.map(|d| d.to_string()).unwrap_or_default());
        FilterForm {
            status: current.status,
            owner: RefField::new(ctx.users.map(user_items), current.owner.as_ref().map(|o| o.id.as_str())),
            min: amount(current.min_value),
            max: amount(current.max_value),
            after: date(current.close_after),
            before: date(current.close_before),
            focus: Slot::Status,
            tried: false,
            today: ctx.today,
            currency: ctx.currency.to_string(),
            any_currency: current.any_currency,
            name: TextField::default(),
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if !is_press(&key) {
            return Outcome::Stay;
        }
        if is_ctrl(&key, 'r') {
            let cleared = BoardFilter { currency: Some(self.currency.clone()), ..Default::default() };
            return Outcome::Submit(Intent::Filter(cleared));
        }
        if self.focus == Slot::Owner
            && let Some(p) = self.owner.picker_mut()
            && p.handle(key) != PickerKey::Pass
        {
            return Outcome::Stay;
        }
        match nav(&key) {
            Nav::Next | Nav::Prev => {
                let at = SLOTS.iter().position(|s| *s == self.focus).unwrap_or(0);
                self.focus = SLOTS[step(at, SLOTS.len(), nav(&key) == Nav::Next)];
            }
            Nav::Cancel => return Outcome::Close,
            Nav::Submit => return self.submit(),
            Nav::Other if self.focus == Slot::Status => self.status_key(key),
            Nav::Other if self.focus == Slot::Currency => {
                if matches!(key.code, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) {
                    self.any_currency = !self.any_currency;
                }
            }
            Nav::Other => {
                if let Some(t) = self.text_mut(self.focus) {
                    t.handle(key);
                }
            }
        }
        Outcome::Stay
    }

    /// Users that arrived after the form opened: the owner becomes a picker, the choice stays.
    pub fn set_users(&mut self, users: &[User]) {
        self.owner.set_items(user_items(users));
    }

    /// Bracketed paste: the text goes into the focused field as if typed.
    pub fn handle_paste(&mut self, text: &str) -> Outcome {
        if self.focus == Slot::Owner
            && let Some(p) = self.owner.picker_mut()
        {
            p.paste(text);
        } else if let Some(t) = self.text_mut(self.focus) {
            t.paste(text);
        }
        Outcome::Stay
    }

    /// ←/→/Space cycle the status; its first letter picks one directly.
    fn status_key(&mut self, key: KeyEvent) {
        let all = StatusFilter::ALL;
        let at = all.iter().position(|st| *st == self.status).unwrap_or(0);
        self.status = match key.code {
            KeyCode::Left => all[step(at, all.len(), false)],
            KeyCode::Right | KeyCode::Char(' ') => all[step(at, all.len(), true)],
            KeyCode::Char(c) => all.into_iter().find(|st| st.label().starts_with(c)).unwrap_or(self.status),
            _ => self.status,
        };
    }

    fn submit(&mut self) -> Outcome {
        match self.filter() {
            Ok(filter) => match self.name.value().trim() {
                "" => Outcome::Submit(Intent::Filter(filter)),
                name => Outcome::Submit(Intent::SaveFilter { name: name.to_string(), filter }),
            },
            Err(slot) => {
                self.tried = true;
                self.focus = slot;
                Outcome::Stay
            }
        }
    }

    /// The filter as typed, or the first field that does not check out.
    fn filter(&self) -> Result<BoardFilter, Slot> {
        if let Some(bad) = SLOTS.into_iter().find(|s| self.check(*s).is_err()) {
            return Err(bad);
        }
        let owner = self.owner.value("owner_id").ok().flatten();
        let (min_value, max_value) =
            (self.amount(&self.min).ok().flatten(), self.amount(&self.max).ok().flatten());
        Ok(BoardFilter {
            status: self.status,
            owner: owner.map(|id| OwnerFilter { id, name: self.owner.chosen_name() }),
            min_value,
            max_value,
            close_after: self.date(&self.after).ok().flatten(),
            close_before: self.date(&self.before).ok().flatten(),
            currency: Some(self.currency.clone()),
            // Without a range there is nothing to compare.
            any_currency: self.any_currency && (min_value.is_some() || max_value.is_some()),
        })
    }

    fn amount(&self, t: &TextField) -> Result<Option<f64>, String> {
        let v = t.value().trim();
        if v.is_empty() { Ok(None) } else { parse_value(v).map(Some) }
    }

    fn date(&self, t: &TextField) -> Result<Option<Date>, String> {
        let v = t.value().trim();
        if v.is_empty() { Ok(None) } else { parse_close_date(v, self.today).map(Some) }
    }

    /// A range whose end comes before its start would match nothing: refused on the end field.
    fn check(&self, slot: Slot) -> Result<(), String> {
        match slot {
            Slot::Status | Slot::Currency | Slot::Name => Ok(()),
            Slot::Owner => self.owner.value("owner_id").map(drop),
            Slot::Min => self.amount(&self.min).map(drop),
            Slot::After => self.date(&self.after).map(drop),
            Slot::Max => match (self.amount(&self.min), self.amount(&self.max)?) {
                (Ok(Some(lo)), Some(hi)) if hi < lo => Err(s::MAX_BELOW_MIN.into()),
                _ => Ok(()),
            },
            Slot::Before => match (self.date(&self.after), self.date(&self.before)?) {
                (Ok(Some(a)), Some(b)) if b < a => Err(s::BEFORE_AFTER.into()),
                _ => Ok(()),
            },
        }
    }

    fn shown_error(&self, slot: Slot) -> Option<String> {
        let touched = self.tried || self.text(slot).is_some_and(TextField::is_dirty);
        if touched { self.check(slot).err() } else { None }
    }

    fn text(&self, slot: Slot) -> Option<&TextField> {
        match slot {
            Slot::Min => Some(&self.min),
            Slot::Max => Some(&self.max),
            Slot::After => Some(&self.after),
            Slot::Before => Some(&self.before),
            Slot::Name => Some(&self.name),
            Slot::Owner => self.owner.text(),
            Slot::Status | Slot::Currency => None,
        }
    }

    fn text_mut(&mut self, slot: Slot) -> Option<&mut TextField> {
        match slot {
            Slot::Min => Some(&mut self.min),
            Slot::Max => Some(&mut self.max),
            Slot::After => Some(&mut self.after),
            Slot::Before => Some(&mut self.before),
            Slot::Name => Some(&mut self.name),
            Slot::Owner => self.owner.text_mut(),
            Slot::Status | Slot::Currency => None,
        }
    }

    pub fn draw_in(&self, frame: &mut Frame, area: Rect, theme: &FormTheme) {
        let mut body = Body::default();
        for slot in SLOTS {
            let start = body.lines.len();
            self.push_slot(&mut body, slot, theme);
            if slot == self.focus {
                body.focus_from(start);
            }
        }
        let keys = match self.owner.picker() {
            Some(p) if self.focus == Slot::Owner && p.is_open() => s::KEYS_PICKER_OPEN,
            _ => s::KEYS_FILTER,
        };
        let footer = vec![Line::styled(keys, theme.hint)];
        render::dialog(frame, area, WIDTH, s::TITLE_FILTER, &body, footer, theme);
    }

    fn push_slot(&self, b: &mut Body, slot: Slot, theme: &FormTheme) {
        let focused = slot == self.focus;
        let label = render::label(slot_label(slot), focused, theme);
        if matches!(slot, Slot::Status | Slot::Currency) {
            let style = if focused { theme.input } else { theme.label };
            let choice = match slot {
                Slot::Status => self.status.label().to_string(),
                _ if self.any_currency => s::ANY_CURRENCY.to_string(),
                _ => s::only_currency(&self.currency),
            };
            let value = Span::styled(render::pad(&theme.ui(&format!("‹ {choice} ›")), INPUT_W), style);
            let hint = focused.then(|| render::hint(s::HINT_STATUS, theme));
            b.push(Line::from([Some(label), Some(value), hint].into_iter().flatten().collect::<Vec<_>>()));
        } else if let (Slot::Owner, Some(p)) = (slot, self.owner.picker()) {
            push_picker(b, label, p, focused, WIDTH, s::ANY_CHOICE, theme);
        } else if let Some(t) = self.text(slot) {
            let (input, cursor) = render::input(t, INPUT_W, focused, theme);
            if focused {
                b.cursor = Some((LABEL_W as u16 + cursor, b.lines.len()));
            }
            let mut spans = vec![label, input];
            spans.extend(self.hint(slot, theme));
            b.push(Line::from(spans));
        }
        if let Some(e) = self.shown_error(slot) {
            render::error_lines(&e, WIDTH, theme).into_iter().for_each(|l| b.push(l));
        }
    }

    /// What an amount or date was understood as.
    fn hint(&self, slot: Slot, theme: &FormTheme) -> Option<Span<'static>> {
        let text = match slot {
            Slot::Min | Slot::Max => {
                let v = self.amount(self.text(slot)?).ok().flatten()?;
                format!("= {}", format::money(v, &self.currency))
            }
            Slot::After | Slot::Before => {
                format!("= {}", format::weekday_date(self.date(self.text(slot)?).ok().flatten()?))
            }
            Slot::Owner => s::HINT_OWNER_ID.into(),
            Slot::Name => s::HINT_SAVE_AS.into(),
            Slot::Status | Slot::Currency => return None,
        };
        Some(render::hint(text, theme))
    }
}

form_component!(FilterForm);

fn slot_label(slot: Slot) -> &'static str {
    match slot {
        Slot::Status => s::LABEL_STATUS,
        Slot::Owner => s::LABEL_OWNER,
        Slot::Min => s::LABEL_MIN_VALUE,
        Slot::Max => s::LABEL_MAX_VALUE,
        Slot::After => s::LABEL_CLOSE_AFTER,
        Slot::Before => s::LABEL_CLOSE_BEFORE,
        Slot::Currency => s::LABEL_VALUE_IN,
        Slot::Name => s::LABEL_SAVE_AS,
    }
}

#[cfg(test)]
mod tests;
