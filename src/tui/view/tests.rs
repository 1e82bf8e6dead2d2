//! Rendering on ratatui's TestBackend, checked as insta snapshots at a fixed `now`.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::draw;
use crate::tui::app::App;
use crate::tui::test_support::{ch, key, loaded};

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// A column whose page failed before any deal arrived says so in its header: never
/// `0 deals · $0`, which would be false.
#[test]
fn a_column_that_could_not_load_says_so_in_its_header() {
    use crate::tui::message::{Answer, Call, Event};
    use crate::tui::test_support::{Fake, now, offline, settings};
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 160, height: 45 });
    let mut fake = Fake::default();
    let start = app.start();
    let pipelines = app.update(Event::Api(fake.answer(&start[0])));
    for cmd in pipelines {
        let failed =
            matches!(&cmd.call, Call::ListDeals { query } if query.stage_id.as_deref() == Some("stage_001"));
        let answer = if failed { Answer { op: cmd.op, result: Err(offline()) } } else { fake.answer(&cmd) };
        let mut more = app.update(Event::Api(answer));
        while let Some(c) = more.pop() {
            more.extend(app.update(Event::Api(fake.answer(&c))));
        }
    }
    let screen = render(&app, 160, 45);
    let header = screen.lines().nth(2).unwrap();
    assert!(header.contains("could not load · r retries"), "{header}");
    // The first column (Lead) is the one that failed.
    let lead = header.split('│').nth(1).unwrap();
    assert!(lead.starts_with("could not load"), "{header}");
    assert!(!lead.contains("0 deals") && !lead.contains("$0"), "{header}");
}

#[test]
fn board_160x45() {
    let (app, _) = loaded(160, 45);
    insta::assert_snapshot!(render(&app, 160, 45));
}

