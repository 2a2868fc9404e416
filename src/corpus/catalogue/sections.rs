//! A catalogue record as short labelled sections of clean bullets — who can
//! get it, what they get, how to apply, what to bring, where, whom to call —
//! for every front end to lay out (the labels themselves live with the UI).

use super::bullets::{bullets, clean_item};
use super::service::{Field, Service};

/// What a section tells, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    /// 서비스목적요약 (or 서비스목적 when there is no summary).
    Summary,
    /// 지원대상 and 선정기준.
    Who,
    /// 지원내용.
    What,
    /// 신청방법 and 신청기한.
    HowToApply,
    /// 구비서류.
    Bring,
    /// 접수기관명.
    Where,
    /// 전화문의 as `agency: number`.
    Phone,
    /// 소관기관명 and 부서명.
    Agency,
    /// 서비스분야.
    Category,
    /// 사용자구분.
    UserType,
    /// 법령.
    Law,
    /// 수정일시 as a date (`2025-08-05`).
    Updated,
    /// 상세조회URL.
    DetailUrl,
    /// 온라인신청사이트URL.
    OnlineUrl,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// Never empty; no bullet is empty or starts with a marker.
    pub bullets: Vec<String>,
}

/// 신청방법 values that mean nothing to a reader ("entered directly": the
/// method was typed elsewhere on the form).
const PLACEHOLDER_METHODS: [&str; 1] = ["직접입력"];
/// 부서명 values that name no department.
const PLACEHOLDER_DEPARTMENTS: [&str; 2] = ["서비스 관리부서", "서비스관리부서"];

/// The record's sections that have something to say, in display order.
pub fn sections(service: &Service) -> Vec<Section> {
    let text = |field| service.text(field).unwrap_or_default();
    let summary = match bullets(text(Field::Summary)) {
        none if none.is_empty() => bullets(text(Field::Purpose)),
        some => some,
    };
    let who = [bullets(text(Field::Who)), bullets(text(Field::Criteria))].concat();
    let how = list(text(Field::HowToApply))
        .into_iter()
        .filter(|m| !PLACEHOLDER_METHODS.contains(&m.as_str()))
        .chain(bullets(text(Field::Deadline)))
        .collect();
    let mut documents = bullets(text(Field::Documents));
    documents.retain(|d| !no_documents(d));
    let updated = service.updated().map(|d| d.to_string());
    [
        (SectionKind::Summary, summary),
        (SectionKind::Who, who),
        (SectionKind::What, bullets(text(Field::Benefit))),
        (SectionKind::HowToApply, how),
        (SectionKind::Bring, documents),
        (SectionKind::Where, bullets(text(Field::Office))),
        (SectionKind::Phone, phones(text(Field::Phone))),
        (SectionKind::Agency, vec![agency(service)]),
        (SectionKind::Category, list(text(Field::Category))),
        (SectionKind::UserType, list(text(Field::UserType))),
        (SectionKind::Law, list(text(Field::Law))),
        (SectionKind::Updated, updated.into_iter().collect()),
        (SectionKind::DetailUrl, list(text(Field::DetailUrl))),
        (SectionKind::OnlineUrl, list(text(Field::OnlineUrl))),
    ]
    .into_iter()
    .filter_map(|(kind, bullets)| {
        let bullets = distinct(bullets);
        (!bullets.is_empty()).then_some(Section { kind, bullets })
    })
    .collect()
}

/// 소관기관명 and 부서명 (`보건복지부 기초연금과`), the department left out
/// when it names none or repeats the agency.
pub fn agency(service: &Service) -> String {
    let text = |field| clean_item(service.text(field).unwrap_or_default());
    let (agency, department) = (text(Field::Agency), text(Field::Department));
    if department.is_empty()
        || department == agency
        || PLACEHOLDER_DEPARTMENTS.contains(&department.as_str())
    {
        agency
    } else {
        format!("{agency} {department}")
    }
}

/// Whether a bullet says there is nothing (`해당없음`, `없음`, `-`): it is
/// left out rather than shown, since "준비물: 해당없음" reads as "bring
/// nothing" and as "not known" alike.
pub fn says_nothing(bullet: &str) -> bool {
    const NOTHING: [&str; 5] = ["해당없음", "해당사항없음", "없음", "-", "구비서류없음"];
    let squeezed: String = bullet.split_whitespace().collect();
    NOTHING.contains(&squeezed.trim_end_matches('.'))
}

/// A document bullet that names a kind of document and none of it
/// (`신청인 미제출서류: 해당없음`).
fn no_documents(bullet: &str) -> bool {
    bullet
        .rsplit_once(':')
        .is_some_and(|(_, value)| says_nothing(value))
}

/// The items of a `||`-separated value (`기타 온라인신청||방문신청`).
fn list(raw: &str) -> Vec<String> {
    raw.split("||").map(clean_item).collect()
}

/// 전화문의 items `교육부/02-6222-6060` as `교육부: 02-6222-6060`; a
/// missing (`-`) or repeated number leaves the name alone.
pub(super) fn phones(raw: &str) -> Vec<String> {
    list(raw)
        .into_iter()
        .map(|item| match item.rsplit_once('/') {
            Some((who, number)) => {
                let (who, number) = (who.trim(), number.trim());
                if number.is_empty() || number == "-" || number == who {
                    who.to_string()
                } else if who.is_empty() {
                    number.to_string()
                } else {
                    format!("{who}: {number}")
                }
            }
            None => item,
        })
        .collect()
}

/// Bullets that say something, each once, in first-seen order.
fn distinct(bullets: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    bullets
        .into_iter()
        .filter(|b| !b.is_empty() && !says_nothing(b) && seen.insert(b.clone()))
        .collect()
}

#[cfg(test)]
#[path = "sections_tests.rs"]
mod tests;
