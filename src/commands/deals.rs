//! `dealboard deals …`, `pipelines`, `stages` and `users`: the client's calls with names
//! resolved, values and dates read as the board's dialogs read them, and the results printed in
//! the format asked for.

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};

use futures_util::StreamExt;

use super::output::{Cell, Column, Format, Out, col, write_pairs, write_rows, write_tsv_row};
use super::{Failure, Session, block_on};
use crate::cli::{
    BoardArgs, CreateArgs, DealFields, DealsCommand, ListArgs, ReadArgs, StagesArgs, StatusArg, UpdateArgs,
};
use crate::human::{format, parse};
use crate::model::{Deal, DealPatch, DealQuery, DealStatus, Field, NewDeal, Sort};

type Outcome = (Result<u8, Failure>, bool);

pub fn run(command: &DealsCommand, top: &BoardArgs) -> Outcome {
    use DealsCommand as D;
    let (conn, out_args) = match command {
        D::List(a) => (&a.conn, &a.out),
        D::Show(a) => (&a.conn, &a.out),
        D::Create(a) => (&a.conn, &a.out),
        D::Update(a) => (&a.conn, &a.out),
        D::Move(a) => (&a.conn, &a.out),
        D::Won(a) => (&a.conn, &a.out),
        D::Lost(a) => (&a.conn, &a.out),
        D::Reopen(a) => (&a.conn, &a.out),
        D::Delete(a) => (&a.conn, &a.out),
    };
    let out = Out::new(out_args);
    let result = (|| {
        let mut s = Session::open(conn, top, out)?;
        block_on(async {
            match command {
                D::List(a) => list(&mut s, a).await,
                D::Show(a) => show(&mut s, &a.id).await,
                D::Create(a) => create(&mut s, a).await,
                D::Update(a) => {
                    let patch = patch_of(&mut s, a).await?;
                    each(&mut s, &a.id, Change::Update(Box::new(patch))).await
                }
                D::Move(a) => {
                    // Resolved once when the name is unique across pipelines, else in each deal's own.
                    let stage = match s.stage(&a.stage, None).await {
                        Ok((_, id)) => StageTarget::Id(id),
                        Err(f) if f.code == 2 => StageTarget::PerDeal(a.stage.clone()),
                        Err(f) => return Err(f),
                    };
                    each(&mut s, &a.id, Change::Move { stage, note: a.note.clone() }).await
                }
                D::Won(a) => each(&mut s, &a.id, Change::Won(a.reason.clone())).await,
                D::Lost(a) => each(&mut s, &a.id, Change::Lost(a.reason.clone(), a.competitor.clone())).await,
                D::Reopen(a) => each(&mut s, &a.id, Change::Reopen).await,
                D::Delete(a) => {
                    if !a.yes {
                        confirm_delete(&mut s, &a.id).await?;
                    }
                    each(&mut s, &a.id, Change::Delete).await
                }
            }
        })?
    })();
    (result, out.is_json())
}

/// The columns of a deal, in every text format.
const DEAL_COLUMNS: [Column; 9] = [
    col("ID", true, true, false),
    col("TITLE", true, true, false),
    col("PIPELINE", false, true, false),
    col("STAGE", true, true, false),
    col("VALUE", true, true, true),
    col("CURRENCY", false, true, false),
    col("OWNER", true, true, false),
    col("CLOSE", true, true, false),
    col("STATUS", true, true, false),
];

