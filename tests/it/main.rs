//! One integration test binary: a module per feature.

// Test helpers are `pub` for sibling modules of this binary only; the
// crate-wide lints for a published API do not apply here.
#![allow(unreachable_pub, missing_docs)]

mod build;
mod cli;
mod content;
mod crawl;
mod errors;
mod limits;
mod links;
mod publish;
mod robust;
mod support;
mod tidy;
