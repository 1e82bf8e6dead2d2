//! What the board says after a change meets the world: the deal deleted elsewhere (404), a
//! write applied whose answer was lost (`UnreadableSuccess`), offline and back, and what `u`
//! does and says.

use crossterm::event::KeyCode;

use super::*;
use crate::tui::api::{ClientError, Page};
use crate::tui::dialogs::Dialog;
use crate::tui::message::{Answer, Call, Command, Event, Outcome};
use crate::tui::strings;
use crate::tui::test_support::*;

const ACME: &str = "Enterprise License - Acme Corp";

fn gone(id: &str) -> ClientError {
    ClientError::NotFound { message: format!("deal {id} not found") }
}

fn cut() -> ClientError {
    ClientError::UnreadableSuccess { status: 200, reason: "the connection broke".into() }
}

fn answer(op: crate::tui::message::OpId, result: Result<Outcome, ClientError>) -> Event {
    Event::Api(Answer { op, result })
}

#[test]
fn a_change_finding_the_deal_deleted_elsewhere_takes_the_card_off_and_drops_what_follows() {
    let (mut app, _) = loaded(160, 45);
    let first = only(app.update(ch('L')));
    // A second move waits behind the first; then the value dialog is opened for the same deal.
    assert!(app.update(ch('L')).is_empty());
    app.update(ch('v'));
    assert!(matches!(app.popup(), Some(Dialog::Value(_))));
    assert_eq!(app.undo_depth(), 2);
    assert!(app.update(answer(first.op(), Err(gone("deal_1")))).is_empty(), "nothing more is sent");
    assert!(app.board().deal("deal_1").is_none(), "the card left the board");
    assert_eq!(app.board().columns[2].deals.len(), 2);
    assert!(app.popup().is_none(), "its dialog closed: a retry could only fail again");
    assert_eq!((app.pending_count(), app.undo_depth()), (0, 0));
    assert!(!app.is_pending("deal_1"));
    assert!(is_error(&app));
    assert_eq!(message(&app), format!("Deleted elsewhere: “{ACME}” left the board."));
}

#[test]
fn an_edit_finding_the_deal_deleted_elsewhere_keeps_no_form_to_retry() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('e'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, " v2");
    let cmd = only(app.update(key(KeyCode::Enter)));
    // Another dialog is open when the answer comes: the form is not kept for `e` either.
    app.update(ch('?'));
    app.update(answer(cmd.op(), Err(gone("deal_1"))));
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(message(&app), format!("Deleted elsewhere: “{ACME}” left the board."));
    app.update(key(KeyCode::Esc));
    let cmds = app.update(ch('e'));
    settle(&mut app, &mut fake, cmds);
    let Some(Dialog::DealForm(f)) = app.popup() else { panic!("a form for the selected deal") };
    assert_eq!(f.deal_id(), Some("deal_2"), "the selection moved on; no form of the gone deal");
}

#[test]
fn a_bulk_change_counts_a_deal_deleted_elsewhere_as_failed_and_takes_its_card_off() {
    let (mut app, mut fake) = loaded(160, 45);
    for e in [ch(' '), ch('j'), ch(' ')] {
        app.update(e);
    }
    let cmds = app.update(ch('L'));
    let (gone_cmd, ok): (Vec<Command>, Vec<Command>) = cmds
        .into_iter()
        .partition(|c| matches!(&c.call, Call::MoveStage { deal_id, .. } if deal_id == "deal_1"));
    settle(&mut app, &mut fake, ok);
    app.update(answer(gone_cmd[0].op(), Err(gone("deal_1"))));
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(message(&app), format!("Moved 1 of 2; 1 failed: “{ACME}”: {}", strings::DELETED_ELSEWHERE));
}

#[test]
fn a_delete_answered_404_at_once_counts_as_deleted() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('j'));
    app.update(ch('d'));
    let cmd = only(app.update(ch('y')));
    app.update(answer(cmd.op(), Err(gone("deal_2"))));
    assert!(app.board().deal("deal_2").is_none(), "no card put back");
    assert!(!is_error(&app));
    assert!(message(&app).starts_with("Deleted: “株式会社テスト 導入 🚀”"), "{}", message(&app));
    assert_eq!(app.pending_count(), 0);
}

