//! Every change to a deal, from the key or dialog to the server's answer, in one place.
//!
//! A change is shown at once (the card changes, with a pending mark), sent as one [`Call`], and
//! settled by the answer: the server's copy replaces the local one, or the card goes back to the
//! server's copy where it was, the status line says why, and the dialog it came from reopens
//! with its text so `Enter` retries. Changes to one deal go out one at a time, in the order they
//! were made (two stage moves sent together could land in either order); the first failure drops
//! the changes queued behind it. Two answers are not failures: a 404 means the deal was deleted
//! elsewhere (the card leaves with a message, its dialog, undo entries and queued changes go; for
//! a delete it is what was asked), and a 2xx whose body was lost means the server applied the
//! change (it stands, and `GET /deals/:id` settles it with the server's copy; a lost create is
//! found again by listing, never sent twice). Each change leaves its [`Inverse`] on the undo stack the moment
//! it is made, so `u` right after `L` undoes that move, queued behind it. With marks, the actions
//! apply to every marked deal, each its own change, filed in a batch that says ONE summary when
//! the last answer is in and shares one undo group.
//!
//! What the dialogs call to make a change (keep these names stable):
//! - [`App::submit_stage_picker`], [`App::submit_won`], [`App::submit_lost`] take what the dialog
//!   asked for; its [`Target`] says whether it acts on one deal or on the marked ones.
//! - [`App::submit_value`] (`v`), [`App::submit_edit`] (the deal form's patch),
//!   [`App::submit_create`] (a new deal), [`App::delete`] (the confirmed target),
//!   [`App::set_owner`] (`O`: the picked owner for the marked or the selected deal).
//! - A refused change hands its dialog back through [`App::offer_draft`].

use std::collections::{HashMap, VecDeque};

use super::{App, Request};
use crate::human::format;
use crate::model::{
    Deal, DealPatch, DealQuery, DealStatus, Field, NewDeal, RuleCtx, SafeText, Sort, SortField, StageMove,
};
use crate::sanitize::sanitize;
use crate::settings::keys::Action;
use crate::tui::api::ClientError;
pub use crate::tui::dialogs::Target;
use crate::tui::dialogs::{
    ConfirmDialog, DealForm, Dialog, Intent, LostDialog, PickDialog, StagePicker, ValueDialog, WonDialog,
};
use crate::tui::message::{Call, Command, Outcome};
use crate::tui::strings;

/// The call that reverses a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Inverse {
    /// Back to the stage it came from.
    Move { stage_id: String },
    /// The value it had (`None`: it had none).
    SetValue { value: Option<f64> },
    /// Exactly the fields an edit changed, as they were before it (`e`, owner change).
    Patch { patch: Box<DealPatch>, fields: Vec<&'static str> },
    /// Reopens a deal that was marked won or lost.
    Reopen,
    /// Closes a reopened deal again, with the reasons it had.
    Close { status: DealStatus, reason: Option<String>, competitor: Option<String> },
    /// Deletes a deal this board created.
    Delete,
    /// Back to `status` in `stage_id` (won with `reason`): the undo of a win into the won
    /// stage, and of a reopen out of it (`won.rs`).
    Restore { status: DealStatus, stage_id: String, reason: Option<String> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    /// The deal as it was shown after the change: what undo starts from when the deal is no
    /// longer on the board (won, lost, moved out by the filter).
    pub deal: Deal,
    pub inverse: Inverse,
    /// The bulk action it was part of: `u` undoes the whole group.
    pub group: Option<u64>,
}

/// How many changes `u` can take back.
pub const UNDO_DEPTH: usize = 20;

/// One change of one deal: queued behind the deal's change in flight, or sent.
#[derive(Debug, Clone)]
pub(super) struct Change {
    pub deal_id: String,
    /// The deal's title, for messages after it left the board.
    pub title: String,
    pub call: Call,
    /// The dialog the change came from, reopened with its text if the change fails.
    pub draft: Option<Dialog>,
    /// The bulk action it belongs to: its answer counts towards that action's one summary.
    pub batch: Option<u64>,
}

/// A change sent, waiting for its answer (in the App's request map, by op id).
#[derive(Debug, Clone)]
pub(super) struct Sent {
    pub change: Change,
    /// The server's copy: what the card returns to on failure.
    pub server: Deal,
    /// Where the card was before the deal's first change, to put it back in the same place.
    pub origin: usize,
}

/// A new deal on its way: the stand-in card's id, and the form, kept for a retry.
#[derive(Debug, Clone)]
pub(super) struct Creating {
    pub temp_id: String,
    pub title: String,
    pub form: Box<DealForm>,
    /// The title and pipeline as sent, to find the deal again when the answer was lost.
    pub sent_title: String,
    pub pipeline_id: String,
}

/// One bulk action waiting for its answers.
#[derive(Debug, Clone)]
struct Batch {
    /// "Moved", "Marked", ...: the summary's verb, and what follows the count (" to Proposal").
    verb: String,
    suffix: String,
    total: usize,
    ok: usize,
    /// (title, reason) of each deal that failed.
    failed: Vec<(String, String)>,
    /// The one title, for a batch of one.
    first_title: String,
}

/// The changes side of the App: what waits behind the changes in flight, undo, marks and
/// batches, and a deal form kept for a retry.
#[derive(Debug, Clone, Default)]
pub(super) struct Changes {
    /// Every deal with a change in flight, with the changes waiting behind it.
    waiting: HashMap<String, VecDeque<Change>>,
    undo: VecDeque<UndoEntry>,
    /// Marked deal ids, in the order they were marked.
    marked: Vec<String>,
    batches: HashMap<u64, Batch>,
    next_batch: u64,
    /// Set only while a bulk action hands its changes to `App::change`, which files each in it.
    open_batch: Option<u64>,
    /// A deal form whose save failed while another popup was open (or failed for a reason the
    /// user cannot fix in the form): `n` / `e` reopen it with everything typed.
    pub retry_form: Option<Box<DealForm>>,
}

impl Changes {
    pub fn has(&self, deal_id: &str) -> bool {
        self.waiting.contains_key(deal_id)
    }

    /// Changes queued behind those in flight.
    pub fn queued(&self) -> usize {
        self.waiting.values().map(VecDeque::len).sum()
    }

    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn is_marked(&self, deal_id: &str) -> bool {
        self.marked.iter().any(|m| m == deal_id)
    }

    pub fn marked_count(&self) -> usize {
        self.marked.len()
    }

    /// Drops marks of deals no longer on the board (deleted, moved out by a refresh).
    pub fn keep_marks(&mut self, on_board: impl Fn(&str) -> bool) {
        self.marked.retain(|m| on_board(m));
    }

    fn push_undo(&mut self, entry: UndoEntry) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.pop_front();
        }
        self.undo.push_back(entry);
    }

    /// The newest undo entry with the rest of its group (oldest first), or nothing.
    fn pop_undo_group(&mut self) -> Vec<UndoEntry> {
        let Some(top) = self.undo.pop_back() else { return Vec::new() };
        let Some(group) = top.group else { return vec![top] };
        // A group's answers may interleave with other changes: take its entries from anywhere.
        let (mut out, rest): (Vec<_>, Vec<_>) = self.undo.drain(..).partition(|e| e.group == Some(group));
        self.undo = rest.into();
        out.push(top);
        out
    }

    /// A deal deleted for good (or a change refused): its inverses can only fail now.
    fn forget_undo(&mut self, deal_id: &str) {
        self.undo.retain(|e| e.deal.id != deal_id);
    }
}

// The actions: each builds the changed deal and the call, and hands both to `change`; then
// marks and batches; the machinery (show, send or queue, settle); new deals.
impl App {
    /// The selected deal, or a message saying there is none. A new deal still on its way to
    /// the server has no id yet to change it by: it says so.
    pub(super) fn selected_or_say(&mut self) -> Option<Deal> {
        let deal = self.board.selected_deal().cloned();
        match &deal {
            None => self.status.info(strings::NO_DEAL_SELECTED),
            Some(d) if self.creating(&d.id) => {
                self.status.info(strings::STILL_CREATING);
                return None;
            }
            Some(_) => {}
        }
        deal
    }

