//! Keys to actions, as one table. Help is generated from this table, and issue 5's rebinding
//! from `config.toml` only has to replace entries in it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Everything a key can do on the board (outside a popup, which reads its own keys).
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
}

impl Action {
    /// Help order: the order a new user learns them in.
    pub const ALL: [Action; 32] = [
        Action::ColumnLeft,
        Action::ColumnRight,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::MoveBack,
        Action::MoveForward,
        Action::MovePicker,
        Action::Won,
        Action::Lost,
        Action::EditValue,
        Action::Details,
        Action::Close,
        Action::NewDeal,
        Action::EditDeal,
        Action::DeleteDeal,
        Action::Reopen,
        Action::Search,
        Action::Filter,
        Action::ClearFilter,
        Action::Sort,
        Action::NextPipeline,
        Action::PickPipeline,
        Action::Refresh,
        Action::Undo,
        Action::Mark,
        Action::ChangeOwner,
        Action::Help,
        Action::Quit,
    ];

    /// The stable name `config.toml`'s `[keys]` table uses. A `match`, so a new action does not
    /// compile until it has a name.
    pub fn name(self) -> &'static str {
        match self {
            Action::ColumnLeft => "column_left",
            Action::ColumnRight => "column_right",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::MoveBack => "move_back",
            Action::MoveForward => "move_forward",
            Action::MovePicker => "move_picker",
            Action::Won => "won",
            Action::Lost => "lost",
            Action::EditValue => "edit_value",
            Action::Details => "details",
            Action::Close => "close",
            Action::NewDeal => "new_deal",
            Action::EditDeal => "edit_deal",
            Action::DeleteDeal => "delete_deal",
            Action::Reopen => "reopen",
            Action::Search => "search",
            Action::Filter => "filter",
            Action::ClearFilter => "clear_filter",
            Action::Sort => "sort",
            Action::NextPipeline => "next_pipeline",
            Action::PickPipeline => "pick_pipeline",
            Action::Refresh => "refresh",
            Action::Undo => "undo",
            Action::Mark => "mark",
            Action::ChangeOwner => "change_owner",
            Action::Help => "help",
            Action::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
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

/// Only presses (and auto-repeats) act; releases, reported by some terminals, do not.
pub fn is_press(ev: &KeyEvent) -> bool {
    matches!(ev.kind, KeyEventKind::Press | KeyEventKind::Repeat)
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Default for Keymap {
    /// DESIGN.md's keys.
    fn default() -> Self {
        use Action::*;
        use KeyCode::*;
        let shift = KeyModifiers::SHIFT;
        let bindings = vec![
            (Key::plain(Left), ColumnLeft),
            (Key::ch('h'), ColumnLeft),
            (Key::plain(Right), ColumnRight),
            (Key::ch('l'), ColumnRight),
            (Key::plain(KeyCode::Up), Action::Up),
            (Key::ch('k'), Action::Up),
            (Key::plain(KeyCode::Down), Action::Down),
            (Key::ch('j'), Action::Down),
            (Key::ch('g'), Top),
            (Key::plain(Home), Top),
            (Key::ch('G'), Bottom),
            (Key::plain(End), Bottom),
            (Key::plain(KeyCode::PageUp), Action::PageUp),
            (Key::plain(KeyCode::PageDown), Action::PageDown),
            (Key::new(Left, shift), MoveBack),
            (Key::ch('H'), MoveBack),
            (Key::new(Right, shift), MoveForward),
            (Key::ch('L'), MoveForward),
            (Key::ch('m'), MovePicker),
            (Key::ch('w'), Won),
            (Key::ch('x'), Lost),
            (Key::ch('v'), EditValue),
            (Key::plain(Enter), Details),
            (Key::plain(Esc), Close),
            (Key::ch('n'), NewDeal),
            (Key::ch('e'), EditDeal),
            (Key::ch('d'), DeleteDeal),
            (Key::ch('o'), Reopen),
            (Key::ch('/'), Search),
            (Key::ch('f'), Filter),
            (Key::ch('F'), ClearFilter),
            (Key::ch('s'), Sort),
            (Key::ch('p'), NextPipeline),
            (Key::plain(Tab), NextPipeline),
            (Key::ch('P'), PickPipeline),
            (Key::ch('r'), Refresh),
            (Key::ch('u'), Undo),
            (Key::ch(' '), Mark),
            (Key::ch('O'), ChangeOwner),
            (Key::ch('?'), Help),
            (Key::ch('q'), Quit),
            (Key::new(Char('c'), KeyModifiers::CONTROL), Quit),
        ];
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
    }

    /// Replaces every binding of `action` with `keys` (issue 5: rebinding from the config).
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
        let keys: Vec<String> = self
            .keys_for(action)
            .iter()
            .take(max)
            .map(|k| crate::tui::strings::key_label(k, ascii))
            .collect();
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
