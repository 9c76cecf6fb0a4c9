//! One integration test binary: a module per feature.

// Test helpers are `pub` for sibling modules of this binary only; the
// crate-wide lints for a published API do not apply here.
#![allow(unreachable_pub, missing_docs)]

mod build;
mod charts;
mod chrome;
mod cli;
mod crawl;
mod deals_index;
mod errors;
mod exports;
mod freshness;
mod graph;
mod hardening;
mod incremental;
mod install;
mod kinds;
mod limits;
mod links;
mod math;
mod money;
mod notes_index;
mod obsidian;
mod obsidian_large;
mod obsidian_table;
mod publish;
mod robust;
mod scaffold;
mod search;
mod serve;
mod serve_random;
mod snapshots;
mod support;
mod templates;
mod tidy;
mod vault_links;
mod vault_markdown;
mod vault_pages;
mod vault_properties;
