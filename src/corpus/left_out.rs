//! Catalogue records minwon never shows (`corpus/catalogue/left-out.toml`),
//! each with why: records of the portal that are not services a citizen can
//! use (its own test entry). Kept apart from the imported records, so a
//! re-import keeps the decision.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Problem, Severity};

/// The file's name inside the catalogue folder.
pub const FILE: &str = "left-out.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeftOutFile {
    #[serde(default)]
    service: Vec<LeftOut>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeftOut {
    /// The 서비스ID.
    id: String,
    why: String,
}

/// The records left out, by 서비스ID, with why (none when the catalogue
/// folder has no such file).
pub fn load(catalogue_dir: &Path) -> Result<BTreeMap<String, String>, Problem> {
    let path = catalogue_dir.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(error(path, 1, e.to_string())),
    }
}

/// Parses the file's text: every record once, each with a reason.
fn parse(path: &Path, text: &str) -> Result<BTreeMap<String, String>, Problem> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let file: LeftOutFile = toml::from_str(text).map_err(|err| {
        let line = err.span().map_or(1, |span| line_of(span.start));
        error(path.to_path_buf(), line, err.message().to_string())
    })?;
    let mut left_out = BTreeMap::new();
    for service in file.service {
        let line = text.find(&format!("\"{}\"", service.id)).map_or(1, line_of);
        if service.why.trim().is_empty() {
            let message = format!("{} is left out without a reason (`why`)", service.id);
            return Err(error(path.to_path_buf(), line, message));
        }
        if left_out.insert(service.id.clone(), service.why).is_some() {
            // The line of its last mention, not its first.
            let line = text
                .rfind(&format!("\"{}\"", service.id))
                .map_or(line, line_of);
            let message = format!("{} is left out twice", service.id);
            return Err(error(path.to_path_buf(), line, message));
        }
    }
    Ok(left_out)
}

fn error(path: PathBuf, line: usize, message: String) -> Problem {
    Problem {
        path,
        line,
        severity: Severity::Error,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_record_once_and_with_a_reason() {
        let path = Path::new("left-out.toml");
        let one = "[[service]]\nid = \"1\"\nwhy = \"a test entry\"\n";
        assert_eq!(parse(path, one).unwrap()["1"], "a test entry");
        let twice = format!("{one}\n[[service]]\nid = \"1\"\nwhy = \"again\"\n");
        let err = parse(path, &twice).unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (6, "1 is left out twice"));
        let no_reason = "[[service]]\nid = \"2\"\nwhy = \" \"\n";
        assert!(parse(path, no_reason)
            .unwrap_err()
            .message
            .contains("without a reason"));
        let unknown = "[[service]]\nid = \"3\"\nwhy = \"x\"\nwho = \"y\"\n";
        assert_eq!(parse(path, unknown).unwrap_err().line, 4);
    }
}
