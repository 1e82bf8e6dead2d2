//! dealboard: a terminal kanban board for the Deals & Pipeline API, and a real server for that API.
//!
//! - [`model`]: wire types and validation rules shared by both sides of the contract.
//! - [`server`]: the API on SQLite (`dealboard serve`, and in-process for `dealboard demo`).
//! - [`client`]: the typed HTTP client the board uses; the only code that talks to the network.
//! - [`commands`]: the command line for scripts (`deals`, `login`, `completions`, `man`).
//! - [`human`]: amounts and dates as people type and read them (board and command line).
//! - [`tui`]: the board: pure `App::update`, a background worker, drawing and the terminal.

pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod connect;
pub mod demo;
pub mod human;
pub mod logging;
pub mod model;
pub mod sanitize;
pub mod server;
pub mod settings;
pub mod tui;

#[cfg(test)]
mod layering_tests;
