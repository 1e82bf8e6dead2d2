//! Bytes on the wire per keypress, the SSH budget: the real App loaded from the real server
//! (demo workspace, over HTTP through the real worker), drawn at 200x50 through the board's own
//! `QuietBackend` into memory. Bytes are deterministic (unlike time), so the budgets are asserted:
//!
//! - `j` (next card) writes well under 1 KB: asserted < 1024 bytes;
//! - redrawing an unchanged board writes nothing: asserted == 0.
//!
//! The other keys' figures (`l`, `L` and its answer, `?`, a `j` that scrolls the column, the first
//! full frame) are printed: `cargo test --test keypress_bytes -- --nocapture`.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dealboard::client::{Client, ClientConfig};
use dealboard::server::{RunningServer, ServerOptions};
use dealboard::tui::app::AppSettings;
use dealboard::tui::headless::Headless;
use dealboard::tui::message::Event;
use dealboard::tui::terminal::QuietBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;
/// The SSH goal: moving to the next card writes well under this.
const J_BUDGET: u64 = 1024;

/// What the terminal received.
#[derive(Clone, Default)]
struct Screen(Arc<Mutex<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Rig {
    board: Headless,
    term: Terminal<QuietBackend<Screen>>,
    screen: Screen,
    last_frame_start: usize,
    _server: RunningServer,
    _dir: tempfile::TempDir,
}

impl Rig {
    /// The demo workspace (plus `generated` deals) on a real server, loaded into a real App
    /// through the worker, and the first full frame drawn. The won stage as the launcher sets it
    /// without a `won_stage` setting (its column shows the deals won in the last 30 days).
    async fn loaded(generated: u64, color: bool) -> Rig {
        let won = Some(dealboard::tui::app::won::WonSettings { stage: None, days: 30 });
        Rig::loaded_with(generated, AppSettings { color, won, ..AppSettings::default() }).await
    }

    /// [`Rig::loaded`] with these settings (the API URL filled in).
    async fn loaded_with(generated: u64, settings: AppSettings) -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let opts = ServerOptions {
            db: dir.path().join("bytes.db"),
            api_key: Some("bytes-key".into()),
            currency: "USD".into(),
            latency: Duration::ZERO,
            demo: true,
            generated_deals: generated,
        };
        let server = dealboard::server::start(opts, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let client = Client::new(ClientConfig::new(server.base_url(), server.api_key())).unwrap();
        let settings = AppSettings { api_url: server.base_url(), ..settings };
        let board = Headless::start(client, settings, WIDTH, HEIGHT);
        let viewport = Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT));
        let screen = Screen::default();
        let term =
            Terminal::with_options(QuietBackend::new(screen.clone()), TerminalOptions { viewport }).unwrap();
        let mut rig = Rig { board, term, screen, last_frame_start: 0, _server: server, _dir: dir };
        rig.settle().await;
        assert!(rig.board.app.board().fully_loaded());
        rig.draw();
        rig
    }

    fn press(&mut self, ev: Event) {
        self.board.press(ev);
    }

    /// Feeds answers to the App until nothing is in flight, within a deadline.
    async fn settle(&mut self) {
        self.board.settle(Duration::from_secs(60)).await.unwrap();
    }

    /// The bytes of the frame drawn last, and how many cursor moves (`ESC [ row ; col H`) and
    /// box-drawing characters (borders) it holds: what an expensive frame is made of.
    fn last_frame_anatomy(&self) -> (usize, usize, usize) {
        let all = self.screen.0.lock().unwrap();
        let frame = &all[self.last_frame_start..];
        let text = String::from_utf8_lossy(frame);
        let is_move = |after_csi: &str| {
            let params = after_csi.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';');
            params.len() < after_csi.len() && params.starts_with('H')
        };
        let moves = text.match_indices("\x1b[").filter(|(i, _)| is_move(&text[i + 2..])).count();
        let borders = text.chars().filter(|c| ('\u{2500}'..='\u{257f}').contains(c)).count();
        (frame.len(), moves, borders)
    }

    /// Draws a frame as the event loop does; answers the bytes it wrote.
    fn draw(&mut self) -> u64 {
        self.last_frame_start = self.screen.0.lock().unwrap().len();
        let before = self.term.backend().bytes_written();
        let app = &self.board.app;
        self.term.draw(|f| dealboard::tui::view::draw(f, app)).unwrap();
        self.term.backend().bytes_written() - before
    }

    /// A key as the loop handles it: update, then one frame. Answers the frame's bytes.
    fn key(&mut self, c: char) -> u64 {
        self.press(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        self.draw()
    }

    fn esc(&mut self) -> u64 {
        self.press(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
        self.draw()
    }

    /// Moves to the first column with at least `n` cards.
    fn select_column_with(&mut self, n: usize) {
        let c = self
            .board
            .app
            .board()
            .columns
            .iter()
            .position(|c| c.deals.len() >= n)
            .expect("a column that long");
        while self.board.app.board().col < c {
            self.key('l');
        }
        while self.board.app.board().col > c {
            self.key('h');
        }
    }

    /// How many cards of the selected column fit on screen (from the App's own scroll).
    fn visible_cards(&mut self) -> usize {
        let start = self.board.app.board().selected_column().unwrap().scroll;
        let mut n = 0;
        loop {
            self.key('j');
            n += 1;
            if self.board.app.board().selected_column().unwrap().scroll != start {
                break;
            }
        }
        self.key('g');
        n
    }
}

#[tokio::test]
async fn next_card_writes_under_a_kilobyte_and_an_idle_redraw_writes_nothing() {
    let mut rig = Rig::loaded(0, true).await;
    assert_eq!(rig.draw(), 0, "an idle redraw of the loaded board wrote bytes");

    rig.select_column_with(3);
    rig.key('g');
    assert_eq!(rig.draw(), 0, "idle");
    let j = rig.key('j');
    println!("j (next card, no scroll), 200x50: {j} bytes");
    assert!(j > 0, "the selection moved: something must be written");
    assert!(j < J_BUDGET, "j wrote {j} bytes, budget {J_BUDGET}");
    assert_eq!(rig.draw(), 0, "an idle redraw after j wrote bytes");
    let k = rig.key('k');
    println!("k (previous card, no scroll), 200x50: {k} bytes");
    assert!(k < J_BUDGET, "k wrote {k} bytes, budget {J_BUDGET}");
    assert_eq!(rig.draw(), 0, "an idle redraw after k wrote bytes");
}

/// `theme = "16"` is for terminals of sixteen colours: no frame may hold a 256-colour or a
/// true-colour code, on the board, in a dialog or in help.
#[tokio::test]
async fn a_sixteen_colour_theme_writes_no_256_or_true_colour_code() {
    let settings = AppSettings { palette: dealboard::settings::Palette::Ansi16, ..AppSettings::default() };
    let mut rig = Rig::loaded_with(0, settings).await;
    rig.key('j');
    rig.key('l');
    rig.key('?');
    rig.esc();
    rig.key('f');
    rig.esc();
    let all = rig.screen.0.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&all);
    assert!(text.contains("\x1b[3") || text.contains("\x1b[9"), "some basic colour was drawn");
    // Codes are looked for after `ESC[` or `;`, so a `38;5` inside a longer number does not count.
    for code in ["38;5", "48;5", "38;2", "48;2"] {
        for lead in ["\x1b[", ";"] {
            let found = format!("{lead}{code};");
            assert!(!text.contains(&found), "{found:?} in a 16-colour frame");
        }
    }
}

