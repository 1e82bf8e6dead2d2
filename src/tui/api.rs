//! The client types the board speaks in, re-exported so the board's modules (and their tests)
//! name them in one place.

pub use crate::client::{Budget, ClientError, Page};
