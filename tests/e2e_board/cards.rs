//! `card = [...]` in config.toml, read by the real binary: the cards show the fields asked for
//! and nothing else.

use super::pty::Board;
use super::server::TestServer;
use super::{first_card, id};

#[tokio::test(flavor = "multi_thread")]
async fn card_fields_from_the_config_show_tags_and_no_owner() {
    let srv = TestServer::demo().await;
    let deal = first_card(&srv).await;
    let put = srv.put(&format!("/deals/{}", id(&deal)), serde_json::json!({"tags": ["cardtag", "q3"]})).await;
    assert_eq!(put["success"], true, "{put:#}");
    let users = srv.get("/users").await;
    let names: Vec<String> =
        users.as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap().to_string()).collect();
    assert!(!names.is_empty());

    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config").join("dealboard");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "card = [\"value\", \"tags\"]\n").unwrap();
    let args = srv.board_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let board = Board::spawn_in(home, &args, 160, 45);
    board.wait_text("#cardtag #q3");
    let screen = board.screen();
    for name in &names {
        assert!(!screen.contains(name.as_str()), "owner {name} shown: {screen}");
    }
    // The first card: its title, then its value, then its tags, one line each.
    let lines: Vec<&str> = screen.lines().collect();
    let tags = lines.iter().position(|l| l.contains("#cardtag")).unwrap();
    assert!(
        !lines[tags - 1].contains('#') && lines[tags - 1].chars().any(|c| c.is_ascii_digit()),
        "{screen}"
    );
}
