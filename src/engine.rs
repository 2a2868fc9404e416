//! The engine: loads everything once — the corpus, the index (opened, or
//! built when missing or out of date), and the embedder, which is injected
//! so pure logic can be tested with a small deterministic one — and turns
//! questions into [`Reply`]s. Every front end (`ask`, `eval`, `index`, the
//! kiosk and the clerk screen) goes through it.

use std::sync::Arc;

use crate::answer::{decide, Hit, Outcome};
use crate::config::{FusionWeights, Settings, Thresholds};
use crate::corpus::{catalogue, Corpus, CorpusError};
use crate::embed::{self, EmbedError, EmbedOptions, Embedder, Role};
use crate::index::{self, BuildReport, Fingerprint, IndexError, Live, SearchIndex};
use crate::lang::{mistyped_hangul, Lang};
use crate::region::{covers, Region};
use crate::retrieve::{channels, rank, Channels, Scope};
use crate::romanized::read_romanized;
use crate::sanitize::for_display;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Embed(#[from] EmbedError),
}

/// Whether opening may rebuild a missing, out-of-date or damaged index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    Allowed,
    /// Refuse instead, naming `minwon index`.
    Refused,
}

/// What the engine tells its caller while it loads.
#[derive(Debug, Clone, PartialEq)]
pub enum Loading {
    /// The index must be built; why.
    Building { reason: String },
    /// Texts embedded so far, of how many.
    Embedded { done: usize, total: usize },
}

/// A question, what minwon does with it, and the nearest entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub query: String,
    /// The language the question is written in; `None` when it has no
    /// words to tell (the caller keeps its own).
    pub lang: Option<Lang>,
    pub outcome: Outcome,
    /// The `top_k` nearest entries, best first, whatever the outcome.
    pub ranked: Vec<Hit>,
    /// The Hangul the question meant when it was typed with the keyboard
    /// left in English mode ("wjsdlqtlsrh" → 전입신고): what was searched
    /// and answered, in Korean, instead of the letters typed.
    pub understood: Option<String>,
}

pub struct Engine {
    corpus: Arc<Corpus>,
    index: SearchIndex,
    embedder: Box<dyn Embedder>,
    thresholds: Thresholds,
    fusion: FusionWeights,
    /// The entries of the kiosk's region.
    scope: Scope,
}

impl Engine {
    /// Loads the corpus and opens its index; a missing, out-of-date or
    /// damaged index is built (unless `rebuild` refuses), and `loading` is
    /// told why and how far along it is.
    pub fn open(
        settings: &Settings,
        embedder: Box<dyn Embedder>,
        rebuild: Rebuild,
        loading: &mut dyn FnMut(Loading),
    ) -> Result<Self, EngineError> {
        let corpus = Arc::new(Corpus::load(&settings.paths.corpus)?);
        Self::open_with(settings, corpus, embedder, rebuild, loading)
    }

    /// Like [`Engine::open`], with a corpus the caller already loaded.
    pub fn open_with(
        settings: &Settings,
        corpus: Arc<Corpus>,
        embedder: Box<dyn Embedder>,
        rebuild: Rebuild,
        loading: &mut dyn FnMut(Loading),
    ) -> Result<Self, EngineError> {
        let live = index::live(&settings.paths.index);
        Self::open_live(settings, corpus, embedder, live, rebuild, loading)
    }

    /// Like [`Engine::open_with`], with the index folder's live version
    /// already found (and perhaps read: [`Live::preload`]).
    pub fn open_live(
        settings: &Settings,
        corpus: Arc<Corpus>,
        embedder: Box<dyn Embedder>,
        live: Live,
        rebuild: Rebuild,
        loading: &mut dyn FnMut(Loading),
    ) -> Result<Self, EngineError> {
        let fingerprint = fingerprint(settings, &corpus, embedder.as_ref(), &live)?;
        let index = match live.open(&fingerprint) {
            Ok(index) => index,
            Err(err) if err.rebuild_cures() && rebuild == Rebuild::Allowed => {
                loading(Loading::Building {
                    reason: err.to_string(),
                });
                build_or_wait(settings, &corpus, embedder.as_ref(), fingerprint, loading)?
            }
            Err(err) => return Err(err.into()),
        };
        Ok(Self::new(settings, corpus, index, embedder))
    }

