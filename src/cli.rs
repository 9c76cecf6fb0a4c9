//! The command line: clap definitions, and [`run`], which executes a parsed
//! command, prints its diagnostics and summary, and returns the exit code.
//!
//! Exit codes: 0 success (warnings may be printed); 1 the site has errors
//! (with `--strict`, warnings too); 2 the command could not run.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Report};
use crate::config::Overrides;
use crate::diag::{self, Format};

/// The version and the commit it was built from (`0.1.0 (commit 1a2b3c4d5e6f)`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("PIVOTBOOK_COMMIT"), ")");

/// pivotbook: a static-site generator for sourced knowledge bases.
#[derive(Debug, Parser)]
#[command(name = "pivotbook", version = VERSION, about, long_about = None)]
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
    /// Build the site, serve it locally, and rebuild and reload on every edit.
    Serve(ServeArgs),
    /// Create a company, deal, topic or note from a template.
    New(NewArgs),
    /// Scaffold a new knowledge base in DIR.
    Init(InitArgs),
}

/// `pivotbook serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on; when taken, the next free one (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Folder to serve from (default: a temporary folder, removed on exit).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Base URL the site is served under (default: the config's; its path is kept, so links work as published).
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Print the time of each step of every update.
    #[arg(long)]
    pub timings: bool,
}

/// `pivotbook new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create: company, deal, topic, note, or a kind the site declares.
    pub kind: String,
    /// Its title (the file name is made from it).
    pub title: String,
    /// Site root (holds pivotbook.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Content folder (default: <root>/content, or `content` in the config).
    #[arg(long)]
    pub content: Option<PathBuf>,
}

/// `pivotbook init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (must be missing or empty).
    pub dir: PathBuf,
}

/// Which site, and which of its pages: shared by `build`, `check` and `serve`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Site root (holds pivotbook.yaml, content/, templates/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Content folder (default: <root>/content, or `content` in the config).
    #[arg(long)]
    pub content: Option<PathBuf>,
    /// Include drafts (`draft: true`).
    #[arg(long)]
    pub drafts: bool,
    /// The date `expected` milestones are checked against, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_today)]
    pub today: Option<crate::model::PartialDate>,
}

/// `--base-url`: checked here, so a bad one is a usage error (exit 2), not the config file's.
fn parse_base_url(s: &str) -> Result<String, String> {
    crate::config::split_base_url(s).map(|_| s.to_string()).map_err(|msg| {
        format!("{msg}; use an absolute URL such as `https://owner.github.io/repo/` or a path such as `/repo/`")
    })
}

/// `--today`: a full date.
fn parse_today(s: &str) -> Result<crate::model::PartialDate, String> {
    match crate::model::PartialDate::parse(s) {
        Ok(d) if d.day.is_some() => Ok(d),
        Ok(_) => Err("give a full date: YYYY-MM-DD".into()),
        Err(e) => Err(e.message),
    }
}

impl SiteArgs {
    /// The pipeline's options for this site.
    fn options(&self, out: Option<&PathBuf>, base_url: Option<String>, strict: bool, write: bool) -> build::Options {
        build::Options {
            root: self.root.clone(),
            overrides: Overrides { content: from_cwd(self.content.as_ref()), output: from_cwd(out), base_url },
            drafts: self.drafts,
            strict,
            write,
            today: self.today,
            stale_after: None,
        }
    }
}

/// Options shared by `build` and `check`.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
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
    #[arg(long, value_parser = parse_base_url)]
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
    /// Also warn about companies, deals and topics not reviewed in this long (`90d`, `12w`).
    #[arg(long, value_parser = crate::freshness::parse_age)]
    pub stale_after: Option<u32>,
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

