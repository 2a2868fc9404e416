//! Labelled questions (JSON Lines: q, id, lang, style; other fields ignored)
//! for evaluation and calibration.

use std::path::Path;

use serde::Deserialize;

use super::{CorpusError, Problem};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LabelledQuestion {
    pub q: String,
    /// A service id, or "none" when no service covers the question.
    pub id: String,
    pub lang: String,
    pub style: String,
}

/// Parses every non-blank line, with its 1-based line number; a line that
/// does not parse is a problem, and the rest are still read.
pub fn parse(path: &Path, text: &str) -> (Vec<(usize, LabelledQuestion)>, Vec<Problem>) {
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(question) => questions.push((i + 1, question)),
            Err(err) => problems.push(Problem {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("not a labelled question: {err}"),
            }),
        }
    }
    (questions, problems)
}

/// Reads a labelled-questions file; any bad line is an error.
pub fn load(path: &Path) -> Result<Vec<LabelledQuestion>, CorpusError> {
    let text = std::fs::read_to_string(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let (questions, problems) = parse(path, &text);
    if !problems.is_empty() {
        return Err(CorpusError::Invalid { problems });
    }
    Ok(questions.into_iter().map(|(_, q)| q).collect())
}
