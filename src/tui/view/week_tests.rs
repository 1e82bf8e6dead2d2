//! Snapshots of the rep's week at 160x45 and 80x24: "only mine" named in the header with each
//! column's rotting count, the "who are you?" picker `M` opens without `me`, and the saved
//! filters picker with its built-ins.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::draw;
use crate::tui::app::{App, AppSettings};
use crate::tui::message::Event;
use crate::tui::test_support::{Fake, ch, now, settings, settle};

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

fn board(me: Option<&str>, width: u16, height: u16) -> (App, Fake) {
    let mut fake = Fake::default();
    let mut app = App::new(AppSettings { me: me.map(str::to_string), ..settings() }, now());
    app.update(Event::Resize { width, height });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

#[test]
fn only_mine_names_me_in_the_header_at_160x45_and_80x24() {
    for (w, h) in [(160, 45), (80, 24)] {
        let (mut app, mut fake) = board(Some("usr_1"), w, h);
        let cmds = app.update(ch('M'));
        settle(&mut app, &mut fake, cmds);
        let screen = render(&app, w, h);
        assert!(screen.contains("only mine: Alice Martin"), "{screen}");
        assert!(screen.contains("Sales Pipeline"), "the pipeline's name stays: {screen}");
        insta::assert_snapshot!(format!("only_mine_{w}x{h}"), screen);
    }
}

#[test]
fn m_without_me_asks_who_i_am_at_160x45_and_80x24() {
    for (w, h) in [(160, 45), (80, 24)] {
        let (mut app, _) = board(None, w, h);
        app.update(ch('M'));
        let screen = render(&app, w, h);
        assert!(screen.contains("Who are you?"), "{screen}");
        insta::assert_snapshot!(format!("choose_me_{w}x{h}"), screen);
    }
}

#[test]
fn the_saved_filters_picker_at_160x45_and_80x24() {
    for (w, h) in [(160, 45), (80, 24)] {
        let (mut app, _) = board(Some("usr_1"), w, h);
        app.update(ch('S'));
        let screen = render(&app, w, h);
        for builtin in ["my deals", "closing this month", "rotting"] {
            assert!(screen.contains(builtin), "{builtin}: {screen}");
        }
        insta::assert_snapshot!(format!("saved_filters_{w}x{h}"), screen);
    }
}

#[test]
fn without_users_the_who_are_you_picker_says_how_to_set_me_80x24() {
    let mut fake = Fake { users: None, ..Fake::default() };
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    app.update(ch('M'));
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("This server lists no users") && screen.contains("me = \"<user id>\""),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