#[test]
fn board_80x24() {
    let (app, _) = loaded(80, 24);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn board_20x5() {
    let (app, _) = loaded(20, 5);
    insta::assert_snapshot!(render(&app, 20, 5));
}

#[test]
fn narrow_board_scrolled_right_shows_markers() {
    let (mut app, _) = loaded(80, 24);
    for _ in 0..4 {
        app.update(ch('l'));
    }
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn help_80x24() {
    let (mut app, _) = loaded(80, 24);
    app.update(ch('?'));
    insta::assert_snapshot!(render(&app, 80, 24));
}

/// Too narrow for the descriptions: each is cut with `…`, not mid-word without a sign.
#[test]
fn help_40x12() {
    let (mut app, _) = loaded(40, 12);
    app.update(ch('?'));
    insta::assert_snapshot!(render(&app, 40, 12));
}

#[test]
fn details_80x24() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    crate::tui::test_support::settle(&mut app, &mut fake, cmds);
    insta::assert_snapshot!(render(&app, 80, 30));
}

#[test]
fn never_panics_at_any_small_size() {
    let (mut app, _) = loaded(80, 24);
    let popups = [
        None,
        Some(ch('?')),
        Some(ch('w')),
        Some(ch('x')),
        Some(ch('v')),
        Some(ch('m')),
        Some(key(KeyCode::Enter)),
    ];
    for popup in popups {
        if let Some(ev) = popup {
            app.update(key(KeyCode::Esc));
            app.update(ev);
        }
        for w in 0..=30 {
            for h in 0..=12 {
                app.update(crate::tui::message::Event::Resize { width: w, height: h });
                render(&app, w.max(1), h.max(1));
            }
        }
    }
    // The quit question, with a change in flight.
    app.update(key(KeyCode::Esc));
    app.update(ch('L'));
    app.update(ch('q'));
    assert!(matches!(app.popup(), Some(crate::tui::dialogs::Dialog::ConfirmQuit(_))));
    for (w, h) in [(1, 1), (2, 2), (5, 3), (20, 5), (40, 6)] {
        app.update(crate::tui::message::Event::Resize { width: w, height: h });
        render(&app, w, h);
    }
}

fn open(app: &mut App, keys: &[crate::tui::message::Event]) -> Vec<crate::tui::message::Command> {
    keys.iter().flat_map(|k| app.update(k.clone())).collect()
}

#[test]
fn won_dialog_80x24() {
    let (mut app, _) = loaded(80, 24);
    open(&mut app, &[ch('w')]);
    crate::tui::test_support::type_text(&mut app, "Best feature fit");
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn lost_dialog_80x24() {
    let (mut app, _) = loaded(80, 24);
    open(&mut app, &[ch('x')]);
    crate::tui::test_support::type_text(&mut app, "Price too high");
    open(&mut app, &[key(KeyCode::Tab)]);
    crate::tui::test_support::type_text(&mut app, "Salesforce");
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn value_dialog_refusing_input_80x24() {
    let (mut app, _) = loaded(80, 24);
    open(&mut app, &[ch('v'), ch('x'), key(KeyCode::Enter)]);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn stage_picker_80x24() {
    let (mut app, _) = loaded(80, 24);
    open(&mut app, &[ch('m')]);
    crate::tui::test_support::type_text(&mut app, "Client approved");
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn confirm_quit_80x24() {
    let (mut app, _) = loaded(80, 24);
    open(&mut app, &[ch('L'), ch('q')]);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn pending_move_then_refused_80x24() {
    let (mut app, _) = loaded(80, 24);
    let cmds = open(&mut app, &[ch('j'), ch('L')]);
    insta::assert_snapshot!("pending_move_80x24", render(&app, 80, 24));
    let err = crate::tui::api::ClientError::StageNotInPipeline {
        message: "stage_002 is not in this deal's pipeline; update pipeline_id first".into(),
    };
    app.update(crate::tui::test_support::refused(cmds[0].op(), err));
    insta::assert_snapshot!("refused_move_80x24", render(&app, 80, 24));
}

#[test]
fn loading_and_offline_80x24() {
    use crate::tui::message::{Answer, Event};
    let mut app = App::new(crate::tui::test_support::settings(), crate::tui::test_support::now());
    app.update(Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    insta::assert_snapshot!("loading_pipelines_80x24", render(&app, 80, 24));
    let mut fake = crate::tui::test_support::Fake::default();
    let next = app.update(Event::Api(fake.answer(&cmds[0])));
    app.update(Event::Api(fake.answer(&next[0])));
    app.update(Event::Api(fake.answer(&next[1])));
    insta::assert_snapshot!("loading_pages_80x24", render(&app, 80, 24));
    let offline = crate::tui::test_support::offline();
    app.update(Event::Api(Answer { op: next[2].op(), result: Err(offline) }));
    insta::assert_snapshot!("offline_80x24", render(&app, 80, 24));
}

#[test]
fn details_scrolled_to_history_and_activities() {
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    crate::tui::test_support::settle(&mut app, &mut fake, cmds);
    for _ in 0..20 {
        app.update(ch('j'));
    }
    insta::assert_snapshot!(render(&app, 80, 24));
}

/// Every cell of a frame: no colour anywhere without colour, and no control character ever.
fn cells(app: &App, width: u16, height: u16) -> Vec<ratatui::buffer::Cell> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().buffer().content().to_vec()
}

#[test]
fn no_color_draws_without_colours_but_still_marks_the_selection() {
    use ratatui::style::{Color, Modifier};
    let mut app = App::new(
        crate::tui::app::AppSettings { color: false, ..crate::tui::test_support::settings() },
        crate::tui::test_support::now(),
    );
    app.update(crate::tui::message::Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    crate::tui::test_support::settle(&mut app, &mut crate::tui::test_support::Fake::default(), cmds);
    let all = cells(&app, 80, 24);
    assert!(all.iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
    assert!(all.iter().any(|c| c.modifier.contains(Modifier::REVERSED)), "selection visible");
    // And with colour, colours are used.
    let (app, _) = loaded(80, 24);
    assert!(cells(&app, 80, 24).iter().any(|c| c.fg != Color::Reset));
}

#[test]
fn server_text_never_puts_control_characters_on_screen() {
    let (mut app, _) = loaded(160, 45);
    let all = cells(&app, 160, 45);
    assert!(all.iter().all(|c| !c.symbol().chars().any(char::is_control)));
    app.update(ch('j'));
    app.update(ch('j'));
    let cmds = app.update(key(KeyCode::Enter));
    let _ = cmds;
    let all = cells(&app, 160, 45);
    assert!(all.iter().all(|c| !c.symbol().chars().any(char::is_control)));
    assert!(render(&app, 160, 45).contains("Evil [2J title"));
}

/// Moving to the next card must repaint only the two cards involved (and nothing else), which is
/// what keeps a keypress well under 1 KB over SSH.
#[test]
fn moving_the_selection_repaints_only_the_two_cards() {
    let (mut app, _) = loaded(200, 50);
    let before = cells(&app, 200, 50);
    app.update(ch('j'));
    let after = cells(&app, 200, 50);
    let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    // Two cards of three lines, at most a column wide (200 / 5 = 40 cells).
    assert!(changed > 0 && changed <= 2 * 3 * 40, "{changed} cells changed");
}

#[test]
fn the_selected_column_shows_even_before_the_app_hears_the_real_size() {
    let (mut app, _) = loaded(160, 45);
    for _ in 0..4 {
        app.update(ch('l'));
    }
    // The App still thinks 160 columns wide; the terminal is 20.
    let screen = render(&app, 20, 5);
    assert!(screen.contains("Closed Won"), "{screen}");
}

#[test]
fn a_column_whose_counts_have_not_arrived_does_not_claim_zero_deals() {
    use crate::tui::message::Event;
    let mut app = App::new(crate::tui::test_support::settings(), crate::tui::test_support::now());
    app.update(Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    let mut fake = crate::tui::test_support::Fake::default();
    // The pipelines are in: columns stand, their counts and first pages are on their way.
    app.update(Event::Api(fake.answer(&cmds[0])));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Lead"), "{screen}");
    assert!(!screen.contains("0 deals") && !screen.contains("$0"), "{screen}");
    assert!(screen.contains("loading…"), "{screen}");
    assert!(!screen.contains("of 0"), "{screen}");
}

/// A board drawn from the cache says since when on the status line, and that it is updating
/// while the refresh is out; once refreshed, neither.
#[test]
fn a_cached_board_says_since_when_on_the_status_line() {
    let (mut fresh, _) = loaded(120, 30);
    let cached = fresh.take_due_snapshot().unwrap();
    let mut app = App::new(crate::tui::test_support::settings(), crate::tui::test_support::now());
    app.update(crate::tui::message::Event::Resize { width: 120, height: 30 });
    assert!(app.show_cached(cached));
    let status = |app: &App| render(app, 120, 30).lines().nth(29).unwrap().to_string();
    let before = status(&app);
    assert!(before.contains("as of 12:00") && !before.contains("updating"), "{before}");
    let cmds = app.start();
    assert!(status(&app).contains("as of 12:00 · updating"), "{}", status(&app));
    crate::tui::test_support::settle(&mut app, &mut crate::tui::test_support::Fake::default(), cmds);
    assert!(!status(&app).contains("as of"), "{}", status(&app));
}

/// `G` in the details shows the end: the last activity on the last line of the body, and the
/// marker on the border says the last line of all is shown.
#[test]
fn details_g_shows_the_last_activity_and_the_position_marker() {
    use crate::tui::dialogs::Dialog;
    let (mut app, mut fake) = loaded(80, 24);
    let cmds = app.update(key(KeyCode::Enter));
    crate::tui::test_support::settle(&mut app, &mut fake, cmds);
    let screen = render(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    // The popup's bottom border is the 23rd row; its body shows 19 lines.
    assert!(lines[22].contains(" 19/31 "), "{screen}");
    app.update(ch('G'));
    let screen = render(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let Some(Dialog::Details(d)) = app.popup() else { panic!() };
    assert_eq!(d.max_scroll(&app.dialog_ctx()), 31 - 19);
    assert!(lines[22].contains(" 31/31 "), "{screen}");
    // The last activity on the body's last row, its heading above it.
    assert!(lines[20].contains("call: Discovery call"), "{screen}");
    assert!(lines[19].contains("Activities"), "{screen}");
    insta::assert_snapshot!("details_end_80x24", screen);
}

/// `c`, `s`, `a` put their section's heading on the top line of the details (the activities,
/// at the end, as near as the last line at the bottom allows).
#[test]
fn details_section_keys_show_their_headings() {
    let (mut app, mut fake) = loaded(80, 8);
    let cmds = app.update(key(KeyCode::Enter));
    crate::tui::test_support::settle(&mut app, &mut fake, cmds);
    for (c, heading, row) in [('c', "Contacts", 2), ('s', "Stage history", 2), ('a', "Activities", 3)] {
        app.update(ch(c));
        let screen = render(&app, 80, 8);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines[row].contains(heading), "{c}:\n{screen}");
    }
}
