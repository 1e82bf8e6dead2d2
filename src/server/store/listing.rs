//! `GET /deals`: filters, sorts and keyset pages.
//!
//! Deals without the sort key (no value, no close date) come last in both directions. SQLite
//! puts NULLs first when ascending, so a page is read in two phases instead: the deals that have
//! the key, walked through the key's index, then (once those run out) the ones that lack it, by id.
//! Both phases are plain index walks whatever the direction. Ties break by id, in the sort's
//! direction, which makes (key, id) one ordered key for the cursor.

use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::deals::{DEAL_COLUMNS, DEAL_FROM, deal_from_row};
use super::{StoreError, micros};
use crate::model::{Deal, DealQuery, Sort, SortField};
use crate::server::cursor::{self, Position, SortKey};

/// One page of deals and what `meta` reports about the whole list.
#[derive(Debug, Clone)]
pub struct Page {
    pub deals: Vec<Deal>,
    /// Deals matching the filters, over all pages.
    pub total: u64,
    pub limit: u32,
    pub next_cursor: Option<String>,
}

pub fn list(conn: &Connection, q: &DealQuery, totals: &TotalCache) -> Result<Page, StoreError> {
    let sort = q.sort.unwrap_or_default();
    let limit = q.effective_limit();
    let after = q
        .cursor
        .as_deref()
        .map(|c| cursor::decode(sort, c))
        .transpose()
        .map_err(|e| StoreError::BadCursor(e.to_string()))?;
    let filters = Filters::of(q);

    // One snapshot for the count and both phases, so `total` agrees with the rows.
    let tx = conn.unchecked_transaction()?;
    let total = totals.get_or_count(&tx, &filters)?;
    let want = limit as usize + 1;
    let mut deals = Vec::with_capacity(want);
    let column = column(sort.field);
    let nullable = matches!(sort.field, SortField::Value | SortField::ExpectedCloseDate);
    let in_null_tail = matches!(after, Some(Position { key: SortKey::Null, .. }));
    if !in_null_tail {
        deals.extend(keyed_phase(&tx, &filters, sort, column, nullable, after.as_ref(), want)?);
    }
    if nullable && deals.len() < want {
        let from = if in_null_tail { after.as_ref().map(|p| p.id.as_str()) } else { None };
        deals.extend(null_phase(&tx, &filters, sort, column, from, want - deals.len())?);
    }
    drop(tx);

    let has_more = deals.len() > limit as usize;
    deals.truncate(limit as usize);
    let next_cursor = match deals.last() {
        Some(last) if has_more => {
            Some(cursor::encode(sort, &Position { key: key_of(sort.field, last), id: last.id.clone() }))
        }
        _ => None,
    };
    Ok(Page { deals, total, limit, next_cursor })
}

/// The WHERE conditions of the filters, ANDed, with their parameters.
struct Filters {
    sql: Vec<&'static str>,
    params: Vec<Value>,
}

impl Filters {
    fn of(q: &DealQuery) -> Filters {
        let mut f = Filters { sql: Vec::new(), params: Vec::new() };
        let mut add = |sql: &'static str, v: Option<Value>| {
            if let Some(v) = v {
                f.sql.push(sql);
                f.params.push(v);
            }
        };
        let text = |s: &Option<String>| s.clone().map(Value::Text);
        add("d.pipeline_id = ?", text(&q.pipeline_id));
        add("d.stage_id = ?", text(&q.stage_id));
        add("d.owner_id = ?", text(&q.owner_id));
        add("d.status = ?", q.status.map(|s| Value::Text(s.as_str().into())));
        add("d.value >= ?", q.min_value.map(Value::Real));
        add("d.value <= ?", q.max_value.map(Value::Real));
        add("d.expected_close_date >= ?", q.expected_close_after.map(|d| Value::Text(d.to_string())));
        add("d.expected_close_date <= ?", q.expected_close_before.map(|d| Value::Text(d.to_string())));
        f
    }

    /// `WHERE` with the filters and `extra` conditions (or nothing at all).
    fn where_clause(&self, extra: &[&str]) -> String {
        let all: Vec<&str> = self.sql.iter().copied().chain(extra.iter().copied()).collect();
        if all.is_empty() { String::new() } else { format!("WHERE {}", all.join(" AND ")) }
    }
}

/// `meta.total` of recent filter combinations, each with the `deal_changes.generation` it was
/// counted at. Read inside the list's snapshot, the generation says exactly whether the deals
/// have changed since, so a cached total is never stale.
#[derive(Debug, Default)]
pub struct TotalCache {
    entries: Mutex<HashMap<String, (i64, u64)>>,
}

