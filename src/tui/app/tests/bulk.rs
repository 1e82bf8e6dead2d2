//! Bulk actions: `Space` marks, then move / won / lost / owner / delete apply
//! to every marked deal, one request each, with one summary when all have answered.

use crossterm::event::KeyCode;

use super::*;
use crate::model::{DealStatus, Field};
use crate::tui::api::ClientError;
use crate::tui::dialogs::Dialog;
use crate::tui::message::{Answer, Call, Command, Event};
use crate::tui::strings;
use crate::tui::test_support::*;

/// Marks every card of Lead (deal_1, deal_2, deal_3) and goes back to the first.
fn mark_lead(app: &mut App) {
    for i in 0..3 {
        if i > 0 {
            app.update(ch('j'));
        }
        assert!(app.update(ch(' ')).is_empty());
    }
    app.update(ch('g'));
    assert_eq!(app.marked_count(), 3);
}

/// A refusal that leaves the deal where the server has it (a 404 would say it is gone).
fn refusal(id: &str) -> ClientError {
    ClientError::BadRequest { message: format!("deal {id} is locked") }
}

#[test]
fn space_marks_and_unmarks_and_esc_clears_the_marks() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch(' '));
    assert!(app.is_marked("deal_1"));
    assert!(message(&app).contains("Esc clears"), "{}", message(&app));
    app.update(ch('j'));
    app.update(ch(' '));
    assert_eq!(app.marked_count(), 2);
    app.update(ch(' '));
    assert!(!app.is_marked("deal_2"));
    assert_eq!(app.marked_count(), 1);
    // Esc closes a popup first, then the marks go.
    app.update(ch('?'));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.marked_count(), 1);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.marked_count(), 0);
    assert_eq!(message(&app), strings::MARKS_CLEARED);
}

#[test]
fn a_bulk_move_sends_one_request_per_deal_and_one_summary() {
    let (mut app, mut fake) = loaded(160, 45);
    mark_lead(&mut app);
    let cmds = app.update(ch('L'));
    assert_eq!(cmds.len(), 3);
    assert!(
        cmds.iter().all(|c| matches!(&c.call, Call::MoveStage { stage_id, .. } if stage_id == "stage_002"))
    );
    // All moved at once, each pending; the marks are used up.
    assert_eq!(column_ids(&app, 0), Vec::<String>::new());
    assert!(["deal_1", "deal_2", "deal_3"].iter().all(|d| app.is_pending(d)));
    assert_eq!(app.marked_count(), 0);
    assert_eq!(message(&app), "Saving 3 deals…");
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), "Moved 3 deals to Qualified.");
    assert!(fake.deals[..3].iter().all(|d| d.stage_id == "stage_002"));

    // One `u` takes the whole bulk move back, with its own summary.
    let undo = app.update(ch('u'));
    assert_eq!(undo.len(), 3);
    assert!(
        undo.iter().all(|c| matches!(&c.call, Call::MoveStage { stage_id, .. } if stage_id == "stage_001"))
    );
    settle(&mut app, &mut fake, undo);
    assert_eq!(message(&app), "Undid the change to 3 deals.");
    assert!(fake.deals[..3].iter().all(|d| d.stage_id == "stage_001"));
    assert_eq!(app.undo_depth(), 0);
}

#[test]
fn a_bulk_move_with_one_failure_says_which_and_why_and_puts_it_back() {
    let (mut app, mut fake) = loaded(160, 45);
    mark_lead(&mut app);
    app.update(ch('m'));
    let Some(Dialog::StagePicker(p)) = app.popup() else { panic!("the stage picker") };
    assert_eq!(p.title, "3 marked deals");
    // It opens on the next stage; one down is Proposal.
    app.update(key(KeyCode::Down));
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(cmds.len(), 3);
    assert_eq!(column_ids(&app, 2).len(), 5, "all three in Proposal at once");
    let (failing, fine): (Vec<Command>, Vec<Command>) = cmds
        .into_iter()
        .partition(|c| matches!(&c.call, Call::MoveStage { deal_id, .. } if deal_id == "deal_1"));
    // The first answers say nothing yet: one summary when all are in.
    settle(&mut app, &mut fake, fine);
    assert_eq!(message(&app), "Saving 3 deals…");
    app.update(refused(failing[0].op(), refusal("deal_1")));
    assert_eq!(
        message(&app),
        "Moved 2 of 3; 1 failed: “Enterprise License - Acme Corp”: deal deal_1 is locked"
    );
    assert!(is_error(&app));
    assert_eq!(column_ids(&app, 0), ["deal_1"], "the failed one is back as the server has it");
    assert!(!app.is_pending("deal_1"));
    assert_eq!(fake.deals[1].stage_id, "stage_003");
}

