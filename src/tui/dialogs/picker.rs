//! A field whose value is chosen from a list, searchable as you type (fuzzy and ranked, with
//! nucleo-matcher): owners, contacts, pipelines, stages.
//!
//! Closed, it shows the choice and lets Tab/↑/↓ move on. Typing (or Space) opens the list; then
//! ↑/↓ move through the ranked matches, Enter picks, Esc closes the list keeping the old choice.

use crossterm::event::{KeyCode, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::TextField;
use crate::model::SafeText;

/// One choice: what is sent (`id`), what is shown and searched (`label`, `detail`: server text,
/// safe to draw).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PickItem {
    pub id: String,
    pub label: SafeText,
    pub detail: Option<SafeText>,
}

impl PickItem {
    pub fn new(id: &str, label: &SafeText, detail: Option<&SafeText>) -> Self {
        let detail = detail.filter(|d| !d.is_empty()).cloned();
        PickItem { id: id.to_string(), label: label.clone(), detail }
    }

    fn haystack(&self) -> String {
        match &self.detail {
            Some(d) => format!("{} {d}", self.label),
            None => self.label.to_string(),
        }
    }
}

/// What the picker did with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PickerKey {
    /// Taken (typing in the search, moving in the list, closing it).
    Consumed,
    /// A choice was made or cleared.
    Changed,
    /// Not for the picker: the form moves, submits or cancels.
    Pass,
}

/// One row of the open list: an item, or the "none" choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    None,
    Item(usize),
}

/// Rows of the open list shown at once.
pub(crate) const LIST_ROWS: usize = 6;

/// What the open list shows: its rows (each with whether it is highlighted), how many matched,
/// and how many are out of view above and below the rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListView {
    pub rows: Vec<(Match, bool)>,
    pub total: usize,
    pub above: usize,
    pub below: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Picker {
    items: Vec<PickItem>,
    /// Whether "no choice" can be picked (optional fields).
    allow_none: bool,
    chosen: Option<String>,
    initial: Option<String>,
    query: TextField,
    open: bool,
    matches: Vec<Match>,
    highlight: usize,
    /// The first match shown: the list scrolls only to keep the highlight in view.
    top: usize,
    pub server_error: Option<String>,
}

impl Picker {
    pub fn new(items: Vec<PickItem>, chosen: Option<&str>, allow_none: bool) -> Self {
        let chosen = chosen.map(str::to_string);
        Picker {
            items,
            allow_none,
            initial: chosen.clone(),
            chosen,
            query: TextField::default(),
            open: false,
            matches: Vec::new(),
            highlight: 0,
            top: 0,
            server_error: None,
        }
    }

    pub fn chosen(&self) -> Option<&str> {
        self.chosen.as_deref()
    }

