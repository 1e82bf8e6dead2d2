//! `Enter`: everything about one deal. The board's copy shows at once; the full deal (contacts,
//! stage history) and its activities load on demand and fill in as they arrive.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, keys};
use crate::model::{Activity, Deal, DealDetail};
use crate::tui::message::OpId;

/// Something loaded on demand.
#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    /// The one-line reason.
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Details {
    /// The board's copy, shown until the full deal arrives.
    pub deal: Deal,
    pub detail: Loadable<DealDetail>,
    pub activities: Loadable<Vec<Activity>>,
    /// The requests whose answers belong here (a later `Enter` on another deal makes older
    /// answers stale).
    pub detail_op: OpId,
    pub activities_op: OpId,
    pub scroll: u16,
}

impl Details {
    pub fn new(deal: Deal, detail_op: OpId, activities_op: OpId) -> Details {
        Details {
            deal,
            detail: Loadable::Loading,
            activities: Loadable::Loading,
            detail_op,
            activities_op,
            scroll: 0,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => return Outcome::Close,
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home => self.scroll = 0,
            _ if keys::is_char(key, 'j') => self.scroll = self.scroll.saturating_add(1),
            _ if keys::is_char(key, 'k') => self.scroll = self.scroll.saturating_sub(1),
            _ if keys::is_char(key, 'g') => self.scroll = 0,
            _ => {}
        }
        Outcome::Stay
    }

    /// The freshest copy of the deal's own fields.
    pub fn current_deal(&self) -> &Deal {
        match &self.detail {
            Loadable::Ready(d) => &d.deal,
            _ => &self.deal,
        }
    }
}
