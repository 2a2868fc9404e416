//! Reading aloud: what is said ([`Utterance`], built from the same entry
//! [`Layout`] as the screen), how it is written so a speech engine reads it
//! naturally ([`for_speech`]), and the machine's own engine that says it
//! ([`Speaker`], with a start-up [`check`]).

mod engine;
mod korean;
mod normalize;
mod numbers;
mod phone;
mod rewrite;

use crate::lang::{is_hangul, Lang};
use crate::layout::{Body, Layout};
use crate::strings::strings;
pub use engine::{check, Ended, Speaker, SpeechError, Tuning};
pub use normalize::for_speech;

/// Text for the speech engine in one language: sanitised and normalised,
/// one sentence after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    pub lang: Lang,
    pub text: String,
}

impl Utterance {
    /// Each part normalised and ended as a sentence (so the engine pauses),
    /// empty parts left out.
    pub fn new<S: AsRef<str>>(lang: Lang, parts: impl IntoIterator<Item = S>) -> Self {
        let sentences: Vec<String> = parts
            .into_iter()
            .map(|part| sentence(&for_speech(part.as_ref(), lang)))
            .filter(|s| !s.is_empty())
            .collect();
        Self {
            lang,
            text: sentences.join(" "),
        }
    }

    /// An entry in full, in the screen's order: title, the notice if any
    /// (details only in Korean), summary, then each section with its label;
    /// steps are numbered. The source line is left out: it is for reading,
    /// not for listening.
    pub fn entry(layout: &Layout, lang: Lang) -> Self {
        let s = strings(lang);
        let mut parts = vec![layout.title.clone()];
        parts.extend(layout.korean_name.clone());
        parts.extend(layout.notice.clone());
        parts.push(layout.summary.clone());
        for section in &layout.sections {
            match &section.body {
                Body::Text(value) => parts.push(format!("{}: {value}", section.label)),
                Body::Items(items) => {
                    parts.push(format!("{}:", section.label));
                    parts.extend(items.iter().cloned());
                }
                Body::Steps(steps) => {
                    parts.push(format!("{}:", section.label));
                    parts.extend(
                        steps
                            .iter()
                            .enumerate()
                            .map(|(i, step)| format!("{} {step}", numbered(s.step_n, i + 1))),
                    );
                }
                Body::Heading => parts.push(section.label.to_string()),
            }
        }
        Self::new(lang, parts)
    }

    /// The stretches to say, each with the voice to say it in: in English,
    /// Korean text (a Korean name, a catalogue service's Korean details)
    /// goes to the Korean voice, never read by the English one. A stretch
    /// starts at its first letter, with the numbers and signs written
    /// against it (`3개월`); a Korean utterance is one stretch. Never empty.
    pub fn passages(&self) -> Vec<(Lang, &str)> {
        let text = self.text.as_str();
        if self.lang == Lang::Ko {
            return vec![(self.lang, text)];
        }
        let mut passages = Vec::new();
        let (mut start, mut lang) = (0, self.lang);
        // Where the last letter of the current stretch ends.
        let mut letters_end = 0;
        for (i, c) in text.char_indices() {
            let this = match c {
                c if is_hangul(c) => Lang::Ko,
                c if c.is_alphabetic() => Lang::En,
                _ => continue,
            };
            if this != lang {
                let between = &text[letters_end..i];
                let cut = letters_end + between.rfind(' ').map_or(between.len(), |at| at + 1);
                passages.push((lang, text[start..cut].trim()));
                (start, lang) = (cut, this);
            }
            letters_end = i + c.len_utf8();
        }
        passages.push((lang, text[start..].trim()));
        passages.retain(|(_, passage)| !passage.is_empty());
        if passages.is_empty() {
            passages.push((self.lang, ""));
        }
        passages
    }

    /// A screen of numbered options: what the screen says first (a
    /// greeting, a question), then "1번, 출생신고." for each option; the
    /// keypad's `*` and `#` are said by name ("별표, 멈추기.").
    pub fn options<S: AsRef<str>>(
        lang: Lang,
        heading: impl IntoIterator<Item = S>,
        options: &[(u8, String)],
    ) -> Self {
        let s = strings(lang);
        let heading = heading.into_iter().map(|h| h.as_ref().to_string());
        let options = options.iter().map(|(key, label)| {
            let key = match *key {
                b'*' => s.star_key.to_string(),
                b'#' => s.hash_key.to_string(),
                n => numbered(s.option_n, n as usize),
            };
            format!("{key} {label}")
        });
        Self::new(lang, heading.chain(options))
    }

    /// This utterance, then `next` (in the same language).
    pub fn then(self, next: Utterance) -> Self {
        let text = [self.text, next.text]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Self { text, ..self }
    }
}

/// A `{n}` template from `strings` with its number.
fn numbered(template: &str, n: usize) -> String {
    template.replace("{n}", &n.to_string())
}

/// Ends a part with a full stop unless it already ends a sentence or
/// introduces what follows (a label's colon).
fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches(',').trim_end();
    match text.chars().last() {
        None => String::new(),
        Some('.' | '?' | '!' | ':') => text.to_string(),
        Some(_) => format!("{text}."),
    }
}

#[cfg(test)]
mod tests;
