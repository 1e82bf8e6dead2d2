//! `dealboard completions SHELL` and `dealboard man`, generated from the same clap definitions
//! the command line parses with, so they never disagree with it.

use std::io::Write;

use clap::CommandFactory;

use super::Failure;
use crate::cli::{Cli, CompletionsArgs, ManArgs};

pub fn completions(a: &CompletionsArgs) -> Result<u8, Failure> {
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "dealboard", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(0)
}

pub fn man(a: &ManArgs) -> Result<u8, Failure> {
    let cmd = Cli::command();
    match &a.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::failed(format!("cannot create {}: {e}", dir.display())))?;
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                Failure::failed(format!("cannot write the pages into {}: {e}", dir.display()))
            })?;
            let _ = writeln!(std::io::stderr(), "Wrote the manual pages into {}", dir.display());
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            std::io::stdout().lock().write_all(&out)?;
        }
    }
    Ok(0)
}
