//! Every piece of text the board shows, in one place: wording is reviewed here, and translating
//! or rewording never means hunting through drawing code. Server text reaches these functions
//! already clean: it is a `model::SafeText` from the moment it is decoded.

use super::api::ClientError;
use super::text::{fit, width};
use crate::human::format::thousands;

/// The most cells of a deal's title a message quotes: the title is what gets shortened, so the
/// verdict before it and the reason's start after it still show at 80 columns.
pub const TITLE_MAX: usize = 32;

/// A title as messages quote it: cut to [`TITLE_MAX`] cells, in quotes.
fn q(title: &str) -> String {
    format!("“{}”", fit(title, TITLE_MAX))
}

pub const APP_NAME: &str = "dealboard";
pub const LOADING_PIPELINES: &str = "loading pipelines…";
pub const NO_PIPELINES: &str = "This workspace has no pipelines.";
pub const NO_DEAL_SELECTED: &str = "No deal selected.";
pub const DEAL_GONE: &str = "That deal is no longer on the board.";
pub const ALREADY_FIRST_STAGE: &str = "Already in the first stage.";
pub const ALREADY_LAST_STAGE: &str = "Already in the last stage.";
pub const ALREADY_IN_STAGE: &str = "The deal is already in that stage.";
pub const NOTHING_TO_UNDO: &str = "Nothing to undo.";
pub const REFRESHING: &str = "Refreshing…";
pub const ONE_PIPELINE: &str = "This is the only pipeline.";
/// `? help  q quit`, with the keys in use (an action without a key is left out).
pub fn status_hint(help: Option<String>, quit: Option<String>) -> String {
    let parts = [help.map(|k| format!("{k} help")), quit.map(|k| format!("{k} quit"))];
    parts.into_iter().flatten().collect::<Vec<_>>().join("  ")
}
/// `p/Tab next pipeline `.
pub fn pipeline_hint(keys: &str) -> String {
    format!("{keys} next pipeline ")
}
pub const EMPTY_COLUMN: &str = "no deals";
pub const LOADING: &str = "loading…";
pub const OFFLINE_BADGE: &str = "OFFLINE";

pub const HELP_TITLE: &str = "Keys";
pub const HELP_FOOTER: &str = "Esc close · j/k scroll";

// Loading and connection.
/// The board shown is the one kept from the last run, read from the server at `when`.
pub fn cached_as_of(when: &str, updating: bool) -> String {
    if updating { format!("as of {when} · updating") } else { format!("as of {when}") }
}
pub fn loaded_of(loaded: u64, total: u64) -> String {
    format!("loaded {} of {}", thousands(loaded), thousands(total))
}
pub fn offline(url: &str) -> String {
    format!("offline: cannot reach {url}")
}
/// Start-up retrying an unreachable server: `… · next try in 4 s · r tries now`.
pub fn retrying_in(offline: &str, secs: u64, now_key: Option<&str>) -> String {
    match now_key {
        Some(k) => format!("{offline} · next try in {secs} s · {k} tries now"),
        None => format!("{offline} · next try in {secs} s"),
    }
}
pub fn retrying_now(offline: &str) -> String {
    format!("{offline} · trying again…")
}
pub fn pipeline_not_found(id: &str, shown: &str) -> String {
    format!("No pipeline {id}; showing {shown}.")
}
pub fn load_failed(what: &str, err: &ClientError) -> String {
    format!("Could not load {what}: {err}")
}
pub const WHAT_PIPELINES: &str = "pipelines";
pub const WHAT_STAGES: &str = "stage totals";
pub const WHAT_DEALS: &str = "deals";

