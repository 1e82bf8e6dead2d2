//! Pipelines and stages, and the local server's `/users` and `/contacts` extensions.

use axum::extract::State;

use super::{Answer, AppState, ok};
use crate::model::{Contact, Pipeline, StageSummary, User};
use crate::server::extract::{PathId, QueryPairs};
use crate::server::store::catalog;

pub async fn pipelines(State(app): State<AppState>) -> Answer<Vec<Pipeline>> {
    ok(app.db.read(catalog::pipelines).await?)
}

pub async fn stages(State(app): State<AppState>, PathId(id): PathId) -> Answer<Vec<StageSummary>> {
    ok(app.db.read(move |c| catalog::stage_summaries(c, &id)).await?)
}

pub async fn users(State(app): State<AppState>) -> Answer<Vec<User>> {
    ok(app.db.read(catalog::users).await?)
}

pub async fn contacts(State(app): State<AppState>, query: QueryPairs) -> Answer<Vec<Contact>> {
    let q = query.get("q").unwrap_or_default().trim().to_string();
    ok(app.db.read(move |c| catalog::search_contacts(c, &q)).await?)
}
