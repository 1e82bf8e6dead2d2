//! One async function per endpoint: read the request, validate with `model::validate`, run the
//! store call on the blocking pool, wrap the answer in the envelope.

pub mod catalog;
pub mod deals;

use std::sync::Arc;

use axum::Json;

use super::error::Failure;
use super::store::Db;
use super::store::listing::TotalCache;
use crate::model::Envelope;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The workspace currency: the default of new deals.
    pub currency: Arc<str>,
    /// List totals, kept until the deals change.
    pub totals: Arc<TotalCache>,
}

/// A successful answer of one object or an unpaged list.
pub type Answer<T> = Result<Json<Envelope<T>>, Failure>;

pub fn ok<T>(data: T) -> Answer<T> {
    Ok(Json(Envelope::ok(data)))
}
