//! The board kept between runs, in the platform cache directory: one file per account, named by
//! a hash of the API URL and of the key's fingerprint (a SHA-256 of the key; the key itself is
//! never written). The file holds a format version, the URL and the fingerprint it belongs to,
//! and a [`Snapshot`]. Written atomically (a temp file in the same directory, fsync, rename),
//! readable by its owner alone. A damaged, foreign or old-format file is ignored and said in
//! the log, never an error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::tui::message::Snapshot;

/// The file format's version; a file of another one is ignored (and replaced on the next save).
pub const FORMAT_VERSION: u32 = 1;

/// One account's cache file. Clones share the order of saves.
#[derive(Debug, Clone)]
pub struct Cache {
    path: PathBuf,
    api_url: String,
    key_fingerprint: String,
    /// Saves are numbered when asked for; a save that finds a later one written skips, so a slow
    /// save off the UI thread never puts an older board over a newer one.
    order: Arc<(AtomicU64, Mutex<u64>)>,
}

/// What the file holds.
#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    api_url: String,
    key_fingerprint: String,
    board: Snapshot,
}

/// Only the version, read first: an older file need not parse as today's.
#[derive(Deserialize)]
struct Version {
    version: u32,
}

/// SHA-256 in lowercase hex.
fn sha256_hex(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

impl Cache {
    /// The cache of the account (`api_url`, `api_key`) in the platform cache directory; `None`
    /// when the platform has none.
    pub fn for_account(api_url: &str, api_key: &str) -> Option<Cache> {
        let dir = directories::ProjectDirs::from("", "", "dealboard")?.cache_dir().to_path_buf();
        Some(Cache::in_dir(&dir, api_url, api_key))
    }

    /// The cache of the account in `dir`.
    pub fn in_dir(dir: &Path, api_url: &str, api_key: &str) -> Cache {
        let key_fingerprint = sha256_hex(api_key.as_bytes());
        let account = sha256_hex(format!("{api_url}\n{key_fingerprint}").as_bytes());
        let path = dir.join(format!("board-{}.json", &account[..32]));
        Cache { path, api_url: api_url.to_string(), key_fingerprint, order: Arc::default() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The snapshot saved for this account, if there is a usable one.
    pub fn read(&self) -> Option<Snapshot> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!("board cache {} not read: {e}", self.path.display());
                return None;
            }
        };
        let ignored = |why: &dyn std::fmt::Display| {
            tracing::warn!("board cache {} ignored: {why}", self.path.display());
            None
        };
        match serde_json::from_slice::<Version>(&bytes) {
            Ok(v) if v.version == FORMAT_VERSION => {}
            Ok(v) => return ignored(&format_args!("format version {}, not {FORMAT_VERSION}", v.version)),
            Err(e) => return ignored(&format_args!("damaged ({e})")),
        }
        let file: File = match serde_json::from_slice(&bytes) {
            Ok(f) => f,
            Err(e) => return ignored(&format_args!("damaged ({e})")),
        };
        if file.api_url != self.api_url || file.key_fingerprint != self.key_fingerprint {
            return ignored(&"it belongs to another API URL or key");
        }
        Some(file.board)
    }

    /// Saves `board` for this account, replacing the file in one step. Blocking: call it off the
    /// UI thread, or after the board has closed.
    pub fn write(&self, board: Snapshot) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        make_private_dir(dir)?;
        let file = File {
            version: FORMAT_VERSION,
            api_url: self.api_url.clone(),
            key_fingerprint: self.key_fingerprint.clone(),
            board,
        };
        // Created readable by its owner alone (tempfile makes it 0600), renamed over the old one.
        let mut tmp = tempfile::Builder::new().prefix(".board-").suffix(".tmp").tempfile_in(dir)?;
        serde_json::to_writer(std::io::BufWriter::new(tmp.as_file_mut()), &file)?;
        tmp.as_file_mut().flush()?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        // The rename itself reaches the disk with the directory.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// A save of `board`, numbered now, to run later (off the UI thread): it writes unless a
    /// save asked for after it was written first, and says a failure in the log (a cache is a
    /// nicety).
    pub fn save_later(&self, board: Snapshot) -> impl FnOnce() + Send + 'static {
        let this = self.clone();
        let seq = self.order.0.fetch_add(1, Ordering::SeqCst) + 1;
        move || {
            let mut written = this.order.1.lock().unwrap_or_else(|e| e.into_inner());
            if *written > seq {
                return;
            }
            match this.write(board) {
                Ok(()) => tracing::debug!("board cache saved to {}", this.path.display()),
                Err(e) => tracing::warn!("board cache not saved to {}: {e}", this.path.display()),
            }
            *written = seq;
        }
    }

    /// Saves `board` now (blocking).
    pub fn save(&self, board: Snapshot) {
        self.save_later(board)();
    }
}

