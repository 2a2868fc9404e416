//! Settings, read once and checked once: the TOML config file (every field
//! has a default; `Config::default()` is the single source of truth) and
//! where the corpus, index, model, log and slips live ([`Paths`]).
//!
//! Where minwon looks for its data, first match wins:
//! 1. a command-line flag (`--corpus`, `--index`, `--model`);
//! 2. the config file (`--config FILE`, `$MINWON_CONFIG`, or
//!    `$MINWON_HOME/minwon.toml` when it exists); relative paths in it are
//!    relative to the file's folder;
//! 3. `$MINWON_HOME`, a folder holding `corpus/`, `index/` and `models/`;
//! 4. the current directory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::embed::Arithmetic;
use crate::lang::Lang;
use crate::region::{Region, UnknownRegion};

mod import;
pub mod speech;
pub use import::{ImportConfig, DEFAULT_API_URL};
pub use speech::SpeechConfig;

/// The model folder `models/fetch.sh` fills, relative to a home folder.
pub const DEFAULT_MODEL_DIR: &str = "models/multilingual-e5-small";
const DEFAULT_CORPUS_DIR: &str = "corpus";
const DEFAULT_INDEX_DIR: &str = "index";
const CONFIG_IN_HOME: &str = "minwon.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read config: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{where_}`{field}`: {message}")]
    Invalid {
        where_: String,
        field: String,
        message: String,
    },
    #[error("{what} not found; looked in {}. Set MINWON_HOME to the folder that holds corpus/, index/ and models/, or run minwon from it", looked.join(", "))]
    NotFound {
        what: &'static str,
        looked: Vec<String>,
    },
    #[error("{where_}`region`: {source} (`minwon regions` lists them all)")]
    Region {
        where_: String,
        #[source]
        source: UnknownRegion,
    },
}

/// The config file's contents. Paths left out are found as the module
/// comment says; everything else keeps its default.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// A model folder (see models/README.md).
    pub model_dir: Option<PathBuf>,
    /// The corpus folder (categories.toml, services/, eval/).
    pub corpus_dir: Option<PathBuf>,
    /// Where the search index is built (gitignored).
    pub index_dir: Option<PathBuf>,
    /// The place the kiosk serves, e.g. "서울특별시 종로구": it shows the
    /// national catalogue's services and those of this province or district
    /// (never another district's). None: national services only.
    pub region: Option<String>,
    /// How the embedding model runs.
    pub embedding: EmbeddingConfig,
    /// Score thresholds for answer / choices / no match.
    pub thresholds: Thresholds,
    /// How much the dense and lexical channels count, by the query's script.
    pub fusion: FusionWeights,
    /// The terminal UI: mode, language, idle reset, staff exit, log, slips.
    pub ui: UiConfig,
    /// Reading answers aloud with the machine's own speech engine.
    pub speech: SpeechConfig,
    /// Signing and trusting index bundles.
    pub bundle: BundleConfig,
    /// Importing the national catalogue from the public data portal.
    pub import: ImportConfig,
}

/// The `[bundle]` table: who may sign the bundles a kiosk installs.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BundleConfig {
    /// Public keys (`ed25519:<base64>`) whose bundles this kiosk installs;
    /// empty: it installs none.
    pub trusted_keys: Vec<String>,
    /// The maintainer's secret key file that `bundle pack` signs with
    /// (relative to the config file); `--key` overrides it.
    pub signing_key: Option<PathBuf>,
}

/// How the embedding model runs (the `[embedding]` table).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbeddingConfig {
    /// Threads for one embedding call; 0: one per core.
    pub threads: usize,
    /// Whether multilingual-e5 sees `query: ` / `passage: ` before each
    /// text, as its model card asks (docs/QUALITY.md measures both).
    pub prefixes: bool,
    /// `"int8"` (default) or `"f32"`: how multilingual-e5 multiplies
    /// (docs/PERFORMANCE.md and docs/QUALITY.md measure both).
    pub arithmetic: Arithmetic,
}

