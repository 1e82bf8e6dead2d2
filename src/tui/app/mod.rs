//! The board's state and the one function that changes it: `update(event) -> commands`.
//! `update` never does I/O and never reads the clock (`set_now` gives it the time), so every
//! key path is tested by feeding events and worker results, without a terminal or a network.
//!
//! For the event loop: send `start()`'s commands to the worker, then an `Event::Resize` with the
//! terminal's size (the App pages and hit-tests mouse clicks with it; until then it assumes
//! 80x24), then every event; set `AppSettings::color` from `NO_COLOR` and `time_zone` to the
//! system's. Send `Event::Tick` only while `wants_ticks()` (requests out, or a "changed
//! elsewhere" highlight fading) and `Event::RefreshDue` every `AppSettings::refresh_every`.
//!
//! Where things are: this file holds the App, its parts and the way in (keys to the key table
//! and the actions, answers to the request they answer, found by op id in `requests`);
//! `changes.rs` every change of a deal (actions, dialogs' submits, the change in flight, undo,
//! marks, new deals); `dialogs.rs` keys to the open dialog and what it asked for
//! (`tui::dialogs`); `loading.rs` everything read from the server; `refresh.rs` the live
//! refresh; `query.rs` the filter and sort; `search.rs` the `/` search; `board.rs` the columns;
//! `snapshot.rs` the board kept between runs; `won.rs` the won stage and its column.

pub mod board;
mod changes;
mod dialogs;
pub mod forecast;
mod loading;
mod mouse;
pub mod query;
mod refresh;
pub mod search;
mod snapshot;
pub mod week;
pub mod won;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use self::board::Board;
use self::changes::{Changes, Creating, Sent};
pub use self::changes::{Target, UNDO_DEPTH};
use self::query::ViewQuery;
use self::refresh::{Incremental, Pace, Refreshing};
use self::search::Search;
use super::api::ClientError;
use super::layout;
use super::message::{Answer, Call, Command, Event, OpId};
use crate::model::{Contact, User};
use crate::settings::card::{CardField, CardFields};
use crate::settings::keys::{Action, Keymap, is_press};
use crate::settings::{Palette, Rates, StaleDays};
use crate::tui::dialogs::{ConfirmQuit, Dialog};

/// How the board was asked to run. The coordinator fills it from the command line, environment
/// and config file.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// The pipeline to open first (its id); else the default one.
    pub pipeline: Option<String>,
    /// Take the mouse (clicks, wheel). `false` leaves it to the terminal for copying text.
    pub mouse: bool,
    /// Shown in offline messages.
    pub api_url: String,
    /// Draw with colours. `false` when `NO_COLOR` is set: styles fall back to bold/reverse.
    pub color: bool,
    /// For "today": overdue close dates and days since the last update.
    pub time_zone: TimeZone,
    /// How often the loop sends `Event::RefreshDue` (`refresh_secs`); `None`: never.
    pub refresh_every: Option<std::time::Duration>,
    /// How often the timer's refresh reloads every column instead of reading only what changed
    /// (`full_refresh_mins`); `None`: never after the first load.
    pub full_refresh_every: Option<std::time::Duration>,
    /// `theme` in the config: the colours, when `color` allows any.
    pub palette: Palette,
    /// `borders = "ascii"`: `+ - |` borders and ASCII for the UI's other glyphs.
    pub ascii: bool,
    /// `[rates]`: value sort, the value filter and column totals convert with them.
    pub rates: Rates,
    /// `me` in the config: the user "only mine" shows; else chosen on the board.
    pub me: Option<String>,
    /// `[stale_days]`: when a deal is rotting, per stage.
    pub stale_days: StaleDays,
    /// `card = [...]`: the fields a card shows, and so how tall it is.
    pub card: CardFields,
    /// `won_stage` / `won_column_days`: the won stage and its column (`won.rs`); `None`: no
    /// pipeline has a won stage (every stage holds open deals).
    pub won: Option<won::WonSettings>,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            pipeline: None,
            mouse: true,
            api_url: String::new(),
            color: true,
            time_zone: TimeZone::UTC,
            refresh_every: None,
            full_refresh_every: Some(std::time::Duration::from_secs(30 * 60)),
            palette: Palette::default(),
            ascii: false,
            rates: Rates::default(),
            me: None,
            stale_days: StaleDays::default(),
            card: CardFields::default(),
            won: None,
        }
    }
}

