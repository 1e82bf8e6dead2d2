//! The board's state and the one function that changes it: `update(event) -> commands`.
//! `update` never does I/O and never reads the clock (`set_now` gives it the time), so every
//! key path is tested by feeding events and worker results, without a terminal or a network.
//!
//! For the event loop: send `start()`'s commands to the worker, then an `Event::Resize` with the
//! terminal's size (the App pages and hit-tests mouse clicks with it; until then it assumes
//! 80x24), then every event; set `AppSettings::color` from `NO_COLOR` and `time_zone` to the
//! system's. Send `Event::Tick` only while `wants_ticks()` (requests out, or a "changed
//! elsewhere" highlight fading) and `Event::RefreshDue` every `AppSettings::refresh_every`.

mod actions;
pub mod board;
pub mod bulk;
mod bulk_actions;
mod contacts;
mod create;
mod delete;
mod details;
mod dialogs;
mod dispatch;
mod edit;
mod filter;
mod loading;
mod mouse;
mod navigate;
mod optimistic;
pub mod pending;
mod pipelines;
pub mod query;
mod refresh;
mod reopen;
pub mod search;
pub mod status;
pub mod undo;
mod undoing;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use self::board::Board;
use self::bulk::Bulk;
use self::create::Creates;
pub use self::edit::apply_patch;
use self::pending::Pending;
use self::query::ViewQuery;
use self::refresh::Refreshing;
use self::search::Search;
use self::status::Status;
use self::undo::UndoStack;
use super::command::{Command, OpId};
use super::event::Event;
use crate::model::{Contact, User};
use crate::settings::Palette;
use crate::settings::keys::{Keymap, is_press};
use crate::tui::dialogs::{DealForm, Dialog};

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
    /// `theme` in the config: the colours, when `color` allows any.
    pub palette: Palette,
    /// `borders = "ascii"`: `+ - |` borders and ASCII for the UI's other glyphs.
    pub ascii: bool,
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
            palette: Palette::default(),
            ascii: false,
        }
    }
}

/// What an in-flight request was for, found again by its op id when the answer comes.
#[derive(Debug, Clone, PartialEq)]
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
    Detail,
    Activities,
    Change,
    /// `POST /deals` from the new-deal form.
    Create,
    /// `GET /contacts?q=` for the deal form's contact picker.
    Contacts {
        query: String,
    },
}

pub struct App {
    settings: AppSettings,
    now: Timestamp,
    width: u16,
    height: u16,
    keymap: Keymap,
    board: Board,
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
    /// New deals on their way to the server.
    creates: Creates,
    /// A deal form whose save failed while another popup was open (or failed for a reason the
    /// user cannot fix in the form): `n` / `e` reopen it with everything typed.
    retry_form: Option<Box<DealForm>>,
    /// `/`: the search narrowing the board, while typed and after `Enter` keeps it.
    search: Option<Search>,
    view: ViewQuery,
    pending: Pending,
    undo: UndoStack,
    /// Marked cards and the bulk actions waiting for their answers.
    bulk: Bulk,
    /// The refresh whose pages are coming in, merged when the last one is.
    refreshing: Option<Refreshing>,
    /// Deals a refresh found changed by someone else, highlighted until the time given.
    highlights: HashMap<String, Timestamp>,
    popup: Option<Dialog>,
    status: Status,
    requests: HashMap<OpId, Request>,
    next_op: u64,
    generation: u64,
    /// Whether the pipelines answer arrived (until then the header says so).
    pipelines_loaded: bool,
    quit: bool,
}

impl App {
    pub fn new(settings: AppSettings, now: Timestamp) -> App {
        App {
            settings,
            now,
            // A usual terminal until the loop reports the real size.
            width: 80,
            height: 24,
            keymap: Keymap::default(),
            board: Board::default(),
            users: HashMap::new(),
            user_list: None,
            contacts: None,
            contacts_asked: Vec::new(),
            creates: Creates::default(),
            retry_form: None,
            search: None,
            view: ViewQuery::default(),
            pending: Pending::default(),
            undo: UndoStack::default(),
            bulk: Bulk::default(),
            refreshing: None,
            highlights: HashMap::new(),
            popup: None,
            status: Status::default(),
            requests: HashMap::new(),
            next_op: 1,
            generation: 0,
            pipelines_loaded: false,
            quit: false,
        }
    }

