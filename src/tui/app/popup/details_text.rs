//! The details popup's text: every field of the deal, custom fields, contacts with roles, stage
//! history with notes, activities. Sections still loading say so; failed ones say why. With the
//! popup's state, so the view that draws it and the App that clamps its scroll read one text.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Details, Loadable};
use crate::model::{Activity, Deal, DealContact, DealDetail, SafeText, StageChange};
use crate::tui::app::App;
use crate::tui::format::{currency_of, money};
use crate::tui::layout;
use crate::tui::strings;
use crate::tui::theme::Theme;

impl Details {
    /// Every line of the popup's scrolling text, styled: the view draws them and
    /// [`Details::max_scroll`] measures them, so the two agree.
    pub fn lines(&self, app: &App, theme: &Theme) -> Vec<Line<'static>> {
        let d = self;
        let deal = d.current_deal();
        let mut out: Vec<Line> = Vec::new();
        section(&mut out, strings::SECTION_FIELDS, theme);
        let detail = match &d.detail {
            Loadable::Ready(detail) => Some(detail),
            _ => None,
        };
        fields(&mut out, deal, detail, app, theme);
        section(&mut out, strings::SECTION_CUSTOM, theme);
        custom_fields(&mut out, deal, theme);
        section(&mut out, strings::SECTION_CONTACTS, theme);
        loadable(&mut out, &d.detail, theme, |out, detail| contacts(out, &detail.contacts, theme));
        section(&mut out, strings::SECTION_HISTORY, theme);
        loadable(&mut out, &d.detail, theme, |out, detail| history(out, &detail.stage_history, app, theme));
        section(&mut out, strings::SECTION_ACTIVITIES, theme);
        loadable(&mut out, &d.activities, theme, |out, acts| activities(out, acts, app, theme));
        out
    }

    /// The furthest the details can scroll on the app's screen: the last line at the bottom.
    pub fn max_scroll(&self, app: &App) -> u16 {
        let (width, height) = app.size();
        let s = app.settings();
        let theme = Theme::of(s.palette, s.color, s.ascii);
        let text = Paragraph::new(self.lines(app, &theme)).wrap(Wrap { trim: false });
        layout::last_top(&text, layout::details_body(width, height))
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

fn fields(out: &mut Vec<Line<'static>>, d: &Deal, detail: Option<&DealDetail>, app: &App, theme: &Theme) {
    let n = strings::FIELD_NAMES;
    let pipeline = app
        .board()
        .pipelines
        .iter()
        .find(|p| p.id == d.pipeline_id)
        .map_or_else(|| SafeText::new(d.pipeline_id.as_str()), |p| p.name.clone());
    let value = d.value.map_or(theme.ui(strings::DASH).into_owned(), |v| money(v, currency_of(d)));
    let values = [
        SafeText::new(d.id.as_str()).into_string(),
        d.title.to_string(),
        pipeline.into_string(),
        stage_name(d, app),
        value,
        d.probability.map_or(theme.ui(strings::DASH).into_owned(), strings::probability),
        d.owner_id
            .as_deref()
            .map_or(theme.ui(strings::DASH).into_owned(), |o| SafeText::new(app.owner_name(o)).into_string()),
        contact_name(d, detail, theme),
        d.expected_close_date.map_or(theme.ui(strings::DASH).into_owned(), |x| x.to_string()),
        d.status.to_string(),
        if d.tags.is_empty() { theme.ui(strings::DASH).into_owned() } else { d.tags.join(", ") },
        opt(&d.won_reason, theme),
        opt(&d.lost_reason, theme),
        opt(&d.competitor, theme),
        d.closed_at.map_or(theme.ui(strings::DASH).into_owned(), |t| short_time(t, app)),
        short_time(d.created_at, app),
        short_time(d.updated_at, app),
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
fn stage_name(d: &Deal, app: &App) -> String {
    let from_pipeline = || {
        let stages = app.board().pipelines.iter().flat_map(|p| p.stages.iter());
        stages.clone().find(|s| s.id == d.stage_id).map(|s| s.name.clone())
    };
    let name = d.stage_name.clone().or_else(from_pipeline);
    name.unwrap_or_else(|| SafeText::new(d.stage_id.as_str())).into_string()
}

fn short_time(t: jiff::Timestamp, app: &App) -> String {
    t.to_zoned(app.settings().time_zone.clone()).strftime("%Y-%m-%d %H:%M").to_string()
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

fn history(out: &mut Vec<Line<'static>>, list: &[StageChange], app: &App, theme: &Theme) {
    if list.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NONE)));
    }
    for h in list {
        let stage = h.stage_name.clone().unwrap_or_else(|| SafeText::new(h.stage_id.as_str()));
        let mut text = format!("  {}  {stage}", short_time(h.entered_at, app));
        if let Some(by) = &h.changed_by {
            text.push_str(&format!("{}{}", theme.ui(" · "), SafeText::new(app.owner_name(by))));
        }
        if let Some(note) = &h.note {
            text.push_str(&theme.ui(" — “"));
            text.push_str(note);
            text.push_str(&theme.ui("”"));
        }
        out.push(Line::raw(text));
    }
}

fn activities(out: &mut Vec<Line<'static>>, list: &[Activity], app: &App, theme: &Theme) {
    if list.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NONE)));
    }
    for a in list {
        let mut text = format!("  {}  {}", short_time(a.created_at, app), a.kind.as_str().replace('_', " "));
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
