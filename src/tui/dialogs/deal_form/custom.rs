//! The custom fields of the edit form: string / number / yes-no values that can be edited, have
//! their type changed (Ctrl+T), be removed (Ctrl+D, again to keep) and be added by name.
//!
//! The API takes `custom_fields` as one object, so a change sends the whole new object; an
//! untouched entry goes back exactly as the server gave it.

use serde_json::{Number, Value};

use super::super::TextField;
use crate::model::CustomFields;
use crate::sanitize::sanitize;
use crate::tui::strings as s;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Number,
    Bool,
}

impl Kind {
    fn of(v: &Value) -> Kind {
        match v {
            Value::Number(_) => Kind::Number,
            Value::Bool(_) => Kind::Bool,
            _ => Kind::Text,
        }
    }

    fn next(self) -> Kind {
        match self {
            Kind::Text => Kind::Number,
            Kind::Number => Kind::Bool,
            Kind::Bool => Kind::Text,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Text => s::KIND_TEXT,
            Kind::Number => s::KIND_NUMBER,
            Kind::Bool => s::KIND_BOOL,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The name as the server has it (sent back unchanged).
    pub key: String,
    pub kind: Kind,
    pub field: TextField,
    /// What the server had; `None` for an entry added in this form.
    original: Option<Value>,
    pub removed: bool,
}

impl Entry {
    fn untouched(&self) -> bool {
        self.original.as_ref().is_some_and(|o| Kind::of(o) == self.kind) && !self.field.is_dirty()
    }

    /// The JSON value this entry sends, or why it cannot.
    pub fn value(&self) -> Result<Value, String> {
        if let (true, Some(o)) = (self.untouched(), &self.original) {
            return Ok(o.clone());
        }
        let t = self.field.value().trim();
        match self.kind {
            Kind::Text => Ok(Value::String(self.field.value().to_string())),
            Kind::Number if t.is_empty() => Ok(Value::Null),
            Kind::Number => number(t).ok_or_else(|| s::CUSTOM_NOT_NUMBER.to_string()),
            Kind::Bool if t.is_empty() => Ok(Value::Null),
            Kind::Bool => boolean(t).map(Value::Bool).ok_or_else(|| s::CUSTOM_NOT_BOOL.to_string()),
        }
    }

    /// Why this entry cannot be sent; an untouched or removed entry never blocks.
    pub fn error(&self) -> Option<String> {
        if self.removed || self.untouched() { None } else { self.value().err() }
    }
}

/// Whole numbers stay whole (`5`, not `5.0`) so an untouched-looking value round-trips.
fn number(t: &str) -> Option<Value> {
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    let f: f64 = t.parse().ok().filter(|f: &f64| f.is_finite())?;
    Number::from_f64(f).map(Value::Number)
}

fn boolean(t: &str) -> Option<bool> {
    match t.to_lowercase().as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => sanitize(s),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CustomEditor {
    pub entries: Vec<Entry>,
    /// The "+ field" row: the name of a field to add.
    pub add: TextField,
    pub add_error: Option<String>,
    original: CustomFields,
}

impl CustomEditor {
    pub fn new(map: &CustomFields) -> Self {
        let entries = map
            .iter()
            .map(|(k, v)| Entry {
                key: k.clone(),
                kind: Kind::of(v),
                field: TextField::new(display(v)),
                original: Some(v.clone()),
                removed: false,
            })
            .collect();
        CustomEditor { entries, original: map.clone(), ..Default::default() }
    }

    /// The new object when it differs from the server's, `None` when unchanged; `Err` names the
    /// first entry that cannot be sent.
    pub fn changed(&self) -> Result<Option<CustomFields>, usize> {
        let mut map = CustomFields::new();
        for (i, e) in self.entries.iter().enumerate().filter(|(_, e)| !e.removed) {
            map.insert(e.key.clone(), e.value().map_err(|_| i)?);
        }
        Ok((map != self.original).then_some(map))
    }

    /// Adds a text entry named by the "+ field" row; returns its index.
    pub fn add_entry(&mut self) -> Result<usize, String> {
        let name = self.add.value().trim().to_string();
        let err = if name.is_empty() {
            Some(s::CUSTOM_NAME_EMPTY)
        } else if name.chars().any(char::is_control) {
            Some(s::CUSTOM_NAME_CONTROL)
        } else if self.entries.iter().any(|e| e.key == name) {
            Some(s::CUSTOM_NAME_TAKEN)
        } else {
            None
        };
        if let Some(e) = err {
            self.add_error = Some(e.to_string());
            return Err(e.to_string());
        }
        let field = TextField::new("");
        self.entries.push(Entry { key: name, kind: Kind::Text, field, original: None, removed: false });
        self.add.set_value("");
        self.add_error = None;
        Ok(self.entries.len() - 1)
    }

    pub fn toggle_removed(&mut self, i: usize) {
        if let Some(e) = self.entries.get_mut(i) {
            e.removed = !e.removed;
        }
    }

    pub fn cycle_kind(&mut self, i: usize) {
        if let Some(e) = self.entries.get_mut(i) {
            e.kind = e.kind.next();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn editor(v: Value) -> CustomEditor {
        CustomEditor::new(v.as_object().unwrap())
    }

    #[test]
    fn untouched_entries_go_back_exactly() {
        let e = editor(json!({"seats": 40, "renewal": true, "region": "EMEA", "old": null, "ratio": 0.25}));
        assert_eq!(e.changed(), Ok(None));
        assert_eq!(e.entries.iter().map(|x| x.field.value()).collect::<Vec<_>>().len(), 5);
    }

    #[test]
    fn each_kind_reads_its_text() {
        let mut e = editor(json!({"a": "x"}));
        let set = |e: &mut CustomEditor, kind, text: &str| {
            e.entries[0].kind = kind;
            e.entries[0].field.set_value(text);
            e.entries[0].value()
        };
        assert_eq!(set(&mut e, Kind::Number, "42"), Ok(json!(42)));
        assert_eq!(set(&mut e, Kind::Number, "-1.5"), Ok(json!(-1.5)));
        assert_eq!(set(&mut e, Kind::Number, ""), Ok(Value::Null));
        assert_eq!(set(&mut e, Kind::Number, "NaN"), Err(s::CUSTOM_NOT_NUMBER.into()));
        assert_eq!(set(&mut e, Kind::Bool, "Yes"), Ok(json!(true)));
        assert_eq!(set(&mut e, Kind::Bool, "n"), Ok(json!(false)));
        assert_eq!(set(&mut e, Kind::Bool, "maybe"), Err(s::CUSTOM_NOT_BOOL.into()));
        assert_eq!(set(&mut e, Kind::Text, " spaced "), Ok(json!(" spaced ")));
    }

    #[test]
    fn remove_add_and_names() {
        let mut e = editor(json!({"a": 1, "b": 2}));
        e.toggle_removed(0);
        assert_eq!(e.changed(), Ok(Some(json!({"b": 2}).as_object().unwrap().clone())));
        e.toggle_removed(0);
        assert_eq!(e.changed(), Ok(None));
        e.add.set_value("b");
        assert_eq!(e.add_entry(), Err(s::CUSTOM_NAME_TAKEN.into()));
        e.add.set_value("  ");
        assert_eq!(e.add_entry(), Err(s::CUSTOM_NAME_EMPTY.into()));
        e.add.set_value(" c ");
        assert_eq!(e.add_entry(), Ok(2));
        e.entries[2].field.set_value("new");
        assert_eq!(e.changed(), Ok(Some(json!({"a": 1, "b": 2, "c": "new"}).as_object().unwrap().clone())));
        e.cycle_kind(2);
        assert_eq!(e.changed(), Err(2));
    }
}
