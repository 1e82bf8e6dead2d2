//! The route table, mounted under both prefixes docs/API.md names, and the middleware stack.

use std::time::Duration;

use axum::Router;
use axum::http::{Method, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, put};
use tower_http::compression::CompressionLayer;

use super::auth::{ApiKey, KeyCheck, require_key};
use super::error::{Failure, no_such_endpoint};
use super::handlers::{AppState, catalog, deals};
use super::layers::{RateLimiter, contain_panics, delay, log_requests, rate_limit};
use crate::model::ErrorCode;

/// The vendor document lists `/v1/...`; its examples call `/functions/v1/api/...`.
pub const PREFIXES: [&str; 2] = ["/v1", "/functions/v1/api"];

pub struct Guards {
    pub key: ApiKey,
    pub limiter: RateLimiter,
    pub latency: Duration,
}

pub fn router(state: AppState, guards: Guards) -> Router {
    let api: Router = Router::new()
        .route("/deals", get(deals::list).post(deals::create))
        .route("/deals/{id}", get(deals::get).put(deals::update).delete(deals::delete))
        .route("/deals/{id}/stage", put(deals::move_stage))
        .route("/deals/{id}/activities", get(deals::activities))
        .route("/deals/{id}/contacts", get(deals::contacts))
        .route("/pipelines", get(catalog::pipelines))
        .route("/pipelines/{id}/stages", get(catalog::stages))
        .route("/users", get(catalog::users))
        .route("/contacts", get(catalog::contacts))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    let mut app = Router::new();
    for prefix in PREFIXES {
        app = app.nest(prefix, api.clone());
    }
    // The last layer added runs first: compression wraps everything, then latency, panics,
    // logging, the key check (unknown paths need the key too, so the route table is not
    // probeable without it), and the rate limit, which counts only requests with the right key.
    app.fallback(no_such_endpoint)
        .layer(from_fn_with_state(guards.limiter, rate_limit))
        .layer(from_fn_with_state(KeyCheck::new(guards.key), require_key))
        .layer(from_fn(log_requests))
        .layer(from_fn(contain_panics))
        .layer(from_fn_with_state(guards.latency, delay))
        .layer(CompressionLayer::new())
}

/// A known path with a method it does not take: 405 in the envelope. The router adds `Allow`.
async fn method_not_allowed(method: Method, uri: Uri) -> Failure {
    let path = crate::sanitize::sanitize_short(uri.path(), 200);
    Failure::new(ErrorCode::MethodNotAllowed, format!("{path} does not take {method}: see the Allow header"))
}