    pub fn is_dirty(&self) -> bool {
        self.chosen != self.initial
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn query(&self) -> &TextField {
        &self.query
    }

    /// The label of the choice; an id missing from the list is shown as the id itself.
    pub fn chosen_label(&self) -> Option<SafeText> {
        let id = self.chosen.as_deref()?;
        Some(self.items.iter().find(|i| i.id == id).map_or_else(|| SafeText::new(id), |i| i.label.clone()))
    }

    pub fn set_chosen(&mut self, id: Option<&str>) {
        self.chosen = id.map(str::to_string);
        self.server_error = None;
    }

    /// New items (say contacts arrived); the choice and an open search are kept.
    pub fn set_items(&mut self, items: Vec<PickItem>) {
        self.items = items;
        self.refilter();
    }

    /// Pasted text searches, opening the list if needed.
    pub fn paste(&mut self, text: &str) {
        if !self.open {
            self.open_with(None);
        }
        self.query.paste(text);
        self.refilter();
    }

    /// Opens the list with an empty search, the current choice highlighted.
    pub fn open_list(&mut self) {
        self.open_with(None);
    }

    /// The open list's rows shown, best match first, with which one is highlighted.
    pub fn visible(&self) -> ListView {
        let rows = self.matches.iter().enumerate().skip(self.top).take(LIST_ROWS);
        let rows: Vec<(Match, bool)> = rows.map(|(i, m)| (*m, i == self.highlight)).collect();
        let total = self.matches.len();
        ListView { above: self.top, below: total.saturating_sub(self.top + rows.len()), rows, total }
    }

    /// Scrolls the list as little as needed to show the highlighted row.
    fn follow_highlight(&mut self) {
        if self.highlight < self.top {
            self.top = self.highlight;
        } else if self.highlight >= self.top + LIST_ROWS {
            self.top = self.highlight + 1 - LIST_ROWS;
        }
        self.top = self.top.min(self.matches.len().saturating_sub(LIST_ROWS));
    }

    /// The id of the item highlighted in the open list (`None` for the "none" row or no match).
    pub fn highlighted(&self) -> Option<&str> {
        match self.matches.get(self.highlight) {
            Some(Match::Item(i)) if self.open => Some(&self.items[*i].id),
            _ => None,
        }
    }

    pub fn item(&self, i: usize) -> &PickItem {
        &self.items[i]
    }

    pub fn handle(&mut self, key: KeyEvent) -> PickerKey {
        if self.open { self.handle_open(key) } else { self.handle_closed(key) }
    }

    fn handle_closed(&mut self, key: KeyEvent) -> PickerKey {
        match key.code {
            KeyCode::Char(' ') if key.modifiers.is_empty() => {
                self.open_with(None);
                PickerKey::Consumed
            }
            KeyCode::Char(_) if !has_ctrl_or_alt(&key) => {
                self.open_with(Some(key));
                PickerKey::Consumed
            }
            KeyCode::Backspace | KeyCode::Delete if self.allow_none && self.chosen.is_some() => {
                self.set_chosen(None);
                PickerKey::Changed
            }
            _ => PickerKey::Pass,
        }
    }

    fn handle_open(&mut self, key: KeyEvent) -> PickerKey {
        match key.code {
            KeyCode::Up => self.highlight = self.highlight.saturating_sub(1),
            KeyCode::Down => self.highlight = (self.highlight + 1).min(self.matches.len().saturating_sub(1)),
            KeyCode::PageUp => self.highlight = self.highlight.saturating_sub(LIST_ROWS),
            KeyCode::PageDown => {
                self.highlight = (self.highlight + LIST_ROWS).min(self.matches.len().saturating_sub(1))
            }
            KeyCode::Esc => self.open = false,
            KeyCode::Enter => return self.pick(),
            KeyCode::Tab | KeyCode::BackTab => {
                self.open = false;
                return PickerKey::Pass;
            }
            _ => {
                if self.query.handle(key) {
                    self.refilter();
                }
            }
        }
        self.follow_highlight();
        PickerKey::Consumed
    }

    fn open_with(&mut self, first: Option<KeyEvent>) {
        self.open = true;
        self.query.set_value("");
        if let Some(k) = first {
            self.query.handle(k);
        }
        self.refilter();
    }

    fn pick(&mut self) -> PickerKey {
        self.open = false;
        match self.matches.get(self.highlight) {
            Some(Match::None) => self.set_chosen(None),
            Some(Match::Item(i)) => {
                let id = self.items[*i].id.clone();
                self.set_chosen(Some(&id));
            }
            None => return PickerKey::Consumed,
        }
        PickerKey::Changed
    }

    /// Ranks the items against the query: best first, ties in list order. An empty query lists
    /// everything, with "none" first and the current choice highlighted.
    fn refilter(&mut self) {
        let q = self.query.value().trim();
        self.matches.clear();
        if q.is_empty() {
            if self.allow_none {
                self.matches.push(Match::None);
            }
            self.matches.extend((0..self.items.len()).map(Match::Item));
            let current = self.matches.iter().position(|m| self.is_chosen(*m));
            self.highlight = current.unwrap_or(0);
            self.top = 0;
            self.follow_highlight();
            return;
        }
        let hay: Vec<String> = self.items.iter().map(PickItem::haystack).collect();
        self.matches.extend(rank(q, hay.iter().map(String::as_str)).into_iter().map(|(i, _)| Match::Item(i)));
        self.highlight = 0;
        self.top = 0;
    }

    fn is_chosen(&self, m: Match) -> bool {
        match m {
            Match::None => self.chosen.is_none(),
            Match::Item(i) => self.chosen.as_deref() == Some(self.items[i].id.as_str()),
        }
    }
}

/// Fuzzy-ranks `haystacks` against `query` (nucleo, smart case and normalization): the indices
/// of the ones that match with their scores, best first, ties in the given order. Shared by the
/// pickers and the board's search so both match alike.
pub(crate) fn rank<'a>(query: &str, haystacks: impl IntoIterator<Item = &'a str>) -> Vec<(usize, u32)> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let ranked =
        pattern.match_list(haystacks.into_iter().enumerate().map(|(i, h)| Indexed(i, h)), &mut matcher);
    ranked.into_iter().map(|(Indexed(i, _), score)| (i, score)).collect()
}

