//! Turning answers into values or errors, tolerating every shape docs/API.md lists: paging data under
//! `meta` or `additional_data`, the cursor under `next_cursor`, `cursor` or `next`, `has_more` and
//! `total` missing, and error bodies as an object, a plain string, a top-level `message`, empty or
//! not JSON at all. Unknown fields are ignored; a field of an unexpected type is a `Decode` error
//! naming it. Every piece of server text is sanitized and cut before it goes into an error.
//!
//! Values come in the shapes hosted CRMs send them too (see [`normalize`]): numbers as strings
//! (`"value": "1500.00"`), a full timestamp where a date is expected, timestamps without a zone
//! (`"2026-11-20 10:00:00"`, UTC). A list is read item by item: one item that still cannot be read
//! (an unknown status, a null title) is left out, logged and counted in [`Page::skipped`], and the
//! rest of the page and the paging go on.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::Page;
use super::error::{ClientError, MESSAGE_MAX};
use crate::sanitize::sanitize_short;

/// The cursor names docs/API.md accepts, in order of preference.
const CURSOR_KEYS: [&str; 3] = ["next_cursor", "cursor", "next"];

/// A list answer: the page, and whether the server claimed more pages without giving a cursor to
/// fetch them (the vendor document's own example does this; see `Client::deal_pages`).
#[derive(Debug)]
pub(crate) struct ListAnswer<T> {
    pub page: Page<T>,
    pub more_without_cursor: bool,
}

/// The `data` of a 2xx answer, as `T`.
pub(crate) fn data<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
    let mut obj = envelope(status, body)?;
    let mut data = obj.remove("data").ok_or_else(|| ClientError::decode("the answer has no `data` field"))?;
    normalize(&mut data);
    typed("data", data)
}

/// The `data` and paging data of a 2xx list answer.
pub(crate) fn list<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<ListAnswer<T>, ClientError> {
    let mut obj = envelope(status, body)?;
    let data = obj.remove("data").ok_or_else(|| ClientError::decode("the answer has no `data` field"))?;
    let (items, skipped) = items(data)?;
    let (key, paging) = match (obj.remove("meta"), obj.remove("additional_data")) {
        (Some(m), _) if !m.is_null() => ("meta", m),
        (_, Some(a)) if !a.is_null() => ("additional_data", a),
        _ => ("meta", Value::Object(Map::new())),
    };
    let Value::Object(paging) = paging else {
        return Err(ClientError::decode(format!("the field `{key}` should be an object")));
    };
    let total = optional(key, "total", &paging, Value::as_u64, "a whole number")?;
    let has_more = optional(key, "has_more", &paging, Value::as_bool, "true or false")?;
    let cursor = cursor(key, &paging)?;
    let (next_cursor, more_without_cursor) = match (has_more, cursor) {
        (Some(false), _) => (None, false),
        (_, Some(c)) => (Some(c), false),
        (Some(true), None) => (None, true),
        (None, None) => (None, false),
    };
    Ok(ListAnswer { page: Page { items, total, next_cursor, skipped }, more_without_cursor })
}

/// The items of a list's `data`, each read on its own: those that cannot be read are logged and
/// counted, not fatal to the page.
fn items<T: DeserializeOwned>(data: Value) -> Result<(Vec<T>, usize), ClientError> {
    let Value::Array(values) = data else {
        return Err(ClientError::decode("the field `data` should be a list"));
    };
    let mut items = Vec::with_capacity(values.len());
    let mut skipped = 0;
    for (i, mut value) in values.into_iter().enumerate() {
        let id = value.get("id").and_then(Value::as_str).map(|id| sanitize_short(id, 64));
        normalize(&mut value);
        match typed(&format!("data[{i}]"), value) {
            Ok(item) => items.push(item),
            Err(e) => {
                skipped += 1;
                tracing::warn!(id = id.as_deref().unwrap_or("?"), error = %e, "an item of a list could not be read; left out");
            }
        }
    }
    Ok((items, skipped))
}