    /// Builds the index from scratch (only texts the embedding cache lacks
    /// are embedded) and returns the engine with what the build did.
    pub fn build(
        settings: &Settings,
        embedder: Box<dyn Embedder>,
        loading: &mut dyn FnMut(Loading),
    ) -> Result<(Self, BuildReport), EngineError> {
        let corpus = Arc::new(Corpus::load(&settings.paths.corpus)?);
        let (_, fingerprint) = live_index(settings, &corpus, embedder.as_ref())?;
        let (index, report) = build(settings, &corpus, embedder.as_ref(), &fingerprint, loading)?;
        Ok((Self::new(settings, corpus, index, embedder), report))
    }

    fn new(
        settings: &Settings,
        corpus: Arc<Corpus>,
        index: SearchIndex,
        embedder: Box<dyn Embedder>,
    ) -> Self {
        let scope = scope_of(&index, &corpus, settings.region.as_ref());
        Self {
            corpus,
            index,
            embedder,
            thresholds: settings.config.thresholds.clone(),
            fusion: settings.config.fusion.clone(),
            scope,
        }
    }

    /// The entries a kiosk in `region` searches (national services and
    /// that province's and district's; no region: national ones only).
    pub fn scope(&self, region: Option<&Region>) -> Scope {
        scope_of(&self.index, &self.corpus, region)
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Answers one question with its `top_k` nearest entries, in the
    /// kiosk's region.
    pub fn ask(&self, query: &str, top_k: usize) -> Result<Reply, EmbedError> {
        let (searched, understood) = self.reading(query);
        let vector = self.embedder.embed(&searched, Role::Query)?;
        Ok(self.reply(query, &searched, understood, &vector, top_k, &self.scope))
    }

    /// Answers several questions, embedding them in batches (much faster per
    /// question than one at a time); replies come back in input order.
    pub fn ask_many(&self, queries: &[&str], top_k: usize) -> Result<Vec<Reply>, EmbedError> {
        self.ask_many_in(queries, top_k, &self.scope)
    }

    /// Like [`Engine::ask_many`], searching `scope` (see [`Engine::scope`]).
    pub fn ask_many_in(
        &self,
        queries: &[&str],
        top_k: usize,
        scope: &Scope,
    ) -> Result<Vec<Reply>, EmbedError> {
        let (searched, understood): (Vec<String>, Vec<Option<String>>) =
            queries.iter().map(|q| self.reading(q)).unzip();
        let texts: Vec<&str> = searched.iter().map(String::as_str).collect();
        let vectors = self.embedder.embed_many(&texts, Role::Query, 32)?;
        Ok(queries
            .iter()
            .zip(&searched)
            .zip(understood)
            .zip(vectors)
            .map(|(((query, searched), meant), vector)| {
                self.reply(query, searched, meant, &vector, top_k, scope)
            })
            .collect())
    }

    /// What each channel says of every entry, for calibration: questions
    /// in as searched (see [`Engine::searched`]), per-question channel
    /// scores out (entry order of [`Engine::entry_ids`]).
    pub fn channels_many(
        &self,
        queries: &[&str],
        scope: &Scope,
    ) -> Result<Vec<Channels>, EmbedError> {
        let vectors = self.embedder.embed_many(queries, Role::Query, 32)?;
        Ok(queries
            .iter()
            .zip(vectors)
            .map(|(query, vector)| channels(&self.index, query, &vector, scope))
            .collect())
    }

    /// The ids of the index's entries, in entry order, and how many of
    /// them are answerable (the rest are topics minwon does not answer).
    pub fn entry_ids(&self) -> (&[String], usize) {
        (&self.index.entries, self.index.answerable)
    }

    /// The text a question is searched as (see [`Engine::reading`]).
    pub fn searched(&self, query: &str) -> String {
        self.reading(query).0
    }

    /// A question as minwon reads it: first without the escape sequences
    /// and control characters a pasted or piped line can carry (a colour
    /// code before "등본" is not part of the question) and in NFC, as the
    /// index's texts are; then, if it was Hangul typed with the keyboard in
    /// English mode or Korean names written in Latin letters (read with the
    /// syllables the index knows), the Hangul it meant. Returns the text to
    /// search and that Hangul, when there is one.
    fn reading(&self, query: &str) -> (String, Option<String>) {
        let clean = for_display(query);
        match mistyped_hangul(&clean).or_else(|| read_romanized(&clean, &self.index.lexical)) {
            Some(meant) => (meant.clone(), Some(meant)),
            None => (clean, None),
        }
    }

    /// The reply to `query`, searched as the Hangul it meant if it was
    /// typed in English mode or romanised (`Engine::reading`, whose `vector`
    /// this is), in the language it was asked in.
    fn reply(
        &self,
        query: &str,
        searched: &str,
        understood: Option<String>,
        vector: &[f32],
        top_k: usize,
        scope: &Scope,
    ) -> Reply {
        let ranking = rank(&self.index, searched, vector, scope, &self.fusion);
        let outcome = decide(searched, &ranking, &self.thresholds);
        let mut ranked = ranking.hits;
        ranked.truncate(top_k);
        Reply {
            query: query.to_string(),
            lang: Lang::of_question(query),
            outcome,
            ranked,
            understood,
        }
    }
}

/// The live version of the settings' index folder, and the fingerprint an
/// index of `corpus` embedded by `embedder` must carry.
pub fn live_index(
    settings: &Settings,
    corpus: &Corpus,
    embedder: &dyn Embedder,
) -> Result<(Live, Fingerprint), IndexError> {
    let live = index::live(&settings.paths.index);
    let fingerprint = fingerprint(settings, corpus, embedder, &live)?;
    Ok((live, fingerprint))
}

/// What `live` must have been built from to be used.
fn fingerprint(
    settings: &Settings,
    corpus: &Corpus,
    embedder: &dyn Embedder,
    live: &Live,
) -> Result<Fingerprint, IndexError> {
    Fingerprint::current(
        corpus,
        &settings.paths.model,
        embedder.settings(),
        live.model_records(),
    )
}

fn scope_of(index: &SearchIndex, corpus: &Corpus, region: Option<&Region>) -> Scope {
    let allowed = index
        .entries
        .iter()
        .enumerate()
        .map(|(i, id)| {
            i >= index.answerable || corpus.get(id).is_some_and(|e| covers(region, &e.region()))
        })
        .collect();
    Scope::new(index, allowed)
}

/// Loads the embedding model the settings name, run as they say.
pub fn load_embedder(settings: &Settings) -> Result<Box<dyn Embedder>, EmbedError> {
    let config = &settings.config.embedding;
    embed::load_with(
        &settings.paths.model,
        &EmbedOptions {
            threads: config.threads,
            prefixes: config.prefixes,
            arithmetic: config.arithmetic,
        },
    )
}

/// Builds the index; while another process is writing it, waits for that
/// one and uses what it wrote if it fits (never a third writer).
fn build_or_wait(
    settings: &Settings,
    corpus: &Corpus,
    embedder: &dyn Embedder,
    mut fingerprint: Fingerprint,
    loading: &mut dyn FnMut(Loading),
) -> Result<SearchIndex, IndexError> {
    loop {
        match build(settings, corpus, embedder, &fingerprint, loading) {
            Err(IndexError::Busy { dir }) => {
                index::wait_for_writer(&dir)?;
                let (live, current) = live_index(settings, corpus, embedder)?;
                match live.open(&current) {
                    Err(err) if err.rebuild_cures() => fingerprint = current,
                    opened => return opened,
                }
            }
            built => return built.map(|(index, _)| index),
        }
    }
}

fn build(
    settings: &Settings,
    corpus: &Corpus,
    embedder: &dyn Embedder,
    fingerprint: &Fingerprint,
    loading: &mut dyn FnMut(Loading),
) -> Result<(SearchIndex, BuildReport), IndexError> {
    // Whatever writes the index writes the catalogue's compact form too, so
    // the next start need not parse the JSON. Best effort: a corpus folder
    // that cannot be written is read from its JSON, slower, never wrong.
    let _ = catalogue::store::refresh(&catalogue::dir(&settings.paths.corpus));
    index::build(
        corpus,
        embedder,
        fingerprint,
        &settings.paths.index,
        &mut |done, total| loading(Loading::Embedded { done, total }),
    )
}
