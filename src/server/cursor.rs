//! Keyset paging cursors. A cursor names the last deal of a page by its sort key and id, so the
//! next page starts right after it wherever that deal now sits among the others: deals created,
//! moved or deleted meanwhile neither shift nor repeat the deals that were not touched.
//!
//! On the wire a cursor is opaque: URL-safe base64 of `v1`, the sort it was written for, the key
//! and the id, one per line. A cursor for another sort, or one that does not decode, is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::model::{Sort, SortField};

/// The sort key of the last deal on a page, typed as the column stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// Deals without a value or close date (they sort last).
    Null,
    /// `created_at` / `updated_at` in microseconds.
    Int(i64),
    /// `value`.
    Real(f64),
    /// `expected_close_date` as `YYYY-MM-DD`.
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub key: SortKey,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    #[error("cursor is not valid: pass back the next_cursor of a previous page unchanged")]
    Garbled,
    #[error("cursor was written for sort={written}, not sort={asked}: start again without a cursor")]
    OtherSort { written: String, asked: String },
}

const VERSION: &str = "v1";
/// Cursors longer than this are refused before decoding (ids are at most 100 bytes).
const MAX_LEN: usize = 512;

pub fn encode(sort: Sort, pos: &Position) -> String {
    let key = match &pos.key {
        SortKey::Null => "n".to_string(),
        SortKey::Int(v) => format!("i{v}"),
        // The bits, so the f64 comes back exactly (decimal text may not round-trip).
        SortKey::Real(v) => format!("f{:016x}", v.to_bits()),
        SortKey::Text(s) => format!("t{s}"),
    };
    URL_SAFE_NO_PAD.encode(format!("{VERSION}\n{sort}\n{key}\n{}", pos.id))
}

pub fn decode(sort: Sort, cursor: &str) -> Result<Position, CursorError> {
    if cursor.len() > MAX_LEN {
        return Err(CursorError::Garbled);
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim_end_matches('=')).map_err(|_| CursorError::Garbled)?;
    let text = String::from_utf8(bytes).map_err(|_| CursorError::Garbled)?;
    let mut parts = text.splitn(4, '\n');
    let (Some(VERSION), Some(written), Some(key), Some(id)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CursorError::Garbled);
    };
    let written: Sort = written.parse().map_err(|_| CursorError::Garbled)?;
    if written != sort {
        return Err(CursorError::OtherSort { written: written.to_string(), asked: sort.to_string() });
    }
    if id.is_empty() {
        return Err(CursorError::Garbled);
    }
    let key = parse_key(sort.field, key).ok_or(CursorError::Garbled)?;
    Ok(Position { key, id: id.to_string() })
}

/// The key, checked against the type the sort field's column holds.
fn parse_key(field: SortField, key: &str) -> Option<SortKey> {
    let (tag, rest) = key.split_at_checked(1)?;
    match (field, tag) {
        (SortField::CreatedAt | SortField::UpdatedAt, "i") => rest.parse().ok().map(SortKey::Int),
        (SortField::Value, "f") if rest.len() == 16 => {
            let v = f64::from_bits(u64::from_str_radix(rest, 16).ok()?);
            v.is_finite().then_some(SortKey::Real(v))
        }
        (SortField::ExpectedCloseDate, "t") => {
            crate::model::validate::parse_date(rest).ok().map(|_| SortKey::Text(rest.to_string()))
        }
        (SortField::Value | SortField::ExpectedCloseDate, "n") if rest.is_empty() => Some(SortKey::Null),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort(s: &str) -> Sort {
        s.parse().unwrap()
    }

    #[test]
    fn round_trips_every_key_type() {
        let cases = [
            ("-updated_at", SortKey::Int(1_700_000_000_123_456)),
            ("value", SortKey::Real(0.1 + 0.2)),
            ("-value", SortKey::Null),
            ("expected_close_date", SortKey::Text("2026-04-15".into())),
        ];
        for (s, key) in cases {
            let pos = Position { key, id: "deal_a\nb".into() };
            assert_eq!(decode(sort(s), &encode(sort(s), &pos)).unwrap(), pos);
        }
    }

    #[test]
    fn refuses_garbage_and_other_sorts() {
        let pos = Position { key: SortKey::Int(5), id: "deal_1".into() };
        let c = encode(sort("created_at"), &pos);
        assert!(matches!(decode(sort("-created_at"), &c), Err(CursorError::OtherSort { .. })));
        assert!(matches!(decode(sort("value"), &c), Err(CursorError::OtherSort { .. })));
        for junk in
            ["", "abc", "!!!!", "djE", &"A".repeat(10_000), &URL_SAFE_NO_PAD.encode("v1\nvalue\ni5\nx")]
        {
            assert_eq!(decode(sort("value"), junk), Err(CursorError::Garbled), "{junk}");
        }
    }
}
