//! Keys as `config.toml` writes them (`"W"`, `"ctrl+q"`, `"shift+right"`, `"f5"`), and the key
//! table a `[keys]` section makes. Pure: the config module reads the file and reports errors
//! with the file's name; this only says what is wrong with an entry (the wording is in
//! [`messages`], with the keys it describes).

use crossterm::event::{KeyCode, KeyModifiers};

use super::keys::{Action, Key, Keymap};

/// Named keys, lower case (names are matched case-insensitively; single characters are not).
const NAMED: [(&str, KeyCode); 19] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    // The names help shows, so what is read there can be written here.
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("escape", KeyCode::Esc),
];

impl Key {
    /// `"W"`, `"ctrl+q"`, `"Shift+Right"`, `"f5"`, `"ctrl++"`. Err: what is accepted.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec;
        // A lone character is always that character, so "+" and "-" can be bound.
        while rest.chars().count() > 1 {
            let Some((prefix, tail)) = rest.split_once('+') else { break };
            mods |= match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => return Err(messages::bad_key(spec)),
            };
            rest = tail;
        }
        let code = code_of(rest).ok_or_else(|| messages::bad_key(spec))?;
        normalize(code, mods, spec)
    }

    /// The key as `config.toml` writes it: `parse(spec())` gives the key back.
    pub fn spec(&self) -> String {
        let mut out = String::new();
        for (m, name) in
            [(KeyModifiers::CONTROL, "ctrl+"), (KeyModifiers::ALT, "alt+"), (KeyModifiers::SHIFT, "shift+")]
        {
            if self.mods.contains(m) {
                out.push_str(name);
            }
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("f{n}")),
            code => out.push_str(NAMED.iter().find(|(_, c)| *c == code).map_or("?", |(n, _)| n)),
        }
        out
    }
}

fn code_of(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c)
}

/// The key as [`Key::from_event`] will see it: letters carry their case instead of SHIFT, and
/// Shift+Tab is BackTab.
fn normalize(code: KeyCode, mut mods: KeyModifiers, spec: &str) -> Result<Key, String> {
    let shift = mods.contains(KeyModifiers::SHIFT);
    let code = match code {
        KeyCode::Char(c) if shift && c.is_alphabetic() => KeyCode::Char(c.to_uppercase().next().unwrap_or(c)),
        // Shift+1 is `!` on one keyboard and `+` on another: the character itself says which.
        KeyCode::Char(c) if shift && c != ' ' => return Err(messages::shifted_symbol(spec)),
        KeyCode::Tab if shift => KeyCode::BackTab,
        other => other,
    };
    if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    Ok(Key::new(code, mods))
}

/// One `[keys]` entry: an action's name and the keys it gets (they replace its defaults; an
/// empty list unbinds it).
pub type Rebinding = (String, Vec<String>);