/// What an in-flight request was for, found again by its op id when the answer comes.
#[derive(Debug, Clone)]
enum Request {
    Pipelines,
    Users,
    /// Loads carry the load generation: answers to a load that a refresh or a pipeline switch
    /// replaced are dropped.
    Stages {
        generation: u64,
    },
    Page {
        generation: u64,
        stage_id: String,
    },
    /// A page of the open deals still in the won stage, read after its won deals (`won.rs`).
    WonOpenPage {
        generation: u64,
        stage_id: String,
    },
    /// The timer's refresh: the stage counts, and a page of the pipeline's latest changes.
    Counts {
        generation: u64,
    },
    Changes {
        generation: u64,
    },
    Detail,
    Activities,
    /// `GET /deals/:id` for `o` on a won deal in the won stage: its stage history says where
    /// it goes back to (`won.rs`).
    WonHistory(Box<crate::model::Deal>),
    /// `GET /contacts?q=` for the deal form's contact picker and the search.
    Contacts {
        query: String,
    },
    /// A change of a deal, with what its rollback needs.
    Change(Box<Sent>),
    /// `GET /deals/:id` after a change the server applied but whose answer could not be read:
    /// the server's copy settles the change as its answer would have.
    Reread(Box<Sent>),
    /// `POST /deals` from the new-deal form.
    Create(Box<Creating>),
    /// `GET /deals` (newest first) after a create the server applied but whose answer could not
    /// be read: the new deal is found by its title, never created again.
    FindCreated(Box<Creating>),
}

/// Every request in flight, by op id, and the loads' generations.
#[derive(Debug, Clone, Default)]
struct Requests {
    ops: HashMap<OpId, Request>,
    last_op: u64,
    generation: u64,
    /// The refresh whose pages are coming in, merged when the last one is.
    refreshing: Option<Refreshing>,
    /// The timer's refresh of what changed, while its answers come in.
    incremental: Option<Incremental>,
    /// When the timer refreshes next, and what the API budget allows.
    pace: Pace,
}

impl Requests {
    fn alloc(&mut self) -> OpId {
        self.last_op += 1;
        OpId(self.last_op)
    }
}

/// What the server told about the workspace besides pipelines and deals.
#[derive(Debug, Clone, Default)]
struct Data {
    /// Owner names by id; empty when the server has no `/users`.
    users: HashMap<String, String>,
    /// The same users as a list, for the forms' owner pickers; `None` until `/users` answered
    /// with a list (without it the forms take typed ids).
    user_list: Option<Vec<User>>,
    /// Every contact (`GET /contacts?q=` with an empty query), loaded when a form or the search
    /// first needs them; `None` until then or when the server has no `/contacts`.
    contacts: Option<Vec<Contact>>,
    /// The contact queries sent so far, not to ask twice.
    contacts_asked: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

/// The status line's state: one message at a time, whether the server is reachable, the spinner.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub message: Option<(Severity, String)>,
    /// Set by the last request that could not reach the server, cleared by the next that did.
    pub offline: bool,
    /// Advances on each tick while work is in flight.
    pub spinner: usize,
    /// The message is about the server being out of reach: it no longer holds once an answer
    /// comes.
    pub offline_said: bool,
}

impl Status {
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((Severity::Info, text.into()));
        self.offline_said = false;
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((Severity::Error, text.into()));
        self.offline_said = false;
    }

    /// An error message caused by `e`: replaced by "Back online" when `e` was being offline.
    pub fn failed(&mut self, text: impl Into<String>, e: &ClientError) {
        self.error(text);
        self.offline_said = e.is_offline();
    }

    pub fn clear(&mut self) {
        self.message = None;
        self.offline_said = false;
    }
}

