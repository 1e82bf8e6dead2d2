//! Test fixtures for the board: a small workspace and an in-memory stand-in for the API that
//! answers the App's commands the way the real server would, so tests drive whole flows.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use jiff::civil::date;

use super::api::{ClientError, Page};
use super::app::{App, AppSettings};
use super::message::{Answer, Call, Command, Event, Outcome};
use crate::model::{
    Activity, ActivityType, Contact, Deal, DealContact, DealDetail, DealStatus, Pipeline, Stage, StageChange,
    StageSummary, User,
};
use crate::model::{Field, RuleCtx, RuleError, StageMove};

pub fn now() -> Timestamp {
    "2026-03-20T12:00:00Z".parse().unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn stage(id: &str, name: &str, position: i64, probability: u8) -> Stage {
    Stage { id: id.into(), name: name.into(), position, probability }
}

pub fn pipelines() -> Vec<Pipeline> {
    vec![
        Pipeline {
            id: "pipe_001".into(),
            name: "Sales Pipeline".into(),
            // Out of order on purpose: columns go by position.
            stages: vec![
                stage("stage_002", "Qualified", 2, 25),
                stage("stage_001", "Lead", 1, 10),
                stage("stage_003", "Proposal", 3, 50),
                stage("stage_004", "Negotiation", 4, 75),
                stage("stage_005", "Closed Won", 5, 100),
            ],
            is_default: true,
        },
        Pipeline {
            id: "pipe_002".into(),
            name: "Partners".into(),
            stages: vec![stage("stage_101", "Intro", 1, 20), stage("stage_102", "Pilot", 2, 60)],
            is_default: false,
        },
    ]
}

pub fn users() -> Vec<User> {
    vec![
        User { id: "usr_1".into(), name: "Alice Martin".into(), email: None },
        User { id: "usr_2".into(), name: "山田 太郎".into(), email: None },
    ]
}

#[allow(clippy::too_many_arguments)]
pub fn deal(
    id: &str,
    title: &str,
    stage_id: &str,
    value: Option<f64>,
    currency: &str,
    probability: u8,
    owner: Option<&str>,
    close: Option<jiff::civil::Date>,
    updated: &str,
) -> Deal {
    let pipeline_id = if stage_id.starts_with("stage_1") { "pipe_002" } else { "pipe_001" };
    Deal {
        id: id.into(),
        title: title.into(),
        pipeline_id: pipeline_id.into(),
        stage_id: stage_id.into(),
        stage_name: None,
        value,
        currency: Some(currency.into()),
        probability: Some(probability),
        owner_id: owner.map(Into::into),
        contact_id: None,
        expected_close_date: close,
        status: DealStatus::Open,
        custom_fields: Default::default(),
        tags: vec![],
        won_reason: None,
        lost_reason: None,
        competitor: None,
        closed_at: None,
        created_at: ts("2026-01-10T09:00:00Z"),
        updated_at: ts(updated),
    }
}

pub fn deals() -> Vec<Deal> {
    let mut out = vec![
        deal(
            "deal_1",
            "Enterprise License - Acme Corp",
            "stage_001",
            Some(75000.0),
            "USD",
            10,
            Some("usr_1"),
            Some(date(2026, 4, 15)),
            "2026-03-18T15:30:00Z",
        ),
        deal(
            "deal_2",
            "株式会社テスト 導入 🚀",
            "stage_001",
            Some(3_000_000.0),
            "JPY",
            10,
            Some("usr_2"),
            Some(date(2026, 3, 1)),
            "2026-02-20T10:00:00Z",
        ),
        deal(
            "deal_3",
            "Evil \x1b[2J title\x07",
            "stage_001",
            None,
            "USD",
            10,
            Some("usr_9"),
            None,
            "2026-03-19T10:00:00Z",
        ),
        deal(
            "deal_4",
            "Premium Plan - TechStart Inc",
            "stage_002",
            Some(12500.0),
            "EUR",
            25,
            Some("usr_1"),
            Some(date(2026, 5, 1)),
            "2026-03-10T10:00:00Z",
        ),
        deal(
            "deal_5",
            "Globex renewal",
            "stage_003",
            Some(50000.5),
            "USD",
            50,
            None,
            Some(date(2026, 3, 31)),
            "2026-03-01T10:00:00Z",
        ),
        deal(
            "deal_6",
            "Initech upsell",
            "stage_003",
            Some(24000.0),
            "USD",
            60,
            Some("usr_2"),
            None,
            "2026-03-20T08:00:00Z",
        ),
        deal(
            "deal_7",
            "Pilot with Hooli",
            "stage_101",
            Some(9000.0),
            "GBP",
            20,
            Some("usr_1"),
            None,
            "2026-03-20T08:00:00Z",
        ),
    ];
    let mut closed =
        deal("deal_8", "Already won", "stage_005", Some(1.0), "USD", 100, None, None, "2026-03-20T08:00:00Z");
    closed.status = DealStatus::Won;
    out.push(closed);
    out[0].contact_id = Some("con_1".into());
    out
}

pub fn contacts() -> Vec<Contact> {
    let c = |id: &str, name: &str| Contact { id: id.into(), name: name.into(), email: None, company: None };
    vec![c("con_1", "Dana Scully"), c("con_2", "Fox Mulder")]
}

/// `GET /deals`'s order for `sort`, ties by id; without one, the fixture's order (which the
/// board's tests are written against).
fn sorted(mut deals: Vec<Deal>, sort: Option<crate::model::Sort>) -> Vec<Deal> {
    use crate::model::SortField;
    let Some(sort) = sort else { return deals };
    deals.sort_by(|a, b| {
        let o = match sort.field {
            SortField::Value => a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)),
            SortField::ExpectedCloseDate => a.expected_close_date.cmp(&b.expected_close_date),
            SortField::UpdatedAt => a.updated_at.cmp(&b.updated_at),
            SortField::CreatedAt => a.created_at.cmp(&b.created_at),
        };
        if sort.descending { o.reverse() } else { o }.then_with(|| a.id.cmp(&b.id))
    });
    deals
}

