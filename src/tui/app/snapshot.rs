//! The board kept between runs: drawn from the last run's copy (`show_cached`) before the
//! server has answered anything, then brought up to date by a quiet refresh (cards collected
//! off screen and merged once, as the timer's refresh does). The App only hands out and takes
//! in [`Snapshot`]s; reading and writing the file is the launcher's and the loop's.

use jiff::Timestamp;

use super::App;
use super::board::ColumnLoad;
use crate::tui::message::Snapshot;

/// Where the board's data stands with regard to the cache.
#[derive(Debug, Clone, Default)]
pub(super) struct Cached {
    /// When the cards shown were read from the server (the snapshot's time until a load of
    /// this run completes); `None` before any.
    read_at: Option<Timestamp>,
    /// The cards are the cached copy: no load of this run has completed yet.
    from_cache: bool,
    /// `start` refreshes the cached board instead of loading it.
    refresh_on_start: bool,
    /// A load settled since the loop last asked: the board is worth saving.
    save_due: bool,
}

impl App {
    /// Shows a cached board at once: its pipelines, the pipeline's columns complete with its
    /// cards, the owners' names. Then `start` refreshes it rather than loading it. Refused (false)
    /// when another pipeline was asked for or the snapshot does not hold together.
    pub fn show_cached(&mut self, snapshot: Snapshot) -> bool {
        let Snapshot { read_at, pipelines, pipeline_id, stages, deals, users } = snapshot;
        if self.settings.pipeline.as_deref().is_some_and(|p| p != pipeline_id) {
            tracing::info!("cached board not used: it is of pipeline {pipeline_id}, another was asked for");
            return false;
        }
        let Some(index) = pipelines.iter().position(|p| p.id == pipeline_id) else {
            tracing::warn!("cached board not used: its pipeline {pipeline_id} is not among its pipelines");
            return false;
        };
        self.board.pipelines = pipelines;
        self.board.show_pipeline(index);
        self.sync_won_view();
        for col in &mut self.board.columns {
            // The won column's window has moved on since: deals won before it are left out.
            let mine =
                deals.iter().filter(|d| d.stage_id == col.stage.id && self.view.shows(d)).cloned().collect();
            col.push_deals(mine);
            let won = self.view.won_since(&col.stage.id).is_some();
            col.summary = stages.iter().find(|s| s.id == col.stage.id && !won).cloned();
            col.load = ColumnLoad::Complete;
        }
        if let Some(users) = users {
            self.set_users(users);
        }
        self.ui.pipelines_loaded = true;
        self.cached =
            Cached { read_at: Some(read_at), from_cache: true, refresh_on_start: true, save_due: false };
        self.keep_selection_in_view();
        // Drawn before any event: the headers' rotting counts are ready for the first frame.
        self.sync_rotting();
        true
    }

    /// When the cached cards shown were read, while no load of this run has replaced them.
    pub fn cached_as_of(&self) -> Option<Timestamp> {
        self.cached.read_at.filter(|_| self.cached.from_cache)
    }

    /// The board's data as it stands, for the cache: only a board loaded completely with the
    /// default view (a filter or a sort would be taken for the whole board on the next start),
    /// without deals the server has not given an id yet.
    pub fn snapshot(&self) -> Option<Snapshot> {
        let pipeline = self.board.pipeline()?;
        let read_at = self.cached.read_at?;
        let complete = self.board.columns.iter().all(|c| c.load == ColumnLoad::Complete);
        if !complete || self.view.filter.is_active() || self.view.sort.is_some() {
            return None;
        }
        let deals = self.board.columns.iter().flat_map(|c| &c.deals).filter(|d| !self.creating(&d.id));
        Some(Snapshot {
            read_at,
            pipelines: self.board.pipelines.clone(),
            pipeline_id: pipeline.id.clone(),
            stages: self.board.columns.iter().filter_map(|c| c.summary.clone()).collect(),
            deals: deals.cloned().collect(),
            users: self.data.user_list.clone(),
        })
    }

    /// The snapshot to save, once after each load or refresh that completed.
    pub fn take_due_snapshot(&mut self) -> Option<Snapshot> {
        if !std::mem::take(&mut self.cached.save_due) {
            return None;
        }
        self.snapshot()
    }

    /// `start` on a cached board: the first requests are a quiet refresh.
    pub(super) fn start_from_cache(&mut self) -> bool {
        std::mem::take(&mut self.cached.refresh_on_start)
    }

    /// True while the board's cards are being loaded or refreshed.
    pub(super) fn loading_cards(&self) -> bool {
        !self.board.fully_loaded() || self.refresh_in_progress()
    }

    /// After an event that ended a load or refresh (`was_loading`: one was out before it): with
    /// every column complete, the board is now as read at `now`.
    pub(super) fn note_settled(&mut self, was_loading: bool) {
        if !was_loading || self.loading_cards() || self.board.pipeline().is_none() {
            return;
        }
        if self.board.columns.iter().all(|c| c.load == ColumnLoad::Complete) {
            self.cached.read_at = Some(self.now);
            self.cached.from_cache = false;
            self.cached.save_due = true;
        }
    }
}
