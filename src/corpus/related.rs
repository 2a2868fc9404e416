//! Related services for catalogue entries, as curated entries name theirs:
//! the same need for the same audience (사용자구분 and ages), shown wherever the
//! service itself is shown (so a kiosk never offers one it does not cover),
//! ranked by the words their names, summaries and plain layers share,
//! weighted by how rare each word is, and by a shared field (서비스분야).
//! Computed once for the screens that offer them ([`super::Corpus::relate_catalogue`]),
//! through an inverted index of words.

use std::collections::HashMap;

use rayon::prelude::*;

use super::catalogue::Field;
use super::{CatalogueEntry, Entry};
use crate::lang::is_hangul;
use crate::region::Region;

/// Related services kept for each, at most.
pub const MAX_RELATED: usize = 3;

/// The least similarity (cosine over rare-word weights) to count as related.
const MIN_SIMILARITY: f32 = 0.12;

/// Similarity kept across different fields (서비스분야 is assigned loosely:
/// 청년도약계좌 is 생활안정, 청년내일저축계좌 주거·자립).
const OTHER_FIELD: f32 = 0.7;

/// A term in more services than this says little and costs much: left out.
const MAX_POSTINGS: usize = 150;

/// Gives each catalogue entry among `entries` its related services.
pub fn relate(entries: &mut [Entry]) {
    let catalogue: Vec<&CatalogueEntry> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Catalogue(e) => Some(e),
            Entry::Curated(_) => None,
        })
        .collect();
    let mut found = related(&catalogue).into_iter();
    for entry in entries {
        if let Entry::Catalogue(e) = entry {
            e.related = found.next().unwrap_or_default();
        }
    }
}

/// Every catalogue entry's related entries' ids, in the entries' order.
fn related(entries: &[&CatalogueEntry]) -> Vec<Vec<String>> {
    let terms: Vec<Vec<u64>> = entries.par_iter().map(|e| terms_of(e)).collect();
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let docs: Vec<Vec<u32>> = terms
        .iter()
        .enumerate()
        .map(|(doc, terms)| {
            let mut own: Vec<u32> = terms
                .iter()
                .map(|&t| {
                    let next = ids.len() as u32;
                    *ids.entry(t).or_insert(next)
                })
                .collect();
            own.sort_unstable();
            own.dedup();
            for &t in &own {
                if t as usize == postings.len() {
                    postings.push(Vec::new());
                }
                postings[t as usize].push(doc as u32);
            }
            own
        })
        .collect();
    let n = entries.len().max(1) as f32;
    let weight: Vec<f32> = postings
        .iter()
        .map(|p| (n / p.len() as f32).ln().powi(2))
        .collect();
    let norm: Vec<f32> = docs
        .iter()
        .map(|d| d.iter().map(|&t| weight[t as usize]).sum::<f32>().sqrt())
        .collect();
    let profiles: Vec<Profile> = entries.par_iter().map(|e| Profile::of(e)).collect();
    let regions: Vec<Region> = entries.iter().map(|e| e.region).collect();
    let index = Index {
        entries,
        profiles: &profiles,
        regions: &regions,
        docs: &docs,
        postings: &postings,
        weight: &weight,
        norm: &norm,
    };
    (0..entries.len())
        .into_par_iter()
        .map_init(
            || Scratch {
                dot: vec![0.0; entries.len()],
                touched: Vec::new(),
            },
            |scratch, doc| index.best(doc, scratch),
        )
        .collect()
}

struct Index<'a> {
    entries: &'a [&'a CatalogueEntry],
    profiles: &'a [Profile<'a>],
    regions: &'a [Region],
    docs: &'a [Vec<u32>],
    postings: &'a [Vec<u32>],
    weight: &'a [f32],
    norm: &'a [f32],
}

/// One thread's sums of shared weights, by service, and which it touched.
struct Scratch {
    dot: Vec<f32>,
    touched: Vec<u32>,
}

