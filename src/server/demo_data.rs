//! The demo workspace as data: the shape of `assets/demo/workspace.json`, which `--demo` loads into
//! an empty database, and the deterministic generator behind `--deals N`.
//!
//! The file is written around an `anchor` day. Loading shifts every date and timestamp of a deal
//! that is not `pinned` by (today - anchor) days, so the demo board always has deals closing next
//! week, overdue ones and fresh updates, whenever it is run. Pinned deals (the vendor document's
//! own example) keep the document's exact values, so its `curl` examples answer as printed.

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Deserialize, Serialize};

use crate::model::{ActivityType, Contact, CustomFields, DealStatus, Pipeline, User, validate};

/// The demo workspace as written, around its `anchor` day (embedded: the binary works from any directory).
pub const WORKSPACE_JSON: &str = include_str!("../../assets/demo/workspace.json");

/// The whole demo workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The day the file's dates were written around.
    pub anchor: Date,
    pub users: Vec<User>,
    pub contacts: Vec<DemoContact>,
    pub pipelines: Vec<Pipeline>,
    pub deals: Vec<DemoDeal>,
}

/// A workspace contact (the `/contacts` extension's shape plus a phone number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoContact {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
}

impl From<&DemoContact> for Contact {
    fn from(c: &DemoContact) -> Self {
        Contact {
            id: c.id.clone(),
            name: c.name.as_str().into(),
            email: c.email.as_deref().map(Into::into),
            company: c.company.as_deref().map(Into::into),
        }
    }
}

/// A deal with everything hanging off it. `stage_name` is not stored: it comes from the stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoDeal {
    pub id: String,
    pub title: String,
    pub pipeline_id: String,
    pub stage_id: String,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub probability: Option<u8>,
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The primary contact; also listed in `contacts` with `is_primary: true`.
    #[serde(default)]
    pub contact_id: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<Date>,
    #[serde(default)]
    pub status: DealStatus,
    #[serde(default)]
    pub custom_fields: CustomFields,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub won_reason: Option<String>,
    #[serde(default)]
    pub lost_reason: Option<String>,
    #[serde(default)]
    pub competitor: Option<String>,
    #[serde(default)]
    pub closed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Keep this deal's dates exactly as written (no shift to today).
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub contacts: Vec<DemoDealContact>,
    /// Oldest first; the last entry is the current stage, with `left_at: null`.
    #[serde(default)]
    pub stage_history: Vec<DemoStageChange>,
    #[serde(default)]
    pub activities: Vec<DemoActivity>,
}