fn deal_row(s: &Session, d: &Deal) -> Vec<Cell> {
    let stage =
        d.stage_name.as_ref().or(s.stage_name(&d.stage_id)).map_or(d.stage_id.clone(), |n| n.to_string());
    let pipeline = s.pipeline_name(&d.pipeline_id).map_or(d.pipeline_id.clone(), |n| n.to_string());
    let currency = format::currency_of(d);
    let value = d.value.map_or(Cell::default(), |v| Cell::two(format::money(v, currency), v.to_string()));
    let owner = d
        .owner_id
        .as_deref()
        .map_or(String::new(), |id| s.owner_name(id).map_or(id.to_string(), |n| n.to_string()));
    let close = d.expected_close_date.map(|c| c.to_string()).unwrap_or_default();
    let status = Cell::text(d.status.as_str());
    let status = match d.status {
        DealStatus::Won => status.colored("32"),
        DealStatus::Lost => status.colored("31"),
        DealStatus::Open => status,
    };
    vec![
        Cell::text(&d.id),
        Cell::text(&d.title),
        Cell::text(pipeline),
        Cell::text(stage),
        value,
        Cell::text(currency),
        Cell::text(owner),
        Cell::text(close),
        status,
    ]
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn usage_in(flag: &str, input: &str, e: String) -> Failure {
    Failure::usage(format!("{flag} `{input}`: {e}"))
}

async fn list(s: &mut Session, a: &ListArgs) -> Result<u8, Failure> {
    let mut q = DealQuery::default();
    if let Some(p) = &a.pipeline {
        q.pipeline_id = Some(s.pipeline_id(p).await?);
    }
    if let Some(st) = &a.stage {
        q.stage_id = Some(s.stage(st, q.pipeline_id.as_deref()).await?.1);
    }
    if let Some(o) = &a.owner {
        q.owner_id = Some(s.owner_id(o).await?);
    }
    q.status = a.status.map(|st| match st {
        StatusArg::Open => DealStatus::Open,
        StatusArg::Won => DealStatus::Won,
        StatusArg::Lost => DealStatus::Lost,
    });
    let value = |flag: &str, v: &Option<String>| -> Result<Option<f64>, Failure> {
        v.as_deref().map(|t| parse::parse_value(t).map_err(|e| usage_in(flag, t, e))).transpose()
    };
    q.min_value = value("--min-value", &a.min_value)?;
    q.max_value = value("--max-value", &a.max_value)?;
    let date = |flag: &str, v: &Option<String>| -> Result<Option<jiff::civil::Date>, Failure> {
        v.as_deref()
            .map(|t| parse::parse_close_date(t, today()).map_err(|e| usage_in(flag, t, e)))
            .transpose()
    };
    q.expected_close_after = date("--close-after", &a.close_after)?;
    q.expected_close_before = date("--close-before", &a.close_before)?;
    if let Some(sort) = &a.sort {
        q.sort = Some(sort.parse::<Sort>().map_err(|e| usage_in("--sort", sort, e.to_string()))?);
    }
    let wanted = if a.all { None } else { Some(a.limit.unwrap_or(DealQuery::default().effective_limit())) };
    q.limit = Some(wanted.map_or(100, |n| n.min(100)));
    let text = !s.out.is_json();
    if text {
        // Names for the stage and owner columns.
        s.pipelines().await?;
        s.users().await?;
    }
    let out = s.out;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let mut deals: Vec<Deal> = Vec::new();
    let mut seen = HashSet::new();
    let mut more = false;
    let mut pages = std::pin::pin!(s.client.deal_pages(q));
    'pages: while let Some(page) = pages.next().await {
        let page = page?;
        more = page.next_cursor.is_some();
        for d in page.items {
            if wanted.is_some_and(|n| deals.len() >= n as usize) {
                break 'pages;
            }
            if !seen.insert(d.id.clone()) {
                continue;
            }
            // Streamed as pages arrive: a long `--all` shows its first deals at once.
            match out.format {
                Format::Ndjson => writeln!(w, "{}", json(&d))?,
                Format::Tsv => write_tsv_row(&mut w, &DEAL_COLUMNS, &deal_row(s, &d))?,
                _ => {}
            }
            deals.push(d);
        }
        if wanted.is_some_and(|n| deals.len() >= n as usize) {
            break;
        }
    }
    match out.format {
        Format::Json => writeln!(w, "{}", json(&deals))?,
        Format::Table | Format::Csv => {
            let rows: Vec<Vec<Cell>> = deals.iter().map(|d| deal_row(s, d)).collect();
            write_rows(&out, &mut w, &DEAL_COLUMNS, &rows)?;
            if out.format == Format::Table && more && !a.all {
                let _ = writeln!(std::io::stderr(), "More deals match: --limit N or --all for more.");
            }
        }
        _ => {}
    }
    w.flush()?;
    Ok(0)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"error\":{{\"message\":\"{e}\"}}}}"))
}