impl Default for EmbeddingConfig {
    fn default() -> Self {
        Self {
            threads: 0,
            prefixes: true,
            arithmetic: Arithmetic::Int8,
        }
    }
}

/// Score thresholds behind the decision, one set per language: scores of
/// English and Korean questions sit at different heights on the model's
/// scale, so one bar cannot serve both (docs/QUALITY.md has the numbers
/// behind the defaults, calibrated on the tune split).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// For questions written in Hangul (`[thresholds.ko]`).
    pub ko: LangThresholds,
    /// For questions in Latin letters (`[thresholds.en]`).
    pub en: LangThresholds,
    /// At most this many choices are offered.
    pub max_choices: usize,
    /// Once the closest entry passes its choice bar, an entry at most this
    /// far behind it is offered beside it even under the bar: when two or
    /// three entries are that close, the citizen chooses better than the bar.
    pub choice_spread: f32,
}

/// The bars for the questions of one language.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangThresholds {
    /// The best score must reach this to be given as the answer.
    pub answer: f32,
    /// ... and lead the second by at least this much.
    pub margin: f32,
    /// Nothing is offered, as answer or choice, unless the closest entry
    /// scores this (a long question's choice bar is lower: `long`); then
    /// the entries past it, or within `choice_spread` of the closest, are.
    pub choice: f32,
    /// A lower choice bar for long questions (`[thresholds.ko.long]`).
    #[serde(default)]
    pub long: LongQuestions,
}

/// Long questions score lower: a situation told in twenty words matches no
/// short service text as closely as a name does. For each word past
/// `after_words` the choice bar comes down by `per_word`, by at most
/// `max_drop`; the answer bar stays, so a long question gets choices, never
/// a confident answer it would not have had. All zero: no change.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LongQuestions {
    pub after_words: usize,
    pub per_word: f32,
    pub max_drop: f32,
}

impl LangThresholds {
    /// The choice bar for a question of `words` words.
    pub fn choice_for(&self, words: usize) -> f32 {
        let past = words.saturating_sub(self.long.after_words) as f32;
        self.choice - (past * self.long.per_word).min(self.long.max_drop)
    }
}

impl Thresholds {
    /// The bars for a question in `lang`.
    pub fn of(&self, lang: Lang) -> &LangThresholds {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            ko: LangThresholds {
                answer: 0.815,
                margin: 0.06,
                choice: 0.815,
                long: LongQuestions {
                    after_words: 6,
                    per_word: 0.003,
                    max_drop: 0.02,
                },
            },
            en: LangThresholds {
                answer: 0.811,
                margin: 0.06,
                choice: 0.811,
                long: LongQuestions {
                    after_words: 12,
                    per_word: 0.002,
                    max_drop: 0.02,
                },
            },
            max_choices: 3,
            choice_spread: 0.02,
        }
    }
}

/// Channel weights for all-English and all-Korean queries; mixed queries
/// interpolate. Calibrated on corpus/eval/dev.jsonl (docs/QUALITY.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FusionWeights {
    pub dense_en: f32,
    pub lexical_en: f32,
    pub dense_ko: f32,
    pub lexical_ko: f32,
    /// How much of an entry's hubness (its typical best cosine to questions
    /// about other entries, above average) is taken off its dense score.
    pub hub_penalty: f32,
    /// How far an entry's dense score moves from its best vector's cosine
    /// towards its second best's (0 to 1): an entry that two of its ways of
    /// asking fit is likelier right than one that a single phrasing fits.
    pub second_vector: f32,
    /// How much an entry's popularity (`log10(1 + views)` above the median
    /// service's) counts in the order of the ranking, never in the score
    /// the bars judge: among entries that fit a question almost equally,
    /// the one citizens look up far more often is likelier their need.
    pub popularity: f32,
}

/// The largest hub penalty a configuration may set: past it the penalty
/// outweighs the cosines it corrects.
pub const MAX_HUB_PENALTY: f32 = 5.0;

/// The largest popularity weight a configuration may set: view counts span
/// about six powers of ten, so past this a popular service would outrank
/// one that fits far better.
pub const MAX_POPULARITY: f32 = 0.02;

