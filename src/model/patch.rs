use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CustomFields, DealStatus};

/// One field of a partial update: left alone, cleared (`null`), or set.
/// The document says "only include fields you want to change", so `Unchanged` is never sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field<T> {
    #[default]
    Unchanged,
    Clear,
    Set(T),
}

impl<T> Field<T> {
    pub fn is_unchanged(&self) -> bool {
        matches!(self, Field::Unchanged)
    }

    pub fn as_set(&self) -> Option<&T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }

    /// `Set` for `Some`, `Clear` for `None`.
    pub fn from_option(v: Option<T>) -> Self {
        v.map_or(Field::Clear, Field::Set)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Set(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    /// Only called when the key is present (`#[serde(default)]` gives `Unchanged` otherwise).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Field::from_option(Option::<T>::deserialize(d)?))
    }
}

/// `POST /deals` body. `title` and `pipeline_id` are required; the rest take the server's defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewDeal {
    pub title: String,
    pub pipeline_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::money::serialize_money"
    )]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<CustomFields>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `PUT /deals/:id` body: a partial update. Only fields that are not `Unchanged` are sent, so two
/// people editing different fields of one deal do not overwrite each other.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DealPatch {
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub title: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub pipeline_id: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub stage_id: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub value: Field<f64>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub currency: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub contact_id: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub owner_id: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub expected_close_date: Field<Date>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub probability: Field<u8>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub custom_fields: Field<CustomFields>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub tags: Field<Vec<String>>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub status: Field<DealStatus>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub won_reason: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub lost_reason: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_unchanged")]
    pub competitor: Field<String>,
}

impl DealPatch {
    /// True when the patch would send `{}`.
    pub fn is_empty(&self) -> bool {
        self == &DealPatch::default()
    }

    /// `{"status": "won", "won_reason": ...}` as the document's win example sends it.
    pub fn won(reason: Option<String>) -> Self {
        DealPatch {
            status: Field::Set(DealStatus::Won),
            won_reason: reason.map_or(Field::Unchanged, Field::Set),
            ..Default::default()
        }
    }

    /// `{"status": "lost", "lost_reason": ..., "competitor": ...}` as the document's loss example.
    pub fn lost(reason: Option<String>, competitor: Option<String>) -> Self {
        DealPatch {
            status: Field::Set(DealStatus::Lost),
            lost_reason: reason.map_or(Field::Unchanged, Field::Set),
            competitor: competitor.map_or(Field::Unchanged, Field::Set),
            ..Default::default()
        }
    }

    /// `{"status": "open"}`: reopens a closed deal; the server clears the reasons.
    pub fn reopen() -> Self {
        DealPatch { status: Field::Set(DealStatus::Open), ..Default::default() }
    }
}

/// `PUT /deals/:id/stage` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageMove {
    pub stage_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_sends_only_what_changes() {
        let p = DealPatch { value: Field::Set(50000.0), owner_id: Field::Clear, ..Default::default() };
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"value":50000.0,"owner_id":null}"#);
        assert_eq!(serde_json::to_string(&DealPatch::default()).unwrap(), "{}");
    }

    #[test]
    fn absent_null_and_value_decode_apart() {
        let p: DealPatch = serde_json::from_str(r#"{"value":null,"title":"x"}"#).unwrap();
        assert_eq!(p.value, Field::Clear);
        assert_eq!(p.title, Field::Set("x".into()));
        assert_eq!(p.owner_id, Field::Unchanged);
    }

    #[test]
    fn the_documents_win_and_loss_bodies() {
        let won = DealPatch::won(Some("Best feature fit".into()));
        assert_eq!(
            serde_json::to_string(&won).unwrap(),
            r#"{"status":"won","won_reason":"Best feature fit"}"#
        );
        let lost = DealPatch::lost(Some("Price too high".into()), Some("Salesforce".into()));
        assert_eq!(
            serde_json::to_string(&lost).unwrap(),
            r#"{"status":"lost","lost_reason":"Price too high","competitor":"Salesforce"}"#
        );
    }
}
