use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{DealStatus, Field};
use crate::tui::api::ClientError;
use crate::tui::dialogs::{Dialog, LostField};
use crate::tui::message::{Call, Event};
use crate::tui::strings;
use crate::tui::test_support::*;

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn w_marks_won_with_a_reason_and_the_deal_leaves_the_board_naming_it() {
    let (mut app, mut fake) = loaded(160, 45);
    assert!(app.update(ch('w')).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::Won(_))));
    type_text(&mut app, "Best feature fit");
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(cmd.call, Call::MarkWon { ref deal_id, ref reason, .. }
        if deal_id == "deal_1" && reason.as_deref() == Some("Best feature fit")));
    assert!(app.popup().is_none());
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(app.board().columns[0].count(), 2);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"), "the next card is selected");
    assert!(message(&app).contains("Enterprise License - Acme Corp"));
    assert!(message(&app).starts_with("Won"));
    app.update(Event::Api(fake.answer(&cmd)));
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(fake.deals[0].status, DealStatus::Won);
}

#[test]
fn w_without_a_reason_sends_none_and_esc_cancels() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('w'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.popup().is_none());
    assert!(app.board().deal("deal_1").is_some());
    app.update(ch('w'));
    type_text(&mut app, "   ");
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(&cmd.call, Call::MarkWon { reason: None, .. }));
}

#[test]
fn a_refused_win_brings_the_card_back_and_reopens_the_dialog_so_enter_retries() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('w'));
    type_text(&mut app, "Best feature fit");
    let cmd = only(app.update(key(KeyCode::Enter)));
    app.update(refused(cmd.op(), ClientError::Server { status: 503, message: "try later".into() }));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert!(is_error(&app));
    let Some(Dialog::Won(d)) = app.popup() else { panic!("the dialog is back") };
    assert_eq!(d.reason.value(), "Best feature fit");
    assert!(d.error.as_deref().unwrap().contains("try later"));
    // Enter again: the same request, nothing retyped.
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(
        matches!(retry.call, Call::MarkWon { ref reason, .. } if reason.as_deref() == Some("Best feature fit"))
    );
    app.update(Event::Api(fake.answer(&retry)));
    assert!(app.board().deal("deal_1").is_none());
}

#[test]
fn x_marks_lost_with_reason_and_competitor_tab_moving_between_them() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('x'));
    type_text(&mut app, "Price too high");
    app.update(key(KeyCode::Tab));
    let Some(Dialog::Lost(d)) = app.popup() else { panic!() };
    assert_eq!(d.focus, LostField::Competitor);
    type_text(&mut app, "Salesforc");
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "e");
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(cmd.call, Call::MarkLost { ref reason, ref competitor, .. }
        if reason.as_deref() == Some("Price too high") && competitor.as_deref() == Some("Salesforce")));
    assert!(app.board().deal("deal_1").is_none());
    assert!(message(&app).starts_with("Lost"));
    assert!(message(&app).contains("Enterprise License"));
    app.update(Event::Api(fake.answer(&cmd)));
    assert_eq!(fake.deals[0].competitor.as_deref(), Some("Salesforce"));
}

#[test]
fn a_refused_loss_keeps_both_fields_for_the_retry_and_esc_cancels() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('x'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.popup().is_none());
    app.update(ch('x'));
    type_text(&mut app, "Price");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Acme");
    let cmd = only(app.update(key(KeyCode::Enter)));
    app.update(refused(
        cmd.op(),
        ClientError::Validation { field: Some("competitor".into()), message: "competitor too long".into() },
    ));
    assert!(app.board().deal("deal_1").is_some());
    let Some(Dialog::Lost(d)) = app.popup() else { panic!() };
    assert_eq!((d.reason.value(), d.competitor.value()), ("Price", "Acme"));
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(&retry.call, Call::MarkLost { .. }));
}

#[test]
fn v_edits_the_value_leniently_and_sends_a_number() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('v'));
    let Some(Dialog::Value(d)) = app.popup() else { panic!() };
    assert_eq!(d.value.value(), "75000", "prefilled with the current value");
    assert_eq!(d.currency, "USD");
    assert!(d.value.selected, "typing replaces the prefilled value");
    type_text(&mut app, "$12,345");
    let cmd = only(app.update(key(KeyCode::Enter)));
    let Call::UpdateDeal { ref deal_id, ref patch, .. } = cmd.call else { panic!("{cmd:?}") };
    assert_eq!(deal_id, "deal_1");
    assert_eq!(patch.value, Field::Set(12345.0));
    assert_eq!(serde_json::to_string(patch).unwrap(), r#"{"value":12345.0}"#);
    assert_eq!(app.board().deal("deal_1").unwrap().value, Some(12345.0));
    assert_eq!(column_ids(&app, 0)[0], "deal_1", "stays in place");
    assert!(app.is_pending("deal_1"));
    assert!(message(&app).contains("$12,345"));
    app.update(Event::Api(fake.answer(&cmd)));
    assert!(!app.is_pending("deal_1"));
    assert_eq!(app.board().columns[0].total_value(), 12345.0 + 3_000_000.0);
}

