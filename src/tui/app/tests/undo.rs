//! `u`: a history of inverse calls, each sent through the optimistic path.

use crossterm::event::KeyCode;

use super::*;
use crate::model::{DealPatch, DealStatus, Field};
use crate::tui::api::ClientError;
use crate::tui::message::{Answer, Call, Event};
use crate::tui::strings;
use crate::tui::test_support::*;

const ACME: &str = "Enterprise License - Acme Corp";

/// `f`, every status, Enter: won and lost deals stay on the board.
fn show_every_status(app: &mut App, fake: &mut Fake) {
    app.update(ch('f'));
    app.update(ch('a'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(app, fake, cmds);
}

/// `e` on the selected deal, `suffix` typed after its title, Enter: the edit, answered.
fn rename(app: &mut App, fake: &mut Fake, suffix: &str) {
    let cmds = app.update(ch('e'));
    settle(app, fake, cmds);
    type_text(app, suffix);
    let cmd = only(app.update(key(KeyCode::Enter)));
    settle(app, fake, vec![cmd]);
}

#[test]
fn u_undoes_an_edit_with_exactly_the_fields_it_changed() {
    let (mut app, mut fake) = loaded(160, 45);
    rename(&mut app, &mut fake, " (renewed)");
    assert_eq!(fake.deals[0].title, format!("{ACME} (renewed)"));
    let undo = only(app.update(ch('u')));
    let Call::UpdateDeal { ref deal_id, ref patch, .. } = undo.call else { panic!("{undo:?}") };
    let want = DealPatch { title: Field::Set(ACME.into()), ..DealPatch::default() };
    assert_eq!((deal_id.as_str(), patch), ("deal_1", &want), "only the title, as it was");
    // Optimistic like any change, and the status line names what was undone.
    assert_eq!(app.board().deal("deal_1").unwrap().title, ACME);
    assert!(app.is_pending("deal_1"));
    assert_eq!(message(&app), format!("Undo: the edit of “{ACME} (renewed)” (title)."));
    settle(&mut app, &mut fake, vec![undo]);
    assert_eq!(fake.deals[0].title, ACME);
    assert!(!app.is_pending("deal_1"));
}

#[test]
fn a_refused_undo_of_an_edit_keeps_the_servers_copy_and_says_why() {
    let (mut app, mut fake) = loaded(160, 45);
    rename(&mut app, &mut fake, " (renewed)");
    let undo = only(app.update(ch('u')));
    let e = ClientError::Validation { field: Some("title".into()), message: "title is taken".into() };
    app.update(refused(undo.op(), e));
    assert_eq!(app.board().deal("deal_1").unwrap().title, format!("{ACME} (renewed)"));
    assert!(!app.is_pending("deal_1"));
    assert!(is_error(&app));
    assert!(message(&app).contains("title is taken"), "{}", message(&app));
    assert!(app.popup().is_none(), "an undo has no dialog to reopen");
}

#[test]
fn u_after_a_reopen_closes_the_deal_again_with_its_old_reasons() {
    let (mut app, mut fake) = loaded(160, 45);
    show_every_status(&mut app, &mut fake);
    app.update(ch('x'));
    type_text(&mut app, "price");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Globex");
    let cmd = only(app.update(key(KeyCode::Enter)));
    settle(&mut app, &mut fake, vec![cmd]);
    let cmd = only(app.update(ch('o')));
    assert!(matches!(&cmd.call, Call::Reopen { .. }));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(app.board().deal("deal_1").unwrap().status, DealStatus::Open);

    let undo = only(app.update(ch('u')));
    let Call::MarkLost { ref deal_id, ref reason, ref competitor, .. } = undo.call else {
        panic!("{undo:?}")
    };
    assert_eq!(deal_id, "deal_1");
    assert_eq!((reason.as_deref(), competitor.as_deref()), (Some("price"), Some("Globex")));
    assert_eq!(message(&app), format!("Undo: “{ACME}” marked lost again."));
    assert_eq!(app.board().deal("deal_1").unwrap().status, DealStatus::Lost);
    settle(&mut app, &mut fake, vec![undo]);
    assert_eq!(fake.deals[0].status, DealStatus::Lost);
    // And the loss before it: undone by reopening.
    let undo = only(app.update(ch('u')));
    assert!(matches!(undo.call, Call::Reopen { ref deal_id, .. } if deal_id == "deal_1"));
    assert_eq!(message(&app), format!("Undo: “{ACME}” reopened."));
}

#[test]
fn u_after_a_create_deletes_the_new_deal() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Wayne Enterprises");
    let cmd = only(app.update(key(KeyCode::Enter)));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(column_ids(&app, 0)[0], "deal_new_1");

    let undo = only(app.update(ch('u')));
    assert!(matches!(undo.call, Call::DeleteDeal { ref deal_id, .. } if deal_id == "deal_new_1"));
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"], "gone at once");
    assert_eq!(message(&app), "Undo: the new deal “Wayne Enterprises” deleted.");
    // Refused: it comes back where it was, with the reason.
    let e = ClientError::Server { status: 503, message: "unavailable".into() };
    app.update(Event::Api(Answer { op: undo.op(), result: Err(e) }));
    assert_eq!(column_ids(&app, 0)[0], "deal_new_1");
    assert!(message(&app).contains("unavailable"), "{}", message(&app));
}

#[test]
fn undo_walks_back_through_the_history_newest_first() {
    let (mut app, mut fake) = loaded(160, 45);
    for _ in 0..2 {
        let cmd = only(app.update(ch('L')));
        settle(&mut app, &mut fake, vec![cmd]);
    }
    app.update(ch('v'));
    app.update(Event::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    type_text(&mut app, "1k");
    let cmd = only(app.update(key(KeyCode::Enter)));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(app.undo_depth(), 3);

    let undo = only(app.update(ch('u')));
    assert!(matches!(undo.call, Call::UpdateDeal { ref patch, .. } if patch.value == Field::Set(75000.0)));
    assert!(message(&app).starts_with(&format!("Undo: “{ACME}” back to ")), "{}", message(&app));
    settle(&mut app, &mut fake, vec![undo]);
    let undo = only(app.update(ch('u')));
    assert!(matches!(undo.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_002"));
    assert_eq!(message(&app), format!("Undo: “{ACME}” back to Qualified."));
    settle(&mut app, &mut fake, vec![undo]);
    let undo = only(app.update(ch('u')));
    assert!(matches!(undo.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_001"));
    settle(&mut app, &mut fake, vec![undo]);

    assert_eq!((fake.deals[0].stage_id.as_str(), fake.deals[0].value), ("stage_001", Some(75000.0)));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"), "undo goes to the card it changed");
    assert!(app.update(ch('u')).is_empty());
    assert_eq!(message(&app), strings::NOTHING_TO_UNDO);
}

#[test]
fn the_history_keeps_the_last_twenty_changes() {
    let (mut app, mut fake) = loaded(160, 45);
    for i in 0..22 {
        let cmd = only(app.update(ch(if i % 2 == 0 { 'L' } else { 'H' })));
        settle(&mut app, &mut fake, vec![cmd]);
    }
    assert_eq!(app.undo_depth(), crate::tui::app::UNDO_DEPTH);
}
