//! `e` (the deal form, prefilled; pipeline moves) and `d` (delete after a confirmation), with
//! their failure paths.

use crossterm::event::KeyCode;

use super::*;
use crate::model::{DealPatch, Field};
use crate::tui::api::ClientError;
use crate::tui::app::Target;
use crate::tui::dialogs::{Dialog, Intent};
use crate::tui::message::{Answer, Call, Command, Event, OpId, Outcome};
use crate::tui::test_support::*;

/// `e` on the selected deal, " (renewed)" typed after its title, Enter.
fn rename(app: &mut App, fake: &mut Fake) -> Command {
    let cmds = app.update(ch('e'));
    settle(app, fake, cmds);
    let Some(Dialog::DealForm(f)) = app.popup() else { panic!("the edit form") };
    assert_eq!(f.deal_id(), Some("deal_1"));
    type_text(app, " (renewed)");
    only(app.update(key(KeyCode::Enter)))
}

#[test]
fn e_sends_only_the_changed_field_and_the_card_shows_it_at_once() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = rename(&mut app, &mut fake);
    let Call::UpdateDeal { ref deal_id, ref patch, .. } = cmd.call else { panic!("{cmd:?}") };
    let want = DealPatch {
        title: Field::Set("Enterprise License - Acme Corp (renewed)".into()),
        ..DealPatch::default()
    };
    assert_eq!((deal_id.as_str(), patch), ("deal_1", &want));
    assert!(app.popup().is_none());
    assert_eq!(app.board().deal("deal_1").unwrap().title, "Enterprise License - Acme Corp (renewed)");
    assert!(app.is_pending("deal_1"));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(!app.is_pending("deal_1"));
    assert_eq!(fake.deals[0].title, "Enterprise License - Acme Corp (renewed)");
    assert!(message(&app).contains("Saved"));
}

#[test]
fn an_untouched_edit_form_sends_nothing() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('e'));
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.popup().is_none());
    assert_eq!(message(&app), crate::tui::strings::NOTHING_CHANGED);
}

#[test]
fn a_refused_edit_restores_the_servers_copy_and_reopens_the_form_with_the_text() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = rename(&mut app, &mut fake);
    let e = ClientError::Validation { field: Some("title".into()), message: "title is too long".into() };
    app.update(refused(cmd.op(), e));
    assert_eq!(app.board().deal("deal_1").unwrap().title, "Enterprise License - Acme Corp");
    assert!(!app.is_pending("deal_1"));
    assert!(is_error(&app));
    assert!(matches!(app.popup(), Some(Dialog::DealForm(_))));
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(
        matches!((&retry.call, &cmd.call), (Call::UpdateDeal { patch: a, .. }, Call::UpdateDeal { patch: b, .. }) if a == b)
    );
}

#[test]
fn an_edit_failing_on_the_server_keeps_the_form_for_e() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = rename(&mut app, &mut fake);
    app.update(refused(cmd.op(), ClientError::Server { status: 503, message: "unavailable".into() }));
    assert_eq!(app.board().deal("deal_1").unwrap().title, "Enterprise License - Acme Corp");
    assert!(app.popup().is_none());
    assert!(message(&app).starts_with("Not saved (e reopens the form): “"), "{}", message(&app));
    app.update(ch('e'));
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(
        matches!(retry.call, Call::UpdateDeal { ref patch, .. } if patch.title.as_set().is_some_and(|t| t.ends_with("(renewed)")))
    );
}

/// `e`, Tab to the pipeline, "part" picks Partners, Enter picks its first stage, Enter saves.
fn move_to_partners(app: &mut App) -> Command {
    app.update(ch('e'));
    app.update(key(KeyCode::Tab));
    type_text(app, "part");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    only(app.update(key(KeyCode::Enter)))
}

#[test]
fn a_new_pipeline_goes_by_pipeline_id_and_the_card_leaves_this_board() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = move_to_partners(&mut app);
    let Call::UpdateDeal { ref patch, .. } = cmd.call else { panic!("{cmd:?}") };
    assert_eq!(patch.pipeline_id, Field::Set("pipe_002".into()));
    assert_eq!(patch.stage_id, Field::Set("stage_101".into()));
    assert_eq!(column_ids(&app, 0), ["deal_2", "deal_3"]);
    assert!(message(&app).contains("Enterprise License - Acme Corp") && message(&app).contains("Partners"));
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(fake.deals[0].pipeline_id, "pipe_002");
}

#[test]
fn a_refused_pipeline_move_brings_the_card_back() {
    let (mut app, _) = loaded(160, 45);
    let cmd = move_to_partners(&mut app);
    app.update(refused(
        cmd.op(),
        ClientError::StageNotInPipeline { message: "stage_101 is not in pipe_002".into() },
    ));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert!(matches!(app.popup(), Some(Dialog::DealForm(_))), "the stage field says why");
}

fn deleted(op: OpId, result: Result<(), ClientError>) -> Event {
    Event::Api(Answer { op, result: result.map(|()| Outcome::Deleted) })
}