    /// The deals a dialog acts on: the board's copy of its deal (or a message when it is no
    /// longer on the board), or the marked deals.
    fn targets(&mut self, target: &Target) -> Vec<Deal> {
        match target {
            Target::Marked => self.marked_deals(),
            Target::Deal(id) => {
                let deal = self.board.deal(id).cloned();
                if deal.is_none() {
                    self.status.info(strings::DEAL_GONE);
                }
                deal.into_iter().collect()
            }
        }
    }

    /// `H`/`L`: one stage back or forward (each marked deal from its own stage).
    pub(super) fn move_by(&mut self, delta: isize) -> Vec<Command> {
        let why = if delta < 0 { strings::ALREADY_FIRST_STAGE } else { strings::ALREADY_LAST_STAGE };
        let step = |app: &App, d: &Deal| {
            let from = app.board.column_of_stage(&d.stage_id)?;
            from.checked_add_signed(delta).filter(|&c| c < app.board.columns.len())
        };
        if !self.has_marks() {
            let Some(deal) = self.selected_or_say() else { return Vec::new() };
            if self.closed_stays_put(&deal) {
                return Vec::new();
            }
            let to = self.board.col.checked_add_signed(delta).filter(|&c| c < self.board.columns.len());
            let Some(to) = to else {
                self.status.info(why);
                return Vec::new();
            };
            if self.enters_won(&deal, to) {
                self.ask_won(Target::Deal(deal.id.clone()), deal.title.to_string());
                return Vec::new();
            }
            return self.move_to(deal, to, None, None);
        }
        let deals = self.marked_deals();
        let targets: Vec<Option<usize>> = deals.iter().map(|d| step(self, d)).collect();
        // Every marked deal entering the won stage: the won dialog asks once for all of them.
        let into_won = |app: &App, d: &Deal, to: &Option<usize>| to.is_some_and(|to| app.enters_won(d, to));
        if !deals.is_empty() && deals.iter().zip(&targets).all(|(d, to)| into_won(self, d, to)) {
            self.ask_won(Target::Marked, strings::marked_deals(deals.len()));
            return Vec::new();
        }
        let mut stages: Vec<usize> = targets.iter().flatten().copied().collect();
        stages.dedup();
        let suffix = match stages.as_slice() {
            [one] => strings::to_stage(&self.board.columns[*one].stage.name),
            _ if delta < 0 => strings::ONE_STAGE_BACK.to_string(),
            _ => strings::ONE_STAGE_FORWARD.to_string(),
        };
        self.batch(strings::VERB_MOVED, suffix, deals.into_iter().zip(targets), |app, (deal, to)| match to {
            Some(to) if app.enters_won(&deal, to) => {
                Err((deal.title.into_string(), strings::WIN_TO_ENTER.into()))
            }
            Some(to) => Ok(app.move_to(deal, to, None, None)),
            None => Err((deal.title.into_string(), why.to_string())),
        })
    }

    /// Moves a deal to column `to`'s stage, with an optional note.
    fn move_to(
        &mut self,
        before: Deal,
        to: usize,
        note: Option<String>,
        draft: Option<Dialog>,
    ) -> Vec<Command> {
        let stage = self.board.columns[to].stage.clone();
        if stage.id == before.stage_id {
            self.status.info(strings::ALREADY_IN_STAGE);
            return Vec::new();
        }
        let (after, call) = self.moved(&before, stage.id, note);
        self.status.info(strings::moved(&before.title, &stage.name));
        let undo = Inverse::Move { stage_id: before.stage_id.clone() };
        self.change(before, after, call, Some(undo), draft)
    }

    pub(super) fn open_stage_picker(&mut self) {
        let Some((target, title)) = self.dialog_target(Action::MovePicker) else { return };
        let stages = self.board.columns.iter().map(|c| c.stage.clone()).collect();
        let picker = StagePicker::new(target, title, stages, self.board.col);
        self.popup = Some(Dialog::StagePicker(Box::new(picker)));
    }

    pub(crate) fn submit_stage_picker(
        &mut self,
        target: &Target,
        stage_id: &str,
        note: Option<String>,
        draft: Dialog,
    ) -> Vec<Command> {
        let Some(to) = self.board.column_of_stage(stage_id) else { return Vec::new() };
        let stage = self.board.columns[to].stage.clone();
        if *target != Target::Marked {
            let Some(deal) = self.targets(target).pop() else { return Vec::new() };
            if self.enters_won(&deal, to) {
                self.ask_won(target.clone(), deal.title.to_string());
                return Vec::new();
            }
            return self.move_to(deal, to, note, Some(draft));
        }
        if self.won_stage_shown().is_some_and(|w| w.id == stage.id) {
            let n = self.marked_deals().len();
            self.ask_won(Target::Marked, strings::marked_deals(n));
            return Vec::new();
        }
        let suffix = strings::to_stage(&stage.name);
        let deals = self.marked_deals();
        self.batch(strings::VERB_MOVED, suffix, deals, |app, deal| {
            if deal.stage_id == stage.id {
                return Err((deal.title.into_string(), strings::ALREADY_IN_STAGE.into()));
            }
            Ok(app.move_to(deal, to, note.clone(), None))
        })
    }

    /// Won and lost deals are not moved between stages (the move would leave them closed, in a
    /// stage that says otherwise): says how to move one, and answers whether it said so.
    fn closed_stays_put(&mut self, deal: &Deal) -> bool {
        if deal.status == DealStatus::Open {
            return false;
        }
        let key = self.keymap.hint(Action::Reopen, 1, self.settings.ascii);
        self.status.info(strings::closed_stays_put(&deal.title, deal.status.as_str(), key.as_deref()));
        true
    }

    /// The target and title of a dialog opened by `action`: the marked deals, or the selected
    /// one (`None` after saying why there is none to act on).
    fn dialog_target(&mut self, action: Action) -> Option<(Target, String)> {
        if self.has_marks() {
            let n = self.marked_deals().len();
            if n == 0 {
                self.status.info(strings::MARKS_GONE);
                return None;
            }
            return Some((Target::Marked, strings::marked_deals(n)));
        }
        let deal = self.selected_or_say()?;
        let closed = match action {
            Action::Won => DealStatus::Won,
            Action::Lost => DealStatus::Lost,
            Action::MovePicker if self.closed_stays_put(&deal) => return None,
            _ => return Some((Target::Deal(deal.id), deal.title.to_string())),
        };
        if deal.status == closed {
            self.status.info(strings::already_closed(&deal.title, closed.as_str()));
            return None;
        }
        Some((Target::Deal(deal.id), deal.title.to_string()))
    }

    pub(super) fn open_won(&mut self) {
        if let Some((target, title)) = self.dialog_target(Action::Won) {
            let mut dialog = WonDialog::new(target, title);
            dialog.into = self.won_dialog_into(&dialog.target);
            self.popup = Some(Dialog::Won(Box::new(dialog)));
        }
    }

    pub(crate) fn submit_won(
        &mut self,
        target: &Target,
        reason: Option<String>,
        draft: Dialog,
    ) -> Vec<Command> {
        self.close_deals(target, DealStatus::Won, reason, None, draft)
    }

    pub(super) fn open_lost(&mut self) {
        if let Some((target, title)) = self.dialog_target(Action::Lost) {
            self.popup = Some(Dialog::Lost(Box::new(LostDialog::new(target, title))));
        }
    }

    pub(crate) fn submit_lost(
        &mut self,
        target: &Target,
        reason: Option<String>,
        competitor: Option<String>,
        draft: Dialog,
    ) -> Vec<Command> {
        self.close_deals(target, DealStatus::Lost, reason, competitor, draft)
    }