async fn show(s: &mut Session, id: &str) -> Result<u8, Failure> {
    let (ids, batch) = ids_of(id)?;
    let out = s.out;
    if !out.is_json() {
        s.pipelines().await?;
        s.users().await?;
    }
    let mut details = Vec::new();
    let mut failed = 0;
    for id in &ids {
        match s.client.get_deal(id).await {
            Ok(d) => details.push(d),
            Err(e) if batch => {
                failed += 1;
                let _ = writeln!(std::io::stderr(), "dealboard: {}: {e}", crate::sanitize::sanitize(id));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match out.format {
        Format::Json if batch => writeln!(w, "{}", json(&details))?,
        Format::Json => writeln!(w, "{}", json(&details[0]))?,
        Format::Ndjson => {
            for d in &details {
                writeln!(w, "{}", json(d))?;
            }
        }
        Format::Tsv | Format::Csv => {
            let rows: Vec<Vec<Cell>> = details.iter().map(|d| deal_row(s, &d.deal)).collect();
            write_rows(&out, &mut w, &DEAL_COLUMNS, &rows)?;
        }
        Format::Table => {
            for (k, d) in details.iter().enumerate() {
                if k > 0 {
                    writeln!(w)?;
                }
                let row = deal_row(s, &d.deal);
                let mut pairs: Vec<(&str, String)> = DEAL_COLUMNS
                    .iter()
                    .zip(&row)
                    .filter(|(c, _)| c.table || c.header == "PIPELINE")
                    .map(|(c, cell)| (c.header, cell.shown.clone()))
                    .collect();
                if !d.deal.tags.is_empty() {
                    pairs.push((
                        "TAGS",
                        d.deal.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
                    ));
                }
                for (label, text) in [
                    ("WON", &d.deal.won_reason),
                    ("LOST", &d.deal.lost_reason),
                    ("COMPETITOR", &d.deal.competitor),
                ] {
                    if let Some(t) = text {
                        pairs.push((label, t.to_string()));
                    }
                }
                for c in &d.contacts {
                    let mut line = c.name.to_string();
                    for extra in [&c.role, &c.email, &c.company].into_iter().flatten() {
                        line.push_str(&format!(", {extra}"));
                    }
                    if c.is_primary {
                        line.push_str(" (primary)");
                    }
                    pairs.push(("CONTACT", line));
                }
                for h in &d.stage_history {
                    let name = h
                        .stage_name
                        .as_ref()
                        .or(s.stage_name(&h.stage_id))
                        .map_or(h.stage_id.clone(), |n| n.to_string());
                    let mut line = format!("{} {name}", h.entered_at.strftime("%Y-%m-%d %H:%M"));
                    if let Some(n) = &h.note {
                        line.push_str(&format!(": {n}"));
                    }
                    pairs.push(("HISTORY", line));
                }
                write_pairs(&out, &mut w, &pairs)?;
            }
        }
    }
    w.flush()?;
    summary(batch, "Shown", details.len(), failed)
}

async fn create(s: &mut Session, a: &CreateArgs) -> Result<u8, Failure> {
    let mut pipeline = match &a.pipeline {
        Some(p) => Some(s.pipeline_id(p).await?),
        None => None,
    };
    let mut stage_id = None;
    if let Some(st) = &a.stage {
        let (p, id) = s.stage(st, pipeline.as_deref()).await?;
        pipeline = Some(p);
        stage_id = Some(id);
    }
    let pipeline_id = match pipeline {
        Some(p) => p,
        None => s.default_pipeline().await?,
    };
    let f = fields(s, &a.fields).await?;
    let new = NewDeal {
        title: a.title.clone(),
        pipeline_id,
        stage_id,
        value: f.value,
        currency: f.currency,
        contact_id: f.contact,
        owner_id: f.owner,
        expected_close_date: f.close,
        probability: a.fields.probability,
        custom_fields: None,
        tags: f.tags,
    };
    let deal = s.client.create_deal(&new).await?;
    if !s.out.is_json() {
        s.pipelines().await?;
    }
    print_changed(s, "Created", &[Ok(Some(deal))], &[], false)?;
    Ok(0)
}

/// The optional fields of create and update, read as the board's dialogs read them.
struct Fields {
    value: Option<f64>,
    currency: Option<String>,
    close: Option<jiff::civil::Date>,
    owner: Option<String>,
    contact: Option<String>,
    tags: Option<Vec<String>>,
}

async fn fields(s: &mut Session, a: &DealFields) -> Result<Fields, Failure> {
    let currency = a.currency.as_ref().map(|c| c.trim().to_ascii_uppercase());
    let value = match (&a.value, &currency) {
        (Some(v), Some(c)) => Some(parse::parse_value_in(v, c).map_err(|e| usage_in("--value", v, e))?),
        (Some(v), None) => Some(parse::parse_value(v).map_err(|e| usage_in("--value", v, e))?),
        (None, _) => None,
    };
    let close = a
        .close
        .as_deref()
        .map(|t| parse::parse_close_date(t, today()).map_err(|e| usage_in("--close", t, e)))
        .transpose()?;
    let owner = match &a.owner {
        Some(o) => Some(s.owner_id(o).await?),
        None => None,
    };
    let tags = (!a.tags.is_empty()).then(|| a.tags.clone());
    Ok(Fields { value, currency, close, owner, contact: a.contact.clone(), tags })
}

/// `Set` for a given option, `Unchanged` (not sent) otherwise.
fn set<T>(v: Option<T>) -> Field<T> {
    v.map_or(Field::Unchanged, Field::Set)
}

async fn patch_of(s: &mut Session, a: &UpdateArgs) -> Result<DealPatch, Failure> {
    let f = fields(s, &a.fields).await?;
    let patch = DealPatch {
        title: set(a.title.clone()),
        value: set(f.value),
        currency: set(f.currency),
        contact_id: set(f.contact),
        owner_id: set(f.owner),
        expected_close_date: set(f.close),
        probability: set(a.fields.probability),
        tags: set(f.tags),
        ..DealPatch::default()
    };
    if patch.is_empty() {
        return Err(Failure::usage(
            "nothing to change: give at least one of --title, --value, --currency, --close, --owner, --contact, --tag, --probability",
        ));
    }
    Ok(patch)
}

enum StageTarget {
    Id(String),
    /// A name found in several pipelines: looked up in each deal's own.
    PerDeal(String),
}

enum Change {
    Update(Box<DealPatch>),
    Move { stage: StageTarget, note: Option<String> },
    Won(Option<String>),
    Lost(Option<String>, Option<String>),
    Reopen,
    Delete,
}

impl Change {
    fn verb(&self) -> &'static str {
        match self {
            Change::Update(_) => "Updated",
            Change::Move { .. } => "Moved",
            Change::Won(_) => "Won",
            Change::Lost(..) => "Lost",
            Change::Reopen => "Reopened",
            Change::Delete => "Deleted",
        }
    }
}

/// The ids to act on: `id`, or with `-` each non-empty line of stdin (then `true`: a batch).
fn ids_of(id: &str) -> Result<(Vec<String>, bool), Failure> {
    if id != "-" {
        return Ok((vec![id.to_string()], false));
    }
    let mut ids = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| Failure::usage(format!("cannot read ids from stdin: {e}")))?;
        let id = line.trim();
        if !id.is_empty() {
            ids.push(id.to_string());
        }
    }
    Ok((ids, true))
}

