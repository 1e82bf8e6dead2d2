//! A dialog that picks one thing from a list, searchable as you type (fuzzy, ranked): the
//! pipeline picker, a new owner for marked deals, a stage to move to. Type to narrow, ↑/↓ to
//! move, Enter picks, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::is_press;
use super::picker::{PickItem, Picker, PickerKey, push_picker, user_items};
use super::render::{self, Body, FormTheme};
use super::{Intent, Outcome};
use crate::model::{Pipeline, SafeText, User};
use crate::tui::strings as s;

const WIDTH: u16 = 64;

#[derive(Debug, Clone)]
pub struct PickDialog {
    title: String,
    picker: Picker,
    /// What picking an id asks for.
    intent: fn(String) -> Intent,
    /// Said under the list: why it is empty and what to do instead.
    note: &'static [&'static str],
    /// The keys line at the bottom.
    keys: &'static str,
}

impl PickDialog {
    /// `current` is highlighted when the dialog opens; `intent` makes the picked id a request.
    pub(super) fn new(
        title: String,
        items: Vec<PickItem>,
        current: Option<&str>,
        intent: fn(String) -> Intent,
    ) -> Self {
        let mut picker = Picker::new(items, current, false);
        picker.open_list();
        PickDialog { title, picker, intent, note: &[], keys: s::KEYS_PICK_DIALOG }
    }

    /// Pipelines by name, the default one marked.
    pub fn pipelines(pipelines: &[Pipeline], current: Option<&str>) -> Self {
        let default = SafeText::from(s::DEFAULT_PIPELINE);
        let items = pipelines.iter().map(|p| PickItem::new(&p.id, &p.name, p.is_default.then_some(&default)));
        PickDialog::new(s::TITLE_PIPELINES.into(), items.collect(), current, Intent::Pipeline)
    }

    /// Users by name, with their email: a new owner.
    pub fn users(title: impl Into<String>, users: &[User], current: Option<&str>) -> Self {
        PickDialog::new(title.into(), user_items(users), current, Intent::Owner)
    }

    /// Users by name, with their email: who "me" is.
    /// Without users (a server without `/users`), it says how to set me in the config instead.
    pub fn me(users: &[User], current: Option<&str>) -> Self {
        let mut dialog = PickDialog::new(s::TITLE_CHOOSE_ME.into(), user_items(users), current, Intent::Me);
        if users.is_empty() {
            dialog.note = s::NO_USERS_FOR_ME_NOTE;
        }
        dialog
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if !is_press(&key) {
            return Outcome::Stay;
        }
        match key.code {
            KeyCode::Esc => return Outcome::Close,
            // The list is the whole dialog: there is no other field to move to.
            KeyCode::Tab | KeyCode::BackTab => return Outcome::Stay,
            _ => {}
        }
        match self.picker.handle(key) {
            PickerKey::Changed => match self.picker.chosen() {
                Some(id) => Outcome::Submit((self.intent)(id.to_string())),
                None => Outcome::Stay,
            },
            PickerKey::Consumed | PickerKey::Pass => Outcome::Stay,
        }
    }

    /// Another keys line (a dialog built on this one that reads more keys).
    pub(super) fn with_keys(mut self, keys: &'static str) -> Self {
        self.keys = keys;
        self
    }

    /// Wide enough for its keys line (and the borders) to be read whole.
    fn width(&self) -> u16 {
        WIDTH.max(crate::tui::text::width(self.keys) as u16 + 2)
    }

    /// The id of the item highlighted in the list.
    pub(super) fn highlighted(&self) -> Option<&str> {
        self.picker.highlighted()
    }

    pub fn handle_paste(&mut self, text: &str) -> Outcome {
        self.picker.paste(text);
        Outcome::Stay
    }

    pub fn draw_in(&self, frame: &mut Frame, area: Rect, theme: &FormTheme) {
        let mut body = Body::default();
        let label = render::label(s::LABEL_SEARCH, true, theme);
        let width = self.width();
        push_picker(&mut body, label, &self.picker, true, width, s::NONE_CHOICE, theme);
        body.focus_from(0);
        for line in self.note {
            body.push(Line::styled(*line, theme.hint));
        }
        let footer = vec![Line::styled(self.keys, theme.hint)];
        render::dialog(frame, area, width, &self.title, &body, footer, theme);
    }
}

