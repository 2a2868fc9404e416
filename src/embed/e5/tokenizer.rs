//! XLM-R's SentencePiece Unigram tokenizer, lean: the pieces and scores come
//! from the weights file, the normaliser and special tokens from
//! tokenizer.json, and the ids are the same as the `tokenizers` crate gives
//! for that tokenizer.json (special tokens split out of the raw text,
//! charsmap normalisation, runs of spaces collapsed, Metaspace words,
//! Viterbi per word with unknown characters fused, `<s> … </s>`, truncation).

use std::path::Path;

use base64::Engine as _;
use serde::Deserialize;

use super::super::EmbedError;
use super::charsmap::Charsmap;
use super::file::{Pieces, WeightsFile, WEIGHTS_FILE};
use super::piece_table::PieceTable;

/// SentencePiece's word marker, which stands for a space.
const METASPACE: char = '\u{2581}';
/// The Unigram model's penalty below the lowest piece score for an unknown character.
const UNKNOWN_PENALTY: f64 = 10.0;

/// Where words start: the two pipelines differ only in whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    /// tokenizer.json's: spaces become `▁` and each `▁` starts a word, so
    /// a trailing space is a token of its own.
    TokenizerJson,
    /// sentence-transformers' (transformers 5 rebuilds the tokenizer with a
    /// whitespace split): words are separated by any whitespace, which is
    /// dropped, so a trailing space (as in `query: ` + an empty text) is not
    /// a token.
    SentenceTransformers,
}

pub struct Tokenizer {
    charsmap: Charsmap,
    pieces: Pieces,
    /// The pieces by their text, for prefix search.
    table: PieceTable,
    /// Tokens matched in the raw text before normalisation, e.g. `<s>`.
    specials: Vec<(String, u32)>,
    unknown_score: f64,
    max_len: usize,
}

impl Tokenizer {
    /// Builds the tokenizer from the weights file's pieces and the
    /// normaliser and special tokens of `tokenizer_json`; encodings hold at
    /// most `max_len` ids, `<s>` and `</s>` included.
    pub fn new(pieces: Pieces, tokenizer_json: &Path, max_len: usize) -> Result<Self, EmbedError> {
        let (charsmap, specials) = read_tokenizer_json(tokenizer_json, &pieces)?;
        let table = PieceTable::new(&pieces);
        let lowest = pieces.scores.iter().copied().fold(f32::INFINITY, f32::min);
        Ok(Self {
            charsmap,
            pieces,
            table,
            specials,
            unknown_score: f64::from(lowest) - UNKNOWN_PENALTY,
            max_len,
        })
    }

    /// Reads the pieces from the weights file in `dir` and the rest from its
    /// tokenizer.json.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let (file, pieces) = WeightsFile::open(&dir.join(WEIGHTS_FILE))?;
        Self::new(
            pieces,
            &dir.join("tokenizer.json"),
            file.shape.max_positions,
        )
    }

    /// The ids of `text`: `<s>`, at most `max_len - 2` pieces, `</s>`.
    pub fn encode(&self, text: &str, words: Words) -> Vec<u32> {
        let room = self.max_len.saturating_sub(2);
        let mut ids = vec![self.pieces.bos];
        let mut normalized = String::new();
        let mut rest = text;
        while ids.len() <= room && !rest.is_empty() {
            let (before, special, after) = self.split_special(rest);
            normalized.clear();
            self.charsmap.normalize(before, &mut normalized);
            let limit = room + 1;
            match words {
                Words::TokenizerJson => {
                    self.encode_metaspace(&collapse_spaces(&normalized), &mut ids, limit)
                }
                Words::SentenceTransformers => {
                    for word in normalized.split_whitespace() {
                        if ids.len() >= limit {
                            break;
                        }
                        self.encode_metaspace(word, &mut ids, limit);
                    }
                }
            }
            ids.extend(special);
            rest = after;
        }
        ids.truncate(room + 1);
        ids.push(self.pieces.eos);
        ids
    }

    /// Splits `text` at its first special token (the longest, where two
    /// start at the same place): the text before it, its id, and the rest.
    fn split_special<'t>(&self, text: &'t str) -> (&'t str, Option<u32>, &'t str) {
        let first = self
            .specials
            .iter()
            .filter_map(|(token, id)| text.find(token.as_str()).map(|at| (at, token, *id)))
            .min_by_key(|&(at, token, _)| (at, std::cmp::Reverse(token.len())));
        match first {
            Some((at, token, id)) => (&text[..at], Some(id), &text[at + token.len()..]),
            None => (text, None, ""),
        }
    }

    /// Metaspace pre-tokenisation (spaces become `▁`, one is prepended, and
    /// each `▁` starts a word), then the Unigram model word by word, until
    /// `ids` holds `limit` ids.
    fn encode_metaspace(&self, text: &str, ids: &mut Vec<u32>, limit: usize) {
        if text.is_empty() {
            return;
        }
        let mut marked = String::with_capacity(text.len() + 3);
        if !text.starts_with([' ', METASPACE]) {
            marked.push(METASPACE);
        }
        marked.extend(text.chars().map(|c| if c == ' ' { METASPACE } else { c }));
        let mut starts: Vec<usize> = marked.match_indices(METASPACE).map(|(i, _)| i).collect();
        if starts.first() != Some(&0) {
            starts.insert(0, 0);
        }
        starts.push(marked.len());
        for word in starts.windows(2) {
            if ids.len() >= limit {
                return;
            }
            self.viterbi(&marked[word[0]..word[1]], ids);
        }
    }

    /// The best-scoring segmentation of `word` into pieces, appended to
    /// `ids`. Ties go to the first candidate found, candidates are tried in
    /// order of start and then length, and consecutive unknown characters
    /// become one unknown id: all as in the `tokenizers` crate.
    fn viterbi(&self, word: &str, ids: &mut Vec<u32>) {
        let mut best: Vec<Option<Node>> = vec![None; word.len() + 1];
        best[0] = Some(Node {
            score: 0.0,
            start: 0,
            id: 0,
        });
        for (start, c) in word.char_indices() {
            let Some(here) = best[start].map(|node| node.score) else {
                continue;
            };
            let mut single = false;
            self.table
                .for_each_prefix(&self.pieces, &word[start..], |id, len| {
                    let score = here + f64::from(self.pieces.scores[id as usize]);
                    offer(&mut best[start + len], Node { score, start, id });
                    single |= len == c.len_utf8();
                });
            if !single {
                let score = here + self.unknown_score;
                let id = self.pieces.unk;
                offer(&mut best[start + c.len_utf8()], Node { score, start, id });
            }
        }
        let mut path = Vec::new();
        let mut end = word.len();
        while end > 0 {
            let Some(node) = best[end] else { break };
            // A run of unknown characters is one token, looked up whole.
            let mut start = node.start;
            if node.id == self.pieces.unk {
                while let Some(prev) = best[start].filter(|p| start > 0 && p.id == self.pieces.unk)
                {
                    start = prev.start;
                }
                path.push(
                    self.table
                        .get(&self.pieces, &word[start..end])
                        .unwrap_or(self.pieces.unk),
                );
            } else {
                path.push(node.id);
            }
            end = start;
        }
        ids.extend(path.iter().rev());
    }
}

