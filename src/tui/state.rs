//! What the board keeps per account between runs (the last pipeline, who "me" is, the saved
//! filters: `tui/app/week.rs`'s `AccountState`), in one JSON file in the platform data directory,
//! by account key (the API URL, or the demo's name). It holds customer data (filter owners, names),
//! so it is readable by its owner alone (0600) and written whole to a temporary file that then
//! replaces it, so a crash never leaves half a file. A file that cannot be read or parsed is
//! said in the log and the board starts without it. The older `last_pipeline` file (lines of
//! `<account> <pipeline id>`) is still read for accounts the JSON file does not know.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::app::week::AccountState;

const FILE_NAME: &str = "state.json";
/// The file earlier versions kept the last pipeline in.
const OLD_FILE_NAME: &str = "last_pipeline";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Contents {
    #[serde(default)]
    accounts: BTreeMap<String, AccountState>,
}

/// One account's place in the state file: where the board keeps its state while it runs.
#[derive(Debug, Clone)]
pub struct AccountStore {
    pub file: StateFile,
    pub account: String,
}

impl AccountStore {
    pub fn save(&self, state: &AccountState) {
        self.file.save(&self.account, state);
    }
}

/// The state file at a path (the platform's, or a test's).
#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    /// `state.json` in the platform data directory (`~/.local/share/dealboard` on Linux).
    pub fn default_location() -> Option<StateFile> {
        directories::ProjectDirs::from("", "", "dealboard")
            .map(|d| StateFile::at(d.data_local_dir().join(FILE_NAME)))
    }

    pub fn at(path: impl Into<PathBuf>) -> StateFile {
        StateFile { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What is kept for `account`; empty when nothing is (or the file is unreadable).
    pub fn load(&self, account: &str) -> AccountState {
        let mut contents = self.read();
        contents.accounts.remove(account).unwrap_or_else(|| AccountState {
            pipeline: self.old_pipeline(account),
            ..AccountState::default()
        })
    }

    /// Keeps `state` for `account`, leaving the other accounts as the file has them now.
    pub fn save(&self, account: &str, state: &AccountState) {
        let mut contents = self.read();
        contents.accounts.insert(account.to_string(), state.clone());
        if let Err(e) = self.write(&contents) {
            tracing::warn!("cannot keep the board's state in {}: {e}", self.path.display());
        }
    }

    fn read(&self) -> Contents {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Contents::default(),
            Err(e) => {
                tracing::warn!(
                    "cannot read the board's state in {}: {e}; starting without it",
                    self.path.display()
                );
                return Contents::default();
            }
        };
        serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(
                "the board's state in {} is damaged ({e}); starting without it",
                self.path.display()
            );
            Contents::default()
        })
    }

    fn write(&self, contents: &Contents) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Created readable by its owner alone (tempfile makes it 0600), then renamed over the old one.
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        serde_json::to_writer_pretty(&mut tmp, contents)?;
        tmp.write_all(b"\n")?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The pipeline the older `last_pipeline` file remembers for `account`.
    fn old_pipeline(&self, account: &str) -> Option<String> {
        let old = self.path.with_file_name(OLD_FILE_NAME);
        let text = std::fs::read_to_string(old).ok()?;
        parse_old(&text).into_iter().rev().find(|(k, _)| k == account).map(|(_, id)| id)
    }
}

fn parse_old(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.rsplit_once(' '))
        .filter(|(_, id)| crate::model::validate::id("pipeline_id", id).is_ok())
        .map(|(k, id)| (k.to_string(), id.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::week::SavedFilter;
    use crate::tui::dialogs::{BoardFilter, OwnerFilter, StatusFilter};

    fn sample() -> AccountState {
        let filter = BoardFilter {
            status: StatusFilter::Won,
            owner: Some(OwnerFilter { id: "usr_002".into(), name: Some("Ana Silva".into()) }),
            min_value: Some(10_000.0),
            close_before: Some(jiff::civil::date(2026, 12, 31)),
            ..BoardFilter::default()
        };
        AccountState {
            pipeline: Some("pipe_002".into()),
            me: Some("usr_002".into()),
            saved_filters: vec![SavedFilter { name: "Big won".into(), filter, sort: Some("-value".into()) }],
        }
    }

    #[test]
    fn what_is_saved_is_loaded_per_account() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::at(dir.path().join("sub/state.json"));
        assert_eq!(file.load("https://a.example/api"), AccountState::default());
        file.save("https://a.example/api", &sample());
        let other = AccountState { me: Some("usr_9".into()), ..AccountState::default() };
        file.save("demo", &other);
        assert_eq!(file.load("https://a.example/api"), sample());
        assert_eq!(file.load("demo"), other);
        // Saving one account again keeps the other.
        file.save("demo", &AccountState::default());
        assert_eq!(file.load("https://a.example/api"), sample());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_its_owner_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        StateFile::at(&path).save("demo", &sample());
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        // Still so after it was loosened and written again.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        StateFile::at(&path).save("demo", &sample());
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_file_starts_empty_and_is_replaced_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        for damaged in ["{\"accounts\": {\"demo\": {\"me\": 5}}}", "not json", "{\"accounts\": ["] {
            std::fs::write(&path, damaged).unwrap();
            assert_eq!(StateFile::at(&path).load("demo"), AccountState::default(), "{damaged}");
        }
        StateFile::at(&path).save("demo", &sample());
        assert_eq!(StateFile::at(&path).load("demo"), sample());
    }

    #[test]
    fn the_old_last_pipeline_file_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("last_pipeline"),
            "https://a.example/api pipe_1\ndemo pipe_001\nbroken\n",
        )
        .unwrap();
        let file = StateFile::at(dir.path().join("state.json"));
        assert_eq!(file.load("demo").pipeline.as_deref(), Some("pipe_001"));
        assert_eq!(file.load("https://a.example/api").pipeline.as_deref(), Some("pipe_1"));
        assert_eq!(file.load("other").pipeline, None);
        // Once the account is in the new file, the new file is what counts.
        file.save("demo", &AccountState { pipeline: Some("pipe_002".into()), ..AccountState::default() });
        assert_eq!(file.load("demo").pipeline.as_deref(), Some("pipe_002"));
    }

    #[test]
    fn old_lines_keep_one_pipeline_per_account() {
        let s = parse_old("https://a.example/api pipe_1\ndemo pipe_001\nbroken\n");
        assert_eq!(
            s,
            vec![("https://a.example/api".into(), "pipe_1".into()), ("demo".into(), "pipe_001".into())]
        );
    }
}
