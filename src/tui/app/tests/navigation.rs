use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::*;
use crate::tui::message::Event;
use crate::tui::test_support::*;

#[test]
fn h_l_and_arrows_move_between_columns_and_stop_at_the_ends() {
    let (mut app, _) = loaded(160, 45);
    assert_eq!(app.board().col, 0);
    app.update(ch('h'));
    assert_eq!(app.board().col, 0);
    app.update(ch('l'));
    assert_eq!(app.board().col, 1);
    app.update(key(KeyCode::Right));
    assert_eq!(app.board().col, 2);
    app.update(key(KeyCode::Left));
    assert_eq!(app.board().col, 1);
    for _ in 0..10 {
        app.update(ch('l'));
    }
    assert_eq!(app.board().col, 4);
}

#[test]
fn j_k_arrows_g_and_g_move_within_a_column() {
    let (mut app, _) = loaded(160, 45);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    app.update(key(KeyCode::Down));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"), "stops at the last card");
    app.update(ch('k'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    app.update(key(KeyCode::Up));
    app.update(key(KeyCode::Up));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    app.update(ch('G'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
    app.update(ch('g'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    // Each column keeps its own selection.
    app.update(ch('j'));
    app.update(ch('l'));
    app.update(ch('h'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
}

/// A column of 30 deals in a short terminal: paging and scrolling.
fn long_column() -> App {
    let mut fake = Fake { page: 100, ..Fake::default() };
    for i in 0..30 {
        let mut d = fake.deals[0].clone();
        d.id = format!("deal_x{i:02}");
        fake.deals.push(d);
    }
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 80, height: 24 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    app
}

#[test]
fn page_up_and_down_move_a_screenful_and_the_column_scrolls() {
    let mut app = long_column();
    // 80x24: 20 board rows, 18 inside the border, 2 for the summary: 4 cards of 4 rows.
    app.update(key(KeyCode::PageDown));
    let col = &app.board().columns[0];
    assert_eq!(col.selected, 4);
    // Out of view by a step: scrolled half a page further (one card of four), so the next
    // card is already in view and the next step needs no scroll.
    assert_eq!(col.scroll, 2, "the selected card is followed by one more in view");
    app.update(key(KeyCode::PageDown));
    assert_eq!(app.board().columns[0].selected, 8);
    app.update(key(KeyCode::PageUp));
    assert_eq!(app.board().columns[0].selected, 4);
    assert_eq!(app.board().columns[0].scroll, 3, "one card above the selection stays in view");
    app.update(ch('G'));
    assert_eq!(app.board().columns[0].selected, 32);
    assert_eq!(app.board().columns[0].scroll, 29);
    for _ in 0..20 {
        app.update(key(KeyCode::PageUp));
    }
    assert_eq!(app.board().columns[0].selected, 0);
    assert_eq!(app.board().columns[0].scroll, 0);
}

#[test]
fn a_narrow_terminal_scrolls_columns_to_keep_the_selected_one_on_screen() {
    let (mut app, _) = loaded(80, 24);
    assert_eq!(app.board().first_col, 0);
    app.update(ch('l'));
    app.update(ch('l'));
    assert_eq!(app.board().first_col, 0);
    app.update(ch('l'));
    assert_eq!(app.board().first_col, 1);
    app.update(Event::Resize { width: 20, height: 5 });
    assert_eq!(app.board().first_col, 3);
    app.update(Event::Resize { width: 200, height: 50 });
    assert_eq!(app.board().first_col, 0);
}

#[test]
fn key_releases_and_unbound_keys_do_nothing() {
    let (mut app, _) = loaded(80, 24);
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    app.update(Event::Key(release));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    assert!(app.update(ch('Z')).is_empty());
}

#[test]
fn esc_clears_the_message() {
    let (mut app, _) = loaded(80, 24);
    app.update(ch('H'));
    assert!(!message(&app).is_empty());
    app.update(key(KeyCode::Esc));
    assert!(message(&app).is_empty());
}

#[test]
fn ticks_turn_the_spinner() {
    let (mut app, _) = loaded(80, 24);
    let before = app.status().spinner;
    app.update(Event::Tick);
    assert_eq!(app.status().spinner, before + 1);
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
}

#[test]
fn a_click_selects_the_card_under_it() {
    let (mut app, _) = loaded(80, 24);
    // Qualified is the second column (x 27..53); its first card starts on row 4.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 30, 5));
    assert_eq!(app.board().col, 1);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_4"));
    // Lead's third card: rows 12..14.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 5, 13));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
    // Below the last card: nothing changes.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 5, 20));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
}

#[test]
fn the_wheel_scrolls_the_column_under_it() {
    let mut app = long_column();
    app.update(mouse(MouseEventKind::ScrollDown, 5, 10));
    app.update(mouse(MouseEventKind::ScrollDown, 5, 10));
    let col = &app.board().columns[0];
    assert_eq!(col.scroll, 2);
    assert_eq!(col.selected, 2, "the selection stays on a visible card");
    app.update(mouse(MouseEventKind::ScrollUp, 5, 10));
    assert_eq!(app.board().columns[0].scroll, 1);
}

#[test]
fn without_mouse_the_board_ignores_it() {
    let mut app = App::new(AppSettings { mouse: false, ..settings() }, now());
    let cmds = app.start();
    settle(&mut app, &mut Fake::default(), cmds);
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 30, 5));
    assert_eq!(app.board().col, 0);
}

#[test]
fn home_and_end_go_to_the_first_and_last_card() {
    let (mut app, _) = loaded(160, 45);
    app.update(key(KeyCode::End));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_3"));
    app.update(key(KeyCode::Home));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
}
