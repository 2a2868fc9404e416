//! Labelled questions (JSON Lines) for evaluation and calibration.

use std::path::Path;

use serde::Deserialize;

use super::CorpusError;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LabelledQuestion {
    pub q: String,
    pub id: String,
    pub lang: String,
    pub style: String,
}

pub fn load(path: &Path) -> Result<Vec<LabelledQuestion>, CorpusError> {
    let text = std::fs::read_to_string(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|err| CorpusError::Invalid {
                path: path.to_path_buf(),
                line: i + 1,
                message: err.to_string(),
            })
        })
        .collect()
}
