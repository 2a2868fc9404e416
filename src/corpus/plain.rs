//! The plain-language layer over catalogue services (`corpus/plain/NN.json`):
//! for each service, an everyday name, a one-line summary, who it is for,
//! what you get and how to apply, and the ways citizens ask for it, in
//! Korean (쉬운 우리말) and English. Written by people, keyed by 서비스ID,
//! stored apart from the imported records (a re-import keeps it) and
//! stamped with a hash of the official fields it was written from, so a
//! changed official text shows the layer as stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::catalogue::{Field, Service};
use super::CorpusError;
use crate::lang::Lang;

/// The kiosk region whose services all need a layer: `minwon check` reports
/// every service a kiosk there shows (national, 서울특별시 and its own) that
/// has none. Other regions' services may have one too.
pub const SCOPE: &str = "서울특별시 종로구";

/// The layer's folder inside the corpus.
pub const PLAIN_DIR: &str = "plain";

/// The official fields a layer is written from, in the order they are hashed.
pub const SOURCE_FIELDS: [Field; 12] = [
    Field::Name,
    Field::Summary,
    Field::Purpose,
    Field::Who,
    Field::Criteria,
    Field::Benefit,
    Field::HowToApply,
    Field::Deadline,
    Field::Documents,
    Field::Office,
    Field::Phone,
    Field::Agency,
];

/// One service in plain words, in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainText {
    /// The everyday name ("산후도우미 지원").
    pub name: String,
    /// One sentence on what it does for the person.
    pub summary: String,
    pub who: String,
    /// What you get, amounts as in the official text.
    pub get: String,
    /// How and where to apply.
    pub apply: String,
    /// Ways a citizen asks for it.
    pub asks: Vec<String>,
}

/// The plain-language layer of one catalogue service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plain {
    /// The 서비스ID.
    pub id: String,
    /// [`source_hash`] of the official fields when this was written.
    pub source: String,
    pub ko: PlainText,
    pub en: PlainText,
}

impl Plain {
    pub fn text(&self, lang: Lang) -> &PlainText {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// Every text of the layer, both languages (for hashing and checks).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [&self.ko, &self.en].into_iter().flat_map(|t| {
            [&t.name, &t.summary, &t.who, &t.get, &t.apply]
                .into_iter()
                .chain(&t.asks)
                .map(String::as_str)
        })
    }

    /// A hash of the layer's own text (what an index built with it must match).
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for text in self.texts() {
            hasher.update(text.as_bytes());
            hasher.update([0x1f]);
        }
        hex(&hasher.finalize()[..8])
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of the official fields a layer is written from: SHA-256 over
/// each field's key and text (missing ones empty), first 8 bytes in hex.
pub fn source_hash(service: &Service) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for field in SOURCE_FIELDS {
        hasher.update(field.key().as_bytes());
        hasher.update([0x1f]);
        hasher.update(service.text(field).unwrap_or_default().as_bytes());
        hasher.update([0x1e]);
    }
    hex(&hasher.finalize()[..8])
}

/// The shard file a service's layer lives in (as the catalogue's).
pub fn shard_path(dir: &Path, id: &str) -> PathBuf {
    let digits: String = id
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    dir.join(PLAIN_DIR).join(format!("{digits}.json"))
}

/// The layer of every service that has one, by 서비스ID, with the file each
/// came from. A folder without a layer gives an empty map.
pub fn load(corpus_dir: &Path) -> Result<BTreeMap<String, (Plain, PathBuf)>, CorpusError> {
    let dir = corpus_dir.join(PLAIN_DIR);
    let mut layers = BTreeMap::new();
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Ok(layers);
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|source| CorpusError::Io {
            path: path.clone(),
            source,
        })?;
        let shard: Vec<Plain> = serde_json::from_str(&text).map_err(|err| CorpusError::Plain {
            path: path.clone(),
            line: err.line(),
            message: err.to_string(),
        })?;
        for plain in shard {
            let id = plain.id.clone();
            if let Some((_, first)) = layers.insert(id.clone(), (plain, path.clone())) {
                return Err(CorpusError::Plain {
                    path,
                    line: 1,
                    message: format!("{id} also has a layer in {}", first.display()),
                });
            }
        }
    }
    Ok(layers)
}

/// Writes `layers` into the corpus's layer folder, one shard per last two
/// digits, sorted by id, one field per line (as people review them).
pub fn save(corpus_dir: &Path, layers: &[Plain]) -> std::io::Result<()> {
    let mut shards: BTreeMap<PathBuf, Vec<&Plain>> = BTreeMap::new();
    for plain in layers {
        shards
            .entry(shard_path(corpus_dir, &plain.id))
            .or_default()
            .push(plain);
    }
    std::fs::create_dir_all(corpus_dir.join(PLAIN_DIR))?;
    for (path, mut shard) in shards {
        shard.sort_by(|a, b| a.id.cmp(&b.id));
        let mut json = serde_json::to_string_pretty(&shard).expect("a layer serialises");
        json.push('\n');
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(())
}