    /// Won or lost, for the dialog's deal or every marked one.
    fn close_deals(
        &mut self,
        target: &Target,
        status: DealStatus,
        reason: Option<String>,
        competitor: Option<String>,
        draft: Dialog,
    ) -> Vec<Command> {
        let deals = self.targets(target);
        if *target == Target::Marked {
            let suffix = if status == DealStatus::Won { strings::SUFFIX_WON } else { strings::SUFFIX_LOST };
            return self.batch(strings::VERB_MARKED, suffix.into(), deals, |app, before| {
                let won =
                    (status == DealStatus::Won).then(|| app.won_change(&before, reason.clone())).flatten();
                if let Some((after, call, undo, _)) = won {
                    return Ok(app.change(before, after, call, Some(undo), None));
                }
                let (after, call) = app.closed(&before, status, reason.clone(), competitor.clone());
                Ok(app.change(before, after, call, Some(Inverse::Reopen), None))
            });
        }
        let Some(before) = deals.into_iter().next() else { return Vec::new() };
        let won = (status == DealStatus::Won).then(|| self.won_change(&before, reason.clone())).flatten();
        if let Some((after, call, undo, stage)) = won {
            self.status.info(strings::won_moved(&before.title, &stage));
            return self.change(before, after, call, Some(undo), Some(draft));
        }
        let (after, call) = self.closed(&before, status, reason, competitor);
        let (left, title) = (!self.view.shows(&after), before.title.to_string());
        let text = if status == DealStatus::Won {
            strings::marked_won(&title, left)
        } else {
            strings::marked_lost(&title, left)
        };
        self.status.info(text);
        self.change(before, after, call, Some(Inverse::Reopen), Some(draft))
    }

    pub(super) fn open_value(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        let currency = deal.currency.as_deref().map(sanitize).unwrap_or_default();
        let dialog = ValueDialog::new(deal.id, deal.title.to_string(), currency, deal.value);
        self.popup = Some(Dialog::Value(Box::new(dialog)));
    }

    /// The value dialog's amount (checked there, as the server would).
    pub(crate) fn submit_value(&mut self, deal_id: &str, value: f64, draft: Dialog) -> Vec<Command> {
        let Some(before) = self.targets(&Target::Deal(deal_id.to_string())).pop() else { return Vec::new() };
        let money = format::money(value, format::currency_of(&before));
        self.status.info(strings::value_set(&before.title, &money));
        let patch = DealPatch { value: Field::Set(value), ..DealPatch::default() };
        let after = self.patched(&before, &patch);
        let call = Call::UpdateDeal { deal_id: before.id.clone(), patch };
        let undo = Inverse::SetValue { value: before.value };
        self.change(before, after, call, Some(undo), Some(draft))
    }

    /// `o`: reopens a won or lost deal (shown when the filter includes them).
    pub(super) fn reopen(&mut self) -> Vec<Command> {
        let Some(before) = self.selected_or_say() else { return Vec::new() };
        if before.status == DealStatus::Open {
            self.status.info(strings::ALREADY_OPEN);
            return Vec::new();
        }
        if let Some(out) = self.reopen_from_won(&before) {
            return out;
        }
        self.plain_reopen(before)
    }

    /// Reopens a closed deal where it is.
    pub(super) fn plain_reopen(&mut self, before: Deal) -> Vec<Command> {
        self.status.info(strings::reopened(&before.title));
        // Undo closes it again the way it was closed, with its reasons.
        let (reason, competitor) = match before.status {
            DealStatus::Lost => (before.lost_reason.clone(), before.competitor.clone()),
            _ => (before.won_reason.clone(), None),
        };
        let undo = Inverse::Close {
            status: before.status,
            reason: reason.map(String::from),
            competitor: competitor.map(String::from),
        };
        let (after, call) = self.closed(&before, DealStatus::Open, None, None);
        self.change(before, after, call, Some(undo), None)
    }

    /// `e`: the deal form, prefilled (the form of a failed save of this deal comes back with
    /// everything typed).
    pub(super) fn open_edit(&mut self) -> Vec<Command> {
        let Some(deal) = self.selected_or_say() else { return Vec::new() };
        if let Some(form) = self.changes.retry_form.take_if(|f| f.deal_id() == Some(deal.id.as_str())) {
            return self.open_deal_form(form);
        }
        let form = self.with_form_context(|ctx| DealForm::edit(ctx, &deal));
        self.open_deal_form(Box::new(form))
    }

    /// The deal form's changed fields. A new pipeline moves the deal off this board.
    pub(crate) fn submit_edit(
        &mut self,
        form: Box<DealForm>,
        deal_id: &str,
        patch: DealPatch,
    ) -> Vec<Command> {
        // The board's copy, unless a refresh took it off meanwhile: then the one the form opened.
        let Some(before) = self.board.deal(deal_id).or(form.original()).cloned() else { return Vec::new() };
        let after = self.patched(&before, &patch);
        let title = after.title.to_string();
        let moved_to = (after.pipeline_id != before.pipeline_id)
            .then(|| self.board.pipelines.iter().find(|p| p.id == after.pipeline_id))
            .flatten();
        match moved_to {
            Some(p) => self.status.info(strings::moved_to_pipeline(&title, &p.name)),
            None => self.status.info(strings::saved(&title)),
        }
        self.patch_deal(before, after, patch, Some(Dialog::DealForm(form)))
    }

    /// An update whose undo puts back exactly the fields the patch changes, as they were.
    fn patch_deal(
        &mut self,
        before: Deal,
        after: Deal,
        patch: DealPatch,
        draft: Option<Dialog>,
    ) -> Vec<Command> {
        let (inverse, fields) = inverse_patch(&before, &patch);
        let undo = Inverse::Patch { patch: Box::new(inverse), fields };
        let call = Call::UpdateDeal { deal_id: before.id.clone(), patch };
        self.change(before, after, call, Some(undo), draft)
    }

    /// `O`: a new owner for the marked deals, or for the selected one without marks.
    pub(super) fn open_owner_picker(&mut self) {
        let Some(users) = self.data.user_list.clone() else {
            self.status.info(strings::NO_USER_LIST);
            return;
        };
        let (title, current) = if self.has_marks() {
            (strings::new_owner_for(self.marked_deals().len()), None)
        } else {
            let Some(deal) = self.selected_or_say() else { return };
            (strings::NEW_OWNER.to_string(), deal.owner_id)
        };
        self.popup = Some(Dialog::Owner(Box::new(PickDialog::users(title, &users, current.as_deref()))));
    }

    /// The owner picked: one request per deal (a batch of one without marks).
    pub(crate) fn set_owner(&mut self, owner_id: &str) -> Vec<Command> {
        let deals = if self.has_marks() {
            self.marked_deals()
        } else {
            self.board.selected_deal().cloned().into_iter().filter(|d| !self.creating(&d.id)).collect()
        };
        let name = sanitize(self.owner_name(owner_id));
        self.batch(strings::VERB_REASSIGNED, strings::to_owner(&name), deals, |app, before| {
            if before.owner_id.as_deref() == Some(owner_id) {
                return Err((before.title.into_string(), strings::ALREADY_THEIRS.into()));
            }
            let patch = DealPatch { owner_id: Field::Set(owner_id.to_string()), ..DealPatch::default() };
            let after = app.patched(&before, &patch);
            Ok(app.patch_deal(before, after, patch, None))
        })
    }

    /// `d`: the confirmation, naming the deal (or counting the marked ones).
    pub(super) fn open_delete(&mut self) {
        let Some((target, _)) = self.dialog_target(Action::DeleteDeal) else { return };
        let dialog = match &target {
            Target::Marked => ConfirmDialog::delete_deals(self.marked_deals().len()),
            Target::Deal(id) => ConfirmDialog::delete_deal(
                id,
                &self.board.deal(id).map(|d| d.title.clone()).unwrap_or_default(),
            ),
        };
        self.popup = Some(Dialog::ConfirmDelete(Box::new(dialog)));
    }

