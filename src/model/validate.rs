//! Field rules of docs/API.md's validation table, one function per rule. The server applies them to
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
/// The largest `value` taken: 10^15, well inside the integers an `f64` holds exactly.
pub const VALUE_MAX: f64 = 1e15;

/// The bidirectional embedding, override and isolate characters (U+202A..=U+202E,
/// U+2066..=U+2069). They reorder the text drawn after them, so the board strips them when
/// drawing; refusing them as control characters keeps stored text and shown text equal.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character no text field takes: a control character or a bidirectional control.
pub fn is_refused_char(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn has_control(s: &str) -> bool {
    s.chars().any(is_refused_char)
}

fn control_error(field: &'static str) -> FieldError {
    FieldError::new(field, format!("{field} must not contain control characters"))
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
        return Err(control_error("title"));
    }
    Ok(t.to_string())
}

/// `value`: finite, not negative and at most [`VALUE_MAX`] (10^15).
pub fn value(v: f64) -> Result<f64, FieldError> {
    if !v.is_finite() {
        return Err(FieldError::new("value", "value must be a finite number"));
    }
    if v < 0.0 {
        return Err(FieldError::new("value", "value must be zero or more"));
    }
    if v > VALUE_MAX {
        return Err(FieldError::new("value", "value must be at most 1000000000000000 (10^15)"));
    }
    Ok(v)
}