/// Rewrites the values hosted CRMs send in other shapes into the ones the model reads, in place:
/// - numbers as strings (`"value": "1500.00"`, `"probability": "25"`, as HubSpot sends them) in
///   the numeric fields (`value`, `total_value`, `probability`, `deal_count`, `position`);
/// - a timestamp where a date is expected (`expected_close_date`): its date;
/// - a timestamp (`…_at`) without a zone, `T` or space separated (`"2026-11-20 10:00:00"`, as
///   Pipedrive sends them): taken as UTC.
///
/// Nested objects and lists are walked too (stages, contacts, stage history), except custom
/// fields, whose values are the user's own. Anything still of the wrong shape is left for the
/// typed decoding to name.
pub(crate) fn normalize(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(normalize),
        Value::Object(obj) => {
            for (key, v) in obj.iter_mut() {
                match key.as_str() {
                    "custom_fields" => {}
                    "value" | "total_value" => number_from_string(v, false),
                    "probability" | "deal_count" | "position" => number_from_string(v, true),
                    "expected_close_date" => date_from_timestamp(v),
                    k if k.ends_with("_at") => timestamp_in_utc(v),
                    _ => normalize(v),
                }
            }
        }
        _ => {}
    }
}

/// `"1500.00"` → `1500.0`; with `whole`, `"25"` or `"25.0"` → `25`. Other strings stay.
fn number_from_string(v: &mut Value, whole: bool) {
    let Value::String(s) = v else { return };
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return;
    }
    let Ok(n) = t.parse::<f64>() else { return };
    if !n.is_finite() {
        return;
    }
    *v = if whole {
        if n.fract() != 0.0 || n < i64::MIN as f64 || n > i64::MAX as f64 {
            return;
        }
        Value::from(n as i64)
    } else {
        match serde_json::Number::from_f64(n) {
            Some(n) => Value::Number(n),
            None => return,
        }
    };
}

/// `"2026-12-01T00:00:00Z"` or `"2026-12-01 10:00:00"` → `"2026-12-01"`.
fn date_from_timestamp(v: &mut Value) {
    let Value::String(s) = v else { return };
    if s.len() > 10 && s.is_char_boundary(10) && matches!(s.as_bytes()[10], b'T' | b't' | b' ') {
        let date = &s[..10];
        if date.parse::<jiff::civil::Date>().is_ok() {
            *s = date.to_string();
        }
    }
}

/// `"2026-11-20 10:00:00"` or `"2026-11-20T10:00:00"` (no zone) → `"2026-11-20T10:00:00Z"`.
fn timestamp_in_utc(v: &mut Value) {
    let Value::String(s) = v else { return };
    if s.parse::<jiff::Timestamp>().is_ok() {
        return;
    }
    if let Ok(dt) = s.trim().replacen(' ', "T", 1).parse::<jiff::civil::DateTime>()
        && let Ok(ts) = dt.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp())
    {
        *s = ts.to_string();
    }
}

/// Parses a 2xx body into its top-level object. `"success": false` in a 2xx is still an error.
fn envelope(status: u16, body: &[u8]) -> Result<Map<String, Value>, ClientError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ClientError::decode(format!("the answer is empty (HTTP {status})")));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        if e.is_eof() {
            ClientError::decode(format!("the answer ends in the middle of its JSON (HTTP {status}): {e}"))
        } else {
            ClientError::decode(format!("the answer is not JSON (HTTP {status}): {}", snippet(body)))
        }
    })?;
    let Value::Object(obj) = value else {
        return Err(ClientError::decode(format!("the answer is not a JSON object (HTTP {status})")));
    };
    if obj.get("success") == Some(&Value::Bool(false)) {
        return Err(error_from_value(status, None, &Value::Object(obj)));
    }
    Ok(obj)
}

/// Deserializes `value` as `T`, naming the offending field (e.g. `data[3].value`) when it fails.
fn typed<T: DeserializeOwned>(root: &str, value: Value) -> Result<T, ClientError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = match path.as_str() {
            "." => root.to_string(),
            p if p.starts_with('[') => format!("{root}{p}"),
            p => format!("{root}.{p}"),
        };
        ClientError::decode(format!("field `{field}`: {}", sanitize_short(&e.into_inner().to_string(), 120)))
    })
}

/// An optional paging value: absent and `null` are `None`, a wrong type an error naming the field.
fn optional<T>(
    parent: &str,
    key: &str,
    obj: &Map<String, Value>,
    read: impl Fn(&Value) -> Option<T>,
    expected: &str,
) -> Result<Option<T>, ClientError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => read(v)
            .map(Some)
            .ok_or_else(|| ClientError::decode(format!("the field `{parent}.{key}` should be {expected}"))),
    }
}