/// An in-memory API: answers each command from its deals, as the server would.
pub struct Fake {
    pub deals: Vec<Deal>,
    pub users: Option<Vec<User>>,
    /// Deals per page, small so paging is exercised.
    pub page: usize,
    /// Deals created so far (their ids count up).
    pub created: usize,
}

impl Default for Fake {
    fn default() -> Self {
        Fake { deals: deals(), users: Some(users()), page: 2, created: 0 }
    }
}

impl Fake {
    pub fn answer(&mut self, cmd: &Command) -> Answer {
        let result = match cmd.call.clone() {
            Call::LoadPipelines => Outcome::Pipelines(pipelines()),
            Call::LoadUsers => Outcome::Users(self.users.clone()),
            Call::LoadStages { pipeline_id } => Outcome::Stages(self.stages(&pipeline_id)),
            Call::ListDeals { query } => {
                let all: Vec<Deal> = self
                    .deals
                    .iter()
                    .filter(|d| query.pipeline_id.as_ref().is_none_or(|p| *p == d.pipeline_id))
                    .filter(|d| query.stage_id.as_ref().is_none_or(|s| *s == d.stage_id))
                    .filter(|d| query.status.is_none_or(|s| s == d.status))
                    .filter(|d| query.owner_id.as_ref().is_none_or(|o| d.owner_id.as_ref() == Some(o)))
                    .filter(|d| query.min_value.is_none_or(|m| d.value.unwrap_or(0.0) >= m))
                    .filter(|d| query.max_value.is_none_or(|m| d.value.unwrap_or(0.0) <= m))
                    .cloned()
                    .collect();
                let all = sorted(all, query.sort);
                let start: usize = query.cursor.as_deref().map_or(0, |c| c.parse().unwrap());
                let end = (start + self.page).min(all.len());
                let next_cursor = (end < all.len()).then(|| end.to_string());
                let items = all[start..end].to_vec();
                Outcome::DealPage(Page { items, total: Some(all.len() as u64), next_cursor, skipped: 0 })
            }
            Call::GetDeal { deal_id } => Outcome::Deal(self.detail(&deal_id)),
            Call::LoadActivities { deal_id } => Outcome::Activities(vec![activity(&deal_id)]),
            Call::MoveStage { deal_id, stage_id, note } => {
                self.save(&deal_id, |d, ctx| d.move_stage(&StageMove { stage_id, note }, ctx))
            }
            Call::UpdateDeal { deal_id, patch } => self.save(&deal_id, |d, ctx| d.apply(&patch, ctx)),
            Call::CreateDeal { deal } => {
                self.created += 1;
                let id = format!("deal_new_{}", self.created);
                let mut d = self.deals[0].clone();
                d.id = id;
                let patch = crate::model::DealPatch {
                    title: Field::Set(deal.title),
                    pipeline_id: Field::Set(deal.pipeline_id),
                    stage_id: Field::from_option(deal.stage_id),
                    value: Field::from_option(deal.value),
                    owner_id: Field::from_option(deal.owner_id),
                    ..Default::default()
                };
                d = d.apply(&patch, &RuleCtx::new(&pipelines(), now())).unwrap();
                d.created_at = now();
                self.deals.push(d.clone());
                Outcome::Saved(d)
            }
            Call::DeleteDeal { deal_id } => {
                self.deals.retain(|d| d.id != deal_id);
                Outcome::Deleted
            }
            Call::SearchContacts { query } => {
                let all =
                    contacts().into_iter().filter(|c| c.name.to_lowercase().contains(&query.to_lowercase()));
                Outcome::Contacts(Some(all.collect()))
            }
            Call::MarkWon { deal_id, reason } => self.save(&deal_id, |d, ctx| d.mark_won(reason, ctx)),
            Call::MarkLost { deal_id, reason, competitor } => {
                self.save(&deal_id, |d, ctx| d.mark_lost(reason, competitor, ctx))
            }
            Call::Reopen { deal_id } => self.save(&deal_id, |d, ctx| d.reopen(ctx)),
        };
        Answer { op: cmd.op, result: Ok(result) }
    }

