//! Board settings that both `config` (which reads them from `config.toml`) and the board use:
//! the key table, the look, the card fields and the currency rates. Below both, so neither reaches into the other for them; nothing
//! here imports the rest of the crate.

pub mod card;
pub mod keys;
pub mod keyspec;
mod palette;
mod rates;
mod stale;

pub use palette::Palette;
pub use rates::Rates;
pub use stale::{DEFAULT_STALE_DAYS, StaleDays};
