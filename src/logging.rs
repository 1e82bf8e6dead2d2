//! Tracing setup. The board draws on the terminal, so its logs go to a file and never to
//! stdout/stderr; the server alone logs to stderr. `DEALBOARD_LOG` sets the filter
//! (`info` by default, e.g. `DEALBOARD_LOG=dealboard=debug`), `DEALBOARD_LOG_FILE` the file.

use std::path::PathBuf;

use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    EnvFilter::try_from_env("DEALBOARD_LOG").unwrap_or_else(|_| EnvFilter::new("info"))
}

/// Where the board logs: `DEALBOARD_LOG_FILE`, else `dealboard.log` in the platform data dir
/// (`~/.local/share/dealboard/` on Linux).
pub fn log_file_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DEALBOARD_LOG_FILE") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "dealboard").map(|d| d.data_local_dir().join("dealboard.log"))
}

/// Logs to the board's log file. When it cannot be opened the board runs without logs rather
/// than writing on the screen it draws.
pub fn to_file() {
    let Some(path) = log_file_path() else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new().create(true).append(true).open(&path) else { return };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}

/// The server's logs, on stderr; colours only for a person at a terminal, not in a log file or
/// a service journal.
pub fn to_stderr() {
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .try_init();
}
