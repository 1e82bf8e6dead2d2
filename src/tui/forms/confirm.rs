//! A yes/no confirmation: deleting a deal (names it, says it cannot be undone) and quitting with
//! changes still in flight. Enter or `y` confirms, Esc or `n` cancels; nothing else does anything,
//! so a stray key never deletes.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::keys::{Nav, is_press, nav};
use super::render::{self, Body, FormTheme};
use super::{FormOutcome, strings as s};
use crate::model::SafeText;

const WIDTH: u16 = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDialog {
    title: String,
    message: Vec<String>,
    yes: String,
    pub theme: FormTheme,
}

impl ConfirmDialog {
    /// A dialog of your own: `title`, a message (wrapped to the dialog), the confirming verb.
    pub fn new(title: impl Into<String>, message: impl Into<String>, yes: impl Into<String>) -> Self {
        let message = render::wrap(&message.into(), WIDTH as usize - 4);
        ConfirmDialog { title: title.into(), message, yes: yes.into(), theme: FormTheme::default() }
    }

    /// "Delete “Acme renewal”? This deletes the deal for everyone. It cannot be undone."
    pub fn delete_deal(deal_title: &SafeText) -> Self {
        let name = deal_title.short(80);
        ConfirmDialog::new(s::TITLE_DELETE, format!("Delete “{name}”? {}", s::DELETE_BODY), s::DELETE_YES)
    }

    /// Deleting `count` marked deals at once.
    pub fn delete_deals(count: usize) -> Self {
        let (what, body) = match count {
            1 => ("the marked deal".to_string(), s::DELETE_BODY),
            n => (format!("{n} marked deals"), s::DELETE_MANY_BODY),
        };
        ConfirmDialog::new(s::TITLE_DELETE_MANY, format!("Delete {what}? {body}"), s::DELETE_YES)
    }

    /// Quitting while `in_flight` changes have not been answered by the server.
    pub fn quit_in_flight(in_flight: usize) -> Self {
        let what =
            if in_flight == 1 { "1 change is".to_string() } else { format!("{in_flight} changes are") };
        ConfirmDialog::new(s::TITLE_QUIT, format!("{what} {}", s::QUIT_BODY), s::QUIT_YES)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        if !is_press(&key) {
            return FormOutcome::Continue;
        }
        match (nav(&key), key.code) {
            (Nav::Submit, _) | (_, KeyCode::Char('y' | 'Y')) => FormOutcome::Confirm,
            (Nav::Cancel, _) | (_, KeyCode::Char('n' | 'N')) => FormOutcome::Cancel,
            _ => FormOutcome::Continue,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let mut body = Body::default();
        for l in &self.message {
            body.push(Line::from(format!(" {l}")));
        }
        body.push(Line::default());
        let buttons = Line::from(vec![
            Span::styled(format!(" Enter/y {} ", self.yes), self.theme.selected),
            Span::raw("   "),
            Span::styled(format!("Esc/n {}", s::CANCEL), self.theme.hint),
        ]);
        render::dialog(frame, area, WIDTH, &self.title, &body, vec![buttons], &self.theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::forms::test_util::{key, render_snapshot};
    use crossterm::event::KeyCode::*;

    #[test]
    fn only_yes_confirms_and_only_no_cancels() {
        let mut d = ConfirmDialog::delete_deal(&"Acme renewal".into());
        for k in [Char('d'), Char('x'), Tab, Up, Char(' '), Backspace] {
            assert_eq!(d.handle_key(key(k)), FormOutcome::Continue, "{k:?}");
        }
        assert_eq!(d.handle_key(key(Enter)), FormOutcome::Confirm);
        assert_eq!(d.handle_key(key(Char('y'))), FormOutcome::Confirm);
        assert_eq!(d.handle_key(key(Esc)), FormOutcome::Cancel);
        assert_eq!(d.handle_key(key(Char('n'))), FormOutcome::Cancel);
    }

    #[test]
    fn the_delete_dialog_names_the_deal_and_warns() {
        let d = ConfirmDialog::delete_deal(&"Acme \x1b[2Jrenewal".into());
        let text = d.message.join(" ");
        assert!(text.contains("“Acme [2Jrenewal”"), "{text}");
        assert!(text.contains("cannot be undone"), "{text}");
        let many = ConfirmDialog::delete_deals(3).message.join(" ");
        assert!(many.starts_with("Delete 3 marked deals? This deletes them for everyone."), "{many}");
        let one = ConfirmDialog::delete_deals(1).message.join(" ");
        assert!(one.starts_with("Delete the marked deal? This deletes the deal for everyone."), "{one}");
        assert!(ConfirmDialog::quit_in_flight(1).message.join(" ").starts_with("1 change is still"));
        assert!(ConfirmDialog::quit_in_flight(3).message.join(" ").starts_with("3 changes are still"));
    }

    #[test]
    fn renders() {
        let d = ConfirmDialog::delete_deal(
            &"Acme Corp — 40 seats, annual renewal with the premium support tier".into(),
        );
        insta::assert_snapshot!("delete", render_snapshot(80, 24, |f| d.draw(f, f.area())));
        let q = ConfirmDialog::quit_in_flight(2);
        insta::assert_snapshot!("quit", render_snapshot(80, 24, |f| q.draw(f, f.area())));
        render_snapshot(10, 4, |f| d.draw(f, f.area()));
        render_snapshot(1, 1, |f| d.draw(f, f.area()));
    }
}