// Changes. Every outcome leads with its verdict (`Moved to Proposal:`, `Not saved:`), then the
// title, cut to `TITLE_MAX`, then for a failure the reason: a narrow status line cuts the end.
pub fn moved(title: &str, stage: &str) -> String {
    format!("Moved to {}: {}.", fit(stage, 24), q(title))
}
/// `left`: the filter hides closed deals (the default), so the card leaves the board.
pub fn marked_won(title: &str, left: bool) -> String {
    if left { format!("Won: {} left the board.", q(title)) } else { format!("Won: {}.", q(title)) }
}
pub fn marked_lost(title: &str, left: bool) -> String {
    if left { format!("Lost: {} left the board.", q(title)) } else { format!("Lost: {}.", q(title)) }
}
pub fn reopened(title: &str) -> String {
    format!("Reopened: {}.", q(title))
}
pub fn value_set(title: &str, money: &str) -> String {
    format!("Value {money}: {}.", q(title))
}
/// Cells the verdict of a failure and the title take together at most (the title gives way), so
/// the reason's start follows within 80 columns.
const FAILURE_HEAD: usize = 52;
/// The verdict of a failed write: `Not saved` (`Not created`, `Not deleted`), with `offline`
/// when the server could not be reached and the way back (`retry`: `e reopens the form`) in
/// parentheses, then the title and the reason.
fn failed(verdict: &str, title: &str, err: &ClientError, retry: Option<&str>) -> String {
    let notes: Vec<&str> = [err.is_offline().then_some("offline"), retry].into_iter().flatten().collect();
    let head =
        if notes.is_empty() { verdict.to_string() } else { format!("{verdict} ({})", notes.join("; ")) };
    let room = FAILURE_HEAD.saturating_sub(width(&head)).clamp(12, TITLE_MAX);
    format!("{head}: “{}” — {err}", fit(title, room))
}
pub fn change_failed(title: &str, err: &ClientError, dropped: usize, retry: Option<&str>) -> String {
    let mut s = failed("Not saved", title, err, retry);
    if dropped > 0 {
        s.push_str(&format!(" ({dropped} later change{} to it not sent)", plural(dropped)));
    }
    s
}
/// A change (or a bulk action's) found its deal gone: deleted by someone else.
pub fn deleted_elsewhere(title: &str) -> String {
    format!("Deleted elsewhere: {} left the board.", q(title))
}
pub const DELETED_ELSEWHERE: &str = "deleted elsewhere";
/// A write the server applied but whose answer was lost: the board re-reads the deal.
pub fn saved_rereading(title: &str) -> String {
    format!("Saved: {} (the answer was cut short; reading it again…)", q(title))
}
/// The deal as the server holds it after a write whose answer was lost.
pub fn saved_reread(title: &str) -> String {
    format!("Saved: {} (as the server has it).", q(title))
}
/// The re-read after a lost answer failed too: the write stands, the card may be stale.
pub fn saved_unread(title: &str, err: &ClientError) -> String {
    format!("Saved: {}, but it could not be read again ({err}); r refreshes.", q(title))
}
pub const BACK_ONLINE: &str = "Back online.";

