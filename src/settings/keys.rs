//! Keys to actions, as one table: each action's config name, default keys and help line. Help is
//! generated from it, `config.toml`'s `[keys]` rebinding replaces entries in it, and key labels
//! (`Shift+←`) live here with the keys they name.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Everything a key can do on the board (outside a popup, which reads its own keys). In help
/// order, the order a new user learns them in; [`TABLE`] lists them in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ColumnLeft,
    ColumnRight,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    MoveBack,
    MoveForward,
    MovePicker,
    Won,
    Lost,
    EditValue,
    Details,
    Close,
    NewDeal,
    EditDeal,
    DeleteDeal,
    Reopen,
    Search,
    Filter,
    ClearFilter,
    Sort,
    NextPipeline,
    PickPipeline,
    Refresh,
    Undo,
    Mark,
    ChangeOwner,
    Help,
    Quit,
    OnlyMine,
    ChooseMe,
    NextRotting,
    SavedFilters,
    GroupByMonth,
}

/// One row of the key table.
#[derive(Debug)]
pub struct Entry {
    pub action: Action,
    /// The stable name `config.toml`'s `[keys]` table uses.
    pub name: &'static str,
    /// The default keys, in the order help shows them.
    pub keys: &'static [Key],
    /// What help says the action does.
    pub help: &'static str,
}

const fn entry(action: Action, name: &'static str, keys: &'static [Key], help: &'static str) -> Entry {
    Entry { action, name, keys, help }
}

const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// The key table, in help order (the order of [`Action`]).
pub const TABLE: [Entry; 37] = [
    entry(Action::ColumnLeft, "column_left", &[Key::plain(KeyCode::Left), Key::ch('h')], "previous column"),
    entry(Action::ColumnRight, "column_right", &[Key::plain(KeyCode::Right), Key::ch('l')], "next column"),
    entry(Action::Up, "up", &[Key::plain(KeyCode::Up), Key::ch('k')], "previous deal"),
    entry(Action::Down, "down", &[Key::plain(KeyCode::Down), Key::ch('j')], "next deal"),
    entry(Action::Top, "top", &[Key::ch('g'), Key::plain(KeyCode::Home)], "first deal of the column"),
    entry(Action::Bottom, "bottom", &[Key::ch('G'), Key::plain(KeyCode::End)], "last deal of the column"),
    entry(Action::PageUp, "page_up", &[Key::plain(KeyCode::PageUp)], "a page up"),
    entry(Action::PageDown, "page_down", &[Key::plain(KeyCode::PageDown)], "a page down"),
    entry(
        Action::MoveBack,
        "move_back",
        &[Key::new(KeyCode::Left, SHIFT), Key::ch('H')],
        "move the deal a stage back (by close month: a month earlier)",
    ),
    entry(
        Action::MoveForward,
        "move_forward",
        &[Key::new(KeyCode::Right, SHIFT), Key::ch('L')],
        "move the deal a stage forward (by close month: a month later)",
    ),
    entry(
        Action::MovePicker,
        "move_picker",
        &[Key::ch('m')],
        "move the deal to a stage from a list, with a note",
    ),
    entry(Action::Won, "won", &[Key::ch('w')], "mark won (reason)"),
    entry(Action::Lost, "lost", &[Key::ch('x')], "mark lost (reason, competitor)"),
    entry(Action::EditValue, "edit_value", &[Key::ch('v')], "edit the value"),
    entry(
        Action::Details,
        "details",
        &[Key::plain(KeyCode::Enter)],
        "details: fields, contacts, stage history, activities",
    ),
    entry(
        Action::Close,
        "close",
        &[Key::plain(KeyCode::Esc)],
        "close a popup, clear the search, then the marks",
    ),
    entry(Action::NewDeal, "new_deal", &[Key::ch('n')], "new deal in this column"),
    entry(Action::EditDeal, "edit_deal", &[Key::ch('e')], "edit the deal (every field, pipeline)"),
    entry(Action::DeleteDeal, "delete_deal", &[Key::ch('d')], "delete the deal (asks first)"),
    entry(Action::Reopen, "reopen", &[Key::ch('o')], "reopen a won or lost deal"),
    entry(Action::Search, "search", &[Key::ch('/')], "search: title, tags, owner, contact"),
    entry(Action::Filter, "filter", &[Key::ch('f')], "filter: status, owner, value, close dates"),
    entry(Action::ClearFilter, "clear_filter", &[Key::ch('F')], "clear the filter"),
    entry(Action::Sort, "sort", &[Key::ch('s')], "sort every column"),
    entry(Action::NextPipeline, "next_pipeline", &[Key::ch('p'), Key::plain(KeyCode::Tab)], "next pipeline"),
    entry(Action::PickPipeline, "pick_pipeline", &[Key::ch('P')], "pick a pipeline from a list"),
    entry(Action::Refresh, "refresh", &[Key::ch('r')], "refresh from the server"),
    entry(Action::Undo, "undo", &[Key::ch('u')], "undo the last change (again: the one before, up to 20)"),
    entry(Action::Mark, "mark", &[Key::ch(' ')], "mark / unmark the deal for a bulk action"),
    entry(Action::ChangeOwner, "change_owner", &[Key::ch('O')], "new owner for the deal or the marked deals"),
    entry(Action::Help, "help", &[Key::ch('?')], "this help"),
    entry(Action::Quit, "quit", &[Key::ch('q'), Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)], "quit"),
    entry(Action::OnlyMine, "only_mine", &[Key::ch('M')], "only my deals / every owner's again"),
    entry(Action::ChooseMe, "choose_me", &[Key::ch('I')], "choose who \"me\" is (only mine, my deals)"),
    entry(Action::NextRotting, "next_rotting", &[Key::ch('R')], "next rotting deal (no update for too long)"),
    entry(
        Action::SavedFilters,
        "saved_filters",
        &[Key::ch('S')],
        "saved filters: pick one to apply, Ctrl+D deletes",
    ),
    entry(
        Action::GroupByMonth,
        "group_by_month",
        &[Key::ch('c')],
        "group by stage / by expected close month",
    ),
];

