//! Amounts and dates as people type and read them, shared by the board's dialogs and the command
//! line: [`parse`] reads `50k`, `$1.2m`, `+14d` or `next friday`; [`format`] writes `$75,000`.
//! Pure: no clock, no locale, no terminal.

pub mod format;
pub mod parse;
