//! [`SafeText`]: text from a server, made safe to draw once, when it is decoded (or read from the
//! database), instead of at every place that draws it.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validate::is_refused_char;
use crate::sanitize::sanitize;

/// A string with no control characters (C0, DEL, C1: no escape sequence can hide in it), no
/// line breaks or tabs (one field stays on one line) and no bidirectional controls (they
/// reorder what is drawn around them). Its only constructors clean the text, so a `SafeText`
/// can go to the terminal as it is; drawing code takes `&SafeText` for server text.
///
/// Deserializing cleans; serializing writes the string. The server refuses these characters on
/// input, so what it stores and what the board shows are the same text.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SafeText(String);

impl SafeText {
    /// `s` with what [`sanitize`] removes removed (line breaks and tabs become spaces). Clean
    /// text, nearly all of it, is kept as it is without copying.
    pub fn new(s: impl Into<String>) -> SafeText {
        let s = s.into();
        if s.chars().any(is_refused_char) { SafeText(sanitize(&s)) } else { SafeText(s) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// At most `max` characters, the cut marked with `…`.
    pub fn short(&self, max: usize) -> SafeText {
        if self.0.chars().count() <= max {
            return self.clone();
        }
        let mut cut: String = self.0.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        SafeText(cut)
    }
}

impl Deref for SafeText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SafeText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SafeText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl From<&str> for SafeText {
    fn from(s: &str) -> SafeText {
        SafeText::new(s)
    }
}

impl From<String> for SafeText {
    fn from(s: String) -> SafeText {
        SafeText::new(s)
    }
}

impl From<&String> for SafeText {
    fn from(s: &String) -> SafeText {
        SafeText::new(s.as_str())
    }
}

impl From<SafeText> for String {
    fn from(s: SafeText) -> String {
        s.0
    }
}

impl PartialEq<str> for SafeText {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SafeText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for SafeText {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<SafeText> for str {
    fn eq(&self, other: &SafeText) -> bool {
        self == other.0
    }
}

impl PartialEq<SafeText> for &str {
    fn eq(&self, other: &SafeText) -> bool {
        *self == other.0
    }
}

impl PartialEq<SafeText> for String {
    fn eq(&self, other: &SafeText) -> bool {
        *self == other.0
    }
}

impl Serialize for SafeText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SafeText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SafeText, D::Error> {
        String::deserialize(d).map(SafeText::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_survive_and_clean_text_is_kept() {
        assert_eq!(SafeText::new("a\x1b[2Jb\x07c\u{9b}31m"), "a[2Jbc31m");
        assert_eq!(SafeText::new("line\nnext\ttab"), "line next tab");
        assert_eq!(SafeText::new("x\u{202E}y\u{2066}z"), "xyz");
        assert_eq!(SafeText::new("Müller 株式会社 🚀"), "Müller 株式会社 🚀");
    }

    #[test]
    fn short_cuts_with_an_ellipsis() {
        assert_eq!(SafeText::new("abcdef").short(4), "abc…");
        assert_eq!(SafeText::new("abc").short(4), "abc");
    }

    #[test]
    fn clean_text_is_not_copied() {
        let s = String::from("Acme renewal");
        let ptr = s.as_ptr();
        assert_eq!(SafeText::new(s).as_str().as_ptr(), ptr);
    }

    #[test]
    fn deserializing_cleans_and_serializing_writes_the_string() {
        let t: SafeText = serde_json::from_str(r#""Acme\u001b[31m\nrenewal""#).unwrap();
        assert_eq!(t, "Acme[31m renewal");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""Acme[31m renewal""#);
        let tags: Vec<SafeText> = serde_json::from_str(r#"["a\u0007", "b"]"#).unwrap();
        assert_eq!(tags, ["a", "b"]);
    }

    #[test]
    fn a_deal_and_a_pipeline_from_a_hostile_server_decode_clean() {
        let deal = r#"{"id": "deal_1", "title": "Acme\u001b[2J", "pipeline_id": "pipe_1",
            "stage_id": "stage_1", "stage_name": "Lead\u202e", "tags": ["vip\u0007"],
            "won_reason": "price\nfit", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z"}"#;
        let d: crate::model::Deal = serde_json::from_str(deal).unwrap();
        assert_eq!(d.title, "Acme[2J");
        assert_eq!((d.stage_name.as_deref(), d.won_reason.as_deref()), (Some("Lead"), Some("price fit")));
        assert_eq!(d.tags, ["vip"]);
        let p = r#"{"id": "pipe_1", "name": "Sales\u009b31m", "stages": [{"id": "stage_1",
            "name": "Won\u2066", "position": 1, "probability": 100}]}"#;
        let p: crate::model::Pipeline = serde_json::from_str(p).unwrap();
        assert_eq!((p.name.as_str(), p.stages[0].name.as_str()), ("Sales31m", "Won"));
    }

    /// What the server refuses is exactly what sanitizing changes: stored text is shown as is.
    #[test]
    fn the_refused_characters_are_the_ones_sanitize_changes() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(is_refused_char(c), sanitize(&s) != s, "U+{:04X}", c as u32);
        }
    }
}
