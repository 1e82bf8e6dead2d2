//! Cards readable at every width: snapshots of a demo-like board at the usual sizes, with and
//! without a filter, and checks that no number, date or age on a card is ever cut, that the
//! header always names the pipeline, that titles alike keep their distinct ends, and that the
//! fields `card = [...]` asks for are drawn (and clicked) where the layout says.

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::draw;
use crate::human::format::{currency_of, days_between, money};
use crate::model::Deal;
use crate::settings::card::CardFields;
use crate::tui::app::{App, AppSettings};
use crate::tui::layout;
use crate::tui::message::Event;
use crate::tui::test_support::{Fake, ch, deal, deals, key, now, settings, settle};

const SIZES: [(u16, u16); 4] = [(80, 24), (120, 40), (160, 45), (200, 50)];

/// The fixture's deals and some like the demo's: long titles alike but for their end, a deal
/// untouched for 256 days, large amounts, tags.
fn demo_like() -> Vec<Deal> {
    use jiff::civil::date;
    let mut out = deals();
    let mut more = vec![
        deal(
            "deal_20",
            "Multi-year enterprise agreement - Globex",
            "stage_002",
            Some(1_250_000.0),
            "USD",
            25,
            Some("usr_1"),
            Some(date(2026, 2, 10)),
            "2025-07-07T10:00:00Z",
        ),
        deal(
            "deal_21",
            "Multi-year enterprise agreement - Initech",
            "stage_002",
            Some(48_000.0),
            "EUR",
            25,
            Some("usr_2"),
            Some(date(2026, 4, 15)),
            "2026-03-17T10:00:00Z",
        ),
        deal(
            "deal_22",
            "Renewal",
            "stage_004",
            Some(987_654.32),
            "GBP",
            75,
            Some("usr_1"),
            Some(date(2026, 3, 2)),
            "2025-12-01T10:00:00Z",
        ),
    ];
    more[0].tags = vec!["enterprise".into(), "multi-year".into(), "q3".into()];
    more[2].custom_fields.insert("region".into(), "EMEA North".into());
    out.extend(more);
    out
}

