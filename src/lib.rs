//! minwon: offline question answering for public-service counters and kiosks.
//!
//! A map of the crate, front ends first; each module imports only modules
//! listed below it:
//! - [`cli`]: the subcommands (`ask`, `check`, `index`, ...), one file each.
//! - [`tui`]: the terminal UI, kiosk and clerk modes.
//! - [`fetch`]: the national catalogue from the public data portal's API,
//!   page by page with retries, resumable, joined into records to import.
//! - [`calibrate`]: sweeps of fusion weights and thresholds for `eval --sweep`.
//! - [`eval`]: quality metrics over labelled questions.
//! - [`log`]: the maintainers' log the UI writes and `minwon report` reads.
//! - [`speech`]: reading aloud: what is said, written for a speech engine,
//!   and the machine's own engine that says it.
//! - [`layout`]: one entry as a person reads it; the screen, `ask`, the
//!   slip and speech render from it.
//! - [`qr`]: a web address as a QR code in half-block text.
//! - [`engine`]: loads the corpus, index and embedder once; questions in,
//!   replies out.
//! - [`answer`]: the decision — answer, choices or no match — from ranked hits.
//! - [`retrieve`]: a question to every entry ranked (dense + lexical, fused).
//! - [`index`]: the persisted vector (hnsw_rs) and lexical (BM25) indexes.
//! - [`embed`]: the [`embed::Embedder`] trait and its candle backends
//!   (the only module that imports candle and tokenizers).
//! - [`corpus`]: the entries, parsed and validated, behind one `Entry` type.
//! - [`strings`]: every word shown to a person, in English and Korean.
//! - [`sanitize`]: text made safe for the terminal; personal data masked.
//! - [`config`]: settings and paths, read and checked once.
//! - [`region`]: the nation, its provinces and districts, and which services
//!   a kiosk's region covers.
//! - [`lang`]: the two languages, and which one a question is written in.
//! - [`romanized`]: Korean written in Latin letters ("gichoyeongeum") read
//!   back into the Hangul it names, the corpus choosing among readings.
//! - [`keyboard`]: the Korean two-set keyboard: Latin keystrokes typed in
//!   English mode composed into the Hangul they spell, and back.
//! - [`mapped`]: files mapped into memory instead of read (the one `unsafe`
//!   outside the SIMD kernels).

#![deny(unsafe_code)]

pub mod answer;
pub mod calibrate;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod embed;
pub mod engine;
pub mod eval;
pub mod fetch;
pub mod index;
pub mod keyboard;
pub mod lang;
pub mod layout;
pub mod log;
pub mod mapped;
pub mod qr;
pub mod region;
pub mod retrieve;
pub mod romanized;
pub mod sanitize;
pub mod speech;
pub mod strings;
pub mod tui;
