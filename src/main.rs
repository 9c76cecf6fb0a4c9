//! The `pivotbook` binary: parses the command line and maps the outcome to
//! an exit code (0 success, 1 site errors, 2 could not run).

use clap::Parser;

/// Rendering allocates many short-lived strings on every thread; mimalloc
/// handles that better than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pivotbook::cli::run(pivotbook::cli::Cli::parse())
}