impl DemoDeal {
    /// The deal as the API lists it, `stage_name` given by the caller (it comes from the stage).
    pub fn to_deal(&self, stage_name: Option<String>) -> crate::model::Deal {
        crate::model::Deal {
            id: self.id.clone(),
            title: self.title.as_str().into(),
            pipeline_id: self.pipeline_id.clone(),
            stage_id: self.stage_id.clone(),
            stage_name: stage_name.map(Into::into),
            value: self.value,
            currency: self.currency.clone(),
            probability: self.probability,
            owner_id: self.owner_id.clone(),
            contact_id: self.contact_id.clone(),
            expected_close_date: self.expected_close_date,
            status: self.status,
            custom_fields: self.custom_fields.clone(),
            tags: self.tags.iter().map(Into::into).collect(),
            won_reason: self.won_reason.as_deref().map(Into::into),
            lost_reason: self.lost_reason.as_deref().map(Into::into),
            competitor: self.competitor.as_deref().map(Into::into),
            closed_at: self.closed_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// A contact's part in a deal: `decision_maker`, `influencer`, `champion`, `technical_buyer`, `end_user`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoDealContact {
    pub contact_id: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub is_primary: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoStageChange {
    pub stage_id: String,
    pub entered_at: Timestamp,
    #[serde(default)]
    pub left_at: Option<Timestamp>,
    #[serde(default)]
    pub note: Option<String>,
    /// A user id.
    #[serde(default)]
    pub changed_by: Option<String>,
}

/// An activity of a deal (`deal_id` is the owning deal's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoActivity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: crate::model::ActivityType,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub due_at: Option<Timestamp>,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub user_id: Option<String>,
    pub created_at: Timestamp,
}

/// The embedded demo workspace (`assets/demo/workspace.json`), with every date and timestamp of
/// non-pinned deals shifted by (today - anchor) whole days (exactly 24 h per day: timestamps are
/// UTC). The returned workspace's `anchor` is `today`. On the anchor day nothing moves. Nothing in the
/// file happens after the day before its anchor (due dates of open tasks and expected close dates
/// lie ahead on purpose), so no deal was created, moved or updated in the future of `today`.
pub fn workspace(today: Date) -> anyhow::Result<Workspace> {
    let mut ws = embedded()?;
    let days = days_between(ws.anchor, today);
    for deal in ws.deals.iter_mut().filter(|d| !d.pinned) {
        shift_deal(deal, days).with_context(|| format!("shifting demo deal {} by {days} days", deal.id))?;
    }
    ws.anchor = today;
    Ok(ws)
}

/// The embedded demo workspace exactly as written, dates unshifted.
pub fn embedded() -> anyhow::Result<Workspace> {
    let de = &mut serde_json::Deserializer::from_str(WORKSPACE_JSON);
    serde_path_to_error::deserialize(de).context("the embedded demo workspace (assets/demo/workspace.json)")
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    to.duration_since(from).as_hours() / 24
}

/// Moves every date and timestamp of a deal, its stage history and its activities by `days` days.
pub fn shift_deal(deal: &mut DemoDeal, days: i64) -> anyhow::Result<()> {
    if days == 0 {
        return Ok(());
    }
    let by = SignedDuration::from_hours(days.checked_mul(24).context("day shift out of range")?);
    let span = Span::new().try_days(days)?;
    let ts = |t: &mut Timestamp| -> anyhow::Result<()> {
        *t = t.checked_add(by)?;
        Ok(())
    };
    let opt_ts = |t: &mut Option<Timestamp>| -> anyhow::Result<()> {
        if let Some(t) = t {
            *t = t.checked_add(by)?;
        }
        Ok(())
    };
    if let Some(d) = &mut deal.expected_close_date {
        *d = d.checked_add(span)?;
    }
    opt_ts(&mut deal.closed_at)?;
    ts(&mut deal.created_at)?;
    ts(&mut deal.updated_at)?;
    for h in &mut deal.stage_history {
        ts(&mut h.entered_at)?;
        opt_ts(&mut h.left_at)?;
    }
    for a in &mut deal.activities {
        ts(&mut a.created_at)?;
        opt_ts(&mut a.due_at)?;
    }
    Ok(())
}

impl Workspace {
    /// Everything wrong with this workspace, one line per problem; empty when it is consistent:
    /// every deal passes `model::validate`'s field rules, every referenced id exists (stages in the
    /// deal's own pipeline), exactly one primary contact which is `contact_id`, stage histories are
    /// chronological and consecutive and end in the current stage, closed deals carry `closed_at`,
    /// and activities mirror the history. The loader may refuse a workspace with problems.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut p = |s: String| out.push(s);
        let users: HashSet<&str> = self.users.iter().map(|u| u.id.as_str()).collect();
        if users.len() != self.users.len() {
            p("duplicate user ids".into());
        }
        for u in &self.users {
            if u.name.trim().is_empty() || u.name.chars().any(char::is_control) {
                p(format!("user {}: bad name", u.id));
            }
        }
        let contacts: HashSet<&str> = self.contacts.iter().map(|c| c.id.as_str()).collect();
        if contacts.len() != self.contacts.len() {
            p("duplicate contact ids".into());
        }
        for c in &self.contacts {
            let texts = [Some(&c.name), c.email.as_ref(), c.phone.as_ref(), c.company.as_ref()];
            if c.name.trim().is_empty()
                || texts.into_iter().flatten().any(|t| t.chars().any(char::is_control))
            {
                p(format!("contact {}: empty name or control characters", c.id));
            }
            if let Err(e) = validate::id("contact_id", &c.id) {
                p(format!("contact {}: {e}", c.id));
            }
        }
        // stage id -> (pipeline id, index in the pipeline)
        let mut stages: HashMap<&str, (&str, usize)> = HashMap::new();
        let mut pipelines = HashSet::new();
        for pl in &self.pipelines {
            if !pipelines.insert(pl.id.as_str()) {
                p(format!("duplicate pipeline {}", pl.id));
            }
            if pl.stages.is_empty() {
                p(format!("pipeline {} has no stages", pl.id));
            }
            for (i, st) in pl.stages.iter().enumerate() {
                if stages.insert(st.id.as_str(), (pl.id.as_str(), i)).is_some() {
                    p(format!("duplicate stage {}", st.id));
                }
                if st.position != i as i64 + 1 || st.probability > 100 {
                    p(format!("stage {}: position or probability out of order", st.id));
                }
            }
        }
        if self.pipelines.iter().filter(|pl| pl.is_default).count() != 1 {
            p("there must be exactly one default pipeline".into());
        }
        let mut deal_ids = HashSet::new();
        let mut activity_ids = HashSet::new();
        for d in &self.deals {
            if !deal_ids.insert(d.id.as_str()) {
                p(format!("duplicate deal {}", d.id));
            }
            for e in deal_field_errors(d) {
                p(format!("deal {}: {e}", d.id));
            }
            let mut q = |s: String| p(format!("deal {}: {s}", d.id));
            if !pipelines.contains(d.pipeline_id.as_str()) {
                q(format!("unknown pipeline {}", d.pipeline_id));
            }
            let in_pipeline = |s: &str| stages.get(s).is_some_and(|(pl, _)| *pl == d.pipeline_id);
            if !in_pipeline(&d.stage_id) {
                q(format!("stage {} is not in pipeline {}", d.stage_id, d.pipeline_id));
            }
            let known_user = |u: &Option<String>| u.as_deref().is_none_or(|u| users.contains(u));
            if !known_user(&d.owner_id) {
                q(format!("unknown owner {:?}", d.owner_id));
            }
            // contacts
            if let Some(c) = &d.contact_id
                && !contacts.contains(c.as_str())
            {
                q(format!("unknown contact {c}"));
            }
            let mut seen = HashSet::new();
            for dc in &d.contacts {
                if !contacts.contains(dc.contact_id.as_str()) {
                    q(format!("unknown deal contact {}", dc.contact_id));
                }
                if !seen.insert(dc.contact_id.as_str()) {
                    q(format!("contact {} listed twice", dc.contact_id));
                }
            }
            let primaries: Vec<&str> =
                d.contacts.iter().filter(|c| c.is_primary).map(|c| c.contact_id.as_str()).collect();
            match &d.contact_id {
                Some(c) if primaries != [c.as_str()] => {
                    q(format!("primary contacts {primaries:?} do not match contact_id {c}"))
                }
                None if !d.contacts.is_empty() => q("contacts listed but no contact_id".into()),
                _ => {}
            }
            // status and times
            match d.status {
                DealStatus::Open => {
                    if d.closed_at.is_some() || d.won_reason.is_some() || d.lost_reason.is_some() {
                        q("open deal with closed_at or a reason".into());
                    }
                }
                DealStatus::Won | DealStatus::Lost => {
                    if d.closed_at.is_none() {
                        q("closed deal without closed_at".into());
                    }
                    let wrong_reason = match d.status {
                        DealStatus::Won => d.lost_reason.is_some() || d.competitor.is_some(),
                        _ => d.won_reason.is_some(),
                    };
                    if wrong_reason {
                        q("reason of the other status".into());
                    }
                }
            }
            if d.updated_at < d.created_at {
                q("updated_at before created_at".into());
            }
            if let Some(c) = d.closed_at
                && (c < d.created_at || c > d.updated_at)
            {
                q("closed_at outside created_at..=updated_at".into());
            }
            // stage history
            match d.stage_history.last() {
                None => q("no stage history".into()),
                Some(last) => {
                    if last.stage_id != d.stage_id || last.left_at.is_some() {
                        q("the last stage_history entry is not the current stage with left_at null".into());
                    }
                    if last.entered_at > d.updated_at {
                        q("last stage change after updated_at".into());
                    }
                }
            }
            if let Some(first) = d.stage_history.first()
                && first.entered_at < d.created_at
            {
                q("stage_history starts before created_at".into());
            }
            for (i, h) in d.stage_history.iter().enumerate() {
                if !in_pipeline(&h.stage_id) {
                    q(format!("history stage {} is not in pipeline {}", h.stage_id, d.pipeline_id));
                }
                if !known_user(&h.changed_by) {
                    q(format!("history changed_by unknown user {:?}", h.changed_by));
                }
                if let Some(next) = d.stage_history.get(i + 1) {
                    if h.left_at != Some(next.entered_at) || next.entered_at < h.entered_at {
                        q(format!("history entry {i} is not followed by the next one"));
                    }
                    if next.stage_id == h.stage_id {
                        q(format!("history entry {} repeats stage {}", i + 1, h.stage_id));
                    }
                }
            }
            // activities
            for a in &d.activities {
                if !activity_ids.insert(a.id.as_str()) {
                    q(format!("duplicate activity {}", a.id));
                }
                if !known_user(&a.user_id) {
                    q(format!("activity {}: unknown user {:?}", a.id, a.user_id));
                }
                if a.created_at < d.created_at || a.created_at > d.updated_at {
                    q(format!("activity {} outside created_at..=updated_at", a.id));
                }
                let texts = [a.subject.as_deref(), a.note.as_deref()];
                if texts.into_iter().flatten().any(|t| validate::text("note", t).is_err()) {
                    q(format!("activity {}: bad text", a.id));
                }
            }
            if !d.activities.is_empty() {
                let moves: Vec<Timestamp> = d
                    .activities
                    .iter()
                    .filter(|a| a.kind == ActivityType::StageChange)
                    .map(|a| a.created_at)
                    .collect();
                let entered: Vec<Timestamp> = d.stage_history.iter().skip(1).map(|h| h.entered_at).collect();
                let mut sorted = moves.clone();
                sorted.sort();
                if sorted != entered {
                    q("stage_change activities do not match the stage history".into());
                }
                let status_changes: Vec<Timestamp> = d
                    .activities
                    .iter()
                    .filter(|a| a.kind == ActivityType::StatusChange)
                    .map(|a| a.created_at)
                    .collect();
                let expected: Vec<Timestamp> = d.closed_at.into_iter().collect();
                if status_changes != expected {
                    q("status_change activities do not match closed_at".into());
                }
            }
        }
        out
    }
}

/// The field rules of `model::validate` a deal's stored values must pass.
fn deal_field_errors(d: &DemoDeal) -> Vec<validate::FieldError> {
    let mut errs = Vec::new();
    let mut check = |r: Result<(), validate::FieldError>| {
        if let Err(e) = r {
            errs.push(e);
        }
    };
    check(validate::id("id", &d.id).map(drop));
    check(validate::title(&d.title).and_then(|t| {
        if t == d.title { Ok(()) } else { Err(validate::FieldError::new("title", "title is not trimmed")) }
    }));
    check(validate::id("pipeline_id", &d.pipeline_id).map(drop));
    check(validate::id("stage_id", &d.stage_id).map(drop));
    if let Some(v) = d.value {
        check(validate::value(v).map(drop));
    }
    if let Some(c) = &d.currency {
        check(validate::currency(c).map(drop));
    }
    if let Some(p) = d.probability {
        check(validate::probability(i64::from(p)).map(drop));
    }
    for (field, v) in [("owner_id", &d.owner_id), ("contact_id", &d.contact_id)] {
        if let Some(v) = v {
            check(validate::id(field, v).map(drop));
        }
    }
    check(validate::tags(d.tags.clone()).map(drop));
    if d.custom_fields.values().any(|v| v.is_object() || v.is_array()) {
        check(Err(validate::FieldError::new("custom_fields", "custom_fields values must be scalars")));
    }
    for (field, v) in
        [("won_reason", &d.won_reason), ("lost_reason", &d.lost_reason), ("competitor", &d.competitor)]
    {
        if let Some(v) = v {
            check(validate::text(field, v).map(drop));
        }
    }
    for h in &d.stage_history {
        if let Some(n) = &h.note {
            check(validate::text("note", n).map(drop));
        }
    }
    errs
}

// ---- generated deals (`--deals N`) --------------------------------------------------------------

const PRODUCTS: &[&str] = &[
    "Enterprise License",
    "Premium Plan",
    "Team Plan",
    "Analytics Add-on",
    "Implementation Services",
    "Data Migration",
    "Premium Support",
    "SSO & Audit Add-on",
    "Training Package",
    "API Access Tier",
    "Site License",
    "Forecasting Module",
    "Pilot",
    "Sandbox Environments",
    "Annual Subscription",
];
const COMPANY_FIRST: &[&str] = &[
    "Blue Harbor",
    "Northstar",
    "Silverline",
    "Crescent",
    "Ironwood",
    "Summit",
    "Evergreen",
    "Falcon",
    "Granite",
    "Horizon",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Meridian",
    "Nimbus",
    "Oakridge",
    "Pioneer",
    "Quartz",
    "Riverbend",
    "Sequoia",
    "Tidewater",
    "Vanguard",
    "Willow",
    "Zenith",
    "Østfold",
    "Kühne",
    "Sakura",
    "Médoc",
    "São Bento",
    "Łódź",
    "Aurora",
    "Bergström",
    "Cascadia",
    "Dunmore",
    "Emerald",
];
const COMPANY_SECOND: &[&str] = &[
    "Logistics",
    "Health",
    "Foods",
    "Energy",
    "Labs",
    "Systems",
    "Bank",
    "Retail",
    "Media",
    "Analytics",
    "Robotics",
    "Insurance",
    "Hotels",
    "Freight",
    "Pharma",
    "Software",
    "Capital",
    "Textiles",
    "Motors",
    "Telecom",
];
const COMPANY_LEGAL: &[&str] =
    &["Inc", "GmbH", "Ltd", "S.A.", "Oy", "AB", "K.K.", "Pty Ltd", "LLC", "AG", "SAS", "B.V.", "Corp"];
const TITLE_SHAPES: usize = 5;
const CURRENCIES: &[(&str, f64, f64)] = &[
    // code, weight, units per USD (rough)
    ("USD", 50.0, 1.0),
    ("EUR", 20.0, 0.92),
    ("GBP", 10.0, 0.79),
    ("JPY", 5.0, 150.0),
    ("CAD", 4.0, 1.36),
    ("AUD", 4.0, 1.5),
    ("CHF", 3.0, 0.88),
    ("SEK", 2.0, 10.5),
    ("INR", 2.0, 83.0),
];
const TAGS: &[&str] = &[
    "enterprise",
    "mid-market",
    "smb",
    "q4-push",
    "strategic",
    "upsell",
    "referral",
    "at-risk",
    "pilot",
    "hot",
];
const DEAL_TYPES: &[&str] = &["new_business", "new_business", "expansion", "upsell", "renewal"];
const ROLES: &[&str] = &["decision_maker", "champion", "influencer", "technical_buyer", "end_user"];
const WON_REASONS: &[&str] = &[
    "Best feature fit",
    "Faster implementation timeline",
    "Better price for a multi-year term",
    "Strong champion",
];
const LOST_REASONS: &[&str] =
    &["Price too high", "Went with a competitor", "No budget this fiscal year", "Project cancelled"];
const COMPETITORS: &[&str] = &["Salesforce", "HubSpot", "Pipedrive", "Zoho CRM", "Microsoft Dynamics 365"];

/// N generated deals, deterministic for the same `n` and `today`: ids `deal_gen_000001`..; each deal
/// is a pure function of its index (deal k is the same whatever `n`), so `generate_deals(n)` is a
/// prefix of `generate_deals(n + 1)`. Deals are spread over every stage of the given pipelines (the
/// first ones cover each stage with an open deal), owners, contacts, statuses (~80% open),
/// currencies, values and dates around `today`. Each has one stage_history entry (its current stage)
/// and no activities. Pipelines without stages are skipped; without any stage nothing is generated.
pub fn generate_deals<'a>(
    n: u64,
    today: Date,
    pipelines: &'a [Pipeline],
    users: &'a [User],
    contacts: &'a [DemoContact],
) -> impl Iterator<Item = DemoDeal> + 'a {
    let stages: Vec<(&'a Pipeline, usize)> =
        pipelines.iter().flat_map(|p| (0..p.stages.len()).map(move |i| (p, i))).collect();
    let midnight =
        today.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH);
    let n = if stages.is_empty() { 0 } else { n };
    (1..=n).map(move |k| generate_one(k, today, midnight, &stages, users, contacts))
}