// Create, edit, delete, reopen, filter, sort, search.
pub const STILL_CREATING: &str = "This new deal is still being saved; try again in a moment.";
pub const NO_PIPELINE_YET: &str = "No pipeline loaded yet.";
pub const NOTHING_CHANGED: &str = "Nothing changed.";
pub const RETRY_NEW: &str = "n reopens the form";
pub const RETRY_EDIT: &str = "e reopens the form";
pub const ALREADY_OPEN: &str = "The deal is already open.";
pub fn already_closed(title: &str, status: &str) -> String {
    format!("Nothing to do: {} is already {status}.", q(title))
}
/// A won or lost deal stays in its stage; reopening it is the way back to moving it.
pub fn closed_stays_put(title: &str, status: &str, reopen_key: Option<&str>) -> String {
    match reopen_key {
        Some(k) => format!("Not moved: {} is {status}; reopen it ({k}) to move it.", q(title)),
        None => format!("Not moved: {} is {status}; reopen it to move it.", q(title)),
    }
}
pub const FILTER_APPLIED: &str = "Filter applied.";
pub const FILTER_CLEARED: &str = "Filter cleared: all open deals.";
pub const NO_FILTER: &str = "No filter to clear.";
pub const SORTED: &str = "Sorted.";
pub const NO_MATCHES: &str = "no matches";
pub const WON_BADGE: &str = "WON";
pub const LOST_BADGE: &str = "LOST";
pub const SEARCH_PROMPT: &str = "/";
pub const SEARCH_KEYS_EDITING: &str = "Enter keep · Esc clear";
pub fn search_keys_kept(search_key: Option<&str>) -> String {
    match search_key {
        Some(k) => format!("{k} edit · Esc clear"),
        None => "Esc clear".to_string(),
    }
}
pub fn creating(title: &str) -> String {
    format!("Creating {}…", q(title))
}
pub fn created(title: &str) -> String {
    format!("Created: {}.", q(title))
}
pub fn created_hidden(title: &str) -> String {
    format!("Created: {}; the filter hides it.", q(title))
}
pub fn create_failed(title: &str, err: &ClientError, retry: Option<&str>) -> String {
    failed("Not created", title, err, retry)
}
pub fn saved(title: &str) -> String {
    format!("Saved: {}.", q(title))
}
pub fn moved_to_pipeline(title: &str, pipeline: &str) -> String {
    format!("Moved to the {} pipeline: {} left this board.", fit(pipeline, 24), q(title))
}
pub fn deleting(title: &str) -> String {
    format!("Deleting {}…", q(title))
}
pub fn deleted(title: &str) -> String {
    format!("Deleted: {}.", q(title))
}
pub fn delete_failed(title: &str, err: &ClientError) -> String {
    failed("Not deleted", title, err, None)
}
/// After a delete: it cannot be undone, and what the undo key (`key`) would take back instead.
pub fn deleted_no_undo(title: &str, key: &str, next: Option<&str>) -> String {
    format!("Deleted: {}; {}", q(title), no_undo(key, next))
}
/// What follows a delete's verdict: it cannot be undone, and what `key` would undo instead.
pub fn no_undo(key: &str, next: Option<&str>) -> String {
    match next {
        Some(n) => format!("a delete cannot be undone ({key} would undo: {n})"),
        None => "a delete cannot be undone.".to_string(),
    }
}
pub fn filter_header(describe: &str, clear_key: Option<&str>) -> String {
    match clear_key {
        Some(k) => format!("filter: {describe} ({k} clears)"),
        None => format!("filter: {describe}"),
    }
}
pub fn sort_header(sort: &str) -> String {
    format!("sort: {sort}")
}
pub fn search_matches(n: usize) -> String {
    format!("{} match{}", thousands(n as u64), if n == 1 { "" } else { "es" })
}
/// A column's header while a search narrows it: its matches among its deals.
pub fn column_matches(shown: usize, count: u64) -> String {
    format!(
        "{} of {} deal{} match",
        thousands(shown as u64),
        thousands(count),
        if count == 1 { "" } else { "s" }
    )
}
/// On a card the search found by another field than its title: which one, before its text.
pub const MATCHED_TAG: &str = "tag: ";
pub const MATCHED_OWNER: &str = "owner: ";
pub const MATCHED_CONTACT: &str = "contact: ";

// Undo.
/// How every undo message starts.
pub const UNDO_PREFIX: &str = "Undo: ";
/// The note a stage move made by undo carries, so the deal's stage history says so.
pub const UNDO_NOTE: &str = "undo";
pub fn undo_move(title: &str, stage: &str) -> String {
    format!("Undo: “{title}” back to {stage}.")
}
pub fn undo_value(title: &str, money: Option<&str>) -> String {
    match money {
        Some(m) => format!("Undo: “{title}” back to {m}."),
        None => format!("Undo: “{title}” has no value again."),
    }
}
pub fn undo_edit(title: &str, fields: &str) -> String {
    format!("Undo: the edit of “{title}” ({fields}).")
}
pub fn undo_close(title: &str) -> String {
    format!("Undo: “{title}” reopened.")
}
pub fn undo_reopen(title: &str, won: bool) -> String {
    format!("Undo: “{title}” marked {} again.", if won { "won" } else { "lost" })
}
pub fn undo_create(title: &str) -> String {
    format!("Undo: the new deal “{title}” deleted.")
}
pub fn undoing_many(n: usize) -> String {
    format!("Undo: the last bulk action, {n} deals…")
}

