//! The whole board (App, worker, client) against the real server, for what a hostile world does
//! to a change: the deal deleted by someone else before the change lands, and a write the
//! server applied whose answer is cut off on the way back (a proxy in front of the real server
//! forwards each request and truncates the body of write answers).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dealboard::model::{DealQuery, DealStatus, Sort, SortField};
use dealboard::tui::app::{AppSettings, Severity};
use dealboard::tui::headless::Headless;
use dealboard::tui::message::Event;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use super::{Fixture, KEY, client_for, start};

/// A proxy to `origin` (`http://host:port`), one request per connection: while `cut` is set,
/// the answer to every write (not GET) keeps its status and full `content-length` but only half
/// its body is sent before the connection closes. Returns the base URL to use instead.
async fn cutting_proxy(origin: String, cut: Arc<AtomicBool>) -> String {
    dealboard::client::install_crypto_provider();
    let http = reqwest::Client::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let (http, origin, cut) = (http.clone(), origin.clone(), cut.clone());
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                reader.read_line(&mut line).await.unwrap();
                let mut words = line.split(' ');
                let (method, path) = (words.next().unwrap().to_string(), words.next().unwrap().to_string());
                let (mut length, mut auth) = (0usize, String::new());
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await.unwrap() == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':') {
                        match k.to_ascii_lowercase().as_str() {
                            "content-length" => length = v.trim().parse().unwrap(),
                            "authorization" => auth = v.trim().to_string(),
                            _ => {}
                        }
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let resp = http
                    .request(m.clone(), format!("{origin}{path}"))
                    .header("authorization", auth)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = resp.status();
                let whole = resp.bytes().await.unwrap();
                let cut_it = m != reqwest::Method::GET && status.is_success() && cut.load(Ordering::SeqCst);
                let sent = if cut_it { &whole[..whole.len() / 2] } else { &whole[..] };
                let head = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    whole.len()
                );
                let mut stream = reader.into_inner();
                stream.write_all(head.as_bytes()).await.unwrap();
                stream.write_all(sent).await.unwrap();
                stream.shutdown().await.ok();
            });
        }
    });
    format!("http://{addr}/v1")
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// The six changes of one deal, by their keys: what to press on the selected deal.
const ACTIONS: [&str; 6] = ["move", "value", "won", "lost", "edit", "delete"];

/// Presses the keys of `action` on the selected deal, answering what opens in between.
async fn act(rig: &mut Headless, action: &str) {
    let keys: Vec<Event> = match action {
        "move" => vec![ch('L')],
        "value" => vec![
            ch('v'),
            Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            ch('4'),
            ch('2'),
            ch('k'),
            key(KeyCode::Enter),
        ],
        "won" => vec![ch('w'), key(KeyCode::Enter)],
        "lost" => vec![ch('x'), key(KeyCode::Enter)],
        "edit" => {
            rig.press(ch('e'));
            settle(rig).await;
            vec![ch(' '), ch('v'), ch('2'), key(KeyCode::Enter)]
        }
        "delete" => vec![ch('d'), ch('y')],
        other => panic!("{other}"),
    };
    for k in keys {
        rig.press(k);
    }
    settle(rig).await;
}

async fn settle(rig: &mut Headless) {
    rig.settle(Duration::from_secs(30)).await.unwrap();
}

fn message(rig: &Headless) -> (Severity, String) {
    rig.app.status().message.clone().unwrap_or((Severity::Info, String::new()))
}

/// A board on `base`, loaded, with its selected deal's id.
async fn board(base: &str) -> (Headless, String) {
    let settings = AppSettings { api_url: base.to_string(), ..AppSettings::default() };
    let mut rig = Headless::start(client_for(base, KEY), settings, 160, 45);
    settle(&mut rig).await;
    let id = rig.app.board().selected_deal().expect("a deal in the first stage").id.clone();
    (rig, id)
}