async fn apply(s: &mut Session, id: &str, change: &Change) -> Result<Option<Deal>, Failure> {
    let c = &s.client;
    let deal = match change {
        Change::Update(p) => c.update_deal(id, p).await?,
        Change::Move { stage: StageTarget::Id(stage), note } => {
            c.move_stage(id, stage, note.as_deref()).await?
        }
        Change::Move { stage: StageTarget::PerDeal(name), note } => {
            let deal = c.get_deal(id).await?.deal;
            let (_, stage) = s.stage(name, Some(&deal.pipeline_id)).await?;
            s.client.move_stage(id, &stage, note.as_deref()).await?
        }
        Change::Won(r) => c.mark_won(id, r.as_deref()).await?,
        Change::Lost(r, comp) => c.mark_lost(id, r.as_deref(), comp.as_deref()).await?,
        Change::Reopen => c.reopen(id).await?,
        Change::Delete => {
            c.delete_deal(id).await?;
            return Ok(None);
        }
    };
    Ok(Some(deal))
}

/// Applies `change` to `id` (or to each id read from stdin: each its own request, a summary line,
/// exit 1 if any failed).
async fn each(s: &mut Session, id: &str, change: Change) -> Result<u8, Failure> {
    let (ids, batch) = ids_of(id)?;
    if !s.out.is_json() {
        s.pipelines().await?;
    }
    let mut results = Vec::new();
    for id in &ids {
        let r = apply(s, id, &change).await;
        match &r {
            Err(f) if !batch => return Err(f.clone()),
            Err(f) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "dealboard: {}: {}",
                    crate::sanitize::sanitize(id),
                    f.message
                );
            }
            Ok(_) => {}
        }
        results.push(r);
    }
    print_changed(s, change.verb(), &results, &ids, batch)?;
    let failed = results.iter().filter(|r| r.is_err()).count();
    summary(batch, change.verb(), results.len() - failed, failed)
}

