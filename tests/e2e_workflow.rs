//! End to end, the deal workflow: the real server on loopback (a temp SQLite file, the demo
//! workspace), the real binary in a pseudo-terminal, keys typed as a user would. Each test then
//! checks what the SERVER holds over HTTP, not only what the screen says.

#[path = "e2e_workflow/forecast.rs"]
mod forecast;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/server.rs"]
mod server;
#[path = "e2e_workflow/week.rs"]
mod week;

use pty::{Board, Key, column_text};
use serde_json::{Value, json};
use server::TestServer;
use unicode_width::UnicodeWidthChar;

const PIPELINE: &str = "pipe_001";
const RENEWALS: &str = "pipe_002";

/// The start of a title as every card shows it, however the rest is cut: its whole words within
/// 20 columns (wide characters count two), as cards cut titles between words.
fn prefix(title: &str) -> String {
    let mut width = 0;
    let cut: String = title
        .chars()
        .take_while(|c| {
            width += c.width().unwrap_or(0);
            width <= 20
        })
        .collect();
    let whole = cut.len() == title.len() || title[cut.len()..].starts_with(char::is_whitespace);
    match cut.rfind(char::is_whitespace) {
        Some(i) if !whole => cut[..i].trim_end().to_string(),
        _ => cut.trim_end().to_string(),
    }
}

/// Whether a card's title line (a column's line, as `column_text` gives it) shows this title:
/// whole, cut at its end (`Premium Support…`) or, when another card's title reads alike, in the
/// middle (`Premium Support…Madre`).
fn shows_title(line: &str, title: &str) -> bool {
    let text = line.trim_start_matches(['▌', ' ']).trim_end();
    let text = text.strip_prefix("[WON] ").unwrap_or(text);
    match text.split_once('…') {
        None => text == title,
        Some((head, tail)) => {
            !head.is_empty()
                && title.starts_with(head)
                && title.ends_with(tail)
                && head.len() + tail.len() < title.len()
        }
    }
}

fn id(deal: &Value) -> &str {
    deal["id"].as_str().unwrap()
}

fn title(deal: &Value) -> &str {
    deal["title"].as_str().unwrap()
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("expected an array, the server said {v:#}"))
}

/// The stages of a pipeline, by position.
async fn stages(srv: &TestServer, pipeline: &str) -> Vec<Value> {
    array(&srv.get(&format!("/pipelines/{pipeline}/stages")).await).clone()
}

/// One stage's open deals in the board's default order (the API's), and `meta.total`, with
/// `extra` query parameters.
async fn stage_deals(srv: &TestServer, stage: &str, extra: &str) -> (u64, Vec<Value>) {
    let body = srv
        .body(&format!("/deals?pipeline_id={PIPELINE}&stage_id={stage}&status=open&limit=100{extra}"))
        .await;
    let total = body["meta"]["total"].as_u64().unwrap_or_else(|| panic!("no meta.total in {body:#}"));
    (total, array(&body["data"]).clone())
}

/// The board on the demo workspace, once the first stage's top card (the selected one) shows.
async fn open_board(srv: &TestServer) -> (Board, Value) {
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let board = Board::spawn(&args, 160, 45);
    let (_, deals) = stage_deals(srv, "stage_001", "").await;
    let first = deals[0].clone();
    board.wait_text(&prefix(title(&first)));
    (board, first)
}

/// The deal count in a column's header (`3 deals · $1.2M`), once that column is on screen.
fn column_count(s: &vt100::Screen, stage_name: &str) -> Option<u64> {
    let text = column_text(s, stage_name)?;
    text.lines().next()?.split_whitespace().next()?.replace(',', "").parse().ok()
}

/// In a picker (owner, contact, pipeline, stage): types `name`, waits until it is the highlighted
/// match, and picks it.
fn pick(board: &mut Board, name: &str) {
    board.type_str(name);
    board.wait_text(&format!("▸ {name}"));
    board.press(Key::Enter);
}