/// Fuzzy-ranks items searched by several fields each (a deal's title, tags, owner and contact
/// names), every field matched on its own so a match sits within one field, never scattered over
/// them. An item scores its best field: that field's score times its weight in tenths (10 is
/// plain), a match nearer the field's start scoring a little more. The indices of the items
/// that match with their scores, best first, ties in the given order.
pub(crate) fn rank_fields<'a, F>(query: &str, items: impl IntoIterator<Item = F>) -> Vec<(usize, u32)>
where
    F: IntoIterator<Item = (&'a str, u32)>,
{
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut config = Config::DEFAULT;
    config.prefer_prefix = true;
    let mut matcher = Matcher::new(config);
    let mut buf = Vec::new();
    let mut ranked: Vec<(usize, u32)> = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, fields)| {
            let score = fields
                .into_iter()
                .filter_map(|(h, weight)| {
                    let s = pattern.score(Utf32Str::new(h, &mut buf), &mut matcher)?;
                    Some(s * weight / 10)
                })
                .max()?;
            Some((i, score))
        })
        .collect();
    ranked.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    ranked
}

/// An item's index carried through `match_list`, which wants `AsRef<str>` items.
struct Indexed<'a>(usize, &'a str);

impl AsRef<str> for Indexed<'_> {
    fn as_ref(&self) -> &str {
        self.1
    }
}

fn has_ctrl_or_alt(key: &KeyEvent) -> bool {
    use crossterm::event::KeyModifiers as M;
    key.modifiers.intersects(M::CONTROL | M::ALT)
}

/// An owner or contact: picked from a list when the server has one (`/users`, `/contacts`),
/// else typed as an id and checked with `validate::id`.
#[derive(Debug, Clone)]
pub(crate) enum RefField {
    Pick(Picker),
    Id(TextField),
}

impl RefField {
    pub fn new(items: Option<Vec<PickItem>>, chosen: Option<&str>) -> Self {
        match items {
            Some(items) => RefField::Pick(Picker::new(items, chosen, true)),
            None => RefField::Id(TextField::new(chosen.unwrap_or_default())),
        }
    }

    /// Swaps in a list that arrived late, keeping the choice (a typed id becomes the choice).
    pub fn set_items(&mut self, items: Vec<PickItem>) {
        match self {
            RefField::Pick(p) => p.set_items(items),
            RefField::Id(t) => {
                let chosen = Some(t.value().trim()).filter(|v| !v.is_empty()).map(str::to_string);
                *self = RefField::new(Some(items), chosen.as_deref());
            }
        }
    }

    pub fn is_dirty(&self) -> bool {
        match self {
            RefField::Pick(p) => p.is_dirty(),
            RefField::Id(t) => t.is_dirty(),
        }
    }

    /// The id to send (`None`: no one), or why the typed id is refused.
    pub fn value(&self, api_field: &'static str) -> Result<Option<String>, String> {
        match self {
            RefField::Pick(p) => Ok(p.chosen().map(str::to_string)),
            RefField::Id(t) => {
                let v = t.value().trim();
                if v.is_empty() {
                    return Ok(None);
                }
                crate::model::validate::id(api_field, v).map(Some).map_err(|e| e.message)
            }
        }
    }

    /// The chosen one's name, when picked from a list.
    pub fn chosen_name(&self) -> Option<SafeText> {
        match self {
            RefField::Pick(p) => p.chosen_label(),
            RefField::Id(_) => None,
        }
    }

    pub fn server_error(&self) -> Option<&String> {
        match self {
            RefField::Pick(p) => p.server_error.as_ref(),
            RefField::Id(t) => t.server_error.as_ref(),
        }
    }