impl Default for FusionWeights {
    fn default() -> Self {
        Self {
            dense_en: 0.9,
            lexical_en: 0.1,
            dense_ko: 0.9,
            lexical_ko: 0.1,
            hub_penalty: 0.0,
            second_vector: 0.45,
            popularity: 0.004,
        }
    }
}

/// Who sits in front of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A citizen alone: large, numbered, cannot be quit, resets when idle.
    #[default]
    Kiosk,
    /// A clerk at the counter: live search, ranked list, detail, slips.
    Clerk,
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "kiosk" => Ok(Mode::Kiosk),
            "clerk" => Ok(Mode::Clerk),
            other => Err(format!("unknown mode `{other}` (use `kiosk` or `clerk`)")),
        }
    }
}

/// UI settings from the config file's `[ui]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// The mode plain `minwon` opens in.
    pub mode: Mode,
    /// The language a new session starts in.
    pub language: Lang,
    /// Seconds without input before the kiosk asks "Are you still there?".
    #[serde(deserialize_with = "seconds")]
    pub idle_seconds: u64,
    /// Seconds the question shows before everything is cleared.
    #[serde(deserialize_with = "seconds")]
    pub countdown_seconds: u64,
    /// Shown when there is no answer, in English and Korean.
    pub staff_hint: String,
    pub staff_hint_ko: String,
    /// PIN (digits) that staff type after F12 to leave the kiosk; empty: no exit.
    pub staff_pin: String,
    /// JSON Lines log of what was asked and shown (personal data masked);
    /// empty: no log. Relative to the home folder.
    pub log_path: String,
    /// The log is rotated (`<log>.1`, `.2` …) when it reaches this many bytes.
    pub log_max_bytes: u64,
    /// Rotated log files kept; older ones are deleted.
    pub log_keep: u32,
    /// Folder for clerk take-away slips, relative to the home folder.
    pub slip_dir: String,
    /// If set, each slip is also piped to this command's stdin (e.g. "lp").
    pub slip_command: String,
}

impl Default for UiConfig {
    fn default() -> Self {
        Self {
            mode: Mode::Kiosk,
            language: Lang::Ko,
            idle_seconds: 60,
            countdown_seconds: 20,
            staff_hint: "Please ask staff at the counter.".into(),
            staff_hint_ko: "창구 직원에게 물어보세요.".into(),
            staff_pin: DEFAULT_STAFF_PIN.into(),
            log_path: "minwon-log.jsonl".into(),
            log_max_bytes: 10 * 1024 * 1024,
            log_keep: 5,
            slip_dir: "slips".into(),
            slip_command: String::new(),
        }
    }
}

/// A count of seconds, 1 or more, with a clear message for anything else
/// (a kiosk that resets after 0 seconds would wipe every keystroke).
fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = i64::deserialize(deserializer)?;
    u64::try_from(value)
        .ok()
        .filter(|&s| s > 0)
        .ok_or_else(|| serde::de::Error::custom(format!("{value} seconds: must be 1 or more")))
}

/// Paths named on the command line, which win over everything else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub model: Option<PathBuf>,
    pub corpus: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub region: Option<String>,
}

/// Where minwon is run: `$MINWON_HOME` and the current directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Env {
    pub home: Option<PathBuf>,
    pub cwd: PathBuf,
}

impl Env {
    pub fn from_process() -> Self {
        Self {
            home: std::env::var_os("MINWON_HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        }
    }
}

/// Where everything lives, resolved once.
#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    pub model: PathBuf,
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Empty when the log is off.
    pub log: Option<PathBuf>,
    pub slips: PathBuf,
    /// The file holding the catalogue API's service key, if configured.
    pub service_key_file: Option<PathBuf>,
}

/// Settings and paths, checked: nothing downstream second-guesses them.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub config: Config,
    pub paths: Paths,
    /// The kiosk's region (`--region`, else the config's), parsed.
    pub region: Option<Region>,
    /// The config file read, if any (a deployment has one).
    pub config_file: Option<PathBuf>,
}

