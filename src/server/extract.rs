//! Request extractors whose every refusal is docs/API.md's error envelope (axum's own extractors
//! answer plain text), with the body limit and JSON parsing the API defines.

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use futures_util::StreamExt;
use serde_json::Value;

use super::error::Failure;
use crate::model::{ErrorCode, validate};

/// Request bodies over this are refused with 413 (docs/API.md).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A request body parsed as JSON (any JSON value; the validators check its shape).
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Failure;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Failure> {
        let too_large = || Failure::new(ErrorCode::PayloadTooLarge, "request body is larger than 1 MiB");
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
            return Err(too_large());
        }
        // Counted as it arrives: a chunked body without a length is cut off at the limit too.
        let mut stream = req.into_body().into_data_stream();
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk =
                chunk.map_err(|_| Failure::new(ErrorCode::BadRequest, "could not read the request body"))?;
            if bytes.len() + chunk.len() > BODY_LIMIT {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Failure::new(ErrorCode::BadRequest, "request body must be a JSON object"));
        }
        // serde_json refuses nesting deeper than 128 levels and numbers beyond f64 as errors,
        // so hostile bodies end here as 400s rather than stack overflows.
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| Failure::new(ErrorCode::BadRequest, format!("request body is not valid JSON: {e}")))
    }
}

/// The query string as name/value pairs, in order, percent-decoded.
pub struct QueryPairs(pub Vec<(String, String)>);

impl QueryPairs {
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().filter(|(k, _)| *k == name).map(|(_, v)| v).last()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Failure> {
        Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|Query(pairs)| QueryPairs(pairs))
            .map_err(|_| Failure::new(ErrorCode::BadRequest, "the query string cannot be read"))
    }
}

/// The `{id}` of a path. An id that could never exist (too long, control characters) is
/// simply not found, and is not echoed back.
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        let not_found = || Failure::new(ErrorCode::NotFound, "not found");
        let Path(id) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| not_found())?;
        validate::id("id", &id).map(PathId).map_err(|_| not_found())
    }
}
