//! The board's settings: command line, then environment (clap reads both into [`BoardArgs`]), then
//! `config.toml` in the platform config directory. Resolving them is pure apart from reading the
//! one file, so precedence and messages are unit-tested without a terminal.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::{BoardArgs, ConfigError};
pub use crate::settings::Palette;
use crate::settings::card::CardFields;
use crate::settings::keys::Keymap;
use crate::settings::keyspec::{self, Rebinding};
use crate::settings::{Rates, StaleDays};

/// The hosted service (docs/API.md: the base URL includes the path prefix).
pub use crate::client::DEFAULT_BASE_URL as DEFAULT_API_URL;

/// An API key. Its `Debug` never shows it, so a settings dump in a log or an error is safe.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the one place that sends it: the client's `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// What `config.toml` may hold. Unknown keys are refused, so a typo is reported, not ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub api_url: Option<String>,
    pub api_key: Option<ApiKey>,
    pub pipeline: Option<String>,
    /// `false` leaves the mouse to the terminal, so text can be selected and copied.
    pub mouse: Option<bool>,
    pub allow_insecure_http: Option<bool>,
    /// Seconds between live refreshes; 0 turns them off.
    pub refresh_secs: Option<u64>,
    /// Minutes between full reloads of the board by the live refresh; 0: only what changed.
    pub full_refresh_mins: Option<u64>,
    pub connect_timeout_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    /// A PEM file of CA certificates to trust besides the system's (a server with a private CA).
    pub ca_cert: Option<PathBuf>,
    /// `"dark"`, `"light"` or `"16"` (the 16 ANSI colours). `NO_COLOR` still wins.
    pub theme: Option<Palette>,
    /// `"ascii"`: `+ - |` borders and ASCII glyphs, for terminals without box drawing.
    pub borders: Option<Borders>,
    /// The same as `borders = "ascii"` (a boolean reads better to some).
    pub ascii_borders: Option<bool>,
    /// `[keys]`: action name = one key or a list of keys, replacing that action's defaults.
    pub keys: Option<BTreeMap<String, KeyList>>,
    /// `false`: no board kept between runs (the same as `--no-cache`).
    pub cache: Option<bool>,
    /// `[rates]`: `EUR = 1.08`, the worth of one unit in the board's main currency.
    pub rates: Option<Rates>,
    /// You, as a user id: "only mine" and a new deal's owner.
    pub me: Option<String>,
    /// `[stale_days]`: stage (id or name) = days without an update before a deal is rotting.
    pub stale_days: Option<StaleDays>,
    /// `card = ["value", "tags", "region"]`: what a card shows under its title, in order.
    pub card: Option<Vec<String>>,
    /// The stage (id or name) whose column shows the deals won lately; without it, each
    /// pipeline's last stage at probability 100.
    pub won_stage: Option<String>,
    /// How many days back the won stage's column shows won deals.
    pub won_column_days: Option<u32>,
    /// The default key table with `keys` applied, checked by [`parse_file`].
    #[serde(skip)]
    pub keymap: Keymap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Borders {
    #[default]
    Unicode,
    Ascii,
}

/// One key (`won = "W"`) or several (`quit = ["q", "ctrl+q"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyList(pub Vec<String>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key in quotes (\"W\") or a list of them ([\"q\", \"ctrl+q\"])")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<KeyList, E> {
                Ok(KeyList(vec![s.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<String>()? {
                    keys.push(k);
                }
                Ok(KeyList(keys))
            }
        }
        d.deserialize_any(V)
    }
}

/// The settings the board runs with.
#[derive(Debug, Clone)]
pub struct BoardConfig {
    pub api_url: String,
    pub api_key: ApiKey,
    pub pipeline: Option<String>,
    pub mouse: bool,
    pub allow_insecure_http: bool,
    pub refresh_secs: u64,
    pub full_refresh_mins: u64,
    pub connect_timeout_secs: u64,
    pub request_timeout_secs: u64,
    pub ca_cert: Option<PathBuf>,
    pub palette: Palette,
    /// ASCII borders and glyphs.
    pub ascii: bool,
    pub keymap: Keymap,
    /// Keep the board between runs in the platform cache directory, and show it at start.
    pub cache: bool,
    /// `[rates]`: value sort, the value filter and totals across currencies.
    pub rates: Rates,
    /// `me`: the user id "only mine" filters by; `None`: asked on the board.
    pub me: Option<String>,
    /// `[stale_days]`: when a deal is rotting, per stage.
    pub stale_days: StaleDays,
    /// `card = [...]`: the fields a card shows.
    pub card: CardFields,
    /// `won_stage`: a stage id or name (a name in every pipeline that has such a stage).
    pub won_stage: Option<String>,
    /// `won_column_days`: the won stage's column shows the deals won in this many last days.
    pub won_column_days: u32,
    /// Said once on stderr before the board takes the screen (e.g. a key file others can read).
    pub warnings: Vec<String>,
}

