//! Reads a sentence-transformers model folder's small JSON files: the
//! architecture check, pooling mode and maximum sequence length.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::EmbedError;

/// How token vectors become one sentence vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// Average over real tokens (padding excluded).
    Mean,
    /// The first ([CLS]) token's vector.
    Cls,
}

/// The parts of a model folder other than weights and tokenizer.
#[derive(Debug)]
pub struct FolderSettings {
    pub config_json: String,
    pub pooling: Pooling,
    pub max_seq_length: usize,
}

pub fn read_settings(dir: &Path) -> Result<FolderSettings, EmbedError> {
    if !dir.is_dir() {
        return Err(EmbedError::ModelMissing {
            dir: dir.to_path_buf(),
        });
    }
    let config_path = dir.join("config.json");
    let config_json = read_required(&config_path)?;
    let config: Value = parse_json(&config_path, &config_json)?;
    check_architecture(&config_path, &config)?;
    let max_positions = config
        .get("max_position_embeddings")
        .and_then(Value::as_u64)
        .unwrap_or(512) as usize;

    let pooling = match read_optional(&dir.join("1_Pooling/config.json"))? {
        Some((path, text)) => pooling_mode(&path, &parse_json(&path, &text)?)?,
        None => Pooling::Mean,
    };

    #[derive(Deserialize)]
    struct SentenceBert {
        max_seq_length: Option<usize>,
    }
    let max_seq_length = match read_optional(&dir.join("sentence_bert_config.json"))? {
        Some((path, text)) => parse_json::<SentenceBert>(&path, &text)?.max_seq_length,
        None => None,
    }
    .unwrap_or(max_positions)
    .min(max_positions);

    Ok(FolderSettings {
        config_json,
        pooling,
        max_seq_length,
    })
}

fn check_architecture(path: &Path, config: &Value) -> Result<(), EmbedError> {
    let model_type = config.get("model_type").and_then(Value::as_str);
    let architectures: Vec<&str> = config
        .get("architectures")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let is_bert = model_type == Some("bert")
        || (model_type.is_none() && architectures.iter().any(|a| a.starts_with("Bert")));
    if is_bert {
        return Ok(());
    }
    let found = model_type
        .map(str::to_string)
        .or_else(|| architectures.first().map(|a| a.to_string()))
        .unwrap_or_else(|| "none given".to_string());
    Err(EmbedError::UnsupportedArchitecture {
        file: path.to_path_buf(),
        found,
    })
}

fn pooling_mode(path: &Path, config: &Value) -> Result<Pooling, EmbedError> {
    let on = |key: &str| config.get(key).and_then(Value::as_bool).unwrap_or(false);
    match (on("pooling_mode_mean_tokens"), on("pooling_mode_cls_token")) {
        (true, false) => Ok(Pooling::Mean),
        (false, true) => Ok(Pooling::Cls),
        _ => Err(EmbedError::Invalid {
            file: path.to_path_buf(),
            problem: "unsupported pooling: minwon supports exactly one of mean or CLS pooling"
                .into(),
        }),
    }
}

fn read_required(path: &Path) -> Result<String, EmbedError> {
    read_optional(path)?
        .map(|(_, text)| text)
        .ok_or_else(|| EmbedError::FileMissing {
            file: path.to_path_buf(),
        })
}

fn read_optional(path: &Path) -> Result<Option<(PathBuf, String)>, EmbedError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some((path.to_path_buf(), text))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(EmbedError::Invalid {
            file: path.to_path_buf(),
            problem: format!("cannot read: {err}"),
        }),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, EmbedError> {
    serde_json::from_str(text).map_err(|err| EmbedError::Invalid {
        file: path.to_path_buf(),
        problem: format!("not valid JSON: {err}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bert_and_only_bert_is_accepted() {
        let path = Path::new("config.json");
        assert!(check_architecture(path, &json!({"model_type": "bert"})).is_ok());
        assert!(check_architecture(path, &json!({"architectures": ["BertModel"]})).is_ok());
        let err = check_architecture(path, &json!({"model_type": "xlm-roberta"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "config.json: unsupported architecture \"xlm-roberta\": minwon runs BERT-family sentence-transformers models"
        );
    }

    #[test]
    fn pooling_follows_the_folder() {
        let path = Path::new("p.json");
        let mean = json!({"pooling_mode_mean_tokens": true, "pooling_mode_cls_token": false});
        let cls = json!({"pooling_mode_mean_tokens": false, "pooling_mode_cls_token": true});
        assert_eq!(pooling_mode(path, &mean).unwrap(), Pooling::Mean);
        assert_eq!(pooling_mode(path, &cls).unwrap(), Pooling::Cls);
        assert!(pooling_mode(path, &json!({})).is_err());
    }
}