    pub fn server_error_mut(&mut self) -> &mut Option<String> {
        match self {
            RefField::Pick(p) => &mut p.server_error,
            RefField::Id(t) => &mut t.server_error,
        }
    }

    pub fn picker(&self) -> Option<&Picker> {
        match self {
            RefField::Pick(p) => Some(p),
            RefField::Id(_) => None,
        }
    }

    pub fn picker_mut(&mut self) -> Option<&mut Picker> {
        match self {
            RefField::Pick(p) => Some(p),
            RefField::Id(_) => None,
        }
    }

    pub fn text(&self) -> Option<&TextField> {
        match self {
            RefField::Id(t) => Some(t),
            RefField::Pick(_) => None,
        }
    }

    pub fn text_mut(&mut self) -> Option<&mut TextField> {
        match self {
            RefField::Id(t) => Some(t),
            RefField::Pick(_) => None,
        }
    }
}

pub(crate) fn user_items(users: &[crate::model::User]) -> Vec<PickItem> {
    users.iter().map(|u| PickItem::new(&u.id, &u.name, u.email.as_ref())).collect()
}

pub(crate) fn contact_items(contacts: &[crate::model::Contact]) -> Vec<PickItem> {
    contacts.iter().map(|c| PickItem::new(&c.id, &c.name, c.company.as_ref().or(c.email.as_ref()))).collect()
}

/// Draws a picker row into a form body. Closed: the choice. Open: the search, with the ranked
/// matches under it (`width` is the dialog's, for cutting details). `none` names no choice:
/// `(none)` for a deal's owner, `(any)` for a filter's.
pub(crate) fn push_picker(
    b: &mut super::render::Body,
    label: ratatui::text::Span<'static>,
    p: &Picker,
    focused: bool,
    width: u16,
    none: &str,
    theme: &super::render::FormTheme,
) {
    use super::render::{self, INPUT_W, LABEL_W};
    use crate::tui::strings as s;
    use ratatui::style::Style;
    use ratatui::text::{Line, Span};

    if !p.is_open() {
        let chosen = p.chosen_label();
        let style = match (focused, chosen.is_some()) {
            (true, _) => theme.input,
            (false, true) => Style::new(),
            (false, false) => theme.hint,
        };
        let text = chosen.unwrap_or_else(|| none.into());
        b.push(Line::from(vec![label, Span::styled(render::pad(&text, INPUT_W), style)]));
        return;
    }
    let (input, cursor) = render::input(p.query(), INPUT_W, true, theme);
    b.cursor = Some((LABEL_W as u16 + cursor, b.lines.len()));
    let ListView { rows, total, above, below } = p.visible();
    b.push(Line::from(vec![label, input, render::hint(format!("{total} {}", s::MATCHES), theme)]));
    let indent = || Span::raw(" ".repeat(LABEL_W));
    if rows.is_empty() {
        b.push(Line::from(vec![indent(), render::hint(s::NO_MATCHES, theme)]));
    }
    let detail_w = (width as usize).saturating_sub(LABEL_W + INPUT_W + 4);
    for (m, highlighted) in rows {
        let (name, detail) = match m {
            Match::None => (none.to_string(), String::new()),
            Match::Item(i) => {
                (p.item(i).label.to_string(), p.item(i).detail.as_deref().unwrap_or_default().to_string())
            }
        };
        let mark = if highlighted { theme.list_mark() } else { "  " };
        let style = if highlighted { theme.selected } else { Style::new() };
        b.push(Line::from(vec![
            indent(),
            Span::styled(render::pad(&theme.fit(&format!("{mark}{name}"), INPUT_W), INPUT_W), style),
            Span::styled(format!(" {}", theme.fit(&detail, detail_w)), theme.hint),
        ]));
    }
    // The list goes on: say so, rather than let "8 found" over 6 rows look like a mistake.
    if above + below > 0 {
        let more = [(above, s::more_above(above, theme.ascii)), (below, s::more_below(below, theme.ascii))];
        let more: Vec<String> = more.into_iter().filter(|(n, _)| *n > 0).map(|(_, t)| t).collect();
        b.push(Line::from(vec![indent(), render::hint(format!("  {}", more.join("  ")), theme)]));
    }
}