// Bulk actions.
pub const MARK: &str = "✓ ";
/// In ASCII mode: `*` is the pending mark there already.
pub const MARK_ASCII: &str = "+ ";
pub const MARKS_CLEARED: &str = "Marks cleared.";
pub const MARKS_GONE: &str = "None of the marked deals is on the board any more.";
pub const NO_USER_LIST: &str = "This server has no user list; set the owner by id in the deal form (e).";
pub const NEW_OWNER: &str = "New owner";
pub const VERB_MOVED: &str = "Moved";
pub const VERB_MARKED: &str = "Marked";
pub const VERB_DELETED: &str = "Deleted";
pub const VERB_REASSIGNED: &str = "Reassigned";
pub const VERB_UNDID: &str = "Undid the change to";
pub const SUFFIX_WON: &str = " won";
pub const SUFFIX_LOST: &str = " lost";
pub const ONE_STAGE_BACK: &str = " one stage back";
pub const ONE_STAGE_FORWARD: &str = " one stage forward";
pub const ALREADY_THEIRS: &str = "already theirs";
pub const DEAL_DELETED: &str = "the deal was deleted";
/// A bulk change never sent: the change before it failed (`why`) or deleted the deal.
pub fn not_sent(why: &str) -> String {
    format!("not sent, an earlier change to it failed: {why}")
}
pub fn marked_count(n: usize) -> String {
    format!("{n} marked")
}
/// A dialog's title when it acts on the marked deals.
pub fn marked_deals(n: usize) -> String {
    format!("{n} marked deal{}", plural(n))
}
/// Said on each `Space`: what marks are for (the count itself stays on the right). `keys`: the
/// bulk actions' keys as bound now, `clear` the key that clears the marks.
pub fn marks_hint(n: usize, keys: &str, clear: &str) -> String {
    match n {
        0 => "No marks.".to_string(),
        _ => format!("Marked: {keys} act on all of them · {clear} clears"),
    }
}
pub fn new_owner_for(n: usize) -> String {
    format!("New owner for {n} deal{}", plural(n))
}
pub fn to_stage(stage: &str) -> String {
    format!(" to {stage}")
}
pub fn to_owner(name: &str) -> String {
    format!(" to {name}")
}
pub fn bulk_sending(n: usize) -> String {
    format!("Saving {n} deal{}…", plural(n))
}
/// The one message of a bulk action: "Moved 3 deals to Proposal." or
/// "Moved 2 of 3; 1 failed: “Acme”: deal not found".
pub fn bulk_summary(
    verb: &str,
    suffix: &str,
    total: usize,
    failed: &[(String, String)],
    first: &str,
) -> String {
    match (failed, total) {
        ([], 1) => format!("{verb} “{first}”{suffix}."),
        ([], _) => format!("{verb} {total} deals{suffix}."),
        ([(title, why)], 1) if why == DELETED_ELSEWHERE => deleted_elsewhere(title),
        ([(title, why)], 1) => format!("Not saved: {} — {why}", q(title)),
        _ => {
            let list: Vec<String> = failed.iter().map(|(t, why)| format!("“{t}”: {why}")).collect();
            format!(
                "{verb} {} of {total}; {} failed: {}",
                total - failed.len(),
                failed.len(),
                list.join("; ")
            )
        }
    }
}

// Live refresh.
pub const CHANGED_MARK: &str = "✱ ";
pub fn refreshed(changed: usize) -> String {
    match changed {
        0 => "Up to date.".to_string(),
        n => format!("Refreshed: {n} deal{} changed elsewhere.", plural(n)),
    }
}
/// Deals the server sent that could not be read (left off the board).
pub fn unreadable_deals(n: usize) -> String {
    format!("{n} deal{} could not be read", plural(n))
}

/// The refresh stretched because the API budget is low.
pub fn budget_low(minutes: u64) -> String {
    format!("API budget low: refreshing every {minutes} min")
}

pub const BUDGET_RECOVERED: &str = "API budget recovered: refreshing as usual";

pub fn gone_elsewhere(titles: &[String]) -> String {
    match titles {
        [one] => format!("Left the board (deleted or changed elsewhere): {}.", q(one)),
        _ => format!(
            "{} deals left the board, deleted or changed elsewhere: {}",
            titles.len(),
            titles.iter().map(|t| format!("“{t}”")).collect::<Vec<_>>().join(", ")
        ),
    }
}

pub fn quit_question(pending: usize) -> String {
    if pending == 0 {
        return "Every change is saved. Quit?".to_string();
    }
    format!("{pending} change{} still being saved. Quit anyway?", plural(pending))
}
pub const QUIT_TITLE: &str = "Quit?";
pub const QUIT_KEYS: &str = "y quit · n stay";

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// Dialogs.
pub const WON_TITLE: &str = "Mark won";
pub const LOST_TITLE: &str = "Mark lost";
pub const VALUE_TITLE: &str = "Edit value";
pub const MOVE_TITLE: &str = "Move to stage";
pub const WON_REASON_LABEL: &str = "Won reason (optional)";
pub const LOST_REASON_LABEL: &str = "Lost reason (optional)";
pub const COMPETITOR_LABEL: &str = "Competitor (optional)";
pub const NOTE_LABEL: &str = "Note (optional)";
pub const VALUE_HINT: &str = "50000, 50,000, $50,000, 50k, 1.2m";
pub const DIALOG_KEYS: &str = "Enter save · Esc cancel";
pub const LOST_KEYS: &str = "Enter save · Tab next field · Esc cancel";
pub const MOVE_KEYS: &str = "↑/↓ stage · type a note · Enter move · Esc cancel";
pub const CURRENT_STAGE: &str = "(now)";
pub fn value_label(currency: &str) -> String {
    if currency.is_empty() { "Value".to_string() } else { format!("Value ({currency})") }
}