#[test]
fn h_with_marks_in_the_first_stage_moves_none_and_says_so_once() {
    let (mut app, _) = loaded(160, 45);
    mark_lead(&mut app);
    assert!(app.update(ch('H')).is_empty());
    let m = message(&app);
    assert!(m.starts_with("Moved 0 of 3; 3 failed: "), "{m}");
    assert!(m.contains(strings::ALREADY_FIRST_STAGE), "{m}");
}

#[test]
fn bulk_won_and_lost_close_every_marked_deal() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch(' '));
    app.update(ch('j'));
    app.update(ch(' '));
    app.update(ch('w'));
    let Some(Dialog::Won(d)) = app.popup() else { panic!("the won dialog") };
    assert_eq!(d.title, "2 marked deals");
    type_text(&mut app, "budget");
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(cmds.len(), 2);
    assert!(
        cmds.iter()
            .all(|c| matches!(&c.call, Call::MarkWon { reason, .. } if reason.as_deref() == Some("budget")))
    );
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), "Marked 2 deals won.");
    assert_eq!(column_ids(&app, 0), ["deal_3"]);

    app.update(ch('l'));
    app.update(ch(' '));
    app.update(ch('x'));
    let cmds = app.update(key(KeyCode::Enter));
    let Call::MarkLost { ref deal_id, .. } = only(cmds.clone()).call else { panic!() };
    assert_eq!(deal_id, "deal_4");
    settle(&mut app, &mut fake, cmds);
    assert_eq!(message(&app), "Marked “Premium Plan - TechStart Inc” lost.");
    assert_eq!(fake.deals[3].status, DealStatus::Lost);
}

#[test]
fn capital_o_gives_the_marked_deals_a_new_owner_from_the_user_list() {
    let (mut app, mut fake) = loaded(160, 45);
    mark_lead(&mut app);
    app.update(ch('O'));
    assert!(matches!(app.popup(), Some(Dialog::Owner(_))));
    // The first user is highlighted: Alice, who already owns deal_1.
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(cmds.len(), 2);
    for c in &cmds {
        let Call::UpdateDeal { patch, .. } = &c.call else { panic!("{c:?}") };
        assert_eq!(patch.owner_id, Field::Set("usr_1".into()));
        assert!(patch.title.is_unchanged());
    }
    assert_eq!(app.board().deal("deal_2").unwrap().owner_id.as_deref(), Some("usr_1"));
    settle(&mut app, &mut fake, cmds);
    let m = message(&app);
    assert!(
        m.starts_with("Reassigned 2 of 3; 1 failed: “Enterprise License - Acme Corp”: already theirs"),
        "{m}"
    );
    // Undo gives each back its own owner.
    let undo = app.update(ch('u'));
    settle(&mut app, &mut fake, undo);
    assert_eq!(fake.deals[1].owner_id.as_deref(), Some("usr_2"));
    assert_eq!(fake.deals[2].owner_id.as_deref(), Some("usr_9"));
}

#[test]
fn capital_o_without_marks_changes_the_selected_deal_and_needs_a_user_list() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('j'));
    app.update(ch('O'));
    app.update(key(KeyCode::Up));
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(matches!(cmd.call, Call::UpdateDeal { ref deal_id, .. } if deal_id == "deal_2"));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(message(&app), "Reassigned “株式会社テスト 導入 🚀” to Alice Martin.");

    let mut app = App::new(settings(), now());
    let mut fake = Fake { users: None, ..Fake::default() };
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    app.update(ch('O'));
    assert!(app.popup().is_none());
    assert_eq!(message(&app), strings::NO_USER_LIST);
}

