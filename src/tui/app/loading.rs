//! What the board reads from the server. Loading the board: pipelines first, then the stage
//! totals and the first page of every stage at once (each column paints as its page arrives),
//! then the rest of each stage behind it; `p` / `Tab` / `P` switch pipelines, `r` reloads.
//! `Enter`: the details view, loaded on demand. Contacts for the deal form's picker and the
//! search (`GET /contacts?q=`, a local-server extension), asked for once when first needed.

use jiff::{SignedDuration, Timestamp};

use super::board::ColumnLoad;
use super::{App, Request};
use crate::model::Pipeline;
use crate::sanitize::sanitize;
use crate::tui::api::ClientError;
use crate::tui::dialogs::{Details, Dialog, Loadable, PickDialog};
use crate::tui::message::{Call, Command, OpId, Outcome};
use crate::tui::strings;

/// The first wait before asking an unreachable server again; it doubles after each failed try.
pub const FIRST_RETRY: SignedDuration = SignedDuration::from_secs(1);
/// The longest wait between tries.
pub const MAX_RETRY: SignedDuration = SignedDuration::from_secs(30);

/// A board started while the server could not be reached asks again by itself: the time comes
/// in with the ticks (`set_now`), never read here.
#[derive(Debug, Clone, Copy)]
pub(super) struct Retry {
    /// When the next try goes out; `None` while one is out.
    at: Option<Timestamp>,
    /// The wait before the try after that.
    wait: SignedDuration,
}

impl App {
    pub(super) fn on_pipelines(&mut self, result: Result<Outcome, ClientError>) -> Vec<Command> {
        let pipelines = match result {
            Ok(Outcome::Pipelines(p)) => p,
            Ok(_) => return Vec::new(),
            // A refused key refuses everything after it: the board ends with the reason.
            Err(e @ ClientError::Unauthorized) => {
                self.ui.fatal = Some(e.to_string());
                self.ui.quit = true;
                return Vec::new();
            }
            Err(e) if e.is_offline() && self.board.pipeline().is_none() => {
                self.schedule_retry(&e);
                return Vec::new();
            }
            Err(e) => {
                self.report_load_error(strings::WHAT_PIPELINES, &e);
                return Vec::new();
            }
        };
        self.ui.retry = None;
        self.ui.pipelines_loaded = true;
        if pipelines.is_empty() {
            self.status.info(strings::NO_PIPELINES);
            return Vec::new();
        }
        // Keep showing the same pipeline across a reload of the list.
        let shown = self.board.pipeline().cloned();
        self.board.pipelines = pipelines;
        let index = self.first_pipeline(shown.as_ref().map(|p| p.id.clone()));
        if shown.is_some_and(|p| same_stages(&p, &self.board.pipelines[index])) {
            // A refresh: the columns stand and are already reloading; only the list changed.
            self.board.current = Some(index);
            return Vec::new();
        }
        self.board.show_pipeline(index);
        self.load_columns()
    }

    /// The pipeline to open: the one already shown, else the one asked for, else the default.
    fn first_pipeline(&mut self, keep: Option<String>) -> usize {
        let pipelines = &self.board.pipelines;
        let find = |id: &str| pipelines.iter().position(|p| p.id == id);
        if let Some(i) = keep.as_deref().and_then(find) {
            return i;
        }
        let default = pipelines.iter().position(|p| p.is_default).unwrap_or(0);
        match self.settings.pipeline.clone() {
            Some(id) => find(&id).unwrap_or_else(|| {
                let shown = pipelines[default].name.to_string();
                self.status.error(strings::pipeline_not_found(&sanitize(&id), &shown));
                default
            }),
            None => default,
        }
    }

    pub(super) fn on_users(&mut self, result: Result<Outcome, ClientError>) {
        match result {
            Ok(Outcome::Users(Some(users))) => self.set_users(users),
            // No `/users` on this server: owners stay raw ids.
            Ok(_) => {}
            // Names are a nicety; the board works without them. Offline is reported elsewhere.
            Err(e) => tracing::warn!(error = %e, "users not loaded"),
        }
    }

