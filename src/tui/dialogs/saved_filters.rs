//! `S`: the saved filters (kept per account) and the built-in ones, searchable as you type.
//! Enter applies the highlighted one, Ctrl+D deletes it (the App refuses for a built-in), Esc
//! cancels. The list itself comes from the App, which knows what is saved.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keys::{is_ctrl, is_press};
use super::pick_dialog::PickDialog;
use super::picker::PickItem;
use super::render::FormTheme;
use super::{Intent, Outcome};
use crate::model::SafeText;
use crate::tui::strings as s;

/// One row of the list: the id the App knows it by, its name, and what it filters.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedFilterItem {
    pub id: String,
    pub name: SafeText,
    pub detail: SafeText,
}

/// The pick dialog (typing, moving, Enter, Esc, drawing), with Ctrl+D on top.
#[derive(Debug, Clone)]
pub struct SavedFiltersDialog {
    list: PickDialog,
}

impl SavedFiltersDialog {
    pub fn new(items: &[SavedFilterItem]) -> Self {
        let items = items.iter().map(|i| PickItem::new(&i.id, &i.name, Some(&i.detail))).collect();
        let list = PickDialog::new(s::TITLE_SAVED_FILTERS.into(), items, None, Intent::SavedFilter);
        SavedFiltersDialog { list: list.with_keys(s::KEYS_SAVED_FILTERS) }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if is_press(&key) && is_ctrl(&key, 'd') {
            return match self.list.highlighted() {
                Some(id) => Outcome::Submit(Intent::DeleteSavedFilter(id.to_string())),
                None => Outcome::Stay,
            };
        }
        self.list.handle_key(key)
    }

    pub fn handle_paste(&mut self, text: &str) -> Outcome {
        self.list.handle_paste(text)
    }

    pub fn draw_in(&self, frame: &mut Frame, area: Rect, theme: &FormTheme) {
        self.list.draw_in(frame, area, theme);
    }
}

form_component!(SavedFiltersDialog);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::dialogs::test_util::{key, render_snapshot, typing};
    use crossterm::event::KeyCode::*;
    use crossterm::event::KeyModifiers;

    fn items() -> Vec<SavedFilterItem> {
        let i = |id: &str, name: &str, detail: &str| SavedFilterItem {
            id: id.into(),
            name: name.into(),
            detail: detail.into(),
        };
        vec![
            i("builtin:mine", "my deals", "built-in"),
            i("builtin:rotting", "rotting", "built-in"),
            i("saved:Big ones", "Big ones", "value ≥ 50,000 in USD"),
        ]
    }

    #[test]
    fn enter_applies_the_highlighted_one_and_typing_finds_it() {
        let mut d = SavedFiltersDialog::new(&items());
        assert_eq!(d.handle_key(key(Enter)), Outcome::Submit(Intent::SavedFilter("builtin:mine".into())));
        let mut d = SavedFiltersDialog::new(&items());
        for k in typing("big") {
            assert_eq!(d.handle_key(k), Outcome::Stay);
        }
        assert_eq!(d.handle_key(key(Enter)), Outcome::Submit(Intent::SavedFilter("saved:Big ones".into())));
        assert_eq!(d.handle_key(key(Esc)), Outcome::Close);
    }

    #[test]
    fn ctrl_d_asks_to_delete_the_highlighted_one_only() {
        let mut d = SavedFiltersDialog::new(&items());
        d.handle_key(key(Down));
        d.handle_key(key(Down));
        let ctrl_d = crossterm::event::KeyEvent::new(Char('d'), KeyModifiers::CONTROL);
        assert_eq!(d.handle_key(ctrl_d), Outcome::Submit(Intent::DeleteSavedFilter("saved:Big ones".into())));
        let mut d = SavedFiltersDialog::new(&items());
        d.handle_paste("zzz");
        assert_eq!(d.handle_key(ctrl_d), Outcome::Stay);
    }

    #[test]
    fn renders_at_any_size() {
        let d = SavedFiltersDialog::new(&items());
        let theme = FormTheme::default();
        let shown = render_snapshot(80, 24, |f| d.draw_in(f, f.area(), &theme));
        assert!(shown.contains("Saved filters") && shown.contains("Big ones") && shown.contains("Ctrl+D"));
        for (w, h) in [(1, 1), (6, 3), (30, 6)] {
            render_snapshot(w, h, |f| d.draw_in(f, f.area(), &theme));
        }
    }
}