/// The first non-null, non-empty cursor under any accepted name.
fn cursor(parent: &str, obj: &Map<String, Value>) -> Result<Option<String>, ClientError> {
    for key in CURSOR_KEYS {
        let c = optional(parent, key, obj, |v| v.as_str().map(str::to_string), "a string or null")?;
        if let Some(c) = c.filter(|c| !c.is_empty()) {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

/// The `Retry-After` header: delay-seconds, or an HTTP date (taken relative to now).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let raw = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs.min(u32::MAX as u64)));
    }
    if let Ok(secs) = raw.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(u32::MAX as f64)));
    }
    let when = jiff::fmt::rfc2822::parse(raw).ok()?.timestamp();
    let wait = when.duration_since(jiff::Timestamp::now());
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// The error a non-2xx answer stands for.
pub(crate) fn error(status: u16, retry_after: Option<Duration>, body: &[u8]) -> ClientError {
    if body.iter().all(u8::is_ascii_whitespace) {
        return classify(status, retry_after, ErrorInfo::default());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => error_from_value(status, retry_after, &v),
        Err(_) => {
            let message = format!("HTTP {status}: {}", snippet(body));
            classify(status, retry_after, ErrorInfo { message: Some(message), ..ErrorInfo::default() })
        }
    }
}

#[derive(Debug, Default)]
struct ErrorInfo {
    code: Option<String>,
    message: Option<String>,
    field: Option<String>,
}

fn error_from_value(status: u16, retry_after: Option<Duration>, v: &Value) -> ClientError {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let info = match v {
        Value::Object(obj) => match obj.get("error") {
            Some(Value::Object(e)) => ErrorInfo {
                code: s(e.get("code")),
                message: s(e.get("message")).or_else(|| s(obj.get("message"))),
                field: s(e.get("field")),
            },
            Some(Value::String(e)) => {
                ErrorInfo { code: s(obj.get("code")), message: Some(e.clone()), field: s(obj.get("field")) }
            }
            _ => ErrorInfo {
                code: s(obj.get("code")),
                message: s(obj.get("message")),
                field: s(obj.get("field")),
            },
        },
        Value::String(m) => ErrorInfo { message: Some(m.clone()), ..ErrorInfo::default() },
        other => ErrorInfo {
            message: Some(format!("HTTP {status}: {}", sanitize_short(&other.to_string(), MESSAGE_MAX))),
            ..ErrorInfo::default()
        },
    };
    classify(status, retry_after, info)
}

/// The HTTP status carries the class; the code refines it (the stage rule shares 422 with validation).
fn classify(status: u16, retry_after: Option<Duration>, info: ErrorInfo) -> ClientError {
    let message = info.message.as_deref().map(|m| sanitize_short(m.trim(), MESSAGE_MAX)).unwrap_or_default();
    let field = info.field.map(|f| sanitize_short(&f, 64)).filter(|f| !f.is_empty());
    match (status, info.code.as_deref()) {
        (_, Some("stage_not_in_pipeline")) => ClientError::StageNotInPipeline { message },
        (401, _) => ClientError::Unauthorized,
        // A 404 naming a field is about an id the request refers to (`stage_id`, `pipeline_id`),
        // not the thing asked for: a value to fix, as a 422 is.
        (404, _) if field.is_some() => ClientError::Validation { field, message },
        (404, _) => ClientError::NotFound { message },
        (400 | 413, _) => ClientError::BadRequest { message },
        (422, _) => {
            let message = match (&field, message.is_empty()) {
                (Some(f), true) => format!("{f} was refused"),
                _ => message,
            };
            ClientError::Validation { field, message }
        }
        (429, _) => ClientError::RateLimited { retry_after },
        (status, _) => ClientError::Server { status, message },
    }
}