/// Enough for every filter combination a few boards use; past it the cache starts over.
const TOTALS_KEPT: usize = 256;

impl TotalCache {
    fn get_or_count(&self, tx: &Connection, f: &Filters) -> Result<u64, StoreError> {
        let generation: i64 =
            tx.prepare_cached("SELECT generation FROM deal_changes")?.query_row([], |r| r.get(0))?;
        let key = format!("{:?} {:?}", f.sql, f.params);
        let lock = || self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&(at, total)) = lock().get(&key)
            && at == generation
        {
            return Ok(total);
        }
        let total = count(tx, f)?;
        let mut entries = lock();
        if entries.len() >= TOTALS_KEPT {
            entries.clear();
        }
        entries.insert(key, (generation, total));
        Ok(total)
    }
}

fn count(conn: &Connection, f: &Filters) -> Result<u64, StoreError> {
    let sql = format!("SELECT COUNT(*) FROM deals d {}", f.where_clause(&[]));
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_row(rusqlite::params_from_iter(&f.params), |r| r.get(0))?)
}

fn column(field: SortField) -> &'static str {
    match field {
        SortField::CreatedAt => "d.created_at",
        SortField::UpdatedAt => "d.updated_at",
        SortField::Value => "d.value",
        SortField::ExpectedCloseDate => "d.expected_close_date",
    }
}

fn direction(sort: Sort) -> (&'static str, &'static str) {
    if sort.descending { ("DESC", "<") } else { ("ASC", ">") }
}

/// Deals that have the sort key, after `after` (when it has one), in sort order.
fn keyed_phase(
    conn: &Connection,
    f: &Filters,
    sort: Sort,
    column: &str,
    nullable: bool,
    after: Option<&Position>,
    limit: usize,
) -> Result<Vec<Deal>, StoreError> {
    let (dir, cmp) = direction(sort);
    let not_null = format!("{column} IS NOT NULL");
    let keyset = format!("({column}, d.id) {cmp} (?, ?)");
    let mut extra: Vec<&str> = Vec::new();
    if nullable {
        extra.push(&not_null);
    }
    let mut params = f.params.clone();
    if let Some(pos) = after {
        extra.push(&keyset);
        params.push(key_value(&pos.key));
        params.push(Value::Text(pos.id.clone()));
    }
    params.push(Value::Integer(limit as i64));
    let sql = format!(
        "SELECT {DEAL_COLUMNS} FROM {DEAL_FROM} {} ORDER BY {column} {dir}, d.id {dir} LIMIT ?",
        f.where_clause(&extra)
    );
    query_deals(conn, &sql, &params)
}

/// Deals without the sort key, by id in the sort's direction, after id `after` when given.
fn null_phase(
    conn: &Connection,
    f: &Filters,
    sort: Sort,
    column: &str,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<Deal>, StoreError> {
    let (dir, cmp) = direction(sort);
    let is_null = format!("{column} IS NULL");
    let keyset = format!("d.id {cmp} ?");
    let mut extra = vec![is_null.as_str()];
    let mut params = f.params.clone();
    if let Some(id) = after {
        extra.push(&keyset);
        params.push(Value::Text(id.to_string()));
    }
    params.push(Value::Integer(limit as i64));
    let sql = format!(
        "SELECT {DEAL_COLUMNS} FROM {DEAL_FROM} {} ORDER BY d.id {dir} LIMIT ?",
        f.where_clause(&extra)
    );
    query_deals(conn, &sql, &params)
}

fn query_deals(conn: &Connection, sql: &str, params: &[Value]) -> Result<Vec<Deal>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), deal_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn key_value(key: &SortKey) -> Value {
    match key {
        SortKey::Null => Value::Null,
        SortKey::Int(v) => Value::Integer(*v),
        SortKey::Real(v) => Value::Real(*v),
        SortKey::Text(s) => Value::Text(s.clone()),
    }
}

fn key_of(field: SortField, d: &Deal) -> SortKey {
    match field {
        SortField::CreatedAt => SortKey::Int(micros(d.created_at)),
        SortField::UpdatedAt => SortKey::Int(micros(d.updated_at)),
        SortField::Value => d.value.map_or(SortKey::Null, SortKey::Real),
        SortField::ExpectedCloseDate => {
            d.expected_close_date.map_or(SortKey::Null, |date| SortKey::Text(date.to_string()))
        }
    }
}
