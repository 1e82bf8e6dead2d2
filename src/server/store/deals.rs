//! Reading deals and what hangs off them: one deal, its detail, contacts and activities.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{StoreError, conversion, from_micros};
use crate::model::{
    Activity, ActivityType, CustomFields, Deal, DealContact, DealDetail, DealStatus, StageChange,
};

/// The columns [`deal_from_row`] reads, in its order; `d` is `deals`, `s` its stage.
pub const DEAL_COLUMNS: &str = "d.id, d.title, d.pipeline_id, d.stage_id, s.name, d.value, d.currency, \
     d.probability, d.owner_id, d.contact_id, d.expected_close_date, d.status, d.custom_fields, d.tags, \
     d.won_reason, d.lost_reason, d.competitor, d.closed_at, d.created_at, d.updated_at";

/// `FROM` clause that goes with [`DEAL_COLUMNS`].
pub const DEAL_FROM: &str = "deals d LEFT JOIN stages s ON s.id = d.stage_id";

pub fn deal_from_row(r: &Row<'_>) -> rusqlite::Result<Deal> {
    let status: String = r.get(11)?;
    let custom_fields: String = r.get(12)?;
    let tags: String = r.get(13)?;
    let date: Option<String> = r.get(10)?;
    Ok(Deal {
        id: r.get(0)?,
        title: r.get(1)?,
        pipeline_id: r.get(2)?,
        stage_id: r.get(3)?,
        stage_name: r.get(4)?,
        value: r.get(5)?,
        currency: r.get(6)?,
        probability: r.get(7)?,
        owner_id: r.get(8)?,
        contact_id: r.get(9)?,
        expected_close_date: date.map(|d| d.parse().map_err(|e| conversion(Box::new(e)))).transpose()?,
        status: DealStatus::parse(&status).ok_or_else(|| conversion(format!("status {status}").into()))?,
        custom_fields: serde_json::from_str::<CustomFields>(&custom_fields)
            .map_err(|e| conversion(Box::new(e)))?,
        tags: serde_json::from_str(&tags).map_err(|e| conversion(Box::new(e)))?,
        won_reason: r.get(14)?,
        lost_reason: r.get(15)?,
        competitor: r.get(16)?,
        closed_at: r.get::<_, Option<i64>>(17)?.map(from_micros).transpose()?,
        created_at: from_micros(r.get(18)?)?,
        updated_at: from_micros(r.get(19)?)?,
    })
}

pub fn find(conn: &Connection, id: &str) -> Result<Option<Deal>, StoreError> {
    let sql = format!("SELECT {DEAL_COLUMNS} FROM {DEAL_FROM} WHERE d.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], deal_from_row).optional()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Deal, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::not_found("deal", id))
}

/// `GET /deals/:id`: the deal, its contacts and its stage history, read in one snapshot.
pub fn detail(conn: &Connection, id: &str) -> Result<DealDetail, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let deal = get(&tx, id)?;
    let contacts = contacts_of(&tx, id)?;
    let stage_history = history_of(&tx, id)?;
    Ok(DealDetail { deal, contacts, stage_history })
}

/// `GET /deals/:id/contacts`: primary contact first, then by name.
pub fn contacts(conn: &Connection, id: &str) -> Result<Vec<DealContact>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    ensure_exists(&tx, id)?;
    contacts_of(&tx, id)
}

/// `GET /deals/:id/activities`: oldest first, like the stage history.
pub fn activities(conn: &Connection, id: &str) -> Result<Vec<Activity>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    ensure_exists(&tx, id)?;
    let mut stmt = tx.prepare_cached(
        "SELECT id, deal_id, type, subject, note, due_at, done, user_id, created_at FROM activities
         WHERE deal_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let kind: String = r.get(2)?;
        Ok(Activity {
            id: r.get(0)?,
            deal_id: r.get(1)?,
            kind: ActivityType::parse(&kind).ok_or_else(|| conversion(format!("type {kind}").into()))?,
            subject: r.get(3)?,
            note: r.get(4)?,
            due_at: r.get::<_, Option<i64>>(5)?.map(from_micros).transpose()?,
            done: r.get(6)?,
            user_id: r.get(7)?,
            created_at: from_micros(r.get(8)?)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn ensure_exists(conn: &Connection, id: &str) -> Result<(), StoreError> {
    let found = conn.prepare_cached("SELECT 1 FROM deals WHERE id = ?1")?.exists([id])?;
    if found { Ok(()) } else { Err(StoreError::not_found("deal", id)) }
}

fn contacts_of(conn: &Connection, id: &str) -> Result<Vec<DealContact>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.email, c.phone, c.company, dc.role, dc.is_primary
         FROM deal_contacts dc JOIN contacts c ON c.id = dc.contact_id
         WHERE dc.deal_id = ?1 ORDER BY dc.is_primary DESC, c.name, c.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(DealContact {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            phone: r.get(3)?,
            company: r.get(4)?,
            role: r.get(5)?,
            is_primary: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn history_of(conn: &Connection, id: &str) -> Result<Vec<StageChange>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.stage_id, s.name, h.entered_at, h.left_at, h.note, h.changed_by
         FROM stage_history h LEFT JOIN stages s ON s.id = h.stage_id
         WHERE h.deal_id = ?1 ORDER BY h.entered_at, h.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(StageChange {
            stage_id: r.get(0)?,
            stage_name: r.get(1)?,
            entered_at: from_micros(r.get(2)?)?,
            left_at: r.get::<_, Option<i64>>(3)?.map(from_micros).transpose()?,
            note: r.get(4)?,
            changed_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