/// The best path found so far to one position of a word.
#[derive(Clone, Copy)]
struct Node {
    score: f64,
    start: usize,
    id: u32,
}

fn offer(slot: &mut Option<Node>, candidate: Node) {
    if slot.is_none_or(|node| candidate.score > node.score) {
        *slot = Some(candidate);
    }
}

/// Replaces each run of two or more spaces by one (the normaliser's second step).
fn collapse_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("  ") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out.into()
}

/// The parts of tokenizer.json that the weights file lacks.
#[derive(Deserialize)]
struct TokenizerJson {
    added_tokens: Vec<AddedToken>,
    normalizer: Normalizer,
    pre_tokenizer: PreTokenizer,
}

#[derive(Deserialize)]
struct AddedToken {
    id: u32,
    content: String,
    single_word: bool,
    lstrip: bool,
    rstrip: bool,
    normalized: bool,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Normalizer {
    Sequence {
        normalizers: Vec<Normalizer>,
    },
    Precompiled {
        precompiled_charsmap: String,
    },
    Replace {
        pattern: serde_json::Value,
        content: String,
    },
}

#[derive(Deserialize)]
struct PreTokenizer {
    r#type: String,
    replacement: char,
}

/// Reads the charsmap and the special tokens, checking that the file
/// describes the pipeline this tokenizer implements (XLM-R's).
fn read_tokenizer_json(
    path: &Path,
    pieces: &Pieces,
) -> Result<(Charsmap, Vec<(String, u32)>), EmbedError> {
    let unsupported = |what: &str| EmbedError::Invalid {
        file: path.to_path_buf(),
        problem: format!(
            "unsupported tokenizer: {what} (minwon reads XLM-R's SentencePiece tokenizer)"
        ),
    };
    let bytes = crate::mapped::map_path(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => EmbedError::FileMissing {
            file: path.to_path_buf(),
        },
        _ => EmbedError::Invalid {
            file: path.to_path_buf(),
            problem: format!("cannot read: {err}"),
        },
    })?;
    let json: TokenizerJson =
        serde_json::from_slice(&bytes).map_err(|err| EmbedError::Invalid {
            file: path.to_path_buf(),
            problem: format!("not a tokenizer: {err}"),
        })?;
    drop(bytes);

    let charsmap = match json.normalizer {
        Normalizer::Sequence { normalizers } => match normalizers.as_slice() {
            [Normalizer::Precompiled {
                precompiled_charsmap,
            }, Normalizer::Replace { pattern, content }]
                if pattern == &serde_json::json!({"Regex": " {2,}"}) && content == " " =>
            {
                base64::engine::general_purpose::STANDARD
                    .decode(precompiled_charsmap)
                    .ok()
                    .and_then(|bytes| Charsmap::parse(&bytes))
                    .ok_or_else(|| unsupported("corrupt precompiled_charsmap"))?
            }
            _ => return Err(unsupported("normalizer is not charsmap + space collapsing")),
        },
        _ => return Err(unsupported("normalizer is not charsmap + space collapsing")),
    };
    if json.pre_tokenizer.r#type != "Metaspace" || json.pre_tokenizer.replacement != METASPACE {
        return Err(unsupported("pre-tokenizer is not Metaspace"));
    }
    let mut specials = Vec::new();
    for token in json.added_tokens {
        let plain = !(token.single_word || token.lstrip || token.rstrip || token.normalized);
        let known = (token.id as usize) < pieces.len() && pieces.piece(token.id) == token.content;
        if !plain || !known || token.content.is_empty() {
            return Err(unsupported(&format!("added token {:?}", token.content)));
        }
        specials.push((token.content, token.id));
    }
    Ok((charsmap, specials))
}
