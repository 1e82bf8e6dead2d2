//! Field rules of API.md's validation table, one function per rule. The server applies them to
//! request bodies (each failure is a `422 validation_error` naming the field); the board's forms
//! apply the same functions as the user types, so both refuse exactly the same input.

use jiff::civil::Date;
use serde_json::{Map, Value};

use super::{ApiError, CustomFields, DealPatch, DealStatus, ErrorCode, Field, NewDeal};

/// A refused field: which one and why, in words fit for a status line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::field(ErrorCode::ValidationError, e.field, e.message)
    }
}

pub const TITLE_MAX: usize = 255;
pub const TAG_MAX: usize = 50;
pub const TAGS_MAX: usize = 20;
/// Free text such as reasons, competitor names and stage-move notes.
pub const TEXT_MAX: usize = 2000;

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// `title`: 1..=255 characters after trimming, no control characters. Returns the trimmed title.
pub fn title(s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new("title", "title must not be empty"));
    }
    if t.chars().count() > TITLE_MAX {
        return Err(FieldError::new("title", format!("title must be at most {TITLE_MAX} characters")));
    }
    if has_control(t) {
        return Err(FieldError::new("title", "title must not contain control characters"));
    }
    Ok(t.to_string())
}

/// `value`: finite and not negative.
pub fn value(v: f64) -> Result<f64, FieldError> {
    if !v.is_finite() {
        return Err(FieldError::new("value", "value must be a finite number"));
    }
    if v < 0.0 {
        return Err(FieldError::new("value", "value must be zero or more"));
    }
    Ok(v)
}

/// `currency`: three upper-case letters naming an ISO 4217 currency.
pub fn currency(s: &str) -> Result<String, FieldError> {
    let ok = s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    if !ok || iso_currency::Currency::from_code(s).is_none() {
        return Err(FieldError::new("currency", "currency must be an ISO 4217 code such as USD or EUR"));
    }
    Ok(s.to_string())
}

/// `probability`: a whole number from 0 to 100.
pub fn probability(v: i64) -> Result<u8, FieldError> {
    u8::try_from(v)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| FieldError::new("probability", "probability must be a whole number from 0 to 100"))
}

/// `YYYY-MM-DD`, a real calendar date (no other ISO 8601 spellings).
pub fn parse_date(s: &str) -> Result<Date, FieldError> {
    let err = || {
        FieldError::new("expected_close_date", "expected_close_date must be a real date written YYYY-MM-DD")
    };
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(err());
    }
    s.parse::<Date>().map_err(|_| err())
}

/// `tags`: at most 20 strings of 1..=50 characters.
pub fn tags(tags: Vec<String>) -> Result<Vec<String>, FieldError> {
    if tags.len() > TAGS_MAX {
        return Err(FieldError::new("tags", format!("at most {TAGS_MAX} tags")));
    }
    for t in &tags {
        let n = t.chars().count();
        if n == 0 || n > TAG_MAX || has_control(t) {
            return Err(FieldError::new("tags", format!("each tag must be 1 to {TAG_MAX} characters")));
        }
    }
    Ok(tags)
}

/// Free text (reasons, competitor, notes): at most [`TEXT_MAX`] characters; line breaks and tabs
/// are allowed, other control characters are not.
pub fn text(field: &'static str, s: &str) -> Result<String, FieldError> {
    if s.chars().count() > TEXT_MAX {
        return Err(FieldError::new(field, format!("{field} must be at most {TEXT_MAX} characters")));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, format!("{field} must not contain control characters")));
    }
    Ok(s.to_string())
}

/// An id naming another object (`pipeline_id`, `stage_id`, `owner_id`, `contact_id`).
pub fn id(field: &'static str, s: &str) -> Result<String, FieldError> {
    if s.is_empty() || s.len() > 100 || has_control(s) {
        return Err(FieldError::new(field, format!("{field} must be an id")));
    }
    Ok(s.to_string())
}

// ---- JSON bodies -------------------------------------------------------------------------------

fn want_str<'a>(field: &'static str, v: &'a Value) -> Result<&'a str, FieldError> {
    v.as_str().ok_or_else(|| FieldError::new(field, format!("{field} must be a string")))
}

fn json_value(v: &Value) -> Result<f64, FieldError> {
    let n = v.as_f64().ok_or_else(|| FieldError::new("value", "value must be a number"))?;
    value(n)
}

