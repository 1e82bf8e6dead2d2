use crossterm::event::KeyCode;

use super::*;
use crate::model::{DealStatus, Field};
use crate::tui::api::ClientError;
use crate::tui::message::{Answer, Call, Event, Outcome};
use crate::tui::strings;
use crate::tui::test_support::*;

fn not_in_pipeline() -> ClientError {
    ClientError::StageNotInPipeline {
        message: "stage stage_101 is not in this deal's pipeline; update pipeline_id first".into(),
    }
}

#[test]
fn l_moves_the_deal_forward_at_once_and_the_selection_follows() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    let Call::MoveStage { ref deal_id, ref stage_id, ref note, .. } = cmd.call else { panic!("{cmd:?}") };
    assert_eq!((deal_id.as_str(), stage_id.as_str(), note), ("deal_1", "stage_002", &None));
    // Optimistic: moved, counted, marked pending, still selected, before any answer.
    assert_eq!(column_ids(&app, 0), ["deal_2", "deal_3"]);
    assert_eq!(column_ids(&app, 1), ["deal_1", "deal_4"]);
    assert_eq!((app.board().columns[0].count(), app.board().columns[1].count()), (2, 2));
    assert_eq!(app.board().col, 1);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert!(app.is_pending("deal_1"));
    assert_eq!(app.board().deal("deal_1").unwrap().probability, Some(25));
    assert!(message(&app).contains("Qualified"));
    assert!(app.wants_ticks());

    let reply = fake.answer(&cmd);
    assert!(app.update(Event::Api(reply)).is_empty());
    assert!(!app.is_pending("deal_1"));
    assert_eq!(column_ids(&app, 1), ["deal_1", "deal_4"]);
    assert_eq!(app.undo_depth(), 1);
    assert!(!app.wants_ticks());
}