    /// Starts a new load of every column of the current pipeline. Answers to earlier loads are
    /// dropped by generation.
    pub(super) fn load_columns(&mut self) -> Vec<Command> {
        // A board rebuilt from scratch (another pipeline, filter or sort) drops the marks: they
        // were made on cards no longer shown. A refresh (columns collecting `incoming`) keeps them.
        if self.board.columns.iter().all(|c| c.incoming.is_none()) {
            self.changes.keep_marks(|_| false);
        }
        // The pipeline shown may be new: its won stage gets its own query.
        self.sync_won_view();
        self.requests.generation += 1;
        self.full_load_started();
        self.ui.skipped = 0;
        let generation = self.requests.generation;
        let Some(pipeline_id) = self.board.pipeline().map(|p| p.id.clone()) else { return Vec::new() };
        let mut out = vec![self.issue(Request::Stages { generation }, Call::LoadStages { pipeline_id })];
        let stage_ids: Vec<String> = self.board.columns.iter().map(|c| c.stage.id.clone()).collect();
        for stage_id in stage_ids {
            let query = self.view.for_stage(&stage_id);
            out.push(self.issue(Request::Page { generation, stage_id }, Call::ListDeals { query }));
        }
        out
    }

    pub(super) fn on_stages(&mut self, generation: u64, result: Result<Outcome, ClientError>) {
        if generation != self.requests.generation {
            return;
        }
        match result {
            // Under a filter the stage counts (every open deal) would not match the cards: the
            // pages' totals count instead.
            Ok(_) if self.view.filter.is_active() => {}
            Ok(Outcome::Stages(summaries)) => {
                for s in summaries {
                    // The won column counts the deals it shows, not the stage's open deals.
                    if self.view.won_since(&s.id).is_some() {
                        continue;
                    }
                    if let Some(c) = self.board.column_of_stage(&s.id) {
                        self.board.columns[c].summary = Some(s);
                    }
                }
            }
            Ok(_) => {}
            Err(e) => self.report_load_error(strings::WHAT_STAGES, &e),
        }
    }

    /// A page of a column. `open_in_won`: of the won column's second read (its open deals).
    pub(super) fn on_page(
        &mut self,
        generation: u64,
        stage_id: &str,
        open_in_won: bool,
        result: Result<Outcome, ClientError>,
    ) -> Vec<Command> {
        if generation != self.requests.generation {
            return Vec::new();
        }
        let Some(c) = self.board.column_of_stage(stage_id) else { return Vec::new() };
        let page = match result {
            Ok(Outcome::DealPage(p)) => p,
            Ok(_) => return Vec::new(),
            Err(e) => {
                let col = &mut self.board.columns[c];
                col.load = ColumnLoad::Failed(e.to_string());
                col.incoming = None;
                col.settle_reselect(true);
                self.report_load_error(strings::WHAT_DEALS, &e);
                self.column_refreshed(stage_id);
                return Vec::new();
            }
        };
        self.note_skipped(page.skipped);
        // The won column's won deals come newest change first: a page ending before the window
        // is the last worth reading (a deal's `updated_at` is never before its `closed_at`);
        // its open deals follow (`open_in_won_stage`).
        let won_since = self.view.won_since(stage_id);
        let then_open = won_since.is_some() && !open_in_won;
        let mut page = page;
        if then_open && won_since.is_some_and(|s| page.items.last().is_some_and(|d| d.updated_at < s)) {
            page.next_cursor = None;
        }
        // Under a value range the page's total counts deals in other currencies `shows` drops
        // (and the won column's counts older won deals, and only one of its reads): the column
        // counts what it holds instead.
        let own_count = self.view.filters_value() || won_since.is_some();
        self.board.columns[c].total = if own_count { None } else { page.total };
        let items = if own_count {
            page.items.into_iter().filter(|d| self.view.shows(d)).collect()
        } else {
            page.items
        };
        self.add_page(c, items);
        let col = &mut self.board.columns[c];
        if col.incoming.is_none() {
            col.settle_reselect(page.next_cursor.is_none() && !then_open);
        }
        let next = match (page.next_cursor, then_open) {
            (Some(cursor), _) => Some(Some(cursor)),
            (None, true) => Some(None),
            (None, false) => None,
        };
        match next {
            Some(cursor) => {
                // A refresh collects off screen: the column shown is still the complete old copy,
                // so no "loaded x of y" every time the timer refreshes a big board.
                if col.incoming.is_none() {
                    col.load = ColumnLoad::Partial;
                }
                let open = open_in_won || cursor.is_none();
                let mut query =
                    if open { self.view.open_in_won_stage(stage_id) } else { self.view.for_stage(stage_id) };
                query.cursor = cursor;
                let stage_id = stage_id.to_string();
                let request = if open {
                    Request::WonOpenPage { generation, stage_id }
                } else {
                    Request::Page { generation, stage_id }
                };
                vec![self.issue(request, Call::ListDeals { query })]
            }
            None => {
                col.load = ColumnLoad::Complete;
                self.column_refreshed(stage_id);
                Vec::new()
            }
        }
    }

