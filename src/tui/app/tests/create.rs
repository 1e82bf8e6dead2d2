//! `n`: the new-deal form, the optimistic card, and every way the create can fail.

use crossterm::event::KeyCode;

use super::*;
use crate::model::NewDeal;
use crate::tui::api::ClientError;
use crate::tui::dialogs::Dialog;
use crate::tui::message::{Answer, Call, Command, Event, OpId, Outcome};
use crate::tui::test_support::*;

/// `n`, the contacts answered, a title and a value typed, Enter: the create and its body.
fn create(app: &mut App, fake: &mut Fake, title: &str) -> (OpId, NewDeal) {
    let cmds = app.update(ch('n'));
    assert!(matches!(app.popup(), Some(Dialog::DealForm(_))));
    assert!(matches!(&cmds[..], [Command { call: Call::SearchContacts { query }, .. }] if query.is_empty()));
    settle(app, fake, cmds);
    type_text(app, title);
    app.update(key(KeyCode::Tab));
    type_text(app, "50k");
    match only(app.update(key(KeyCode::Enter))) {
        Command { op, call: Call::CreateDeal { deal } } => (op, deal),
        other => panic!("{other:?}"),
    }
}

fn saved(op: OpId, result: Result<crate::model::Deal, ClientError>) -> Event {
    Event::Api(Answer { op, result: result.map(Outcome::Saved) })
}

#[test]
fn n_creates_in_the_column_the_card_shows_at_once_then_takes_the_servers_id() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('l'));
    let (op, body) = create(&mut app, &mut fake, "Wayne Enterprises");
    assert_eq!((body.title.as_str(), body.pipeline_id.as_str()), ("Wayne Enterprises", "pipe_001"));
    assert_eq!((body.stage_id.as_deref(), body.value), (Some("stage_002"), Some(50_000.0)));
    assert_eq!(body.probability, Some(25), "the stage's probability by default");
    // Optimistic: on top of its column, selected, pending, the form closed.
    assert!(app.popup().is_none());
    let card = app.board().selected_deal().unwrap().clone();
    assert_eq!((card.title.as_str(), card.value), ("Wayne Enterprises", Some(50_000.0)));
    assert_eq!(column_ids(&app, 1)[0], card.id);
    assert!(app.is_pending(&card.id));
    assert_eq!(app.pending_count(), 1);
    // Changing a card the server has not given an id yet is refused with a message.
    for k in ['L', 'e', 'd', 'w', 'o'] {
        assert!(app.update(ch(k)).is_empty(), "{k}");
        assert_eq!(message(&app), crate::tui::strings::STILL_CREATING);
        assert!(app.popup().is_none(), "{k}");
    }
    assert!(app.update(key(KeyCode::Enter)).is_empty());

    let reply = fake.answer(&Command { op, call: Call::CreateDeal { deal: body } });
    assert!(app.update(Event::Api(reply)).is_empty());
    assert_eq!(selected_id(&app).as_deref(), Some("deal_new_1"));
    assert_eq!(column_ids(&app, 1), ["deal_new_1", "deal_4"]);
    assert!(!app.is_pending("deal_new_1"));
    assert_eq!(app.pending_count(), 0);
    assert!(message(&app).contains("Created"));
}

#[test]
fn quitting_with_a_new_deal_on_its_way_asks_first() {
    let (mut app, mut fake) = loaded(160, 45);
    create(&mut app, &mut fake, "Wayne");
    app.update(ch('q'));
    assert!(!app.should_quit());
    assert!(matches!(app.popup(), Some(Dialog::ConfirmQuit(q)) if q.pending == 1));
}

#[test]
fn a_422_takes_the_card_away_and_reopens_the_form_on_that_field_so_enter_retries() {
    let (mut app, mut fake) = loaded(160, 45);
    let (op, body) = create(&mut app, &mut fake, "Wayne");
    let refusal = ClientError::Validation { field: Some("value".into()), message: "value too large".into() };
    app.update(saved(op, Err(refusal)));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert!(is_error(&app) && message(&app).contains("value too large"), "{}", message(&app));
    let Some(Dialog::DealForm(form)) = app.popup() else { panic!("the form reopens") };
    assert!(!form.is_pending(), "Enter works again");
    // Everything typed is still there: Enter sends the same body.
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(retry.call, Call::CreateDeal { ref deal, .. } if *deal == body));
}

#[test]
fn a_stage_outside_the_pipeline_also_reopens_the_form() {
    let (mut app, mut fake) = loaded(160, 45);
    let (op, _) = create(&mut app, &mut fake, "Wayne");
    app.update(saved(op, Err(ClientError::StageNotInPipeline { message: "stage not in pipeline".into() })));
    assert!(matches!(app.popup(), Some(Dialog::DealForm(_))));
    assert_eq!(app.board().columns[0].deals.len(), 3);
}