pub const DEFAULT_REFRESH_SECS: u64 = 60;
pub const DEFAULT_FULL_REFRESH_MINS: u64 = 30;
pub const DEFAULT_WON_COLUMN_DAYS: u32 = 30;

/// Where `config.toml` lives unless `--config` / `DEALBOARD_CONFIG` says otherwise.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dealboard").map(|d| d.config_dir().join("config.toml"))
}

/// The file named by `--config`, else the default one. A missing default file is no error;
/// a missing file the user named is.
pub fn load_file(args: &BoardArgs) -> Result<(ConfigFile, Option<PathBuf>, Vec<String>), ConfigError> {
    let (path, named) = match &args.conn.config {
        Some(p) => (p.clone(), true),
        None => match default_config_path() {
            Some(p) => (p, false),
            None => return Ok((ConfigFile::default(), None, Vec::new())),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok((ConfigFile::default(), None, Vec::new()));
        }
        Err(e) => return Err(ConfigError(format!("cannot read config file {}: {e}", path.display()))),
    };
    let file = parse_file(&text, &path)?;
    let mut warnings: Vec<String> =
        file.api_key.is_some().then(|| key_file_warning(&path)).flatten().into_iter().collect();
    warnings.extend(file.card.as_deref().map(|c| CardFields::parse(c).1).unwrap_or_default());
    Ok((file, Some(path), warnings))
}

/// Parses `config.toml` and checks its `[keys]`; the message names the file and the offending
/// entry (its line, when the parser knows it).
pub fn parse_file(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    let mut file: ConfigFile = toml::from_str(text).map_err(|e| {
        let at = e.span().and_then(|span| line_at(text, span.start)).unwrap_or_default();
        ConfigError(format!("config file {}{at}: {}", path.display(), e.message().trim()))
    })?;
    let entries: Vec<Rebinding> =
        file.keys.iter().flatten().map(|(action, keys)| (action.clone(), keys.0.clone())).collect();
    file.keymap = keyspec::keymap_with(&entries)
        .map_err(|e| ConfigError(format!("config file {}: {e}", path.display())))?;
    Ok(file)
}

/// `, line 3 (theme = "blue")`: where a parse error is, as the user wrote it.
fn line_at(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?.trim();
    let number = text[..start].matches('\n').count() + 1;
    Some(format!(", line {number} ({line})"))
}

/// As ssh does for private keys: a file holding a key should be readable by its owner alone.
#[cfg(unix)]
fn key_file_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "warning: {} holds an API key and other users can read it (mode {:03o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn key_file_warning(_path: &Path) -> Option<String> {
    None
}

/// Command line and environment first (`args`), then the file, then defaults.
pub fn resolve(args: &BoardArgs, file: ConfigFile) -> Result<BoardConfig, ConfigError> {
    let api_key = args
        .conn
        .api_key
        .clone()
        .map(ApiKey::new)
        .or(file.api_key.clone())
        .filter(|k| !k.0.trim().is_empty());
    let Some(api_key) = api_key else {
        return Err(ConfigError(missing_key_message()));
    };
    Ok(BoardConfig { api_key, ..settings_without_key(args, file) })
}

/// Everything but the key: what `dealboard demo` takes from the user (its server supplies URL and key).
pub fn settings_without_key(args: &BoardArgs, file: ConfigFile) -> BoardConfig {
    let card = file.card.as_deref().map(|c| CardFields::parse(c).0).unwrap_or_default();
    BoardConfig {
        api_url: args.conn.api_url.clone().or(file.api_url).unwrap_or_else(|| DEFAULT_API_URL.to_string()),
        api_key: ApiKey::new(""),
        pipeline: args.pipeline.clone().or(file.pipeline),
        mouse: file.mouse.unwrap_or(true),
        allow_insecure_http: args.conn.allow_insecure_http || file.allow_insecure_http.unwrap_or(false),
        refresh_secs: file.refresh_secs.unwrap_or(DEFAULT_REFRESH_SECS),
        full_refresh_mins: file.full_refresh_mins.unwrap_or(DEFAULT_FULL_REFRESH_MINS),
        connect_timeout_secs: file.connect_timeout_secs.unwrap_or(5).max(1),
        request_timeout_secs: file.request_timeout_secs.unwrap_or(15).max(1),
        ca_cert: file.ca_cert,
        palette: file.theme.unwrap_or_default(),
        ascii: file.borders == Some(Borders::Ascii) || file.ascii_borders == Some(true),
        keymap: file.keymap,
        cache: !args.no_cache && file.cache.unwrap_or(true),
        rates: file.rates.unwrap_or_default(),
        me: file.me.map(|m| m.trim().to_string()).filter(|m| !m.is_empty()),
        stale_days: file.stale_days.unwrap_or_default(),
        card,
        won_stage: file.won_stage.filter(|s| !s.trim().is_empty()),
        won_column_days: file.won_column_days.unwrap_or(DEFAULT_WON_COLUMN_DAYS).max(1),
        warnings: Vec::new(),
    }
}

