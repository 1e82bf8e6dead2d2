//! `Enter`: everything about one deal: every field, custom fields, contacts with roles, stage
//! history with notes, activities. The board's copy shows at once; the full deal (contacts, stage
//! history) and its activities load on demand and fill in as they arrive. Sections still loading
//! say so; failed ones say why.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::frame::{frame, row};
use super::keys::is_char;
use super::{Component, Ctx, Intent, Outcome};
use crate::human::format::{currency_of, money};
use crate::model::{Activity, Deal, DealContact, DealDetail, SafeText, StageChange};
use crate::settings::keys::Action;
use crate::tui::layout::{details_body, details_size, last_top};
use crate::tui::message::OpId;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// Something loaded on demand.
#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    /// The one-line reason.
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Details {
    /// The board's copy, shown until the full deal arrives.
    pub deal: Deal,
    pub detail: Loadable<DealDetail>,
    pub activities: Loadable<Vec<Activity>>,
    /// The requests whose answers belong here (a later `Enter` on another deal makes older
    /// answers stale).
    pub detail_op: OpId,
    pub activities_op: OpId,
    pub scroll: u16,
}

impl Details {
    pub fn new(deal: Deal, detail_op: OpId, activities_op: OpId) -> Details {
        Details {
            deal,
            detail: Loadable::Loading,
            activities: Loadable::Loading,
            detail_op,
            activities_op,
            scroll: 0,
        }
    }

    /// The freshest copy of the deal's own fields.
    pub fn current_deal(&self) -> &Deal {
        match &self.detail {
            Loadable::Ready(d) => &d.deal,
            _ => &self.deal,
        }
    }
}

/// The deal's own actions from the key table, which details pass on to the board for the deal
/// shown (the board keys that only move around the board are not among them).
const DEAL_ACTIONS: [Action; 9] = [
    Action::MoveBack,
    Action::MoveForward,
    Action::MovePicker,
    Action::Won,
    Action::Lost,
    Action::EditValue,
    Action::EditDeal,
    Action::DeleteDeal,
    Action::Reopen,
];

/// The sections a key jumps to: contacts, stage history, activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Contacts,
    History,
    Activities,
}

impl Component for Details {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Outcome {
        if let Some(action) = ctx.keymap.action(key).filter(|a| DEAL_ACTIONS.contains(a)) {
            return Outcome::Submit(Intent::Action(action));
        }
        let max = self.max_scroll(ctx);
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => return Outcome::Close,
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = max,
            KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => self.step_section(ctx, false),
            KeyCode::Tab => self.step_section(ctx, true),
            KeyCode::BackTab => self.step_section(ctx, false),
            _ if is_char(key, 'j') => self.scroll = self.scroll.saturating_add(1),
            _ if is_char(key, 'k') => self.scroll = self.scroll.saturating_sub(1),
            _ if is_char(key, 'g') => self.scroll = 0,
            _ if is_char(key, 'G') => self.scroll = max,
            _ if is_char(key, 'c') => self.scroll = self.section_top(Section::Contacts, ctx),
            _ if is_char(key, 's') => self.scroll = self.section_top(Section::History, ctx),
            _ if is_char(key, 'a') => self.scroll = self.section_top(Section::Activities, ctx),
            _ => {}
        }
        self.fit(ctx);
        Outcome::Stay
    }

    /// No further than the last line at the bottom, so `k` answers at once however long `j`
    /// was held, and after a resize that left less to scroll.
    fn fit(&mut self, ctx: &Ctx) {
        self.scroll = self.scroll.min(self.max_scroll(ctx));
    }

    fn draw(&self, f: &mut Frame, ctx: &Ctx) {
        let theme = &ctx.theme;
        let area = f.area();
        let (w, h) = details_size(area.width, area.height);
        let inner = frame(f, w, h, &self.current_deal().title, theme);
        let body = Rect { height: inner.height.saturating_sub(1), ..inner };
        let text = self.text(ctx);
        let scroll = self.scroll.min(last_top(&text, body));
        let total = text.line_count(body.width.max(1));
        f.render_widget(text.scroll((scroll, 0)), body);
        if inner.height > 1 {
            let keys = Line::styled(theme.ui(strings::DETAILS_KEYS).into_owned(), theme.dim());
            f.render_widget(Paragraph::new(keys), row(inner, inner.height - 1));
        }
        // Where the view is, on the bottom border: the last line shown of all the lines.
        let shown = (usize::from(scroll) + usize::from(body.height)).min(total);
        let marker = format!(" {shown}/{total} ");
        let width = marker.chars().count() as u16;
        if inner.width > width && body.height > 0 {
            let x = inner.right() - width;
            f.buffer_mut().set_string(x, inner.bottom(), marker, theme.popup_border());
        }
    }
}

impl Details {
    /// The furthest the details scroll on the screen: the last line at the bottom.
    pub fn max_scroll(&self, ctx: &Ctx) -> u16 {
        last_top(&self.text(ctx), details_body(ctx.size.0, ctx.size.1))
    }