/// The screen's state besides the board and the open dialog.
#[derive(Debug, Clone)]
struct Ui {
    width: u16,
    height: u16,
    /// `/`: the search narrowing the board, while typed and after `Enter` keeps it.
    search: Option<Search>,
    /// Deals a refresh found changed by someone else, highlighted until the time given.
    highlights: HashMap<String, Timestamp>,
    /// Whether the pipelines answer arrived (until then the header says so).
    pipelines_loaded: bool,
    /// Started while the server could not be reached: when the pipelines are asked for again.
    retry: Option<loading::Retry>,
    /// Why the board must end (the key was refused): the coordinator exits with it.
    fatal: Option<String>,
    /// Deals of this load the pages left out because they could not be read.
    skipped: usize,
    quit: bool,
}

pub struct App {
    settings: AppSettings,
    now: Timestamp,
    keymap: Keymap,
    board: Board,
    view: ViewQuery,
    popup: Option<Dialog>,
    status: Status,
    data: Data,
    changes: Changes,
    requests: Requests,
    ui: Ui,
    cached: snapshot::Cached,
    week: week::Week,
    /// `c`: the board grouped by expected close month (`forecast.rs`), a view over `board`.
    forecast: Option<forecast::Forecast>,
}

impl App {
    pub fn new(settings: AppSettings, now: Timestamp) -> App {
        let view =
            ViewQuery { rates: settings.rates.clone(), me: settings.me.clone(), ..ViewQuery::default() };
        App {
            settings,
            now,
            keymap: Keymap::default(),
            board: Board::default(),
            view,
            popup: None,
            status: Status::default(),
            data: Data::default(),
            changes: Changes::default(),
            requests: Requests::default(),
            // A usual terminal until the loop reports the real size.
            ui: Ui {
                width: 80,
                height: 24,
                search: None,
                highlights: HashMap::new(),
                pipelines_loaded: false,
                retry: None,
                fatal: None,
                skipped: 0,
                quit: false,
            },
            cached: snapshot::Cached::default(),
            week: week::Week::default(),
            forecast: None,
        }
    }

    /// The first requests: pipelines (the board waits for them) and users (names for owners);
    /// after `show_cached`, a quiet refresh of the cached board.
    pub fn start(&mut self) -> Vec<Command> {
        let mut out = if self.start_from_cache() {
            // Only what changed since the cached board was read (the stage counts and the newest
            // changes); the full reconcile is due as long after that read as after any full load.
            self.full_load_read_at(self.cached_as_of());
            self.refresh_changes()
        } else {
            vec![
                self.issue(Request::Pipelines, Call::LoadPipelines),
                self.issue(Request::Users, Call::LoadUsers),
            ]
        };
        // Cards that show the contact need the contacts' names.
        if self.settings.card.shows(&CardField::Contact) {
            out.extend(self.load_contacts(""));
        }
        out
    }

