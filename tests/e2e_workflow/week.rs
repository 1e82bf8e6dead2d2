//! The rep's week end to end: "only mine" against the server's own owner filter, a stage's
//! `[stale_days]` against deals aged in the server's SQLite file, and a saved filter kept across
//! a restart (the state file in the run's own data dir). Each board runs in its own home
//! (HOME and the XDG dirs), so its state is private to the test.

use std::path::{Path, PathBuf};

use super::pty::{Board, Key, column_text};
use super::server::TestServer;
use super::{PIPELINE, array, column_count, prefix, stage_deals, stages, title};
use serde_json::Value;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;

/// A home with `config` as its config.toml, and the board's arguments naming that file.
fn home_with(srv: &TestServer, config: &str) -> (tempfile::TempDir, Vec<String>) {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let mut args = srv.board_args();
    args.extend(["--config".to_string(), path.display().to_string()]);
    (home, args)
}

fn spawn(home: tempfile::TempDir, args: &[String]) -> Board {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Board::spawn_in(home, &args, WIDTH, HEIGHT)
}

/// Waits for the first stage's top card: the board is loaded.
async fn wait_loaded(srv: &TestServer, board: &Board) {
    let (_, deals) = stage_deals(srv, "stage_001", "").await;
    board.wait_text(&prefix(title(&deals[0])));
}

/// Stage names with a count each.
type Counts = Vec<(String, u64)>;

/// Each stage's name and the server's `meta.total` for its deals with `extra` (`&owner_id=..`);
/// for the won stage (the last at 100%) and open deals, what its column shows without a status
/// filter: the deals won in the last 30 days, counted from the server's list, and any open ones.
async fn totals(srv: &TestServer, status: &str, extra: &str) -> Counts {
    let mut out = Vec::new();
    let stages = stages(srv, PIPELINE).await;
    let won_stage = stages.iter().rfind(|st| st["probability"] == 100).map(|st| st["id"].clone());
    let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 30);
    for st in stages {
        if status == "open" && Some(&st["id"]) == won_stage.as_ref() {
            let q = format!(
                "/deals?pipeline_id={PIPELINE}&stage_id={}&status=won&limit=100{extra}",
                st["id"].as_str().unwrap()
            );
            let won = srv.body(&q).await;
            let lately = array(&won["data"])
                .iter()
                .filter(|d| {
                    d["closed_at"]
                        .as_str()
                        .and_then(|c| c.parse::<jiff::Timestamp>().ok())
                        .is_some_and(|c| c >= since)
                })
                .count() as u64;
            let q = format!(
                "/deals?pipeline_id={PIPELINE}&stage_id={}&status=open&limit=1{extra}",
                st["id"].as_str().unwrap()
            );
            let open = srv.body(&q).await["meta"]["total"].as_u64().unwrap();
            out.push((st["name"].as_str().unwrap().to_string(), lately + open));
            continue;
        }
        let q = format!(
            "/deals?pipeline_id={PIPELINE}&stage_id={}&status={status}&limit=1{extra}",
            st["id"].as_str().unwrap()
        );
        let body = srv.body(&q).await;
        out.push((st["name"].as_str().unwrap().to_string(), body["meta"]["total"].as_u64().unwrap()));
    }
    out
}

