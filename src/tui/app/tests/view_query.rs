//! `f` / `F` filters, `s` sort, `P` pipelines: each reloads the board from the first page with
//! the new query, and the counts follow the filter.

use crossterm::event::KeyCode;

use super::*;
use crate::model::{DealStatus, Sort, SortField};
use crate::tui::api::ClientError;
use crate::tui::dialogs::Dialog;
use crate::tui::message::{Answer, Call, Command, Event};
use crate::tui::test_support::*;

/// The deal queries of a reload, one per column, checked to start from the first page.
fn queries(cmds: &[Command]) -> Vec<crate::model::DealQuery> {
    let qs: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Command { call: Call::ListDeals { query }, .. } => Some(query.clone()),
            _ => None,
        })
        .collect();
    assert!(qs.iter().all(|q| q.cursor.is_none()), "from page 1");
    qs
}

#[test]
fn f_applies_the_filter_to_every_column_and_counts_come_from_the_pages() {
    let (mut app, mut fake) = loaded(160, 45);
    assert!(matches!(app.update(ch('f')), v if v.is_empty()));
    assert!(matches!(app.popup(), Some(Dialog::Filter(_))));
    app.update(ch('w'));
    let cmds = app.update(key(KeyCode::Enter));
    assert!(matches!(&cmds[0].call, Call::LoadStages { .. }));
    let qs = queries(&cmds);
    assert_eq!(qs.len(), 5);
    assert!(qs.iter().all(|q| q.status == Some(DealStatus::Won)));
    assert!(app.view_query().filter.is_active());
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 4), ["deal_8"]);
    assert!(column_ids(&app, 0).is_empty());
    // Not the /stages count of open deals (2 in Proposal): the filtered total.
    let counts: Vec<u64> = app.board().columns.iter().map(|c| c.count()).collect();
    assert_eq!(counts, [0, 0, 0, 0, 1]);
    // `f` again edits it: it opens on the won filter, and Esc keeps it.
    app.update(ch('f'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.view_query().filter.is_active());
    // `F` clears it: open deals again, the stage counts back.
    let cmds = app.update(ch('F'));
    assert!(queries(&cmds).iter().all(|q| q.status == Some(DealStatus::Open)));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(app.board().columns[2].count(), 2);
    assert!(app.update(ch('F')).is_empty());
    assert_eq!(message(&app), crate::tui::strings::NO_FILTER);
}

#[test]
fn an_owner_and_a_value_range_reach_the_query() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('f'));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "alice");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "10k");
    let cmds = app.update(key(KeyCode::Enter));
    let qs = queries(&cmds);
    assert!(qs.iter().all(|q| q.owner_id.as_deref() == Some("usr_1") && q.min_value == Some(10_000.0)));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_1"]);
    // The range is in the board's currency (USD): €12,500 is not "10,000 dollars or more"
    // without a rate to say so (see tests::money).
    assert!(column_ids(&app, 1).is_empty());
    let describe = app.view_query().filter.describe();
    assert!(describe.contains("Alice Martin") && describe.contains("10,000"), "{describe}");
}

#[test]
fn a_page_failing_under_a_filter_says_why_and_keeps_the_rest() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('f'));
    app.update(ch('a'));
    let cmds = app.update(key(KeyCode::Enter));
    let (first, rest) = cmds.split_at(2);
    app.update(Event::Api(Answer {
        op: first[1].op(),
        result: Err(ClientError::BadRequest { message: "min_value must be a number".into() }),
    }));
    settle(&mut app, &mut fake, rest.to_vec());
    settle(&mut app, &mut fake, vec![first[0].clone()]);
    assert!(is_error(&app) && message(&app).contains("min_value"), "{}", message(&app));
    assert!(matches!(app.board().columns[0].load, crate::tui::app::board::ColumnLoad::Failed(_)));
    assert_eq!(column_ids(&app, 4), ["deal_8"]);
}

#[test]
fn s_sorts_every_column_through_the_api() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('s'));
    assert!(matches!(app.popup(), Some(Dialog::Sort(_))));
    // From "last updated" up to "value", largest first.
    app.update(ch('k'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    let want = Sort { field: SortField::Value, descending: true };
    assert!(queries(&cmds).iter().all(|q| q.sort == Some(want)));
    settle(&mut app, &mut fake, cmds);
    // Dollars first (the board's currency), then yen: ¥3,000,000 is not more than $75,000.
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_3", "deal_2"]);
    // The same sort again reloads nothing.
    app.update(ch('s'));
    assert!(app.update(key(KeyCode::Enter)).is_empty());
}

#[test]
fn p_picks_a_pipeline_from_a_list_and_the_app_remembers_it() {
    let (mut app, mut fake) = loaded(160, 45);
    assert_eq!(app.current_pipeline_id(), Some("pipe_001"));
    app.update(ch('P'));
    assert!(matches!(app.popup(), Some(Dialog::Pipelines(_))));
    // Enter on the current one changes nothing.
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    app.update(ch('P'));
    type_text(&mut app, "part");
    let cmds = app.update(key(KeyCode::Enter));
    assert!(matches!(cmds[0].call, Call::LoadStages { ref pipeline_id, .. } if pipeline_id == "pipe_002"));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.current_pipeline_id(), Some("pipe_002"));
    assert_eq!(column_ids(&app, 0), ["deal_7"]);
    // Esc leaves it be; `p` still cycles.
    app.update(ch('P'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    let cmds = app.update(ch('p'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.current_pipeline_id(), Some("pipe_001"));
}

#[test]
fn the_pipeline_a_board_opens_on_comes_from_the_settings() {
    let mut app = App::new(AppSettings { pipeline: Some("pipe_002".into()), ..settings() }, now());
    let mut fake = Fake::default();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.current_pipeline_id(), Some("pipe_002"));
}

#[test]
fn a_deal_won_under_an_every_status_filter_stays_on_the_board() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('f'));
    app.update(ch('a'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    app.update(ch('w'));
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert_eq!(message(&app), "Won: “Enterprise License - Acme Corp”.");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(app.board().deal("deal_1").unwrap().status, DealStatus::Won);
}

#[test]
fn a_deal_created_outside_the_filter_is_created_and_said_to_be_hidden() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('f'));
    app.update(ch('w'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Wayne");
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert_eq!(column_ids(&app, 0).len(), 1, "shown while it is saved");
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(column_ids(&app, 0).is_empty());
    assert_eq!(message(&app), "Created: “Wayne”; the filter hides it.");
}

#[test]
fn a_sort_or_a_pipeline_switch_that_cannot_reach_the_server_says_offline_and_keeps_going() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('s'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    // Every page of the reload fails: each column says why; the sort stays chosen.
    for c in &cmds {
        let ev = match c {
            Command { op, call: Call::ListDeals { .. } } => Answer { op: *op, result: Err(offline()) },
            Command { op, call: Call::LoadStages { .. } } => Answer { op: *op, result: Err(offline()) },
            other => panic!("{other:?}"),
        };
        app.update(Event::Api(ev));
    }
    assert!(app.status().offline && is_error(&app));
    assert!(
        app.board().columns.iter().all(|c| matches!(c.load, crate::tui::app::board::ColumnLoad::Failed(_)))
    );
    assert_eq!(app.view_query().sort.map(|s| s.field), Some(SortField::ExpectedCloseDate));
    // The picker still switches, and the server answering again clears the offline mark.
    app.update(ch('P'));
    type_text(&mut app, "part");
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    assert!(!app.status().offline);
    assert_eq!(column_ids(&app, 0), ["deal_7"]);
}