fn json_probability(v: &Value) -> Result<u8, FieldError> {
    let err = || FieldError::new("probability", "probability must be a whole number from 0 to 100");
    let n = match v {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e6).map(|f| f as i64))
        }
        _ => None,
    };
    probability(n.ok_or_else(err)?)
}

fn json_tags(v: &Value) -> Result<Vec<String>, FieldError> {
    let err = || FieldError::new("tags", "tags must be an array of strings");
    let arr = v.as_array().ok_or_else(err)?;
    let tags =
        arr.iter().map(|t| t.as_str().map(str::to_string).ok_or_else(err)).collect::<Result<_, _>>()?;
    self::tags(tags)
}

fn json_custom_fields(v: &Value) -> Result<CustomFields, FieldError> {
    let err = || {
        FieldError::new(
            "custom_fields",
            "custom_fields must be an object of string, number, true/false or null values",
        )
    };
    let obj = v.as_object().ok_or_else(err)?;
    if obj.values().any(|x| x.is_object() || x.is_array()) {
        return Err(err());
    }
    Ok(obj.clone())
}

fn json_status(v: &Value) -> Result<DealStatus, FieldError> {
    let err = || FieldError::new("status", "status must be one of open, won, lost");
    DealStatus::parse(v.as_str().ok_or_else(err)?).ok_or_else(err)
}

fn json_date(v: &Value) -> Result<Date, FieldError> {
    parse_date(want_str("expected_close_date", v)?)
}

/// Reads one optional key of a body: absent is `Unchanged`, `null` is `Clear`.
fn field<T>(
    body: &Map<String, Value>,
    key: &'static str,
    read: impl FnOnce(&Value) -> Result<T, FieldError>,
) -> Result<Field<T>, FieldError> {
    match body.get(key) {
        None => Ok(Field::Unchanged),
        Some(Value::Null) => Ok(Field::Clear),
        Some(v) => read(v).map(Field::Set),
    }
}

fn body_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object().ok_or_else(|| ApiError::new(ErrorCode::BadRequest, "request body must be a JSON object"))
}

/// Validates a `POST /deals` body. Unknown fields are ignored. Existence of referenced ids is the
/// store's business, not this function's.
pub fn new_deal(body: &Value) -> Result<NewDeal, ApiError> {
    let b = body_object(body)?;
    let required = |key: &'static str| match b.get(key) {
        None | Some(Value::Null) => Err(FieldError::new(key, format!("{key} is required"))),
        Some(v) => Ok(v),
    };
    let title = title(want_str("title", required("title")?)?)?;
    let pipeline_id = id("pipeline_id", want_str("pipeline_id", required("pipeline_id")?)?)?;
    let opt = |f: Field<_>| f.as_set().cloned();
    let nd = NewDeal {
        title,
        pipeline_id,
        stage_id: opt(field(b, "stage_id", |v| id("stage_id", want_str("stage_id", v)?))?),
        value: field(b, "value", json_value)?.as_set().copied(),
        currency: opt(field(b, "currency", |v| currency(want_str("currency", v)?))?),
        contact_id: opt(field(b, "contact_id", |v| id("contact_id", want_str("contact_id", v)?))?),
        owner_id: opt(field(b, "owner_id", |v| id("owner_id", want_str("owner_id", v)?))?),
        expected_close_date: field(b, "expected_close_date", json_date)?.as_set().copied(),
        probability: field(b, "probability", json_probability)?.as_set().copied(),
        custom_fields: field(b, "custom_fields", json_custom_fields)?.as_set().cloned(),
        tags: field(b, "tags", json_tags)?.as_set().cloned(),
    };
    Ok(nd)
}

fn not_null<T>(key: &'static str, f: Field<T>) -> Result<Field<T>, FieldError> {
    match f {
        Field::Clear => Err(FieldError::new(key, format!("{key} cannot be null"))),
        other => Ok(other),
    }
}