    /// The first requests: pipelines (the board waits for them) and users (names for owners).
    pub fn start(&mut self) -> Vec<Command> {
        let p = self.issue(Request::Pipelines, |op| Command::LoadPipelines { op });
        let u = self.issue(Request::Users, |op| Command::LoadUsers { op });
        vec![p, u]
    }

    pub fn update(&mut self, event: Event) -> Vec<Command> {
        let narrow = self.search.is_some() && self.narrowing_needed(&event);
        let out = self.dispatch(event);
        // The quit question counts what is still on its way as answers land behind it.
        let pending = self.pending_count();
        if let Some(Dialog::ConfirmQuit(q)) = &mut self.popup {
            q.pending = pending;
        }
        // A page, a change, an edited query: what the search shows may differ now.
        if narrow && self.search.is_some() {
            self.narrow();
        }
        out
    }

    fn dispatch(&mut self, event: Event) -> Vec<Command> {
        match event {
            Event::Key(key) if is_press(&key) => self.on_key(key),
            Event::Key(_) => Vec::new(),
            Event::Mouse(m) => self.on_mouse(m),
            Event::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.keep_selection_in_view();
                self.clamp_popup_scroll();
                Vec::new()
            }
            Event::Tick => {
                self.status.spinner = self.status.spinner.wrapping_add(1);
                self.fade_highlights();
                Vec::new()
            }
            Event::RefreshDue => self.refresh_due(),
            Event::Api(ev) => self.on_api(ev),
        }
    }

    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The pipeline shown: the coordinator saves it at exit and passes it back as
    /// `AppSettings.pipeline`, so the board opens where the rep left it.
    pub fn current_pipeline_id(&self) -> Option<&str> {
        self.board.pipeline().map(|p| p.id.as_str())
    }

    /// True while any request is out (the spinner turns) or a highlight is showing (it fades
    /// on a tick): the loop ticks only then.
    pub fn wants_ticks(&self) -> bool {
        self.busy() || self.highlight_showing()
    }

    /// True while any request is out: the status line shows the spinner.
    pub fn busy(&self) -> bool {
        !self.requests.is_empty()
    }

    /// Replaces the key table (issue 5: bindings from the config file).
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
        self.pipelines_loaded
    }
    pub fn is_pending(&self, deal_id: &str) -> bool {
        self.pending.has(deal_id) || self.creates.has(deal_id)
    }
    pub fn pending_count(&self) -> usize {
        self.pending.count() + self.creates.count()
    }
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }
    /// The owner's name, or the raw id when the server has no `/users` or does not know it.
    pub fn owner_name<'a>(&'a self, owner_id: &'a str) -> &'a str {
        self.users.get(owner_id).map_or(owner_id, String::as_str)
    }
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    fn alloc_op(&mut self) -> OpId {
        let op = OpId(self.next_op);
        self.next_op += 1;
        op
    }

    /// Makes a command with a fresh op id and remembers what it is for.
    fn issue(&mut self, request: Request, make: impl FnOnce(OpId) -> Command) -> Command {
        let op = self.alloc_op();
        self.requests.insert(op, request);
        make(op)
    }

    fn set_users(&mut self, users: Vec<User>) {
        self.users = users.iter().map(|u| (u.id.clone(), crate::sanitize::sanitize(&u.name))).collect();
        match &mut self.popup {
            Some(Dialog::DealForm(f)) => f.set_users(&users),
            Some(Dialog::Filter(f)) => f.set_users(&users),
            _ => {}
        }
        self.user_list = Some(users);
    }
}
