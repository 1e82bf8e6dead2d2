//! `dealboard login` and `logout`: the API key in `config.toml`, checked with one request before
//! it is saved, the file written readable by its owner alone (0600). Other settings in the file
//! (comments included) are kept: the file is edited with toml_edit, not rewritten.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{Failure, block_on};
use crate::cli::{BoardArgs, ConnArgs, LoginArgs, LogoutArgs};
use crate::config::{self, ApiKey, DEFAULT_API_URL};

fn config_path(given: &Option<PathBuf>) -> Result<PathBuf, Failure> {
    given
        .clone()
        .or_else(config::default_config_path)
        .ok_or_else(|| Failure::usage("no config directory on this system: pass --config FILE"))
}

fn read_doc(path: &Path) -> Result<toml_edit::DocumentMut, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Failure::usage(format!("cannot read config file {}: {e}", path.display()))),
    };
    text.parse().map_err(|e| Failure::usage(format!("config file {}: {e}", path.display())))
}

/// Writes `doc` to `path` with mode 0600, through a file beside it renamed over it, so the key
/// is never readable by others, not even for a moment, and a crash leaves the old file whole.
fn write_doc(path: &Path, doc: &toml_edit::DocumentMut) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::failed(format!("cannot write {}: {e}", path.display()));
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(fail)?;
    }
    // tempfile creates its files with mode 0600.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(doc.to_string().as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
    }
    Ok(())
}

fn ask(prompt: &str) -> Result<String, Failure> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| Failure::failed(e.to_string()))?;
    Ok(line.trim().to_string())
}

pub fn login(a: &LoginArgs) -> Result<u8, Failure> {
    let path = config_path(&a.config)?;
    let mut doc = read_doc(&path)?;
    let file = config::parse_file(&doc.to_string(), &path).map_err(|e| Failure::usage(e.0))?;
    let interactive = !a.with_token && std::io::stdin().is_terminal();
    let known = a.api_url.clone().or(file.api_url.clone()).unwrap_or_else(|| DEFAULT_API_URL.to_string());
    let url = if interactive && a.api_url.is_none() {
        let typed = ask(&format!("API URL [{known}]: "))?;
        if typed.is_empty() { known } else { typed }
    } else {
        known
    };
    let key = if interactive {
        rpassword::prompt_password("API key (not shown): ")
            .map_err(|e| Failure::failed(format!("cannot read the key: {e}")))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::usage(format!("cannot read the key from stdin: {e}")))?;
        line
    };
    let key = key.trim().to_string();
    if key.is_empty() {
        return Err(Failure::usage("no API key given (with --with-token, the key is read from stdin)"));
    }
    // Checked the way the board will use it: the file's timeouts and CAs, this URL and key.
    let conn = ConnArgs {
        api_url: Some(url.clone()),
        allow_insecure_http: a.allow_insecure_http,
        ..ConnArgs::default()
    };
    let args = BoardArgs { conn, ..BoardArgs::default() };
    let mut cfg = config::settings_without_key(&args, file);
    cfg.api_key = ApiKey::new(key.clone());
    let client = crate::connect::client_for(&cfg)?;
    block_on(client.pipelines())??;
    doc["api_url"] = toml_edit::value(url.clone());
    doc["api_key"] = toml_edit::value(key);
    if a.allow_insecure_http {
        doc["allow_insecure_http"] = toml_edit::value(true);
    }
    write_doc(&path, &doc)?;
    let _ = writeln!(
        std::io::stderr(),
        "Logged in to {}; the key is saved in {} (readable by you alone).",
        crate::sanitize::sanitize(&url),
        path.display()
    );
    Ok(0)
}

pub fn logout(a: &LogoutArgs) -> Result<u8, Failure> {
    let path = config_path(&a.config)?;
    let mut doc = read_doc(&path)?;
    if doc.remove("api_key").is_none() {
        let _ = writeln!(std::io::stderr(), "No API key saved in {}.", path.display());
        return Ok(0);
    }
    write_doc(&path, &doc)?;
    let _ = writeln!(std::io::stderr(), "Removed the API key from {}.", path.display());
    Ok(0)
}
