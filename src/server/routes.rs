//! The route table, mounted under both prefixes API.md names, and the middleware stack.

use std::time::Duration;

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, put};

use super::auth::{ApiKey, require_key};
use super::error::no_such_endpoint;
use super::handlers::{AppState, catalog, deals};
use super::layers::{RateLimiter, contain_panics, delay, log_requests, rate_limit};

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
        .method_not_allowed_fallback(no_such_endpoint)
        .with_state(state);
    let mut app = Router::new();
    for prefix in PREFIXES {
        app = app.nest(prefix, api.clone());
    }
    // The last layer added runs first: latency wraps everything, then panics, logging, the rate
    // limit, and the key check right before the routes (unknown paths need the key too, so the
    // route table is not probeable without it).
    app.fallback(no_such_endpoint)
        .layer(from_fn_with_state(guards.key, require_key))
        .layer(from_fn_with_state(guards.limiter, rate_limit))
        .layer(from_fn(log_requests))
        .layer(from_fn(contain_panics))
        .layer(from_fn_with_state(guards.latency, delay))
}
