//! The command line besides the board: deal commands for scripts (`deals`, `pipelines`, `stages`,
//! `users`), `login` / `logout`, and the generated `completions` and `man` page. They share the
//! board's settings (flags, environment, `config.toml`) and its client.
//!
//! - [`resolve`]: stage, pipeline and owner names to ids.
//! - [`output`]: table, tab-separated, CSV, JSON and NDJSON.
//! - `deals`: the deal commands; `login`: the key in `config.toml`; `generate`: completions, man.
//!
//! Exit codes: 0 done, 1 a request failed or something was not found, 2 usage or configuration.
//! Errors are one line on stderr in the board's words; with `--json` / `--ndjson` an error object
//! goes to stdout as well.

mod deals;
mod generate;
mod login;
pub mod output;
pub mod resolve;

use std::io::Write;

use crate::cli::{BoardArgs, Command, ConfigError, ConnArgs};
use crate::client::{Client, ClientError};
use crate::model::{Pipeline, SafeText, User};
use output::Out;
use resolve::Choice;

/// Why a command failed, in one line, and the exit code that says so.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub code: u8,
    /// The HTTP status, when a request failed with one.
    pub status: Option<u16>,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: 2, status: None }
    }
    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: 1, status: Some(404) }
    }
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: 1, status: None }
    }

    /// The error object `--json` prints on stdout.
    pub fn to_json(&self, id: Option<&str>) -> serde_json::Value {
        let mut error = serde_json::json!({ "message": self.message, "exit_code": self.code });
        if let Some(s) = self.status {
            error["status"] = s.into();
        }
        match id {
            Some(id) => serde_json::json!({ "id": id, "error": error }),
            None => serde_json::json!({ "error": error }),
        }
    }
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Failure {
        let code = if matches!(e, ClientError::Config(_)) { 2 } else { 1 };
        Failure { message: e.to_string(), code, status: e.status() }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        if let Some(c) = e.downcast_ref::<ConfigError>() {
            return Failure::usage(c.0.clone());
        }
        if let Some(c) = e.downcast_ref::<ClientError>() {
            return Failure::from(c.clone());
        }
        Failure::failed(format!("{e:#}"))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::failed(format!("cannot write the output: {e}"))
    }
}

/// Runs one of the commands this module owns; `None` for the board's own (`demo`, `serve`, none).
/// Answers the exit code, having said what went wrong.
pub fn run(command: &Command, top: &BoardArgs) -> Option<u8> {
    let (result, json) = match command {
        Command::Deals(d) => deals::run(d, top),
        Command::Pipelines(a) => deals::pipelines(a, top),
        Command::Stages(a) => deals::stages(a, top),
        Command::Users(a) => deals::users(a, top),
        Command::Login(a) => (login::login(a), false),
        Command::Logout(a) => (login::logout(a), false),
        Command::Completions(a) => (generate::completions(a), false),
        Command::Man(a) => (generate::man(a), false),
        Command::Demo(_) | Command::Serve(_) => return None,
    };
    Some(match result {
        Ok(code) => code,
        Err(f) => {
            if json {
                let _ = writeln!(std::io::stdout(), "{}", f.to_json(None));
            }
            // The message may quote what was typed (a name, an id): cleaned like server text.
            let _ = writeln!(std::io::stderr(), "dealboard: {}", crate::sanitize::sanitize(&f.message));
            f.code
        }
    })
}

/// Runs `f` on a fresh runtime.
fn block_on<T>(f: impl std::future::Future<Output = T>) -> Result<T, Failure> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(format!("cannot start the async runtime: {e}")))?;
    Ok(rt.block_on(f))
}

/// The client and what names resolve against, fetched once when first needed.
pub struct Session {
    pub client: Client,
    pub out: Out,
    pipelines: Option<Vec<Pipeline>>,
    users: Option<Option<Vec<User>>>,
}

impl Session {
    /// The settings as the board reads them, then a client.
    pub fn open(conn: &ConnArgs, top: &BoardArgs, out: Out) -> Result<Session, Failure> {
        let args = conn.board_args(top);
        let (file, _, warnings) = crate::config::load_file(&args).map_err(|e| Failure::usage(e.0))?;
        let cfg = crate::config::resolve(&args, file).map_err(|e| Failure::usage(e.0))?;
        for w in warnings {
            let _ = writeln!(std::io::stderr(), "dealboard: {w}");
        }
        let client = crate::connect::client_for(&cfg)?;
        Ok(Session { client, out, pipelines: None, users: None })
    }