fn board_with(s: AppSettings, width: u16, height: u16) -> (App, Fake) {
    let mut app = App::new(s, now());
    app.update(Event::Resize { width, height });
    let mut fake = Fake { deals: demo_like(), ..Fake::default() };
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The text of `rect` in `buf`, one string per row.
fn rows(buf: &Buffer, rect: Rect) -> Vec<String> {
    (rect.top()..rect.bottom())
        .map(|y| (rect.left()..rect.right()).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// Runs of digits, with `,` `.` `-` between digits: `75,000`, `2026-04-15`, `256`.
fn numbers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins = matches!(c, ',' | '.' | '-')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || joins {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Every number a card of `app` may show, each as its full formatted value.
fn full_numbers(app: &App, ds: &[Deal]) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for d in ds {
        texts.push(d.title.to_string());
        texts.extend(d.owner_id.iter().map(|o| format!("{o} {}", app.owner_name(o))));
        texts.extend(d.value.map(|v| money(v, currency_of(d))));
        texts.extend(d.probability.map(|p| format!("{p}%")));
        texts.extend(d.expected_close_date.map(|c| c.to_string()));
        let updated = d.updated_at.to_zoned(jiff::tz::TimeZone::UTC).date();
        texts.push(format!("{}d", days_between(updated, app.today()).max(0)));
        texts.extend(d.tags.iter().map(|t| t.to_string()));
        texts.extend((1..=d.tags.len()).map(|n| format!("+{n}")));
    }
    texts.iter().flat_map(|t| numbers(t)).collect()
}

/// Every number drawn on a card is one of its deal's full values: none was cut (`25` of
/// `256d`, `2026-04-1` of a date, `48,0` of an amount).
fn assert_no_number_cut(app: &App, buf: &Buffer, what: &str) {
    let screen = app.screen(buf.area);
    let board = app.board();
    let n = board.columns.len();
    let first =
        layout::scroll_to_show(board.first_col, board.col, layout::columns_that_fit(buf.area.width, n), n);
    let card_h = app.card_height();
    let mut seen = 0;
    for (c, rect) in layout::column_rects(screen.board, first, n) {
        let col = &board.columns[c];
        let cards = layout::column_layout(rect).cards;
        for slot in 0.. {
            let Some(rect) = layout::card_rect(cards, slot, card_h) else { break };
            let Some(deal) = col.shown_at(col.scroll + slot).map(|i| &col.deals[i]) else { break };
            let full = full_numbers(app, std::slice::from_ref(deal));
            for row in rows(buf, rect) {
                for n in numbers(&row) {
                    assert!(full.contains(&n), "{what}: {n:?} is cut, in {row:?} (full: {full:?})");
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 10, "{what}: only {seen} numbers on the cards");
}

fn filtered(app: &mut App, fake: &mut Fake) {
    // Status: all (won and lost too), then value, largest first.
    for keys in [&['f', 'a'][..], &['s', 'k', 'k'][..]] {
        for c in keys {
            app.update(ch(*c));
        }
        let cmds = app.update(key(KeyCode::Enter));
        settle(app, fake, cmds);
    }
}

#[test]
fn the_board_at_every_width_cuts_no_number() {
    for (w, h) in SIZES {
        let (app, _) = board_with(settings(), w, h);
        assert_no_number_cut(&app, &buffer(&app, w, h), &format!("{w}x{h}"));
        insta::assert_snapshot!(format!("board_{w}x{h}"), render(&app, w, h));
    }
}

#[test]
fn with_a_filter_the_header_still_names_the_pipeline() {
    for (w, h) in SIZES {
        let (mut app, mut fake) = board_with(settings(), w, h);
        filtered(&mut app, &mut fake);
        let buf = buffer(&app, w, h);
        let header = rows(&buf, app.screen(buf.area).header).join("\n");
        assert!(header.contains(" Sales Pipeline "), "{w}x{h}: {header}");
        assert!(header.contains("filter: status: all"), "{w}x{h}: {header}");
        assert_no_number_cut(&app, &buf, &format!("{w}x{h} filtered"));
        insta::assert_snapshot!(format!("filtered_{w}x{h}"), render(&app, w, h));
    }
    // A screen too narrow for the other names still names the one shown.
    let (mut app, mut fake) = board_with(settings(), 30, 12);
    app.update(ch('p'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    filtered(&mut app, &mut fake);
    let buf = buffer(&app, 30, 12);
    let name = app.board().pipeline().unwrap().name.to_string();
    assert!(rows(&buf, Rect { height: 1, ..buf.area })[0].contains(&format!(" {name} ")), "{name}");
    // Too narrow for the app's name and the pipeline's: the pipeline's.
    let (app, _) = board_with(settings(), 18, 8);
    let top = rows(&buffer(&app, 18, 8), Rect::new(0, 0, 18, 1))[0].clone();
    assert!(top.starts_with(" Sales Pipeline "), "{top}");
}

#[test]
fn more_columns_do_not_mean_narrower_cut_cards() {
    let widths = |w: u16| {
        let n = layout::columns_that_fit(w, 5);
        layout::column_rects(Rect::new(0, 1, w, 30), 0, 5).iter().map(|(_, r)| r.width).min().map(|m| (n, m))
    };
    // 120 columns show four columns of 30, not five of 24.
    assert_eq!(widths(120), Some((4, 30)));
    assert!(widths(120).unwrap().1 >= widths(80).unwrap().1);
    assert!(widths(160).unwrap().1 >= widths(120).unwrap().1 - 2);
}

#[test]
fn titles_alike_keep_their_distinct_ends() {
    let (app, _) = board_with(settings(), 80, 24);
    let buf = buffer(&app, 80, 24);
    let screen = rows(&buf, buf.area).join("\n");
    assert!(screen.contains("Multi-year…Globex"), "{screen}");
    assert!(screen.contains("Multi-year…Initech"), "{screen}");
    // A title alone is cut between words.
    assert!(screen.contains("Enterprise License…"), "{screen}");
}

#[test]
fn hidden_columns_say_how_many_deals_they_hold() {
    let (mut app, _) = board_with(settings(), 80, 24);
    for _ in 0..4 {
        app.update(ch('l'));
    }
    let buf = buffer(&app, 80, 24);
    let title = rows(&buf, Rect { y: 1, height: 1, ..buf.area })[0].clone();
    // Lead and Qualified, three deals each, are off to the left.
    assert!(title.contains("◀ 2 cols · 6 "), "{title}");
}

fn fields(names: &[&str]) -> AppSettings {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    AppSettings { card: CardFields::parse(&names).0, ..settings() }
}

#[test]
fn cards_show_the_fields_asked_for_in_their_order() {
    let (app, _) = board_with(fields(&["tags", "value", "region"]), 160, 45);
    let buf = buffer(&app, 160, 45);
    let screen = rows(&buf, buf.area).join("\n");
    assert!(screen.contains("#enterprise #multi-year #q3"), "{screen}");
    assert!(screen.contains("region: EMEA North"), "{screen}");
    assert!(!screen.contains("Alice"), "no owner: {screen}");
    assert!(!screen.contains("25%"), "no probability: {screen}");
    // Each field its own line, in the order asked: tags, then value, under the title.
    let lines = screen.lines().collect::<Vec<_>>();
    let at = |s: &str| lines.iter().position(|l| l.contains(s)).unwrap_or_else(|| panic!("{s}: {screen}"));
    assert_eq!(at("#enterprise"), at("…Globex") + 1);
    assert_eq!(at("$1,250,000"), at("#enterprise") + 1);
    assert_eq!(at("region: EMEA"), at("£987,654.32") + 1);
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn tags_that_do_not_fit_are_counted_not_cut() {
    let (app, _) = board_with(fields(&["tags"]), 80, 24);
    let buf = buffer(&app, 80, 24);
    let screen = rows(&buf, buf.area).join("\n");
    assert!(screen.contains("#enterprise #multi-year +1") || screen.contains("#enterprise +2"), "{screen}");
}

#[test]
fn tall_cards_page_and_take_clicks_where_they_are_drawn() {
    let tall = fields(&["value", "tags", "region", "close_date", "owner", "contact"]);
    let (mut app, _) = board_with(tall, 120, 40);
    assert_eq!(app.card_height(), 8);
    let buf = buffer(&app, 120, 40);
    // Qualified is the second column: its second card starts one card height below the first.
    let screen = app.screen(buf.area);
    let rects = layout::column_rects(screen.board, 0, 5);
    let cards = layout::column_layout(rects[1].1).cards;
    let second = layout::card_rect(cards, 1, app.card_height()).unwrap();
    let title: String = rows(&buf, Rect { height: 1, ..second })[0].clone();
    assert!(title.contains("Multi-year…Globex"), "{title}");
    // A click on the second card's last field line selects it.
    let click = |x, y| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.update(click(second.x + 3, second.y + second.height - 1));
    let selected = app.board().columns[1].selected_deal().map(|d| d.id.clone());
    assert_eq!(selected.as_deref(), Some(qualified_id(&app, 1)));
    // And one on the first card's title selects that one.
    app.update(click(cards.x + 3, cards.y));
    assert_eq!(app.board().columns[1].selected_deal().map(|d| d.id.as_str()), Some(qualified_id(&app, 0)));
    // Paging moves by the cards that fit: 35 lines of cards, 8 a card.
    assert_eq!(layout::cards_per_page(cards, app.card_height()), usize::from(cards.height / 8));
}

fn qualified_id(app: &App, i: usize) -> &str {
    let col = &app.board().columns[1];
    &col.deals[col.shown_at(i).unwrap()].id
}

#[test]
fn the_help_explains_every_symbol_with_the_keys_in_use() {
    use crate::settings::keyspec::keymap_with;
    let (mut app, _) = board_with(settings(), 100, 60);
    app.set_keymap(keymap_with(&[("mark".into(), vec!["Z".into()])]).unwrap());
    app.update(ch('?'));
    let text = rows(&buffer(&app, 100, 60), Rect::new(0, 0, 100, 60)).join("\n");
    for symbol in [
        "Symbols",
        "⟳",
        "✓",
        "✱",
        "3d",
        "stale",
        "·2 stale",
        "only mine",
        "+€ £",
        "2▶",
        "◀ 2 cols · 41",
        "overdue",
        "#tag +2",
        "≈",
    ] {
        assert!(text.contains(symbol), "{symbol} missing: {text}");
    }
    assert!(text.contains("marked for a bulk action (Z)"), "{text}");
    insta::assert_snapshot!(render(&app, 100, 60));
}

#[test]
fn a_custom_field_shows_numbers_whole_and_text_between_words() {
    let (mut app, mut fake) = board_with(fields(&["value", "seats", "region"]), 80, 24);
    let d = fake.deals.iter_mut().find(|d| d.id == "deal_22").unwrap();
    d.custom_fields.insert("seats".into(), 12_345.into());
    d.custom_fields.insert("region".into(), "Europe Middle East and Africa North".into());
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    for _ in 0..3 {
        app.update(ch('l'));
    }
    let text = rows(&buffer(&app, 80, 24), Rect::new(0, 0, 80, 24)).join("\n");
    assert!(text.contains("seats: 12345"), "{text}");
    assert!(text.contains("region: Europe Middle…"), "{text}");
}

#[test]
fn a_column_summary_leaves_out_the_other_currencies_whole() {
    let mut deals = demo_like();
    for (i, cur) in ["EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN"].iter().enumerate() {
        let id = format!("deal_{}", 40 + i);
        let updated = "2026-03-19T10:00:00Z";
        deals.push(deal(&id, "Many currencies", "stage_001", Some(100.0), cur, 10, None, None, updated));
    }
    let summary = |w: u16| {
        let mut app = App::new(settings(), now());
        app.update(Event::Resize { width: w, height: 24 });
        let cmds = app.start();
        settle(&mut app, &mut Fake { deals: deals.clone(), ..Fake::default() }, cmds);
        let buf = buffer(&app, w, 24);
        let lead = layout::column_rects(app.screen(buf.area).board, 0, 5)[0].1;
        rows(&buf, layout::column_layout(lead).summary)[0].trim_end().to_string()
    };
    let narrow = summary(80);
    assert!(narrow.starts_with("10 deals · ") && !narrow.contains('+'), "{narrow:?}");
    let wide = summary(200);
    assert!(wide.contains(" +") && wide.contains(" zł"), "{wide:?}");
    assert_eq!(wide.matches(' ').count(), narrow.matches(' ').count() + 8, "all eight: {wide:?}");
}

#[test]
fn a_card_the_column_has_room_for_in_part_shows_its_first_lines() {
    // 13 lines: 7 for cards, one whole card of 4 and the next one's title, value and dates.
    let (app, _) = board_with(settings(), 120, 13);
    let buf = buffer(&app, 120, 13);
    let lead = layout::column_rects(app.screen(buf.area).board, 0, 5)[0].1;
    let cards = rows(&buf, layout::column_layout(lead).cards);
    assert_eq!(cards.len(), 7);
    assert!(cards[4].contains('株'), "{cards:?}");
    assert!(cards[6].contains("overdue"), "{cards:?}");
}