    /// A write, by the model's rule as the server applies it (the fixture's clock is `now()`).
    fn save(&mut self, id: &str, f: impl FnOnce(&Deal, &RuleCtx) -> Result<Deal, RuleError>) -> Outcome {
        let ps = pipelines();
        let d = self.deals.iter_mut().find(|d| d.id == id).unwrap();
        *d = f(d, &RuleCtx::new(&ps, now())).unwrap_or_else(|e| panic!("the fake refuses {e}"));
        Outcome::Saved(d.clone())
    }

    fn stages(&self, pipeline_id: &str) -> Vec<StageSummary> {
        let p = pipelines().into_iter().find(|p| p.id == pipeline_id).unwrap();
        p.stages
            .iter()
            .map(|s| {
                let open = self.deals.iter().filter(|d| d.stage_id == s.id && d.status == DealStatus::Open);
                StageSummary {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    position: s.position,
                    probability: s.probability,
                    deal_count: open.clone().count() as u64,
                    total_value: open.filter_map(|d| d.value).sum(),
                }
            })
            .collect()
    }

    fn detail(&self, id: &str) -> DealDetail {
        let deal = self.deals.iter().find(|d| d.id == id).unwrap().clone();
        let mut custom = crate::model::CustomFields::new();
        custom.insert("deal_type".into(), "new_business".into());
        custom.insert("seats".into(), 250.into());
        let deal = Deal { custom_fields: custom, tags: vec!["q2".into(), "priority".into()], ..deal };
        DealDetail {
            contacts: vec![DealContact {
                id: "con_1".into(),
                name: "Dana Scully".into(),
                email: Some("dana@acme.test".into()),
                phone: None,
                company: Some("Acme Corp".into()),
                role: Some("decision_maker".into()),
                is_primary: true,
            }],
            stage_history: vec![StageChange {
                stage_id: deal.stage_id.clone(),
                stage_name: Some("Lead".into()),
                entered_at: ts("2026-03-01T09:00:00Z"),
                left_at: None,
                note: Some("Inbound from the webinar".into()),
                changed_by: Some("usr_1".into()),
            }],
            deal,
        }
    }
}

fn activity(deal_id: &str) -> Activity {
    Activity {
        id: "act_1".into(),
        deal_id: deal_id.into(),
        kind: ActivityType::Call,
        subject: Some("Discovery call".into()),
        note: Some("Wants SSO".into()),
        due_at: None,
        done: true,
        user_id: Some("usr_1".into()),
        created_at: ts("2026-03-02T14:00:00Z"),
    }
}

pub fn settings() -> AppSettings {
    AppSettings { api_url: "http://127.0.0.1:7878/v1".into(), ..AppSettings::default() }
}

/// Answers commands (and the commands they lead to) until nothing is left.
pub fn settle(app: &mut App, fake: &mut Fake, mut cmds: Vec<Command>) {
    while let Some(cmd) = cmds.pop() {
        let ev = fake.answer(&cmd);
        cmds.extend(app.update(Event::Api(ev)));
    }
}

/// An App with the fixture board fully loaded, at `width` x `height`.
pub fn loaded(width: u16, height: u16) -> (App, Fake) {
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width, height });
    let mut fake = Fake::default();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

pub fn shift(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::SHIFT))
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert!(app.update(ch(c)).is_empty());
    }
}

pub fn refused(op: super::message::OpId, e: ClientError) -> Event {
    Event::Api(Answer { op, result: Err(e) })
}

pub fn offline() -> ClientError {
    ClientError::Unreachable { url: "http://127.0.0.1:7878/v1".into(), reason: "connection refused".into() }
}