    /// The confirmed delete: the cards go at once; a refused delete puts a card back where it
    /// was, with the reason.
    pub(crate) fn delete(&mut self, target: &Target) -> Vec<Command> {
        if *target == Target::Marked {
            let deals = self.marked_deals();
            return self.batch(strings::VERB_DELETED, String::new(), deals, |app, deal| {
                Ok(app
                    .board
                    .take(&deal.id)
                    .map(|(_, origin, d)| app.send_delete(d, origin))
                    .unwrap_or_default())
            });
        }
        let Target::Deal(id) = target else { return Vec::new() };
        let Some((_, origin, before)) = self.board.take(id) else {
            self.status.info(strings::DEAL_GONE);
            return Vec::new();
        };
        self.send_delete(before, origin)
    }

    /// Deletes a deal already taken off the board (or never on it: undoing a create the filter
    /// hides); on failure it comes back at `origin`.
    fn send_delete(&mut self, before: Deal, origin: usize) -> Vec<Command> {
        self.keep_selection_in_view();
        self.status.info(strings::deleting(&before.title));
        let call = Call::DeleteDeal { deal_id: before.id.clone() };
        self.queue(before, origin, call, None)
    }

    /// `u`: sends the inverse of the newest change (a bulk action's whole group, with one
    /// summary) through the same optimistic path as any change.
    pub(super) fn undo_last(&mut self) -> Vec<Command> {
        let mut entries = self.changes.pop_undo_group();
        match entries.len() {
            0 => {
                self.status.info(strings::NOTHING_TO_UNDO);
                Vec::new()
            }
            1 => {
                let entry = entries.pop().expect("one");
                let id = entry.deal.id.clone();
                let what = self.describe_undo(&entry);
                let out = self.undo_one(entry);
                self.status.info(what);
                // Undo takes you to the card it changed.
                if let Some((c, i)) = self.board.find(&id) {
                    self.board.select(c, i);
                    self.keep_selection_in_view();
                }
                out
            }
            n => {
                let batch = self.begin_batch(strings::VERB_UNDID, String::new(), n);
                let out = entries.into_iter().flat_map(|e| self.undo_one(e)).collect();
                self.changes.open_batch = None;
                self.status.info(strings::undoing_many(n));
                // Every answer may be in already (none was sent): the summary then.
                self.batch_check(batch);
                out
            }
        }
    }

    /// What the status line says for undoing `entry`.
    fn describe_undo(&self, entry: &UndoEntry) -> String {
        let deal = self.board.deal(&entry.deal.id).unwrap_or(&entry.deal);
        let title = deal.title.to_string();
        match &entry.inverse {
            Inverse::Move { stage_id } => {
                let stage = self.board.columns.iter().find(|c| c.stage.id == *stage_id);
                let name = stage.map_or_else(|| sanitize(stage_id), |c| c.stage.name.to_string());
                strings::undo_move(&title, &name)
            }
            Inverse::SetValue { value } => {
                let money = value.map(|v| format::money(v, format::currency_of(deal)));
                strings::undo_value(&title, money.as_deref())
            }
            Inverse::Patch { fields, .. } => strings::undo_edit(&title, &fields.join(", ")),
            Inverse::Reopen => strings::undo_close(&title),
            Inverse::Close { status, .. } => strings::undo_reopen(&title, *status == DealStatus::Won),
            Inverse::Delete => strings::undo_create(&title),
            Inverse::Restore { status, stage_id, .. } => {
                let stage = self.board.columns.iter().find(|c| c.stage.id == *stage_id);
                let name = stage.map_or_else(|| sanitize(stage_id), |c| c.stage.name.to_string());
                strings::undo_restore(&title, status.as_str(), &name)
            }
        }
    }

    /// Sends one inverse. The deal starts from the board's copy, or the server's copy after the
    /// change when the card left the board (won, lost, filtered out).
    fn undo_one(&mut self, entry: UndoEntry) -> Vec<Command> {
        let before = self.board.deal(&entry.deal.id).cloned().unwrap_or(entry.deal);
        let id = before.id.clone();
        let (after, call) = match entry.inverse {
            Inverse::Move { stage_id } => self.moved(&before, stage_id, Some(strings::UNDO_NOTE.into())),
            Inverse::SetValue { value } => {
                let patch = DealPatch { value: Field::from_option(value), ..DealPatch::default() };
                (self.patched(&before, &patch), Call::UpdateDeal { deal_id: id, patch })
            }
            Inverse::Patch { patch, .. } => {
                (self.patched(&before, &patch), Call::UpdateDeal { deal_id: id, patch: *patch })
            }
            Inverse::Reopen => self.closed(&before, DealStatus::Open, None, None),
            Inverse::Close { status, reason, competitor } => self.closed(&before, status, reason, competitor),
            Inverse::Restore { status, stage_id, reason } => {
                let patch = App::restore_patch(status, stage_id, reason);
                (self.patched(&before, &patch), Call::UpdateDeal { deal_id: id, patch })
            }
            Inverse::Delete => {
                // Off the board if it is on it; sent either way (the filter may hide it).
                let origin = self.board.take(&id).map_or(0, |(_, i, _)| i);
                return self.send_delete(before, origin);
            }
        };
        self.change(before, after, call, None, None)
    }

    // Marks and batches.

    /// `Space`: marks or unmarks the selected card.
    pub(super) fn toggle_mark(&mut self) {
        let Some(deal) = self.selected_or_say() else { return };
        match self.changes.marked.iter().position(|m| *m == deal.id) {
            Some(i) => {
                self.changes.marked.remove(i);
            }
            None => self.changes.marked.push(deal.id),
        }
        let keys = [Action::MoveBack, Action::MoveForward, Action::MovePicker, Action::Won, Action::Lost]
            .into_iter()
            .chain([Action::ChangeOwner, Action::DeleteDeal])
            .map(|a| self.key_name(a))
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let clear = self.key_name(Action::Close);
        self.status.info(strings::marks_hint(self.changes.marked_count(), &keys, &clear));
    }

    /// The key the rep knows an action by, as bound now: its first letter key, else its first.
    fn key_name(&self, action: Action) -> String {
        let keys = self.keymap.keys_for(action);
        let letter = keys.iter().find(|k| matches!(k.code, crossterm::event::KeyCode::Char(_)));
        letter.or(keys.first()).map(|k| k.label(self.settings.ascii)).unwrap_or_default()
    }

    /// `Esc` with nothing else open.
    pub(super) fn clear_marks(&mut self) {
        if self.has_marks() {
            self.changes.marked.clear();
            self.status.info(strings::MARKS_CLEARED);
        }
    }

    fn has_marks(&self) -> bool {
        !self.changes.marked.is_empty()
    }

    /// The marked deals still on the board (the board's copies), in mark order. A new deal on its
    /// way has no id to change it by yet: left out.
    fn marked_deals(&mut self) -> Vec<Deal> {
        let board = &self.board;
        self.changes.keep_marks(|id| board.find(id).is_some());
        let ids = self.changes.marked.clone();
        ids.iter().filter(|id| !self.creating(id)).filter_map(|id| self.board.deal(id).cloned()).collect()
    }