/// Reading down a long column: steps that leave the view scroll half a page, so most steps
/// need no scroll and the mean stays under the budget too.
#[tokio::test]
async fn walking_down_a_long_column_averages_under_a_kilobyte_a_step() {
    let mut rig = Rig::loaded(2_000, true).await;
    rig.select_column_with(60);
    rig.key('g');
    let steps = 50;
    let total: u64 = (0..steps).map(|_| rig.key('j')).sum();
    assert_eq!(rig.board.app.board().selected_column().unwrap().selected, steps, "every j moved one card");
    let mean = total / steps as u64;
    println!("j down a long column, 200x50: {mean} bytes a step on average over {steps}");
    assert!(mean < J_BUDGET, "j wrote {mean} bytes a step on average, budget {J_BUDGET}");
}

/// The other keys' figures, for benches/README.md; only the idle redraws are asserted.
#[tokio::test]
async fn figures_for_other_keys() {
    for color in [true, false] {
        let mut rig = Rig::loaded(2_000, color).await;
        let mode = if color { "colour" } else { "NO_COLOR" };
        let full = rig.term.backend().bytes_written();
        println!("[{mode}] first full frame of the loaded board, 200x50: {full} bytes");

        rig.key('g');
        let j = rig.key('j');
        let l = rig.key('l');
        let (_, l_moves, l_borders) = rig.last_frame_anatomy();
        assert_eq!(rig.draw(), 0);
        let h = rig.key('h');
        println!(
            "[{mode}] j (next card, no scroll): {j} bytes; l (next column): {l} ({l_moves} cursor moves, {l_borders} border glyphs: both columns' borders change style); h: {h}"
        );

        // A j that scrolls the column (by half a page): every card of the column moves.
        rig.select_column_with(60);
        let page = rig.visible_cards();
        let mut plain = Vec::new();
        let mut scrolling = Vec::new();
        for _ in 0..3 * page {
            let scroll = rig.board.app.board().selected_column().unwrap().scroll;
            let b = rig.key('j');
            assert_eq!(rig.draw(), 0);
            if rig.board.app.board().selected_column().unwrap().scroll != scroll {
                scrolling.push(b);
            } else {
                plain.push(b);
            }
        }
        let stats = |v: &[u64]| {
            let mut v = v.to_vec();
            v.sort();
            (
                v.first().copied().unwrap_or(0),
                v.get(v.len() / 2).copied().unwrap_or(0),
                v.last().copied().unwrap_or(0),
            )
        };
        println!(
            "[{mode}] {page} cards visible per column; j without scrolling: min/median/max {:?} bytes over {} presses; j that scrolls the column: {:?} over {}",
            stats(&plain),
            plain.len(),
            stats(&scrolling),
            scrolling.len()
        );
        let pgdn = {
            rig.press(Event::Key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)));
            rig.draw()
        };
        println!("[{mode}] PgDn: {pgdn} bytes");

        // L: the optimistic move (card leaves, appears in the next column, pending mark), then the
        // server's answer (mark cleared, headers settle).
        rig.key('g');
        let moved = rig.key('L');
        rig.settle().await;
        let answered = rig.draw();
        assert_eq!(rig.draw(), 0);
        println!(
            "[{mode}] L (move to next stage): {moved} bytes at the key, {answered} when the answer lands"
        );

        let help = rig.key('?');
        assert_eq!(rig.draw(), 0);
        let closed = rig.esc();
        assert_eq!(rig.draw(), 0);
        println!("[{mode}] ? (open help): {help} bytes; Esc (close it): {closed} bytes");
        let details = {
            rig.press(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
            let at_key = rig.draw();
            rig.settle().await;
            (at_key, rig.draw())
        };
        let closed = rig.esc();
        println!(
            "[{mode}] Enter (details): {} bytes at the key, {} when loaded; Esc: {closed}",
            details.0, details.1
        );
        assert_eq!(rig.draw(), 0, "idle");
    }
}