/// `Moved 4 of 5 deals; 1 failed` on stderr after a batch; exit 1 if any failed.
fn summary(batch: bool, verb: &str, done: usize, failed: usize) -> Result<u8, Failure> {
    if batch {
        let total = done + failed;
        let noun = if total == 1 { "deal" } else { "deals" };
        let tail = if failed > 0 { format!("; {failed} failed") } else { String::new() };
        let _ = writeln!(std::io::stderr(), "{verb} {done} of {total} {noun}{tail}");
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

/// The deals a change left (`None`: deleted), in the output's format.
fn print_changed(
    s: &Session,
    verb: &str,
    results: &[Result<Option<Deal>, Failure>],
    ids: &[String],
    batch: bool,
) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let value = |k: usize, r: &Result<Option<Deal>, Failure>| -> serde_json::Value {
        let id = ids.get(k).map(String::as_str).unwrap_or_default();
        match r {
            Ok(Some(d)) => serde_json::to_value(d).unwrap_or_default(),
            Ok(None) => serde_json::json!({ "id": id, "deleted": true }),
            Err(f) => f.to_json(Some(id)),
        }
    };
    match s.out.format {
        Format::Json if batch => {
            let all: Vec<serde_json::Value> = results.iter().enumerate().map(|(k, r)| value(k, r)).collect();
            writeln!(w, "{}", json(&all))?;
        }
        Format::Json | Format::Ndjson => {
            for (k, r) in results.iter().enumerate() {
                writeln!(w, "{}", value(k, r))?;
            }
        }
        Format::Table => {
            for (k, r) in results.iter().enumerate() {
                let line = match r {
                    Ok(Some(d)) => {
                        let stage = d
                            .stage_name
                            .as_ref()
                            .or(s.stage_name(&d.stage_id))
                            .map_or(d.stage_id.clone(), |n| n.to_string());
                        format!("{verb} {} ({}): {stage}, {}", d.id, d.title, d.status.as_str())
                    }
                    Ok(None) => format!("{verb} {}", ids.get(k).map(String::as_str).unwrap_or_default()),
                    Err(_) => continue,
                };
                writeln!(w, "{}", crate::sanitize::sanitize(&line))?;
            }
        }
        Format::Tsv | Format::Csv => {
            let deleted = results.iter().any(|r| matches!(r, Ok(None)));
            if deleted {
                for (k, r) in results.iter().enumerate() {
                    if r.is_ok() {
                        writeln!(
                            w,
                            "{}",
                            crate::sanitize::sanitize(ids.get(k).map(String::as_str).unwrap_or_default())
                        )?;
                    }
                }
            } else {
                let rows: Vec<Vec<Cell>> = results
                    .iter()
                    .filter_map(|r| r.as_ref().ok().and_then(|d| d.as_ref()))
                    .map(|d| deal_row(s, d))
                    .collect();
                write_rows(&s.out, &mut w, &DEAL_COLUMNS, &rows)?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// Asks on the terminal before deleting; without one, `--yes` must say so.
async fn confirm_delete(s: &mut Session, id: &str) -> Result<(), Failure> {
    if id == "-" || !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            "deals delete asks before deleting, and stdin is not a terminal: pass --yes",
        ));
    }
    let deal = s.client.get_deal(id).await?.deal;
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "Delete {} ({})? It cannot be undone. [y/N] ",
        crate::sanitize::sanitize(&deal.id),
        deal.title
    );
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).map_err(|e| Failure::failed(e.to_string()))?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Failure::failed("not deleted"))
    }
}

