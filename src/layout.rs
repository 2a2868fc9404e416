//! One entry as a person reads it, in one language: title, summary and
//! labelled sections, sanitised, with every label from `strings`. The screen,
//! `minwon ask`, the clerk's slip ([`slip`]) and speech all render from this
//! layout, so they never disagree. A catalogue service is laid out in
//! [`catalogue`].

mod catalogue;
pub mod slip;

use crate::corpus::{CuratedEntry, Entry};
use crate::lang::Lang;
use crate::sanitize::for_display;
use crate::strings::{strings, Strings};

/// How much of a long entry to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// A few short lines per section (a kiosk screen), with "… N more".
    Short,
    /// Everything.
    Full,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub title: String,
    /// Under a title in English: the service's Korean name, labelled
    /// (`In Korean: 출생신고`), so that any clerk can look it up.
    pub korean_name: Option<String>,
    pub summary: String,
    /// Said first, when there is something the reader must know (the
    /// details of a catalogue service exist only in Korean).
    pub notice: Option<String>,
    pub sections: Vec<Section>,
    /// What day the facts are from, where they come from and where to
    /// check them.
    pub source: String,
    /// The page to check them at, for a QR code (a catalogue service's
    /// gov.kr page).
    pub link: Option<String>,
    /// Whether [`Detail::Short`] left something out.
    pub shortened: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub label: &'static str,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A short value shown beside its label ("Fee: Free.").
    Text(String),
    /// Bullets.
    Items(Vec<String>),
    /// Numbered steps.
    Steps(Vec<String>),
    /// Nothing of its own: the label heads the sections after it (a
    /// catalogue service's official record, after its plain facts).
    Heading,
}

/// The layout of `entry` in `lang`.
pub fn layout(entry: &Entry, lang: Lang, detail: Detail) -> Layout {
    match entry {
        Entry::Curated(e) => curated(e, lang, strings(lang)),
        Entry::Catalogue(e) => catalogue::layout(e, lang, detail),
    }
}

fn curated(entry: &CuratedEntry, lang: Lang, s: &Strings) -> Layout {
    let text = entry.text(lang);
    let items = |label, items: &[String]| Section {
        label,
        body: Body::Items(items.iter().map(|i| for_display(i)).collect()),
    };
    let value = |label, value: &str| Section {
        label,
        body: Body::Text(for_display(value)),
    };
    let mut sections = vec![
        items(s.bring, &text.bring),
        items(s.where_, &text.where_),
        value(s.fee, &text.fee),
        value(s.time, &text.time),
    ];
    sections.extend(text.deadline.as_deref().map(|d| value(s.deadline, d)));
    sections.push(value(s.who, &text.who));
    sections.push(Section {
        label: s.what_to_do,
        body: Body::Steps(text.steps.iter().map(|i| for_display(i)).collect()),
    });
    if !text.notes.is_empty() {
        sections.push(items(s.good_to_know, &text.notes));
    }
    Layout {
        title: for_display(&text.title),
        korean_name: korean_name(s, lang, &entry.ko.title),
        summary: for_display(&text.summary),
        notice: None,
        sections,
        source: source_line(
            s,
            Some(&entry.reviewed),
            entry.source.agency(lang),
            &entry.source.url,
        ),
        link: None,
        shortened: false,
    }
}

/// `In Korean: 출생신고` for an English reader.
fn korean_name(s: &Strings, lang: Lang, name: &str) -> Option<String> {
    (lang == Lang::En).then(|| for_display(&format!("{}: {name}", s.korean_name)))
}

/// `정보 날짜: 2025-08-13 · 출처: 보건복지부 · 확인하는 곳: https://…`.
fn source_line(s: &Strings, day: Option<&str>, agency: &str, url: &str) -> String {
    let day = day.map(|day| format!("{}: {day}", s.as_of));
    let parts = day.into_iter().chain([
        format!("{}: {agency}", s.source),
        format!("{}: {url}", s.details_at),
    ]);
    for_display(&parts.collect::<Vec<_>>().join(" · "))
}

/// The layout as plain text lines, for `minwon ask` and the slip.
pub fn plain_text(layout: &Layout) -> String {
    let mut out = format!("{}\n", layout.title);
    if let Some(korean) = &layout.korean_name {
        out.push_str(&format!("{korean}\n"));
    }
    if let Some(notice) = &layout.notice {
        out.push_str(&format!("{notice}\n"));
    }
    out.push_str(&format!("{}\n", layout.summary));
    let mut after_list = true;
    for section in &layout.sections {
        if after_list && matches!(section.body, Body::Text(_)) {
            out.push('\n');
        }
        after_list = !matches!(section.body, Body::Text(_));
        match &section.body {
            Body::Text(value) => out.push_str(&format!("{}: {value}\n", section.label)),
            Body::Items(items) => {
                out.push_str(&format!("\n{}:\n", section.label));
                for item in items {
                    out.push_str(&format!("  • {item}\n"));
                }
            }
            Body::Steps(steps) => {
                out.push_str(&format!("\n{}:\n", section.label));
                for (i, step) in steps.iter().enumerate() {
                    out.push_str(&format!("  {}. {step}\n", i + 1));
                }
            }
            Body::Heading => out.push_str(&format!("\n{}\n", section.label)),
        }
    }
    out.push_str(&format!("\n{}\n", layout.source));
    out
}