/// Not bytes, but the same rig: `/sofia` on the demo workspace finds only the deals of the
/// contact Sofía Ramírez (accents ignored, no scattered-letter matches), each saying so.
#[tokio::test]
async fn sofia_on_the_demo_finds_only_sofia_ramirez_deals_each_saying_contact() {
    use dealboard::tui::app::search::Field;

    let mut rig = Rig::loaded(0, false).await;
    rig.key('/');
    rig.settle().await;
    for c in "sofia".chars() {
        rig.key(c);
    }
    let ws = dealboard::server::demo_data::embedded().unwrap();
    let sofia = ws.contacts.iter().find(|c| c.name == "Sofía Ramírez").expect("the demo's contact");
    let app = &rig.board.app;
    let board = app.board();
    let mut hers: Vec<String> = board
        .columns
        .iter()
        .flat_map(|col| &col.deals)
        .filter(|d| d.contact_id.as_deref() == Some(sofia.id.as_str()))
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(hers.len(), 2, "her deals in the demo's first pipeline: {hers:?}");
    let mut found: Vec<String> = board
        .columns
        .iter()
        .flat_map(|col| (0..col.shown_len()).map(|p| col.deals[col.shown_at(p).unwrap()].id.clone()))
        .collect();
    hers.sort_unstable();
    found.sort_unstable();
    assert_eq!(found, hers, "only her deals");
    assert_eq!(app.search().unwrap().matches, 2);
    for id in &found {
        let hit = app.search().unwrap().hit(id).unwrap();
        assert_eq!((hit.field, hit.text.as_str()), (Field::Contact, "Sofía Ramírez"), "{id}");
    }
    // Enter selects one of hers.
    rig.press(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let selected = rig.board.app.board().selected_deal().map(|d| d.id.clone()).unwrap();
    assert!(hers.contains(&selected), "{selected}");
}
