//! Every user-facing string of the forms, in one place so they can be reviewed, reworded and
//! merged with the board's `tui/strings.rs` without hunting through the code.

// Shared
pub const KEYS_FORM: &str = "Tab/↑↓ move · Enter save · Esc cancel";
pub const KEYS_PICKER_OPEN: &str = "↑↓ choose · Enter pick · Esc close list";
pub const KEYS_PICKER_CLOSED: &str = "type to search, Space lists all";
pub const SAVING: &str = "saving…";
pub const NONE_CHOICE: &str = "(none)";
/// A filter without that condition: every owner.
pub const ANY_CHOICE: &str = "(any)";
pub const NO_MATCHES: &str = "no matches";
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
pub const HINT_STATUS: &str = "←→ or Space to change";
pub const KEYS_FILTER: &str = "Tab/↑↓ move · Enter apply · Ctrl+R clear all · Esc cancel";
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
pub const DELETE_BODY: &str = "This deletes the deal for everyone. It cannot be undone.";
pub const DELETE_MANY_BODY: &str = "This deletes them for everyone. It cannot be undone.";
pub const DELETE_YES: &str = "Delete";
pub const TITLE_DELETE_MANY: &str = "Delete deals";
pub const TITLE_QUIT: &str = "Quit?";
pub const QUIT_BODY: &str = "still being saved; quitting now may lose them.";
pub const QUIT_YES: &str = "Quit anyway";
pub const CANCEL: &str = "Cancel";