/// Empties a prefilled text field.
fn clear(board: &mut Board) {
    for _ in 0..12 {
        board.press(Key::Backspace);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deal_created_through_the_form_reaches_the_server_with_every_field_as_typed() {
    let srv = TestServer::demo().await;
    let stage = stages(&srv, PIPELINE).await[0].clone();
    // Not the first of each list, so the picks must really move; names that are unique.
    let users = srv.get("/users").await;
    let owner = array(&users)[1].clone();
    let contacts = srv.get("/contacts").await;
    let contacts = array(&contacts);
    let unique = |c: &&Value| contacts.iter().filter(|o| o["name"] == c["name"]).count() == 1;
    let contact = contacts.iter().skip(2).find(unique).unwrap().clone();
    let (owner_name, contact_name) = (owner["name"].as_str().unwrap(), contact["name"].as_str().unwrap());

    let (mut board, _) = open_board(&srv).await;
    board.type_str("n");
    board.wait_text("New deal");
    // Owner and contact are lists once /users and /contacts have answered (ids typed before).
    board.wait_for("the owner and contact pickers", |s| {
        let c = s.contents();
        !c.contains("user id, e.g.") && !c.contains("contact id, e.g.")
    });
    let new_title = "E2E Überseehafen – fleet renewal";
    board.type_str(new_title);
    board.press(Key::Tab);
    board.type_str("€24,000");
    board.press(Key::Tab);
    clear(&mut board);
    board.type_str("eur");
    board.press(Key::Tab);
    board.type_str("2027-02-15");
    board.press(Key::Tab);
    clear(&mut board);
    board.type_str("35");
    board.press(Key::Tab);
    pick(&mut board, owner_name);
    board.press(Key::Tab);
    pick(&mut board, contact_name);
    board.press(Key::Tab);
    board.type_str("alpha, beta two");
    board.wait_text("alpha, beta two");
    board.press(Key::Enter);

    let mut found = None;
    let start = std::time::Instant::now();
    while found.is_none() {
        let (_, deals) = stage_deals(&srv, stage["id"].as_str().unwrap(), "").await;
        found = deals.into_iter().find(|d| d["title"] == new_title);
        assert!(start.elapsed() < pty::DEADLINE, "{new_title:?} never reached the server");
    }
    let d = srv.deal(id(&found.unwrap())).await;
    assert_eq!(d["title"], new_title);
    assert_eq!(d["pipeline_id"], PIPELINE);
    assert_eq!(d["stage_id"], stage["id"], "created in the selected column's stage");
    assert_eq!(d["value"].as_f64(), Some(24000.0), "value {}", d["value"]);
    assert_eq!(d["currency"], "EUR");
    assert_eq!(d["expected_close_date"], "2027-02-15");
    assert_eq!(d["probability"], 35);
    assert_eq!(d["owner_id"], owner["id"]);
    assert_eq!(d["contact_id"], contact["id"]);
    assert_eq!(d["tags"], json!(["alpha", "beta two"]));
    assert_eq!(d["status"], "open");
    // The new card is on the board, selected (the selection bar is on its title line).
    board.wait_for("the new card selected", |s| {
        s.contents().lines().any(|l| l.contains(&format!("▌{}", prefix(new_title))))
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn editing_a_deal_into_another_pipeline_moves_it_there_and_leaves_the_rest_alone() {
    let srv = TestServer::demo().await;
    let lead = stages(&srv, PIPELINE).await[0]["name"].as_str().unwrap().to_string();
    let (lead_total, _) = stage_deals(&srv, "stage_001", "").await;
    let target = stages(&srv, RENEWALS).await[1].clone();
    let target_name = target["name"].as_str().unwrap();
    let renewals = array(&srv.get("/pipelines").await).iter().find(|p| p["id"] == RENEWALS).unwrap().clone();
    let (mut board, deal) = open_board(&srv).await;
    let before = srv.deal(id(&deal)).await;

    board.type_str("e");
    board.wait_text("Edit deal");
    board.press(Key::Tab);
    pick(&mut board, renewals["name"].as_str().unwrap());
    // A new pipeline needs a stage of its own: the stage list opens at once.
    board.wait_text("pick a stage of");
    pick(&mut board, target_name);
    board.wait_gone("pick a stage of");
    board.press(Key::Enter);

    let after = srv.wait_deal(id(&deal), "the move to Renewals", |d| d["pipeline_id"] == RENEWALS).await;
    assert_eq!(after["stage_id"], target["id"], "the stage picked in Renewals");
    for field in [
        "title",
        "value",
        "currency",
        "owner_id",
        "contact_id",
        "expected_close_date",
        "tags",
        "custom_fields",
        "status",
    ] {
        assert_eq!(after[field], before[field], "{field} changed though it was not edited");
    }
    board.wait_for("the card gone from this pipeline's board", |s| {
        column_count(s, &lead) == Some(lead_total - 1)
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deal_deleted_after_confirming_is_gone_from_the_server() {
    let srv = TestServer::demo().await;
    let lead = stages(&srv, PIPELINE).await[0].clone();
    let lead_name = lead["name"].as_str().unwrap().to_string();
    let (total, _) = stage_deals(&srv, "stage_001", "").await;
    let (mut board, deal) = open_board(&srv).await;

    board.type_str("d");
    // The confirmation names the deal.
    board.wait_text(&format!("Delete “{}", prefix(title(&deal))));
    board.wait_text("Delete deal");
    board.type_str("y");
    srv.wait_deleted(id(&deal)).await;
    board.wait_for("one deal fewer in the first column", |s| column_count(s, &lead_name) == Some(total - 1));
    // And the server agrees on the count.
    assert_eq!(stage_deals(&srv, "stage_001", "").await.0, total - 1);
}

/// The owner the filter test uses: the first user whose open deals of at least `min` fill at
/// least two columns and fit on screen (at most 6 cards a column), and who also has smaller
/// deals, so both halves of the filter leave something out.
async fn a_filter_that_fits(srv: &TestServer, stages: &[Value], min: u32) -> (Value, Vec<(u64, Vec<Value>)>) {
    for user in array(&srv.get("/users").await) {
        let owner = format!("&owner_id={}", user["id"].as_str().unwrap());
        let (mut per_stage, mut all_theirs) = (Vec::new(), 0);
        for st in stages {
            let st = st["id"].as_str().unwrap();
            per_stage.push(stage_deals(srv, st, &format!("{owner}&min_value={min}")).await);
            all_theirs += stage_deals(srv, st, &owner).await.0;
        }
        let filled = per_stage.iter().filter(|(n, _)| *n > 0).count();
        let fits = per_stage.iter().all(|(n, d)| *n <= 6 && d.len() as u64 == *n);
        let shown: u64 = per_stage.iter().map(|(n, _)| n).sum();
        if filled >= 2 && fits && all_theirs > shown {
            return (user.clone(), per_stage);
        }
    }
    panic!(
        "the demo workspace has no owner whose deals of at least {min} fit on screen: pick another filter"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_by_owner_and_minimum_value_shows_exactly_the_servers_answer() {
    let srv = TestServer::demo().await;
    let stages = stages(&srv, PIPELINE).await;
    let (owner, expected) = a_filter_that_fits(&srv, &stages, 50_000).await;
    // Every open deal of each stage, to check the ones the filter leaves out are not shown.
    let mut everything = Vec::new();
    for st in &stages {
        everything.push(stage_deals(&srv, st["id"].as_str().unwrap(), "").await.1);
    }
    let (mut board, _) = open_board(&srv).await;
    // The filter form takes the owner list the board has when it opens (one that arrives later
    // does not reach it), so first wait for /users: the cards show names instead of ids.
    board.wait_gone("usr_");

    board.type_str("f");
    board.wait_text("Filter deals");
    board.wait_gone("user id, e.g.");
    board.press(Key::Tab);
    pick(&mut board, owner["name"].as_str().unwrap());
    board.press(Key::Tab);
    board.type_str("50k");
    // Read as an amount (in the board's usual currency, which depends on what has loaded).
    board.wait_for("the minimum read as 50,000", |s| {
        s.contents().lines().any(|l| l.contains("Min value") && l.contains("50,000"))
    });
    board.press(Key::Enter);
    board.wait_text("filter: owner");

    let names: Vec<&str> = stages.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let check = |s: &vt100::Screen| -> Result<(), String> {
        for ((name, (total, shown)), all) in names.iter().zip(&expected).zip(&everything) {
            let text = column_text(s, name).ok_or(format!("no column {name}"))?;
            if column_count(s, name) != Some(*total) {
                return Err(format!("{name}: the header does not say {total}"));
            }
            let want: Vec<String> = shown.iter().map(|d| prefix(title(d))).collect();
            if let Some(missing) = want.iter().find(|p| !text.contains(p.as_str())) {
                return Err(format!("{name}: {missing:?} is not shown"));
            }
            let hidden =
                all.iter().map(|d| prefix(title(d))).filter(|p| !want.iter().any(|w| w.starts_with(p)));
            if let Some(extra) = hidden.into_iter().find(|p| text.contains(p.as_str())) {
                return Err(format!("{name}: {extra:?} is shown though the filter excludes it"));
            }
        }
        Ok(())
    };
    board.wait_ok("every column to show the server's answer", check);
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_puts_a_moved_deal_back_in_its_stage() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("L");
    srv.wait_deal(id(&deal), "the move to stage_002", |d| d["stage_id"] == "stage_002").await;
    // The user sees the move settle (the pending mark goes), then undoes it.
    board.wait_gone("⟳");
    board.type_str("u");
    let d = srv.wait_deal(id(&deal), "the undo back to stage_001", |d| d["stage_id"] == "stage_001").await;
    let history = array(&d["stage_history"]);
    assert_eq!(history.last().unwrap()["stage_id"], "stage_001", "undo is a real move: {history:#?}");
}

/// A quick hand: `u` pressed before the server answered the move undoes that move (the card
/// moved on screen at once, so that is the change the user sees as the last one).
#[tokio::test(flavor = "multi_thread")]
async fn u_right_after_l_undoes_that_move_even_before_the_server_answered() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("Lu");
    let d = srv
        .wait_deal(id(&deal), "moved to stage_002 and back", |d| {
            let history = d["stage_history"].as_array().map_or(&[][..], Vec::as_slice);
            d["stage_id"] == "stage_001" && history.iter().any(|h| h["stage_id"] == "stage_002")
        })
        .await;
    assert_eq!(array(&d["stage_history"]).last().unwrap()["stage_id"], "stage_001");
    board.wait_gone("⟳");
}

#[tokio::test(flavor = "multi_thread")]
async fn space_marks_three_deals_and_l_moves_all_of_them() {
    let srv = TestServer::demo().await;
    let (_, deals) = stage_deals(&srv, "stage_001", "").await;
    assert!(deals.len() >= 4, "the demo's first stage has at least four deals");
    let (mut board, _) = open_board(&srv).await;
    board.press(Key::Space);
    board.type_str("j");
    board.press(Key::Space);
    board.type_str("j");
    board.press(Key::Space);
    board.type_str("L");
    for d in &deals[..3] {
        srv.wait_deal(id(d), "the marked deal in stage_002", |d| d["stage_id"] == "stage_002").await;
    }
    board.wait_gone("⟳");
    assert_eq!(srv.deal(id(&deals[3])).await["stage_id"], "stage_001", "an unmarked deal moved");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_by_another_client_appears_after_r() {
    let srv = TestServer::demo().await;
    let stages = stages(&srv, PIPELINE).await;
    let (lead, proposal) = (stages[0]["name"].as_str().unwrap(), stages[2]["name"].as_str().unwrap());
    let (lead_total, lead_deals) = stage_deals(&srv, "stage_001", "").await;
    let (proposal_total, _) = stage_deals(&srv, "stage_003", "").await;
    // Not the selected card: a refresh must not need the selection to find it.
    let deal = lead_deals[2].clone();
    let (mut board, _) = open_board(&srv).await;
    board.wait_for("the board loaded", |s| {
        column_text(s, lead).is_some_and(|t| t.contains(&prefix(title(&deal))))
            && column_count(s, proposal) == Some(proposal_total)
    });

    let renamed = "Renamed by another client";
    let put = srv.put(&format!("/deals/{}", id(&deal)), json!({"title": renamed, "value": 4242})).await;
    assert_eq!(put["success"], true, "{put:#}");
    let moved = srv.put(&format!("/deals/{}/stage", id(&deal)), json!({"stage_id": "stage_003"})).await;
    assert_eq!(moved["success"], true, "{moved:#}");

    board.type_str("r");
    board.wait_for("the other client's change", |s| {
        column_text(s, proposal).is_some_and(|t| t.contains(renamed) && t.contains("4,242"))
            && column_text(s, lead).is_some_and(|t| !t.contains(&prefix(title(&deal))))
            && column_count(s, lead) == Some(lead_total - 1)
            && column_count(s, proposal) == Some(proposal_total + 1)
    });
}

/// On a slow link the filter form can open before `/users` has answered: the owner is then a
/// typed id, and must become the list of names once it arrives (as the deal form's does).
#[tokio::test(flavor = "multi_thread")]
async fn the_filter_form_gets_the_owner_list_that_arrives_after_it_opened() {
    let srv = TestServer::demo_with_latency(std::time::Duration::from_millis(800)).await;
    let owner = array(&srv.get("/users").await)[1].clone();
    let name = owner["name"].as_str().unwrap();
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut board = Board::spawn(&args, 160, 45);
    // The first frame: /users was asked for at start and is still on its way.
    board.wait_text("dealboard");
    board.type_str("f");
    board.wait_text("Filter deals");
    board.wait_gone("user id, e.g.");
    board.press(Key::Tab);
    pick(&mut board, name);
    board.press(Key::Enter);
    board.wait_text(&format!("filter: owner: {name}"));
}

#[path = "e2e_workflow/won.rs"]
mod won;
