//! The `pivotbook` binary: parses the command line and maps the outcome to
//! an exit code (0 success, 1 site errors, 2 could not run).

use clap::Parser;

fn main() -> std::process::ExitCode {
    pivotbook::cli::run(pivotbook::cli::Cli::parse())
}
