//! One entry as a person reads it, in one language: title, summary and
//! labelled sections, sanitised, with every label from `strings`. The screen,
//! `minwon ask`, the clerk's slip and speech all render from this layout, so
//! they never disagree.

use crate::corpus::{CuratedEntry, Entry};
use crate::lang::Lang;
use crate::sanitize::for_display;
use crate::strings::{strings, Strings};

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub title: String,
    pub summary: String,
    pub sections: Vec<Section>,
    /// Where the information comes from, and when it was checked.
    pub source: String,
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
pub fn layout(entry: &Entry, lang: Lang) -> Layout {
    match entry {
        Entry::Curated(e) => curated(e, lang, strings(lang)),
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
        sections,
        source: for_display(&format!(
            "{}: {} ({}), {}",
            s.source, entry.source.agency, entry.source.url, entry.reviewed
        )),
    }
}

/// The layout as plain text lines, for `minwon ask` and the slip.
pub fn plain_text(layout: &Layout) -> String {
    let mut out = format!("{}\n{}\n", layout.title, layout.summary);
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