fn missing_key_message() -> String {
    let path = default_config_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "config.toml in your config directory".to_string());
    format!(
        "no API key: pass --api-key KEY, set DEALBOARD_API_KEY, or put api_key = \"...\" in {path} \
         (chmod 600 it). To try dealboard without an account, run: dealboard demo"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ConnArgs;

    fn args() -> BoardArgs {
        BoardArgs::default()
    }

    #[test]
    fn command_line_wins_over_the_file() {
        let file = parse_file(
            "api_url = \"https://file.example/api\"\napi_key = \"from-file\"\npipeline = \"pipe_2\"\nmouse = false\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let a = BoardArgs {
            conn: ConnArgs { api_key: Some("from-args".into()), ..ConnArgs::default() },
            ..args()
        };
        let c = resolve(&a, file).unwrap();
        assert_eq!(c.api_key.expose(), "from-args");
        assert_eq!(c.api_url, "https://file.example/api");
        assert_eq!(c.pipeline.as_deref(), Some("pipe_2"));
        assert!(!c.mouse);
    }

    #[test]
    fn defaults_fill_the_rest() {
        let c = resolve(
            &BoardArgs { conn: ConnArgs { api_key: Some("k".into()), ..ConnArgs::default() }, ..args() },
            ConfigFile::default(),
        )
        .unwrap();
        assert_eq!(c.api_url, DEFAULT_API_URL);
        assert!(c.mouse);
        assert_eq!(c.refresh_secs, DEFAULT_REFRESH_SECS);
    }

    #[test]
    fn the_won_stage_is_read_and_its_window_defaults_to_30_days() {
        let key =
            || BoardArgs { conn: ConnArgs { api_key: Some("k".into()), ..ConnArgs::default() }, ..args() };
        let c = resolve(&key(), ConfigFile::default()).unwrap();
        assert_eq!((c.won_stage, c.won_column_days), (None, DEFAULT_WON_COLUMN_DAYS));
        let file = parse_file("won_stage = \"Signed\"\nwon_column_days = 14\n", Path::new("c.toml")).unwrap();
        let c = resolve(&key(), file).unwrap();
        assert_eq!((c.won_stage.as_deref(), c.won_column_days), (Some("Signed"), 14));
        // A blank stage is no setting; zero days would show nothing: one day at least.
        let file = parse_file("won_stage = \" \"\nwon_column_days = 0\n", Path::new("c.toml")).unwrap();
        let c = resolve(&key(), file).unwrap();
        assert_eq!((c.won_stage, c.won_column_days), (None, 1));
    }

    #[test]
    fn no_key_says_how_to_set_one_and_mentions_demo() {
        let e = resolve(&args(), ConfigFile::default()).unwrap_err();
        assert!(
            e.0.contains("DEALBOARD_API_KEY") && e.0.contains("--api-key") && e.0.contains("dealboard demo")
        );
        let blank =
            BoardArgs { conn: ConnArgs { api_key: Some("  ".into()), ..ConnArgs::default() }, ..args() };
        assert!(resolve(&blank, ConfigFile::default()).is_err());
    }

    #[test]
    fn a_typo_in_the_file_is_named() {
        let e = parse_file("api_kye = \"x\"\n", Path::new("/tmp/c.toml")).unwrap_err();
        assert!(e.0.contains("api_kye") && e.0.contains("/tmp/c.toml"), "{}", e.0);
    }

    #[test]
    fn the_key_never_shows_in_debug() {
        let c = resolve(
            &BoardArgs {
                conn: ConnArgs { api_key: Some("sk_live_secret".into()), ..ConnArgs::default() },
                ..args()
            },
            ConfigFile::default(),
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("sk_live_secret"));
        let f = parse_file("api_key = \"sk_live_secret\"", Path::new("c.toml")).unwrap();
        assert!(!format!("{f:?}").contains("sk_live_secret"));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_warned_about() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "api_key = \"k\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let a = BoardArgs { conn: ConnArgs { config: Some(path.clone()), ..ConnArgs::default() }, ..args() };
        let (_, _, warnings) = load_file(&a).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("chmod 600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load_file(&a).unwrap().2.is_empty());
    }

    #[test]
    fn theme_and_borders_are_read() {
        let c = |text: &str| settings_without_key(&args(), parse_file(text, Path::new("c.toml")).unwrap());
        let d = c("");
        assert_eq!((d.palette, d.ascii), (Palette::Dark, false));
        assert_eq!(c("theme = \"light\"").palette, Palette::Light);
        assert_eq!(c("theme = \"16\"").palette, Palette::Ansi16);
        assert_eq!(c("theme = 16").palette, Palette::Ansi16);
        assert_eq!(c("theme = \"Light\"").palette, Palette::Light);
        assert!(c("borders = \"ascii\"").ascii);
        assert!(c("ascii_borders = true").ascii);
        assert!(!c("borders = \"unicode\"\nascii_borders = false").ascii);
    }

    #[test]
    fn a_bad_theme_or_borders_names_the_line_and_the_choices() {
        let e = parse_file("mouse = true\ntheme = \"blue\"\n", Path::new("/tmp/c.toml")).unwrap_err();
        assert!(e.0.contains("/tmp/c.toml") && e.0.contains("line 2"), "{}", e.0);
        assert!(
            e.0.contains("theme = \"blue\"") && e.0.contains("\"light\"") && e.0.contains("\"16\""),
            "{}",
            e.0
        );
        let e = parse_file("borders = \"asci\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.0.contains("asci") && e.0.contains("ascii") && e.0.contains("unicode"), "{}", e.0);
    }

    #[test]
    fn keys_rebind_and_their_errors_name_the_file_and_the_entry() {
        use crate::settings::keys::Action;
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let text =
            "[keys]\nwon = \"W\"\nquit = [\"q\", \"ctrl+q\"]\nmove_forward = [\"L\", \"shift+right\"]\n";
        let c = settings_without_key(&args(), parse_file(text, Path::new("c.toml")).unwrap());
        let ev = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(c.keymap.action(&ev(KeyCode::Char('W'), KeyModifiers::SHIFT)), Some(Action::Won));
        assert_eq!(c.keymap.action(&ev(KeyCode::Char('w'), KeyModifiers::NONE)), None);
        assert_eq!(c.keymap.action(&ev(KeyCode::Char('q'), KeyModifiers::CONTROL)), Some(Action::Quit));
        let bad = [
            ("[keys]\nwonn = \"W\"\n", vec!["wonn", "move_forward"]),
            ("[keys]\nwon = \"hyper+w\"\n", vec!["won", "hyper+w", "pagedown"]),
            ("[keys]\nwon = \"x\"\n", vec!["won", "lost", "\"x\""]),
            ("[keys]\nwon = 5\n", vec!["won = 5", "list"]),
        ];
        for (text, wanted) in bad {
            let e = parse_file(text, Path::new("/tmp/c.toml")).unwrap_err().0;
            assert!(e.contains("/tmp/c.toml"), "{e}");
            for w in wanted {
                assert!(e.contains(w), "{text:?}: {w:?} not in {e}");
            }
        }
    }

    /// The example can never rot: it parses with the real parser, names every action once, and
    /// its keys are exactly the defaults.
    #[test]
    fn the_example_config_is_complete_and_true() {
        use crate::settings::keys::{Action, Key};
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.example.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let file = parse_file(&text, &path).unwrap();
        let keys = file.keys.as_ref().expect("a [keys] table");
        for a in Action::ALL {
            let listed =
                keys.get(a.name()).unwrap_or_else(|| panic!("{} missing from the example", a.name()));
            let listed: Vec<Key> = listed.0.iter().map(|k| Key::parse(k).unwrap()).collect();
            assert_eq!(listed, Keymap::default().keys_for(a), "{}", a.name());
        }
        assert_eq!(keys.len(), Action::ALL.len());
        // Every other setting is there too (commented out or not).
        for setting in [
            "api_url",
            "api_key",
            "pipeline",
            "mouse",
            "allow_insecure_http",
            "refresh_secs",
            "full_refresh_mins",
            "connect_timeout_secs",
            "request_timeout_secs",
            "theme",
            "borders",
            "cache",
            "[rates]",
            "me",
            "[stale_days]",
            "card",
            "chmod 600",
            "won_stage",
            "won_column_days",
        ] {
            assert!(text.contains(setting), "{setting} missing from the example");
        }
        // Uncommented (`#name = ...` lines; prose has a space after `#`), the settings parse too.
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix('#').filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase())).unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        parse_file(&uncommented, &path).unwrap();
        // The `[rates]` example (`#[rates]`, `#EUR = 1.08`) parses too.
        let rates: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix('#'))
            .filter(|l| l.starts_with("[rates]") || l.split_once(" = ").is_some_and(|(k, _)| k.len() == 3))
            .collect();
        let file = parse_file(&rates.join("\n"), &path).unwrap();
        let rates = file.rates.expect("a [rates] example");
        assert_eq!(rates.factor("EUR", "USD"), Some(1.08));
    }

    #[test]
    fn rates_parse_and_nonsense_is_refused_with_the_line() {
        let file = parse_file("[rates]\nEUR = 1.08\nJPY = 0.0067\n", Path::new("c.toml")).unwrap();
        let cfg = settings_without_key(&args(), file);
        assert_eq!(cfg.rates.to_main(100.0, "EUR", "USD"), Some(108.0));
        let e = parse_file("[rates]\nEUR = -1\n", Path::new("c.toml")).unwrap_err().0;
        assert!(e.contains("EUR") && e.contains("positive"), "{e}");
        let e = parse_file("[rates]\neuros = 1.1\n", Path::new("c.toml")).unwrap_err().0;
        assert!(e.contains("euros"), "{e}");
        assert!(settings_without_key(&args(), ConfigFile::default()).rates.is_empty());
    }

    #[test]
    fn cache_is_on_unless_the_file_or_no_cache_turns_it_off() {
        let cache = |args: &BoardArgs, text: &str| {
            settings_without_key(args, parse_file(text, Path::new("c.toml")).unwrap()).cache
        };
        let no_cache = BoardArgs { no_cache: true, ..args() };
        assert!(cache(&args(), ""));
        assert!(cache(&args(), "cache = true\n"));
        assert!(!cache(&args(), "cache = false\n"));
        assert!(!cache(&no_cache, ""));
        assert!(!cache(&no_cache, "cache = true\n"), "the command line wins");
    }

    #[test]
    fn me_and_stale_days_are_read() {
        let c = |text: &str| settings_without_key(&args(), parse_file(text, Path::new("c.toml")).unwrap());
        let d = c("");
        assert_eq!((d.me, d.stale_days.for_stage("stage_001", "Lead")), (None, 14));
        let cfg = c("me = \"usr_002\"\n[stale_days]\nstage_001 = 3\n\"Proposal\" = 5\n");
        assert_eq!(cfg.me.as_deref(), Some("usr_002"));
        assert_eq!(cfg.stale_days.for_stage("stage_001", "Lead"), 3);
        assert_eq!(cfg.stale_days.for_stage("stage_003", "proposal"), 5);
        assert_eq!(c("me = \"  \"\n").me, None);
        let e = parse_file("[stale_days]\nLead = -1\n", Path::new("c.toml")).unwrap_err().0;
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn card_fields_are_read_and_bad_ones_warned_about() {
        use crate::settings::card::CardField;
        let c = |text: &str| settings_without_key(&args(), parse_file(text, Path::new("c.toml")).unwrap());
        assert_eq!(c("").card, CardFields::default());
        let cfg = c("card = [\"value\", \"tags\", \"region\"]\n");
        let want = [vec![CardField::Value], vec![CardField::Tags], vec![CardField::Custom("region".into())]];
        assert_eq!(cfg.card.lines(), want);
        // Said on stderr with the file's other warnings.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let warnings = |text: &str| {
            std::fs::write(&path, text).unwrap();
            load_file(&BoardArgs {
                conn: ConnArgs { config: Some(path.clone()), ..ConnArgs::default() },
                ..args()
            })
            .unwrap()
            .2
        };
        assert!(warnings("card = [\"value\", \"tags\", \"region\"]\n").is_empty());
        let w = warnings("card = [\"value\", \"\", \"ownr\"]\n");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[1].contains("ownr") && w[1].contains("owner"), "{w:?}");
        let e = parse_file("card = \"value\"\n", Path::new("c.toml")).unwrap_err().0;
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn a_named_file_that_is_missing_is_an_error() {
        let a = BoardArgs {
            conn: ConnArgs { config: Some("/nonexistent/dealboard.toml".into()), ..ConnArgs::default() },
            ..args()
        };
        assert!(load_file(&a).is_err());
    }
}