/// Every column's header count equals the server's total.
fn counts_are(board: &Board, what: &str, want: &[(String, u64)]) {
    board.wait_ok(what, |s| {
        for (name, total) in want {
            let shown = column_count(s, name);
            if shown != Some(*total) {
                return Err(format!("{name} shows {shown:?}, the server counts {total}"));
            }
        }
        Ok(())
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn only_mine_shows_exactly_the_servers_deals_of_me_in_every_column() {
    let srv = TestServer::demo().await;
    // The user owning open deals in the most stages, but not all of them: the filter must show.
    let users = srv.get("/users").await;
    let mut best: Option<(usize, Value, Counts)> = None;
    let every = totals(&srv, "open", "").await;
    for u in array(&users) {
        let mine = totals(&srv, "open", &format!("&owner_id={}", u["id"].as_str().unwrap())).await;
        let stages_with = mine.iter().filter(|(_, t)| *t > 0).count();
        if best.as_ref().is_none_or(|(n, _, _)| stages_with > *n) {
            best = Some((stages_with, u.clone(), mine));
        }
    }
    let (_, me, mine) = best.unwrap();
    assert!(
        mine.iter().zip(&every).any(|((_, m), (_, e))| m < e),
        "me owns every deal: the test could not fail"
    );
    let (me_id, me_name) = (me["id"].as_str().unwrap(), me["name"].as_str().unwrap());

    let (home, args) = home_with(&srv, &format!("me = \"{me_id}\"\n"));
    let mut board = spawn(home, &args);
    wait_loaded(&srv, &board).await;
    counts_are(&board, "every owner's counts", &every);
    board.type_str("M");
    board.wait_text(&format!("only mine: {me_name}"));
    counts_are(&board, "only my deals, as the server counts them", &mine);
    // M again: every owner's deals.
    board.type_str("M");
    board.wait_gone("only mine:");
    counts_are(&board, "every owner's counts again", &every);
    board.type_str("q");
    assert_eq!(board.wait_exit(), 0);
}

const DAY_MICROS: i64 = 24 * 3600 * 1_000_000;

#[tokio::test(flavor = "multi_thread")]
async fn a_stage_with_three_stale_days_marks_deals_untouched_for_four_and_counts_them() {
    let srv = TestServer::demo().await;
    let stage = stages(&srv, PIPELINE).await[1].clone();
    let (stage_id, stage_name) = (stage["id"].as_str().unwrap(), stage["name"].as_str().unwrap());
    let (_, deals) = stage_deals(&srv, stage_id, "").await;
    assert!(deals.len() >= 3, "{stage_name} needs three open deals, has {}", deals.len());
    // Two deals untouched for four days, the rest an hour ago, written straight into the server's
    // SQLite file before the board starts.
    let now = jiff::Timestamp::now().as_microsecond();
    let db = rusqlite::Connection::open(srv.dir.path().join("e2e.db")).unwrap();
    for (i, d) in deals.iter().enumerate() {
        let at = if i < 2 { now - 4 * DAY_MICROS } else { now - DAY_MICROS / 24 };
        let n = db.execute("UPDATE deals SET updated_at = ?1 WHERE id = ?2", (at, d["id"].as_str().unwrap()));
        assert_eq!(n.unwrap(), 1);
    }
    drop(db);
    // The server's count of this stage's open deals not updated for three days.
    let (_, aged) = stage_deals(&srv, stage_id, "").await;
    let cutoff = jiff::Timestamp::from_microsecond(now - 3 * DAY_MICROS).unwrap();
    let rotting: Vec<&Value> = aged
        .iter()
        .filter(|d| d["updated_at"].as_str().unwrap().parse::<jiff::Timestamp>().unwrap() < cutoff)
        .collect();
    assert_eq!(rotting.len(), 2, "the server holds {aged:#?}");

    // Only this stage rots within the test: every other stage waits far longer.
    let mut config = format!("[stale_days]\n\"{stage_name}\" = 3\n");
    for other in stages(&srv, PIPELINE).await.iter().filter(|s| s["id"] != stage["id"]) {
        config.push_str(&format!("{} = 100000\n", other["id"].as_str().unwrap()));
    }
    let (home, args) = home_with(&srv, &config);
    let mut board = spawn(home, &args);
    wait_loaded(&srv, &board).await;
    let header = format!("·{} stale", rotting.len());
    board.wait_ok("the column header counting its rotting deals", |s| {
        let text = column_text(s, stage_name).ok_or("no column")?;
        // The count goes with the weighted total, on the header's second line.
        let first: String = text.lines().take(2).collect::<Vec<_>>().join(" / ");
        if first.contains(&header) { Ok(()) } else { Err(format!("header {first:?}")) }
    });
    // The freshest card, on top, is not stale.
    let fresh = prefix(title(&aged[0]));
    board.wait_ok("the freshest card unmarked", |s| {
        let text = column_text(s, stage_name).ok_or("no column")?;
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains(fresh.as_str())).ok_or("no fresh card")?;
        let card = lines[at..lines.len().min(at + 3)].join("\n");
        if card.contains("stale") { Err(format!("card {card:?}")) } else { Ok(()) }
    });
    // R: the first rotting deal, in this column (none elsewhere), selected and in view; its
    // card says stale.
    board.type_str("R");
    let oldest: Vec<String> = rotting.iter().map(|d| prefix(title(d))).collect();
    board.wait_ok("the rotting card selected and marked stale", |s| {
        let text = column_text(s, stage_name).ok_or("no column")?;
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| oldest.iter().any(|t| l.contains(&format!("▌{t}"))))
            .ok_or("no rotting card selected")?;
        let card = lines[at..lines.len().min(at + 3)].join("\n");
        if card.contains("stale") { Ok(()) } else { Err(format!("card {card:?}")) }
    });
    board.type_str("q");
    assert_eq!(board.wait_exit(), 0);
}

fn state_file(home: &Path) -> PathBuf {
    home.join("data").join("dealboard").join("state.json")
}

/// In the filter form: status won, saved as `name` (and applied).
fn save_won_filter(board: &mut Board, name: &str) {
    board.type_str("f");
    board.wait_text("Filter deals");
    board.type_str("w");
    board.wait_text("‹ won ›");
    // Shift+Tab from the first field: the last one, Save as.
    board.type_str("\x1b[Z");
    board.type_str(name);
    board.wait_text(name);
    board.press(Key::Enter);
    board.wait_text(&format!("Filter saved as “{name}”"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_filter_survives_a_restart_of_the_board() {
    use std::os::unix::fs::PermissionsExt;
    let srv = TestServer::demo().await;
    let won = totals(&srv, "won", "").await;
    assert!(won.iter().any(|(_, t)| *t > 0), "the demo has won deals");
    let (home, args) = home_with(&srv, "");
    let mut first = spawn(home, &args);
    wait_loaded(&srv, &first).await;
    save_won_filter(&mut first, "Won e2e");
    counts_are(&first, "the won deals", &won);
    first.type_str("q");
    assert_eq!(first.wait_exit(), 0);
    let home = first.take_home();
    let path = state_file(home.path());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Won e2e"), "{text}");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

    // The same home: the board opens on open deals, and S finds the saved filter.
    let mut second = spawn(home, &args);
    wait_loaded(&srv, &second).await;
    assert!(!second.screen().contains("status: won"));
    second.type_str("S");
    second.wait_text("Saved filters");
    second.type_str("won e2e");
    second.wait_text("▸ Won e2e");
    second.press(Key::Enter);
    second.wait_text("status: won");
    counts_are(&second, "the won deals again", &won);
    second.type_str("q");
    assert_eq!(second.wait_exit(), 0);
}

/// A filter is kept the moment it is saved: a board killed (no chance to save on the way out)
/// keeps it for the next run.
#[tokio::test(flavor = "multi_thread")]
async fn a_saved_filter_is_kept_even_when_the_board_is_killed() {
    let srv = TestServer::demo().await;
    let (home, args) = home_with(&srv, "");
    let mut first = spawn(home, &args);
    wait_loaded(&srv, &first).await;
    save_won_filter(&mut first, "Kept at once");
    let path = state_file(first.home.path());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(&path).is_ok_and(|t| t.contains("Kept at once")) {
        assert!(std::time::Instant::now() < deadline, "the saved filter never reached {}", path.display());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = first.pid().expect("the board's pid").to_string();
    assert!(std::process::Command::new("kill").args(["-9", &pid]).status().unwrap().success());
    first.wait_exit();
    let home = first.take_home();

    let mut second = spawn(home, &args);
    wait_loaded(&srv, &second).await;
    second.type_str("S");
    second.wait_text("Saved filters");
    second.type_str("kept");
    second.wait_text("▸ Kept at once");
    second.press(Key::Esc);
    second.wait_gone("Saved filters");
    second.type_str("q");
    assert_eq!(second.wait_exit(), 0);
}
