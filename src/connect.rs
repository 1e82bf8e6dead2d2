//! From settings to a client: shared by the board and the deal commands, so both reach the API
//! with the same timeouts, CAs and checks, and a configuration problem exits with code 2.

use std::time::Duration;

use crate::cli::ConfigError;
use crate::client::{Client, ClientConfig, ClientError};
use crate::config::BoardConfig;

/// A client from the settings; a configuration problem (bad URL, clear-text http to another
/// host) is a [`ConfigError`] that says what to change.
pub fn client_for(cfg: &BoardConfig) -> anyhow::Result<Client> {
    let mut c = ClientConfig::new(cfg.api_url.clone(), cfg.api_key.expose());
    c.allow_insecure_http = cfg.allow_insecure_http;
    c.connect_timeout = Duration::from_secs(cfg.connect_timeout_secs);
    c.request_timeout = Duration::from_secs(cfg.request_timeout_secs);
    c.ca_cert = cfg.ca_cert.clone();
    Client::new(c).map_err(|e| match e {
        ClientError::Config(msg) => anyhow::Error::new(ConfigError(msg)),
        other => anyhow::Error::new(other),
    })
}
