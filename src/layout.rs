//! One entry as a person reads it, in one language: title, summary and
//! labelled sections, sanitised, with every label from `strings`. The screen,
//! `minwon ask`, the clerk's slip and speech all render from this layout, so
//! they never disagree.

use crate::corpus::catalogue::sections::{sections, SectionKind};
use crate::corpus::catalogue::shorten::shorten;
use crate::corpus::{CatalogueEntry, CuratedEntry, Entry};
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

/// Bullets and characters per bullet of a section in [`Detail::Short`].
const SHORT_BULLETS: usize = 3;
const SHORT_CHARS: usize = 90;

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub title: String,
    pub summary: String,
    /// Said first, when there is something the reader must know (the
    /// details of a catalogue service exist only in Korean).
    pub notice: Option<String>,
    pub sections: Vec<Section>,
    /// Where the information comes from, and when it was checked.
    pub source: String,
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
}

/// The layout of `entry` in `lang`.
pub fn layout(entry: &Entry, lang: Lang, detail: Detail) -> Layout {
    match entry {
        Entry::Curated(e) => curated(e, lang, strings(lang)),
        Entry::Catalogue(e) => catalogue(e, strings(lang), detail),
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
        summary: for_display(&text.summary),
        notice: None,
        sections,
        source: for_display(&format!(
            "{}: {} ({}), {}",
            s.source,
            entry.source.agency(lang),
            entry.source.url,
            entry.reviewed
        )),
        shortened: false,
    }
}

/// A catalogue service: its sections of clean bullets under the labels of
/// `s`, the text itself always Korean (never machine-translated).
fn catalogue(entry: &CatalogueEntry, s: &Strings, detail: Detail) -> Layout {
    let mut summary = String::new();
    let mut shown = Vec::new();
    let mut source = Vec::new();
    let mut shortened = false;
    for section in sections(&entry.service) {
        let label = match section.kind {
            SectionKind::Summary => {
                summary = section.bullets.join(" ");
                continue;
            }
            SectionKind::Who => s.who_can_get,
            SectionKind::What => s.what_you_get,
            SectionKind::HowToApply => s.how_to_apply,
            SectionKind::Bring => s.bring,
            SectionKind::Where => s.where_,
            SectionKind::Phone => s.phone,
            SectionKind::Agency => s.agency,
            SectionKind::OnlineUrl => s.apply_online,
            SectionKind::Category | SectionKind::UserType | SectionKind::Law => continue,
            SectionKind::Updated => {
                source.push(format!("{}: {}", s.as_of, section.bullets.join(", ")));
                continue;
            }
            SectionKind::DetailUrl => {
                source.push(format!("{}: {}", s.details_at, section.bullets.join(" ")));
                continue;
            }
        };
        let mut bullets = section.bullets;
        if detail == Detail::Short {
            let short = shorten(&bullets, SHORT_BULLETS, SHORT_CHARS);
            if !short.is_complete() {
                shortened = true;
                let more = s.n_more.replace("{n}", &short.cut.len().to_string());
                bullets = short.shown;
                bullets.push(more);
            }
        }
        let body = match <[String; 1]>::try_from(bullets) {
            Ok([one]) => Body::Text(for_display(&one)),
            Err(many) => Body::Items(many.iter().map(|b| for_display(b)).collect()),
        };
        shown.push(Section { label, body });
    }
    Layout {
        title: for_display(entry.service.name()),
        summary: for_display(&summary),
        notice: (!s.details_in_korean.is_empty()).then(|| s.details_in_korean.to_string()),
        sections: shown,
        source: for_display(&source.join(" · ")),
        shortened,
    }
}

/// The layout as plain text lines, for `minwon ask` and the slip.
pub fn plain_text(layout: &Layout) -> String {
    let mut out = format!("{}\n{}\n", layout.title, layout.summary);
    if let Some(notice) = &layout.notice {
        out.push_str(&format!("{notice}\n"));
    }
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
        }
    }
    out.push_str(&format!("\n{}\n", layout.source));
    out
}