    /// One bulk action: `each` makes the change of one item, or refuses it (with the deal's title
    /// and why). Their answers are counted in one batch that says the summary when the last is in.
    fn batch<T>(
        &mut self,
        verb: &str,
        suffix: String,
        items: impl IntoIterator<Item = T, IntoIter: ExactSizeIterator>,
        mut each: impl FnMut(&mut App, T) -> Result<Vec<Command>, (String, String)>,
    ) -> Vec<Command> {
        let items = items.into_iter();
        let id = self.begin_batch(verb, suffix, items.len());
        let mut out = Vec::new();
        for item in items {
            match each(self, item) {
                Ok(commands) => out.extend(commands),
                Err((title, why)) => self.batch_settled(id, &title, Some(why)),
            }
        }
        // Stops filing changes in the batch; says the summary at once if every deal already
        // answered (all refused before sending), else that the changes are on their way.
        self.changes.open_batch = None;
        self.changes.marked.clear();
        match self.changes.batches.get(&id) {
            Some(b) if b.total == 0 => {
                self.changes.batches.remove(&id);
                self.status.info(strings::MARKS_GONE);
            }
            Some(b) if b.ok + b.failed.len() < b.total => self.status.info(strings::bulk_sending(b.total)),
            Some(_) => self.batch_check(id),
            None => {}
        }
        out
    }

    /// Starts a batch of `total` deals; the changes issued until it closes count in it.
    fn begin_batch(&mut self, verb: &str, suffix: String, total: usize) -> u64 {
        self.changes.next_batch += 1;
        let id = self.changes.next_batch;
        let batch =
            Batch { verb: verb.into(), suffix, total, ok: 0, failed: Vec::new(), first_title: String::new() };
        self.changes.batches.insert(id, batch);
        self.changes.open_batch = Some(id);
        id
    }

    /// One deal of batch `id` answered (`failure`: why it was refused). The last answer says the
    /// summary.
    fn batch_settled(&mut self, id: u64, title: &str, failure: Option<String>) {
        let Some(b) = self.changes.batches.get_mut(&id) else { return };
        if b.ok == 0 && b.failed.is_empty() {
            b.first_title = title.to_string();
        }
        match failure {
            Some(reason) => b.failed.push((title.to_string(), reason)),
            None => b.ok += 1,
        }
        self.batch_check(id);
    }

    /// Says the summary once every deal of batch `id` has answered.
    fn batch_check(&mut self, id: u64) {
        let Some(b) = self.changes.batches.get(&id) else { return };
        if b.ok + b.failed.len() < b.total {
            return;
        }
        let b = self.changes.batches.remove(&id).expect("just found");
        let mut text = strings::bulk_summary(&b.verb, &b.suffix, b.total, &b.failed, &b.first_title);
        if b.verb == strings::VERB_DELETED && b.ok > 0 {
            // Deletes cannot be undone: `u` would take back something else.
            let (key, next) = self.undo_next();
            text = format!("{}; {}", text.trim_end_matches('.'), strings::no_undo(&key, next.as_deref()));
        }
        if b.failed.is_empty() { self.status.info(text) } else { self.status.error(text) }
    }

    /// The undo key's name and what it would undo now (without the `Undo: ` the message of the
    /// undo itself starts with).
    fn undo_next(&self) -> (String, Option<String>) {
        let next = self.changes.undo.back().map(|e| self.describe_undo(e));
        let next = next.map(|n| n.strip_prefix(strings::UNDO_PREFIX).map(str::to_string).unwrap_or(n));
        (self.key_name(Action::Undo), next)
    }

    // The machinery: show, send (or queue), settle.

    /// Applies a change to the board (`after`) and sends it, or queues it behind the deal's
    /// change in flight. The selection follows the card when it was selected.
    pub(super) fn change(
        &mut self,
        before: Deal,
        after: Deal,
        call: Call,
        undo: Option<Inverse>,
        draft: Option<Dialog>,
    ) -> Vec<Command> {
        // Undoable at once: `u` before the server answers undoes this change (the one the user
        // sees last), its inverse queued behind it like any later change to the deal.
        // A bulk action's entries share its group: one `u` takes them all back.
        if let Some(inverse) = &undo {
            let group = self.changes.open_batch;
            self.changes.push_undo(UndoEntry { deal: after.clone(), inverse: inverse.clone(), group });
        }
        let origin = self.show_instead(&before.id, after);
        self.queue(before, origin, call, draft)
    }

    /// Sends a change now when nothing else is in flight for its deal; else it waits its turn.
    /// `server` is the deal as the server holds it (used only for the deal's first change).
    fn queue(&mut self, server: Deal, origin: usize, call: Call, draft: Option<Dialog>) -> Vec<Command> {
        // A bulk action's changes are counted in it (`open_batch` is set only while it issues them).
        let batch = self.changes.open_batch;
        let change =
            Change { deal_id: server.id.clone(), title: server.title.to_string(), call, draft, batch };
        if let Some(queue) = self.changes.waiting.get_mut(&change.deal_id) {
            queue.push_back(change);
            return Vec::new();
        }
        self.changes.waiting.insert(change.deal_id.clone(), VecDeque::new());
        vec![self.send(Sent { change, server, origin })]
    }

    fn send(&mut self, sent: Sent) -> Command {
        let call = sent.change.call.clone();
        self.issue(Request::Change(Box::new(sent)), call)
    }

    /// Replaces the board's copy of a deal with `deal` (or takes it off when the view does not
    /// show it). A deal staying in its stage keeps its place; one changing stage goes to the top
    /// of the new column. Returns where the old copy was, to put it back there on failure.
    fn show_instead(&mut self, deal_id: &str, deal: Deal) -> usize {
        let was_selected = self.board.selected_deal().is_some_and(|d| d.id == deal_id);
        let old = self.board.take(deal_id);
        let origin = old.as_ref().map_or(0, |(_, i, _)| *i);
        if self.view.shows(&deal) {
            let same_stage = old.as_ref().is_some_and(|(_, _, d)| d.stage_id == deal.stage_id);
            let index = if same_stage { origin } else { 0 };
            if let Some((c, i)) = self.board.put(deal, index)
                && was_selected
            {
                self.board.select(c, i);
            }
        }
        // Off the board (another pipeline, hidden by the filter): a mark on it would count a card
        // no bulk action can reach.
        if self.board.find(deal_id).is_none() {
            self.changes.marked.retain(|id| id != deal_id);
        }
        self.keep_selection_in_view();
        origin
    }

    /// The server's answer to a change sent.
    pub(super) fn on_change_answer(
        &mut self,
        sent: Sent,
        result: Result<Outcome, ClientError>,
    ) -> Vec<Command> {
        let delete = matches!(sent.change.call, Call::DeleteDeal { .. });
        let e = match result {
            Ok(Outcome::Saved(server)) => return self.settled(sent.change, server, sent.origin, None),
            Ok(_) => return self.settle_deleted(sent.change),
            Err(e) => e,
        };
        match e {
            // Gone already (someone else deleted it, or an earlier attempt whose answer was
            // lost): what the delete was for.
            ClientError::NotFound { .. } | ClientError::UnreadableSuccess { .. } if delete => {
                return self.settle_deleted(sent.change);
            }
            ClientError::NotFound { .. } => return self.deal_gone(sent.change),
            // Applied, its answer lost: the change stands; the server's copy is read again, the
            // deal's later changes waiting until it is in.
            ClientError::UnreadableSuccess { .. } => {
                if sent.change.batch.is_none() {
                    self.status.info(strings::saved_rereading(&sent.change.title));
                }
                let call = Call::GetDeal { deal_id: sent.change.deal_id.clone() };
                return vec![self.issue(Request::Reread(Box::new(sent)), call)];
            }
            _ => {}
        }
        let Sent { change, server, origin } = sent;
        let id = change.deal_id.clone();
        let dropped = self.changes.waiting.remove(&id).unwrap_or_default();
        if !delete {
            // Its inverse (and those of the changes dropped behind it) would undo nothing.
            self.changes.forget_undo(&id);
        }
        self.put_back(server, origin);
        // A bulk action's failures are told in its summary, once every deal has answered.
        match change.batch {
            Some(b) => self.batch_settled(b, &change.title, Some(e.to_string())),
            None if delete => self.status.failed(strings::delete_failed(&change.title, &e), &e),
            None => {
                let hint = change.draft.and_then(|draft| self.offer_draft(draft, &e));
                self.status.failed(strings::change_failed(&change.title, &e, dropped.len(), hint), &e);
            }
        }
        self.settle_dropped(dropped, &e.to_string());
        Vec::new()
    }