#[test]
fn d_asks_first_and_only_yes_deletes() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('j'));
    assert!(app.update(ch('d')).is_empty());
    assert!(
        matches!(app.popup(), Some(Dialog::ConfirmDelete(c)) if c.intent == Intent::Delete(Target::Deal("deal_2".into())))
    );
    // A stray key does nothing, nor does Enter (a delete takes `y`); Esc sends nothing.
    assert!(app.update(ch('d')).is_empty());
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::ConfirmDelete(_))));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert_eq!(app.board().columns[0].deals.len(), 3);
    app.update(ch('d'));
    let cmd = only(app.update(ch('y')));
    assert!(matches!(cmd.call, Call::DeleteDeal { ref deal_id, .. } if deal_id == "deal_2"));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_3"]);
    assert_eq!(app.board().columns[0].count(), 2);
    assert_eq!(app.pending_count(), 1, "quitting now would ask");
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(app.pending_count(), 0);
    assert!(message(&app).contains("Deleted"));
    assert!(fake.deals.iter().all(|d| d.id != "deal_2"));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_3"]);
}

#[test]
fn a_refused_delete_puts_the_card_back_where_it_was_with_the_reason() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('j'));
    app.update(ch('d'));
    let cmd = only(app.update(ch('y')));
    for e in [ClientError::Server { status: 500, message: "internal".into() }, offline()] {
        app.update(deleted(cmd.op(), Err(e.clone())));
    }
    // Only the first answer counts (the op is settled).
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    assert!(is_error(&app) && message(&app).contains("Not deleted"), "{}", message(&app));
    assert!(!app.status().offline);
}

#[test]
fn a_delete_behind_a_move_waits_for_it() {
    let (mut app, mut fake) = loaded(160, 45);
    let mv = only(app.update(ch('L')));
    app.update(ch('d'));
    assert!(app.update(ch('y')).is_empty(), "queued behind the move");
    let reply = fake.answer(&mv);
    let del = only(app.update(Event::Api(reply)));
    assert!(matches!(del.call, Call::DeleteDeal { ref deal_id, .. } if deal_id == "deal_1"));
    settle(&mut app, &mut fake, vec![del]);
    assert!(app.board().deal("deal_1").is_none());
}

#[test]
fn an_accepted_delete_drops_every_change_queued_behind_it() {
    let (mut app, mut fake) = loaded(160, 45);
    let mv = only(app.update(ch('L')));
    app.update(ch('d'));
    assert!(app.update(ch('y')).is_empty(), "queued behind the move");
    // `u` undoes the move (its inverse waits behind the delete), then `L` moves it again.
    assert!(app.update(ch('u')).is_empty());
    assert!(app.update(ch('L')).is_empty());
    assert_eq!(app.pending_count(), 4);
    let del = only(app.update(Event::Api(fake.answer(&mv))));
    assert!(app.update(Event::Api(fake.answer(&del))).is_empty(), "nothing follows a delete");
    assert_eq!(app.pending_count(), 0);
    assert!(!app.is_pending("deal_1"));
    assert!(app.board().deal("deal_1").is_none());
}

#[test]
fn o_reopens_a_closed_deal_and_a_refusal_brings_its_status_back() {
    let (mut app, mut fake) = loaded(160, 45);
    // Every status on the board: the won deal shows in the last column.
    app.update(ch('f'));
    let cmds = app.update(ch('a'));
    assert!(cmds.is_empty());
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    for _ in 0..4 {
        app.update(ch('l'));
    }
    assert_eq!(selected_id(&app).as_deref(), Some("deal_8"));
    let cmd = only(app.update(ch('o')));
    assert!(matches!(cmd.call, Call::Reopen { ref deal_id, .. } if deal_id == "deal_8"));
    assert_eq!(app.board().deal("deal_8").unwrap().status, crate::model::DealStatus::Open);
    assert!(app.is_pending("deal_8"));
    app.update(refused(cmd.op(), ClientError::Server { status: 500, message: "internal".into() }));
    assert_eq!(app.board().deal("deal_8").unwrap().status, crate::model::DealStatus::Won);
    assert!(is_error(&app));
    let cmd = only(app.update(ch('o')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(app.board().deal("deal_8").unwrap().status, crate::model::DealStatus::Open);
    assert!(app.update(ch('o')).is_empty());
    assert_eq!(message(&app), crate::tui::strings::ALREADY_OPEN);
}

#[test]
fn a_won_deal_is_not_won_again_nor_moved_and_says_how_to_move_it() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('f'));
    app.update(ch('a'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    for _ in 0..4 {
        app.update(ch('l'));
    }
    assert_eq!(selected_id(&app).as_deref(), Some("deal_8"));
    assert!(app.update(ch('w')).is_empty());
    assert!(app.popup().is_none(), "no dialog to win it again");
    assert!(message(&app).contains("already won"), "{}", message(&app));
    for k in ['H', 'L'] {
        assert!(app.update(ch(k)).is_empty(), "{k} sends nothing");
        assert!(message(&app).contains("reopen it (o)"), "{}", message(&app));
    }
    app.update(ch('m'));
    assert!(app.popup().is_none(), "no stage picker for a won deal");
    assert_eq!(app.board().deal("deal_8").unwrap().status, crate::model::DealStatus::Won);
    // Lost is still possible: a rep correcting a mistake.
    app.update(ch('x'));
    assert!(matches!(app.popup(), Some(Dialog::Lost(_))));
}
