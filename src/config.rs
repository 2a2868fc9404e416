//! Settings shared by every command: where the model, corpus and index live.
//!
//! `Config::default()` is the single source of truth; a TOML file may override
//! any field, and command-line flags override the file, applied once in `cli`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use crate::answer::Thresholds;
use crate::retrieve::fusion::FusionWeights;
use crate::tui::app::UiConfig;

/// The folder `models/fetch.sh` fills, relative to the working directory.
pub const DEFAULT_MODEL_DIR: &str = "models/multilingual-e5-small";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// A sentence-transformers folder (config.json, tokenizer.json, model.safetensors).
    pub model_dir: PathBuf,
    /// The corpus folder (categories.toml, services/, eval/).
    pub corpus_dir: PathBuf,
    /// Where `minwon index` writes the search index (gitignored).
    pub index_dir: PathBuf,
    /// Score thresholds for answer / choices / no match.
    pub thresholds: Thresholds,
    /// How much the dense and lexical channels count, by the query's script.
    pub fusion: FusionWeights,
    /// The terminal UI: mode, idle reset, staff exit, log, slips.
    pub ui: UiConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            model_dir: PathBuf::from(DEFAULT_MODEL_DIR),
            corpus_dir: PathBuf::from("corpus"),
            index_dir: PathBuf::from("index"),
            thresholds: Thresholds::default(),
            fusion: FusionWeights::default(),
            ui: UiConfig::default(),
        }
    }
}

impl Config {
    /// Reads a TOML config file; fields it leaves out keep their defaults.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read config", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{}: invalid config", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_overrides_only_what_it_names() {
        let config: Config = toml::from_str("model_dir = \"elsewhere\"").unwrap();
        assert_eq!(config.model_dir, PathBuf::from("elsewhere"));
        assert_eq!(config.corpus_dir, Config::default().corpus_dir);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Config>("modle_dir = \"typo\"").is_err());
    }
}
