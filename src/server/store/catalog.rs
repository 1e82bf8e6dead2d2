//! Pipelines with their stages, users and contacts: the things deals point at.

use rusqlite::{Connection, params};

use super::StoreError;
use crate::model::{Contact, Pipeline, SafeText, Stage, StageSummary, User};
use crate::server::demo_data::DemoContact;

pub fn pipelines(conn: &Connection) -> Result<Vec<Pipeline>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, name, is_default FROM pipelines ORDER BY position, id")?;
    let heads = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, SafeText>(1)?, r.get::<_, bool>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    heads
        .into_iter()
        .map(|(id, name, is_default)| Ok(Pipeline { stages: stages(conn, &id)?, id, name, is_default }))
        .collect()
}

pub fn pipeline_exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    exists(conn, "SELECT 1 FROM pipelines WHERE id = ?1", id)
}

fn stages(conn: &Connection, pipeline_id: &str) -> Result<Vec<Stage>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, position, probability FROM stages WHERE pipeline_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([pipeline_id], |r| {
        Ok(Stage { id: r.get(0)?, name: r.get(1)?, position: r.get(2)?, probability: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `GET /pipelines/:id/stages`: each stage with the count and total value of its open deals.
pub fn stage_summaries(conn: &Connection, pipeline_id: &str) -> Result<Vec<StageSummary>, StoreError> {
    if !pipeline_exists(conn, pipeline_id)? {
        return Err(StoreError::not_found("pipeline", pipeline_id));
    }
    // Counted per stage from the (pipeline_id, status, stage_id, value) index, then joined.
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, s.position, s.probability, COALESCE(t.n, 0), COALESCE(t.total, 0.0)
         FROM stages s
         LEFT JOIN (SELECT stage_id, COUNT(*) AS n, TOTAL(value) AS total FROM deals
                    WHERE pipeline_id = ?1 AND status = 'open' GROUP BY stage_id) t ON t.stage_id = s.id
         WHERE s.pipeline_id = ?1 ORDER BY s.position, s.id",
    )?;
    let rows = stmt.query_map([pipeline_id], |r| {
        Ok(StageSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            position: r.get(2)?,
            probability: r.get(3)?,
            deal_count: r.get(4)?,
            // Each value is finite, but two near f64::MAX add up to infinity, which JSON cannot
            // carry; the largest finite number is the honest answer there.
            total_value: r.get::<_, f64>(5)?.min(f64::MAX),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn users(conn: &Connection) -> Result<Vec<User>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, name, email FROM users ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| Ok(User { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn user_exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    exists(conn, "SELECT 1 FROM users WHERE id = ?1", id)
}

pub fn contact_exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    exists(conn, "SELECT 1 FROM contacts WHERE id = ?1", id)
}

/// How many contacts `GET /contacts` answers at most: enough for a picker, bounded for a huge CRM.
pub const CONTACTS_MAX: u32 = 100;

/// `GET /contacts?q=`: contacts whose name, email or company contains `q` (any case).
pub fn search_contacts(conn: &Connection, q: &str) -> Result<Vec<Contact>, StoreError> {
    let pattern = format!("%{}%", escape_like(q));
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, email, company FROM contacts
         WHERE name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\'
         ORDER BY name, id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![pattern, CONTACTS_MAX], |r| {
        Ok(Contact { id: r.get(0)?, name: r.get(1)?, email: r.get(2)?, company: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every contact with its phone, as the demo generator takes them.
pub fn demo_contacts(conn: &Connection) -> Result<Vec<DemoContact>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, name, email, phone, company FROM contacts ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(DemoContact {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            phone: r.get(3)?,
            company: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Makes `%`, `_` and the escape itself match literally: a search for "50%" finds "50%".
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn exists(conn: &Connection, sql: &str, id: &str) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.exists([id])?)
}

/// The vendor document's pipeline, so a new database without `--demo` can take deals at once.
pub fn seed_default_pipeline(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    let has_any: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM pipelines)", [], |r| r.get(0))?;
    if !has_any {
        tx.execute(
            "INSERT INTO pipelines (id, name, is_default, position) VALUES ('pipe_001', 'Sales Pipeline', 1, 1)",
            [],
        )?;
        let stages = [
            ("stage_001", "Lead", 1, 10),
            ("stage_002", "Qualified", 2, 25),
            ("stage_003", "Proposal", 3, 50),
            ("stage_004", "Negotiation", 4, 75),
            ("stage_005", "Closed Won", 5, 100),
        ];
        let mut stmt = tx.prepare(
            "INSERT INTO stages (id, pipeline_id, name, position, probability) VALUES (?1, 'pipe_001', ?2, ?3, ?4)",
        )?;
        for (id, name, position, probability) in stages {
            stmt.execute(params![id, name, position, probability])?;
        }
        drop(stmt);
        tracing::info!("new database: created the default pipeline pipe_001");
    }
    tx.commit()?;
    Ok(())
}
