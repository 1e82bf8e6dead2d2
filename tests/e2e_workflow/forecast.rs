//! The forecast (`c`: the board grouped by expected close month) against the real server: each
//! month column counts what the server counts for that month, and `L` / `u` move a deal's close
//! date a month on the server and back.

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::Value;

use super::pty::{Key, column_text};
use super::server::TestServer;
use super::{PIPELINE, array, id, open_board, title};

/// The server's count of open deals of the pipeline with `range` (query parameters).
async fn count(srv: &TestServer, range: &str) -> u64 {
    let body = srv.body(&format!("/deals?pipeline_id={PIPELINE}&status=open&limit=1{range}")).await;
    body["meta"]["total"].as_u64().unwrap_or_else(|| panic!("no meta.total in {body:#}"))
}

/// The deal count in the header of the month column titled `title`, wherever it is on screen
/// (`column_text` reads past the markers of columns off screen).
fn month_count(s: &vt100::Screen, title: &str) -> Option<u64> {
    let text = column_text(s, title)?;
    text.lines().next()?.split_whitespace().next()?.replace(',', "").parse().ok()
}

fn date_of(deal: &Value) -> Option<Date> {
    deal["expected_close_date"].as_str().map(|d| d.parse().unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn each_month_counts_what_the_server_counts_and_l_then_u_move_a_close_date_and_back() {
    let srv = TestServer::demo().await;
    // The board's today: the system's time zone, as the board's.
    let today = jiff::Zoned::now().date();
    let this = today.first_of_month();
    let latest = srv
        .body(&format!(
            "/deals?pipeline_id={PIPELINE}&status=open&limit=1&sort=-expected_close_date&expected_close_after={this}"
        ))
        .await;
    let latest = array(&latest["data"]).first().and_then(date_of).map_or(this, |d| d.first_of_month());
    let last = latest.max(this.checked_add(2.months()).unwrap());
    // The server's counts, column by column: Overdue, each month, No date. Both ends of the
    // server's close-date range are inclusive (`>=` / `<=` in `server/store/listing.rs`).
    let mut want: Vec<(String, u64)> = Vec::new();
    let yesterday = today.yesterday().unwrap();
    want.push(("Overdue".into(), count(&srv, &format!("&expected_close_before={yesterday}")).await));
    let mut m = this;
    while m <= last {
        // This month from today: its days before are overdue.
        let (start, end) = (m.max(today), m.last_of_month());
        let n = count(&srv, &format!("&expected_close_after={start}&expected_close_before={end}")).await;
        want.push((m.strftime("%b %Y").to_string(), n));
        m = m.checked_add(1.month()).unwrap();
    }
    let dated = count(&srv, "&expected_close_after=0001-01-01").await;
    want.push(("No date".into(), count(&srv, "").await - dated));
    assert!(want.iter().filter(|(_, n)| *n > 0).count() >= 3, "the demo spreads its deals: {want:?}");

    let (mut board, _) = open_board(&srv).await;
    board.type_str("c");
    board.wait_text("by close month");
    for _ in 0..want.len() {
        board.type_str("h");
    }
    for (i, (title, n)) in want.iter().enumerate() {
        if i > 0 {
            board.type_str("l");
        }
        board.wait_ok(&format!("the {title} column's count"), |s| match month_count(s, title) {
            Some(shown) if shown == *n => Ok(()),
            other => Err(format!("{title}: the board shows {other:?}, the server counts {n}")),
        });
    }

    // A deal with a date from today on (not overdue) and a title no other deal starts with: found by the
    // search, then `L`.
    let page = srv
        .body(&format!(
            "/deals?pipeline_id={PIPELINE}&status=open&limit=100&sort=expected_close_date&expected_close_after={today}"
        ))
        .await;
    let deals = array(&page["data"]);
    let all = srv.body(&format!("/deals?pipeline_id={PIPELINE}&limit=100")).await;
    let titles: Vec<&str> = array(&all["data"]).iter().map(title).collect();
    let deal = deals
        .iter()
        .find(|d| {
            let t = title(d);
            t.is_ascii() && titles.iter().filter(|o| o.starts_with(t) || t.starts_with(*o)).count() == 1
        })
        .expect("a deal with a unique title")
        .clone();
    let before = date_of(&deal).unwrap();
    board.type_str("/");
    board.type_str(title(&deal));
    board.wait_text("1 match");
    board.press(Key::Enter);
    board.wait_text("Esc clear");
    board.press(Key::Esc);
    // Esc then L at once would read as Alt+L: the search is cleared first.
    board.wait_gone("Esc clear");
    board.type_str("L");
    let after = before.checked_add(1.month()).unwrap();
    srv.wait_deal(id(&deal), "the close date a month on", |d| date_of(d) == Some(after)).await;
    board.wait_gone("⟳");
    board.type_str("u");
    let d = srv.wait_deal(id(&deal), "the old close date back", |d| date_of(d) == Some(before)).await;
    assert_eq!(d["stage_id"], deal["stage_id"], "only the date moved");
}
