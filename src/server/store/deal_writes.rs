//! Creating, updating, moving and deleting deals (docs/API.md "Writes"). What an update or a move does
//! to the deal is the model's rule (`model::rules`), the same the board applies to its copy; this
//! file loads the deal and the pipelines, applies the rule, and writes the result with its traces.
//!
//! Each write is one IMMEDIATE transaction: the deal row, its stage history and its activities
//! change together or not at all, and every check runs inside it, so a refused write leaves
//! nothing behind and no other writer can slip in between a check and the change it guards.

use jiff::Timestamp;
use rusqlite::{Connection, TransactionBehavior, params};

use super::{StoreError, catalog, deals, micros, new_id};
use crate::model::{ActivityType, Deal, DealPatch, DealStatus, Field, NewDeal, RuleCtx, SafeText, StageMove};

/// What a write needs besides its input: the time it happens at and the workspace currency.
pub struct WriteCtx<'a> {
    pub now: Timestamp,
    pub currency: &'a str,
}

/// `POST /deals`: the deal the model's rule makes ([`Deal::create`]: first stage, workspace
/// currency, the stage's probability, status open), once its owner and contact are known to exist.
pub fn create(conn: &mut Connection, new: NewDeal, ctx: &WriteCtx<'_>) -> Result<Deal, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let pipelines = catalog::pipelines(&tx)?;
    let deal = Deal::create(new_id("deal_"), &new, ctx.currency, &RuleCtx::new(&pipelines, ctx.now))?;
    require_owner(&tx, deal.owner_id.as_deref())?;
    require_contact(&tx, deal.contact_id.as_deref())?;
    insert_deal(&tx, &deal, false)?;
    open_history(&tx, &deal.id, &deal.stage_id, None, ctx.now)?;
    set_primary_contact(&tx, &deal.id, deal.contact_id.as_deref())?;
    tx.commit()?;
    Ok(deal)
}

/// `PUT /deals/:id`: the deal as the model's rule ([`Deal::apply`]) changes it, written with the
/// traces the change leaves: a stage move closes and opens stage history and logs a
/// `stage_change` activity, a new status logs a `status_change` one.
pub fn update(
    conn: &mut Connection,
    id: &str,
    patch: DealPatch,
    ctx: &WriteCtx<'_>,
) -> Result<Deal, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = deals::get(&tx, id)?;
    if patch.is_empty() {
        return Ok(before);
    }
    let pipelines = catalog::pipelines(&tx)?;
    let deal = before.apply(&patch, &RuleCtx::new(&pipelines, ctx.now))?;
    // Who the ids name is the store's to check: the rule knows pipelines, not people.
    if let Field::Set(owner) = &patch.owner_id {
        require_owner(&tx, Some(owner))?;
    }
    if let Field::Set(contact) = &patch.contact_id {
        require_contact(&tx, Some(contact))?;
    }
    write_deal(&tx, &deal)?;
    if deal.contact_id != before.contact_id {
        set_primary_contact(&tx, &deal.id, deal.contact_id.as_deref())?;
    }
    if deal.stage_id != before.stage_id {
        record_stage_move(&tx, &before, &deal, None, ctx.now)?;
    }
    if deal.status != before.status {
        record_status_change(&tx, &deal, ctx.now)?;
    }
    tx.commit()?;
    Ok(deal)
}

/// `PUT /deals/:id/stage`, by the model's rule ([`Deal::move_stage`]). Moving to the current
/// stage changes nothing and answers the deal.
pub fn move_stage(
    conn: &mut Connection,
    id: &str,
    mv: StageMove,
    ctx: &WriteCtx<'_>,
) -> Result<Deal, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = deals::get(&tx, id)?;
    let pipelines = catalog::pipelines(&tx)?;
    let deal = before.move_stage(&mv, &RuleCtx::new(&pipelines, ctx.now))?;
    if deal.stage_id == before.stage_id {
        return Ok(before);
    }
    write_deal(&tx, &deal)?;
    record_stage_move(&tx, &before, &deal, mv.note.as_deref(), ctx.now)?;
    tx.commit()?;
    Ok(deal)
}

/// `DELETE /deals/:id`; history, activities and contact links go with it (ON DELETE CASCADE).
pub fn delete(conn: &mut Connection, id: &str) -> Result<(), StoreError> {
    let n = conn.prepare_cached("DELETE FROM deals WHERE id = ?1")?.execute([id])?;
    if n == 0 { Err(StoreError::not_found("deal", id)) } else { Ok(()) }
}

// ---- checks ------------------------------------------------------------------------------------

fn require_owner(tx: &Connection, owner: Option<&str>) -> Result<(), StoreError> {
    match owner {
        Some(id) if !catalog::user_exists(tx, id)? => {
            Err(StoreError::Invalid { field: "owner_id", message: format!("user {id} not found") })
        }
        _ => Ok(()),
    }
}

fn require_contact(tx: &Connection, contact: Option<&str>) -> Result<(), StoreError> {
    match contact {
        Some(id) if !catalog::contact_exists(tx, id)? => {
            Err(StoreError::Invalid { field: "contact_id", message: format!("contact {id} not found") })
        }
        _ => Ok(()),
    }
}

// ---- rows --------------------------------------------------------------------------------------

const INSERT_DEAL: &str = "INSERT INTO deals (id, title, pipeline_id, stage_id, value, currency, probability, \
     owner_id, contact_id, expected_close_date, status, custom_fields, tags, won_reason, lost_reason, \
     competitor, closed_at, created_at, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