// The board.
/// The board header when `[rates]` converts amounts: `≈ in USD at your rates`.
pub fn at_your_rates(main: &str) -> String {
    format!("≈ in {main} at your rates")
}
/// A column header whose deals could not be loaded: `could not load · r retries`.
pub fn column_failed(retry_key: Option<&str>) -> String {
    match retry_key {
        Some(k) => format!("could not load · {k} retries"),
        None => "could not load".to_string(),
    }
}
pub fn column_counts(count: u64, total: &str) -> String {
    format!("{} deal{} · {total}", thousands(count), if count == 1 { "" } else { "s" })
}
/// After a column's total: the other currencies its deals are in, left out of that total.
pub fn other_currencies(marks: &[String]) -> String {
    format!(" +{}", marks.join(" "))
}
pub fn weighted(w: &str) -> String {
    format!("weighted {w}")
}
pub fn more_left(n: usize) -> String {
    format!("◀{n} ")
}
pub fn more_right(n: usize) -> String {
    format!(" {n}▶")
}
pub const PENDING_MARK: &str = "⟳ ";
/// Between the parts of a card's line.
pub const SEP: &str = " · ";
pub const NO_VALUE: &str = "no value";
pub const NO_CLOSE_DATE: &str = "no close date";
pub fn overdue(date: &str) -> String {
    format!("overdue {date}")
}
pub const STALE: &str = " stale";
pub fn due(date: &str) -> String {
    format!("due {date}")
}
pub fn days_idle(days: i64) -> String {
    format!(" · {days}d")
}
pub fn probability(p: u8) -> String {
    format!("{p}%")
}

// Details.
pub const DETAILS_KEYS: &str = "Esc close · j/k g/G scroll · c s a Tab sections · v w x m e H/L d o";
pub const SECTION_FIELDS: &str = "Deal";
pub const SECTION_CUSTOM: &str = "Custom fields";
pub const SECTION_CONTACTS: &str = "Contacts";
pub const SECTION_HISTORY: &str = "Stage history";
pub const SECTION_ACTIVITIES: &str = "Activities";
pub const NONE: &str = "none";
pub const DASH: &str = "—";
pub const PRIMARY: &str = " (primary)";
pub const DONE: &str = "done";
pub const OPEN_TASK: &str = "to do";
pub fn could_not_load(err: &str) -> String {
    format!("could not load: {err}")
}
pub const FIELD_NAMES: [&str; 17] = [
    "id",
    "title",
    "pipeline",
    "stage",
    "value",
    "probability",
    "owner",
    "contact",
    "expected close",
    "status",
    "tags",
    "won reason",
    "lost reason",
    "competitor",
    "closed at",
    "created at",
    "updated at",
];

// The forms (new / edit deal, filter, sort, pick lists, confirmations).
pub const KEYS_FORM: &str = "Tab/↑↓ move · Enter save · Esc cancel";
pub const KEYS_PICKER_OPEN: &str = "↑↓ choose · Enter pick · Esc close list";
pub const KEYS_PICKER_CLOSED: &str = "type to search, Space lists all";
pub const SAVING: &str = "saving…";
pub const NONE_CHOICE: &str = "(none)";
/// A filter without that condition: every owner.
pub const ANY_CHOICE: &str = "(any)";
pub const MATCHES: &str = "found";

/// Under a picker's list: matches scrolled out of view above it.
pub fn more_above(n: usize, ascii: bool) -> String {
    if ascii { format!("^ {n} more") } else { format!("↑ {n} more") }
}

/// Under a picker's list: matches below the rows shown.
pub fn more_below(n: usize, ascii: bool) -> String {
    if ascii { format!("v {n} more") } else { format!("↓ {n} more") }
}