#[tokio::test]
async fn each_change_of_a_deal_deleted_elsewhere_takes_the_card_off_with_a_message() {
    let Fixture { server, client, _dir } = start().await;
    for action in ACTIONS {
        let (mut rig, id) = board(&server.base_url()).await;
        let title = rig.app.board().deal(&id).unwrap().title.to_string();
        client.delete_deal(&id).await.unwrap();
        act(&mut rig, action).await;
        assert!(rig.app.board().deal(&id).is_none(), "{action}: the card is gone");
        assert!(!rig.app.is_pending(&id), "{action}");
        assert!(rig.app.popup().is_none(), "{action}: no dialog invites a retry");
        let (_, m) = message(&rig);
        let short: String = title.chars().take(10).collect();
        let verdict = if action == "delete" { "Deleted: " } else { "Deleted elsewhere: " };
        assert!(m.starts_with(verdict) && m.contains(&short), "{action}: {m}");
        // Nothing left to undo of it: `u` has nothing of this deal to send.
        assert_eq!(rig.app.undo_depth(), 0, "{action}");
    }
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn each_change_whose_200_is_cut_off_after_the_write_shows_the_servers_copy_as_saved() {
    let Fixture { server, client, _dir } = start().await;
    let cut = Arc::new(AtomicBool::new(false));
    let origin = server.base_url().trim_end_matches("/v1").to_string();
    let base = cutting_proxy(origin, cut.clone()).await;
    for action in ACTIONS {
        let (mut rig, id) = board(&base).await;
        let stage_before = rig.app.board().deal(&id).unwrap().stage_id.clone();
        cut.store(true, Ordering::SeqCst);
        act(&mut rig, action).await;
        cut.store(false, Ordering::SeqCst);
        let (severity, m) = message(&rig);
        assert!(!rig.app.is_pending(&id), "{action}");
        if action == "delete" {
            assert!(client.get_deal(&id).await.is_err(), "deleted on the server");
            assert!(rig.app.board().deal(&id).is_none());
            assert!(m.starts_with("Deleted: "), "{action}: {m}");
            continue;
        }
        assert_eq!(severity, Severity::Info, "{action}: {m}");
        assert!(m.starts_with("Saved: ") && m.contains("as the server has it"), "{action}: {m}");
        let held = client.get_deal(&id).await.unwrap().deal;
        match action {
            "won" => assert_eq!(held.status, DealStatus::Won),
            "lost" => assert_eq!(held.status, DealStatus::Lost),
            "move" => assert_ne!(held.stage_id, stage_before),
            "value" => assert_eq!(held.value, Some(42_000.0)),
            "edit" => assert!(held.title.ends_with(" v2"), "{}", held.title),
            _ => unreachable!(),
        }
        match rig.app.board().deal(&id) {
            // The board shows exactly the server's copy.
            Some(shown) => assert_eq!(*shown, held, "{action}"),
            // Won and lost deals leave the board (the filter shows open deals).
            None => assert!(matches!(action, "won" | "lost"), "{action}: the card stays"),
        }
    }
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_create_whose_200_is_cut_off_is_found_again_not_sent_twice() {
    let Fixture { server, client, _dir } = start().await;
    let cut = Arc::new(AtomicBool::new(true));
    let origin = server.base_url().trim_end_matches("/v1").to_string();
    let base = cutting_proxy(origin, cut.clone()).await;
    let (mut rig, _) = board(&base).await;
    rig.press(ch('n'));
    settle(&mut rig).await;
    for c in "Cut short Ltd".chars() {
        rig.press(ch(c));
    }
    rig.press(key(KeyCode::Enter));
    settle(&mut rig).await;
    let (severity, m) = message(&rig);
    assert_eq!(severity, Severity::Info, "{m}");
    assert!(m.starts_with("Saved: “Cut short Ltd”"), "{m}");
    let newest = Sort { field: SortField::CreatedAt, descending: true };
    let q = DealQuery { sort: Some(newest), limit: Some(100), ..DealQuery::default() };
    let all = client.list_deals(&q).await.unwrap().items;
    let made: Vec<_> = all.iter().filter(|d| d.title == "Cut short Ltd").collect();
    assert_eq!(made.len(), 1, "created once");
    let shown = rig.app.board().deal(&made[0].id).expect("the board shows the server's deal");
    assert_eq!(shown, made[0]);
    assert_eq!(rig.app.board().selected_deal().map(|d| d.id.clone()), Some(made[0].id.clone()));
    server.shutdown().await.unwrap();
}
