//! The database layout, versioned with `PRAGMA user_version`. Each entry of [`MIGRATIONS`] takes a
//! file from version `i` to `i + 1`; a later release appends entries and never edits old ones, so a
//! file written by any earlier release opens and upgrades in place.

use rusqlite::Connection;

use super::StoreError;

/// Version 1. Timestamps are INTEGER microseconds since the Unix epoch, so they sort and compare
/// exactly (RFC 3339 text with varying fractions would not); dates are `YYYY-MM-DD` text, which
/// sorts as dates do. `custom_fields` and `tags` are JSON text.
const V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE users (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT
);
CREATE TABLE contacts (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    email   TEXT,
    phone   TEXT,
    company TEXT
);
CREATE TABLE pipelines (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL
);
CREATE TABLE stages (
    id          TEXT PRIMARY KEY,
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    probability INTEGER NOT NULL
);
CREATE INDEX stages_by_pipeline ON stages(pipeline_id, position);

CREATE TABLE deals (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    pipeline_id         TEXT NOT NULL REFERENCES pipelines(id),
    stage_id            TEXT NOT NULL REFERENCES stages(id),
    value               REAL,
    currency            TEXT,
    probability         INTEGER,
    owner_id            TEXT REFERENCES users(id),
    contact_id          TEXT REFERENCES contacts(id),
    expected_close_date TEXT,
    status              TEXT NOT NULL,
    custom_fields       TEXT NOT NULL DEFAULT '{}',
    tags                TEXT NOT NULL DEFAULT '[]',
    won_reason          TEXT,
    lost_reason         TEXT,
    competitor          TEXT,
    closed_at           INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
-- One index per sort key, each ending in id: the keyset condition (key, id) > (?, ?) and the
-- ORDER BY key, id walk them directly, in either direction.
CREATE INDEX deals_by_created  ON deals(created_at, id);
CREATE INDEX deals_by_updated  ON deals(updated_at, id);
CREATE INDEX deals_by_value    ON deals(value, id);
CREATE INDEX deals_by_close    ON deals(expected_close_date, id);
-- Filters. The board asks for one pipeline's open deals stage by stage, and the stage summary
-- counts and sums open deals per stage: this one covers both (value makes the sum index-only).
CREATE INDEX deals_by_pipeline ON deals(pipeline_id, status, stage_id, value);
CREATE INDEX deals_by_stage    ON deals(stage_id, status);
CREATE INDEX deals_by_owner    ON deals(owner_id, status);
CREATE INDEX deals_by_status   ON deals(status, value);
CREATE INDEX deals_by_contact  ON deals(contact_id);

CREATE TABLE deal_contacts (
    deal_id    TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    role       TEXT,
    is_primary INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (deal_id, contact_id)
);
CREATE TABLE stage_history (
    id         INTEGER PRIMARY KEY,
    deal_id    TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    stage_id   TEXT NOT NULL REFERENCES stages(id),
    entered_at INTEGER NOT NULL,
    left_at    INTEGER,
    note       TEXT,
    changed_by TEXT
);
CREATE INDEX stage_history_by_deal ON stage_history(deal_id, entered_at);
CREATE TABLE activities (
    id         TEXT PRIMARY KEY,
    deal_id    TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    subject    TEXT,
    note       TEXT,
    due_at     INTEGER,
    done       INTEGER NOT NULL DEFAULT 0,
    user_id    TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX activities_by_deal ON activities(deal_id, created_at);
"#;

/// Version 2.
/// - `deal_changes.generation` counts changes to `deals`, kept by triggers so that every path that
///   writes deals (the API, the loaders, someone in the sqlite3 shell) moves it. List totals are
///   cached against it (`listing::TotalCache`): a COUNT over tens of thousands of deals costs
///   milliseconds, and a board asks for the same totals again and again while nothing changes.
/// - The stage and owner filter indexes end in `updated_at`, the default sort: the board's usual
///   query (one stage's open deals, most recently updated first) becomes an index walk that stops
///   after one page instead of a sort of the whole stage.
const V2: &str = r#"
CREATE TABLE deal_changes (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO deal_changes (id, generation) VALUES (1, 0);
CREATE TRIGGER deals_inserted AFTER INSERT ON deals BEGIN
    UPDATE deal_changes SET generation = generation + 1;
END;
CREATE TRIGGER deals_updated AFTER UPDATE ON deals BEGIN
    UPDATE deal_changes SET generation = generation + 1;
END;
CREATE TRIGGER deals_deleted AFTER DELETE ON deals BEGIN
    UPDATE deal_changes SET generation = generation + 1;
END;
DROP INDEX deals_by_stage;
DROP INDEX deals_by_owner;
CREATE INDEX deals_by_stage ON deals(stage_id, status, updated_at, id);
CREATE INDEX deals_by_owner ON deals(owner_id, status, updated_at, id);
"#;

/// Every schema version in order; `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2];

/// The version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the file up to [`CURRENT_VERSION`], each step in its own transaction with the version
/// bump, so a crash mid-upgrade leaves the file at a whole version. A file from a newer release is
/// refused rather than guessed at.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > CURRENT_VERSION {
        return Err(StoreError::NewerSchema { found, supported: CURRENT_VERSION });
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        // PRAGMA takes no bound parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", from + 1))?;
        tx.commit()?;
        tracing::info!(version = from + 1, "database schema migrated");
    }
    Ok(())
}

/// The version a file is at (for tests and diagnostics).
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_file_upgrades_in_place_keeping_its_deals() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO pipelines (id, name, position) VALUES ('p', 'P', 1);
             INSERT INTO stages (id, pipeline_id, name, position, probability) VALUES ('s', 'p', 'S', 1, 10);
             INSERT INTO deals (id, title, pipeline_id, stage_id, status, created_at, updated_at)
                 VALUES ('deal_1', 'Old', 'p', 's', 'open', 1, 1);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), CURRENT_VERSION);
        let title: String = conn.query_row("SELECT title FROM deals", [], |r| r.get(0)).unwrap();
        assert_eq!(title, "Old");
        let generation = |c: &Connection| -> i64 {
            c.query_row("SELECT generation FROM deal_changes", [], |r| r.get(0)).unwrap()
        };
        let before = generation(&conn);
        conn.execute("UPDATE deals SET title = 'New'", []).unwrap();
        conn.execute("DELETE FROM deals", []).unwrap();
        assert_eq!(generation(&conn), before + 2);
    }

    #[test]
    fn migrating_twice_is_a_no_op_and_newer_files_are_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), CURRENT_VERSION);
        conn.execute_batch(&format!("PRAGMA user_version = {}", CURRENT_VERSION + 1)).unwrap();
        assert!(matches!(migrate(&mut conn), Err(StoreError::NewerSchema { .. })));
    }
}