// Deal form
pub const TITLE_NEW: &str = "New deal";
pub const TITLE_EDIT: &str = "Edit deal";
pub const LABEL_TITLE: &str = "Title";
pub const LABEL_PIPELINE: &str = "Pipeline";
pub const LABEL_STAGE: &str = "Stage";
pub const LABEL_VALUE: &str = "Value";
pub const LABEL_CURRENCY: &str = "Currency";
pub const LABEL_CLOSE: &str = "Close date";
pub const LABEL_PROBABILITY: &str = "Probability";
pub const LABEL_OWNER: &str = "Owner";
pub const LABEL_CONTACT: &str = "Contact";
pub const LABEL_TAGS: &str = "Tags";
pub const LABEL_CUSTOM: &str = "Custom fields";
pub const LABEL_ADD_CUSTOM: &str = "+ field";
pub const HINT_OWNER_ID: &str = "user id, e.g. usr_001";
pub const HINT_CONTACT_ID: &str = "contact id, e.g. con_001";
pub const HINT_TAGS: &str = "comma separated";
pub const HINT_PROBABILITY: &str = "%, 0-100";
pub const HINT_ADD_CUSTOM: &str = "name, then Enter";
pub const KEYS_CUSTOM: &str = "Ctrl+T type · Ctrl+D remove";
pub const PICK_STAGE_OF: &str = "pick a stage of";
pub const PROBABILITY_NOT_NUMBER: &str = "probability must be a whole number from 0 to 100";
pub const CUSTOM_NAME_EMPTY: &str = "name the field first";
pub const CUSTOM_NAME_TAKEN: &str = "a field with this name exists";
pub const CUSTOM_NAME_CONTROL: &str = "no control characters in names";
pub const CUSTOM_NOT_NUMBER: &str = "not a number";
pub const CUSTOM_NOT_BOOL: &str = "yes or no";
pub const CUSTOM_REMOVED: &str = "removed · Ctrl+D keeps it";
pub const KIND_TEXT: &str = "text";
pub const KIND_NUMBER: &str = "number";
pub const KIND_BOOL: &str = "yes/no";

// Filter form
pub const TITLE_FILTER: &str = "Filter deals";
pub const LABEL_STATUS: &str = "Status";
pub const LABEL_MIN_VALUE: &str = "Min value";
pub const LABEL_MAX_VALUE: &str = "Max value";
pub const LABEL_CLOSE_AFTER: &str = "Closes from";
pub const LABEL_CLOSE_BEFORE: &str = "Closes until";
/// The filter's value range in raw amounts of any currency (the server's own filter).
pub const ANY_CURRENCY: &str = "any currency";
pub const LABEL_VALUE_IN: &str = "Value in";
/// The filter's value range in the board's currency only: `USD only`.
pub fn only_currency(code: &str) -> String {
    format!("{code} only")
}
pub const HINT_STATUS: &str = "←→ or Space to change";
pub const KEYS_FILTER: &str = "Tab/↑↓ move · Enter apply/save · Ctrl+R clear all · Esc cancel";
pub const MAX_BELOW_MIN: &str = "max must be at least the min";
pub const BEFORE_AFTER: &str = "end must not be before the start";
pub const STATUS_ALL: &str = "all";

// Sort picker
pub const TITLE_SORT: &str = "Sort deals";
pub const KEYS_SORT: &str = "↑↓ field · ←→/Space direction · Enter apply · Esc cancel";
pub const SORT_VALUE: &str = "Value";
pub const SORT_CLOSE: &str = "Expected close date";
pub const SORT_UPDATED: &str = "Last updated";
pub const SORT_CREATED: &str = "Created";
pub const SORT_VALUE_ASC: &str = "smallest first";
pub const SORT_VALUE_DESC: &str = "largest first";
pub const SORT_DATE_ASC: &str = "earliest first";
pub const SORT_DATE_DESC: &str = "latest first";
pub const SORT_TIME_ASC: &str = "oldest first";
pub const SORT_TIME_DESC: &str = "most recent first";

// Pick dialog
pub const LABEL_SEARCH: &str = "Search";
pub const KEYS_PICK_DIALOG: &str = "type to search · ↑↓ move · Enter pick · Esc cancel";
pub const TITLE_PIPELINES: &str = "Pipelines";
pub const DEFAULT_PIPELINE: &str = "default";

