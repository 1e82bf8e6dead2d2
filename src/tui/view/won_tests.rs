//! Snapshots of the won stage: its column of deals won lately (each with the card's won badge,
//! an open deal left there by another client unmarked, the header counting what it shows), and
//! the won dialog opened by `L` into it, saying it moves the deal there.

use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::draw;
use crate::model::DealStatus;
use crate::tui::app::won::WonSettings;
use crate::tui::app::{App, AppSettings};
use crate::tui::message::Event;
use crate::tui::test_support::{Fake, ch, deal, now, settings, settle};

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The fixture board with the won stage in use: Closed Won holds two deals won lately, one
/// won long ago (not shown) and one open deal; deal_6 waits in Negotiation.
fn won_board() -> App {
    let mut fake = Fake::default();
    fake.deals.retain(|d| d.id != "deal_8");
    fake.deals.iter_mut().find(|d| d.id == "deal_6").unwrap().stage_id = "stage_004".into();
    for (id, title, days, value) in [
        ("deal_w1", "Hooli expansion", 2, 12000.0),
        ("deal_w2", "Umbrella pilot", 9, 3500.0),
        ("deal_w3", "Old win", 45, 1.0),
    ] {
        let at = now() - SignedDuration::from_hours(24 * days);
        let mut d = deal(
            id,
            title,
            "stage_005",
            Some(value),
            "USD",
            100,
            Some("usr_1"),
            None,
            "2026-01-01T00:00:00Z",
        );
        (d.status, d.closed_at, d.updated_at, d.won_reason) =
            (DealStatus::Won, Some(at), at, Some("Fit".into()));
        fake.deals.push(d);
    }
    let open = deal(
        "deal_o1",
        "Left open here",
        "stage_005",
        Some(800.0),
        "USD",
        100,
        None,
        None,
        "2026-03-19T08:00:00Z",
    );
    fake.deals.push(open);
    let mut app =
        App::new(AppSettings { won: Some(WonSettings { stage: None, days: 30 }), ..settings() }, now());
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    app
}

#[test]
fn board_with_the_won_column_160x45() {
    let app = won_board();
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn l_into_the_won_stage_opens_the_won_dialog_160x45() {
    let mut app = won_board();
    for _ in 0..3 {
        app.update(ch('l'));
    }
    assert!(app.update(ch('L')).is_empty());
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn board_with_the_won_column_80x24() {
    let mut app = won_board();
    app.update(Event::Resize { width: 80, height: 24 });
    for _ in 0..4 {
        app.update(ch('l'));
    }
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Closed Won") && screen.contains("[WON] Hooli expansion"), "{screen}");
    insta::assert_snapshot!(screen);
}
