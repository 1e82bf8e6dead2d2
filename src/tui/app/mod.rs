//! The board's state and the one function that changes it: `update(event) -> commands`.
//! `update` never does I/O and never reads the clock (`set_now` gives it the time), so every
//! key path is tested by feeding events and worker results, without a terminal or a network.

pub mod board;
mod changes;
mod contacts;
mod create;
mod delete;
mod details;
mod edit;
mod filter;
mod forms;
pub mod keymap;
mod loading;
mod mouse;
mod navigate;
pub mod pending;
mod pipelines;
pub mod popup;
pub mod query;
mod reopen;
pub mod search;
pub mod status;
pub mod undo;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crossterm::event::KeyEvent;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use self::board::Board;
use self::create::Creates;
pub use self::edit::apply_patch;
use self::keymap::{Action, Keymap, is_press};
use self::pending::Pending;
use self::popup::{ConfirmQuit, Help, Outcome, Popup};
use self::query::ViewQuery;
use self::search::Search;
use self::status::Status;
use self::undo::UndoStack;
use super::command::{Command, OpId};
use super::event::{ApiEvent, Event};
use crate::model::{Contact, User};
use crate::tui::forms::DealForm;

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
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            pipeline: None,
            mouse: true,
            api_url: String::new(),
            color: true,
            time_zone: TimeZone::UTC,
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
    popup: Option<Popup>,
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
        let narrow = !matches!(event, Event::Tick);
        let out = self.dispatch(event);
        // Every change to the board (a page, a move, a key) could change what the search shows.
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
                Vec::new()
            }
            Event::Tick => {
                self.status.spinner = self.status.spinner.wrapping_add(1);
                Vec::new()
            }
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

    /// True while any request is out: the loop ticks the spinner only then.
    pub fn wants_ticks(&self) -> bool {
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
    pub fn popup(&self) -> Option<&Popup> {
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

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if let Some(mut popup) = self.popup.take() {
            if let Some(outcome) = popup.form_key(key) {
                return self.on_form_outcome(popup, outcome);
            }
            let outcome = popup.handle_key(&key);
            return match outcome {
                Outcome::Stay => {
                    self.popup = Some(popup);
                    Vec::new()
                }
                Outcome::Close => Vec::new(),
                Outcome::Submit => self.submit_popup(popup),
            };
        }
        if self.search.as_ref().is_some_and(|s| s.editing) {
            return self.on_search_key(key);
        }
        let Some(action) = self.keymap.action(&key) else { return Vec::new() };
        // A key answers the message it follows; the action may set a new one.
        self.status.clear();
        self.on_action(action)
    }

    fn on_action(&mut self, action: Action) -> Vec<Command> {
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
            Action::Close => self.clear_search(),
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
            Action::Help => self.popup = Some(Popup::Help(Help::default())),
            Action::Quit => self.ask_quit(),
        }
        Vec::new()
    }

    fn ask_quit(&mut self) {
        // New deals on their way count too: quitting could lose them just the same.
        let pending = self.pending_count();
        if pending == 0 {
            self.quit = true;
        } else {
            self.popup = Some(Popup::ConfirmQuit(ConfirmQuit { pending }));
        }
    }

    fn submit_popup(&mut self, popup: Popup) -> Vec<Command> {
        match popup {
            Popup::ConfirmQuit(_) => {
                self.quit = true;
                Vec::new()
            }
            Popup::StagePicker(p) => self.submit_stage_picker(p),
            Popup::Won(d) => self.submit_won(d),
            Popup::Lost(d) => self.submit_lost(d),
            Popup::Value(d) => self.submit_value(d),
            // These only close (the forms answer through `on_form_outcome`).
            Popup::Help(_)
            | Popup::Details(_)
            | Popup::DealForm(_)
            | Popup::Filter(_)
            | Popup::Sort(_)
            | Popup::ConfirmDelete(_)
            | Popup::Pipelines(_) => Vec::new(),
        }
    }

    fn on_api(&mut self, ev: ApiEvent) -> Vec<Command> {
        let op = ev.op();
        let Some(request) = self.requests.remove(&op) else {
            // Not ours (or answered twice): nothing to do.
            return Vec::new();
        };
        match ev.error() {
            Some(e) if e.is_offline() => self.status.offline = true,
            Some(_) => {}
            None => self.status.offline = false,
        }
        match (request, ev) {
            (Request::Pipelines, ApiEvent::Pipelines { result, .. }) => self.on_pipelines(result),
            (Request::Users, ApiEvent::Users { result, .. }) => {
                self.on_users(result);
                Vec::new()
            }
            (Request::Stages { generation }, ApiEvent::Stages { result, .. }) => {
                self.on_stages(generation, result);
                Vec::new()
            }
            (Request::Page { generation, stage_id }, ApiEvent::DealPage { result, .. }) => {
                self.on_page(generation, &stage_id, result)
            }
            (Request::Detail, ApiEvent::Deal { result, .. }) => {
                self.on_detail(op, result);
                Vec::new()
            }
            (Request::Activities, ApiEvent::Activities { result, .. }) => {
                self.on_activities(op, result);
                Vec::new()
            }
            (Request::Change, ApiEvent::Saved { result, .. }) => self.on_saved(op, result),
            (Request::Change, ApiEvent::Deleted { result, .. }) => self.on_deleted(op, result),
            (Request::Create, ApiEvent::Saved { result, .. }) => self.on_created(op, result),
            (Request::Contacts { query }, ApiEvent::Contacts { result, .. }) => {
                self.on_contacts(&query, result);
                Vec::new()
            }
            (request, ev) => {
                tracing::warn!(?request, op = ?ev.op(), "answer of an unexpected kind; ignored");
                Vec::new()
            }
        }
    }

    fn set_users(&mut self, users: Vec<User>) {
        self.users = users.iter().map(|u| (u.id.clone(), crate::sanitize::sanitize(&u.name))).collect();
        if let Some(Popup::DealForm(f)) = &mut self.popup {
            f.set_users(&users);
        }
        self.user_list = Some(users);
    }
}
