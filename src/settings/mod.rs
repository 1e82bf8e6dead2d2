//! Board settings that both `config` (which reads them from `config.toml`) and the board use:
//! the key table and the look. Below both, so neither reaches into the other for them; nothing
//! here imports the rest of the crate.

pub mod keys;
pub mod keyspec;
mod palette;

pub use palette::Palette;
