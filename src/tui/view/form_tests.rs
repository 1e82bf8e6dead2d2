//! Snapshots of the workflow on the board: each form as the board shows it, the filter header, the
//! won/lost badges, the search narrowing and a new deal on its way to the server.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::draw;
use crate::model::DealStatus;
use crate::tui::api::ClientError;
use crate::tui::app::App;
use crate::tui::message::{Answer, Event};
use crate::tui::test_support::*;

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The fixture board, contacts loaded, at 100x32.
fn board() -> (App, Fake) {
    let (mut app, mut fake) = loaded(100, 32);
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    app.update(key(KeyCode::Esc));
    (app, fake)
}

#[test]
fn new_deal_form() {
    let (mut app, _) = board();
    app.update(ch('n'));
    type_text(&mut app, "Wayne Enterprises");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "50k");
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn new_deal_form_with_the_servers_422_on_its_field() {
    let (mut app, _) = board();
    app.update(ch('n'));
    type_text(&mut app, "Wayne Enterprises");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "50k");
    let op = app.update(key(KeyCode::Enter))[0].op();
    let e =
        ClientError::Validation { field: Some("value".into()), message: "value is above the limit".into() };
    app.update(Event::Api(Answer { op, result: Err(e) }));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn a_new_deal_on_its_way_shows_pending_and_selected() {
    let (mut app, _) = board();
    app.update(ch('n'));
    type_text(&mut app, "Wayne Enterprises");
    app.update(key(KeyCode::Enter));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn edit_form() {
    let (mut app, _) = board();
    app.update(ch('e'));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn delete_confirmation() {
    let (mut app, _) = board();
    app.update(ch('d'));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn filter_form() {
    let (mut app, _) = board();
    app.update(ch('f'));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn sort_picker() {
    let (mut app, _) = board();
    app.update(ch('s'));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn pipeline_picker() {
    let (mut app, _) = board();
    app.update(ch('P'));
    insta::assert_snapshot!(render(&app, 100, 32));
}

/// Every status shown, sorted by value: the header says so, closed deals carry their badge.
#[test]
fn filter_header_and_won_lost_badges() {
    let mut fake = Fake::default();
    fake.deals[5].status = DealStatus::Lost;
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    app.update(ch('f'));
    app.update(ch('a'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    app.update(ch('s'));
    app.update(ch('k'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn search_narrowing_while_typed() {
    let (mut app, _) = board();
    app.update(ch('/'));
    type_text(&mut app, "alice");
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn search_kept_with_the_best_match_selected() {
    let (mut app, _) = board();
    app.update(ch('/'));
    type_text(&mut app, "globex");
    app.update(key(KeyCode::Enter));
    insta::assert_snapshot!(render(&app, 100, 32));
}

#[test]
fn forms_never_panic_at_any_small_size() {
    let (mut app, _) = board();
    for k in ['n', 'e', 'd', 'f', 's', 'P', '/'] {
        app.update(key(KeyCode::Esc));
        app.update(key(KeyCode::Esc));
        app.update(ch(k));
        for (w, h) in [(1, 1), (10, 4), (30, 8), (60, 12)] {
            app.update(Event::Resize { width: w, height: h });
            render(&app, w, h);
        }
    }
}

#[test]
fn a_message_shows_over_a_kept_search() {
    let (mut app, _) = board();
    app.update(ch('/'));
    type_text(&mut app, "acme");
    app.update(key(KeyCode::Enter));
    let op = app.update(ch('L'))[0].op();
    let e = ClientError::Server { status: 500, message: "internal".into() };
    app.update(Event::Api(Answer { op, result: Err(e) }));
    let screen = render(&app, 100, 32);
    let last = screen.lines().last().unwrap();
    assert!(last.contains("Not saved") && !last.contains("/acme"), "{last}");
    app.update(ch('j'));
    assert!(render(&app, 100, 32).lines().last().unwrap().contains("/acme"));
}

#[test]
fn search_80x24_a_card_found_by_its_contact_says_so() {
    let mut fake = Fake::default();
    fake.deals[1].contact_id = Some("con_2".into());
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "mulder");
    app.update(key(KeyCode::Enter));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("contact: Fox Mulder"), "{screen}");
    insta::assert_snapshot!(screen);
}