/// Validates a `PUT /deals/:id` body into a patch. `null` clears an optional field; `title`,
/// `pipeline_id`, `stage_id` and `status` cannot be cleared.
pub fn deal_patch(body: &Value) -> Result<DealPatch, ApiError> {
    let b = body_object(body)?;
    let s = |key: &'static str| move |v: &Value| want_str(key, v).map(str::to_string);
    let patch = DealPatch {
        title: not_null("title", field(b, "title", |v| title(want_str("title", v)?))?)?,
        pipeline_id: not_null(
            "pipeline_id",
            field(b, "pipeline_id", |v| id("pipeline_id", want_str("pipeline_id", v)?))?,
        )?,
        stage_id: not_null("stage_id", field(b, "stage_id", |v| id("stage_id", want_str("stage_id", v)?))?)?,
        value: field(b, "value", json_value)?,
        currency: field(b, "currency", |v| currency(want_str("currency", v)?))?,
        contact_id: field(b, "contact_id", |v| id("contact_id", want_str("contact_id", v)?))?,
        owner_id: field(b, "owner_id", |v| id("owner_id", want_str("owner_id", v)?))?,
        expected_close_date: field(b, "expected_close_date", json_date)?,
        probability: field(b, "probability", json_probability)?,
        custom_fields: field(b, "custom_fields", json_custom_fields)?,
        tags: field(b, "tags", json_tags)?,
        status: not_null("status", field(b, "status", json_status)?)?,
        won_reason: field(b, "won_reason", |v| text("won_reason", &s("won_reason")(v)?))?,
        lost_reason: field(b, "lost_reason", |v| text("lost_reason", &s("lost_reason")(v)?))?,
        competitor: field(b, "competitor", |v| text("competitor", &s("competitor")(v)?))?,
    };
    Ok(patch)
}

/// Validates a `PUT /deals/:id/stage` body.
pub fn stage_move(body: &Value) -> Result<super::StageMove, ApiError> {
    let b = body_object(body)?;
    let stage_id = match b.get("stage_id") {
        None | Some(Value::Null) => return Err(FieldError::new("stage_id", "stage_id is required").into()),
        Some(v) => id("stage_id", want_str("stage_id", v)?)?,
    };
    let note = field(b, "note", |v| text("note", want_str("note", v)?))?.as_set().cloned();
    Ok(super::StageMove { stage_id, note })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err_field(r: Result<impl std::fmt::Debug, ApiError>) -> (ErrorCode, Option<String>) {
        let e = r.unwrap_err();
        (e.code, e.field)
    }

    #[test]
    fn the_documents_string_value_is_refused_naming_value() {
        let e = deal_patch(&json!({"value": "$50,000"})).unwrap_err();
        assert_eq!(e.message, "value must be a number");
        assert_eq!(e.field.as_deref(), Some("value"));
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases = [
            (json!({"title": "  "}), "title"),
            (json!({"title": "a\u{7}b"}), "title"),
            (json!({"title": "x".repeat(256)}), "title"),
            (json!({"value": -1}), "value"),
            (json!({"currency": "usd"}), "currency"),
            (json!({"currency": "XYZ"}), "currency"),
            (json!({"probability": 101}), "probability"),
            (json!({"probability": 50.5}), "probability"),
            (json!({"expected_close_date": "2026-02-30"}), "expected_close_date"),
            (json!({"expected_close_date": "20260201"}), "expected_close_date"),
            (json!({"status": "maybe"}), "status"),
            (json!({"tags": ["ok", ""]}), "tags"),
            (json!({"tags": (0..21).map(|i| i.to_string()).collect::<Vec<_>>()}), "tags"),
            (json!({"custom_fields": {"a": [1]}}), "custom_fields"),
            (json!({"title": null}), "title"),
        ];
        for (body, field) in cases {
            let (code, f) = err_field(deal_patch(&body));
            assert_eq!((code, f.as_deref()), (ErrorCode::ValidationError, Some(field)), "{body}");
        }
    }

    #[test]
    fn create_requires_title_and_pipeline() {
        assert_eq!(err_field(new_deal(&json!({"pipeline_id": "pipe_001"}))).1.as_deref(), Some("title"));
        assert_eq!(err_field(new_deal(&json!({"title": "x"}))).1.as_deref(), Some("pipeline_id"));
        assert_eq!(err_field(new_deal(&json!([1]))).0, ErrorCode::BadRequest);
        let nd =
            new_deal(&json!({"title": " Premium ", "pipeline_id": "pipe_001", "value": 24000, "extra": 1}))
                .unwrap();
        assert_eq!((nd.title.as_str(), nd.value), ("Premium", Some(24000.0)));
    }

    #[test]
    fn null_clears_optional_fields() {
        let p = deal_patch(&json!({"owner_id": null, "value": null})).unwrap();
        assert_eq!((p.owner_id, p.value), (Field::Clear, Field::Clear));
    }
}
