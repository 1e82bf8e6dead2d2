//! End to end: the real server on loopback, the real binary in a pseudo-terminal. Each test
//! types keys as a user would, reads the screen, and checks what the server holds afterwards.

#[path = "e2e_board/cards.rs"]
mod cards;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/server.rs"]
mod server;

use pty::{Board, Key};
use serde_json::Value;
use server::TestServer;

/// The deal the board selects first: the top card of the first stage's open deals, in the
/// board's default order (the API's default sort).
async fn first_card(srv: &TestServer) -> Value {
    let deals = srv.get("/deals?pipeline_id=pipe_001&stage_id=stage_001&status=open&limit=1").await;
    deals[0].clone()
}

async fn open_board(srv: &TestServer) -> (Board, Value) {
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let board = Board::spawn(&args, 160, 45);
    let deal = first_card(srv).await;
    let title: String = deal["title"].as_str().unwrap().chars().take(12).collect();
    // Selected (the bar before its title): another column may show a title starting the same.
    board.wait_text(&format!("▌{title}"));
    (board, deal)
}

fn id(deal: &Value) -> &str {
    deal["id"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn shift_l_moves_the_selected_deal_to_the_next_stage() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("L");
    srv.wait_deal(id(&deal), "the move to stage_002", |d| d["stage_id"] == "stage_002").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_value_typed_with_symbols_reaches_the_server_as_a_number() {
    let srv = TestServer::demo().await;
    // The first card is in euros in the demo; a dollar amount belongs on a dollar deal.
    let first = first_card(&srv).await;
    let put = srv.put(&format!("/deals/{}", id(&first)), serde_json::json!({"currency": "USD"})).await;
    assert_eq!(put["success"], true, "{put:#}");
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("v");
    board.wait_text("Value");
    // Clear whatever the editor was prefilled with, then type as a rep would.
    board.type_str(&"\x7f".repeat(20));
    board.type_str("$12,345");
    board.press(Key::Enter);
    let d = srv.wait_deal(id(&deal), "value 12345", |d| d["value"] == 12345).await;
    assert!(d["value"].is_number());
    board.wait_text("$12,345");
}

/// A dollar amount typed on a euro deal is refused in the dialog, with the text kept, instead of
/// silently becoming euros.
#[tokio::test(flavor = "multi_thread")]
async fn a_dollar_amount_on_a_euro_deal_is_refused_and_kept() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    assert_eq!(deal["currency"], "EUR", "the demo's first card is in euros");
    board.type_str("v");
    board.wait_text("Value");
    board.type_str(&"\x7f".repeat(20));
    board.type_str("$12,345");
    board.press(Key::Enter);
    board.wait_text("this deal is in EUR");
    board.wait_text("$12,345");
    // Fixed in place: the sign dropped, Enter saves euros.
    board.type_str(&"\x7f".repeat(7));
    board.type_str("€12,345");
    board.press(Key::Enter);
    srv.wait_deal(id(&deal), "value 12345", |d| d["value"] == 12345).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn won_with_a_reason() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("w");
    board.wait_text("reason");
    board.type_str("Best feature fit");
    board.press(Key::Enter);
    let d = srv.wait_deal(id(&deal), "status won", |d| d["status"] == "won").await;
    assert_eq!(d["won_reason"], "Best feature fit");
    assert!(d["closed_at"].is_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn lost_with_a_reason_and_a_competitor() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    board.type_str("x");
    board.wait_text("ompetitor");
    board.type_str("Price too high");
    board.press(Key::Tab);
    board.type_str("Salesforce");
    board.press(Key::Enter);
    let d = srv.wait_deal(id(&deal), "status lost", |d| d["status"] == "lost").await;
    assert_eq!(d["lost_reason"], "Price too high");
    assert_eq!(d["competitor"], "Salesforce");
}

#[tokio::test(flavor = "multi_thread")]
async fn details_show_the_deals_contacts_with_their_roles() {
    let srv = TestServer::demo().await;
    let (mut board, deal) = open_board(&srv).await;
    let detail = srv.deal(id(&deal)).await;
    let contacts = detail["contacts"].as_array().unwrap();
    assert!(!contacts.is_empty(), "demo deals have contacts");
    board.press(Key::Enter);
    for c in contacts {
        board.wait_text(c["name"].as_str().unwrap());
    }
    board.press(Key::Esc);
    board.wait_gone(contacts[0]["name"].as_str().unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn q_quits_and_leaves_the_terminal_as_it_was() {
    let srv = TestServer::demo().await;
    let (mut board, _) = open_board(&srv).await;
    assert!(board.with_screen(|s| s.alternate_screen()));
    board.type_str("q");
    assert_eq!(board.wait_exit(), 0);
    board.wait_for("the main screen back", |s| !s.alternate_screen() && !s.hide_cursor());
    #[cfg(unix)]
    assert!(board.terminal_is_cooked(), "raw mode must be off after quitting");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_and_sighup_restore_the_terminal() {
    let srv = TestServer::demo().await;
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    // 128 + the signal's number, as a shell expects of a program a signal stopped.
    for (signal, status) in [(Signal::SIGTERM, 143), (Signal::SIGHUP, 129), (Signal::SIGINT, 130)] {
        let (mut board, _) = open_board(&srv).await;
        kill(Pid::from_raw(board.pid().unwrap() as i32), signal).unwrap();
        assert_eq!(board.wait_exit(), status, "{signal:?}");
        board.wait_for("the main screen back", |s| !s.alternate_screen() && !s.hide_cursor());
        #[cfg(unix)]
        assert!(board.terminal_is_cooked(), "raw mode must be off after {signal:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_typed_at_the_board_quits_with_status_0() {
    let srv = TestServer::demo().await;
    let (mut board, _) = open_board(&srv).await;
    board.type_str("\x03");
    assert_eq!(board.wait_exit(), 0);
    board.wait_for("the main screen back", |s| !s.alternate_screen() && !s.hide_cursor());
}

/// Started before its server: the board says when it tries again and shows the cards once the
/// server is up, with no key pressed.
#[tokio::test(flavor = "multi_thread")]
async fn a_board_started_before_its_server_shows_the_board_once_it_is_up() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/v1");
    let board = Board::spawn(&["--api-url", &url, "--api-key", "e2e-key"], 160, 45);
    board.wait_text("next try in");
    let srv = TestServer::demo_at(format!("127.0.0.1:{port}").parse().unwrap()).await;
    let deal = first_card(&srv).await;
    let title: String = deal["title"].as_str().unwrap().chars().take(12).collect();
    board.wait_text(&title);
}

/// A refused key ends the board: the terminal restored, the 401's message, exit status 1.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_key_ends_the_board_with_status_1_and_says_why() {
    let srv = TestServer::demo().await;
    let mut board = Board::spawn(&["--api-url", &srv.base_url, "--api-key", "not-the-key"], 160, 45);
    assert_eq!(board.wait_exit(), 1);
    board.wait_for("the main screen back", |s| !s.alternate_screen() && !s.hide_cursor());
    assert!(board.terminal_is_cooked());
    board.wait_text("Not signed in: the API key was refused (401)");
}

#[test]
fn a_server_that_dies_mid_session_gives_a_message_and_the_board_keeps_running() {
    let mut srv = server::ServeProcess::demo();
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut board = Board::spawn(&args, 120, 30);
    board.wait_text("Lead");
    board.wait_text("€");
    // Every column loaded: one still loading when the server dies shows the error instead.
    board.wait_gone("loading");
    let before = board.screen();
    srv.kill();
    board.type_str("r");
    board.wait_for("an offline message", |s| s.contents().to_lowercase().contains("cannot reach"));
    // Still answering keys: help opens and closes, the cards are still there.
    board.type_str("?");
    // The help's first row: the list is longer than this 30-row terminal, so "quit" is off it.
    board.wait_text("previous column");
    board.press(Key::Esc);
    board.wait_gone("Keys");
    let card_line = before.lines().nth(4).unwrap().to_string();
    board.wait_for("the cards still shown", |s| s.contents().contains(&card_line));
    board.type_str("q");
    assert_eq!(board.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_board_writes_nothing() {
    let srv = TestServer::demo().await;
    let (board, _) = open_board(&srv).await;
    // Loaded: no column says "loading", and the status line's right side (spinner, "loaded n of
    // m") is empty. The frame that clears it writes those cells last (the bottom row's right
    // end), so by then the whole frame has arrived.
    board.wait_for("every page loaded and the status line idle", |s| {
        let status = s.rows(0, s.size().1).last().unwrap_or_default();
        !s.contents().contains("loading") && status.trim_end().ends_with("quit")
    });
    let last = board.bytes_seen();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(board.bytes_seen(), last, "an idle board wrote to the terminal");
}

/// No key anywhere: exit code 2, a message saying how to set one and that the demo needs none,
/// and the terminal never taken.
#[test]
fn no_api_key_exits_2_and_says_how_to_set_one() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dealboard"))
        .env_remove("DEALBOARD_API_KEY")
        .env_remove("DEALBOARD_API_URL")
        .env_remove("DEALBOARD_CONFIG")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("DEALBOARD_API_KEY") && err.contains("dealboard demo"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn: {:?}", String::from_utf8_lossy(&out.stdout));
}

/// A key in a config file that others can read is warned about, as ssh does, before the board
/// takes the screen; a plain-http URL to another host is refused (exit 2) as it would leak the key.
#[test]
fn a_readable_key_file_is_warned_about_and_clear_text_http_elsewhere_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "api_key = \"k\"\napi_url = \"http://crm.example.com/api\"\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dealboard"))
        .env_remove("DEALBOARD_API_KEY")
        .env_remove("DEALBOARD_API_URL")
        .env("HOME", home.path())
        .env("DEALBOARD_LOG_FILE", home.path().join("log"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chmod 600"), "{err}");
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--allow-insecure-http"), "{err}");
}

/// The board kept between runs: on Linux in `$HOME/.cache/dealboard` (no XDG_CACHE_HOME here).
fn cache_dir(home: &std::path::Path) -> std::path::PathBuf {
    home.join(".cache").join("dealboard")
}

fn cache_files(home: &std::path::Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(cache_dir(home)) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The status line: the screen's last row.
fn status_line(s: &vt100::Screen) -> String {
    s.rows(0, s.size().1).last().unwrap_or_default()
}

/// Waits for every page and the idle status line, then quits with `q`.
fn load_and_quit(board: &mut Board) {
    board.wait_for("every page loaded and the status line idle", |s| {
        !s.contents().contains("loading") && status_line(s).trim_end().ends_with("quit")
    });
    board.type_str("q");
    assert_eq!(board.wait_exit(), 0);
}

/// A warm cache and a server answering after 2 s: the last run's cards are on screen while the
/// status line still says the board is updating (the refresh merges only once the server has
/// answered every page), then the server's copy replaces it. The file is the owner's alone.
#[tokio::test(flavor = "multi_thread")]
async fn a_warm_cache_shows_the_cards_before_the_server_answers() {
    use std::os::unix::fs::PermissionsExt;
    let srv = TestServer::demo_with_latency(std::time::Duration::from_secs(2)).await;
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut first = Board::spawn(&args, 160, 45);
    let deal = first_card(&srv).await;
    let title: String = deal["title"].as_str().unwrap().chars().take(12).collect();
    first.wait_text(&title);
    assert!(!first.screen().contains("as of"), "no cache on the first run");
    load_and_quit(&mut first);
    let home = first.take_home();
    let files = cache_files(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(mode(&cache_dir(home.path())), 0o700);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(!text.contains(&srv.key), "the key itself is never stored");

    let mut second = Board::spawn_in(home, &args, 160, 45);
    second.wait_for("the cached cards while the board is updating", |s| {
        let status = status_line(s);
        s.contents().contains(&title) && status.contains("as of") && status.contains("updating")
    });
    second.wait_for("the server's copy in place of the cached one", |s| !status_line(s).contains("as of"));
    assert!(second.screen().contains(&title));
    second.type_str("q");
    assert_eq!(second.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_cache_writes_nothing() {
    let srv = TestServer::demo().await;
    let mut args = srv.board_args();
    args.push("--no-cache".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut board = Board::spawn(&args, 120, 30);
    board.wait_text("Lead");
    load_and_quit(&mut board);
    assert!(!board.home.path().join(".cache").exists(), "{:?}", cache_files(board.home.path()));
}

/// A cache file that is not one (cut short, overwritten) is ignored with a line in the log: the
/// board loads from the server as without one, and saves a good file at quit.
#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_cache_is_ignored_and_the_board_loads_normally() {
    let srv = TestServer::demo().await;
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut first = Board::spawn(&args, 120, 30);
    first.wait_text("Lead");
    load_and_quit(&mut first);
    let home = first.take_home();
    let files = cache_files(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let good = std::fs::read(&files[0]).unwrap();
    std::fs::write(&files[0], &good[..good.len() / 2]).unwrap();

    let mut second = Board::spawn_in(home, &args, 120, 30);
    let deal = first_card(&srv).await;
    let title: String = deal["title"].as_str().unwrap().chars().take(12).collect();
    second.wait_text(&title);
    assert!(!second.screen().contains("as of"), "nothing drawn from the damaged file");
    load_and_quit(&mut second);
    let log = std::fs::read_to_string(second.home.path().join("dealboard.log")).unwrap();
    assert!(log.contains("board cache") && log.contains("ignored"), "{log}");
    let again = std::fs::read(&files[0]).unwrap();
    assert!(again.starts_with(b"{\"version\":1,"), "{}", String::from_utf8_lossy(&again));
}