/// The cache directory, created readable by its owner alone (0700).
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::test_support::{deals, now, pipelines, users};

    fn snapshot() -> Snapshot {
        let p = pipelines();
        Snapshot {
            read_at: now(),
            pipeline_id: p[0].id.clone(),
            pipelines: p,
            stages: Vec::new(),
            deals: deals(),
            users: Some(users()),
        }
    }

    const URL: &str = "https://crm.example/api/v1";
    const KEY: &str = "sk_live_very_secret_key";

    #[test]
    fn a_saved_board_reads_back_and_the_key_is_not_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(&dir.path().join("dealboard"), URL, KEY);
        assert_eq!(cache.read(), None, "nothing saved yet");
        cache.write(snapshot()).unwrap();
        assert_eq!(cache.read(), Some(snapshot()));
        let bytes = std::fs::read(cache.path()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains(KEY), "the key itself is never written");
        assert!(!cache.path().to_string_lossy().contains(KEY));
        // Saved again over the old one: one file, no temp files left behind.
        cache.write(snapshot()).unwrap();
        assert_eq!(std::fs::read_dir(cache.path().parent().unwrap()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_0600_in_a_0700_directory() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(&dir.path().join("cache/dealboard"), URL, KEY);
        cache.write(snapshot()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(cache.path()), 0o600);
        assert_eq!(mode(cache.path().parent().unwrap()), 0o700);
    }

    #[test]
    fn a_damaged_or_old_format_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(dir.path(), URL, KEY);
        cache.write(snapshot()).unwrap();
        let good = std::fs::read(cache.path()).unwrap();
        // Cut short, as a full disk might leave a file written by something else.
        std::fs::write(cache.path(), &good[..good.len() / 2]).unwrap();
        assert_eq!(cache.read(), None);
        std::fs::write(cache.path(), b"\x00\xffnot json").unwrap();
        assert_eq!(cache.read(), None);
        let old = String::from_utf8(good.clone()).unwrap().replacen("\"version\":1", "\"version\":0", 1);
        assert_ne!(old.as_bytes(), &good[..]);
        std::fs::write(cache.path(), old).unwrap();
        assert_eq!(cache.read(), None);
        // The right version with the wrong shape.
        std::fs::write(cache.path(), br#"{"version":1,"board":[]}"#).unwrap();
        assert_eq!(cache.read(), None);
    }

    #[test]
    fn a_cache_of_another_url_or_key_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let mine = Cache::in_dir(dir.path(), URL, KEY);
        mine.write(snapshot()).unwrap();
        let other_key = Cache::in_dir(dir.path(), URL, "sk_live_someone_else");
        let other_url = Cache::in_dir(dir.path(), "https://other.example/api/v1", KEY);
        assert_ne!(other_key.path(), mine.path());
        assert_ne!(other_url.path(), mine.path());
        assert_eq!(other_key.read(), None);
        assert_eq!(other_url.read(), None);
        // Even under their names (copied, or a hash collision), the file says whose it is.
        for other in [&other_key, &other_url] {
            std::fs::copy(mine.path(), other.path()).unwrap();
            assert_eq!(other.read(), None);
        }
        assert_eq!(mine.read(), Some(snapshot()));
    }

    #[test]
    fn a_save_asked_for_earlier_never_overwrites_a_later_one() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(dir.path(), URL, KEY);
        let older = cache.save_later(snapshot());
        let newer_board = Snapshot { deals: Vec::new(), ..snapshot() };
        cache.clone().save_later(newer_board.clone())();
        older();
        assert_eq!(cache.read(), Some(newer_board));
    }
}