    /// The server has the change (`server`, its copy): the next change waiting for the deal goes
    /// out, or, with none, the card shows the server's copy. `said`: the message to leave.
    fn settled(&mut self, change: Change, server: Deal, origin: usize, said: Option<String>) -> Vec<Command> {
        let id = change.deal_id.clone();
        self.touched(&server.id);
        if let Some(text) = said.filter(|_| change.batch.is_none()) {
            self.status.info(text);
        }
        if let Some(b) = change.batch {
            self.batch_settled(b, &change.title, None);
        }
        let next = self.changes.waiting.get_mut(&id).and_then(VecDeque::pop_front);
        match next {
            Some(next) => vec![self.send(Sent { change: next, server, origin })],
            None => {
                self.changes.waiting.remove(&id);
                self.show_server_copy(server);
                Vec::new()
            }
        }
    }

    /// The re-read after a change whose answer was lost: the server's copy settles it.
    pub(super) fn on_reread(&mut self, sent: Sent, result: Result<Outcome, ClientError>) -> Vec<Command> {
        let title = sent.change.title.clone();
        match result {
            Ok(Outcome::Deal(detail)) => {
                let said = strings::saved_reread(&detail.deal.title);
                self.settled(sent.change, detail.deal, sent.origin, Some(said))
            }
            Err(ClientError::NotFound { .. }) => self.deal_gone(sent.change),
            other => {
                // The change stands: the server's copy before it, with it applied, is the best
                // known until a refresh.
                let err = other.err().unwrap_or_else(|| ClientError::decode("not a deal"));
                let copy = self.applied(&sent.server, &sent.change.call);
                let out = self.settled(sent.change, copy, sent.origin, None);
                self.status.failed(strings::saved_unread(&title, &err), &err);
                out
            }
        }
    }

    /// The deal is gone from the server (deleted, now or earlier): off the board and out of the
    /// undo history; a refresh whose pages were read before must not bring it back; nothing
    /// queued behind it can follow.
    fn forget_deal(&mut self, id: &str) -> VecDeque<Change> {
        self.touched(id);
        self.board.take(id);
        self.changes.forget_undo(id);
        self.changes.marked.retain(|m| m != id);
        self.keep_selection_in_view();
        self.changes.waiting.remove(id).unwrap_or_default()
    }

    /// A delete the server confirmed (or that found the deal gone already).
    fn settle_deleted(&mut self, change: Change) -> Vec<Command> {
        let dropped = self.forget_deal(&change.deal_id);
        match change.batch {
            Some(b) => self.batch_settled(b, &change.title, None),
            None => {
                let (key, next) = self.undo_next();
                self.status.info(strings::deleted_no_undo(&change.title, &key, next.as_deref()));
            }
        }
        self.settle_dropped(dropped, strings::DEAL_DELETED);
        Vec::new()
    }

    /// A change found its deal deleted by someone else: the card leaves the board with a message
    /// naming it, a dialog open for it closes (a retry could only fail again), and the changes
    /// queued behind it are dropped.
    fn deal_gone(&mut self, change: Change) -> Vec<Command> {
        let id = change.deal_id.clone();
        let dropped = self.forget_deal(&id);
        let about = Target::Deal(id.clone());
        let open_for_it = match &self.popup {
            Some(Dialog::StagePicker(p)) => p.target == about,
            Some(Dialog::Won(d)) => d.target == about,
            Some(Dialog::Lost(d)) => d.target == about,
            Some(Dialog::Value(d)) => d.deal_id == id,
            Some(Dialog::DealForm(f)) => f.deal_id() == Some(id.as_str()),
            Some(Dialog::ConfirmDelete(c)) => c.intent == Intent::Delete(about),
            Some(Dialog::Details(d)) => d.deal.id == id,
            _ => false,
        };
        if open_for_it {
            self.popup = None;
        }
        self.changes.retry_form.take_if(|f| f.deal_id() == Some(id.as_str()));
        match change.batch {
            Some(b) => self.batch_settled(b, &change.title, Some(strings::DELETED_ELSEWHERE.into())),
            None => self.status.error(strings::deleted_elsewhere(&change.title)),
        }
        self.settle_dropped(dropped, strings::DEAL_DELETED);
        Vec::new()
    }

    /// Changes never sent because an earlier change to their deal failed (or deleted it): refused
    /// too, for `why`. Called after the failure's own message, so a bulk summary it completes is
    /// what the status line says last.
    fn settle_dropped(&mut self, dropped: VecDeque<Change>, why: &str) {
        for c in dropped {
            if let Some(b) = c.batch {
                self.batch_settled(b, &c.title, Some(strings::not_sent(why)));
            }
        }
    }

    /// The server's copy after every change to it settled.
    fn show_server_copy(&mut self, deal: Deal) {
        let id = deal.id.clone();
        if self.board.find(&id).is_some() && self.board.replace_in_place(deal.clone()) {
            if !self.view.shows(&deal) {
                self.board.take(&id);
            }
            return;
        }
        let origin = self.board.find(&id).map_or(0, |(_, i)| i);
        self.put_back(deal, origin);
    }

    /// Shows the server's copy at `origin` of its stage (after a failure: where the card was
    /// before the change).
    fn put_back(&mut self, server: Deal, origin: usize) {
        let id = server.id.clone();
        // Selected if it was, or if the selection still sits where the card left from (the card
        // left the board, and the user has not moved since).
        let home = self.board.column_of_stage(&server.stage_id);
        let was_selected = self.board.selected_deal().is_some_and(|d| d.id == id)
            || (self.board.find(&id).is_none()
                && home == Some(self.board.col)
                && self.board.selected_column().is_some_and(|c| c.selected == origin));
        self.board.take(&id);
        if self.view.shows(&server)
            && let Some((c, i)) = self.board.put(server, origin)
            && was_selected
        {
            self.board.select(c, i);
        }
        self.keep_selection_in_view();
    }

