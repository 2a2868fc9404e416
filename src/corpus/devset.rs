//! Labelled questions (JSON Lines) for evaluation and calibration. A line is
//! `{"q", "id" | "ids", "lang", "style"}` with optional `"region"` and
//! `"split"`; other fields are ignored. `"id": "none"` or `"ids": []` marks
//! a question no entry covers; `ids` lists every acceptable entry (the same
//! benefit can be listed nationally and by a city).

use std::path::Path;

use serde::Deserialize;

use super::{CorpusError, Problem, Severity};
use crate::lang::Lang;

/// Which part of a labelled set a question is in: thresholds and weights
/// are tuned on `tune` only, so `heldout` predicts unseen questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    #[default]
    Tune,
    Heldout,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelledQuestion {
    pub q: String,
    /// Every acceptable entry id; empty when no entry covers the question.
    pub ids: Vec<String>,
    pub lang: Lang,
    pub style: String,
    /// The kiosk region the question is asked at, if it matters.
    pub region: Option<String>,
    pub split: Split,
}

#[derive(Deserialize)]
struct Line {
    q: String,
    id: Option<String>,
    ids: Option<Vec<String>>,
    lang: Lang,
    style: String,
    region: Option<String>,
    #[serde(default)]
    split: Split,
}

fn from_line(line: Line) -> Result<LabelledQuestion, String> {
    let ids = match (line.id, line.ids) {
        (Some(id), None) if id == "none" => Vec::new(),
        (Some(id), None) => vec![id],
        (None, Some(ids)) => ids,
        (Some(_), Some(_)) => return Err("has both `id` and `ids`".into()),
        (None, None) => return Err("has neither `id` nor `ids`".into()),
    };
    Ok(LabelledQuestion {
        q: line.q,
        ids,
        lang: line.lang,
        style: line.style,
        region: line.region,
        split: line.split,
    })
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
        let parsed = serde_json::from_str::<Line>(line)
            .map_err(|err| err.to_string())
            .and_then(from_line);
        match parsed {
            Ok(question) => questions.push((i + 1, question)),
            Err(err) => problems.push(Problem {
                path: path.to_path_buf(),
                line: i + 1,
                severity: Severity::Error,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_many_and_no_ids() {
        let text = concat!(
            r#"{"q": "passport", "id": "passport-issue", "lang": "en", "style": "clerk"}"#,
            "\n",
            r#"{"q": "날씨", "id": "none", "lang": "ko", "style": "oos", "source": "x"}"#,
            "\n\n",
            r#"{"q": "보청기", "ids": ["gov24-1", "gov24-2"], "lang": "ko", "style": "plain", "region": "서울특별시 종로구", "split": "heldout"}"#,
            "\n",
            r#"{"q": "bad", "lang": "en", "style": "plain"}"#,
        );
        let (questions, problems) = parse(Path::new("d.jsonl"), text);
        let ids: Vec<&[String]> = questions.iter().map(|(_, q)| q.ids.as_slice()).collect();
        assert_eq!(ids[0], ["passport-issue"]);
        assert!(ids[1].is_empty());
        assert_eq!(ids[2], ["gov24-1", "gov24-2"]);
        assert_eq!(questions[2].0, 4);
        assert_eq!(questions[2].1.split, Split::Heldout);
        assert_eq!(questions[0].1.split, Split::Tune);
        assert_eq!(
            problems[0].to_string(),
            "d.jsonl:5: error: not a labelled question: has neither `id` nor `ids`"
        );
    }
}
