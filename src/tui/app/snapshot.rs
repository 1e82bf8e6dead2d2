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
        for col in &mut self.board.columns {
            let mine = deals.iter().filter(|d| d.stage_id == col.stage.id).cloned().collect();
            col.push_deals(mine);
            col.summary = stages.iter().find(|s| s.id == col.stage.id).cloned();
            col.load = ColumnLoad::Complete;
        }
        if let Some(users) = users {
            self.set_users(users);
        }
        self.ui.pipelines_loaded = true;
        self.cached =
            Cached { read_at: Some(read_at), from_cache: true, refresh_on_start: true, save_due: false };
        self.keep_selection_in_view();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::message::{Call, Event};
    use crate::tui::test_support::{Fake, ch, loaded, now, settings, settle};

    /// The board a fully loaded fixture App would save.
    fn saved() -> Snapshot {
        let (mut app, _) = loaded(160, 45);
        let s = app.take_due_snapshot().expect("a completed load is due to be saved");
        assert_eq!(s.read_at, now());
        assert!(app.take_due_snapshot().is_none(), "once per load");
        s
    }

    #[test]
    fn a_cached_board_shows_at_once_then_a_quiet_refresh_brings_it_up_to_date() {
        let cached = saved();
        let later = now().checked_add(jiff::SignedDuration::from_hours(20)).unwrap();
        let mut app = App::new(settings(), later);
        app.update(Event::Resize { width: 160, height: 45 });
        assert!(app.show_cached(cached.clone()));
        // Before any request: the cards, their time, and no save due.
        let (fresh, _) = loaded(160, 45);
        let titles = |a: &App| -> Vec<Vec<String>> {
            a.board().columns.iter().map(|c| c.deals.iter().map(|d| d.title.to_string()).collect()).collect()
        };
        assert_eq!(titles(&app), titles(&fresh));
        assert!(app.pipelines_loaded());
        assert_eq!(app.cached_as_of(), Some(now()));
        assert_eq!(app.snapshot().map(|s| s.read_at), Some(now()), "saved again as read, not as now");

        // Only what changed since: the stage counts and the newest changes, two requests.
        let cmds = app.start();
        let calls: Vec<&Call> = cmds.iter().map(|c| &c.call).collect();
        assert!(
            matches!(&calls[..], [Call::LoadStages { .. }, Call::ListDeals { query }]
                if query.sort.is_some_and(|s| s.field == crate::model::SortField::UpdatedAt && s.descending)),
            "{calls:?}"
        );
        // Actions work on the cached board at once.
        let selected = app.board().selected_deal().unwrap().id.clone();
        let moved = app.update(ch('L'));
        assert!(
            matches!(&moved[..], [c] if matches!(&c.call, Call::MoveStage { deal_id, .. } if *deal_id == selected))
        );

        // The server's copy differs: a deal renamed elsewhere since.
        let mut fake = Fake::default();
        let other =
            fake.deals.iter_mut().find(|d| d.id != selected && d.status == crate::model::DealStatus::Open);
        let other = other.unwrap();
        other.title = "Renamed elsewhere".into();
        other.updated_at = later;
        let renamed = other.id.clone();
        let mut cmds = cmds;
        cmds.extend(moved);
        settle(&mut app, &mut fake, cmds);
        assert_eq!(app.board().deal(&renamed).unwrap().title.to_string(), "Renamed elsewhere");
        assert_eq!(app.cached_as_of(), None, "up to date now");
        let s = app.take_due_snapshot().expect("saved after the refresh");
        assert_eq!(s.read_at, later);
        assert!(s.deals.iter().any(|d| d.title == "Renamed elsewhere"));
    }

    #[test]
    fn a_cached_board_of_another_pipeline_than_asked_for_is_not_shown() {
        let cached = saved();
        let mut app = App::new(
            crate::tui::app::AppSettings { pipeline: Some("pipe_other".into()), ..settings() },
            now(),
        );
        assert!(!app.show_cached(cached));
        assert!(app.board().columns.is_empty());
        assert_eq!(app.cached_as_of(), None);
        assert!(matches!(&app.start()[..], [a, _] if a.call == Call::LoadPipelines));
    }

    #[test]
    fn a_board_under_a_filter_or_still_loading_is_not_saved() {
        let mut app = App::new(settings(), now());
        assert!(app.snapshot().is_none(), "nothing loaded");
        let cmds = app.start();
        assert!(app.take_due_snapshot().is_none());
        settle(&mut app, &mut Fake::default(), cmds);
        assert!(app.snapshot().is_some());
        app.view.sort = Some(crate::model::Sort { field: crate::model::SortField::Value, descending: true });
        assert!(app.snapshot().is_none(), "sorted: the next start would take it for the default order");
    }
}
