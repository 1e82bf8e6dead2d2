//! SQLite storage. One writer connection (SQLite serialises writers anyway) and a few read-only
//! ones: in WAL mode readers see the last committed state while a write is in progress, so a slow
//! write never stalls a list. Every call runs on tokio's blocking pool ([`Db`]), never on the
//! async runtime's threads.

pub mod catalog;
pub mod deal_writes;
pub mod deals;
pub mod listing;
pub mod schema;
pub mod settings;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags};

/// Everything a store call can fail with. The HTTP edge maps each to an API error
/// (`server::error`); SQLite and corruption details are logged there, never sent.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A deal, pipeline or stage named in the path or body does not exist (404).
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: String, field: Option<&'static str> },
    /// A body field names something that does not exist or breaks a rule the store checks (422).
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// The deal rule refused the change (`model::rules`): an unknown pipeline or stage (404), a
    /// stage of another pipeline (422 `stage_not_in_pipeline`), a value or reason it does not take.
    #[error(transparent)]
    Rule(#[from] crate::model::RuleError),
    /// A paging cursor that this server did not write for this sort (400).
    #[error("{0}")]
    BadCursor(String),
    #[error(
        "the database file was written by a newer dealboard (schema {found}, this build reads up to {supported})"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is not understood: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn not_found(what: &'static str, id: &str) -> Self {
        StoreError::NotFound { what, id: id.to_string(), field: None }
    }

    pub fn missing_ref(what: &'static str, field: &'static str, id: &str) -> Self {
        StoreError::NotFound { what, id: id.to_string(), field: Some(field) }
    }
}

/// How many read connections run beside the writer. Two cores serve this machine; a few more than
/// that keeps readers from queueing behind one another while one of them waits on the disk.
const READERS: usize = 4;

/// The connections of one database file.
pub struct Store {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

impl Store {
    /// Opens (creating if needed) and migrates the file, then opens the read connections.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        // Migrate first: a file from a newer release is refused before anything about it changes.
        schema::migrate(&mut writer)?;
        // WAL is a property of the file: set once by the writer, readers inherit it.
        let mode: String = writer.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "SQLite refused WAL mode; readers will wait for writers");
        }
        // In WAL mode NORMAL loses no committed data on a process crash, only on power loss.
        writer.execute_batch("PRAGMA synchronous = NORMAL")?;
        // A larger page cache for the writer (default 2 MB): bulk loads update ten indexes in
        // scattered places, and every page they touch stays in memory until the commit.
        writer.execute_batch("PRAGMA cache_size = -65536")?;
        let readers = (0..READERS)
            .map(|_| open_reader(path).map(Mutex::new))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Store { writer: Mutex::new(writer), readers, next_reader: AtomicUsize::new(0) })
    }

    /// The writer connection; holders run one transaction and let go.
    pub fn writer(&self) -> MutexGuard<'_, Connection> {
        lock(&self.writer)
    }

    /// A free read connection, or (all busy) the next one in turn.
    pub fn reader(&self) -> MutexGuard<'_, Connection> {
        for r in &self.readers {
            if let Ok(guard) = r.try_lock() {
                return guard;
            }
        }
        let i = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        lock(&self.readers[i])
    }

    /// Closes every connection, readers first, so the writer is the last one and SQLite
    /// checkpoints the WAL into the main file and removes it.
    pub fn close(self) -> Result<(), StoreError> {
        for r in self.readers {
            close_one(r)?;
        }
        close_one(self.writer)
    }
}

fn close_one(conn: Mutex<Connection>) -> Result<(), StoreError> {
    let conn = conn.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
}

/// A panic while holding a connection poisons its mutex; the connection itself is still sound
/// (any open transaction was rolled back when it dropped), so keep using it.
fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA foreign_keys = ON")?;
    // List queries vary with the filters given; keep every shape's statement prepared.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    // Read-write at the file level (WAL readers need the shared-memory file), read-only in use.
    conn.execute_batch("PRAGMA query_only = ON")?;
    Ok(conn)
}

/// The async face of a [`Store`]: each call runs on the blocking pool.
#[derive(Clone)]
pub struct Db {
    store: Arc<Store>,
}

impl Db {
    pub fn new(store: Store) -> Db {
        Db { store: Arc::new(store) }
    }

    pub async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        run_blocking(move || f(&store.reader())).await
    }

    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        run_blocking(move || f(&mut store.writer())).await
    }

    /// Gives the store back once no request holds it (after the server has stopped).
    pub fn into_store(self) -> Option<Store> {
        Arc::into_inner(self.store)
    }
}

async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        // A panic in store code: the request fails with 500, the server keeps serving.
        Err(join) => Err(StoreError::Corrupt(format!("store task failed: {join}"))),
    }
}

// ---- conversions shared by the store modules ---------------------------------------------------

/// Stored form of a timestamp: microseconds since the epoch.
pub fn micros(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

pub fn from_micros(us: i64) -> rusqlite::Result<Timestamp> {
    Timestamp::from_microsecond(us).map_err(|e| conversion(Box::new(e)))
}

pub fn conversion(e: Box<dyn std::error::Error + Send + Sync>) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Null, e)
}

/// Now, cut to the microsecond the store keeps, so what a write returns equals what a read
/// returns later.
pub fn now() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond()).expect("now is in range")
}

/// A fresh random id with the type prefix docs/API.md uses (`deal_`, `act_`).
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// Text read back from the database is made safe to draw by the same constructor the client's
/// decoding uses (the store refuses what it would change, so it is the text as stored).
impl rusqlite::types::FromSql for crate::model::SafeText {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        String::column_result(v).map(crate::model::SafeText::new)
    }
}

impl rusqlite::types::ToSql for crate::model::SafeText {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.as_str().to_sql()
    }
}
