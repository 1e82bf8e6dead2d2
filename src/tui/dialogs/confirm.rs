//! The delete confirmation: the deal (named, and that it cannot be undone) or the marked deals.
//! `y` alone confirms (an Enter meant for something else must not delete), Esc or `n` cancels;
//! nothing else does anything, so a stray key never deletes. (Quitting with changes in flight
//! asks through `confirm_quit.rs`.)

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::keys::{Nav, is_press, nav};
use super::render::{self, Body, FormTheme};
use super::{Intent, Outcome, Target};
use crate::model::SafeText;
use crate::tui::strings as s;

const WIDTH: u16 = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDialog {
    title: String,
    message: Vec<String>,
    yes: String,
    /// What "yes" asks for.
    pub intent: Intent,
}

impl ConfirmDialog {
    /// `title`, a message (wrapped to the dialog), the confirming verb, what it asks for.
    fn new(title: &str, message: String, yes: &str, intent: Intent) -> Self {
        let message = render::wrap(&message, WIDTH as usize - 4);
        ConfirmDialog { title: title.into(), message, yes: yes.into(), intent }
    }

    /// "Delete “Acme renewal”? This deletes the deal for everyone. It cannot be undone."
    pub fn delete_deal(deal_id: &str, deal_title: &SafeText) -> Self {
        let name = deal_title.short(80);
        let intent = Intent::Delete(Target::Deal(deal_id.to_string()));
        ConfirmDialog::new(s::TITLE_DELETE, s::delete_deal(&name), s::DELETE_YES, intent)
    }

    /// Deleting `count` marked deals at once.
    pub fn delete_deals(count: usize) -> Self {
        let message = s::delete_marked(count);
        ConfirmDialog::new(s::TITLE_DELETE_MANY, message, s::DELETE_YES, Intent::Delete(Target::Marked))
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        if !is_press(&key) {
            return Outcome::Stay;
        }
        match (nav(&key), key.code) {
            (_, KeyCode::Char('y' | 'Y')) => Outcome::Submit(self.intent.clone()),
            (Nav::Cancel, _) | (_, KeyCode::Char('n' | 'N')) => Outcome::Close,
            _ => Outcome::Stay,
        }
    }

    pub fn draw_in(&self, frame: &mut Frame, area: Rect, theme: &FormTheme) {
        let mut body = Body::default();
        for l in &self.message {
            body.push(Line::from(format!(" {l}")));
        }
        body.push(Line::default());
        let buttons = Line::from(vec![
            Span::styled(s::confirm_y_only(&self.yes), theme.selected),
            Span::raw("   "),
            Span::styled(s::CONFIRM_NO, theme.hint),
        ]);
        render::dialog(frame, area, WIDTH, &self.title, &body, vec![buttons], theme);
    }
}

form_component!(ConfirmDialog);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::dialogs::test_util::{key, render_snapshot};
    use crossterm::event::KeyCode::*;

    #[test]
    fn only_yes_confirms_and_only_no_cancels() {
        let mut d = ConfirmDialog::delete_deal("deal_1", &"Acme renewal".into());
        let confirm = Outcome::Submit(Intent::Delete(Target::Deal("deal_1".into())));
        for k in [Char('d'), Char('x'), Tab, Up, Char(' '), Backspace] {
            assert_eq!(d.handle_key(key(k)), Outcome::Stay, "{k:?}");
        }
        // A delete takes `y` only: an Enter typed for something else must not delete.
        assert_eq!(d.handle_key(key(Enter)), Outcome::Stay);
        assert_eq!(d.handle_key(key(Char('y'))), confirm);
        assert_eq!(d.handle_key(key(Esc)), Outcome::Close);
        assert_eq!(d.handle_key(key(Char('n'))), Outcome::Close);
        let mut many = ConfirmDialog::delete_deals(3);
        assert_eq!(many.handle_key(key(Enter)), Outcome::Stay);
        assert_eq!(many.handle_key(key(Char('Y'))), Outcome::Submit(Intent::Delete(Target::Marked)));
    }

    #[test]
    fn the_delete_dialog_names_the_deal_and_warns() {
        let d = ConfirmDialog::delete_deal("deal_1", &"Acme \x1b[2Jrenewal".into());
        let text = d.message.join(" ");
        assert!(text.contains("“Acme [2Jrenewal”"), "{text}");
        assert!(text.contains("cannot be undone"), "{text}");
        let many = ConfirmDialog::delete_deals(3).message.join(" ");
        assert!(many.starts_with("Delete 3 marked deals? This deletes them for everyone."), "{many}");
        let one = ConfirmDialog::delete_deals(1).message.join(" ");
        assert!(one.starts_with("Delete the marked deal? This deletes the deal for everyone."), "{one}");
    }

    #[test]
    fn renders() {
        let d = ConfirmDialog::delete_deal(
            "deal_1",
            &"Acme Corp — 40 seats, annual renewal with the premium support tier".into(),
        );
        let theme = FormTheme::default();
        insta::assert_snapshot!("delete", render_snapshot(80, 24, |f| d.draw_in(f, f.area(), &theme)));
        render_snapshot(10, 4, |f| d.draw_in(f, f.area(), &theme));
        render_snapshot(1, 1, |f| d.draw_in(f, f.area(), &theme));
    }
}