// Confirmation
pub const TITLE_DELETE: &str = "Delete deal";
const DELETE_BODY: &str = "This deletes the deal for everyone. It cannot be undone.";
/// "Delete “Acme renewal”? This deletes the deal for everyone. It cannot be undone."
pub fn delete_deal(name: &str) -> String {
    format!("Delete “{name}”? {DELETE_BODY}")
}
pub fn delete_marked(count: usize) -> String {
    match count {
        1 => format!("Delete the marked deal? {DELETE_BODY}"),
        n => format!("Delete {n} marked deals? This deletes them for everyone. It cannot be undone."),
    }
}
pub const DELETE_YES: &str = "Delete";
pub const TITLE_DELETE_MANY: &str = "Delete deals";
/// A delete's button: `y` alone confirms it.
pub fn confirm_y_only(verb: &str) -> String {
    format!(" y {verb} ")
}
pub const CONFIRM_NO: &str = "Esc/n Cancel";

// The rep's week: who "me" is, only mine, rotting deals, saved filters
pub const TITLE_CHOOSE_ME: &str = "Who are you? (kept for this account)";
/// Said first, so a narrow status line keeps the way out.
/// The "who are you?" picker on a server without `/users`.
pub const NO_USERS_FOR_ME_NOTE: &[&str] =
    &["This server lists no users to pick from.", "Set me = \"<user id>\" in config.toml instead."];
pub const NO_USERS_FOR_ME: &str =
    "Set me = \"<user id>\" in config.toml: this server lists no users to pick from.";