#[test]
fn bulk_delete_asks_once_with_the_count_then_deletes_each() {
    let (mut app, mut fake) = loaded(160, 45);
    mark_lead(&mut app);
    app.update(ch('d'));
    let Some(Dialog::ConfirmDelete(c)) = app.popup() else { panic!("the confirmation") };
    let shown = format!("{c:?}");
    assert!(shown.contains("Delete 3 marked deals?") && shown.contains("cannot be undone"), "{shown}");
    let cmds = app.update(ch('y'));
    assert_eq!(cmds.len(), 3);
    assert!(column_ids(&app, 0).is_empty());
    let (failing, fine): (Vec<Command>, Vec<Command>) = cmds
        .into_iter()
        .partition(|c| matches!(&c.call, Call::DeleteDeal { deal_id, .. } if deal_id == "deal_3"));
    settle(&mut app, &mut fake, fine);
    assert_eq!(message(&app), "Saving 3 deals…", "nothing said until every deal answered");
    let e = ClientError::Server { status: 500, message: "internal".into() };
    app.update(Event::Api(Answer { op: failing[0].op(), result: Err(e) }));
    assert_eq!(column_ids(&app, 0), ["deal_3"]);
    assert!(message(&app).starts_with("Deleted 2 of 3; 1 failed: "), "{}", message(&app));
    assert_eq!(fake.deals.len(), 6);
}

#[test]
fn the_marks_hint_names_the_keys_as_bound() {
    use crate::settings::keys::{Action, Key, Keymap};
    let (mut app, _) = loaded(160, 45);
    let mut keymap = Keymap::default();
    keymap.rebind(Action::Won, &[Key::ch('W')]);
    app.set_keymap(keymap);
    app.update(ch(' '));
    assert_eq!(message(&app), "Marked: H L m W x O d act on all of them · Esc clears");
}

#[test]
fn a_bulk_change_queued_behind_a_failing_change_counts_as_failed_in_the_summary() {
    let (mut app, mut fake) = loaded(160, 45);
    // deal_1's own move is still out when it is marked and moved again with deal_4.
    let single = only(app.update(ch('L')));
    app.update(ch(' '));
    app.update(ch('j'));
    app.update(ch(' '));
    let cmds = app.update(ch('L'));
    let sent = only(cmds);
    assert!(
        matches!(sent.call, Call::MoveStage { ref deal_id, .. } if deal_id == "deal_4"),
        "deal_1's waits"
    );
    settle(&mut app, &mut fake, vec![sent]);
    assert_eq!(message(&app), "Saving 2 deals…");
    app.update(refused(single.op(), refusal("deal_1")));
    assert_eq!(
        message(&app),
        "Moved 1 of 2; 1 failed: “Enterprise License - Acme Corp”: not sent, an earlier change to it failed: \
         deal deal_1 is locked"
    );
    assert_eq!(app.board().deal("deal_1").unwrap().stage_id, "stage_001");
}

#[test]
fn a_marked_deal_that_leaves_the_board_loses_its_mark() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch(' '));
    app.update(ch('j'));
    app.update(ch(' '));
    app.update(ch('g'));
    // `e` into the Partners pipeline (Tab to the pipeline, "part", Enter, Enter, Enter).
    app.update(ch('e'));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "part");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    let cmd = only(app.update(key(KeyCode::Enter)));
    assert!(app.board().deal("deal_1").is_none());
    assert_eq!(app.marked_count(), 1, "deal_1 left the board, its mark with it");
    settle(&mut app, &mut fake, vec![cmd]);
    // deal_2 is won elsewhere: the refresh takes it off, and its mark.
    fake.deals[1].status = DealStatus::Won;
    let cmds = app.update(Event::RefreshDue);
    settle(&mut app, &mut fake, cmds);
    assert_eq!(app.marked_count(), 0);
}