#[test]
fn v_refuses_what_is_not_an_amount_inline_keeping_the_text() {
    let (mut app, mut fake) = loaded(160, 45);
    for bad in ["twelve", "-5", "1,2,3"] {
        app.update(ch('v'));
        app.update(ctrl('u'));
        type_text(&mut app, bad);
        assert!(app.update(key(KeyCode::Enter)).is_empty(), "{bad}");
        let Some(Dialog::Value(d)) = app.popup() else { panic!("stays open for {bad}") };
        assert_eq!(d.value.value(), bad);
        assert!(d.error.is_some());
        assert_eq!(app.board().deal("deal_1").unwrap().value, Some(75000.0));
        // Typing clears the stale message.
        app.update(ch('0'));
        let Some(Dialog::Value(d)) = app.popup() else { panic!() };
        assert!(d.error.is_none());
        app.update(key(KeyCode::Esc));
    }
    for (typed, want) in [("50k", 50000.0), ("1.2m", 1_200_000.0), ("50000.50", 50000.5), ("50,000", 50000.0)]
    {
        app.update(ch('v'));
        app.update(ctrl('u'));
        type_text(&mut app, typed);
        let cmd = only(app.update(key(KeyCode::Enter)));
        let Call::UpdateDeal { ref patch, .. } = cmd.call else { panic!() };
        assert_eq!(patch.value, Field::Set(want), "{typed}");
        settle(&mut app, &mut fake, vec![cmd]);
    }
}

#[test]
fn a_refused_value_restores_the_old_one_and_reopens_with_the_typed_text() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('v'));
    app.update(ctrl('u'));
    type_text(&mut app, "$12,345");
    let cmd = only(app.update(key(KeyCode::Enter)));
    let err =
        ClientError::Validation { field: Some("value".into()), message: "value must be a number".into() };
    app.update(refused(cmd.op(), err));
    assert_eq!(app.board().deal("deal_1").unwrap().value, Some(75000.0));
    assert_eq!(app.board().columns[0].total_value(), 75000.0 + 3_000_000.0);
    let Some(Dialog::Value(d)) = app.popup() else { panic!() };
    assert_eq!(d.value.value(), "$12,345");
    assert_eq!(d.error.as_deref(), Some("value must be a number"));
    assert!(matches!(only(app.update(key(KeyCode::Enter))).call, Call::UpdateDeal { .. }));
}

#[test]
fn m_moves_to_a_chosen_stage_with_a_note() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('m'));
    let Some(Dialog::StagePicker(p)) = app.popup() else { panic!() };
    assert_eq!((p.current, p.cursor), (0, 1), "starts on the next stage");
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Up));
    type_text(&mut app, "Client approved the proposal");
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(cmd.call, Call::MoveStage { ref stage_id, ref note, .. }
        if stage_id == "stage_003" && note.as_deref() == Some("Client approved the proposal")));
    assert_eq!(app.board().col, 2);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    app.update(Event::Api(fake.answer(&cmd)));
    assert_eq!(fake.deals[0].stage_id, "stage_003");
}

#[test]
fn m_refused_reopens_the_picker_with_the_note_and_the_stage() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('m'));
    type_text(&mut app, "note");
    let cmd = only(app.update(key(KeyCode::Enter)));
    app.update(refused(
        cmd.op(),
        ClientError::StageNotInPipeline { message: "update pipeline_id first".into() },
    ));
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_001");
    let Some(Dialog::StagePicker(p)) = app.popup() else { panic!() };
    assert_eq!((p.note.value(), p.cursor), ("note", 1));
    assert!(p.error.as_deref().unwrap().contains("pipeline_id"));
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(retry.call, Call::MoveStage { ref note, .. } if note.as_deref() == Some("note")));
}

#[test]
fn m_to_the_same_stage_or_esc_sends_nothing() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('m'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.popup().is_none());
    app.update(ch('m'));
    app.update(key(KeyCode::PageUp));
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert_eq!(message(&app), strings::ALREADY_IN_STAGE);
}

#[test]
fn a_failure_arriving_while_another_popup_is_open_does_not_replace_it() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('w'));
    let cmd = only(app.update(key(KeyCode::Enter)));
    app.update(ch('?'));
    app.update(refused(cmd.op(), ClientError::Unauthorized));
    assert!(matches!(app.popup(), Some(Dialog::Help(_))));
    assert!(is_error(&app));
    assert!(app.board().deal("deal_1").is_some());
}

#[test]
fn a_dialog_whose_deal_left_the_board_says_so_on_enter() {
    let (mut app, mut fake) = loaded(160, 45);
    let refresh = app.update(ch('r'));
    app.update(ch('w'));
    type_text(&mut app, "typed");
    // The refresh lands while the dialog is open: someone else closed the deal meanwhile.
    fake.deals[0].status = DealStatus::Won;
    settle(&mut app, &mut fake, refresh);
    assert!(app.board().deal("deal_1").is_none());
    assert!(matches!(app.popup(), Some(Dialog::Won(_))), "the open dialog survives a refresh");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert_eq!(message(&app), strings::DEAL_GONE);
}
