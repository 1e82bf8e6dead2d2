//! Errors at the HTTP edge. Everything that fails answers docs/API.md's error envelope with the status
//! its code carries; store failures are mapped here, and internal ones are logged in full but
//! answered with a fixed message so nothing about the database leaks.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::store::StoreError;
use crate::model::{ApiError, ErrorBody, ErrorCode};

/// An error answer: the envelope's error object, plus `Retry-After` for 429.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    pub retry_after_secs: Option<u64>,
}

impl Failure {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure::from(ApiError::new(code, message))
    }

    pub fn rate_limited(retry_after_secs: u64) -> Failure {
        Failure {
            error: ApiError::new(
                ErrorCode::RateLimited,
                format!("too many requests: retry after {retry_after_secs} s"),
            ),
            retry_after_secs: Some(retry_after_secs),
        }
    }

    pub fn internal() -> Failure {
        Failure::new(ErrorCode::Internal, "internal server error")
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure { error, retry_after_secs: None }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let api = match e {
            StoreError::NotFound { what, ref id, field } => ApiError {
                code: ErrorCode::NotFound,
                message: format!("{what} {id} not found"),
                field: field.map(str::to_string),
            },
            StoreError::Invalid { field, message } => {
                ApiError::field(ErrorCode::ValidationError, field, message)
            }
            StoreError::Rule(e) => ApiError::from(e),
            StoreError::BadCursor(message) => ApiError::field(ErrorCode::BadRequest, "cursor", message),
            e @ (StoreError::NewerSchema { .. } | StoreError::Sqlite(_) | StoreError::Corrupt(_)) => {
                tracing::error!(error = %e, "request failed in the store");
                return Failure::internal();
            }
        };
        Failure::from(api)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(ErrorBody::from(self.error))).into_response();
        if let Some(secs) = self.retry_after_secs {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Unknown paths and methods a path does not take: 404 in the envelope, not axum's empty body.
pub async fn no_such_endpoint(method: axum::http::Method, uri: axum::http::Uri) -> Failure {
    let path = crate::sanitize::sanitize_short(uri.path(), 200);
    Failure::new(ErrorCode::NotFound, format!("no such endpoint: {method} {path}"))
}
