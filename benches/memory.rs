//! The board's memory against the number of deals: the real App loaded with N open deals
//! (1,000, 10,000, 100,000) through `App::update`, page by page as the worker's answers arrive
//! (pages of 100 per stage, five stages), compared with the deals themselves.
//!
//! The deals are the server's own generator's (`demo_data::generate_deals` over the demo
//! workspace's default pipeline, open ones only), so titles, tags and custom fields have their
//! real sizes. Heap bytes are counted by a counting global allocator (exact, not sampled):
//!
//! - `deals as structs`: a `Vec<Deal>` of exactly N holding the same deals (the floor: what is
//!   stored), and `as JSON`: their list-item JSON (what crossed the wire);
//! - `App`: the heap the App holds after the load, and its peak during the load;
//! - `after r`: the same after a full refresh (`r`, and the live refresh every `refresh_secs`),
//!   which collects every column's new copy off screen and merges them in one step, so its peak
//!   holds both copies and the merge's id indexes;
//! - `the timer's refresh`: the peak of a timer refresh (`Event::RefreshDue`, the stage counts
//!   and the latest changes only) over what the App holds steadily.
//!
//! Each N runs in a fresh process (this binary re-runs itself), so the RSS figures
//! (`/proc/self/statm`, Linux only) are not carried over from a larger N.
//!
//! Run: `cargo bench --bench memory` (or `cargo bench --bench memory -- 100000` for one N).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use dealboard::client::Page;
use dealboard::model::{Deal, DealStatus, Pipeline};
use dealboard::server::demo_data;
use dealboard::tui::app::{App, AppSettings};
use dealboard::tui::message::{Answer, Call, Command, Event, Outcome};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

fn grow(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Starts a new high-water mark from what is live now.
fn reset_peak() {
    PEAK.store(live(), Ordering::Relaxed);
}

fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Resident set size in bytes (Linux), else 0.
fn rss() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    pages * 4096
}

const PAGE: usize = 100;
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// N open deals of the demo workspace's default pipeline, as the server lists them.
fn deals(n: usize) -> (Pipeline, Vec<Deal>) {
    let today = jiff::Zoned::now().date();
    let ws = demo_data::workspace(today).expect("the demo workspace");
    let pipeline = ws.pipelines.iter().find(|p| p.is_default).unwrap_or(&ws.pipelines[0]).clone();
    let one = [pipeline.clone()];
    let deals = demo_data::generate_deals(u64::MAX, today, &one, &ws.users, &ws.contacts)
        .filter(|d| d.status == DealStatus::Open)
        .take(n)
        .map(|d| {
            let stage_name = pipeline.stages.iter().find(|s| s.id == d.stage_id).map(|s| s.name.clone());
            // The same fields under the same names; the list item carries the stage's name.
            let mut deal: Deal = serde_json::from_value(serde_json::to_value(&d).unwrap()).unwrap();
            deal.stage_name = stage_name;
            deal
        })
        .collect();
    (pipeline, deals)
}

/// Answers the App's commands like a server holding `by_stage`.
struct Server<'a> {
    pipeline: &'a Pipeline,
    by_stage: Vec<(String, Vec<&'a Deal>)>,
    /// Every deal, newest change first: the timer's refresh asks for the pipeline's changes.
    newest: Vec<&'a Deal>,
}

impl Server<'_> {
    fn answer(&self, cmd: &Command) -> Option<Answer> {
        let op = cmd.op;
        Some(Answer {
            op,
            result: Ok(match &cmd.call {
                Call::LoadPipelines => Outcome::Pipelines(vec![self.pipeline.clone()]),
                Call::LoadUsers => Outcome::Users(None),
                Call::LoadStages { .. } => Outcome::Stages(vec![]),
                Call::ListDeals { query } => {
                    let deals = match query.stage_id.as_deref() {
                        Some(stage) => &self.by_stage.iter().find(|(s, _)| s == stage).unwrap().1,
                        None => &self.newest,
                    };
                    let start: usize = query.cursor.as_deref().map_or(0, |c| c.parse().unwrap());
                    let limit = query.limit.map_or(PAGE, |l| l as usize);
                    let end = (start + limit).min(deals.len());
                    let items = deals[start..end].iter().map(|d| (*d).clone()).collect();
                    let next_cursor = (end < deals.len()).then(|| end.to_string());
                    Outcome::DealPage(Page {
                        items,
                        total: Some(deals.len() as u64),
                        next_cursor,
                        skipped: 0,
                    })
                }
                _ => return None,
            }),
        })
    }

    /// Feeds every answer to the App until it asks for nothing more.
    fn serve(&self, app: &mut App, mut queue: Vec<Command>) {
        while let Some(cmd) = queue.pop() {
            if let Some(ev) = self.answer(&cmd) {
                queue.extend(app.update(Event::Api(ev)));
            }
        }
    }
}