/// `I` while `me` is set in config.toml: the file wins.
pub fn me_from_config(id: &str) -> String {
    format!("You are set in config.toml: me = \"{id}\".")
}
pub fn you_are(name: &str) -> String {
    format!("You are {name}.")
}
pub fn only_mine_on(name: &str) -> String {
    format!("Only mine: {name}.")
}
pub const ONLY_MINE_OFF: &str = "Every owner's deals again.";
/// The header's part for the owner filter when the owner is you: `only mine: Ana`.
pub fn only_mine_header(name: &str) -> String {
    format!("only mine: {name}")
}
/// The header's part while only rotting deals are shown.
pub const ROTTING_HEADER: &str = "rotting only";
/// After a column's counts: how many of its loaded deals are rotting, in the cards' word.
pub fn rotting_count(n: usize) -> String {
    format!(" ·{n}{STALE}")
}
pub const NO_ROTTING: &str = "No rotting deal on the board.";
pub const TITLE_SAVED_FILTERS: &str = "Saved filters";
pub const KEYS_SAVED_FILTERS: &str = "type to search · ↑↓ move · Enter apply · Ctrl+D delete · Esc cancel";
pub const BUILTIN_MY_DEALS: &str = "my deals";
pub const BUILTIN_CLOSING_MONTH: &str = "closing this month";
pub const BUILTIN_ROTTING: &str = "rotting";
pub const BUILTIN: &str = "built-in";
pub fn saved_filter_applied(name: &str) -> String {
    format!("Filter “{name}” applied.")
}
pub fn filter_saved(name: &str) -> String {
    format!("Filter saved as “{name}” (S lists the saved filters).")
}
pub fn saved_filter_deleted(name: &str) -> String {
    format!("Saved filter “{name}” deleted.")
}
pub const BUILTIN_NOT_DELETED: &str = "Built-in filters cannot be deleted.";
pub const LABEL_SAVE_AS: &str = "Save as";
pub const HINT_SAVE_AS: &str = "named: kept under S";
/// A saved filter that is the board's default view.
pub const SAVED_ALL_OPEN: &str = "every open deal";
// Cards (card fields, the legend).
/// Days since a card's deal was last updated.
pub fn age(days: i64) -> String {
    format!("{days}d")
}
/// A card's tags, and how many more did not fit.
pub fn tag(t: &str) -> String {
    format!("#{t}")
}
pub fn more_tags(n: usize) -> String {
    format!("+{n}")
}
/// A custom field on a card: `region: EMEA`.
pub fn custom_field(name: &str, value: &str) -> String {
    format!("{name}: {value}")
}
pub const YES: &str = "yes";
pub const NO: &str = "no";
/// The columns off screen on one side, and the deals they hold: `◀ 2 cols · 41`.
pub fn hidden_left(cols: usize, deals: u64) -> String {
    format!("◀ {cols} col{} · {} ", if cols == 1 { "" } else { "s" }, thousands(deals))
}
pub fn hidden_right(cols: usize, deals: u64) -> String {
    format!(" {cols} col{} · {} ▶", if cols == 1 { "" } else { "s" }, thousands(deals))
}
// The help's legend: what each symbol on a card, a column or the header means.
pub const LEGEND_TITLE: &str = "Symbols";
pub const LEGEND_SELECTED: &str = "the selected card";
pub const LEGEND_PENDING: &str = "a change on its way to the server";
pub const LEGEND_MARKED: &str = "marked for a bulk action";
pub const LEGEND_CHANGED: &str = "changed elsewhere (a refresh brought it)";
pub const LEGEND_CLOSED: &str = "a closed deal, shown under a status filter";
pub const LEGEND_OVERDUE: &str = "its expected close date has passed";
pub const LEGEND_AGE: &str = "days since the deal was last updated";
pub const LEGEND_STALE: &str = "rotting: no update for its stage's [stale_days] (14 unless set)";
pub const LEGEND_ROTTING_COUNT: &str = "in a column's header: how many of its deals are rotting";
pub const LEGEND_ONLY_MINE: &str = "in the header: only your deals are shown";
pub const LEGEND_ROTTING_ONLY: &str = "in the header: only rotting deals are shown";
pub const LEGEND_TAGS: &str = "its tags; +2: two more that did not fit";
pub const LEGEND_CUT: &str = "text cut between words; a title keeps its distinct end";
pub const LEGEND_CURRENCIES: &str = "deals in other currencies, not in the column's total";
pub const LEGEND_HIDDEN: &str = "columns off screen, and the deals they hold";
pub const LEGEND_FAILED: &str = "the column's deals could not be read";
pub const LEGEND_RATES: &str = "amounts converted at your [rates]";
pub const LEGEND_BAR: &str = "by close month: the weighted share of the month's total";
/// A legend line's meaning with the keys that act on it: `marked for a bulk action (Space)`.
pub fn legend_with_keys(meaning: &str, keys: Option<&str>) -> String {
    match keys {
        Some(k) => format!("{meaning} ({k})"),
        None => meaning.to_string(),
    }
}
// The won stage.
/// A bulk move's deal that would enter the won stage without being won.
pub const WIN_TO_ENTER: &str = "not moved into the won stage: mark it won to move it there";
pub fn won_moved(title: &str, stage: &str) -> String {
    format!("Won, moved to {stage}: {}.", q(title))
}
pub fn won_moves_to(stage: &str) -> String {
    format!("Moves to {stage} as it is marked won.")
}
pub fn reopening(title: &str) -> String {
    format!("Reopening {}…", q(title))
}
pub fn reopened_in(title: &str, stage: &str) -> String {
    format!("Reopened in {stage}: {}.", q(title))
}
pub fn undo_restore(title: &str, status: &str, stage: &str) -> String {
    format!("Undo: “{title}” {status} again, in {stage}.")
}
// The forecast: the board grouped by expected close month (`app/forecast.rs`).
pub const MONTH_OVERDUE: &str = "Overdue";
pub const MONTH_NO_DATE: &str = "No date";
/// The header, right side, while the forecast is on.
pub const GROUPED_BY_MONTH: &str = " by close month ";
pub const GROUPED_BY_STAGE_SAID: &str = "Grouped by stage.";
pub const GROUPED_BY_MONTH_SAID: &str = "Grouped by expected close month.";
pub const CLOSE_ONE_MONTH_BACK: &str = ": close date one month earlier";
pub const CLOSE_ONE_MONTH_FORWARD: &str = ": close date one month later";
/// `H`/`L` in the forecast on a deal without a close date: nothing is sent.
pub fn no_close_date(title: &str, edit_key: Option<&str>) -> String {
    match edit_key {
        Some(k) => format!("{} has no close date: {k} sets one.", q(title)),
        None => format!("{} has no close date.", q(title)),
    }
}
pub fn close_date_moved(title: &str, date: &str) -> String {
    format!("Close date {date}: {}.", q(title))
}
/// The forecast bar: weighted against total, full cells then empty ones.
pub const BAR_FULL: &str = "█";
pub const BAR_EMPTY: &str = "░";
pub const BAR_FULL_ASCII: &str = "#";
pub const BAR_EMPTY_ASCII: &str = ".";
