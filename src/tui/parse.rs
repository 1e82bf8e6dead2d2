//! What people type into the board's dialogs: the crate's [`crate::human::parse`], shared with
//! the command line.

pub use crate::human::parse::*;
