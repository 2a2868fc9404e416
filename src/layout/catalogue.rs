//! A catalogue service laid out. With a plain-language layer, the first
//! screen answers in plain words — what it is, who can get it, what you get,
//! how and where to apply, until when, whom to call — in the reader's
//! language, and the official record (cleaned, complete, Korean) follows
//! under its own heading in full. Without one, the official record's
//! sections, shortened on the first screen. Always: the day the facts are
//! from, and the gov.kr page to check them at.

use super::{korean_name, source_line, Body, Detail, Layout, Section};
use crate::corpus::catalogue::facts::{Channel, Deadline, Facts};
use crate::corpus::catalogue::sections::{sections, Section as Official, SectionKind};
use crate::corpus::catalogue::shorten::shorten;
use crate::corpus::plain::PlainText;
use crate::corpus::CatalogueEntry;
use crate::lang::{is_hangul, Lang};
use crate::sanitize::for_display;
use crate::strings::{strings, Strings};

/// Bullets and characters per bullet of an official section in
/// [`Detail::Short`], and items of a fact (phones, deadlines) there.
const SHORT_BULLETS: usize = 3;
const SHORT_CHARS: usize = 90;
const SHORT_ITEMS: usize = 2;

pub(super) fn layout(entry: &CatalogueEntry, lang: Lang, detail: Detail) -> Layout {
    let s = strings(lang);
    let facts = Facts::of(&entry.service);
    let official = sections(&entry.service);
    let official_summary = official
        .iter()
        .find(|o| o.kind == SectionKind::Summary)
        .map(|o| o.bullets.join(" "))
        .unwrap_or_default();
    let plain = entry.plain.as_ref().map(|p| p.text(lang));
    let (summary, notice, sections, shortened) = match plain {
        Some(plain) => {
            let mut sections = key_facts(plain, &facts, s, (lang, detail));
            if detail == Detail::Full {
                sections.push(Section {
                    label: s.official_details,
                    body: Body::Heading,
                });
                if !official_summary.is_empty() {
                    sections.push(text(s.purpose, &official_summary));
                }
                sections.extend(official_sections(&official, s, detail).0);
            }
            let shortened = detail == Detail::Short;
            (
                plain.summary.as_str(),
                s.official_in_korean,
                sections,
                shortened,
            )
        }
        None => {
            let (sections, shortened) = official_sections(&official, s, detail);
            (
                official_summary.as_str(),
                s.details_in_korean,
                sections,
                shortened,
            )
        }
    };
    let day = facts.updated.map(|d| d.to_string());
    Layout {
        title: for_display(entry.name(lang)),
        korean_name: plain.and_then(|_| korean_name(s, lang, entry.service.name())),
        summary: for_display(summary),
        notice: (!notice.is_empty()).then(|| notice.to_string()),
        sections,
        source: source_line(s, day.as_deref(), &facts.agency, &facts.page),
        link: Some(facts.page),
        shortened,
    }
}

fn text(label: &'static str, value: &str) -> Section {
    Section {
        label,
        body: Body::Text(for_display(value)),
    }
}

/// The first screen of a service with a layer: who, what, how (the layer's
/// words), then where, until when and whom to call (the record's), long
/// lists shortened in [`Detail::Short`].
fn key_facts(
    plain: &PlainText,
    facts: &Facts,
    s: &Strings,
    (lang, detail): (Lang, Detail),
) -> Vec<Section> {
    let mut sections = vec![
        text(s.who_can_get, &plain.who),
        text(s.what_you_get, &plain.get),
        text(s.how_to_apply, &plain.apply),
    ];
    let channels: Vec<String> = facts.apply.iter().map(|c| channel(c, s)).collect();
    if !channels.is_empty() {
        sections.push(text(s.where_to_apply, &channels.join(" · ")));
    }
    let no_need = facts.apply.contains(&Channel::NotNeeded);
    let deadline = match &facts.deadline {
        Some(Deadline::AnyTime) => Some(s.any_time.to_string()),
        Some(Deadline::NotNeeded) if !no_need => Some(s.no_need_to_apply.to_string()),
        Some(Deadline::DiffersByOffice) => Some(s.differs_by_office.to_string()),
        // Korean words an English reader cannot use stay in the details.
        Some(Deadline::Text(when))
            if lang == Lang::Ko || !when.iter().any(|w| w.chars().any(is_hangul)) =>
        {
            Some(listed(when, s, detail))
        }
        _ => None,
    };
    sections.extend(deadline.map(|when| text(s.deadline, &when)));
    if !facts.phones.is_empty() {
        sections.push(text(s.phone, &listed(&facts.phones, s, detail)));
    }
    sections
}

/// Items on one line (`a · b`); in [`Detail::Short`] the first few, each
/// cut short with "…", and "… N more" when there are more.
fn listed(items: &[String], s: &Strings, detail: Detail) -> String {
    if detail == Detail::Full {
        return items.join(" · ");
    }
    let short = shorten(items, SHORT_ITEMS, SHORT_CHARS);
    let mut shown = short.shown.join(" · ");
    if !short.is_complete() {
        let more = s.n_more.replace("{n}", &short.cut.len().to_string());
        shown = format!("{shown} {more}");
    }
    shown
}

/// One way to apply in words: `방문: 주민센터`, `Online: Government24 (gov.kr)`.
fn channel(channel: &Channel, s: &Strings) -> String {
    match channel {
        Channel::InPerson(Some(office)) => format!("{}: {}", s.in_person, s.office(office)),
        Channel::InPerson(None) => format!("{} ({})", s.in_person, s.ask_where),
        Channel::Gov24 => format!("{}: {}", s.online, s.gov24),
        Channel::Online(Some(site)) => format!("{}: {site}", s.online),
        Channel::Online(None) => s.online.to_string(),
        Channel::NotNeeded => s.no_need_to_apply.to_string(),
    }
}

/// The official record's sections under the labels of `s` (the text itself
/// always Korean, never machine-translated), each shortened in
/// [`Detail::Short`] with "… N more"; and whether anything was left out.
fn official_sections(official: &[Official], s: &Strings, detail: Detail) -> (Vec<Section>, bool) {
    let mut shown = Vec::new();
    let mut shortened = false;
    for section in official {
        let label = match section.kind {
            SectionKind::Who => s.who_can_get,
            SectionKind::What => s.what_you_get,
            SectionKind::HowToApply => s.how_to_apply,
            SectionKind::Bring => s.bring,
            SectionKind::Where => s.where_,
            SectionKind::Phone => s.phone,
            SectionKind::Agency => s.agency,
            SectionKind::OnlineUrl => s.apply_online,
            // The summary heads the layout; the day and the page are in
            // its source line.
            SectionKind::Summary
            | SectionKind::Category
            | SectionKind::UserType
            | SectionKind::Law
            | SectionKind::Updated
            | SectionKind::DetailUrl => continue,
        };
        let mut bullets = section.bullets.clone();
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
    (shown, shortened)
}
