//! A dialog that picks one thing from a list, searchable as you type (fuzzy, ranked): the
//! pipeline picker, a new owner for marked deals, a stage to move to. Type to narrow, ↑/↓ to
//! move, Enter picks (`FormOutcome::Picked(id)`), Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::is_press;
use super::picker::{PickItem, Picker, PickerKey, push_picker};
use super::render::{self, Body, FormTheme};
use super::{FormOutcome, strings as s};
use crate::model::{Pipeline, SafeText, User};

const WIDTH: u16 = 64;

/// One entry of the list: `id` comes back when picked; `label` and `detail` are shown and searched.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: SafeText,
    pub detail: Option<SafeText>,
}

#[derive(Debug, Clone)]
pub struct PickDialog {
    title: String,
    picker: Picker,
    pub theme: FormTheme,
}

impl PickDialog {
    /// `current` is highlighted when the dialog opens.
    pub fn new(title: impl Into<String>, choices: &[Choice], current: Option<&str>) -> Self {
        let items = choices.iter().map(|c| PickItem::new(&c.id, &c.label, c.detail.as_ref())).collect();
        let mut picker = Picker::new(items, current, false);
        picker.open_list();
        PickDialog { title: title.into(), picker, theme: FormTheme::default() }
    }

    /// Pipelines by name, the default one marked.
    pub fn pipelines(pipelines: &[Pipeline], current: Option<&str>) -> Self {
        let choices: Vec<Choice> = pipelines
            .iter()
            .map(|p| Choice {
                id: p.id.clone(),
                label: p.name.clone(),
                detail: p.is_default.then(|| s::DEFAULT_PIPELINE.into()),
            })
            .collect();
        PickDialog::new(s::TITLE_PIPELINES, &choices, current)
    }

    /// Users by name, with their email.
    pub fn users(title: impl Into<String>, users: &[User], current: Option<&str>) -> Self {
        let choices: Vec<Choice> = users
            .iter()
            .map(|u| Choice { id: u.id.clone(), label: u.name.clone(), detail: u.email.clone() })
            .collect();
        PickDialog::new(title, &choices, current)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        if !is_press(&key) {
            return FormOutcome::Continue;
        }
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            // The list is the whole dialog: there is no other field to move to.
            KeyCode::Tab | KeyCode::BackTab => return FormOutcome::Continue,
            _ => {}
        }
        match self.picker.handle(key) {
            PickerKey::Changed => match self.picker.chosen() {
                Some(id) => FormOutcome::Picked(id.to_string()),
                None => FormOutcome::Continue,
            },
            PickerKey::Consumed | PickerKey::Pass => FormOutcome::Continue,
        }
    }

    pub fn handle_paste(&mut self, text: &str) -> FormOutcome {
        self.picker.paste(text);
        FormOutcome::Continue
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let mut body = Body::default();
        let label = render::label(s::LABEL_SEARCH, true, &self.theme);
        push_picker(&mut body, label, &self.picker, true, WIDTH, super::strings::NONE_CHOICE, &self.theme);
        body.focus_from(0);
        let footer = vec![Line::styled(s::KEYS_PICK_DIALOG, self.theme.hint)];
        render::dialog(frame, area, WIDTH, &self.title, &body, footer, &self.theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use crate::tui::forms::test_util::{key, render_snapshot, typing};
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
        assert_eq!(d.handle_key(key(Enter)), FormOutcome::Picked("pipe_2".into()));
    }

    #[test]
    fn typing_narrows_and_ranks() {
        let mut d = PickDialog::pipelines(&pipelines(), None);
        for k in typing("part") {
            assert_eq!(d.handle_key(k), FormOutcome::Continue);
        }
        assert_eq!(d.handle_key(key(Enter)), FormOutcome::Picked("pipe_3".into()));
        let mut d = PickDialog::pipelines(&pipelines(), None);
        d.handle_key(key(Down));
        d.handle_key(key(Tab));
        assert_eq!(d.handle_key(key(Enter)), FormOutcome::Picked("pipe_2".into()));
    }

    #[test]
    fn nothing_matching_picks_nothing_and_esc_cancels() {
        let mut d = PickDialog::pipelines(&pipelines(), None);
        d.handle_paste("zzz");
        assert_eq!(d.handle_key(key(Enter)), FormOutcome::Continue);
        assert_eq!(d.handle_key(key(Esc)), FormOutcome::Cancel);
    }

    #[test]
    fn renders() {
        let users = vec![
            User { id: "usr_1".into(), name: "Ana Silva".into(), email: Some("ana@example.com".into()) },
            User { id: "usr_2".into(), name: "Bob Stone".into(), email: None },
        ];
        let d = PickDialog::users("New owner for 3 deals", &users, Some("usr_2"));
        insta::assert_snapshot!(render_snapshot(80, 24, |f| d.draw(f, f.area())));
        for (w, h) in [(1, 1), (6, 3), (30, 6)] {
            render_snapshot(w, h, |f| d.draw(f, f.area()));
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
        insta::assert_snapshot!("more_below", render_snapshot(80, 16, |f| d.draw(f, f.area())));
        for _ in 0..8 {
            d.handle_key(key(Down));
        }
        insta::assert_snapshot!("scrolled_down", render_snapshot(80, 16, |f| d.draw(f, f.area())));
        // Moving back up within the rows shown does not scroll; past their top it does.
        for _ in 0..3 {
            d.handle_key(key(Up));
        }
        d.theme.ascii = true;
        insta::assert_snapshot!("moved_up_ascii", render_snapshot(80, 16, |f| d.draw(f, f.area())));
        for _ in 0..3 {
            d.handle_key(key(Up));
        }
        insta::assert_snapshot!("scrolled_up_ascii", render_snapshot(80, 16, |f| d.draw(f, f.area())));
    }
}
