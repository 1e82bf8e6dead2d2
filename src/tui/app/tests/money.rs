//! Money across currencies (the fixture has USD, EUR and JPY deals): value sort and the value
//! filter never compare yen with dollars as if they were the same money. With `[rates]` they
//! convert into the board's currency (and the header says so); without, value sort groups by
//! currency (the board's first) and the value filter matches the board's currency only.

use crossterm::event::KeyCode;

use super::*;
use crate::settings::Rates;
use crate::settings::keys::Keymap;
use crate::tui::message::{Call, Command};
use crate::tui::test_support::*;
use crate::tui::theme::Theme;

fn with_rates() -> (App, Fake) {
    let rates = Rates::new([("EUR".into(), 1.08), ("JPY".into(), 0.0067)]).unwrap();
    let mut app = App::new(AppSettings { rates, ..settings() }, now());
    app.update(crate::tui::message::Event::Resize { width: 160, height: 45 });
    let mut fake = Fake::default();
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn sort_by_value_descending(app: &mut App, fake: &mut Fake) {
    app.update(ch('s'));
    app.update(ch('k'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(app, fake, cmds);
}

/// Applies "value at least `min`" and answers the reload; the min_value the server was sent.
fn filter_min_value(app: &mut App, fake: &mut Fake, min: &str) -> Option<f64> {
    app.update(ch('f'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(app, min);
    let cmds: Vec<Command> = app.update(key(KeyCode::Enter));
    let sent = cmds.iter().find_map(|c| match &c.call {
        Call::ListDeals { query } => Some(query.min_value),
        _ => None,
    });
    settle(app, fake, cmds);
    sent.flatten()
}

fn header(app: &App) -> String {
    let theme = Theme::new(true);
    app.view_query().header_text(&Keymap::default(), &theme, app.board().usual_currency()).unwrap_or_default()
}

#[test]
fn without_rates_value_sort_groups_by_currency_the_boards_first() {
    let (mut app, mut fake) = loaded(160, 45);
    sort_by_value_descending(&mut app, &mut fake);
    // $75,000, no value, then ¥3,000,000 (a larger number, not more money).
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_3", "deal_2"]);
    assert!(!header(&app).contains("rates"), "{}", header(&app));
}

#[test]
fn without_rates_the_value_filter_matches_the_boards_currency_only() {
    let (mut app, mut fake) = loaded(160, 45);
    assert_eq!(filter_min_value(&mut app, &mut fake, "10k"), Some(10_000.0));
    assert_eq!(column_ids(&app, 0), ["deal_1"], "¥3,000,000 is not at least $10,000 for all we know");
    assert!(column_ids(&app, 1).is_empty(), "nor €12,500");
    assert_eq!(column_ids(&app, 2), ["deal_5", "deal_6"]);
    // The counts are the cards' (the pages' totals counted the yen and the euros).
    assert_eq!(app.board().columns[0].count(), 1);
    assert_eq!(app.board().columns[1].count(), 0);
}

#[test]
fn with_rates_value_sort_and_totals_convert_and_the_header_says_so() {
    let (mut app, mut fake) = with_rates();
    assert!(header(&app).contains("≈ in USD at your rates"), "{}", header(&app));
    // ¥3,000,000 = $20,100: below $75,000, above no value.
    sort_by_value_descending(&mut app, &mut fake);
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    let t = app.board().columns[0].totals_at("USD", &app.settings().rates);
    assert_eq!(t.currency, "USD");
    assert!((t.value - 95_100.0).abs() < 0.01, "{}", t.value);
    assert!(t.other_currencies.is_empty());
}

#[test]
fn with_rates_the_value_filter_compares_converted_values() {
    let (mut app, mut fake) = with_rates();
    // €12,500 = $13,500 and ¥3,000,000 = $20,100. The server, which compares raw amounts, is
    // asked for everything that could pass in some currency (15,000 / 1.08).
    let sent = filter_min_value(&mut app, &mut fake, "15k").unwrap();
    assert!((sent - 15_000.0 / 1.08).abs() < 0.01, "{sent}");
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2"]);
    assert!(column_ids(&app, 1).is_empty(), "$13,500 is under $15,000");
    let cmds = app.update(ch('F'));
    settle(&mut app, &mut fake, cmds);
    filter_min_value(&mut app, &mut fake, "13k");
    assert_eq!(column_ids(&app, 1), ["deal_4"]);
}

#[test]
fn the_rep_may_choose_the_servers_raw_filter_in_any_currency_and_the_header_says_so() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('f'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "10k");
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    app.update(ch(' '));
    let cmds = app.update(key(KeyCode::Enter));
    assert!(app.view_query().filter.any_currency);
    let sent: Vec<_> = cmds
        .iter()
        .filter_map(|c| match &c.call {
            Call::ListDeals { query } => query.min_value,
            _ => None,
        })
        .collect();
    assert!(!sent.is_empty() && sent.iter().all(|m| *m == 10_000.0), "{sent:?}");
    settle(&mut app, &mut fake, cmds);
    // The server's filter as it is: ¥3,000,000 and €12,500 are "10,000 or more".
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2"]);
    assert_eq!(column_ids(&app, 1), ["deal_4"]);
    assert!(header(&app).contains("value ≥ 10,000 any currency"), "{}", header(&app));
    // `f` again opens on that choice; switching back filters in dollars only.
    app.update(ch('f'));
    for _ in 0..6 {
        app.update(key(KeyCode::Tab));
    }
    app.update(ch(' '));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_1"]);
    assert!(header(&app).contains("value ≥ 10,000 in USD"), "{}", header(&app));
}
