//! Workspace settings kept in the database file: today only the API key, so a restarted server
//! answers to the key it printed the first time.

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

const API_KEY: &str = "api_key";

pub fn stored_api_key(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [API_KEY], |r| r.get(0)).optional()?)
}

pub fn store_api_key(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [API_KEY, key],
    )?;
    Ok(())
}
