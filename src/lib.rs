//! pivotbook turns a folder of markdown notes about companies, deals and
//! topics into a cross-linked static site.
//!
//! The pipeline, one module per stage: [`load`] (files → `Corpus`),
//! [`model`] (→ `Model`), [`links`] (→ `LinkGraph`), [`money`] (what totals count, whose figure it is), [`catalog`]
//! (aggregates), [`render`] (→ pages, with [`search`] indexing them as they
//! render; [`graph`] lays out the link graph beside them), [`write`] (→ the output folder).
//! [`build`] drives it; see ARCHITECTURE.md for the map.

pub mod build;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod freshness;
pub mod graph;
pub mod highlight;
pub mod incremental;
pub mod init;
pub mod kinds;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod money;
pub mod new;
pub mod percent;
pub mod pipeline;
pub mod reads;
pub mod render;
pub mod search;
pub mod serve;
pub mod write;
pub mod yaml;
