//! Filter form tests: keys in, `BoardFilter` out, and snapshots.

use crossterm::event::KeyCode::{self, *};
use crossterm::event::KeyEvent;
use jiff::civil::{Date, date};

use super::*;
use crate::human::parse::VALUE_HINT;
use crate::tui::dialogs::test_util::{ctrl, key, render_snapshot, shift_tab, typing};

const TODAY: Date = date(2026, 11, 25);

fn users() -> Vec<User> {
    vec![
        User { id: "usr_001".into(), name: "Ana Silva".into(), email: None },
        User { id: "usr_002".into(), name: "Bob Stone".into(), email: None },
    ]
}

fn form(users: Option<&[User]>, current: &BoardFilter) -> FilterForm {
    FilterForm::new(&FilterFormContext { users, today: TODAY, currency: "USD" }, current)
}

fn press(f: &mut FilterForm, keys: impl IntoIterator<Item = KeyEvent>) -> Outcome {
    keys.into_iter().map(|k| f.handle_key(k)).last().unwrap_or(Outcome::Stay)
}

fn codes(c: &[KeyCode]) -> Vec<KeyEvent> {
    c.iter().map(|c| key(*c)).collect()
}

#[test]
fn every_filter_as_typed() {
    let u = users();
    let mut f = form(Some(&u), &BoardFilter::default());
    press(&mut f, codes(&[Right, Tab]));
    press(&mut f, typing("bob"));
    press(&mut f, codes(&[Enter, Tab]));
    press(&mut f, typing("$10k"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("1.5m"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("today"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("+3m"));
    let want = BoardFilter {
        status: StatusFilter::Won,
        owner: Some(OwnerFilter { id: "usr_002".into(), name: Some("Bob Stone".into()) }),
        min_value: Some(10_000.0),
        max_value: Some(1_500_000.0),
        close_after: Some(TODAY),
        close_before: Some(date(2027, 2, 25)),
        currency: Some("USD".into()),
        any_currency: false,
    };
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Filter(want)));
}

#[test]
fn status_cycles_with_arrows_space_and_letters() {
    let mut f = form(None, &BoardFilter::default());
    let mut status = |k: KeyEvent| {
        f.handle_key(k);
        f.status
    };
    assert_eq!(status(key(Left)), StatusFilter::All);
    assert_eq!(status(key(Char(' '))), StatusFilter::Open);
    assert_eq!(status(key(Char('l'))), StatusFilter::Lost);
    assert_eq!(status(key(Char('a'))), StatusFilter::All);
    assert_eq!(status(key(Char('z'))), StatusFilter::All);
}

#[test]
fn opens_on_the_current_filter_and_enter_gives_it_back() {
    let current = BoardFilter {
        status: StatusFilter::Lost,
        owner: Some(OwnerFilter { id: "usr_001".into(), name: Some("Ana Silva".into()) }),
        min_value: Some(1234.5),
        close_before: Some(date(2027, 1, 31)),
        currency: Some("USD".into()),
        ..Default::default()
    };
    let u = users();
    let mut f = form(Some(&u), &current);
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Filter(current.clone())));
    // Without /users the owner is a typed id, kept as such.
    let mut f = form(None, &current);
    let want = BoardFilter { owner: Some(OwnerFilter { id: "usr_001".into(), name: None }), ..current };
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Filter(want)));
}

#[test]
fn ctrl_r_clears_every_filter_at_once() {
    let current = BoardFilter { status: StatusFilter::Won, min_value: Some(5.0), ..Default::default() };
    let mut f = form(None, &current);
    let Outcome::Submit(Intent::Filter(cleared)) = press(&mut f, [ctrl('r')]) else { panic!("no filter") };
    assert!(!cleared.is_active());
}

#[test]
fn bad_entries_are_refused_next_to_their_field() {
    let mut f = form(None, &BoardFilter::default());
    press(&mut f, codes(&[Tab, Tab]));
    press(&mut f, typing("lots"));
    assert_eq!(f.shown_error(Slot::Min).as_deref(), Some(VALUE_HINT));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay);
    press(&mut f, [ctrl('u')]);
    press(&mut f, typing("50k"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("10k"));
    assert_eq!(f.shown_error(Slot::Max).as_deref(), Some(s::MAX_BELOW_MIN));
    press(&mut f, [ctrl('u')]);
    press(&mut f, codes(&[Tab, Tab]));
    press(&mut f, typing("2026-12-01"));
    press(&mut f, [shift_tab()]);
    press(&mut f, typing("2027-01-01"));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay);
    assert_eq!(f.focus, Slot::Before);
    assert_eq!(f.shown_error(Slot::Before).as_deref(), Some(s::BEFORE_AFTER));
    press(&mut f, typing("x"));
    let server = crate::model::validate::parse_date("2027-01-01x").unwrap_err().message;
    assert_eq!(f.shown_error(Slot::Before), Some(server));
    press(&mut f, [key(Esc)]);
}

#[test]
fn a_typed_owner_id_is_checked_as_an_id() {
    let mut f = form(None, &BoardFilter::default());
    press(&mut f, [key(Tab)]);
    press(&mut f, typing(&"u".repeat(101)));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay);
    assert_eq!(f.focus, Slot::Owner);
    assert_eq!(f.shown_error(Slot::Owner).as_deref(), Some("owner_id must be an id"));
}

#[test]
fn esc_cancels() {
    let mut f = form(None, &BoardFilter::default());
    press(&mut f, typing("w"));
    assert_eq!(press(&mut f, [key(Esc)]), Outcome::Close);
}

#[test]
fn renders() {
    let u = users();
    let mut f = form(Some(&u), &BoardFilter::default());
    press(&mut f, codes(&[Char('w'), Tab, Tab]));
    press(&mut f, typing("10k"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("5k"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("fri"));
    let screen = render_snapshot(80, 24, |fr| f.draw_in(fr, fr.area(), &FormTheme::default()));
    assert!(screen.contains("Owner        (any)"), "no owner chosen filters on none: {screen}");
    insta::assert_snapshot!(screen);
    for (w, h) in [(1, 1), (5, 2), (20, 5), (40, 10)] {
        render_snapshot(w, h, |fr| f.draw_in(fr, fr.area(), &FormTheme::default()));
    }
}

#[test]
fn a_name_under_save_as_saves_the_filter_as_it_is_applied() {
    let mut f = form(None, &BoardFilter::default());
    press(&mut f, codes(&[Right]));
    // Shift+Tab from the first field reaches the last one: the name.
    press(&mut f, [shift_tab()]);
    press(&mut f, typing("  Won ones "));
    let want = BoardFilter { status: StatusFilter::Won, currency: Some("USD".into()), ..Default::default() };
    assert_eq!(
        press(&mut f, [key(Enter)]),
        Outcome::Submit(Intent::SaveFilter { name: "Won ones".into(), filter: want.clone() })
    );
    // Blank: applied only.
    let mut f = form(None, &want);
    press(&mut f, [shift_tab()]);
    press(&mut f, typing("   "));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Filter(want)));
}
