//! The event loop: the one place where keys, mouse, resizes, worker results, ticks and signals
//! meet `App::update`, and the only caller of `draw`.
//!
//! - It waits for the first event, then takes everything else already waiting, so a burst
//!   (a paste, key repeat, many pages arriving) is handled in one pass and drawn once.
//! - It draws after each pass; [`QuietBackend`](super::terminal::QuietBackend) sends nothing for a
//!   frame that did not change, and nothing wakes the loop while the board is idle: the spinner
//!   interval runs only while `App::wants_ticks`, the refresh timer only when configured.

use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::app::App;
use super::cache::Cache;
use super::message::{Command, Event};
use super::state::AccountStore;
use super::{terminal, view, worker};
use crate::client::Client;

/// How often the spinner moves while requests are in flight.
const SPINNER_EVERY: Duration = Duration::from_millis(120);

/// The board ended on a signal: the process exits with `128 + signal` (143 for SIGTERM), after
/// the terminal is restored, as a shell expects of a program a signal stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped by signal {signal}")]
pub struct Stopped {
    pub signal: i32,
}

impl Stopped {
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(u8::MAX)
    }
}

/// Runs the board until the user quits, stdin closes, or SIGTERM / SIGHUP / SIGINT arrives.
/// The terminal is restored on every one of those paths (and on error or panic). A signal comes
/// back as the error [`Stopped`]; a refused key as an error with the board's message.
/// `cache`: where the board is saved after each load or refresh that completed (off the UI thread).
/// `store`: where the account's state (me, saved filters) is kept as soon as it changes.
pub async fn run(
    app: &mut App,
    client: Client,
    mouse: bool,
    cache: Option<Cache>,
    store: Option<AccountStore>,
) -> anyhow::Result<()> {
    let (mut term, _guard) = terminal::enter(mouse)?;
    let mut keeping = None;
    let result = run_loop(&mut term, app, client, cache, store, &mut keeping).await;
    terminal::release(term);
    // The last keep lands before the caller's save on the way out, never after it.
    if let Some(keeping) = keeping {
        let _ = keeping.await;
    }
    match result? {
        Some(signal) => Err(Stopped { signal }.into()),
        None => match app.fatal() {
            Some(message) => Err(anyhow::anyhow!("{message}")),
            None => Ok(()),
        },
    }
}

/// Runs until the board ends; `Some(signal)` when a signal ended it.
async fn run_loop(
    term: &mut terminal::BoardTerminal,
    app: &mut App,
    client: Client,
    cache: Option<Cache>,
    store: Option<AccountStore>,
    keeping: &mut Option<tokio::task::JoinHandle<()>>,
) -> anyhow::Result<Option<i32>> {
    let (events_tx, mut events_rx) = mpsc::unbounded_channel();
    let commands = worker::spawn_worker(client, events_tx);
    let mut input = spawn_input();
    let mut signals = Signals::new()?;
    let mut hangup = watch_stdin_hangup();
    let mut spinner = tokio::time::interval(SPINNER_EVERY);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Live refresh; its branch is off when not configured. The first one is a period away.
    let refresh_every = app.settings().refresh_every;
    let period = refresh_every.unwrap_or(Duration::from_secs(3600));
    let mut refresh = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);

    app.set_now(jiff::Timestamp::now());
    send(&commands, app.start());
    let (width, height) = crossterm::terminal::size()?;
    send(&commands, app.update(Event::Resize { width, height }));
    term.draw(|f| view::draw(f, app))?;

    loop {
        let first = tokio::select! {
            ev = input.recv() => match ev {
                Some(ev) => Wake::Event(translate(ev)),
                // stdin closed or unreadable: the session is gone (e.g. SSH dropped).
                None => Wake::Stop,
            },
            Some(ev) = events_rx.recv() => Wake::Event(Some(ev)),
            _ = spinner.tick(), if app.wants_ticks() => Wake::Event(Some(Event::Tick)),
            _ = refresh.tick(), if refresh_every.is_some() => Wake::Event(Some(Event::RefreshDue)),
            signal = signals.recv() => Wake::Signal(signal),
            _ = &mut hangup => Wake::Stop,
        };
        let first = match first {
            Wake::Event(first) => first,
            Wake::Signal(signal) => return Ok(Some(signal)),
            Wake::Stop => break,
        };
        let mut batch: Vec<Event> = first.into_iter().collect();
        let input_open = drain_waiting(&mut input, &mut events_rx, &mut batch);
        if batch.is_empty() && input_open {
            continue;
        }
        app.set_now(jiff::Timestamp::now());
        for ev in batch {
            send(&commands, app.update(ev));
        }
        if let Some((cache, snapshot)) = cache.clone().zip(app.take_due_snapshot()) {
            tokio::task::spawn_blocking(cache.save_later(snapshot));
        }
        if let Some((store, state)) = store.clone().zip(app.take_due_state()) {
            // One at a time, in order: a later state never lands before an earlier one.
            if let Some(earlier) = keeping.take() {
                let _ = earlier.await;
            }
            *keeping = Some(tokio::task::spawn_blocking(move || store.save(&state)));
        }
        if app.should_quit() || !input_open {
            break;
        }
        term.draw(|f| view::draw(f, app))?;
    }
    Ok(None)
}