/// At most [`MESSAGE_MAX`] sanitized characters of a body, for errors about bodies not understood.
fn snippet(body: &[u8]) -> String {
    sanitize_short(String::from_utf8_lossy(body).trim(), MESSAGE_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Deal, Pipeline};

    fn deal_json(extra: &str) -> String {
        format!(
            r#"{{"id":"deal_1","title":"T","pipeline_id":"pipe_1","stage_id":"stage_1",
            "created_at":"2026-02-01T10:00:00Z","updated_at":"2026-02-01T10:00:00Z"{extra}}}"#
        )
    }

    fn list_of(paging: &str) -> Result<ListAnswer<Deal>, ClientError> {
        let body = format!(r#"{{"success":true,"data":[{}]{paging}}}"#, deal_json(""));
        list(200, body.as_bytes())
    }

    #[test]
    fn the_cursor_is_found_under_every_accepted_name_and_place() {
        for place in ["meta", "additional_data"] {
            for key in CURSOR_KEYS {
                let a = list_of(&format!(r#","{place}":{{"{key}":"c2","total":3}}"#)).unwrap();
                assert_eq!(a.page.next_cursor.as_deref(), Some("c2"), "{place}.{key}");
                assert_eq!(a.page.total, Some(3));
            }
        }
    }

    #[test]
    fn the_end_of_the_list_reads_in_every_spelling() {
        for paging in [
            r#","meta":{"next_cursor":null,"has_more":false,"total":1}"#,
            r#","meta":{"cursor":null}"#,
            r#","meta":{"next":"c","has_more":false}"#,
            r#","meta":{"next_cursor":""}"#,
            r#","additional_data":{}"#,
            "",
        ] {
            let a = list_of(paging).unwrap();
            assert_eq!((a.page.next_cursor, a.more_without_cursor), (None, false), "{paging}");
        }
        let a = list_of(r#","meta":{"has_more":true}"#).unwrap();
        assert!(a.page.next_cursor.is_none() && a.more_without_cursor);
        assert_eq!(a.page.total, None);
    }

    #[test]
    fn a_field_of_the_wrong_type_is_named() {
        let body = format!(r#"{{"success":true,"data":{}}}"#, deal_json(r#","value":"$50,000""#));
        let e = data::<Deal>(200, body.as_bytes()).unwrap_err();
        assert!(matches!(&e, ClientError::Decode { message } if message.contains("`data.value`")), "{e}");
        let e = list_of(r#","meta":{"total":"many"}"#).unwrap_err();
        assert!(e.to_string().contains("`meta.total`"), "{e}");
        let e = list_of(r#","additional_data":{"next":5}"#).unwrap_err();
        assert!(e.to_string().contains("`additional_data.next`"), "{e}");
        let e = data::<Pipeline>(200, br#"{"data":{"id":"p","name":"n","stages":[{"id":1}]}}"#).unwrap_err();
        assert!(e.to_string().contains("`data.stages[0].id`"), "{e}");
    }

    #[test]
    fn a_list_item_that_cannot_be_read_is_left_out_and_counted() {
        let body = format!(
            r#"{{"success":true,"data":[{},{},{},{}],"meta":{{"next_cursor":"c2"}}}}"#,
            deal_json(""),
            deal_json(r#","value":"$50,000""#).replace("deal_1", "deal_2"),
            deal_json(r#","status":"archived""#).replace("deal_1", "deal_3"),
            deal_json("").replace("deal_1", "deal_4").replace(r#""title":"T""#, r#""title":null"#),
        );
        let a = list::<Deal>(200, body.as_bytes()).unwrap();
        assert_eq!(a.page.items.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["deal_1"]);
        assert_eq!(a.page.skipped, 3);
        assert_eq!(a.page.next_cursor.as_deref(), Some("c2"), "the paging goes on");
    }

    #[test]
    fn numbers_as_strings_and_timestamps_in_other_shapes_are_read() {
        let body = format!(
            r#"{{"success":true,"data":[{}]}}"#,
            deal_json(
                r#","value":"1500.00","probability":"25","expected_close_date":"2026-12-01T00:00:00Z",
                "closed_at":"2026-11-20 10:00:00""#
            )
            .replace(r#""updated_at":"2026-02-01T10:00:00Z""#, r#""updated_at":"2026-02-03 04:05:06""#)
        );
        let a = list::<Deal>(200, body.as_bytes()).unwrap();
        assert_eq!(a.page.skipped, 0);
        let d = &a.page.items[0];
        assert_eq!((d.value, d.probability), (Some(1500.0), Some(25)));
        assert_eq!(d.expected_close_date, Some(jiff::civil::date(2026, 12, 1)));
        assert_eq!(d.closed_at, Some("2026-11-20T10:00:00Z".parse().unwrap()));
        assert_eq!(d.updated_at, "2026-02-03T04:05:06Z".parse::<jiff::Timestamp>().unwrap());
        // A date-only close date and a timestamp with its zone stay as they are.
        let mut v = serde_json::json!({"expected_close_date": "2026-12-01", "created_at": "2026-02-01T10:00:00+02:00",
            "custom_fields": {"value": "12"}, "probability": "25.5", "value": "1,500"});
        normalize(&mut v);
        assert_eq!(v["expected_close_date"], "2026-12-01");
        assert_eq!(v["created_at"], "2026-02-01T10:00:00+02:00");
        assert_eq!(v["custom_fields"]["value"], "12", "custom fields are the user's own");
        assert_eq!(
            (&v["probability"], &v["value"]),
            (&serde_json::json!("25.5"), &serde_json::json!("1,500"))
        );
        // Nested: a pipeline's stages.
        let p = data::<Pipeline>(
            200,
            br#"{"data":{"id":"p","name":"n","stages":[{"id":"s","name":"S","position":"2","probability":"40"}]}}"#,
        )
        .unwrap();
        assert_eq!((p.stages[0].position, p.stages[0].probability), (2, 40));
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let body =
            format!(r#"{{"success":true,"data":{},"extra":{{"a":1}}}}"#, deal_json(r#","shiny":[1,2]"#));
        assert_eq!(data::<Deal>(200, body.as_bytes()).unwrap().id, "deal_1");
    }

    #[test]
    fn broken_bodies_are_decode_errors() {
        for body in
            ["", "  ", "<html>502 Bad Gateway</html>", r#"{"success":true,"da"#, "[1]", r#"{"success":true}"#]
        {
            let e = data::<Deal>(200, body.as_bytes()).unwrap_err();
            assert!(matches!(e, ClientError::Decode { .. }), "{body}: {e:?}");
        }
        let e = data::<Deal>(200, br#"{"success":false,"error":"nope"}"#).unwrap_err();
        assert_eq!(e, ClientError::Server { status: 200, message: "nope".into() });
    }

    #[test]
    fn error_bodies_in_every_shape() {
        let obj = br#"{"success":false,"error":{"code":"validation_error","message":"value must be a number","field":"value"}}"#;
        assert_eq!(
            error(422, None, obj),
            ClientError::Validation { field: Some("value".into()), message: "value must be a number".into() }
        );
        assert_eq!(
            error(422, None, br#"{"error":"title is required"}"#),
            ClientError::Validation { field: None, message: "title is required".into() }
        );
        assert_eq!(
            error(404, None, br#"{"message":"no such deal"}"#),
            ClientError::NotFound { message: "no such deal".into() }
        );
        assert_eq!(
            error(
                404,
                None,
                br#"{"error":{"code":"not_found","message":"no stage stage_9","field":"stage_id"}}"#
            ),
            ClientError::Validation { field: Some("stage_id".into()), message: "no stage stage_9".into() }
        );
        assert_eq!(error(401, None, b""), ClientError::Unauthorized);
        assert_eq!(
            error(
                422,
                None,
                br#"{"error":{"code":"stage_not_in_pipeline","message":"update pipeline_id first"}}"#
            ),
            ClientError::StageNotInPipeline { message: "update pipeline_id first".into() }
        );
        let ra = Some(Duration::from_secs(2));
        assert_eq!(error(429, ra, b"slow down"), ClientError::RateLimited { retry_after: ra });
        assert_eq!(
            error(400, None, br#"{"error":{"code":"bad_request","message":"bad cursor"}}"#),
            ClientError::BadRequest { message: "bad cursor".into() }
        );
        assert_eq!(error(503, None, b""), ClientError::Server { status: 503, message: String::new() });
    }

    #[test]
    fn a_non_json_error_shows_the_status_and_a_short_clean_snippet() {
        let body = format!("<html>\x1b[2J{}</html>", "y".repeat(5000));
        let ClientError::Server { status, message } = error(502, None, body.as_bytes()) else { panic!() };
        assert_eq!(status, 502);
        assert!(message.starts_with("HTTP 502: <html>[2Jyyy"), "{message}");
        assert!(message.chars().count() <= MESSAGE_MAX && !message.contains('\x1b'));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