    pub fn update(&mut self, event: Event) -> Vec<Command> {
        let narrow_needed = self.narrowing_needed(&event);
        let narrow = self.ui.search.is_some() && narrow_needed;
        let only_rotting = self.view.only_rotting;
        let was_loading = self.loading_cards();
        self.sync_won_view();
        let forecast_event = self.forecast_event(&event);
        let out = match event {
            Event::Key(key) if is_press(&key) => self.on_key(key),
            Event::Key(_) => Vec::new(),
            Event::Mouse(m) => self.on_mouse(m),
            Event::Resize { width, height } => {
                (self.ui.width, self.ui.height) = (width, height);
                self.keep_selection_in_view();
                self.clamp_popup_scroll();
                Vec::new()
            }
            Event::Tick => {
                self.status.spinner = self.status.spinner.wrapping_add(1);
                self.fade_highlights();
                self.retry_tick()
            }
            Event::RefreshDue => self.refresh_due(),
            Event::Budget(budget) => {
                self.on_budget(budget);
                Vec::new()
            }
            Event::Api(answer) => self.on_api(answer),
        };
        // The quit question counts what is still on its way as answers land behind it.
        let pending = self.pending_count();
        if let Some(Dialog::ConfirmQuit(q)) = &mut self.popup {
            q.pending = pending;
        }
        // A page, a change, an edited query: what the search shows may differ now.
        if narrow && self.ui.search.is_some() {
            self.narrow();
        }
        if only_rotting != self.view.only_rotting || (self.view.only_rotting && narrow_needed) {
            self.narrow_rotting(narrow);
        }
        self.note_settled(was_loading);
        self.sync_rotting();
        self.forecast_after_event(forecast_event, &out);
        out
    }

    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
        self.sync_won_view();
        self.sync_rotting();
    }

    pub fn should_quit(&self) -> bool {
        self.ui.quit
    }

    /// Set when the board cannot go on (the API key was refused): the message to exit with.
    pub fn fatal(&self) -> Option<&str> {
        self.ui.fatal.as_deref()
    }

    /// The pipeline shown: the coordinator saves it at exit and passes it back as
    /// `AppSettings.pipeline`, so the board opens where the rep left it.
    pub fn current_pipeline_id(&self) -> Option<&str> {
        self.board.pipeline().map(|p| p.id.as_str())
    }

    /// True while any request is out (the spinner turns), a highlight is showing (it fades on a
    /// tick) or a start-up retry is waiting (its time comes on a tick): the loop ticks only then.
    pub fn wants_ticks(&self) -> bool {
        self.busy() || self.highlight_showing() || self.ui.retry.is_some()
    }

    /// True while any request is out: the status line shows the spinner.
    pub fn busy(&self) -> bool {
        !self.requests.ops.is_empty()
    }

    /// Replaces the key table (bindings from the config file).
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    // Read access for the view.
    pub fn settings(&self) -> &AppSettings {
        &self.settings
    }
    pub fn now(&self) -> Timestamp {
        self.now
    }
    pub fn today(&self) -> jiff::civil::Date {
        self.now.to_zoned(self.settings.time_zone.clone()).date()
    }
    pub fn board(&self) -> &Board {
        &self.board
    }
    pub fn popup(&self) -> Option<&Dialog> {
        self.popup.as_ref()
    }
    pub fn status(&self) -> &Status {
        &self.status
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn view_query(&self) -> &ViewQuery {
        &self.view
    }
    pub fn pipelines_loaded(&self) -> bool {
        self.ui.pipelines_loaded
    }
    pub fn is_pending(&self, deal_id: &str) -> bool {
        self.changes.has(deal_id) || self.creating(deal_id)
    }
    /// Changes and new deals sent or queued, for the quit question.
    pub fn pending_count(&self) -> usize {
        let sent = self.requests.ops.values().filter(|r| {
            matches!(
                r,
                Request::Change(_) | Request::Reread(_) | Request::Create(_) | Request::FindCreated(_)
            )
        });
        sent.count() + self.changes.queued()
    }
    pub fn search(&self) -> Option<&Search> {
        self.ui.search.as_ref()
    }
    pub fn undo_depth(&self) -> usize {
        self.changes.undo_depth()
    }
    pub fn marked_count(&self) -> usize {
        self.changes.marked_count()
    }
    pub fn is_marked(&self, deal_id: &str) -> bool {
        self.changes.is_marked(deal_id)
    }
    /// The owner's name, or the raw id when the server has no `/users` or does not know it.
    pub fn owner_name<'a>(&'a self, owner_id: &'a str) -> &'a str {
        self.data.users.get(owner_id).map_or(owner_id, String::as_str)
    }
    /// The contact's name, when the contacts are loaded and it is among them.
    pub fn contact_name(&self, contact_id: &str) -> Option<&str> {
        self.data.contacts.iter().flatten().find(|c| c.id == contact_id).map(|c| c.name.as_str())
    }
    pub fn size(&self) -> (u16, u16) {
        (self.ui.width, self.ui.height)
    }

    /// Makes a command with a fresh op id and remembers what it is for.
    fn issue(&mut self, request: Request, call: Call) -> Command {
        let op = self.requests.alloc();
        self.requests.ops.insert(op, request);
        Command { op, call }
    }

    /// A worker's answer, to the handler of the request it answers.
    fn on_api(&mut self, answer: Answer) -> Vec<Command> {
        let Answer { op, result } = answer;
        let Some(request) = self.requests.ops.remove(&op) else {
            // Not ours (or answered twice): nothing to do.
            return Vec::new();
        };
        match &result {
            Err(e) if e.is_offline() => self.status.offline = true,
            // The server answered: back online, and a message about being offline no longer holds
            // (the answer's own message, if any, follows). A newer message stays, except
            // "Refreshing…", which only says something is on its way.
            Err(e) if e.status().is_none() => {}
            _ if self.status.offline => {
                self.status.offline = false;
                let transient = match &self.status.message {
                    None => true,
                    Some((_, m)) => m == super::strings::REFRESHING,
                };
                if self.status.offline_said || transient {
                    self.status.info(super::strings::BACK_ONLINE);
                }
            }
            _ => {}
        }
        match request {
            Request::Change(sent) => return self.on_change_answer(*sent, result),
            Request::Reread(sent) => return self.on_reread(*sent, result),
            Request::Create(creating) => return self.on_created(*creating, result),
            Request::FindCreated(creating) => self.on_found_created(*creating, result),
            Request::Pipelines => return self.on_pipelines(result),
            Request::Users => self.on_users(result),
            Request::Stages { generation } => self.on_stages(generation, result),
            Request::Page { generation, stage_id } => {
                return self.on_page(generation, &stage_id, false, result);
            }
            Request::WonOpenPage { generation, stage_id } => {
                return self.on_page(generation, &stage_id, true, result);
            }
            Request::Counts { generation } => return self.on_counts(generation, result),
            Request::Changes { generation } => return self.on_changes(generation, result),
            Request::Detail | Request::Activities => self.on_details(op, result),
            Request::Contacts { query } => self.on_contacts(&query, result),
            Request::WonHistory(deal) => return self.on_won_history(*deal, result),
        }
        Vec::new()
    }

    /// A key: to the open dialog, the search being typed, or the key table.
    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        // Raw mode turns Ctrl+C into a key, so it must work from anywhere, dialogs included:
        // it asks (or quits) as `q` does, and a second Ctrl+C at the question quits.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            if matches!(self.popup, Some(Dialog::ConfirmQuit(_))) {
                self.ui.quit = true;
            } else {
                self.popup = None;
                self.ask_quit();
            }
            return Vec::new();
        }
        if let Some(dialog) = self.popup.take() {
            return self.dialog_key(dialog, key);
        }
        if self.ui.search.as_ref().is_some_and(|s| s.editing) {
            return self.on_search_key(key);
        }
        let Some(action) = self.keymap.action(&key) else { return Vec::new() };
        // A key answers the message it follows; the action may set a new one.
        self.status.clear();
        self.rep_active();
        if let Some(out) = self.forecast_key(action) {
            return out;
        }
        match action {
            Action::ColumnLeft => self.select_column(-1),
            Action::ColumnRight => self.select_column(1),
            Action::Up => self.select_card(|_, i, _| i.saturating_sub(1)),
            Action::Down => self.select_card(|_, i, _| i + 1),
            Action::Top => self.select_card(|_, _, _| 0),
            Action::Bottom => self.select_card(|n, _, _| n.saturating_sub(1)),
            Action::PageUp => self.select_card(|_, i, page| i.saturating_sub(page)),
            Action::PageDown => self.select_card(|_, i, page| i + page),
            Action::MoveBack => return self.move_by(-1),
            Action::MoveForward => return self.move_by(1),
            Action::MovePicker => self.open_stage_picker(),
            Action::Won => self.open_won(),
            Action::Lost => self.open_lost(),
            Action::EditValue => self.open_value(),
            Action::Details => return self.open_details(),
            // Esc peels one thing at a time: the search, then the marks.
            Action::Close if self.ui.search.is_some() => self.clear_search(),
            Action::Close => self.clear_marks(),
            Action::NewDeal => return self.open_new_deal(),
            Action::EditDeal => return self.open_edit(),
            Action::DeleteDeal => self.open_delete(),
            Action::Reopen => return self.reopen(),
            Action::Search => return self.open_search(),
            Action::Filter => self.open_filter(),
            Action::ClearFilter => return self.clear_filter(),
            Action::Sort => self.open_sort(),
            Action::NextPipeline => return self.next_pipeline(),
            Action::PickPipeline => self.open_pipeline_picker(),
            Action::Refresh => return self.refresh(),
            Action::Undo => return self.undo_last(),
            Action::Mark => self.toggle_mark(),
            Action::ChangeOwner => self.open_owner_picker(),
            Action::Help => self.popup = Some(Dialog::Help(Box::default())),
            Action::Quit => self.ask_quit(),
            Action::OnlyMine => return self.toggle_only_mine(),
            Action::ChooseMe => self.choose_me(),
            Action::NextRotting => self.next_rotting(),
            Action::SavedFilters => self.open_saved_filters(),
            Action::GroupByMonth => self.toggle_forecast(),
        }
        Vec::new()
    }

    fn ask_quit(&mut self) {
        // New deals on their way count too: quitting could lose them just the same.
        let pending = self.pending_count();
        if pending == 0 {
            self.ui.quit = true;
        } else {
            self.popup = Some(Dialog::ConfirmQuit(Box::new(ConfirmQuit { pending })));
        }
    }

    /// The open dialog fits the screen after a resize (help and details scroll no further).
    fn clamp_popup_scroll(&mut self) {
        if let Some(mut dialog) = self.popup.take() {
            dialog.fit(&self.dialog_ctx());
            self.popup = Some(dialog);
        }
    }

    /// Cards one column shows at the current terminal size (what PgDn skips).
    fn page_size(&self) -> usize {
        let screen = self.screen_now();
        let rects = layout::column_rects(screen.board, 0, self.board.columns.len().max(1));
        let card_h = self.card_height();
        rects.first().map_or(1, |(_, r)| layout::cards_per_page(layout::column_layout(*r).cards, card_h))
    }

    fn select_column(&mut self, delta: isize) {
        let n = self.board.columns.len();
        if n == 0 {
            return;
        }
        self.board.col = self.board.col.saturating_add_signed(delta).min(n - 1);
        self.keep_selection_in_view();
    }

    /// Moves within the selected column: `to(len, current, page)` gives the new index.
    fn select_card(&mut self, to: impl FnOnce(usize, usize, usize) -> usize) {
        let page = self.page_size();
        let Some(col) = self.board.columns.get_mut(self.board.col) else { return };
        // Positions among the cards shown, so moving skips cards the search hides.
        let len = col.shown_len();
        let pos = to(len, col.shown_pos(col.selected).unwrap_or(0), page);
        if let Some(i) = col.shown_at(pos.min(len.saturating_sub(1))) {
            col.selected = i;
            col.reselect = None;
        }
        col.clamp(page);
    }

    /// After a resize, a page arriving or a card moving: every column's selection on a card
    /// and in view, the selected column on screen.
    fn keep_selection_in_view(&mut self) {
        let page = self.page_size();
        for col in &mut self.board.columns {
            col.clamp(page);
        }
        let n = self.board.columns.len();
        self.board.col = self.board.col.min(n.saturating_sub(1));
        let fit = layout::columns_that_fit(self.ui.width, n);
        self.board.first_col = layout::scroll_to_show(self.board.first_col, self.board.col, fit, n);
    }

    fn set_users(&mut self, users: Vec<User>) {
        let names = users.iter().map(|u| (u.id.clone(), u.name.to_string()));
        self.data.users = names.collect();
        match &mut self.popup {
            Some(Dialog::DealForm(f)) => f.set_users(&users),
            Some(Dialog::Filter(f)) => f.set_users(&users),
            _ => {}
        }
        self.data.user_list = Some(users);
    }
}
