//! `pivotbook check`: everything `build` does except writing.
//!
//! It runs the same pipeline (`build::run` with writing off), so a site that
//! checks clean builds clean, templates included: every page is rendered and
//! thrown away. This is what contributors and CI run on a pull request.

use anyhow::Result;

use crate::build::{self, Options, Report};

/// Checks a site without writing anything.
pub fn check(mut opts: Options) -> Result<Report> {
    opts.write = false;
    build::run(&opts)
}