fn generate_one(
    k: u64,
    today: Date,
    midnight: Timestamp,
    stages: &[(&Pipeline, usize)],
    users: &[User],
    contacts: &[DemoContact],
) -> DemoDeal {
    use rand::seq::IndexedRandom;
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x6465_616c_626f_6172 ^ k);
    let rng = &mut rng;
    let pick =
        |rng: &mut rand_chacha::ChaCha8Rng, xs: &[&'static str]| *xs.choose(rng).expect("non-empty list");

    // Where: the first deals visit every stage once, open; then weighted towards early stages.
    let (pipeline, mut stage_ix) = if k <= stages.len() as u64 {
        stages[(k - 1) as usize]
    } else {
        let (p, _) = stages[rng.random_range(0..stages.len())];
        let len = p.stages.len();
        // min of two uniform draws: earlier stages are more crowded
        (p, rng.random_range(0..len).min(rng.random_range(0..len)))
    };
    let mut status = match (k <= stages.len() as u64, rng.random_range(0..100)) {
        (true, _) | (_, 0..80) => DealStatus::Open,
        (_, 80..90) => DealStatus::Won,
        _ => DealStatus::Lost,
    };
    if status == DealStatus::Won && rng.random_bool(0.8) {
        stage_ix = pipeline.stages.len() - 1;
    }
    let stage = &pipeline.stages[stage_ix];
    // No open deal waits in the won stage: a deal there is won.
    if status == DealStatus::Open && pipeline.won_stage(None).is_some_and(|w| w.id == stage.id) {
        status = DealStatus::Won;
    }

    // Who
    let owner = users.choose(rng).map(|u| u.id.clone());
    let contact = if rng.random_bool(0.7) { contacts.choose(rng) } else { None };
    let company = match contact.and_then(|c| c.company.clone()) {
        Some(c) => c,
        None => {
            format!("{} {} {}", pick(rng, COMPANY_FIRST), pick(rng, COMPANY_SECOND), pick(rng, COMPANY_LEGAL))
        }
    };
    let product = pick(rng, PRODUCTS);
    let seats = [5, 10, 20, 25, 50, 75, 100, 150, 250, 500][rng.random_range(0..10)];
    let title = match rng.random_range(0..TITLE_SHAPES) {
        0 | 1 => format!("{product} - {company}"),
        2 => format!("{company} - {product}"),
        3 => format!("{company} - {seats} seats, {product}"),
        _ => format!("{product} upgrade - {company}"),
    };

    // How much
    let total: f64 = CURRENCIES.iter().map(|c| c.1).sum();
    let mut w = rng.random_range(0.0..total);
    let &(currency, _, rate) = CURRENCIES
        .iter()
        .find(|c| {
            w -= c.1;
            w < 0.0
        })
        .unwrap_or(&CURRENCIES[0]);
    // log-uniform 1k..500k USD, rounded to a round figure in the deal's currency
    let usd = 1000.0 * 500f64.powf(rng.random::<f64>());
    let step = if rate >= 50.0 { 10_000.0 } else { 100.0 };
    let value =
        if rng.random_bool(0.05) { None } else { Some(((usd * rate / step).round() * step).max(step)) };

    // When: created up to a year ago, updated since, nothing after yesterday.
    let day = |d: i64| SignedDuration::from_hours(24 * d);
    let minute = |m: i64| SignedDuration::from_mins(m);
    let age_days = rng.random_range(1..=365i64);
    let created_at = midnight - day(age_days) + minute(rng.random_range(8 * 60..18 * 60));
    let since = age_days - 1;
    let updated_at = created_at + day(rng.random_range(0..=since.min(60))) + minute(rng.random_range(0..120));
    let entered_at =
        if stage_ix == 0 { created_at } else { created_at + updated_at.duration_since(created_at) / 2 };
    let (closed_at, probability) = match status {
        DealStatus::Open => (None, stage.probability),
        DealStatus::Won => (Some(updated_at), 100),
        DealStatus::Lost => (Some(updated_at), 0),
    };
    let expected_close_date = match status {
        _ if rng.random_bool(0.08) => None,
        DealStatus::Open => today.checked_add(Span::new().days(rng.random_range(-30..=180i64))).ok(),
        _ => updated_at
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .checked_add(Span::new().days(rng.random_range(-10..=20i64)))
            .ok(),
    };

    let mut custom_fields = CustomFields::new();
    custom_fields.insert("deal_type".into(), pick(rng, DEAL_TYPES).into());
    if rng.random_bool(0.6) {
        custom_fields.insert("seats".into(), seats.into());
    }
    if rng.random_bool(0.3) {
        custom_fields.insert("po_required".into(), rng.random_bool(0.5).into());
    }
    let tags = match rng.random_range(0..4) {
        0 | 1 => Vec::new(),
        2 => vec![pick(rng, TAGS).to_string()],
        _ => {
            let a = rng.random_range(0..TAGS.len());
            let b = (a + rng.random_range(1..TAGS.len())) % TAGS.len();
            vec![TAGS[a].to_string(), TAGS[b].to_string()]
        }
    };
    let (won_reason, lost_reason, competitor) = match status {
        DealStatus::Open => (None, None, None),
        DealStatus::Won => (Some(pick(rng, WON_REASONS).to_string()), None, None),
        DealStatus::Lost => {
            let reason = pick(rng, LOST_REASONS).to_string();
            (None, Some(reason), rng.random_bool(0.6).then(|| pick(rng, COMPETITORS).to_string()))
        }
    };

    DemoDeal {
        id: format!("deal_gen_{k:06}"),
        title,
        pipeline_id: pipeline.id.clone(),
        stage_id: stage.id.clone(),
        value,
        currency: Some(currency.to_string()),
        probability: Some(probability),
        owner_id: owner.clone(),
        contact_id: contact.map(|c| c.id.clone()),
        expected_close_date,
        status,
        custom_fields,
        tags,
        won_reason,
        lost_reason,
        competitor,
        closed_at,
        created_at,
        updated_at,
        pinned: false,
        contacts: contact
            .map(|c| DemoDealContact {
                contact_id: c.id.clone(),
                role: Some(pick(rng, &ROLES[..2]).to_string()),
                is_primary: true,
            })
            .into_iter()
            .collect(),
        stage_history: vec![DemoStageChange {
            stage_id: stage.id.clone(),
            entered_at,
            left_at: None,
            note: None,
            changed_by: owner,
        }],
        activities: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use serde_json::json;

    fn anchor() -> Date {
        jiff::civil::date(2026, 11, 25)
    }

    fn ws() -> Workspace {
        embedded().unwrap()
    }

    fn deal<'a>(ws: &'a Workspace, id: &str) -> &'a DemoDeal {
        ws.deals.iter().find(|d| d.id == id).unwrap()
    }

    #[test]
    fn the_file_parses_and_is_consistent() {
        let ws = ws();
        assert_eq!(ws.anchor, anchor());
        let problems = ws.problems();
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(WORKSPACE_JSON.len() < 600_000, "{} bytes", WORKSPACE_JSON.len());
    }

    #[test]
    fn problems_are_reported() {
        let mut ws = ws();
        let d = ws.deals.iter_mut().find(|d| !d.pinned && d.stage_history.len() > 1).unwrap();
        d.stage_id = "stage_nope".into();
        d.contacts.iter_mut().for_each(|c| c.is_primary = false);
        d.currency = Some("usd".into());
        d.stage_history[0].left_at = None;
        let id = d.id.clone();
        let problems = ws.problems();
        for needle in
            ["stage stage_nope is not in", "primary contacts", "currency", "is not followed", "last"]
        {
            assert!(
                problems.iter().any(|p| p.contains(&id) && p.contains(needle)),
                "{needle}: {problems:#?}"
            );
        }
    }

    #[test]
    fn the_vendor_examples_are_exactly_as_the_document_shows() {
        let ws = ws();
        let sales = ws.pipelines.iter().find(|p| p.id == "pipe_001").unwrap();
        let st = |id: &str, name: &str, position, probability| Stage {
            id: id.into(),
            name: name.into(),
            position,
            probability,
        };
        assert_eq!(
            sales,
            &Pipeline {
                id: "pipe_001".into(),
                name: "Sales Pipeline".into(),
                stages: vec![
                    st("stage_001", "Lead", 1, 10),
                    st("stage_002", "Qualified", 2, 25),
                    st("stage_003", "Proposal", 3, 50),
                    st("stage_004", "Negotiation", 4, 75),
                    st("stage_005", "Closed Won", 5, 100),
                ],
                is_default: true,
            }
        );
        assert_eq!(ws.pipelines.iter().filter(|p| p.is_default).count(), 1);

        let d = deal(&ws, "deal_xyz789");
        assert!(d.pinned);
        // The list item as the server will render it (stage_name from the stage).
        let wire = d.to_deal(Some("Proposal".into()));
        // The document's list example, from its own text; its stage name ("Proposal Sent")
        // disagrees with its pipelines example, which the data follows.
        let list: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/vendor_list.json")).unwrap();
        let mut expected = list["data"][0].clone();
        expected["stage_name"] = json!("Proposal");
        let extra = json!({"tags": [], "won_reason": null, "lost_reason": null, "competitor": null, "closed_at": null});
        expected.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        assert_eq!(serde_json::to_value(&wire).unwrap(), expected);

        let ids = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<HashSet<_>>();
        let contacts = ids(ws.contacts.iter().map(|c| c.id.as_str()).collect());
        assert!(contacts.is_superset(&ids(vec!["con_def456", "con_abc123"])));
        let techstart = ws.contacts.iter().find(|c| c.id == "con_abc123").unwrap();
        assert_eq!(techstart.company.as_deref(), Some("TechStart Inc"));
        assert_eq!(
            ws.contacts.iter().find(|c| c.id == "con_def456").unwrap().company.as_deref(),
            Some("Acme Corp")
        );
        assert!(ws.users.iter().any(|u| u.id == "usr_abc123"));
        // The document's move example goes to stage_004, in the same pipeline.
        assert!(sales.stages.iter().any(|s| s.id == "stage_004"));
    }

    #[test]
    fn the_bulk_is_varied() {
        let ws = ws();
        assert_eq!(ws.deals.len(), 120);
        assert_eq!(ws.contacts.len(), 40);
        assert!(ws.users.len() >= 6);
        assert!(ws.users.iter().any(|u| !u.name.is_ascii()));
        assert!(ws.contacts.iter().filter(|c| !c.name.is_ascii()).count() >= 5);
        assert!(ws.contacts.iter().any(|c| c.name.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))));
        assert_eq!(ws.pipelines.len(), 2);
        assert!(ws.pipelines[1].stages.len() >= 4);

        // every stage of every pipeline has open deals, but the won stage, which has won deals
        // only (some won within the last 30 days, for its column)
        for pl in &ws.pipelines {
            let won = pl.won_stage(None).map(|s| s.id.as_str());
            for st in &pl.stages {
                let open =
                    ws.deals.iter().filter(|d| d.stage_id == st.id && d.status == DealStatus::Open).count();
                if Some(st.id.as_str()) == won {
                    assert_eq!(open, 0, "the won stage {} has {open} open deals", st.id);
                    let start = anchor().to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp();
                    let month = start - SignedDuration::from_hours(24 * 30);
                    let lately = ws.deals.iter().filter(|d| d.stage_id == st.id && d.closed_at > Some(month));
                    assert!(lately.count() >= 3, "won lately in {}", st.id);
                } else {
                    assert!(open >= 2, "stage {} has {open} open deals", st.id);
                }
            }
        }
        // statuses, reasons, closing times
        for status in DealStatus::ALL {
            assert!(ws.deals.iter().filter(|d| d.status == status).count() >= 10, "{status}");
        }
        for d in ws.deals.iter().filter(|d| d.status != DealStatus::Open) {
            assert!(d.closed_at.is_some(), "{}", d.id);
            match d.status {
                DealStatus::Won => assert!(d.won_reason.is_some(), "{}", d.id),
                _ => assert!(d.lost_reason.is_some(), "{}", d.id),
            }
        }
        assert!(ws.deals.iter().any(|d| d.competitor.is_some()));
        // owners, currencies
        let owners: HashSet<_> = ws.deals.iter().filter_map(|d| d.owner_id.as_deref()).collect();
        assert_eq!(owners.len(), ws.users.len());
        let currencies: HashSet<_> = ws.deals.iter().filter_map(|d| d.currency.as_deref()).collect();
        for c in ["USD", "EUR", "GBP", "JPY"] {
            assert!(currencies.contains(c), "{c}");
        }
        // probability follows the stage for most open deals, with a few overrides
        let prob: HashMap<&str, u8> =
            ws.pipelines.iter().flat_map(|p| &p.stages).map(|s| (s.id.as_str(), s.probability)).collect();
        let open: Vec<_> = ws.deals.iter().filter(|d| d.status == DealStatus::Open).collect();
        let overridden = open.iter().filter(|d| d.probability != Some(prob[d.stage_id.as_str()])).count();
        assert!((1..=open.len() / 8).contains(&overridden), "{overridden} overrides");
        // dates around the anchor
        let a = anchor();
        let ecd = |f: &dyn Fn(&Date) -> bool| {
            open.iter().filter(|d| d.expected_close_date.as_ref().is_some_and(f)).count()
        };
        assert!(ecd(&|d| *d < a) >= 5, "overdue");
        assert!(ecd(&|d| *d > a) >= 30, "future");
        assert!(open.iter().filter(|d| d.expected_close_date.is_none()).count() >= 2);
        let start = a.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp();
        let age = |d: &&&DemoDeal| start.duration_since(d.updated_at).as_hours() / 24;
        assert!(open.iter().filter(|d| age(d) <= 3).count() >= 10, "fresh");
        assert!(open.iter().filter(|d| age(d) > 14).count() >= 10, "stale");
        assert!(ws.deals.iter().all(|d| d.updated_at < start), "nothing happens after the anchor");
        // titles, contacts, custom fields, tags, activities
        let titles: HashSet<_> = ws.deals.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles.len(), ws.deals.len(), "titles are unique");
        assert!(ws.deals.iter().filter(|d| d.title.chars().count() >= 100).count() >= 3);
        assert!(ws.deals.iter().filter(|d| !d.title.is_ascii()).count() >= 10);
        let roles: HashSet<_> =
            ws.deals.iter().flat_map(|d| &d.contacts).filter_map(|c| c.role.as_deref()).collect();
        for r in ["decision_maker", "influencer", "champion", "technical_buyer", "end_user"] {
            assert!(roles.contains(r), "{r}");
        }
        assert!(ws.deals.iter().all(|d| (1..=4).contains(&d.contacts.len())));
        assert!(ws.deals.iter().any(|d| d.contacts.len() == 4));
        let cf = ws.deals.iter().flat_map(|d| d.custom_fields.values());
        let kinds: HashSet<_> = cf
            .map(|v| match v {
                serde_json::Value::String(_) => "string",
                serde_json::Value::Number(_) => "number",
                serde_json::Value::Bool(_) => "bool",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, HashSet::from(["string", "number", "bool"]));
        assert!(ws.deals.iter().filter(|d| !d.tags.is_empty()).count() >= 40);
        let kinds: HashSet<_> = ws.deals.iter().flat_map(|d| &d.activities).map(|a| a.kind).collect();
        assert_eq!(kinds.len(), 7, "{kinds:?}");
        assert!(ws.deals.iter().any(|d| d.stage_history.iter().any(|h| h.note.is_some())));
    }

    #[test]
    fn shifting_moves_other_deals_by_the_day_difference_and_keeps_pinned_ones() {
        let orig = ws();
        let today = jiff::civil::date(2027, 3, 2);
        let shifted = workspace(today).unwrap();
        assert_eq!(shifted.anchor, today);
        let days = 97;
        let by = SignedDuration::from_hours(24 * days);
        assert!(shifted.problems().is_empty());
        for (o, s) in orig.deals.iter().zip(&shifted.deals) {
            if o.pinned {
                assert_eq!(o, s);
                continue;
            }
            assert_eq!(s.created_at, o.created_at + by);
            assert_eq!(s.updated_at, o.updated_at + by);
            assert_eq!(s.closed_at, o.closed_at.map(|t| t + by));
            assert_eq!(s.expected_close_date, o.expected_close_date.map(|d| d + Span::new().days(days)));
            for (oh, sh) in o.stage_history.iter().zip(&s.stage_history) {
                assert_eq!((sh.entered_at, sh.left_at), (oh.entered_at + by, oh.left_at.map(|t| t + by)));
            }
            for (oa, sa) in o.activities.iter().zip(&s.activities) {
                assert_eq!((sa.created_at, sa.due_at), (oa.created_at + by, oa.due_at.map(|t| t + by)));
            }
            // and nothing else
            let mut back = s.clone();
            shift_deal(&mut back, -days).unwrap();
            assert_eq!(&back, o);
        }
        assert_eq!(orig.users, shifted.users);
        assert_eq!(orig.contacts, shifted.contacts);
        assert_eq!(orig.pipelines, shifted.pipelines);
        // on the anchor day nothing moves; backwards works too
        assert_eq!(workspace(anchor()).unwrap(), orig);
        let earlier = workspace(jiff::civil::date(2026, 1, 1)).unwrap();
        assert!(earlier.problems().is_empty());
        let d = earlier.deals.iter().find(|d| !d.pinned).unwrap();
        assert_eq!(d.created_at, deal(&orig, &d.id).created_at - SignedDuration::from_hours(24 * 328));
    }

    fn generated(n: u64, today: Date, ws: &Workspace) -> Vec<DemoDeal> {
        generate_deals(n, today, &ws.pipelines, &ws.users, &ws.contacts).collect()
    }

    #[test]
    fn generated_deals_are_valid_and_fit_the_workspace() {
        let base = ws();
        let today = jiff::civil::date(2027, 5, 14);
        let deals = generated(5000, today, &base);
        assert_eq!(deals.len(), 5000);
        assert_eq!(deals[0].id, "deal_gen_000001");
        assert_eq!(deals[4999].id, "deal_gen_005000");
        let ids: HashSet<_> = deals.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), 5000);
        assert!(deals.iter().all(|d| d.stage_history.len() == 1 && d.activities.is_empty() && !d.pinned));

        // Valid on their own and next to the demo deals: ids resolve, histories, contacts, field rules.
        let mut ws = base.clone();
        ws.deals.extend(deals.iter().cloned());
        let problems = ws.problems();
        assert!(problems.is_empty(), "{:#?}", &problems[..problems.len().min(20)]);

        // Spread: every stage but the won one has open deals (the won stage holds won deals
        // only), all statuses, owners, contacts, currencies.
        for p in &base.pipelines {
            let won = p.won_stage(None).map(|s| s.id.as_str());
            for st in &p.stages {
                let open = deals.iter().any(|d| d.stage_id == st.id && d.status == DealStatus::Open);
                assert_eq!(open, Some(st.id.as_str()) != won, "{}", st.id);
            }
        }
        let open = deals.iter().filter(|d| d.status == DealStatus::Open).count();
        assert!((3700..=4300).contains(&open), "{open} open of 5000");
        for status in [DealStatus::Won, DealStatus::Lost] {
            assert!(deals.iter().filter(|d| d.status == status).count() > 300, "{status}");
        }
        let owners: HashSet<_> = deals.iter().filter_map(|d| d.owner_id.as_deref()).collect();
        assert_eq!(owners.len(), base.users.len());
        let contacts: HashSet<_> = deals.iter().filter_map(|d| d.contact_id.as_deref()).collect();
        assert_eq!(contacts.len(), base.contacts.len());
        let currencies: HashSet<_> = deals.iter().filter_map(|d| d.currency.as_deref()).collect();
        assert!(currencies.len() >= 5, "{currencies:?}");
        let titles: HashSet<_> = deals.iter().map(|d| d.title.as_str()).collect();
        assert!(titles.len() > 2000, "{} distinct titles", titles.len());
        for d in deals.iter().filter(|d| d.status != DealStatus::Open) {
            assert!(d.closed_at.is_some() && (d.won_reason.is_some() || d.lost_reason.is_some()), "{}", d.id);
        }

        // Dates around today, nothing in the future.
        let midnight = today.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp();
        let year_ago = midnight - SignedDuration::from_hours(24 * 366);
        assert!(deals.iter().all(|d| d.created_at > year_ago && d.updated_at < midnight));
        let ecds: Vec<Date> = deals.iter().filter_map(|d| d.expected_close_date).collect();
        assert!(ecds.iter().any(|d| *d < today) && ecds.iter().any(|d| *d > today));
        assert!(ecds.len() < deals.len());
    }

    #[test]
    fn generation_is_deterministic_and_each_deal_depends_only_on_its_index() {
        let base = ws();
        let today = anchor();
        let a = generated(300, today, &base);
        assert_eq!(a, generated(300, today, &base));
        assert_eq!(a[..100], generated(100, today, &base)[..]);
        assert_ne!(a[0], a[1]);
        // a different day moves the dates, not the deals
        let b = generated(300, today + Span::new().days(3), &base);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.id, &x.title, &x.stage_id, x.status), (&y.id, &y.title, &y.stage_id, y.status));
            assert_eq!(y.created_at, x.created_at + SignedDuration::from_hours(72));
        }
    }

    #[test]
    fn generation_copes_with_a_bare_workspace() {
        let base = ws();
        let sales = &base.pipelines[..1];
        // only the default pipeline, no users, no contacts
        let deals: Vec<_> = generate_deals(50, anchor(), sales, &[], &[]).collect();
        assert_eq!(deals.len(), 50);
        assert!(
            deals.iter().all(|d| d.owner_id.is_none() && d.contact_id.is_none() && d.contacts.is_empty())
        );
        assert!(deals.iter().all(|d| d.pipeline_id == "pipe_001"));
        let ws =
            Workspace { deals, contacts: vec![], users: vec![], pipelines: sales.to_vec(), anchor: anchor() };
        assert!(ws.problems().is_empty(), "{:#?}", ws.problems());
        // nothing to put deals in: nothing generated
        assert_eq!(generate_deals(10, anchor(), &[], &base.users, &base.contacts).count(), 0);
        let empty = Pipeline { stages: vec![], ..base.pipelines[0].clone() };
        assert_eq!(generate_deals(10, anchor(), std::slice::from_ref(&empty), &[], &[]).count(), 0);
        assert_eq!(generate_deals(0, anchor(), &base.pipelines, &[], &[]).count(), 0);
    }
}
