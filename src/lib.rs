//! readiness: score how production-ready a repository is, and lint it for the gaps.
//!
//! The flow is `rules` (load and validate TOML packs) -> `scan` (one parallel pass over the
//! tree, collecting facts for every check atom) -> `engine` (traits, then rule verdicts) ->
//! `score` (the weighted formula) -> `report` (one renderer per output format). `cli` wires
//! them to the command line. The library never prints: it writes to the writers it is given
//! (the one exception, `progress`, draws a bar on an interactive stderr when asked to).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod level;
pub mod progress;
pub mod repo;
pub mod report;
pub mod rules;
pub mod scan;
pub mod score;
mod suggest;
pub mod timing;
pub mod workspace;