    pub async fn pipelines(&mut self) -> Result<&[Pipeline], Failure> {
        if self.pipelines.is_none() {
            self.pipelines = Some(self.client.pipelines().await?);
        }
        Ok(self.pipelines.as_deref().unwrap_or_default())
    }

    /// The users, or `None` from a server without `/users`.
    pub async fn users(&mut self) -> Result<Option<&[User]>, Failure> {
        if self.users.is_none() {
            self.users = Some(self.client.users().await?);
        }
        Ok(self.users.as_ref().and_then(|u| u.as_deref()))
    }

    /// A pipeline's id from its name, a unique prefix of it, or its id.
    pub async fn pipeline_id(&mut self, input: &str) -> Result<String, Failure> {
        let ps = self.pipelines().await?;
        let choices: Vec<Choice> = ps
            .iter()
            .map(|p| Choice {
                id: p.id.clone(),
                names: vec![p.name.to_string()],
                label: format!("{} ({})", p.name, p.id),
            })
            .collect();
        let i = resolve::choose("pipeline", input, &choices)?;
        Ok(ps[i].id.clone())
    }

    /// The default pipeline's id (else the first).
    pub async fn default_pipeline(&mut self) -> Result<String, Failure> {
        let ps = self.pipelines().await?;
        ps.iter()
            .find(|p| p.is_default)
            .or(ps.first())
            .map(|p| p.id.clone())
            .ok_or_else(|| Failure::not_found("the workspace has no pipeline"))
    }

    /// `(pipeline id, stage id)` for a stage named in `pipeline` (any pipeline when `None`).
    pub async fn stage(&mut self, input: &str, pipeline: Option<&str>) -> Result<(String, String), Failure> {
        let ps = self.pipelines().await?;
        let several = pipeline.is_none() && ps.len() > 1;
        let stages: Vec<(&Pipeline, &crate::model::Stage)> = ps
            .iter()
            .filter(|p| pipeline.is_none_or(|id| p.id == id))
            .flat_map(|p| p.stages.iter().map(move |s| (p, s)))
            .collect();
        let choices: Vec<Choice> = stages
            .iter()
            .map(|(p, s)| Choice {
                id: s.id.clone(),
                names: vec![s.name.to_string()],
                label: if several {
                    format!("{} in {} ({})", s.name, p.name, s.id)
                } else {
                    format!("{} ({})", s.name, s.id)
                },
            })
            .collect();
        let i = resolve::choose("stage", input, &choices)?;
        Ok((stages[i].0.id.clone(), stages[i].1.id.clone()))
    }

    /// An owner's id from their name, email, a unique prefix of either, or their id. A server
    /// without `/users` takes the text as an id.
    pub async fn owner_id(&mut self, input: &str) -> Result<String, Failure> {
        let Some(users) = self.users().await? else { return Ok(input.trim().to_string()) };
        let choices: Vec<Choice> = users
            .iter()
            .map(|u| {
                let mut names = vec![u.name.to_string()];
                names.extend(u.email.iter().map(|e| e.to_string()));
                Choice { id: u.id.clone(), names, label: format!("{} ({})", u.name, u.id) }
            })
            .collect();
        let i = resolve::choose("owner", input, &choices)?;
        Ok(users[i].id.clone())
    }

    /// A stage's name as the board shows it (fetched pipelines only).
    pub fn stage_name(&self, stage_id: &str) -> Option<&SafeText> {
        self.pipelines.iter().flatten().flat_map(|p| &p.stages).find(|s| s.id == stage_id).map(|s| &s.name)
    }

    pub fn pipeline_name(&self, pipeline_id: &str) -> Option<&SafeText> {
        self.pipelines.iter().flatten().find(|p| p.id == pipeline_id).map(|p| &p.name)
    }

    pub fn owner_name(&self, user_id: &str) -> Option<&SafeText> {
        self.users.iter().flatten().flatten().find(|u| u.id == user_id).map(|u| &u.name)
    }
}