#[test]
fn a_move_whose_answer_was_lost_stands_and_the_servers_copy_settles_it() {
    let (mut app, mut fake) = loaded(160, 45);
    let first = only(app.update(ch('L')));
    assert!(app.update(ch('L')).is_empty(), "queued behind the first");
    fake.answer(&first); // The server applied it.
    let reread = only(app.update(answer(first.op(), Err(cut()))));
    assert_eq!(reread.call, Call::GetDeal { deal_id: "deal_1".into() });
    // The change stands (no rollback), still pending, the later move still waiting.
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_003");
    assert!(app.is_pending("deal_1") && !is_error(&app));
    assert_eq!((app.pending_count(), app.undo_depth()), (2, 2));
    assert!(message(&app).starts_with(&format!("Saved: “{ACME}”")), "{}", message(&app));
    // The server's copy answers it as the write's answer would have: the next move goes out.
    let second = only(app.update(Event::Api(fake.answer(&reread))));
    assert!(matches!(second.call, Call::MoveStage { ref stage_id, .. } if stage_id == "stage_003"));
    assert_eq!(message(&app), format!("Saved: “{ACME}” (as the server has it)."));
    settle(&mut app, &mut fake, vec![second]);
    assert_eq!(fake.deals[0].stage_id, "stage_003");
    assert_eq!(app.board().deal("deal_1"), fake.deals.first());
    assert!(!app.is_pending("deal_1"));
}

#[test]
fn a_value_whose_answer_was_lost_shows_the_servers_copy_even_if_it_differs() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('v'));
    app.update(Event::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    type_text(&mut app, "5k");
    let cmd = only(app.update(key(KeyCode::Enter)));
    fake.answer(&cmd);
    // Someone else changed it again right after: the re-read shows what the server holds.
    fake.deals[0].value = Some(6000.0);
    let reread = only(app.update(answer(cmd.op(), Err(cut()))));
    app.update(Event::Api(fake.answer(&reread)));
    assert_eq!(app.board().deal("deal_1").unwrap().value, Some(6000.0));
    assert!(app.popup().is_none(), "no dialog invites a retry of a saved change");
    assert!(!is_error(&app));
}

#[test]
fn a_change_whose_answer_and_reread_are_lost_stands_and_says_so() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('w'));
    let cmd = only(app.update(key(KeyCode::Enter)));
    let reread = only(app.update(answer(cmd.op(), Err(cut()))));
    app.update(answer(reread.op(), Err(offline())));
    assert!(app.board().deal("deal_1").is_none(), "won: off the open board, not put back");
    assert!(!app.is_pending("deal_1"));
    let m = message(&app);
    assert!(m.starts_with(&format!("Saved: “{ACME}”, but it could not be read again")), "{m}");
}

#[test]
fn a_create_whose_answer_was_lost_is_found_by_listing_and_never_sent_again() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('n'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "Wayne");
    let cmd = only(app.update(key(KeyCode::Enter)));
    let Answer { result: Ok(Outcome::Saved(made)), .. } = fake.answer(&cmd) else { panic!() };
    let find = only(app.update(answer(cmd.op(), Err(cut()))));
    let Call::ListDeals { ref query } = find.call else { panic!("{find:?}") };
    assert_eq!(query.pipeline_id.as_deref(), Some("pipe_001"));
    assert_eq!(query.sort.map(|s| s.to_string()).as_deref(), Some("-created_at"));
    assert_eq!(app.pending_count(), 1, "still on its way for the quit question");
    // The newest deals, the one made among others.
    let mut other = made.clone();
    other.id = "deal_other".into();
    other.title = "Wayne Two".into();
    let page = Page { items: vec![other, made.clone()], total: Some(2), next_cursor: None, skipped: 0 };
    assert!(app.update(answer(find.op(), Ok(Outcome::DealPage(page)))).is_empty());
    assert_eq!(column_ids(&app, 0)[0], made.id);
    assert_eq!(selected_id(&app), Some(made.id.clone()));
    assert_eq!((app.pending_count(), fake.created), (0, 1));
    assert_eq!(message(&app), "Saved: “Wayne” (as the server has it).");
    // Undo deletes the one made.
    let undo = only(app.update(ch('u')));
    assert_eq!(undo.call, Call::DeleteDeal { deal_id: made.id });
}

