//! Puts data into a database at startup: the demo workspace (`--demo`), the generated deals
//! (`--deals N`), or, for a new database without either, the vendor document's default pipeline.

use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::demo_data::{self, DemoDeal, Workspace};
use super::store::deal_writes::insert_deal;
use super::store::{StoreError, catalog, micros};

/// What to load, from the command line.
pub struct Seed {
    pub demo: bool,
    pub generated_deals: u64,
    pub today: Date,
}

/// Runs at startup, before the server listens.
pub fn prepare(conn: &mut Connection, seed: &Seed) -> anyhow::Result<()> {
    if seed.demo {
        if is_empty(conn)? {
            let ws = demo_data::workspace(seed.today)?;
            let problems = ws.problems();
            anyhow::ensure!(
                problems.is_empty(),
                "the demo workspace is inconsistent: {}",
                problems.join("; ")
            );
            load_workspace(conn, &ws)?;
            tracing::info!(deals = ws.deals.len(), "loaded the demo workspace");
        } else {
            tracing::info!("the database already holds data: the demo workspace was not loaded again");
        }
    }
    catalog::seed_default_pipeline(conn)?;
    if seed.generated_deals > 0 {
        let started = std::time::Instant::now();
        let added = load_generated_deals(conn, seed.generated_deals, seed.today)?;
        tracing::info!(
            asked = seed.generated_deals,
            added,
            ms = started.elapsed().as_millis() as u64,
            "generated deals"
        );
    }
    Ok(())
}

/// No deals, users or contacts: only then does `--demo` load (a default pipeline may be there).
pub fn is_empty(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM deals) AND NOT EXISTS (SELECT 1 FROM users)
            AND NOT EXISTS (SELECT 1 FROM contacts)",
        [],
        |r| r.get(0),
    )?)
}

/// Inserts a whole workspace in one transaction, replacing any pipelines already there (a new
/// database gets the default pipeline, which the workspace brings its own version of).
pub fn load_workspace(conn: &mut Connection, ws: &Workspace) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.execute_batch("DELETE FROM stages; DELETE FROM pipelines;")?;
    {
        let mut user = tx.prepare("INSERT INTO users (id, name, email) VALUES (?1, ?2, ?3)")?;
        for u in &ws.users {
            user.execute(params![u.id, u.name, u.email])?;
        }
        let mut contact =
            tx.prepare("INSERT INTO contacts (id, name, email, phone, company) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for c in &ws.contacts {
            contact.execute(params![c.id, c.name, c.email, c.phone, c.company])?;
        }
        let mut pipeline =
            tx.prepare("INSERT INTO pipelines (id, name, is_default, position) VALUES (?1, ?2, ?3, ?4)")?;
        let mut stage = tx.prepare(
            "INSERT INTO stages (id, pipeline_id, name, position, probability) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, p) in ws.pipelines.iter().enumerate() {
            pipeline.execute(params![p.id, p.name, p.is_default, i as i64 + 1])?;
            for s in &p.stages {
                stage.execute(params![s.id, p.id, s.name, s.position, s.probability])?;
            }
        }
    }
    for d in &ws.deals {
        insert_demo_deal(&tx, d)?;
    }
    tx.commit()?;
    Ok(())
}

/// Adds `n` generated deals over the pipelines, users and contacts in the database. Their ids are
/// deterministic and inserted with OR IGNORE, so running again with the same `n` adds nothing.
/// One transaction with prepared statements: 100 000 deals take seconds, not minutes.
pub fn load_generated_deals(conn: &mut Connection, n: u64, today: Date) -> Result<u64, StoreError> {
    let tx = conn.transaction()?;
    let pipelines = catalog::pipelines(&tx)?;
    let users = catalog::users(&tx)?;
    let contacts = catalog::demo_contacts(&tx)?;
    let mut added = 0;
    let started = std::time::Instant::now();
    // Bulk mode only when most of the n are new: a restart with the same n inserts nothing.
    let existing: u64 = tx.query_row("SELECT COUNT(*) FROM deals", [], |r| r.get(0))?;
    let rebuild = if n.saturating_sub(existing) >= BULK { Some(suspend_deal_upkeep(&tx)?) } else { None };
    for d in demo_data::generate_deals(n, today, &pipelines, &users, &contacts) {
        added += u64::from(insert_demo_deal(&tx, &d)?);
    }
    let inserted = started.elapsed();
    if let Some(schema) = rebuild {
        for sql in schema {
            tx.execute_batch(&sql)?;
        }
        // What the suspended triggers would have counted, once.
        tx.execute_batch("UPDATE deal_changes SET generation = generation + 1")?;
    }
    // Fresh statistics so the planner picks between filter and sort indexes on the new sizes.
    // Full, not sampled (analysis_limit): sampled counts mislead the planner badly here, and a
    // full pass over 100k deals takes about a tenth of a second. The bundled SQLite has STAT4, so
    // range filters (value, dates) are weighed with their bound values.
    tx.execute_batch("ANALYZE")?;
    tx.commit()?;
    tracing::debug!(
        insert_ms = inserted.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "generated deals written"
    );
    Ok(added)
}

/// From this many generated deals on, the indexes and triggers of `deals` are dropped for the
/// load and created again after it: building an index from all rows at once is several times
/// faster than growing it one scattered insert at a time, and the change-counting triggers need
/// to fire once, not once per row.
const BULK: u64 = 20_000;

/// Drops the indexes and triggers of `deals` (inside the caller's transaction) and answers the
/// SQL that creates them again, read from the schema itself so later migrations' ones come too.
fn suspend_deal_upkeep(tx: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT type, name, sql FROM sqlite_master
         WHERE type IN ('index', 'trigger') AND tbl_name = 'deals' AND sql IS NOT NULL",
    )?;
    let objects = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (kind, name, _) in &objects {
        let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
        tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(objects.into_iter().map(|(_, _, sql)| sql).collect())
}

/// One deal with its contacts, history and activities; nothing but the row if the id exists.
fn insert_demo_deal(conn: &Connection, d: &DemoDeal) -> Result<bool, StoreError> {
    if !insert_deal(conn, &d.to_deal(None), true)? {
        return Ok(false);
    }
    let mut link = conn.prepare_cached(
        "INSERT INTO deal_contacts (deal_id, contact_id, role, is_primary) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for c in &d.contacts {
        link.execute(params![d.id, c.contact_id, c.role, c.is_primary])?;
    }
    let mut history = conn.prepare_cached(
        "INSERT INTO stage_history (deal_id, stage_id, entered_at, left_at, note, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for h in &d.stage_history {
        history.execute(params![
            d.id,
            h.stage_id,
            micros(h.entered_at),
            h.left_at.map(micros),
            h.note,
            h.changed_by
        ])?;
    }
    let mut activity = conn.prepare_cached(
        "INSERT INTO activities (id, deal_id, type, subject, note, due_at, done, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for a in &d.activities {
        activity.execute(params![
            a.id,
            d.id,
            a.kind.as_str(),
            a.subject,
            a.note,
            a.due_at.map(micros),
            a.done,
            a.user_id,
            micros(a.created_at)
        ])?;
    }
    Ok(true)
}