    /// The scroll that puts `section`'s heading on the top line (as far as the text scrolls).
    pub fn section_top(&self, section: Section, ctx: &Ctx) -> u16 {
        let (lines, headings) = self.lines_and_headings(ctx);
        let at = match section {
            Section::Contacts => headings[0],
            Section::History => headings[1],
            Section::Activities => headings[2],
        };
        let body = details_body(ctx.size.0, ctx.size.1);
        let before = Paragraph::new(lines[..at].to_vec()).wrap(Wrap { trim: false });
        let top = if at == 0 { 0 } else { before.line_count(body.width.max(1)) };
        u16::try_from(top).unwrap_or(u16::MAX).min(self.max_scroll(ctx))
    }

    /// Tab: the next section's heading below the top line (Shift+Tab: the one above), stopping
    /// at the first and the last.
    fn step_section(&mut self, ctx: &Ctx, forward: bool) {
        let tops =
            [Section::Contacts, Section::History, Section::Activities].map(|s| self.section_top(s, ctx));
        let next = if forward {
            tops.iter().copied().find(|&t| t > self.scroll)
        } else {
            tops.iter().rev().copied().find(|&t| t < self.scroll).or(Some(0))
        };
        if let Some(top) = next {
            self.scroll = top;
        }
    }

    fn text(&self, ctx: &Ctx) -> Paragraph<'static> {
        Paragraph::new(self.lines(ctx)).wrap(Wrap { trim: false })
    }

    fn lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        self.lines_and_headings(ctx).0
    }

    /// The lines, and where the headings of contacts, stage history and activities are in them.
    fn lines_and_headings(&self, ctx: &Ctx) -> (Vec<Line<'static>>, [usize; 3]) {
        let theme = &ctx.theme;
        let deal = self.current_deal();
        let mut out: Vec<Line> = Vec::new();
        section(&mut out, strings::SECTION_FIELDS, theme);
        let detail = match &self.detail {
            Loadable::Ready(detail) => Some(detail),
            _ => None,
        };
        fields(&mut out, deal, detail, ctx);
        section(&mut out, strings::SECTION_CUSTOM, theme);
        custom_fields(&mut out, deal, theme);
        let mut headings = [0; 3];
        section(&mut out, strings::SECTION_CONTACTS, theme);
        headings[0] = out.len() - 1;
        loadable(&mut out, &self.detail, theme, |out, detail| contacts(out, &detail.contacts, theme));
        section(&mut out, strings::SECTION_HISTORY, theme);
        headings[1] = out.len() - 1;
        loadable(&mut out, &self.detail, theme, |out, detail| history(out, &detail.stage_history, ctx));
        section(&mut out, strings::SECTION_ACTIVITIES, theme);
        headings[2] = out.len() - 1;
        loadable(&mut out, &self.activities, theme, |out, acts| activities(out, acts, ctx));
        (out, headings)
    }
}

fn section(out: &mut Vec<Line<'static>>, name: &'static str, theme: &Theme) {
    if !out.is_empty() {
        out.push(Line::raw(""));
    }
    out.push(Line::styled(name, theme.bold()));
}