impl Settings {
    /// Reads the config file (if any), checks it, and resolves every path.
    pub fn load(flags: &Flags, env: &Env) -> Result<Self, ConfigError> {
        let file = flags.config.clone().or_else(|| {
            env.home
                .as_ref()
                .map(|home| home.join(CONFIG_IN_HOME))
                .filter(|path| path.is_file())
        });
        let config = match &file {
            Some(path) => Config::from_file(path)?,
            None => Config::default(),
        };
        let where_ = file
            .as_ref()
            .map_or("config: ".to_string(), |p| format!("{}: ", p.display()));
        config.check(&where_)?;
        let base = file
            .as_ref()
            .and_then(|p| p.parent())
            .map(|dir| env.cwd.join(dir));
        let paths = resolve(flags, &config, base.as_deref(), env)?;
        let (region, where_) = match &flags.region {
            Some(name) => (Some(name), "--region: ".to_string()),
            None => (config.region.as_ref(), where_),
        };
        let region = region
            .map(|name| Region::parse(name))
            .transpose()
            .map_err(|source| ConfigError::Region { where_, source })?;
        Ok(Self {
            config,
            paths,
            region,
            config_file: file,
        })
    }
}

impl Config {
    /// Reads a TOML config file; fields it leaves out keep their defaults.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|err| ConfigError::Syntax {
            path: path.to_path_buf(),
            line: err
                .span()
                .map_or(1, |span| text[..span.start].matches('\n').count() + 1),
            message: err.message().to_string(),
        })
    }

    /// The rules serde cannot express; `where_` prefixes each message.
    pub fn check(&self, where_: &str) -> Result<(), ConfigError> {
        let invalid = |field: &str, message: String| ConfigError::Invalid {
            where_: where_.to_string(),
            field: field.to_string(),
            message,
        };
        let t = &self.thresholds;
        for (lang, bars) in [("ko", &t.ko), ("en", &t.en)] {
            let field = |name: &str| format!("thresholds.{lang}.{name}");
            for (name, value) in [
                ("answer", bars.answer),
                ("margin", bars.margin),
                ("choice", bars.choice),
            ] {
                if !(0.0..=1.0).contains(&value) {
                    return Err(invalid(
                        &field(name),
                        format!("{value} is not between 0 and 1"),
                    ));
                }
            }
            let long = &bars.long;
            for (name, value, most) in [
                ("per_word", long.per_word, 0.05),
                ("max_drop", long.max_drop, 0.5),
            ] {
                if !(0.0..=most).contains(&value) {
                    return Err(invalid(
                        &field(&format!("long.{name}")),
                        format!("{value} is not between 0 and {most}"),
                    ));
                }
            }
            if bars.choice > bars.answer {
                return Err(invalid(
                    &field("choice"),
                    format!("{} is above thresholds.{lang}.answer ({}): nothing could be offered as a choice that is not already an answer", bars.choice, bars.answer),
                ));
            }
        }
        if !(0.0..=1.0).contains(&t.choice_spread) {
            return Err(invalid(
                "thresholds.choice_spread",
                format!("{} is not between 0 and 1", t.choice_spread),
            ));
        }
        if !(1..=MAX_CHOICES).contains(&t.max_choices) {
            return Err(invalid(
                "thresholds.max_choices",
                format!("{} is not between 1 and {MAX_CHOICES}", t.max_choices),
            ));
        }
        let f = &self.fusion;
        for (field, value) in [
            ("fusion.dense_en", f.dense_en),
            ("fusion.lexical_en", f.lexical_en),
            ("fusion.dense_ko", f.dense_ko),
            ("fusion.lexical_ko", f.lexical_ko),
            ("fusion.second_vector", f.second_vector),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(invalid(field, format!("{value} is not between 0 and 1")));
            }
        }
        if !(0.0..=MAX_POPULARITY).contains(&f.popularity) {
            return Err(invalid(
                "fusion.popularity",
                format!("{} is not between 0 and {MAX_POPULARITY}", f.popularity),
            ));
        }
        if !(0.0..=MAX_HUB_PENALTY).contains(&f.hub_penalty) {
            return Err(invalid(
                "fusion.hub_penalty",
                format!("{} is not between 0 and {MAX_HUB_PENALTY}", f.hub_penalty),
            ));
        }
        if !self.ui.staff_pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid(
                "ui.staff_pin",
                "must be digits only (staff type it on the number keys)".into(),
            ));
        }
        self.speech
            .check_rules()
            .and_then(|()| self.import.check_rules())
            .map_err(|(field, message)| invalid(field, message))
    }
}