    /// Adds a page to a column: straight onto the board on a first load; on a reload only what
    /// differs from the board is kept until every column is in (`merge_page`). Deals with a
    /// change in flight keep their local copy.
    fn add_page(&mut self, c: usize, items: Vec<crate::model::Deal>) {
        if self.board.columns[c].incoming.is_some() {
            self.merge_page(c, items);
            self.keep_selection_in_view();
            return;
        }
        let changes = &self.changes;
        let col = &mut self.board.columns[c];
        let fresh = items.into_iter().filter(|d| !changes.has(&d.id));
        // A deal must not show twice. Keyset cursors never repeat one; an offset-paging
        // server repeats a deal across a page boundary when others insert above it, so
        // the last pages are checked: cheap even for a 100,000-deal column.
        let new: Vec<_> = {
            let tail = col.deals.iter().rev().take(2 * super::query::PAGE_SIZE as usize);
            let seen: std::collections::HashSet<&str> = tail.map(|d| d.id.as_str()).collect();
            let mut in_page = std::collections::HashSet::new();
            fresh.filter(|d| !seen.contains(d.id.as_str()) && in_page.insert(d.id.clone())).collect()
        };
        col.push_deals(new);
        self.order_column(c);
        self.keep_selection_in_view();
    }

    /// Value sort across currencies: the server orders raw amounts (yen above dollars), so the
    /// column is ordered here by [`ViewQuery::order_by_value`](super::query::ViewQuery); the
    /// selected deal stays selected.
    pub(super) fn order_column(&mut self, c: usize) {
        let Some(sort) = self.view.sort.filter(|s| s.field == crate::model::SortField::Value) else { return };
        let main = self.board.usual_currency().to_string();
        let col = &mut self.board.columns[c];
        let selected = col.deals.get(col.selected).map(|d| d.id.clone());
        let mut deals = std::mem::take(&mut col.deals);
        self.view.order_by_value(&mut deals, &main, sort.descending);
        col.deals = deals;
        if let Some(i) = selected.and_then(|id| col.deals.iter().position(|d| d.id == id)) {
            col.selected = i;
        }
    }

    /// The server could not be reached before any board was shown: the next try after the
    /// current wait, the wait after it doubled (up to [`MAX_RETRY`]).
    fn schedule_retry(&mut self, e: &ClientError) {
        let wait = self.ui.retry.map_or(FIRST_RETRY, |r| r.wait);
        let at = self.now.checked_add(wait).unwrap_or(self.now);
        let next = wait.checked_mul(2).unwrap_or(MAX_RETRY).min(MAX_RETRY);
        self.ui.retry = Some(Retry { at: Some(at), wait: next });
        self.say_retry();
        self.status.offline_said = e.is_offline();
    }

