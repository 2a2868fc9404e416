//! The data.go.kr service key: from the environment or a key file, never
//! shown. Its Debug form is masked, it has no Display, and [`ServiceKey::mask`]
//! takes it out of any text (an error that quotes a URL).

use std::fmt;
use std::path::Path;

use super::FetchError;

/// The environment variable that holds the key (it wins over the file).
pub const KEY_VAR: &str = "MINWON_GOV24_KEY";

/// What stands in for the key wherever it would show.
pub const MASK: &str = "***";

#[derive(Clone, PartialEq, Eq)]
pub struct ServiceKey(String);

impl fmt::Debug for ServiceKey {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "ServiceKey({MASK})")
    }
}

impl ServiceKey {
    /// The key from `$MINWON_GOV24_KEY` (its value, `env`), else from the
    /// configured key file; surrounding whitespace is dropped.
    pub fn find(env: Option<String>, file: Option<&Path>) -> Result<ServiceKey, FetchError> {
        if let Some(value) = env.filter(|v| !v.trim().is_empty()) {
            return ServiceKey::new(&value, KEY_VAR);
        }
        let Some(path) = file else {
            return Err(FetchError::NoKey);
        };
        let text = std::fs::read_to_string(path).map_err(|source| FetchError::KeyFile {
            path: path.to_path_buf(),
            source,
        })?;
        ServiceKey::new(&text, &path.display().to_string())
    }

    fn new(text: &str, from: &str) -> Result<ServiceKey, FetchError> {
        let key = text.trim();
        if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(FetchError::BadKey {
                from: from.to_string(),
            });
        }
        Ok(ServiceKey(key.to_string()))
    }

    /// The key as a query value: percent-encoded, unless it already is
    /// (data.go.kr hands out both forms; the encoded one holds `%`).
    pub fn query_value(&self) -> String {
        if self.0.contains('%') {
            return self.0.clone();
        }
        let mut out = String::new();
        for byte in self.0.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(char::from(byte));
                }
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
        out
    }

    /// `text` with the key, as given and as sent, replaced by `***`.
    pub fn mask(&self, text: &str) -> String {
        text.replace(&self.query_value(), MASK)
            .replace(&self.0, MASK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_encoded_once_and_masked_in_both_forms() {
        let key = ServiceKey::new(" ab+c/d==\n", "test").unwrap();
        assert_eq!(key.query_value(), "ab%2Bc%2Fd%3D%3D");
        assert_eq!(format!("{key:?}"), "ServiceKey(***)");
        assert_eq!(
            key.mask("GET /x?serviceKey=ab%2Bc%2Fd%3D%3D failed; key ab+c/d=="),
            "GET /x?serviceKey=*** failed; key ***"
        );
        let encoded = ServiceKey::new("ab%2Bc", "test").unwrap();
        assert_eq!(encoded.query_value(), "ab%2Bc");
    }

    #[test]
    fn the_environment_wins_over_the_file_and_neither_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, "from-file\n").unwrap();
        let found =
            |env: Option<&str>, file: Option<&Path>| ServiceKey::find(env.map(String::from), file);
        assert_eq!(found(Some("from-env"), Some(&file)).unwrap().0, "from-env");
        assert_eq!(found(Some(" "), Some(&file)).unwrap().0, "from-file");
        assert!(matches!(found(None, None), Err(FetchError::NoKey)));
        std::fs::write(&file, "two words").unwrap();
        assert!(matches!(
            found(None, Some(&file)),
            Err(FetchError::BadKey { .. })
        ));
    }
}
