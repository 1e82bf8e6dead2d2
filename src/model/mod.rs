//! Wire types shared by the API client and the local server: one set of types for one contract
//! (`docs/API.md`). The server serializes exactly these shapes; the client decodes them, with the
//! tolerance docs/API.md asks for living in `client::decode`, not here. Beside them, the rules both
//! sides apply: field validation (`validate`) and what each change does to a deal (`rules`:
//! [`Deal::create`], [`Deal::apply`], [`Deal::move_stage`]).

mod deal;
mod envelope;
mod money;
mod patch;
mod pipeline;
mod query;
mod rules;
mod text;
pub mod validate;

pub use deal::{
    Activity, ActivityType, Contact, ContactRef, Deal, DealContact, DealDetail, DealStatus, Deleted,
    StageChange, User,
};
pub use envelope::{ApiError, Envelope, ErrorBody, ErrorCode, ListMeta};
pub use money::serialize_money;
pub use patch::{DealPatch, Field, NewDeal, StageMove};
pub use pipeline::{Pipeline, Stage, StageSummary};
pub use query::{DealQuery, ParseSortError, Sort, SortField};
pub use rules::{RuleCtx, RuleError};
pub use text::SafeText;

/// Custom fields: string / number / bool / null values keyed by name.
pub type CustomFields = serde_json::Map<String, serde_json::Value>;