fn loadable<T>(
    out: &mut Vec<Line<'static>>,
    l: &Loadable<T>,
    theme: &Theme,
    ready: impl FnOnce(&mut Vec<Line<'static>>, &T),
) {
    match l {
        Loadable::Loading => out.push(Line::styled(strings::LOADING, theme.dim())),
        Loadable::Failed(e) => out.push(Line::styled(strings::could_not_load(e), theme.error())),
        Loadable::Ready(v) => ready(out, v),
    }
}

fn opt(s: &Option<SafeText>, theme: &Theme) -> String {
    s.as_ref().map_or_else(|| theme.ui(strings::DASH).into_owned(), SafeText::to_string)
}

/// `name` in a column of 15, and always at least one space before the value (custom field
/// names can be longer than the column).
fn field(out: &mut Vec<Line<'static>>, name: &str, value: String) {
    out.push(Line::from(vec![Span::raw(format!("  {name:<14} ")), Span::raw(value)]));
}

fn fields(out: &mut Vec<Line<'static>>, d: &Deal, detail: Option<&DealDetail>, ctx: &Ctx) {
    let theme = &ctx.theme;
    let n = strings::FIELD_NAMES;
    let pipeline = ctx
        .pipelines
        .iter()
        .find(|p| p.id == d.pipeline_id)
        .map_or_else(|| SafeText::new(d.pipeline_id.as_str()), |p| p.name.clone());
    let value = d.value.map_or(theme.ui(strings::DASH).into_owned(), |v| money(v, currency_of(d)));
    let values = [
        SafeText::new(d.id.as_str()).into_string(),
        d.title.to_string(),
        pipeline.into_string(),
        stage_name(d, ctx),
        value,
        d.probability.map_or(theme.ui(strings::DASH).into_owned(), strings::probability),
        d.owner_id
            .as_deref()
            .map_or(theme.ui(strings::DASH).into_owned(), |o| SafeText::new(ctx.owner_name(o)).into_string()),
        contact_name(d, detail, theme),
        d.expected_close_date.map_or(theme.ui(strings::DASH).into_owned(), |x| x.to_string()),
        d.status.to_string(),
        if d.tags.is_empty() { theme.ui(strings::DASH).into_owned() } else { d.tags.join(", ") },
        opt(&d.won_reason, theme),
        opt(&d.lost_reason, theme),
        opt(&d.competitor, theme),
        d.closed_at.map_or(theme.ui(strings::DASH).into_owned(), |t| short_time(t, ctx)),
        short_time(d.created_at, ctx),
        short_time(d.updated_at, ctx),
    ];
    for (name, value) in n.iter().zip(values) {
        field(out, name, value);
    }
}

/// The primary contact by name when the full deal is in, else its id.
fn contact_name(d: &Deal, detail: Option<&DealDetail>, theme: &Theme) -> String {
    let Some(id) = &d.contact_id else { return theme.ui(strings::DASH).into_owned() };
    let named = detail.and_then(|x| x.contacts.iter().find(|c| &c.id == id)).map(|c| c.name.clone());
    named.unwrap_or_else(|| SafeText::new(id.as_str())).into_string()
}

/// The stage's name: from the deal, else from the pipeline, else its id.
fn stage_name(d: &Deal, ctx: &Ctx) -> String {
    let from_pipeline = || {
        let stages = ctx.pipelines.iter().flat_map(|p| p.stages.iter());
        stages.clone().find(|s| s.id == d.stage_id).map(|s| s.name.clone())
    };
    let name = d.stage_name.clone().or_else(from_pipeline);
    name.unwrap_or_else(|| SafeText::new(d.stage_id.as_str())).into_string()
}

fn short_time(t: jiff::Timestamp, ctx: &Ctx) -> String {
    t.to_zoned(ctx.time_zone.clone()).strftime("%Y-%m-%d %H:%M").to_string()
}

fn custom_fields(out: &mut Vec<Line<'static>>, d: &Deal, theme: &Theme) {
    if d.custom_fields.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NONE)));
    }
    for (k, v) in &d.custom_fields {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => theme.ui(strings::DASH).into_owned(),
            other => other.to_string(),
        };
        // Custom fields stay JSON: their names and values are made safe here.
        field(out, &SafeText::new(k.as_str()), SafeText::new(text).into_string());
    }
}

fn contacts(out: &mut Vec<Line<'static>>, list: &[DealContact], theme: &Theme) {
    if list.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NONE)));
    }
    for c in list {
        let mut text = format!("  {}", c.name);
        if c.is_primary {
            text.push_str(strings::PRIMARY);
        }
        if let Some(role) = &c.role {
            text.push_str(&format!("{}{}", theme.ui(" — "), role.replace('_', " ")));
        }
        for part in [&c.company, &c.email, &c.phone].into_iter().flatten() {
            text.push_str(&format!("{}{}", theme.ui(" · "), part));
        }
        out.push(Line::raw(text));
    }
}

fn history(out: &mut Vec<Line<'static>>, list: &[StageChange], ctx: &Ctx) {
    let theme = &ctx.theme;
    if list.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NONE)));
    }
    for h in list {
        let stage = h.stage_name.clone().unwrap_or_else(|| SafeText::new(h.stage_id.as_str()));
        let mut text = format!("  {}  {stage}", short_time(h.entered_at, ctx));
        if let Some(by) = &h.changed_by {
            text.push_str(&format!("{}{}", theme.ui(" · "), SafeText::new(ctx.owner_name(by))));
        }
        if let Some(note) = &h.note {
            text.push_str(&theme.ui(" — “"));
            text.push_str(note);
            text.push_str(&theme.ui("”"));
        }
        out.push(Line::raw(text));
    }
}

fn activities(out: &mut Vec<Line<'static>>, list: &[Activity], ctx: &Ctx) {
    let theme = &ctx.theme;
    if list.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NONE)));
    }
    for a in list {
        let mut text = format!("  {}  {}", short_time(a.created_at, ctx), a.kind.as_str().replace('_', " "));
        if let Some(s) = &a.subject {
            text.push_str(&format!(": {s}"));
        }
        if let Some(n) = &a.note {
            text.push_str(&format!("{}{n}", theme.ui(" — ")));
        }
        if matches!(a.kind, crate::model::ActivityType::Task) {
            text.push_str(&format!(" [{}]", if a.done { strings::DONE } else { strings::OPEN_TASK }));
        }
        out.push(Line::raw(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_as_long_as_the_column_keeps_a_space_before_its_value() {
        let mut out = Vec::new();
        field(&mut out, "contract_months", "24".into());
        field(&mut out, "seats", "5".into());
        let text: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["  contract_months 24", "  seats          5"]);
    }
}