pub fn pipelines(a: &ReadArgs, top: &BoardArgs) -> Outcome {
    let out = Out::new(&a.out);
    let r = (|| {
        let mut s = Session::open(&a.conn, top, out)?;
        block_on(async {
            let ps = s.pipelines().await?.to_vec();
            let cols = [
                col("ID", true, true, false),
                col("NAME", true, true, false),
                col("DEFAULT", true, true, false),
                col("STAGES", true, true, false),
            ];
            let rows: Vec<Vec<Cell>> = ps
                .iter()
                .map(|p| {
                    let stages: Vec<&str> = p.stages.iter().map(|st| st.name.as_str()).collect();
                    vec![
                        Cell::text(&p.id),
                        Cell::text(&p.name),
                        Cell::two(if p.is_default { "yes" } else { "" }, p.is_default.to_string()),
                        Cell::two(stages.join(", "), stages.join(",")),
                    ]
                })
                .collect();
            print_list(&out, &ps, &cols, &rows)
        })?
    })();
    (r, out.is_json())
}

pub fn stages(a: &StagesArgs, top: &BoardArgs) -> Outcome {
    let out = Out::new(&a.out);
    let r = (|| {
        let mut s = Session::open(&a.conn, top, out)?;
        block_on(async {
            let pid = match &a.pipeline {
                Some(p) => s.pipeline_id(p).await?,
                None => s.default_pipeline().await?,
            };
            let stages = s.client.stages(&pid).await?;
            let cols = [
                col("ID", true, true, false),
                col("NAME", true, true, false),
                col("PROBABILITY", true, true, true),
                col("DEALS", true, true, true),
                col("VALUE", true, true, true),
            ];
            let rows: Vec<Vec<Cell>> = stages
                .iter()
                .map(|st| {
                    vec![
                        Cell::text(&st.id),
                        Cell::text(&st.name),
                        Cell::two(format!("{}%", st.probability), st.probability.to_string()),
                        Cell::two(format::thousands(st.deal_count), st.deal_count.to_string()),
                        Cell::two(format::grouped(st.total_value), st.total_value.to_string()),
                    ]
                })
                .collect();
            print_list(&out, &stages, &cols, &rows)
        })?
    })();
    (r, out.is_json())
}

pub fn users(a: &ReadArgs, top: &BoardArgs) -> Outcome {
    let out = Out::new(&a.out);
    let r = (|| {
        let mut s = Session::open(&a.conn, top, out)?;
        block_on(async {
            let Some(users) = s.users().await?.map(<[_]>::to_vec) else {
                return Err(Failure::not_found("this server does not list its users"));
            };
            let cols = [
                col("ID", true, true, false),
                col("NAME", true, true, false),
                col("EMAIL", true, true, false),
            ];
            let rows: Vec<Vec<Cell>> = users
                .iter()
                .map(|u| {
                    vec![
                        Cell::text(&u.id),
                        Cell::text(&u.name),
                        Cell::text(u.email.as_deref().unwrap_or_default()),
                    ]
                })
                .collect();
            print_list(&out, &users, &cols, &rows)
        })?
    })();
    (r, out.is_json())
}

fn print_list<T: serde::Serialize>(
    out: &Out,
    items: &[T],
    cols: &[Column],
    rows: &[Vec<Cell>],
) -> Result<u8, Failure> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match out.format {
        Format::Json => writeln!(w, "{}", json(&items))?,
        Format::Ndjson => {
            for i in items {
                writeln!(w, "{}", json(i))?;
            }
        }
        _ => write_rows(out, &mut w, cols, rows)?,
    }
    w.flush()?;
    Ok(0)
}
