//! The `minwon` binary: parse the command line, run it, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use minwon::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Outcome::Ok) => ExitCode::from(0),
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Refused) => ExitCode::from(4),
        Err(err) => {
            eprintln!("minwon: {err:#}");
            ExitCode::from(2)
        }
    }
}