/// Runs a parsed command and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let start = Instant::now();
    let (common, timings, result) = match &cli.command {
        Command::Serve(s) => return exit(crate::serve::run(&serve_options(s))),
        Command::New(n) => return exit(new_page(n)),
        Command::Init(i) => return exit(init(&i.dir)),
        Command::Build(b) => {
            let o = b.common.site.options(b.out.as_ref(), b.base_url.clone(), b.common.strict, true);
            (&b.common, b.timings, build::run(&o))
        }
        Command::Check(c) => {
            let mut o = c.common.site.options(None, None, c.common.strict, false);
            o.stale_after = c.stale_after;
            (&c.common, false, crate::check::check(o))
        }
    };
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&report, &common.site.root, common.format);
    let failed = report.failed(common.strict);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", summary(&report, &cli.command, failed, start.elapsed().as_secs_f64()));
    if timings {
        for (stage, d) in &report.timings {
            let _ = writeln!(err, "  {stage:<24} {:>9.1} ms", d.as_secs_f64() * 1000.0);
        }
        let _ = writeln!(err, "  {:<24} {:>9}", "pages", report.pages);
        let _ = writeln!(err, "  {:<24} {:>9}", "files kept (unchanged)", report.reused);
        let (found, parsed) = report.code_lines;
        let _ = writeln!(err, "  {:<24} {:>9} ({found} of them met before)", "code lines highlighted", found + parsed);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Exit code 2, with the message, for a command that could not run.
fn exit(r: anyhow::Result<()>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn serve_options(s: &ServeArgs) -> crate::serve::Options {
    crate::serve::Options {
        build: s.site.options(None, s.base_url.clone(), false, true),
        out: from_cwd(s.out.as_ref()),
        bind: s.bind,
        port: s.port,
        open: s.open,
        timings: s.timings,
    }
}

fn new_page(n: &NewArgs) -> anyhow::Result<()> {
    if !n.root.is_dir() {
        anyhow::bail!("the site root `{}` does not exist or is not a folder", n.root.display());
    }
    let config = crate::config::Config::load(&n.root).map_err(|d| anyhow::anyhow!("{}", d.message))?;
    let kinds = crate::kinds::Kinds::new(&config.kinds).map_err(|e| anyhow::anyhow!("{}: {}", e.at, e.message))?;
    let kind = crate::new::kind(&kinds, &n.kind)?;
    let content = from_cwd(n.content.as_ref()).unwrap_or_else(|| n.root.join(&config.content));
    let path = crate::new::create(&content, kind, &n.title, &crate::new::today())?;
    println!("{}", path.display());
    Ok(())
}

fn init(dir: &Path) -> anyhow::Result<()> {
    let files = crate::init::init(dir)?;
    for f in &files {
        println!("{}", f.display());
    }
    eprintln!("created a knowledge base in {}; next: `pivotbook serve --root {}`", dir.display(), dir.display());
    Ok(())
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
        Command::Serve(_) | Command::New(_) | Command::Init(_) => counts,
    }
}

fn print_diagnostics(r: &Report, root: &Path, format: Format) {
    let color = format == Format::Human
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut lookup = diag::file_sources(root);
    let mut out: Box<dyn std::io::Write> = match format {
        Format::Human => Box::new(std::io::stderr().lock()),
        _ => Box::new(std::io::stdout().lock()),
    };
    // JSON is read by programs, which want every diagnostic; people get a capped list.
    let (shown, left_out) = match format {
        Format::Json => (r.diagnostics.items().iter().collect(), 0),
        _ => capped(r.diagnostics.items()),
    };
    for d in shown {
        let text = diag::render(d, format, color, &mut lookup);
        let _ = write!(out, "{text}");
        if format == Format::Human {
            let _ = writeln!(out);
        }
    }
    if left_out > 0 {
        // On stderr whatever the format, so JSON and annotations stay well-formed.
        let _ = writeln!(
            std::io::stderr(),
            "… and {left_out} more diagnostics not shown (at most {PER_FILE} per file and {PER_RUN} in all are printed, errors first)"
        );
    }
}

/// At most this many diagnostics of one file are printed.
const PER_FILE: usize = 50;
/// At most this many diagnostics are printed in all.
const PER_RUN: usize = 1000;

/// The diagnostics printed for people, in their order, and how many are
/// left out: at most [`PER_FILE`] of a file and [`PER_RUN`] in all, the
/// errors given their places before the warnings, so that a run that fails
/// always shows why, however many warnings come before its errors.
fn capped(all: &[diag::Diagnostic]) -> (Vec<&diag::Diagnostic>, usize) {
    let mut per_file: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    let mut keep = vec![false; all.len()];
    let mut kept = 0;
    for severity in [diag::Severity::Error, diag::Severity::Warning] {
        for (i, d) in all.iter().enumerate().filter(|(_, d)| d.severity == severity) {
            let n = per_file.entry(d.span.path.as_path()).or_default();
            if *n < PER_FILE && kept < PER_RUN {
                *n += 1;
                kept += 1;
                keep[i] = true;
            }
        }
    }
    let shown: Vec<&diag::Diagnostic> = all.iter().zip(keep).filter_map(|(d, k)| k.then_some(d)).collect();
    (shown, all.len() - kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Severity, Span};

    #[test]
    fn a_long_list_keeps_its_errors_and_its_order() {
        // 1,200 warnings in files sorted before the one with the error, and one file over its cap.
        let mut all: Vec<Diagnostic> =
            (0..1200).map(|i| Diagnostic::warning("w", Span::file(format!("a/{i:04}.md")), "w")).collect();
        all.extend((0..60).map(|_| Diagnostic::warning("w", Span::file("b.md"), "w")));
        all.push(Diagnostic::error("e", Span::file("z.md"), "e"));
        let (shown, left_out) = capped(&all);
        assert_eq!((shown.len(), left_out), (PER_RUN, all.len() - PER_RUN));
        assert_eq!(shown.last().map(|d| d.severity), Some(Severity::Error), "the error is printed, last as it sorts");
        assert!(shown.windows(2).all(|w| w[0].span.path <= w[1].span.path), "in the list's order");
        let few: Vec<Diagnostic> = all.drain(1200..).collect();
        let (shown, left_out) = capped(&few);
        assert_eq!((shown.len(), left_out), (PER_FILE + 1, 60 - PER_FILE), "50 of b.md's 60, and the error");
    }
}