    /// A dialog whose change the server refused. A deal form with a 422 (a field to fix) opens
    /// again at once with the message on that field; other failures (server down, offline) keep
    /// the form for `n` / `e` to reopen, the status line saying why. The board's own dialogs
    /// reopen with the message when nothing else is open. Answers the hint for the status line
    /// when the form was kept for `n` / `e`.
    pub(crate) fn offer_draft(&mut self, mut draft: Dialog, e: &ClientError) -> Option<&'static str> {
        draft.failed(e);
        let fixable = matches!(e, ClientError::Validation { .. } | ClientError::StageNotInPipeline { .. });
        match draft {
            Dialog::DealForm(form) if !fixable || self.popup.is_some() => {
                let hint = if form.deal_id().is_none() { strings::RETRY_NEW } else { strings::RETRY_EDIT };
                self.changes.retry_form = Some(form);
                return Some(hint);
            }
            draft if self.popup.is_none() => self.popup = Some(draft),
            _ => {}
        }
        None
    }

    // New deals: the card appears at once under a stand-in id until the server answers.

    /// `n`: the form in the selected column's stage (a form whose save failed comes back with
    /// everything typed).
    pub(super) fn open_new_deal(&mut self) -> Vec<Command> {
        if let Some(form) = self.changes.retry_form.take_if(|f| f.deal_id().is_none()) {
            return self.open_deal_form(form);
        }
        // Grouped by close month (`forecast.rs`) there is no stage column: the first stage.
        let col =
            if self.forecast.is_some() { self.board.columns.first() } else { self.board.selected_column() };
        let (Some(pipeline), Some(col)) = (self.board.pipeline(), col) else {
            self.status.info(strings::NO_PIPELINE_YET);
            return Vec::new();
        };
        let (pid, sid) = (pipeline.id.clone(), col.stage.id.clone());
        let me = self.me().map(str::to_string);
        let form =
            self.with_form_context(|ctx| DealForm::new_deal(ctx, &pid, &sid).owned_by(ctx, me.as_deref()));
        self.open_deal_form(Box::new(form))
    }

    /// Whether `deal_id` is a stand-in card of a create in flight.
    pub(super) fn creating(&self, deal_id: &str) -> bool {
        self.requests
            .ops
            .values()
            .any(|r| matches!(r, Request::Create(c) | Request::FindCreated(c) if c.temp_id == deal_id))
    }

    /// The new-deal form's body: the card at the top of its column, selected, pending.
    pub(crate) fn submit_create(&mut self, mut form: Box<DealForm>, body: NewDeal) -> Vec<Command> {
        let title = body.title.to_string();
        let op = self.requests.alloc();
        // The stand-in id is never a server id: those start with `deal_`.
        let temp_id = format!("new:{}", op.0);
        let card = self.stand_in(temp_id.clone(), &body);
        if let Some((c, i)) = self.board.put(card, 0) {
            self.board.select(c, i);
            self.keep_selection_in_view();
        }
        self.status.info(strings::creating(&title));
        form.set_pending(true);
        let (sent_title, pipeline_id) = (body.title.clone(), body.pipeline_id.clone());
        let creating = Creating { temp_id, title, form, sent_title, pipeline_id };
        self.requests.ops.insert(op, Request::Create(Box::new(creating)));
        vec![Command { op, call: Call::CreateDeal { deal: body } }]
    }

    /// The card shown until the server answers: the form's fields, the stage's name.
    fn stand_in(&self, id: String, body: &NewDeal) -> Deal {
        let stage = body.stage_id.as_deref().and_then(|s| self.board.column_of_stage(s));
        let stage = stage.map(|c| &self.board.columns[c].stage);
        Deal {
            id,
            title: body.title.clone().into(),
            pipeline_id: body.pipeline_id.clone(),
            stage_id: body.stage_id.clone().unwrap_or_default(),
            stage_name: stage.map(|s| s.name.clone()),
            value: body.value,
            currency: body.currency.clone(),
            probability: body.probability.or(stage.map(|s| s.probability)),
            owner_id: body.owner_id.clone(),
            contact_id: body.contact_id.clone(),
            expected_close_date: body.expected_close_date,
            status: DealStatus::Open,
            custom_fields: body.custom_fields.clone().unwrap_or_default(),
            tags: body.tags.iter().flatten().map(SafeText::from).collect(),
            won_reason: None,
            lost_reason: None,
            competitor: None,
            closed_at: None,
            created_at: self.now,
            updated_at: self.now,
        }
    }

    /// The server's answer to a create: the real deal takes the stand-in's place (and its
    /// selection), or the stand-in goes and the form waits for a retry. A create the server
    /// applied whose answer was lost is found again by listing, never sent again.
    pub(super) fn on_created(
        &mut self,
        creating: Creating,
        result: Result<Outcome, ClientError>,
    ) -> Vec<Command> {
        match result {
            Ok(Outcome::Saved(deal)) => {
                let said = strings::created(&creating.title);
                self.place_created(creating, deal, said);
            }
            Ok(_) => {}
            Err(ClientError::UnreadableSuccess { .. }) => {
                self.status.info(strings::saved_rereading(&creating.title));
                let query = DealQuery {
                    pipeline_id: Some(creating.pipeline_id.clone()),
                    sort: Some(Sort { field: SortField::CreatedAt, descending: true }),
                    limit: Some(super::query::PAGE_SIZE),
                    ..DealQuery::default()
                };
                return vec![self.issue(Request::FindCreated(Box::new(creating)), Call::ListDeals { query })];
            }
            Err(e) => {
                self.board.take(&creating.temp_id);
                let hint = self.offer_draft(Dialog::DealForm(creating.form), &e);
                self.status.failed(strings::create_failed(&creating.title, &e, hint), &e);
            }
        }
        self.keep_selection_in_view();
        Vec::new()
    }

    /// The newest deals of the pipeline, after a create whose answer was lost: the newest with
    /// the title sent is the one created.
    pub(super) fn on_found_created(&mut self, creating: Creating, result: Result<Outcome, ClientError>) {
        let found = match &result {
            Ok(Outcome::DealPage(page)) => {
                page.items.iter().find(|d| d.title == creating.sent_title).cloned()
            }
            _ => None,
        };
        match found {
            Some(deal) => {
                let said = strings::saved_reread(&creating.title);
                self.place_created(creating, deal, said);
            }
            None => {
                // Saved, but not found again: the stand-in goes; a refresh brings the deal.
                self.board.take(&creating.temp_id);
                let err = result.err().unwrap_or_else(|| ClientError::decode("not among the newest deals"));
                self.status.failed(strings::saved_unread(&creating.title, &err), &err);
            }
        }
        self.keep_selection_in_view();
    }

    /// The server's copy of a new deal in its stand-in's place (and selection), undoable.
    fn place_created(&mut self, creating: Creating, deal: Deal, said: String) {
        let selected = self.board.selected_deal().is_some_and(|d| d.id == creating.temp_id);
        let index = self.board.take(&creating.temp_id).map_or(0, |(_, i, _)| i);
        // Undo deletes it again.
        self.changes.push_undo(UndoEntry { deal: deal.clone(), inverse: Inverse::Delete, group: None });
        self.touched(&deal.id);
        self.forecast_renamed(&creating.temp_id, &deal.id);
        if !self.view.shows(&deal) {
            self.status.info(strings::created_hidden(&creating.title));
        } else {
            self.status.info(said);
            // A refresh's page may have brought it already: one card, in the stand-in's place.
            self.board.take(&deal.id);
            if let Some((c, i)) = self.board.put(deal, index)
                && selected
            {
                self.board.select(c, i);
            }
        }
        self.keep_selection_in_view();
    }

    /// The server accepted a change or a create of this deal: a refresh whose pages were read
    /// before must not take its copy for the server's.
    fn touched(&mut self, deal_id: &str) {
        if let Some(r) = &mut self.requests.refreshing {
            r.touched.insert(deal_id.to_string());
        }
    }

    /// The deal as it will be once the server applies `patch`: the model's rule, as the server
    /// applies it. A change the rule refuses shows the deal as it is (the server refuses it too,
    /// and its answer puts the card back with the reason).
    pub(super) fn patched(&self, before: &Deal, patch: &DealPatch) -> Deal {
        let ctx = RuleCtx::new(&self.board.pipelines, self.now);
        before.apply(patch, &ctx).unwrap_or_else(|_| before.clone())
    }

    /// `before` as the server has it after `call` by the model's rule (for a change whose answer
    /// and re-read were both lost: the best known copy).
    fn applied(&self, before: &Deal, call: &Call) -> Deal {
        match call.clone() {
            Call::MoveStage { stage_id, note, .. } => self.moved(before, stage_id, note).0,
            Call::UpdateDeal { patch, .. } => self.patched(before, &patch),
            Call::MarkWon { reason, .. } => self.closed(before, DealStatus::Won, reason, None).0,
            Call::MarkLost { reason, competitor, .. } => {
                self.closed(before, DealStatus::Lost, reason, competitor).0
            }
            Call::Reopen { .. } => self.closed(before, DealStatus::Open, None, None).0,
            _ => before.clone(),
        }
    }

    /// The deal moved to `stage_id` by the model's rule, and the call.
    fn moved(&self, before: &Deal, stage_id: String, note: Option<String>) -> (Deal, Call) {
        let mv = StageMove { stage_id, note };
        let ctx = RuleCtx::new(&self.board.pipelines, self.now);
        let after = before.move_stage(&mv, &ctx).unwrap_or_else(|_| before.clone());
        (after, Call::MoveStage { deal_id: before.id.clone(), stage_id: mv.stage_id, note: mv.note })
    }

    /// The deal marked won or lost (or reopened, `status` open) by the model's rule, and the call.
    fn closed(
        &self,
        before: &Deal,
        status: DealStatus,
        reason: Option<String>,
        competitor: Option<String>,
    ) -> (Deal, Call) {
        let deal_id = before.id.clone();
        let (patch, call) = match status {
            DealStatus::Won => (DealPatch::won(reason.clone()), Call::MarkWon { deal_id, reason }),
            DealStatus::Lost => {
                let patch = DealPatch::lost(reason.clone(), competitor.clone());
                (patch, Call::MarkLost { deal_id, reason, competitor })
            }
            DealStatus::Open => (DealPatch::reopen(), Call::Reopen { deal_id }),
        };
        (self.patched(before, &patch), call)
    }
}

