//! Started while the server cannot be reached, the board asks again by itself, 1 s after the
//! first failure and doubling up to 30 s, saying when; `r` tries at once. The time comes in with
//! `set_now` and ticks. A refused key ends the board with the 401's message.

use jiff::SignedDuration;

use super::*;
use crate::tui::api::ClientError;
use crate::tui::message::{Call, Command, Event};
use crate::tui::test_support::*;

fn pipelines_asked(cmds: &[Command]) -> bool {
    cmds.iter().any(|c| matches!(c.call, Call::LoadPipelines))
}

/// Answers every command of `cmds` as unreachable.
fn all_offline(app: &mut App, cmds: Vec<Command>) {
    for c in cmds {
        app.update(refused(c.op(), offline()));
    }
}

fn at(app: &mut App, secs: i64) -> Vec<Command> {
    app.set_now(now().checked_add(SignedDuration::from_millis(secs * 1000)).unwrap());
    app.update(Event::Tick)
}

#[test]
fn an_unreachable_server_at_start_is_asked_again_with_a_doubling_wait() {
    let mut app = App::new(settings(), now());
    let cmds = app.start();
    all_offline(&mut app, cmds);
    assert!(message(&app).contains("127.0.0.1:7878"), "{}", message(&app));
    assert!(message(&app).contains("next try in 1 s"), "{}", message(&app));
    assert!(message(&app).contains("r tries now"), "{}", message(&app));
    assert!(app.wants_ticks(), "the wait runs on ticks");
    // The tries go out at 1 s, then 2 s after that, then 4 s: the ticks between send nothing.
    let mut t = 0;
    for wait in [1, 2, 4, 8, 16, 30, 30] {
        assert!(at(&mut app, t + wait - 1).is_empty(), "nothing before {wait} s");
        if wait > 1 {
            assert!(message(&app).contains("next try in 1 s"), "{}", message(&app));
        }
        let again = at(&mut app, t + wait);
        assert!(pipelines_asked(&again), "a try after {wait} s");
        assert!(at(&mut app, t + wait).is_empty(), "one try at a time");
        t += wait;
        all_offline(&mut app, again);
    }
    // The server is up: the board loads and the ticks stop once it has.
    let again = at(&mut app, t + 30);
    settle(&mut app, &mut Fake::default(), again);
    assert_eq!(column_ids(&app, 0), ["deal_1", "deal_2", "deal_3"]);
    assert!(!app.wants_ticks());
    assert!(!message(&app).contains("next try"), "{}", message(&app));
    assert!(at(&mut app, t + 100).is_empty());
}

#[test]
fn r_tries_at_once_while_waiting_and_a_key_does_not_lose_the_countdown() {
    let mut app = App::new(settings(), now());
    let cmds = app.start();
    all_offline(&mut app, cmds);
    assert!(app.update(ch('j')).is_empty());
    at(&mut app, 0);
    assert!(message(&app).contains("next try in 1 s"), "the countdown is said again: {}", message(&app));
    let now_cmds = app.update(ch('r'));
    assert!(pipelines_asked(&now_cmds));
    assert!(at(&mut app, 5).is_empty(), "no second try while one is out");
    settle(&mut app, &mut Fake::default(), now_cmds);
    assert!(app.board().pipeline().is_some());
}

#[test]
fn a_refused_key_at_start_ends_the_board_with_the_401s_message() {
    let mut app = App::new(settings(), now());
    let cmds = app.start();
    app.update(refused(cmds[0].op(), ClientError::Unauthorized));
    assert!(app.should_quit());
    assert_eq!(app.fatal(), Some(ClientError::Unauthorized.to_string().as_str()));
}

#[test]
fn a_board_already_shown_does_not_retry_on_its_own() {
    let (mut app, _) = loaded(160, 45);
    let cmds = app.update(ch('r'));
    all_offline(&mut app, cmds);
    assert!(message(&app).contains("offline"));
    assert!(!message(&app).contains("next try"));
    assert!(!app.wants_ticks());
}
