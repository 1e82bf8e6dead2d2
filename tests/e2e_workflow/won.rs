//! The won stage, end to end: the real binary in a pty on the demo workspace (whose won stage is
//! Closed Won, the last stage at 100%), and what the SERVER holds afterwards.

use super::pty::{Key, column_text};
use super::server::TestServer;
use super::{id, open_board, prefix, shows_title, stage_deals, title};

/// `L` from Negotiation into Closed Won, a reason, `Enter`: won with that reason, in Closed
/// Won, on the server; and on the board in the won column with its won badge.
#[tokio::test(flavor = "multi_thread")]
async fn l_into_the_won_stage_with_a_reason_leaves_the_deal_won_there_and_in_the_won_column() {
    let srv = TestServer::demo().await;
    let (_, negotiation) = stage_deals(&srv, "stage_004", "").await;
    let deal = negotiation[0].clone();
    let (mut board, _) = open_board(&srv).await;
    board.type_str("lll");
    board.wait_for("the Negotiation deal selected", |s| {
        s.contents().lines().any(|l| l.contains(&format!("▌{}", prefix(title(&deal)))))
    });
    board.type_str("L");
    board.wait_text("Moves to Closed Won as it is marked won.");
    let reason = "Signed on the call";
    board.type_str(reason);
    board.wait_text(reason);
    board.press(Key::Enter);
    let d = srv
        .wait_deal(id(&deal), "won in Closed Won", |d| d["status"] == "won" && d["stage_id"] == "stage_005")
        .await;
    assert_eq!(d["won_reason"], reason);
    assert!(d["closed_at"].is_string(), "{d:#}");
    let history = d["stage_history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["stage_id"], "stage_005");
    board.wait_for("the deal in the won column, marked won", |s| {
        column_text(s, "Closed Won")
            .is_some_and(|t| t.lines().any(|l| l.contains("[WON]") && shows_title(l, title(&deal))))
            && column_text(s, "Negotiation").is_some_and(|t| !t.lines().any(|l| shows_title(l, title(&deal))))
    });
}

/// `Esc` in the won dialog `L` opened: nothing reaches the server.
#[tokio::test(flavor = "multi_thread")]
async fn esc_in_the_won_dialog_leaves_the_deal_open_where_it_was() {
    let srv = TestServer::demo().await;
    let (_, negotiation) = stage_deals(&srv, "stage_004", "").await;
    let deal = negotiation[0].clone();
    let (mut board, _) = open_board(&srv).await;
    board.type_str("lll");
    board.wait_for("the Negotiation deal selected", |s| {
        s.contents().lines().any(|l| l.contains(&format!("▌{}", prefix(title(&deal)))))
    });
    board.type_str("L");
    board.wait_text("Moves to Closed Won");
    board.press(Key::Esc);
    board.wait_gone("Moves to Closed Won");
    // A later change of the deal reaches the server after anything Esc could have sent.
    board.type_str("v");
    board.wait_text("Edit value");
    for _ in 0..16 {
        board.press(Key::Backspace);
    }
    board.type_str("4321");
    board.press(Key::Enter);
    let d = srv.wait_deal(id(&deal), "the new value", |d| d["value"].as_f64() == Some(4321.0)).await;
    assert_eq!((d["status"].as_str(), d["stage_id"].as_str()), (Some("open"), Some("stage_004")));
}

/// `w` on the first Lead deal: won AND in Closed Won on the server (not left in Lead at 10%).
#[tokio::test(flavor = "multi_thread")]
async fn w_on_a_lead_deal_leaves_it_won_in_the_won_stage() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("w");
    board.wait_text("Moves to Closed Won");
    board.press(Key::Enter);
    let d = srv
        .wait_deal(id(&deal), "won in Closed Won", |d| d["status"] == "won" && d["stage_id"] == "stage_005")
        .await;
    assert_eq!(d["probability"], 100);
    board.wait_text("Won, moved to Closed Won");
    board.wait_for("the deal in the won column", |s| {
        column_text(s, "Closed Won").is_some_and(|t| t.lines().any(|l| shows_title(l, title(&deal))))
    });
}
