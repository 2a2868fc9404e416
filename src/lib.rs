//! minwon: offline question answering for public-service counters and kiosks.
//!
//! A map of the crate, front ends first; dependencies point down the list:
//! - [`cli`]: the subcommands (`ask`, `check`, `index`, ...), one file each.
//! - [`tui`]: the terminal UI, kiosk and clerk modes.
//! - [`answer`]: the decision — answer, choices or no match — from ranked hits.
//! - [`retrieve`]: one entry point from a question to ranked entries and a decision.
//! - [`eval`]: quality metrics over labelled questions.
//! - [`index`]: the persisted vector (hnsw_rs) and lexical (BM25) indexes.
//! - [`corpus`]: service entries parsed and validated.
//! - [`embed`]: the [`embed::Embedder`] trait and its candle BERT backend
//!   (the only module that imports candle and tokenizers).
//! - [`config`]: paths and settings, with `Default` as the single source of truth.
//! - [`sanitize`]: text made safe to draw (no control characters or escapes), NFC.

#![forbid(unsafe_code)]

pub mod answer;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod embed;
pub mod eval;
pub mod index;
pub mod retrieve;
pub mod sanitize;
pub mod tui;