    /// On each tick while a retry waits: the countdown, and the try itself when its time came.
    pub(super) fn retry_tick(&mut self) -> Vec<Command> {
        let Some(Retry { at: Some(at), .. }) = self.ui.retry else { return Vec::new() };
        if self.now >= at {
            return self.retry_now();
        }
        self.say_retry();
        Vec::new()
    }

    /// Asks for the pipelines again (and the users with them).
    fn retry_now(&mut self) -> Vec<Command> {
        if let Some(r) = &mut self.ui.retry {
            r.at = None;
        }
        self.say_retry();
        self.start()
    }

    /// `offline: cannot reach … · next try in 4 s · r tries now`, kept in the status line as the
    /// seconds go down (a key may have cleared it).
    fn say_retry(&mut self) {
        let Some(r) = self.ui.retry else { return };
        let offline = strings::offline(&self.settings.api_url);
        let text = match r.at {
            Some(at) => {
                let left = at.duration_since(self.now).as_secs_f64().ceil().max(0.0) as u64;
                let now_key =
                    self.keymap.hint(crate::settings::keys::Action::Refresh, 1, self.settings.ascii);
                strings::retrying_in(&offline, left, now_key.as_deref())
            }
            None => strings::retrying_now(&offline),
        };
        if self.status.message.as_ref().is_none_or(|(_, m)| *m != text) {
            self.status.error(text);
            self.status.offline_said = true;
        }
    }

    /// `r`: reloads the pipelines, users and the current board, keeping what is shown until the
    /// new copy is in. A pipeline whose stages changed is rebuilt when the list arrives.
    pub(super) fn refresh(&mut self) -> Vec<Command> {
        self.status.info(strings::REFRESHING);
        if self.board.pipeline().is_none() {
            if self.ui.retry.is_some() {
                return self.retry_now();
            }
            return self.start();
        }
        self.reload_everything(false)
    }

    /// The reload behind `r` and the timer (`quiet`: no messages unless something left).
    pub(super) fn reload_everything(&mut self, quiet: bool) -> Vec<Command> {
        let was_complete = self.board.fully_loaded();
        for col in &mut self.board.columns {
            col.incoming = Some(Default::default());
        }
        let mut out = self.start();
        out.extend(self.load_columns());
        self.track_refresh(quiet, was_complete);
        out
    }

    /// `p` / `Tab`: the next pipeline, loaded fresh.
    pub(super) fn next_pipeline(&mut self) -> Vec<Command> {
        let n = self.board.pipelines.len();
        let Some(current) = self.board.current else { return Vec::new() };
        if n < 2 {
            self.status.info(strings::ONE_PIPELINE);
            return Vec::new();
        }
        self.board.show_pipeline((current + 1) % n);
        self.load_columns()
    }

    pub(super) fn open_pipeline_picker(&mut self) {
        if self.board.pipelines.is_empty() {
            self.status.info(strings::NO_PIPELINE_YET);
            return;
        }
        let dialog = PickDialog::pipelines(&self.board.pipelines, self.current_pipeline_id());
        self.popup = Some(Dialog::Pipelines(Box::new(dialog)));
    }

    /// Shows the pipeline `id`, loaded fresh; the one shown already stays as it is.
    pub(super) fn switch_pipeline(&mut self, id: &str) -> Vec<Command> {
        let Some(index) = self.board.pipelines.iter().position(|p| p.id == id) else { return Vec::new() };
        if self.board.current == Some(index) {
            return Vec::new();
        }
        self.board.show_pipeline(index);
        self.keep_selection_in_view();
        self.load_columns()
    }