// The forecast's `H`/`L` (`forecast.rs`): the close date one month back or forward, as an
// update of that one field, through the same change, rollback and undo as any edit.
impl App {
    /// The selected deal's close date (each marked deal's) `months` months on, the same day
    /// clamped to the month's end. A deal without one is left alone, saying so.
    pub(super) fn move_close_dates(&mut self, months: i32) -> Vec<Command> {
        if !self.has_marks() {
            let Some(deal) = self.selected_or_say() else { return Vec::new() };
            let Some(to) = super::forecast::shift_month(deal.expected_close_date, months) else {
                let key = self.keymap.hint(Action::EditDeal, 1, self.settings.ascii);
                self.status.info(strings::no_close_date(&deal.title, key.as_deref()));
                return Vec::new();
            };
            self.status.info(strings::close_date_moved(&deal.title, &to.to_string()));
            return self.set_close_date(deal, to);
        }
        let deals = self.marked_deals();
        let suffix =
            if months < 0 { strings::CLOSE_ONE_MONTH_BACK } else { strings::CLOSE_ONE_MONTH_FORWARD };
        self.batch(strings::VERB_MOVED, suffix.to_string(), deals, |app, deal| {
            match super::forecast::shift_month(deal.expected_close_date, months) {
                Some(to) => Ok(app.set_close_date(deal, to)),
                None => Err((deal.title.into_string(), strings::NO_CLOSE_DATE.to_string())),
            }
        })
    }

    /// Sends the new close date; undo puts back the exact date it had.
    fn set_close_date(&mut self, before: Deal, to: jiff::civil::Date) -> Vec<Command> {
        let patch = DealPatch { expected_close_date: Field::Set(to), ..DealPatch::default() };
        let after = self.patched(&before, &patch);
        self.patch_deal(before, after, patch, None)
    }
}

/// The patch that puts back exactly the fields `patch` changes, as `before` had them, with
/// their names for the message.
pub fn inverse_patch(before: &Deal, patch: &DealPatch) -> (DealPatch, Vec<&'static str>) {
    let mut inv = DealPatch::default();
    let mut fields = Vec::new();
    let mut note = |changed: bool, name: &'static str| {
        if changed {
            fields.push(name);
        }
        changed
    };
    if note(!patch.title.is_unchanged(), "title") {
        inv.title = Field::Set(before.title.to_string());
    }
    if note(!patch.pipeline_id.is_unchanged(), "pipeline") {
        // Back across pipelines needs the old stage with it (the API moves by pipeline_id).
        inv.pipeline_id = Field::Set(before.pipeline_id.clone());
        inv.stage_id = Field::Set(before.stage_id.clone());
    }
    if note(!patch.stage_id.is_unchanged() && patch.pipeline_id.is_unchanged(), "stage") {
        inv.stage_id = Field::Set(before.stage_id.clone());
    }
    if note(!patch.value.is_unchanged(), "value") {
        inv.value = Field::from_option(before.value);
    }
    if note(!patch.currency.is_unchanged(), "currency") {
        inv.currency = Field::from_option(before.currency.clone());
    }
    if note(!patch.contact_id.is_unchanged(), "contact") {
        inv.contact_id = Field::from_option(before.contact_id.clone());
    }
    if note(!patch.owner_id.is_unchanged(), "owner") {
        inv.owner_id = Field::from_option(before.owner_id.clone());
    }
    if note(!patch.expected_close_date.is_unchanged(), "close date") {
        inv.expected_close_date = Field::from_option(before.expected_close_date);
    }
    // A stage change resets the probability on the server: undoing it puts the old one back too.
    if note(!patch.probability.is_unchanged(), "probability") || !inv.stage_id.is_unchanged() {
        inv.probability = Field::from_option(before.probability);
    }
    if note(!patch.custom_fields.is_unchanged(), "custom fields") {
        inv.custom_fields = Field::Set(before.custom_fields.clone());
    }
    if note(!patch.tags.is_unchanged(), "tags") {
        inv.tags = Field::Set(before.tags.iter().map(ToString::to_string).collect());
    }
    (inv, fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::test_support::{deals, pipelines};

    fn entry(id: &str, group: Option<u64>) -> UndoEntry {
        let mut deal = deals()[0].clone();
        deal.id = id.into();
        UndoEntry { deal, inverse: Inverse::Reopen, group }
    }

    #[test]
    fn keeps_the_last_twenty_and_pops_a_group_together() {
        let mut s = Changes::default();
        for i in 0..25 {
            s.push_undo(entry(&format!("deal_{i}"), None));
        }
        assert_eq!(s.undo_depth(), UNDO_DEPTH);
        s.push_undo(entry("a", Some(7)));
        s.push_undo(entry("x", None));
        s.push_undo(entry("b", Some(7)));
        let ids: Vec<_> = s.pop_undo_group().into_iter().map(|e| e.deal.id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(s.pop_undo_group()[0].deal.id, "x");
    }

    #[test]
    fn the_inverse_patch_names_exactly_the_changed_fields() {
        let before = deals()[0].clone();
        let patch = DealPatch {
            title: Field::Set("New".into()),
            owner_id: Field::Clear,
            tags: Field::Set(vec!["x".into()]),
            ..DealPatch::default()
        };
        let (inv, fields) = inverse_patch(&before, &patch);
        let want = DealPatch {
            title: Field::Set(before.title.to_string()),
            owner_id: Field::Set("usr_1".into()),
            tags: Field::Set(vec![]),
            ..DealPatch::default()
        };
        assert_eq!((inv, fields), (want, vec!["title", "owner", "tags"]));
        let across = DealPatch {
            pipeline_id: Field::Set("pipe_002".into()),
            stage_id: Field::Set("stage_101".into()),
            ..DealPatch::default()
        };
        let (inv, _) = inverse_patch(&before, &across);
        assert_eq!(inv.pipeline_id, Field::Set("pipe_001".into()));
        assert_eq!(inv.stage_id, Field::Set("stage_001".into()));
        assert_eq!(inv.probability, Field::Set(10));
    }

    #[test]
    fn a_patch_changes_only_its_fields_and_a_new_stage_brings_its_name_and_probability() {
        // The board's optimistic copy is the model's rule applied to the fixture's pipelines.
        let before = deals()[0].clone();
        let patch = DealPatch {
            title: Field::Set("Renamed".into()),
            pipeline_id: Field::Set("pipe_002".into()),
            stage_id: Field::Set("stage_102".into()),
            owner_id: Field::Clear,
            tags: Field::Set(vec!["q3".into()]),
            ..DealPatch::default()
        };
        let after = before.apply(&patch, &RuleCtx::new(&pipelines(), before.updated_at)).unwrap();
        assert_eq!((after.title.as_str(), after.pipeline_id.as_str()), ("Renamed", "pipe_002"));
        assert_eq!((after.stage_name.as_deref(), after.probability), (Some("Pilot"), Some(60)));
        assert_eq!((after.owner_id, after.tags), (None, vec![SafeText::from("q3")]));
        assert_eq!((after.value, after.currency), (before.value, before.currency));
    }
}
