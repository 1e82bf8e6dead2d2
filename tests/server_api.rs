//! The API server over real HTTP: a server on a loopback port with a SQLite file in a temp dir.

#[path = "server_api/support.rs"]
mod support;

#[path = "support/pty.rs"]
mod pty;

#[path = "server_api/bad_input.rs"]
mod bad_input;

#[path = "server_api/cli.rs"]
mod cli;

#[path = "server_api/cli_commands.rs"]
mod cli_commands;

#[path = "server_api/vendor_examples.rs"]
mod vendor_examples;

#[path = "server_api/lifecycle.rs"]
mod lifecycle;

#[path = "server_api/listing.rs"]
mod listing;

#[path = "server_api/errors.rs"]
mod errors;

#[path = "server_api/writes.rs"]
mod writes;

#[path = "server_api/endpoints.rs"]
mod endpoints;

#[path = "server_api/edges.rs"]
mod edges;

#[path = "server_api/https.rs"]
mod https;

#[path = "server_api/contract.rs"]
mod contract;

#[path = "server_api/won_stage.rs"]
mod won_stage;