const UPDATE_DEAL: &str = "UPDATE deals SET title = ?2, pipeline_id = ?3, stage_id = ?4, value = ?5, \
     currency = ?6, probability = ?7, owner_id = ?8, contact_id = ?9, expected_close_date = ?10, \
     status = ?11, custom_fields = ?12, tags = ?13, won_reason = ?14, lost_reason = ?15, competitor = ?16, \
     closed_at = ?17, created_at = ?18, updated_at = ?19 WHERE id = ?1";

/// Inserts a deal row; with `or_ignore` an existing id is left alone and `false` is returned.
pub fn insert_deal(conn: &Connection, deal: &Deal, or_ignore: bool) -> Result<bool, StoreError> {
    let sql =
        if or_ignore { INSERT_DEAL.replacen("INSERT", "INSERT OR IGNORE", 1) } else { INSERT_DEAL.into() };
    let n = conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(deal_params(deal)))?;
    Ok(n == 1)
}

fn write_deal(conn: &Connection, deal: &Deal) -> Result<(), StoreError> {
    conn.prepare_cached(UPDATE_DEAL)?.execute(rusqlite::params_from_iter(deal_params(deal)))?;
    Ok(())
}

fn deal_params(d: &Deal) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value::{Integer, Null, Real, Text};
    let text = |s: &Option<String>| s.clone().map_or(Null, Text);
    let safe = |s: &Option<SafeText>| s.clone().map_or(Null, |s| Text(s.into_string()));
    vec![
        Text(d.id.clone()),
        Text(d.title.to_string()),
        Text(d.pipeline_id.clone()),
        Text(d.stage_id.clone()),
        d.value.map_or(Null, Real),
        text(&d.currency),
        d.probability.map_or(Null, |p| Integer(p.into())),
        text(&d.owner_id),
        text(&d.contact_id),
        d.expected_close_date.map_or(Null, |x| Text(x.to_string())),
        Text(d.status.as_str().into()),
        Text(to_json(&d.custom_fields)),
        Text(to_json(&d.tags)),
        safe(&d.won_reason),
        safe(&d.lost_reason),
        safe(&d.competitor),
        d.closed_at.map_or(Null, |t| Integer(micros(t))),
        Integer(micros(d.created_at)),
        Integer(micros(d.updated_at)),
    ]
}

/// JSON text of a JSON column. Maps of values and lists of strings always serialize.
fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

// ---- history and activities --------------------------------------------------------------------

pub fn open_history(
    conn: &Connection,
    deal_id: &str,
    stage_id: &str,
    note: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO stage_history (deal_id, stage_id, entered_at, note) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![deal_id, stage_id, micros(now), note])?;
    Ok(())
}

/// Closes the open history entry, opens one for the deal's new stage with the note, and logs
/// the move.
fn record_stage_move(
    tx: &Connection,
    before: &Deal,
    after: &Deal,
    note: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let name = |d: &Deal| d.stage_name.as_deref().unwrap_or(&d.stage_id).to_string();
    tx.prepare_cached("UPDATE stage_history SET left_at = ?2 WHERE deal_id = ?1 AND left_at IS NULL")?
        .execute(params![after.id, micros(now)])?;
    open_history(tx, &after.id, &after.stage_id, note, now)?;
    let subject = format!("Stage changed from {} to {}", name(before), name(after));
    add_activity(tx, &after.id, ActivityType::StageChange, &subject, note, now)
}

/// Logs the deal's new status, with its reasons.
fn record_status_change(tx: &Connection, deal: &Deal, now: Timestamp) -> Result<(), StoreError> {
    let (subject, note) = match deal.status {
        DealStatus::Won => ("Marked as won", deal.won_reason.as_ref().map(ToString::to_string)),
        DealStatus::Lost => {
            let note = match (&deal.lost_reason, &deal.competitor) {
                (Some(r), Some(c)) => Some(format!("{r} (competitor: {c})")),
                (Some(r), None) => Some(r.to_string()),
                (None, Some(c)) => Some(format!("competitor: {c}")),
                (None, None) => None,
            };
            ("Marked as lost", note)
        }
        DealStatus::Open => ("Reopened", None),
    };
    add_activity(tx, &deal.id, ActivityType::StatusChange, subject, note.as_deref(), now)
}

fn add_activity(
    tx: &Connection,
    deal_id: &str,
    kind: ActivityType,
    subject: &str,
    note: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO activities (id, deal_id, type, subject, note, done, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
    )?
    .execute(params![new_id("act_"), deal_id, kind.as_str(), subject, note, micros(now)])?;
    Ok(())
}

/// Makes `contact` the deal's primary contact in its contact list. A previous primary that was
/// linked only as the primary (no role) goes; one with a role stays as a plain contact.
fn set_primary_contact(tx: &Connection, deal_id: &str, contact: Option<&str>) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM deal_contacts WHERE deal_id = ?1 AND is_primary = 1 AND role IS NULL")?
        .execute([deal_id])?;
    tx.prepare_cached("UPDATE deal_contacts SET is_primary = 0 WHERE deal_id = ?1")?.execute([deal_id])?;
    if let Some(contact) = contact {
        tx.prepare_cached(
            "INSERT INTO deal_contacts (deal_id, contact_id, is_primary) VALUES (?1, ?2, 1)
             ON CONFLICT (deal_id, contact_id) DO UPDATE SET is_primary = 1",
        )?
        .execute([deal_id, contact])?;
    }
    Ok(())
}