// The table is in the order of `Action`, so an action finds its row by index.
const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        assert!(TABLE[i].action as usize == i, "TABLE must list the actions in the order of Action");
        i += 1;
    }
};

impl Action {
    /// Help order: the order a new user learns them in.
    pub const ALL: [Action; TABLE.len()] = {
        let mut all = [Action::Quit; TABLE.len()];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].action;
            i += 1;
        }
        all
    };

    /// This action's row of the key table.
    pub fn entry(self) -> &'static Entry {
        &TABLE[self as usize]
    }

    /// The stable name `config.toml`'s `[keys]` table uses.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// What help says the action does.
    pub fn help(self) -> &'static str {
        self.entry().help
    }

    pub fn from_name(name: &str) -> Option<Action> {
        TABLE.iter().find(|e| e.name == name).map(|e| e.action)
    }
}

/// One key with its modifiers. Letters carry their case in the char, so `H` is `Char('H')` with
/// or without SHIFT reported (terminals differ): SHIFT is ignored for chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    pub const fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// The key as the keymap compares it.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        if matches!(ev.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        // Some terminals send BackTab with SHIFT, some without.
        if ev.code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        Key { code: ev.code, mods }
    }
}

impl Key {
    /// `←`, `Shift+→`, `PgDn`, `Ctrl+c`, `H`: how help and hints show the key; with `ascii`,
    /// arrows are spelt out (`Left`).
    pub fn label(&self, ascii: bool) -> String {
        let arrow = |glyph: &str, word: &str| if ascii { word.to_string() } else { glyph.to_string() };
        let name = match self.code {
            KeyCode::Left => arrow("←", "Left"),
            KeyCode::Right => arrow("→", "Right"),
            KeyCode::Up => arrow("↑", "Up"),
            KeyCode::Down => arrow("↓", "Down"),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift+Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl+");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt+");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift+");
        }
        out.push_str(&name);
        out
    }
}

/// Only presses (and auto-repeats) act; releases, reported by some terminals, do not.
pub fn is_press(ev: &KeyEvent) -> bool {
    matches!(ev.kind, KeyEventKind::Press | KeyEventKind::Repeat)
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Default for Keymap {
    /// The table's default keys.
    fn default() -> Self {
        let bindings = TABLE.iter().flat_map(|e| e.keys.iter().map(|k| (*k, e.action))).collect();
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
    }

    /// Replaces every binding of `action` with `keys` (rebinding from the config).
    pub fn rebind(&mut self, action: Action, keys: &[Key]) {
        self.bindings.retain(|(_, a)| *a != action);
        self.bindings.extend(keys.iter().map(|k| (*k, action)));
    }

    /// Every `(key, action)` pair, in table order.
    pub fn bindings(&self) -> &[(Key, Action)] {
        &self.bindings
    }

    /// The keys bound to `action`, in table order.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings.iter().filter(|(_, a)| *a == action).map(|(k, _)| *k).collect()
    }

    /// The first `max` keys of `action` as a hint shows them (`p/Tab`), or `None` when it has
    /// none: hints follow the config's rebinding as help does.
    pub fn hint(&self, action: Action, max: usize, ascii: bool) -> Option<String> {
        let keys: Vec<String> = self.keys_for(action).iter().take(max).map(|k| k.label(ascii)).collect();
        (!keys.is_empty()).then(|| keys.join("/"))
    }

    /// `(keys, action)` for every action that has a key, in help order.
    pub fn help_rows(&self) -> Vec<(Vec<Key>, Action)> {
        Action::ALL.into_iter().map(|a| (self.keys_for(a), a)).filter(|(keys, _)| !keys.is_empty()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_distinct_name() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(a.name().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", a.name());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        assert_eq!(Action::from_name("Won"), None);
    }

    #[test]
    fn shift_is_ignored_for_letters_but_not_arrows() {
        let km = Keymap::default();
        let ev = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(km.action(&ev(KeyCode::Char('H'), KeyModifiers::SHIFT)), Some(Action::MoveBack));
        assert_eq!(km.action(&ev(KeyCode::Char('H'), KeyModifiers::NONE)), Some(Action::MoveBack));
        assert_eq!(km.action(&ev(KeyCode::Left, KeyModifiers::SHIFT)), Some(Action::MoveBack));
        assert_eq!(km.action(&ev(KeyCode::Left, KeyModifiers::NONE)), Some(Action::ColumnLeft));
    }

    #[test]
    fn every_action_has_a_key_and_rebinding_replaces() {
        let mut km = Keymap::default();
        assert_eq!(km.help_rows().len(), Action::ALL.len());
        km.rebind(Action::Won, &[Key::ch('W')]);
        assert_eq!(km.keys_for(Action::Won), vec![Key::ch('W')]);
        assert_eq!(km.action(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)), None);
    }
}
