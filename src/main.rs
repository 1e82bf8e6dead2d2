use std::io::Write;

use clap::Parser;
use dealboard::cli::{Cli, Command};
use dealboard::tui::run::Stopped;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let board = cli.board_args();
    if let Some(code) = cli.command.as_ref().and_then(|c| dealboard::commands::run(c, &board)) {
        return std::process::ExitCode::from(code);
    }
    let result = match cli.command {
        Some(Command::Serve(args)) => dealboard::server::run_cli(args),
        Some(Command::Demo(args)) => dealboard::demo::run_demo(board, args),
        None => dealboard::tui::run_board(board),
        Some(_) => unreachable!("dealboard::commands::run handles the other commands"),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // A signal ended the board: no message (the shell knows), the usual 128 + its number.
        Err(e) if e.is::<Stopped>() => {
            std::process::ExitCode::from(e.downcast_ref::<Stopped>().map_or(1, |s| s.exit_code()))
        }
        Err(e) => {
            // Not eprintln!: it panics when stderr is gone (the terminal closed under us).
            let _ = writeln!(std::io::stderr(), "dealboard: {e:#}");
            std::process::ExitCode::from(exit_code(&e))
        }
    }
}

/// 2 for usage and configuration errors (with a message saying how to fix them), 1 otherwise.
fn exit_code(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<dealboard::cli::ConfigError>().is_some() { 2 } else { 1 }
}