/// The default table with `entries` applied. Err names the entry and what is accepted, or the two
/// actions a key would be bound to.
pub fn keymap_with(entries: &[Rebinding]) -> Result<Keymap, String> {
    let mut keymap = Keymap::default();
    let mut rebound = Vec::new();
    for (name, specs) in entries {
        let action = Action::from_name(name).ok_or_else(|| messages::bad_action(name))?;
        let mut keys = Vec::new();
        for spec in specs {
            let key = Key::parse(spec).map_err(|e| messages::bad_key_entry(name, spec, &e))?;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keymap.rebind(action, &keys);
        rebound.push(action);
    }
    check_conflicts(&keymap, &rebound)?;
    Ok(keymap)
}

/// A key must do one thing. The message says which of the two was left at its default, since
/// that is usually the one to rebind too.
fn check_conflicts(keymap: &Keymap, rebound: &[Action]) -> Result<(), String> {
    let b = keymap.bindings();
    for (i, (key, a)) in b.iter().enumerate() {
        if let Some((_, other)) = b[i + 1..].iter().find(|(k, o)| k == key && o != a) {
            let default = |x: &Action| !rebound.contains(x);
            // The action the user rebound first, then the one that had the key.
            let (a, other) = if default(a) && !default(other) { (other, a) } else { (a, other) };
            let label = key.spec();
            return Err(messages::key_conflict(&label, a.name(), default(a), other.name(), default(other)));
        }
    }
    Ok(())
}

/// What is wrong with a `[keys]` entry, in the words `config.toml`'s reader shows.
mod messages {
    use super::Action;

    const KEY_SYNTAX: &str = "one character (case matters: \"W\" is not \"w\"), or enter, esc, tab, \
    backtab, space, backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right, \
    f1..f12; with ctrl+, alt+ or shift+ in front (e.g. \"ctrl+q\", \"shift+right\")";
    pub fn bad_key(spec: &str) -> String {
        format!("\"{spec}\" is not a key; write {KEY_SYNTAX}")
    }
    pub fn shifted_symbol(spec: &str) -> String {
        format!("\"{spec}\": write the shifted character itself (e.g. \"!\" rather than shift+1)")
    }
    pub fn bad_key_entry(action: &str, spec: &str, why: &str) -> String {
        format!("[keys] {action} = \"{spec}\": {why}")
    }
    pub fn bad_action(name: &str) -> String {
        let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        format!("[keys] {name}: no such action; the actions are {}", names.join(", "))
    }
    pub fn key_conflict(key: &str, a: &str, a_default: bool, b: &str, b_default: bool) -> String {
        let side = |name: &str, default: bool| {
            if default { format!("{name} (its default key; rebind {name} too)") } else { name.to_string() }
        };
        format!(
            "[keys]: \"{key}\" is bound to both {} and {}; a key can do one thing",
            side(a, a_default),
            side(b, b_default)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode as C, KeyEvent, KeyModifiers as M};

    fn k(code: C, mods: M) -> Key {
        Key::new(code, mods)
    }

    #[test]
    fn every_syntax_form_parses() {
        let ok = |s: &str| Key::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("W"), Key::ch('W'));
        assert_eq!(ok("w"), Key::ch('w'));
        assert_eq!(ok("?"), Key::ch('?'));
        assert_eq!(ok("+"), Key::ch('+'));
        assert_eq!(ok("ü"), Key::ch('ü'));
        assert_eq!(ok("ctrl+q"), k(C::Char('q'), M::CONTROL));
        assert_eq!(ok("CTRL+Q"), k(C::Char('Q'), M::CONTROL));
        assert_eq!(ok("ctrl++"), k(C::Char('+'), M::CONTROL));
        assert_eq!(ok("alt+ctrl+x"), k(C::Char('x'), M::CONTROL | M::ALT));
        assert_eq!(ok("shift+l"), Key::ch('L'));
        assert_eq!(ok("shift+right"), k(C::Right, M::SHIFT));
        assert_eq!(ok("Shift+Tab"), Key::plain(C::BackTab));
        assert_eq!(ok("backtab"), Key::plain(C::BackTab));
        assert_eq!(ok("space"), Key::ch(' '));
        assert_eq!(ok("F1"), Key::plain(C::F(1)));
        assert_eq!(ok("f12"), Key::plain(C::F(12)));
        let named = [
            ("enter", C::Enter),
            ("Esc", C::Esc),
            ("tab", C::Tab),
            ("backspace", C::Backspace),
            ("delete", C::Delete),
            ("insert", C::Insert),
            ("home", C::Home),
            ("end", C::End),
            ("PageUp", C::PageUp),
            ("pagedown", C::PageDown),
            ("up", C::Up),
            ("down", C::Down),
            ("left", C::Left),
            ("right", C::Right),
        ];
        for (s, code) in named {
            assert_eq!(ok(s), Key::plain(code), "{s}");
        }
    }

    #[test]
    fn every_default_key_writes_back_to_itself() {
        for (key, _) in Keymap::default().bindings() {
            assert_eq!(Key::parse(&key.spec()), Ok(*key), "{}", key.spec());
        }
    }

    #[test]
    fn a_parsed_key_matches_what_the_terminal_sends() {
        let mut km = Keymap::default();
        km.rebind(Action::Won, &[Key::parse("shift+w").unwrap()]);
        let ev = KeyEvent::new(C::Char('W'), M::SHIFT);
        assert_eq!(km.action(&ev), Some(Action::Won));
    }

    #[test]
    fn each_bad_key_says_what_is_accepted() {
        for bad in ["", "ctrl+", "hyper+x", "f0", "f13", "enterr", "ab", "shift+1", "\u{7}"] {
            let e = Key::parse(bad).unwrap_err();
            assert!(e.contains(bad), "{bad:?}: {e}");
            if bad != "shift+1" {
                assert!(e.contains("pagedown") && e.contains("ctrl+"), "{bad:?}: {e}");
            }
        }
        assert!(Key::parse("shift+1").unwrap_err().contains("\"!\""));
    }

    #[test]
    fn entries_replace_defaults_and_may_unbind() {
        let km = keymap_with(&[
            ("won".into(), vec!["W".into()]),
            ("quit".into(), vec!["q".into(), "ctrl+q".into()]),
            ("undo".into(), vec![]),
        ])
        .unwrap();
        assert_eq!(km.keys_for(Action::Won), vec![Key::ch('W')]);
        assert_eq!(km.keys_for(Action::Quit), vec![Key::ch('q'), k(C::Char('q'), M::CONTROL)]);
        assert!(km.keys_for(Action::Undo).is_empty());
    }

    #[test]
    fn an_unknown_action_lists_the_names() {
        let e = keymap_with(&[("wonn".into(), vec!["W".into()])]).unwrap_err();
        assert!(e.contains("wonn") && e.contains("move_forward") && e.contains("quit"), "{e}");
    }

    #[test]
    fn a_bad_key_names_its_entry() {
        let e = keymap_with(&[("won".into(), vec!["W".into(), "ctlr+w".into()])]).unwrap_err();
        assert!(e.contains("won") && e.contains("ctlr+w"), "{e}");
    }

    #[test]
    fn one_key_for_two_actions_names_both() {
        // `x` is lost's default: the message says so.
        let e = keymap_with(&[("won".into(), vec!["x".into()])]).unwrap_err();
        assert!(e.contains("won") && e.contains("lost") && e.contains("\"x\""), "{e}");
        assert!(e.contains("default"), "{e}");
        assert!(e.find("won") < e.find("lost"), "the rebound action first: {e}");
        let e =
            keymap_with(&[("won".into(), vec!["z".into()]), ("lost".into(), vec!["z".into()])]).unwrap_err();
        assert!(e.contains("won") && e.contains("lost"), "{e}");
        // Moving a default away first makes room.
        keymap_with(&[("won".into(), vec!["x".into()]), ("lost".into(), vec!["X".into()])]).unwrap();
    }
}