impl Index<'_> {
    /// The most similar services that may be offered beside `doc`.
    fn best(&self, doc: usize, scratch: &mut Scratch) -> Vec<String> {
        for &t in &self.docs[doc] {
            let posting = &self.postings[t as usize];
            if posting.len() > MAX_POSTINGS {
                continue;
            }
            for &other in posting {
                // Most candidates are never offered here: skip them early.
                if !shown_wherever(self.regions[doc], self.regions[other as usize]) {
                    continue;
                }
                let dot = &mut scratch.dot[other as usize];
                if *dot == 0.0 {
                    scratch.touched.push(other);
                }
                *dot += self.weight[t as usize];
            }
        }
        let me = &self.profiles[doc];
        let mut ranked: Vec<(f32, usize)> = Vec::new();
        for other in scratch.touched.drain(..) {
            let other = other as usize;
            let dot = std::mem::take(&mut scratch.dot[other]);
            let norms = self.norm[doc] * self.norm[other];
            let mut similarity = if norms > 0.0 { dot / norms } else { 0.0 };
            // Most share a word or two and fall short before any check.
            if similarity < MIN_SIMILARITY {
                continue;
            }
            if !me.same_field(&self.profiles[other]) {
                similarity *= OTHER_FIELD;
            }
            if similarity >= MIN_SIMILARITY && me.may_offer(&self.profiles[other]) {
                ranked.push((similarity, other));
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut names = Vec::new();
        ranked
            .into_iter()
            .map(|(_, other)| self.entries[other])
            .filter(|e| {
                let name = e.service.name();
                let fresh = !names.contains(&name);
                names.push(name);
                fresh
            })
            .take(MAX_RELATED)
            .map(|e| e.id.clone())
            .collect()
    }
}

/// What decides whether one service may be offered beside another.
struct Profile<'a> {
    id: &'a str,
    name: &'a str,
    region: Region,
    /// 서비스분야 and 사용자구분 values.
    fields: Vec<&'a str>,
    users: Vec<&'a str>,
    /// The ages it is for (supportConditions `JA0110`–`JA0111`), when given.
    ages: Option<(u64, u64)>,
}

impl<'a> Profile<'a> {
    fn of(entry: &'a CatalogueEntry) -> Profile<'a> {
        let values = |field| -> Vec<&'a str> {
            entry
                .service
                .text(field)
                .unwrap_or_default()
                .split("||")
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect()
        };
        Profile {
            id: &entry.id,
            name: entry.service.name(),
            region: entry.region,
            fields: values(Field::Category),
            users: values(Field::UserType),
            ages: entry.service.ages(),
        }
    }

    /// Whether `other` may be offered beside this service: another service
    /// for the same people (사용자구분, and ages where both give them),
    /// with another name, shown at every kiosk that shows this one.
    fn may_offer(&self, other: &Profile) -> bool {
        let same_ages = match (self.ages, other.ages) {
            (Some((from, to)), Some((other_from, other_to))) => {
                from <= other_to && other_from <= to
            }
            _ => true,
        };
        self.id != other.id
            && self.name != other.name
            && shown_wherever(self.region, other.region)
            && overlap(&self.users, &other.users)
            && same_ages
    }

    /// Whether both serve the same need, as 서비스분야 says.
    fn same_field(&self, other: &Profile) -> bool {
        !self.fields.is_empty() && overlap(&self.fields, &other.fields)
    }
}

/// Values in common, or none given on one side.
fn overlap(mine: &[&str], theirs: &[&str]) -> bool {
    mine.is_empty() || theirs.is_empty() || mine.iter().any(|v| theirs.contains(v))
}

/// Whether every kiosk that shows a service of `region` shows one of
/// `other` too: the nation's everywhere, a province's in its districts.
fn shown_wherever(region: Region, other: Region) -> bool {
    match other {
        Region::National => true,
        Region::Province(p) => region != Region::National && region.province() == Some(p),
        Region::District(_) => region == other,
    }
}

/// The words a service is found by, as terms: Hangul words as their
/// syllable pairs (Korean runs nouns together: 저소득어르신급식지원),
/// other words whole and lower-cased (hashed); from its name and summary
/// and its layer's Korean name, who it is for, and ways of asking.
fn terms_of(entry: &CatalogueEntry) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let service = &entry.service;
    let mut texts = vec![
        service.name(),
        service.text(Field::Summary).unwrap_or_default(),
    ];
    if let Some(plain) = &entry.plain {
        texts.extend([plain.ko.name.as_str(), &plain.ko.who]);
        texts.extend(plain.ko.asks.iter().map(String::as_str));
    }
    let mut terms = Vec::new();
    for word in texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
    {
        let hangul: Vec<u64> = word
            .chars()
            .filter(|&c| is_hangul(c))
            .map(u64::from)
            .collect();
        if hangul.len() >= 2 {
            terms.extend(hangul.windows(2).map(|pair| pair[0] << 21 | pair[1]));
        } else if word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            // Above any pair of characters (42 bits).
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            word.to_ascii_lowercase().hash(&mut hasher);
            terms.push(hasher.finish() | 1 << 63);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str) -> Region {
        Region::parse(name).unwrap()
    }

    #[test]
    fn a_related_service_is_shown_wherever_the_service_is() {
        let (seoul, jongno, jung) = (
            region("서울특별시"),
            region("서울특별시 종로구"),
            region("서울특별시 중구"),
        );
        let national = Region::National;
        for (service, other, offered) in [
            (national, national, true),
            (national, seoul, false),
            (national, jongno, false),
            (seoul, national, true),
            (seoul, seoul, true),
            (seoul, jongno, false),
            (jongno, national, true),
            (jongno, seoul, true),
            (jongno, jongno, true),
            (jongno, jung, false),
            (jongno, region("부산광역시"), false),
        ] {
            assert_eq!(shown_wherever(service, other), offered, "{service} {other}");
        }
    }
}
