//! The command line: clap definitions, and [`run`], which executes a parsed
//! command, prints its diagnostics and summary, and returns the exit code.
//!
//! Exit codes: 0 success (warnings may be printed); 1 the site has errors
//! (with `--strict`, warnings too); 2 the command could not run.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Report};
use crate::config::Overrides;
use crate::diag::{self, Format, Source};

/// pivotbook: a static-site generator for sourced knowledge bases.
#[derive(Debug, Parser)]
#[command(name = "pivotbook", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from the content folder into the output folder.
    Build(BuildArgs),
    /// Check the site (everything build does, without writing).
    Check(CheckArgs),
}

/// Options shared by `build` and `check`.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Site root (holds pivotbook.yaml, content/, templates/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Content folder (default: <root>/content, or `content` in the config).
    #[arg(long)]
    pub content: Option<PathBuf>,
    /// Include drafts (`draft: true`).
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `pivotbook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output folder (default: <root>/public).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Base URL the site is served from (overrides the config).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print the time of each stage.
    #[arg(long)]
    pub timings: bool,
}

/// `pivotbook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Paths typed on the command line are relative to the current folder;
/// paths in the config file are relative to the root.
fn from_cwd(p: Option<&PathBuf>) -> Option<PathBuf> {
    let p = p?;
    Some(if p.is_absolute() {
        p.clone()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.clone())
    })
}

fn options(c: &CommonArgs, out: Option<PathBuf>, base_url: Option<String>, write: bool) -> build::Options {
    build::Options {
        root: c.root.clone(),
        overrides: Overrides { content: from_cwd(c.content.as_ref()), output: from_cwd(out.as_ref()), base_url },
        drafts: c.drafts,
        strict: c.strict,
        write,
    }
}

/// Runs a parsed command and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let start = Instant::now();
    let (common, timings, result) = match &cli.command {
        Command::Build(b) => {
            let o = options(&b.common, b.out.clone(), b.base_url.clone(), true);
            (&b.common, b.timings, build::run(&o))
        }
        Command::Check(c) => (&c.common, false, crate::check::check(options(&c.common, None, None, false))),
    };
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&report, &common.root, common.format);
    let failed = report.failed(common.strict);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", summary(&report, &cli.command, failed, start.elapsed().as_secs_f64()));
    if timings {
        for (stage, d) in &report.timings {
            let _ = writeln!(err, "  {stage:<24} {:>9.1} ms", d.as_secs_f64() * 1000.0);
        }
        let _ = writeln!(err, "  {:<24} {:>9}", "pages", report.pages);
        let _ = writeln!(err, "  {:<24} {:>9}", "files kept (unchanged)", report.reused);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn summary(r: &Report, cmd: &Command, failed: bool, secs: f64) -> String {
    let (e, w) = (r.diagnostics.error_count(), r.diagnostics.warning_count());
    let counts = format!("{e} error{}, {w} warning{}", if e == 1 { "" } else { "s" }, if w == 1 { "" } else { "s" });
    match cmd {
        Command::Build(_) if r.written => {
            format!("built {} pages ({} files) into {} in {secs:.2}s; {counts}", r.pages, r.files, r.out_dir.display())
        }
        Command::Build(_) => format!("build failed: {counts}; the previous output was left untouched"),
        Command::Check(_) if failed => format!("check failed: {counts}"),
        Command::Check(_) => format!("checked {} pages in {secs:.2}s; {counts}", r.pages),
    }
}

fn print_diagnostics(r: &Report, root: &Path, format: Format) {
    let color = format == Format::Human
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut cache: HashMap<PathBuf, Option<Rc<Source>>> = HashMap::new();
    let mut lookup = |p: &Path| -> Option<Rc<Source>> {
        cache
            .entry(p.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(root.join(p)).ok().map(|t| Rc::new(Source::new(t))))
            .clone()
    };
    let mut out: Box<dyn std::io::Write> = match format {
        Format::Human => Box::new(std::io::stderr().lock()),
        _ => Box::new(std::io::stdout().lock()),
    };
    for d in r.diagnostics.items() {
        let text = diag::render(d, format, color, &mut lookup);
        let _ = write!(out, "{text}");
        if format == Format::Human {
            let _ = writeln!(out);
        }
    }
}
