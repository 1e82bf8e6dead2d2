use super::*;
use crate::tui::api::{ClientError, Page};
use crate::tui::app::board::ColumnLoad;
use crate::tui::message::{Answer, Call, Command, Event, Outcome};
use crate::tui::test_support::*;

fn started() -> (App, Vec<Command>) {
    let mut app = App::new(settings(), now());
    let cmds = app.start();
    (app, cmds)
}

#[test]
fn start_asks_for_pipelines_and_users_and_ticks_while_waiting() {
    let (app, cmds) = started();
    assert!(matches!(&cmds[0].call, Call::LoadPipelines));
    assert!(matches!(&cmds[1].call, Call::LoadUsers));
    assert!(app.wants_ticks());
    assert!(!app.pipelines_loaded());
}

#[test]
fn pipelines_then_stages_and_every_first_page_at_once() {
    let (mut app, cmds) = started();
    let mut fake = Fake::default();
    let next = app.update(Event::Api(fake.answer(&cmds[0])));
    // Default pipeline, columns by position, one stage-totals call and five first pages.
    let names: Vec<_> = app.board().columns.iter().map(|c| c.stage.name.as_str()).collect();
    assert_eq!(names, ["Lead", "Qualified", "Proposal", "Negotiation", "Closed Won"]);
    assert!(matches!(next[0].call, Call::LoadStages { ref pipeline_id, .. } if pipeline_id == "pipe_001"));
    let pages: Vec<_> = next[1..]
        .iter()
        .map(|c| match c {
            Command { call: Call::ListDeals { query }, .. } => {
                assert_eq!(query.status, Some(crate::model::DealStatus::Open));
                assert_eq!(query.cursor, None);
                query.stage_id.clone().unwrap()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(pages, ["stage_001", "stage_002", "stage_003", "stage_004", "stage_005"]);

    // Totals first: the headers are right before the pages arrive.
    app.update(Event::Api(fake.answer(&next[0])));
    assert_eq!(app.board().columns[0].count(), 3);
    assert_eq!(app.board().progress(), (0, 6));

    // Qualified's page paints its column while the others still load.
    let more = app.update(Event::Api(fake.answer(&next[2])));
    assert!(more.is_empty());
    assert_eq!(column_ids(&app, 1), ["deal_4"]);
    assert_eq!(app.board().columns[1].load, ColumnLoad::Complete);
    assert_eq!(app.board().columns[0].load, ColumnLoad::Loading);

    // Lead has three deals on pages of two: the rest pages in behind with the cursor.
    let more = app.update(Event::Api(fake.answer(&next[1])));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2"]);
    assert_eq!(app.board().columns[0].load, ColumnLoad::Partial);
    let Call::ListDeals { query, .. } = only(more.clone()).call else { panic!() };
    assert_eq!(query.cursor.as_deref(), Some("2"));
    assert_eq!(query.stage_id.as_deref(), Some("stage_001"));
    assert_eq!(app.board().progress(), (3, 6));
    app.update(Event::Api(fake.answer(&more[0])));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert!(app.wants_ticks(), "users and three pages are still out");
}

#[test]
fn a_fully_loaded_board_stops_ticking() {
    let (app, _) = loaded(80, 24);
    assert!(!app.wants_ticks());
    assert!(app.board().fully_loaded());
    assert_eq!(app.owner_name("usr_1"), "Alice Martin");
}

#[test]
fn the_pipeline_asked_for_opens_first_and_an_unknown_one_says_so() {
    let mut app = App::new(AppSettings { pipeline: Some("pipe_002".into()), ..settings() }, now());
    let cmds = app.start();
    settle(&mut app, &mut Fake::default(), cmds);
    assert_eq!(app.board().pipeline().unwrap().id, "pipe_002");
    assert_eq!(column_ids(&app, 0), ["deal_7"]);

    let mut app = App::new(AppSettings { pipeline: Some("pipe_404".into()), ..settings() }, now());
    let cmds = app.start();
    settle(&mut app, &mut Fake::default(), cmds);
    assert_eq!(app.board().pipeline().unwrap().id, "pipe_001");
    assert!(message(&app).contains("pipe_404"));
}

#[test]
fn without_users_owners_show_as_ids() {
    let mut app = App::new(settings(), now());
    let cmds = app.start();
    settle(&mut app, &mut Fake { users: None, ..Fake::default() }, cmds);
    assert_eq!(app.owner_name("usr_1"), "usr_1");
}

#[test]
fn offline_at_start_says_so_and_r_tries_again() {
    let (mut app, cmds) = started();
    app.update(Event::Api(Answer { op: cmds[0].op(), result: Err(offline()) }));
    assert!(app.status().offline);
    assert!(message(&app).contains("offline"));
    assert!(message(&app).contains("127.0.0.1:7878"));
    // Keys still work on the empty board.
    assert!(app.update(ch('j')).is_empty());
    let again = app.update(ch('r'));
    assert!(matches!(&again[0].call, Call::LoadPipelines));
    let mut fake = Fake::default();
    settle(&mut app, &mut fake, again);
    assert!(!app.status().offline);
    assert_eq!(app.board().columns.len(), 5);
}

#[test]
fn a_failed_page_marks_its_column_and_keeps_the_rest() {
    let (mut app, cmds) = started();
    let mut fake = Fake::default();
    let next = app.update(Event::Api(fake.answer(&cmds[0])));
    let err = ClientError::Server { status: 500, message: "boom".into() };
    app.update(Event::Api(Answer { op: next[1].op(), result: Err(err) }));
    assert!(matches!(app.board().columns[0].load, ColumnLoad::Failed(_)));
    assert!(is_error(&app));
    app.update(Event::Api(fake.answer(&next[2])));
    assert_eq!(column_ids(&app, 1), ["deal_4"]);
}

#[test]
fn refresh_keeps_the_board_until_the_new_copy_is_in_and_the_selection_stays() {
    let (mut app, mut fake) = loaded(80, 24);
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    // Someone else adds a deal at the top of Lead.
    let mut new = fake.deals[0].clone();
    new.id = "deal_new".into();
    fake.deals.insert(0, new);
    let cmds = app.update(ch('r'));
    assert!(cmds.iter().any(|c| matches!(&c.call, Call::LoadUsers)));
    // The first page of Lead arrives: nothing changes yet (no flicker, no half column).
    let lead = cmds.iter().find(|c| matches!(&c.call, Call::ListDeals { query, .. } if query.stage_id.as_deref() == Some("stage_001"))).unwrap().clone();
    let more = app.update(Event::Api(fake.answer(&lead)));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    settle(&mut app, &mut fake, more);
    // Lead is complete, but the board merges in one step once every column is in (a deal moved
    // between two columns must never show twice or vanish for a moment).
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    let rest: Vec<Command> = cmds.into_iter().filter(|c| c.op() != lead.op()).collect();
    settle(&mut app, &mut fake, rest);
    assert_eq!(column_ids(&app, 0), ["deal_new", "deal_1", "deal_2", "deal_3"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
}

#[test]
fn answers_to_a_replaced_load_are_dropped() {
    let (mut app, mut fake) = loaded(80, 24);
    let old = app.update(ch('r'));
    let switched = app.update(ch('p'));
    assert_eq!(app.board().pipeline().unwrap().name, "Partners");
    // The refresh's pages of the old pipeline arrive late and must not land anywhere.
    for c in old.iter().filter(|c| matches!(&c.call, Call::ListDeals { .. })) {
        assert!(app.update(Event::Api(fake.answer(c))).is_empty());
    }
    assert!(app.board().columns.iter().all(|c| c.deals.is_empty()));
    settle(&mut app, &mut fake, switched);
    assert_eq!(column_ids(&app, 0), ["deal_7"]);
}

#[test]
fn p_and_tab_cycle_pipelines() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(crossterm::event::KeyCode::Tab));
    assert_eq!(app.board().pipeline().unwrap().id, "pipe_002");
    settle(&mut app, &mut fake, cmds);
    let cmds = app.update(ch('p'));
    assert_eq!(app.board().pipeline().unwrap().id, "pipe_001");
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
}

#[test]
fn one_pipeline_only_says_so() {
    let (mut app, cmds) = started();
    let mut one = pipelines();
    one.truncate(1);
    app.update(Event::Api(Answer { op: cmds[0].op(), result: Ok(Outcome::Pipelines(one)) }));
    assert!(app.update(ch('p')).is_empty());
    assert_eq!(message(&app), crate::tui::strings::ONE_PIPELINE);
}

#[test]
fn no_pipelines_says_so() {
    let (mut app, cmds) = started();
    app.update(Event::Api(Answer { op: cmds[0].op(), result: Ok(Outcome::Pipelines(vec![])) }));
    assert_eq!(message(&app), crate::tui::strings::NO_PIPELINES);
    assert!(app.update(ch('L')).is_empty());
}

#[test]
fn duplicate_deals_across_pages_are_shown_once() {
    let (mut app, cmds) = started();
    let mut fake = Fake::default();
    let next = app.update(Event::Api(fake.answer(&cmds[0])));
    let d = deals()[0].clone();
    let page = |cursor: Option<&str>| Page {
        items: vec![d.clone()],
        total: None,
        next_cursor: cursor.map(Into::into),
    };
    let more =
        app.update(Event::Api(Answer { op: next[1].op(), result: Ok(Outcome::DealPage(page(Some("x")))) }));
    app.update(Event::Api(Answer { op: more[0].op(), result: Ok(Outcome::DealPage(page(None))) }));
    assert_eq!(column_ids(&app, 0), ["deal_1"]);
}

#[test]
fn unknown_answers_are_ignored() {
    let (mut app, _) = loaded(80, 24);
    let ev = Answer { op: crate::tui::message::OpId(9999), result: Err(offline()) };
    assert!(app.update(Event::Api(ev)).is_empty());
    assert!(!app.status().offline);
}

#[test]
fn a_refresh_that_cannot_reach_the_server_keeps_the_board_and_says_offline() {
    let (mut app, _) = loaded(80, 24);
    let cmds = app.update(ch('r'));
    for c in &cmds {
        let ev = match c {
            Command { op, call: Call::LoadPipelines } => Answer { op: *op, result: Err(offline()) },
            Command { op, call: Call::LoadUsers } => Answer { op: *op, result: Err(offline()) },
            Command { op, call: Call::LoadStages { .. } } => Answer { op: *op, result: Err(offline()) },
            Command { op, call: Call::ListDeals { .. } } => Answer { op: *op, result: Err(offline()) },
            other => panic!("{other:?}"),
        };
        assert!(app.update(Event::Api(ev)).is_empty());
    }
    assert!(app.status().offline);
    assert!(message(&app).contains("offline"));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"], "what was loaded stays");
    assert_eq!(app.board().columns[0].count(), 3);
    assert!(!app.wants_ticks());
    // And the next refresh, with the server back, recovers.
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut Fake::default(), cmds);
    assert!(!app.status().offline);
    assert!(app.board().fully_loaded());
    assert!(app.board().columns.iter().all(|c| c.incoming.is_none()));
}

#[test]
fn stage_totals_that_fail_say_so_and_counts_fall_back_to_loaded_deals() {
    let (mut app, cmds) = started();
    let mut fake = Fake::default();
    let next = app.update(Event::Api(fake.answer(&cmds[0])));
    let err = ClientError::Server { status: 500, message: "internal".into() };
    app.update(Event::Api(Answer { op: next[0].op(), result: Err(err) }));
    assert!(message(&app).contains("stage totals"));
    settle(&mut app, &mut fake, next[1..].to_vec());
    assert_eq!(app.board().columns[0].count(), 3);
    assert_eq!(app.board().columns[0].total_value(), 75000.0 + 3_000_000.0);
}

#[test]
fn refresh_picks_up_new_pipelines_and_rebuilds_only_a_changed_one() {
    let (mut app, mut fake) = loaded(80, 24);
    app.update(ch('j'));
    let cmds = app.update(ch('r'));
    let mut more = pipelines();
    more.push(crate::model::Pipeline {
        id: "pipe_003".into(),
        name: "Renewals".into(),
        stages: vec![],
        is_default: false,
    });
    let list = cmds.iter().find(|c| matches!(&c.call, Call::LoadPipelines)).unwrap();
    let after =
        app.update(Event::Api(Answer { op: list.op(), result: Ok(Outcome::Pipelines(more.clone())) }));
    assert!(after.is_empty(), "same stages: the columns stay and reload once");
    assert_eq!(app.board().pipelines.len(), 3);
    let rest: Vec<_> = cmds.into_iter().filter(|c| !matches!(&c.call, Call::LoadPipelines)).collect();
    settle(&mut app, &mut fake, rest);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));

    // A stage added on the server: the board rebuilds its columns.
    let cmds = app.update(ch('r'));
    more[0].stages.push(crate::model::Stage {
        id: "stage_006".into(),
        name: "Legal".into(),
        position: 6,
        probability: 90,
    });
    let list = cmds.iter().find(|c| matches!(&c.call, Call::LoadPipelines)).unwrap();
    let reload = app.update(Event::Api(Answer { op: list.op(), result: Ok(Outcome::Pipelines(more)) }));
    assert_eq!(app.board().columns.len(), 6);
    assert!(reload.iter().any(|c| matches!(&c.call, Call::LoadStages { .. })));
}