#[test]
fn shift_arrows_move_like_h_and_l() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(shift(KeyCode::Right)));
    assert!(matches!(cmd.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_002"));
    settle(&mut app, &mut fake, vec![cmd]);
    let cmd = only(app.update(shift(KeyCode::Left)));
    assert!(matches!(cmd.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_001"));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(column_ids(&app, 0)[0], "deal_1");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
}

#[test]
fn no_move_past_the_first_or_last_stage() {
    let (mut app, _) = loaded(160, 45);
    assert!(app.update(ch('H')).is_empty());
    assert_eq!(message(&app), strings::ALREADY_FIRST_STAGE);
    // Walk the deal to the last stage.
    for _ in 0..4 {
        let cmd = only(app.update(ch('L')));
        let op = cmd.op();
        app.update(Event::Api(Answer {
            op,
            result: Ok(Outcome::Saved(app.board().deal("deal_1").unwrap().clone())),
        }));
    }
    assert_eq!(app.board().col, 4);
    assert!(app.update(ch('L')).is_empty());
    assert_eq!(message(&app), strings::ALREADY_LAST_STAGE);
}

#[test]
fn a_refused_move_puts_the_card_back_and_says_why() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('j'));
    let cmd = only(app.update(ch('L')));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_3"]);
    app.update(refused(cmd.op(), not_in_pipeline()));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"], "back where it was");
    assert_eq!(column_ids(&app, 1), ["deal_4"]);
    assert_eq!((app.board().columns[0].count(), app.board().columns[1].count()), (3, 1));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"), "the selection came back with it");
    assert_eq!(app.board().col, 0);
    assert!(!app.is_pending("deal_2"));
    assert!(is_error(&app));
    assert!(message(&app).contains("update pipeline_id first"), "{}", message(&app));
    assert_eq!(app.undo_depth(), 0);
}

#[test]
fn changes_to_one_deal_go_out_in_order_one_at_a_time() {
    let (mut app, mut fake) = loaded(160, 45);
    let first = only(app.update(ch('L')));
    // The second move is shown at once but waits for the first answer.
    assert!(app.update(ch('L')).is_empty());
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_003");
    assert_eq!(app.pending_count(), 2);
    let second = only(app.update(Event::Api(fake.answer(&first))));
    assert!(matches!(second.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_003"));
    assert_ne!(second.op(), first.op());
    // The first answer (stage_002) must not pull the card back while the second is out.
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_003");
    assert!(app.is_pending("deal_1"));
    app.update(Event::Api(fake.answer(&second)));
    assert!(!app.is_pending("deal_1"));
    assert_eq!(column_ids(&app, 2), ["deal_1", "deal_5", "deal_6"]);
    assert_eq!(app.undo_depth(), 2);
}

#[test]
fn a_failure_drops_the_changes_queued_behind_it() {
    let (mut app, _) = loaded(160, 45);
    let first = only(app.update(ch('L')));
    app.update(ch('L'));
    assert!(app.update(refused(first.op(), not_in_pipeline())).is_empty());
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_001");
    assert!(!app.is_pending("deal_1"));
    assert!(message(&app).contains("1 later change"), "{}", message(&app));
    assert!(!app.wants_ticks());
}

#[test]
fn offline_during_a_change_restores_the_card_and_the_board_stays_usable() {
    let (mut app, _) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    app.update(refused(cmd.op(), offline()));
    assert!(app.status().offline);
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_001");
    assert!(message(&app).to_lowercase().contains("cannot reach"));
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
}

#[test]
fn u_undoes_a_move_with_the_inverse_call() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    let undo = only(app.update(ch('u')));
    assert!(
        matches!(undo.call, Call::MoveStage { ref deal_id, ref stage_id, .. } if deal_id == "deal_1" && stage_id == "stage_001")
    );
    assert_eq!(column_ids(&app, 0)[0], "deal_1", "optimistic like any change");
    settle(&mut app, &mut fake, vec![undo]);
    assert_eq!(app.undo_depth(), 0, "an undo is not itself undone");
    assert!(app.update(ch('u')).is_empty());
    assert_eq!(message(&app), strings::NOTHING_TO_UNDO);
}

#[test]
fn u_after_won_reopens_and_after_a_value_edit_restores_it() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('w'));
    let cmd = only(app.update(key(KeyCode::Enter)));
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(app.board().deal("deal_1").is_none());
    let undo = only(app.update(ch('u')));
    assert!(matches!(undo.call, Call::Reopen { ref deal_id, .. } if deal_id == "deal_1"));
    assert_eq!(app.board().deal("deal_1").unwrap().status, DealStatus::Open);
    settle(&mut app, &mut fake, vec![undo]);
    assert!(app.board().deal("deal_1").is_some());

    app.update(ch('v'));
    app.update(Event::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    type_text(&mut app, "1k");
    let cmd = only(app.update(key(KeyCode::Enter)));
    settle(&mut app, &mut fake, vec![cmd]);
    let undo = only(app.update(ch('u')));
    let Call::UpdateDeal { patch, .. } = undo.call else { panic!() };
    assert_eq!(patch.value, Field::Set(75000.0));
}

#[test]
fn a_refused_undo_says_why_and_leaves_the_card_as_the_server_has_it() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    let undo = only(app.update(ch('u')));
    app.update(refused(undo.op(), ClientError::NotFound { message: "deal deal_1 not found".into() }));
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_002");
    assert!(message(&app).contains("not found"));
}

#[test]
fn every_deal_action_on_an_empty_column_says_no_deal_is_selected() {
    let (mut app, _) = loaded(160, 45);
    for _ in 0..3 {
        app.update(ch('l'));
    }
    assert!(app.board().selected_deal().is_none());
    for c in ['L', 'H', 'm', 'w', 'x', 'v'] {
        assert!(app.update(ch(c)).is_empty());
        assert_eq!(message(&app), strings::NO_DEAL_SELECTED, "key {c}");
        assert!(app.popup().is_none());
    }
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.popup().is_none());
}

#[test]
fn a_refresh_does_not_overwrite_a_change_in_flight() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    let refresh = app.update(ch('r'));
    settle(&mut app, &mut fake, refresh);
    // The server still has it in Lead (the move has not landed): the board keeps the move.
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_002");
    assert_eq!(column_ids(&app, 0), ["deal_2", "deal_3"]);
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(column_ids(&app, 1), ["deal_1", "deal_4"]);
}

#[test]
fn h_moves_the_deal_back_and_the_selection_follows() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('l'));
    let cmd = only(app.update(ch('H')));
    assert!(
        matches!(cmd.call, Call::MoveStage { ref deal_id, ref stage_id, .. } if deal_id == "deal_4" && stage_id == "stage_001")
    );
    assert_eq!(app.board().col, 0);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_4"));
    assert_eq!(app.board().deal("deal_4").unwrap().probability, Some(10));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(fake.deals[3].stage_id, "stage_001");
    assert_eq!(column_ids(&app, 0), ["deal_4", "deal_1", "deal_2", "deal_3"]);
}