#[test]
fn back_online_replaces_the_offline_message() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    app.update(answer(cmd.op(), Err(offline())));
    assert!(app.status().offline);
    assert!(message(&app).starts_with(&format!("Not saved (offline): “{ACME}” — Cannot reach")));
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert!(!app.status().offline);
    assert_eq!(message(&app), strings::BACK_ONLINE);
}

#[test]
fn u_on_another_deals_change_selects_it_and_says_what_it_undid() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    // Elsewhere now: Proposal's second card.
    for e in [ch('l'), ch('j')] {
        app.update(e);
    }
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    let undo = only(app.update(ch('u')));
    let Call::MoveStage { ref deal_id, ref stage_id, ref note } = undo.call else { panic!("{undo:?}") };
    assert_eq!((deal_id.as_str(), stage_id.as_str()), ("deal_1", "stage_001"));
    assert_eq!(note.as_deref(), Some(strings::UNDO_NOTE), "the stage history says it was an undo");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"), "the deal undone is selected");
    assert_eq!(app.board().col, 0);
    assert_eq!(message(&app), format!("Undo: “{ACME}” back to Lead."));
}

#[test]
fn after_a_delete_the_message_says_it_cannot_be_undone_and_what_u_would_undo() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    app.update(ch('h'));
    app.update(ch('d'));
    let cmd = only(app.update(ch('y')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(
        message(&app),
        format!(
            "Deleted: “株式会社テスト 導入 🚀”; a delete cannot be undone (u would undo: “{ACME}” back to Lead.)"
        )
    );
    // With nothing else to undo, it says just that.
    let undo = only(app.update(ch('u')));
    settle(&mut app, &mut fake, vec![undo]);
    app.update(ch('d'));
    let cmd = only(app.update(ch('y')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert!(message(&app).ends_with("; a delete cannot be undone."), "{}", message(&app));
    assert!(app.board().deal("deal_1").is_none());
}

#[test]
fn the_first_answer_after_offline_replaces_the_offline_message_but_not_a_newer_one() {
    let (mut app, mut fake) = loaded(160, 45);
    let first = only(app.update(ch('L')));
    // A change of another deal is out while the first fails offline.
    app.update(ch('j'));
    let other = only(app.update(ch('L')));
    app.update(answer(first.op(), Err(offline())));
    assert!(message(&app).starts_with("Not saved (offline): "));
    app.update(Event::Api(fake.answer(&other)));
    assert!(!app.status().offline);
    assert_eq!(message(&app), strings::BACK_ONLINE, "the offline line no longer holds");
    // Offline again, then a newer message: the answer that ends it leaves the newer one.
    let cmd = only(app.update(ch('L')));
    app.update(answer(cmd.op(), Err(offline())));
    let cmd = only(app.update(ch('L')));
    let said = message(&app);
    assert!(said.starts_with("Moved to "), "{said}");
    app.update(Event::Api(fake.answer(&cmd)));
    assert!(!app.status().offline);
    assert_eq!(message(&app), said);
}

#[test]
fn a_bulk_delete_says_it_cannot_be_undone_too() {
    let (mut app, mut fake) = loaded(160, 45);
    for e in [ch(' '), ch('j'), ch(' ')] {
        app.update(e);
    }
    app.update(ch('d'));
    let cmds = app.update(ch('y'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), "Deleted 2 deals; a delete cannot be undone.");
}

#[test]
fn a_new_owner_for_a_deal_deleted_elsewhere_says_so_as_any_change_does() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('O'));
    app.update(key(KeyCode::Down));
    let cmd = only(app.update(key(KeyCode::Enter)));
    app.update(answer(cmd.op(), Err(gone("deal_1"))));
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(message(&app), format!("Deleted elsewhere: “{ACME}” left the board."));
}
