//! Numbers and dates as the board prints them: the crate's [`crate::human::format`], shared with
//! the command line.

pub use crate::human::format::*;