/// The terminal on stdin hanging up, as [`hangup::watch`](super::hangup::watch) sees it.
fn watch_stdin_hangup() -> tokio::sync::oneshot::Receiver<()> {
    #[cfg(unix)]
    let fd = std::os::fd::AsRawFd::as_raw_fd(&std::io::stdin());
    #[cfg(not(unix))]
    let fd = 0;
    super::hangup::watch(fd)
}

/// Why the loop woke up. Lives for one turn of the loop, so its size does not matter.
#[allow(clippy::large_enum_variant)]
enum Wake {
    /// Something happened (`None`: a terminal event the board ignores).
    Event(Option<Event>),
    /// A signal (its number).
    Signal(i32),
    /// The terminal went away.
    Stop,
}

/// Terminal input, read by its own task into a channel. The loop must not poll the
/// `EventStream` outside `select!`: a poll with a no-op waker (`now_or_never`) leaves that waker
/// registered, and the next key then wakes nobody until some other event arrives.
/// The channel closes when stdin does.
fn spawn_input() -> mpsc::UnboundedReceiver<TermEvent> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream = EventStream::new();
        while let Some(Ok(ev)) = stream.next().await {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

/// Moves every event that is already waiting into `batch` without waiting for more.
/// Returns false when stdin has closed.
fn drain_waiting(
    input: &mut mpsc::UnboundedReceiver<TermEvent>,
    events_rx: &mut mpsc::UnboundedReceiver<Event>,
    batch: &mut Vec<Event>,
) -> bool {
    while let Ok(ev) = events_rx.try_recv() {
        batch.push(ev);
    }
    loop {
        match input.try_recv() {
            Ok(ev) => batch.extend(translate(ev)),
            Err(mpsc::error::TryRecvError::Empty) => return true,
            Err(mpsc::error::TryRecvError::Disconnected) => return false,
        }
    }
}

fn send(commands: &mpsc::UnboundedSender<Command>, batch: Vec<Command>) {
    for command in batch {
        // The worker lives as long as the loop; a send can only fail while shutting down.
        let _ = commands.send(command);
    }
}

/// Terminal events the board cares about; key releases (reported by some terminals) are not.
fn translate(ev: TermEvent) -> Option<Event> {
    match ev {
        TermEvent::Key(k) if k.kind != KeyEventKind::Release => Some(Event::Key(k)),
        TermEvent::Mouse(m) => Some(Event::Mouse(m)),
        TermEvent::Resize(width, height) => Some(Event::Resize { width, height }),
        _ => None,
    }
}

/// SIGTERM, SIGHUP (the SSH session dropped) and SIGINT end the loop, so the guard restores
/// the terminal instead of the process dying with it raw.
struct Signals {
    #[cfg(unix)]
    all: [tokio::signal::unix::Signal; 3],
}

impl Signals {
    #[cfg(unix)]
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            all: [
                signal(SignalKind::terminate())?,
                signal(SignalKind::hangup())?,
                signal(SignalKind::interrupt())?,
            ],
        })
    }

    /// Waits for one and returns its number.
    #[cfg(unix)]
    async fn recv(&mut self) -> i32 {
        let [a, b, c] = &mut self.all;
        tokio::select! {
            _ = a.recv() => 15,
            _ = b.recv() => 1,
            _ = c.recv() => 2,
        }
    }

    #[cfg(not(unix))]
    fn new() -> std::io::Result<Self> {
        Ok(Signals {})
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) -> i32 {
        let _ = tokio::signal::ctrl_c().await;
        2
    }
}