/// `currency`: three upper-case letters naming an ISO 4217 currency.
pub fn currency(s: &str) -> Result<String, FieldError> {
    if has_control(s) {
        return Err(control_error("currency"));
    }
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
    if has_control(s) {
        return Err(control_error("expected_close_date"));
    }
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

/// `tags`: at most 20 strings of 1..=50 characters, no control characters.
pub fn tags(tags: Vec<String>) -> Result<Vec<String>, FieldError> {
    check_tags(&tags)?;
    Ok(tags)
}

fn check_tags(tags: &[String]) -> Result<(), FieldError> {
    if tags.len() > TAGS_MAX {
        return Err(FieldError::new("tags", format!("at most {TAGS_MAX} tags")));
    }
    for t in tags {
        if has_control(t) {
            return Err(control_error("tags"));
        }
        let n = t.chars().count();
        if n == 0 || n > TAG_MAX {
            return Err(FieldError::new("tags", format!("each tag must be 1 to {TAG_MAX} characters")));
        }
    }
    Ok(())
}

const CUSTOM_FIELDS_SHAPE: &str =
    "custom_fields must be an object of string, number, true/false or null values";

/// `custom_fields`: string / number / bool / null values; no control characters in the names or
/// in the string values.
pub fn custom_fields(fields: &CustomFields) -> Result<(), FieldError> {
    if fields.values().any(|x| x.is_object() || x.is_array()) {
        return Err(FieldError::new("custom_fields", CUSTOM_FIELDS_SHAPE));
    }
    if fields.iter().any(|(k, v)| has_control(k) || v.as_str().is_some_and(has_control)) {
        return Err(control_error("custom_fields"));
    }
    Ok(())
}

/// Free text (reasons, competitor, notes): at most [`TEXT_MAX`] characters; line breaks and tabs
/// are allowed, other control characters are not.
pub fn text(field: &'static str, s: &str) -> Result<String, FieldError> {
    if s.chars().count() > TEXT_MAX {
        return Err(FieldError::new(field, format!("{field} must be at most {TEXT_MAX} characters")));
    }
    if s.chars().any(|c| is_refused_char(c) && c != '\n' && c != '\t') {
        return Err(control_error(field));
    }
    Ok(s.to_string())
}

/// An id naming another object (`pipeline_id`, `stage_id`, `owner_id`, `contact_id`).
pub fn id(field: &'static str, s: &str) -> Result<String, FieldError> {
    if has_control(s) {
        return Err(control_error(field));
    }
    if s.is_empty() || s.len() > 100 {
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
    let obj = v.as_object().ok_or_else(|| FieldError::new("custom_fields", CUSTOM_FIELDS_SHAPE))?;
    custom_fields(obj)?;
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
/// `pipeline_id`, `stage_id`, `currency` and `status` cannot be cleared. The values are checked
/// here in the same order as [`patch`] checks a typed patch, so a body and the patch it becomes
/// are refused naming the same field.
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
        currency: not_null("currency", field(b, "currency", |v| currency(want_str("currency", v)?))?)?,
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

/// Checks the values of a typed patch with the same rules, in the same field order, as
/// [`deal_patch`] checks a body: what a caller that builds a [`DealPatch`] itself (the board)
/// would have refused by the server. Whether a reason fits the deal's status, and whether the
/// ids it names exist, is the deal rule's business (`Deal::apply`), not this function's.
pub fn patch(p: &DealPatch) -> Result<(), FieldError> {
    fn check<T>(
        key: &'static str,
        f: &Field<T>,
        nullable: bool,
        rule: impl FnOnce(&T) -> Result<(), FieldError>,
    ) -> Result<(), FieldError> {
        match f {
            Field::Unchanged => Ok(()),
            Field::Clear if nullable => Ok(()),
            Field::Clear => Err(FieldError::new(key, format!("{key} cannot be null"))),
            Field::Set(v) => rule(v),
        }
    }
    check("title", &p.title, false, |v| title(v).map(drop))?;
    check("pipeline_id", &p.pipeline_id, false, |v| id("pipeline_id", v).map(drop))?;
    check("stage_id", &p.stage_id, false, |v| id("stage_id", v).map(drop))?;
    check("value", &p.value, true, |v| value(*v).map(drop))?;
    check("currency", &p.currency, false, |v| currency(v).map(drop))?;
    check("contact_id", &p.contact_id, true, |v| id("contact_id", v).map(drop))?;
    check("owner_id", &p.owner_id, true, |v| id("owner_id", v).map(drop))?;
    check("probability", &p.probability, true, |v| probability(i64::from(*v)).map(drop))?;
    check("custom_fields", &p.custom_fields, true, custom_fields)?;
    check("tags", &p.tags, true, |v| check_tags(v))?;
    check("status", &p.status, false, |_| Ok(()))?;
    check("won_reason", &p.won_reason, true, |v| text("won_reason", v).map(drop))?;
    check("lost_reason", &p.lost_reason, true, |v| text("lost_reason", v).map(drop))?;
    check("competitor", &p.competitor, true, |v| text("competitor", v).map(drop))?;
    Ok(())
}

/// Checks the values of a typed new deal with the same rules, in the same field order, as
/// [`new_deal`] checks a body. Whether the pipeline, stage, owner and contact exist is not
/// checked here.
pub fn new_deal_values(d: &NewDeal) -> Result<(), FieldError> {
    title(&d.title)?;
    id("pipeline_id", &d.pipeline_id)?;
    d.stage_id.as_deref().map(|v| id("stage_id", v)).transpose()?;
    d.value.map(value).transpose()?;
    d.currency.as_deref().map(currency).transpose()?;
    d.contact_id.as_deref().map(|v| id("contact_id", v)).transpose()?;
    d.owner_id.as_deref().map(|v| id("owner_id", v)).transpose()?;
    d.probability.map(|v| probability(i64::from(v))).transpose()?;
    d.custom_fields.as_ref().map(custom_fields).transpose()?;
    d.tags.as_deref().map(check_tags).transpose()?;
    Ok(())
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
    fn every_refusal_for_control_characters_says_so() {
        let cases = [
            (json!({"title": "a\u{7}b"}), "title"),
            (json!({"title": "right\u{202E}to left"}), "title"),
            (json!({"tags": ["ok", "a\u{1b}b"]}), "tags"),
            (json!({"tags": ["\u{2066}"]}), "tags"),
            (json!({"custom_fields": {"a\u{7}": 1}}), "custom_fields"),
            (json!({"custom_fields": {"a": "x\u{2069}y"}}), "custom_fields"),
            (json!({"won_reason": "x\u{202A}"}), "won_reason"),
            (json!({"competitor": "\u{0}"}), "competitor"),
            (json!({"owner_id": "usr\u{7}"}), "owner_id"),
            (json!({"currency": "US\u{7}"}), "currency"),
        ];
        for (body, field) in cases {
            let e = deal_patch(&body).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{body}");
            assert_eq!(e.message, format!("{field} must not contain control characters"), "{body}");
        }
        let e = new_deal(&json!({"title": "x", "pipeline_id": "p", "custom_fields": {"k": "\u{1b}[2J"}}));
        assert_eq!(e.unwrap_err().message, "custom_fields must not contain control characters");
        // Line breaks and tabs stay allowed in free text.
        assert!(deal_patch(&json!({"won_reason": "a\nb\tc"})).is_ok());
    }

    #[test]
    fn value_is_at_most_ten_to_the_fifteen_and_currency_cannot_be_cleared() {
        assert!(deal_patch(&json!({"value": 1e15})).is_ok());
        assert_eq!(
            err_field(deal_patch(&json!({"value": 1.000000000000001e15}))).1.as_deref(),
            Some("value")
        );
        let create = json!({"title": "x", "pipeline_id": "p", "value": 2e15});
        assert_eq!(err_field(new_deal(&create)).1.as_deref(), Some("value"));
        assert_eq!(err_field(deal_patch(&json!({"currency": null}))).1.as_deref(), Some("currency"));
    }

    #[test]
    fn a_typed_patch_is_refused_naming_the_same_field_as_its_body() {
        let bodies = [
            json!({"title": " ", "value": -1}),
            json!({"value": 2e15, "currency": "usd"}),
            json!({"tags": ["a\u{7}"], "won_reason": "\u{1b}"}),
            json!({"custom_fields": {"\u{202D}": true}}),
            json!({"competitor": "x".repeat(2001)}),
        ];
        for body in bodies {
            let want = deal_patch(&body).unwrap_err().field;
            // The same fields, built the way the board builds them (no checks on the way).
            let typed: DealPatch = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(patch(&typed).unwrap_err().field, want.as_deref().unwrap(), "{body}");
        }
        let typed = DealPatch { currency: Field::Clear, ..Default::default() };
        assert_eq!(patch(&typed).unwrap_err().field, "currency");
    }

    #[test]
    fn null_clears_optional_fields() {
        let p = deal_patch(&json!({"owner_id": null, "value": null})).unwrap();
        assert_eq!((p.owner_id, p.value), (Field::Clear, Field::Clear));
    }
}