#[test]
fn a_server_error_removes_the_card_and_n_brings_the_form_back_with_the_text() {
    let (mut app, mut fake) = loaded(160, 45);
    let (op, body) = create(&mut app, &mut fake, "Wayne");
    app.update(saved(op, Err(ClientError::Server { status: 500, message: "internal".into() })));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert!(app.popup().is_none(), "a failure the form cannot fix does not pop it open");
    assert!(is_error(&app));
    assert!(
        message(&app).contains("Not created") && message(&app).contains("n reopens"),
        "{}",
        message(&app)
    );
    assert_eq!(app.pending_count(), 0);
    app.update(ch('n'));
    assert!(matches!(app.popup(), Some(Dialog::DealForm(f)) if f.deal_id().is_none()));
    let retry = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(retry.call, Call::CreateDeal { ref deal, .. } if *deal == body));
}

#[test]
fn offline_removes_the_card_says_offline_and_keeps_the_form() {
    let (mut app, mut fake) = loaded(160, 45);
    let (op, _) = create(&mut app, &mut fake, "Wayne");
    app.update(saved(op, Err(offline())));
    assert!(app.status().offline);
    // The way back comes before the (long) reason, so a narrow status line still shows it.
    assert!(
        message(&app).starts_with("Not created (offline; n reopens the form): “Wayne” — "),
        "{}",
        message(&app)
    );
    assert_eq!(app.board().columns[0].deals.len(), 3);
    app.update(ch('n'));
    let Some(Dialog::DealForm(_)) = app.popup() else { panic!() };
    // Esc closes it; a fresh `n` now starts blank (nothing typed comes back twice): a blank
    // title is refused in the form, nothing is sent.
    app.update(key(KeyCode::Esc));
    app.update(ch('n'));
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(matches!(app.popup(), Some(Dialog::DealForm(_))));
}

#[test]
fn a_failed_create_while_another_popup_is_open_waits_for_n() {
    let (mut app, mut fake) = loaded(160, 45);
    let (op, _) = create(&mut app, &mut fake, "Wayne");
    app.update(ch('?'));
    app.update(saved(
        op,
        Err(ClientError::Validation { field: Some("title".into()), message: "bad".into() }),
    ));
    assert!(matches!(app.popup(), Some(Dialog::Help(_))), "the open popup stays");
    app.update(key(KeyCode::Esc));
    app.update(ch('n'));
    assert!(matches!(app.popup(), Some(Dialog::DealForm(_))));
}

#[test]
fn the_owner_is_picked_from_the_users_and_esc_sends_nothing() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Wayne");
    // Title, Value, Currency, Close date, Probability, Owner.
    for _ in 0..5 {
        app.update(key(KeyCode::Tab));
    }
    type_text(&mut app, "alice");
    app.update(key(KeyCode::Enter));
    let Call::CreateDeal { deal, .. } = only(app.update(key(KeyCode::Enter))).call else { panic!() };
    assert_eq!(deal.owner_id.as_deref(), Some("usr_1"));
    app.update(ch('n'));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.popup().is_none());
}

#[test]
fn without_contacts_on_the_server_the_form_takes_a_typed_id() {
    let (mut app, _) = loaded(160, 45);
    let cmds = app.update(ch('n'));
    let op = cmds[0].op();
    app.update(Event::Api(Answer { op, result: Ok(Outcome::Contacts(None)) }));
    type_text(&mut app, "Wayne");
    // Title, Value, Currency, Close date, Probability, Owner, Contact.
    for _ in 0..6 {
        app.update(key(KeyCode::Tab));
    }
    type_text(&mut app, "con_9");
    let Call::CreateDeal { deal, .. } = only(app.update(key(KeyCode::Enter))).call else { panic!() };
    assert_eq!(deal.contact_id.as_deref(), Some("con_9"));
}

#[test]
fn the_contact_picker_asks_the_server_for_what_is_typed_and_drops_stale_answers() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Wayne");
    // Title, Value, Currency, Close date, Probability, Owner, Contact.
    for _ in 0..6 {
        app.update(key(KeyCode::Tab));
    }
    let first = only(app.update(ch('f')));
    assert!(matches!(first.call, Call::SearchContacts { ref query, .. } if query == "f"));
    let second = only(app.update(ch('o')));
    assert!(matches!(second.call, Call::SearchContacts { ref query, .. } if query == "fo"));
    // The answer to "fo" first, then the stale one to "f" (which must not replace it).
    settle(&mut app, &mut fake, vec![second]);
    app.update(Event::Api(Answer { op: first.op(), result: Ok(Outcome::Contacts(Some(vec![]))) }));
    app.update(key(KeyCode::Enter));
    let Call::CreateDeal { deal, .. } = only(app.update(key(KeyCode::Enter))).call else { panic!() };
    assert_eq!(deal.contact_id.as_deref(), Some("con_2"));
}

#[test]
fn a_refresh_that_brings_the_new_deal_before_the_answer_leaves_one_card() {
    let (mut app, mut fake) = loaded(160, 45);
    let (op, body) = create(&mut app, &mut fake, "Wayne");
    let answer = fake.answer(&Command { op, call: Call::CreateDeal { deal: body } });
    // `r` while the answer is on its way: the server already lists the new deal.
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    app.update(Event::Api(answer));
    let ids = column_ids(&app, 0);
    assert_eq!(ids.iter().filter(|id| *id == "deal_new_1").count(), 1, "{ids:?}");
    assert!(ids.iter().all(|id| !id.starts_with("new:")), "{ids:?}");
}
