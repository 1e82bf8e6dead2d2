//! `dealboard`: settings in, a client, the event loop, and everything put back afterwards. The
//! only code in the board that reads the environment. (`dealboard demo` starts the built-in
//! server first, in `crate::demo`, then comes here.)

use std::time::Duration;

use anyhow::Context;

use super::app::{App, AppSettings};
use super::cache::Cache;
use super::run;
use super::state::{AccountStore, StateFile};
use crate::cli::BoardArgs;
use crate::client::Client;
use crate::config::{self, BoardConfig};

/// `dealboard`: the board against the configured API.
pub fn run_board(args: BoardArgs) -> anyhow::Result<()> {
    let (file, _, warnings) = config::load_file(&args)?;
    let cfg = config::resolve(&args, file)?;
    say_warnings(&warnings);
    crate::logging::to_file();
    let client = client_for(&cfg)?;
    run_to_end(board(client, &cfg, &cfg.api_url))
}

/// Runs the board; `state_key` names the account whose state (last pipeline, me, saved filters)
/// is kept between runs (`tui/state.rs`).
pub(crate) async fn board(client: Client, cfg: &BoardConfig, state_key: &str) -> anyhow::Result<()> {
    let state_file = StateFile::default_location();
    let state = state_file.as_ref().map(|f| f.load(state_key)).unwrap_or_default();
    let pipeline = cfg.pipeline.clone().or_else(|| state.pipeline.clone());
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = app_for(cfg, pipeline, color, jiff::tz::TimeZone::system());
    app.set_account_state(state);
    let cache = cfg.cache.then(|| Cache::for_account(&cfg.api_url, cfg.api_key.expose())).flatten();
    // The last run's board, drawn before the first request leaves.
    if let Some(snapshot) = cache.as_ref().and_then(Cache::read) {
        app.show_cached(snapshot);
    }
    let store = state_file.clone().map(|file| AccountStore { file, account: state_key.to_string() });
    let result = run::run(&mut app, client, cfg.mouse, cache.clone(), store).await;
    if let Some(file) = &state_file {
        file.save(state_key, &app.account_state());
    }
    // The board is off the screen by now: the last save may block.
    if let Some((cache, snapshot)) = cache.zip(app.snapshot()) {
        cache.save(snapshot);
    }
    result
}

/// The App as the settings ask: every board setting reaches it here (keys, theme, borders).
fn app_for(cfg: &BoardConfig, pipeline: Option<String>, color: bool, time_zone: jiff::tz::TimeZone) -> App {
    let settings = AppSettings {
        pipeline,
        mouse: cfg.mouse,
        api_url: cfg.api_url.clone(),
        color,
        time_zone,
        refresh_every: (cfg.refresh_secs > 0).then(|| Duration::from_secs(cfg.refresh_secs)),
        full_refresh_every: (cfg.full_refresh_mins > 0)
            .then(|| Duration::from_secs(60 * cfg.full_refresh_mins)),
        palette: cfg.palette,
        ascii: cfg.ascii,
        rates: cfg.rates.clone(),
        me: cfg.me.clone(),
        stale_days: cfg.stale_days.clone(),
        card: cfg.card.clone(),
        won: Some(crate::tui::app::won::WonSettings {
            stage: cfg.won_stage.clone(),
            days: cfg.won_column_days,
        }),
    };
    let mut app = App::new(settings, jiff::Timestamp::now());
    app.set_keymap(cfg.keymap.clone());
    app
}

pub(crate) use crate::connect::client_for;

/// Runs the board on a fresh runtime. Leaving does not wait for stragglers: after the terminal
/// vanished, crossterm's reader can spin without ever yielding (crossterm#793), and a plain
/// runtime drop would wait for it forever.
pub(crate) fn run_to_end(board: impl std::future::Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = rt.block_on(board);
    rt.shutdown_timeout(Duration::from_millis(500));
    result
}

/// Said on stderr before the board takes the screen, so they are seen again after it closes.
pub(crate) fn say_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("dealboard: {w}");
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::cli::BoardArgs;
    use crate::config::{self, Palette};
    use crate::settings::keys::Action;

    #[test]
    fn the_config_files_look_and_keys_reach_the_app() {
        let text = "theme = \"light\"\nborders = \"ascii\"\nmouse = false\n[keys]\nwon = \"W\"\n";
        let file = config::parse_file(text, Path::new("c.toml")).unwrap();
        let cfg = config::settings_without_key(&BoardArgs::default(), file);
        let app = super::app_for(&cfg, None, true, jiff::tz::TimeZone::UTC);
        let s = app.settings();
        assert_eq!((s.palette, s.ascii, s.mouse), (Palette::Light, true, false));
        let w = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(app.keymap().action(&w('W')), Some(Action::Won));
        assert_eq!(app.keymap().action(&w('w')), None);
    }

    #[test]
    fn refresh_secs_reaches_the_app_and_zero_turns_it_off() {
        let every = |text: &str| {
            let file = config::parse_file(text, Path::new("c.toml")).unwrap();
            let cfg = config::settings_without_key(&BoardArgs::default(), file);
            super::app_for(&cfg, None, true, jiff::tz::TimeZone::UTC).settings().refresh_every
        };
        assert_eq!(every(""), Some(std::time::Duration::from_secs(60)));
        assert_eq!(every("refresh_secs = 15\n"), Some(std::time::Duration::from_secs(15)));
        assert_eq!(every("refresh_secs = 0\n"), None);
    }
}
