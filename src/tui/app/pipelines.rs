//! `P`: a picker listing the pipelines (`p` / `Tab` cycle them, in `loading.rs`).

use super::App;
use crate::tui::command::Command;
use crate::tui::dialogs::{Dialog, PickDialog};
use crate::tui::strings;

impl App {
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
}