impl UiConfig {
    /// What is unsafe about the staff PIN for a kiosk that faces the public:
    /// the default one anybody can look up, or none (staff cannot leave).
    pub fn staff_pin_problem(&self) -> Option<&'static str> {
        match self.staff_pin.as_str() {
            DEFAULT_STAFF_PIN => Some("ui.staff_pin is the default 0000, which anybody can look up: set a PIN of your own"),
            "" => Some("ui.staff_pin is empty: staff cannot leave the kiosk"),
            _ => None,
        }
    }
}

/// The staff PIN of a fresh install, so that the README's first try works.
pub const DEFAULT_STAFF_PIN: &str = "0000";

/// The kiosk numbers choices 1..; 9 (language) and 0 (start again) are taken.
pub const MAX_CHOICES: usize = 7;

/// Applies the search order of the module comment to each path.
fn resolve(
    flags: &Flags,
    config: &Config,
    config_dir: Option<&Path>,
    env: &Env,
) -> Result<Paths, ConfigError> {
    let from_config = |path: &Option<PathBuf>| {
        path.as_ref()
            .map(|p| config_dir.map_or_else(|| p.clone(), |dir| dir.join(p)))
    };
    let homes: Vec<(String, &Path)> = env
        .home
        .iter()
        .map(|h| ("$MINWON_HOME".to_string(), h.as_path()))
        .chain([("the current directory".to_string(), env.cwd.as_path())])
        .collect();
    // A folder that must exist: the first candidate that does.
    let find = |what: &'static str,
                flag: &Option<PathBuf>,
                configured: &Option<PathBuf>,
                default: &str|
     -> Result<(PathBuf, Option<&Path>), ConfigError> {
        if let Some(path) = flag {
            return Ok((path.clone(), None));
        }
        if let Some(path) = from_config(configured) {
            return Ok((path, None));
        }
        let mut looked = Vec::new();
        for (name, home) in &homes {
            let candidate = home.join(default);
            if candidate.is_dir() {
                return Ok((candidate, Some(*home)));
            }
            looked.push(format!("{} ({name})", candidate.display()));
        }
        Err(ConfigError::NotFound { what, looked })
    };
    let (corpus, corpus_home) = find(
        "the corpus",
        &flags.corpus,
        &config.corpus_dir,
        DEFAULT_CORPUS_DIR,
    )?;
    let (model, _) = find(
        "the model",
        &flags.model,
        &config.model_dir,
        DEFAULT_MODEL_DIR,
    )?;
    // The index, log and slips live beside the corpus when it came from a
    // home folder, else in the first home folder.
    let home = corpus_home.unwrap_or(homes[0].1);
    let index = flags
        .index
        .clone()
        .or_else(|| from_config(&config.index_dir))
        .unwrap_or_else(|| home.join(DEFAULT_INDEX_DIR));
    let beside = |value: &str| {
        let path = Path::new(value);
        config_dir.map_or_else(|| home.join(path), |dir| dir.join(path))
    };
    Ok(Paths {
        model,
        corpus,
        index,
        log: (!config.ui.log_path.is_empty()).then(|| beside(&config.ui.log_path)),
        slips: beside(&config.ui.slip_dir),
        service_key_file: from_config(&config.import.service_key_file),
    })
}

impl fmt::Display for Paths {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "corpus {}, index {}, model {}",
            self.corpus.display(),
            self.index.display(),
            self.model.display()
        )
    }
}

#[cfg(test)]
mod tests;
