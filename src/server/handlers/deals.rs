//! `/deals` and everything under it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{Answer, AppState, ok};
use crate::model::{
    Activity, Deal, DealContact, DealDetail, DealQuery, Deleted, Envelope, ListMeta, validate,
};
use crate::server::error::Failure;
use crate::server::extract::{JsonBody, PathId, QueryPairs};
use crate::server::store::deal_writes::{self, WriteCtx};
use crate::server::store::{deals, listing, now};

pub async fn list(State(app): State<AppState>, query: QueryPairs) -> Answer<Vec<Deal>> {
    let q = DealQuery::from_pairs(query.iter())?;
    let totals = app.totals.clone();
    let page = app.db.read(move |c| listing::list(c, &q, &totals)).await?;
    let meta = ListMeta {
        total: page.total,
        limit: page.limit,
        has_more: page.next_cursor.is_some(),
        next_cursor: page.next_cursor,
    };
    Ok(Json(Envelope::list(page.deals, meta)))
}

pub async fn get(State(app): State<AppState>, PathId(id): PathId) -> Answer<DealDetail> {
    ok(app.db.read(move |c| deals::detail(c, &id)).await?)
}

pub async fn create(
    State(app): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<Envelope<Deal>>), Failure> {
    let new = validate::new_deal(&body)?;
    let currency = app.currency.clone();
    let deal = app
        .db
        .write(move |c| deal_writes::create(c, new, &WriteCtx { now: now(), currency: &currency }))
        .await?;
    Ok((StatusCode::CREATED, Json(Envelope::ok(deal))))
}

/// `PUT /deals/:id`: the body's shape and values are checked here (`validate::deal_patch`: no
/// `null` for `title`, `pipeline_id`, `stage_id`, `currency`, `status`; `value` at most 10^15; no
/// control characters in any text); what the patch does to the deal, and what it refuses given
/// the deal (a reason without its status, a stage of another pipeline), is the model's rule
/// (`Deal::apply`), which the store applies.
pub async fn update(
    State(app): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> Answer<Deal> {
    let patch = validate::deal_patch(&body)?;
    let currency = app.currency.clone();
    let deal = app
        .db
        .write(move |c| deal_writes::update(c, &id, patch, &WriteCtx { now: now(), currency: &currency }))
        .await?;
    ok(deal)
}

/// `PUT /deals/:id/stage`, by the model's rule (`Deal::move_stage`).
pub async fn move_stage(
    State(app): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> Answer<Deal> {
    let mv = validate::stage_move(&body)?;
    let currency = app.currency.clone();
    let deal = app
        .db
        .write(move |c| deal_writes::move_stage(c, &id, mv, &WriteCtx { now: now(), currency: &currency }))
        .await?;
    ok(deal)
}

pub async fn delete(State(app): State<AppState>, PathId(id): PathId) -> Answer<Deleted> {
    let gone = id.clone();
    app.db.write(move |c| deal_writes::delete(c, &gone)).await?;
    ok(Deleted { id, deleted: true })
}

pub async fn activities(State(app): State<AppState>, PathId(id): PathId) -> Answer<Vec<Activity>> {
    ok(app.db.read(move |c| deals::activities(c, &id)).await?)
}

pub async fn contacts(State(app): State<AppState>, PathId(id): PathId) -> Answer<Vec<DealContact>> {
    ok(app.db.read(move |c| deals::contacts(c, &id)).await?)
}