    pub(super) fn open_details(&mut self) -> Vec<Command> {
        // Also refuses a new deal the server has not answered for: it has no id to load yet.
        let Some(deal) = self.selected_or_say() else { return Vec::new() };
        let id = deal.id.clone();
        let get = self.issue(Request::Detail, Call::GetDeal { deal_id: id.clone() });
        let acts = self.issue(Request::Activities, Call::LoadActivities { deal_id: id });
        self.popup = Some(Dialog::Details(Box::new(Details::new(deal, get.op, acts.op))));
        vec![get, acts]
    }

    /// The full deal or its activities, for the details view if it is the one that asked.
    pub(super) fn on_details(&mut self, op: OpId, result: Result<Outcome, ClientError>) {
        let Some(Dialog::Details(d)) = &mut self.popup else { return };
        match result {
            Ok(Outcome::Deal(detail)) if d.detail_op == op => d.detail = Loadable::Ready(detail),
            Ok(Outcome::Activities(a)) if d.activities_op == op => d.activities = Loadable::Ready(a),
            Err(e) if d.detail_op == op => d.detail = Loadable::Failed(e.to_string()),
            Err(e) if d.activities_op == op => d.activities = Loadable::Failed(e.to_string()),
            _ => {}
        }
    }

    /// Asks for the contacts matching `query`: every contact once, a search when it differs from
    /// the last one (answers to older searches are dropped on arrival).
    pub(super) fn load_contacts(&mut self, query: &str) -> Vec<Command> {
        let asked = &mut self.data.contacts_asked;
        if asked.iter().any(|q| q == query) {
            return Vec::new();
        }
        asked.retain(String::is_empty);
        asked.push(query.to_string());
        let query = query.to_string();
        vec![self.issue(Request::Contacts { query: query.clone() }, Call::SearchContacts { query })]
    }

    /// After a key in a deal form: a new search in its contact picker goes to the server too.
    pub(super) fn contacts_for_form(&mut self) -> Vec<Command> {
        let query = match &self.popup {
            Some(Dialog::DealForm(f)) if self.data.contacts.is_some() => {
                f.contact_query().map(str::to_string)
            }
            _ => None,
        };
        match query {
            Some(q) if !q.trim().is_empty() => self.load_contacts(q.trim()),
            _ => Vec::new(),
        }
    }

    pub(super) fn on_contacts(&mut self, query: &str, result: Result<Outcome, ClientError>) {
        let contacts = match result {
            Ok(Outcome::Contacts(Some(c))) => c,
            // No `/contacts`: the form keeps its typed-id field.
            Ok(_) => return,
            Err(e) => {
                // Asking again later may work; the form works with a typed id meanwhile.
                self.data.contacts_asked.retain(|q| q != query);
                tracing::warn!(error = %e, "contacts not loaded");
                return;
            }
        };
        if let Some(Dialog::DealForm(f)) = &mut self.popup {
            let open_query = f.contact_query().map(str::trim);
            if query.is_empty() || open_query == Some(query) {
                f.set_contacts(&contacts);
            }
        }
        if query.is_empty() {
            self.data.contacts = Some(contacts);
        }
    }

    /// Deals a page left out because they could not be read: the status line counts them.
    pub(super) fn note_skipped(&mut self, skipped: usize) {
        if skipped > 0 {
            self.ui.skipped += skipped;
            self.status.error(strings::unreadable_deals(self.ui.skipped));
        }
    }

    pub(super) fn report_load_error(&mut self, what: &str, e: &ClientError) {
        if e.is_offline() {
            self.status.failed(strings::offline(&self.settings.api_url), e);
        } else {
            self.status.error(strings::load_failed(what, e));
        }
    }
}

/// Whether two copies of a pipeline have the same stages in the same order (so its columns
/// can stay as they are).
fn same_stages(a: &Pipeline, b: &Pipeline) -> bool {
    let ids = |p: &Pipeline| {
        let mut s: Vec<_> =
            p.stages.iter().map(|s| (s.position, s.id.clone(), s.name.clone(), s.probability)).collect();
        s.sort();
        s
    };
    a.id == b.id && ids(a) == ids(b)
}