fn kib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn measure(n: usize) {
    let rss_at_start = rss();
    let (pipeline, source) = deals(n);
    assert_eq!(source.len(), n);
    let json: usize = source.iter().map(|d| serde_json::to_vec(d).unwrap().len() + 1).sum();

    // The floor: the same deals in a Vec of exactly N.
    let before = live();
    let copy: Vec<Deal> = source.to_vec();
    let structs = live() - before;
    drop(copy);
    // Where the structs' bytes go: the custom fields (a serde_json::Map, a BTreeMap without
    // serde_json's preserve_order) and the tags, each measured apart.
    let heap_of = |f: &dyn Fn(&Deal) -> Box<dyn std::any::Any>| {
        let before = live();
        let parts: Vec<Box<dyn std::any::Any>> = source.iter().map(f).collect();
        let boxes = parts.capacity() * std::mem::size_of::<Box<dyn std::any::Any>>();
        let bytes = live() - before - boxes;
        drop(parts);
        bytes
    };
    let custom_fields = heap_of(&|d| Box::new(d.custom_fields.clone()))
        - n * std::mem::size_of::<dealboard::model::CustomFields>();
    let tags = heap_of(&|d| Box::new(d.tags.clone())) - n * std::mem::size_of::<Vec<String>>();
    let cf_entries: usize = source.iter().map(|d| d.custom_fields.len()).sum();
    let cf_json: usize = source.iter().map(|d| serde_json::to_string(&d.custom_fields).unwrap().len()).sum();

    let by_stage = pipeline
        .stages
        .iter()
        .map(|s| (s.id.clone(), source.iter().filter(|d| d.stage_id == s.id).collect::<Vec<_>>()))
        .collect();
    let mut newest: Vec<&Deal> = source.iter().collect();
    newest.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.id.cmp(&b.id)));
    let server = Server { pipeline: &pipeline, by_stage, newest };

    let rss_before = rss();
    let before = live();
    reset_peak();
    // The timer's refresh reads only what changed (no full reload on the timer here; `r` is one).
    let settings = AppSettings { full_refresh_every: None, ..AppSettings::default() };
    let mut app = App::new(settings, jiff::Timestamp::now());
    app.update(Event::Resize { width: 200, height: 50 });
    let start = app.start();
    server.serve(&mut app, start);
    assert_eq!(app.board().progress().0, n as u64, "every deal loaded");
    let held = live() - before;
    let load_peak = peak() - before;
    // What the App holds beyond the deals: first suspect, the columns' unused Vec capacity.
    let slack: usize = app
        .board()
        .columns
        .iter()
        .map(|c| (c.deals.capacity() - c.deals.len()) * std::mem::size_of::<Deal>())
        .sum();
    let rss_after = rss();

    reset_peak();
    let refresh = app.update(Event::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('r'),
        crossterm::event::KeyModifiers::NONE,
    )));
    server.serve(&mut app, refresh);
    assert_eq!(app.board().progress().0, n as u64, "every deal reloaded");
    let held_after_refresh = live() - before;
    let refresh_peak = peak() - before;
    let rss_after_refresh = rss();

    // The timer's refresh on the up-to-date board: the counts and the latest changes only.
    let steady = live();
    reset_peak();
    let tick = app.update(Event::RefreshDue);
    server.serve(&mut app, tick);
    assert_eq!(app.board().progress().0, n as u64, "every deal still there");
    let timer_peak = peak();

    let per = |b: usize| b as f64 / n as f64;
    println!(
        "memory N={n:>6}: deals as structs {:>9} ({:>5.0} B/deal; size_of::<Deal>() = {} B) | as JSON {:>9} ({:>5.0} B/deal)",
        kib(structs),
        per(structs),
        std::mem::size_of::<Deal>(),
        kib(json),
        per(json)
    );
    println!(
        "memory N={n:>6}: of the structs' {:.0} B/deal: {} inline, custom fields' heap {:.0} ({:.1} entries/deal, {:.0} B as JSON text), tags' heap {:.0}, the strings' heap the rest ({:.0})",
        per(structs),
        std::mem::size_of::<Deal>(),
        per(custom_fields),
        per(cf_entries),
        per(cf_json),
        per(tags),
        per(structs) - std::mem::size_of::<Deal>() as f64 - per(custom_fields) - per(tags),
    );
    println!(
        "memory N={n:>6}: App holds {:>9} ({:>5.0} B/deal, {:.2}x the structs), peak while loading {:>9} ({:.2}x)",
        kib(held),
        per(held),
        held as f64 / structs as f64,
        kib(load_peak),
        load_peak as f64 / structs as f64
    );
    println!(
        "memory N={n:>6}: beyond the structs the App holds {:.0} B/deal, of which unused capacity of the columns' Vec<Deal> {:.0} B/deal",
        per(held) - per(structs),
        per(slack)
    );
    println!(
        "memory N={n:>6}: after r the App holds {:>9} ({:.2}x the structs), peak during r {:>9} ({:.2}x)",
        kib(held_after_refresh),
        held_after_refresh as f64 / structs as f64,
        kib(refresh_peak),
        refresh_peak as f64 / structs as f64
    );
    println!(
        "memory N={n:>6}: the timer's refresh: peak {:>9} over the App's steady {:>9} ({:.3}x)",
        kib(timer_peak - before),
        kib(steady - before),
        (timer_peak - before) as f64 / (steady - before) as f64
    );
    println!(
        "memory N={n:>6}: RSS at start {}, with the source deals {}, after the App loaded them {} (+{}), after r {} (+{})",
        kib(rss_at_start),
        kib(rss_before),
        kib(rss_after),
        kib(rss_after.saturating_sub(rss_before)),
        kib(rss_after_refresh),
        kib(rss_after_refresh.saturating_sub(rss_before))
    );
    drop(app);
}

fn main() {
    // `cargo bench` passes `--bench`; a number picks one N (run in this process).
    let one: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    if let Some(n) = one {
        measure(n);
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    for n in SIZES {
        let status = std::process::Command::new(&exe).arg(n.to_string()).status().expect("re-run");
        assert!(status.success(), "N={n} failed");
    }
}