form_component!(PickDialog);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use crate::tui::dialogs::test_util::{key, render_snapshot, typing};
    use crossterm::event::KeyCode::*;

    fn pipelines() -> Vec<Pipeline> {
        let p = |id: &str, name: &str, is_default| Pipeline {
            id: id.into(),
            name: name.into(),
            stages: Vec::<Stage>::new(),
            is_default,
        };
        vec![p("pipe_1", "Sales", true), p("pipe_2", "Renewals", false), p("pipe_3", "Partners", false)]
    }

    #[test]
    fn opens_on_the_current_one_and_enter_picks_it() {
        let mut d = PickDialog::pipelines(&pipelines(), Some("pipe_2"));
        assert_eq!(d.handle_key(key(Enter)), Outcome::Submit(Intent::Pipeline("pipe_2".into())));
    }

    #[test]
    fn typing_narrows_and_ranks() {
        let mut d = PickDialog::pipelines(&pipelines(), None);
        for k in typing("part") {
            assert_eq!(d.handle_key(k), Outcome::Stay);
        }
        assert_eq!(d.handle_key(key(Enter)), Outcome::Submit(Intent::Pipeline("pipe_3".into())));
        let mut d = PickDialog::pipelines(&pipelines(), None);
        d.handle_key(key(Down));
        d.handle_key(key(Tab));
        assert_eq!(d.handle_key(key(Enter)), Outcome::Submit(Intent::Pipeline("pipe_2".into())));
    }

    #[test]
    fn nothing_matching_picks_nothing_and_esc_cancels() {
        let mut d = PickDialog::pipelines(&pipelines(), None);
        d.handle_paste("zzz");
        assert_eq!(d.handle_key(key(Enter)), Outcome::Stay);
        assert_eq!(d.handle_key(key(Esc)), Outcome::Close);
    }

    #[test]
    fn renders() {
        let users = vec![
            User { id: "usr_1".into(), name: "Ana Silva".into(), email: Some("ana@example.com".into()) },
            User { id: "usr_2".into(), name: "Bob Stone".into(), email: None },
        ];
        let d = PickDialog::users("New owner for 3 deals", &users, Some("usr_2"));
        let theme = FormTheme::default();
        insta::assert_snapshot!(render_snapshot(80, 24, |f| d.draw_in(f, f.area(), &theme)));
        for (w, h) in [(1, 1), (6, 3), (30, 6)] {
            render_snapshot(w, h, |f| d.draw_in(f, f.area(), &theme));
        }
    }

    fn many_users() -> Vec<User> {
        let names = [
            "Ana Silva",
            "Bob Stone",
            "Chiara Bianchi-Castellano",
            "Dmitri Ivanov",
            "Elif Yılmaz",
            "Femi Adeyemi",
            "Grace Liu",
            "Hannah Schmidt",
            "Ines Duarte",
            "Jonas Berg",
        ];
        (0..names.len())
            .map(|i| {
                let email = format!(
                    "{}.long-department-alias@sales.example-corporation.com",
                    names[i].to_lowercase()
                );
                User {
                    id: format!("usr_{i}"),
                    name: names[i].into(),
                    email: Some(email.replace(' ', ".").into()),
                }
            })
            .collect()
    }

    #[test]
    fn a_longer_list_says_how_many_more_and_keeps_the_highlight_in_view() {
        let mut d = PickDialog::users("New owner for 3 deals", &many_users(), None);
        let mut theme = FormTheme::default();
        insta::assert_snapshot!("more_below", render_snapshot(80, 16, |f| d.draw_in(f, f.area(), &theme)));
        for _ in 0..8 {
            d.handle_key(key(Down));
        }
        insta::assert_snapshot!("scrolled_down", render_snapshot(80, 16, |f| d.draw_in(f, f.area(), &theme)));
        // Moving back up within the rows shown does not scroll; past their top it does.
        for _ in 0..3 {
            d.handle_key(key(Up));
        }
        theme.ascii = true;
        insta::assert_snapshot!(
            "moved_up_ascii",
            render_snapshot(80, 16, |f| d.draw_in(f, f.area(), &theme))
        );
        for _ in 0..3 {
            d.handle_key(key(Up));
        }
        insta::assert_snapshot!(
            "scrolled_up_ascii",
            render_snapshot(80, 16, |f| d.draw_in(f, f.area(), &theme))
        );
    }
}
