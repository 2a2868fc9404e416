//! The facts a citizen acts on, read from a catalogue record: how and where
//! to apply (which office in person, which website), until when, whom to
//! call, what day the facts are from and the gov.kr page to check them at.
//! Language-neutral: the layout puts them in words.

use super::agency::is_central_government;
use super::bullets::{bullets, clean_item};
use super::sections::{agency as agency_line, phones, says_nothing};
use super::service::{Field, Service};
use super::values::Date;

/// Where a service's gov.kr page is when the record gives none (every
/// record of the 2025-08-15 snapshot gives exactly this, with its id).
pub const GOV24_PAGE: &str = "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/";

/// One way to apply, from 신청방법.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    /// 방문신청: the office to go to (접수기관명, else the responsible
    /// agency and department); none when that is a ministry, which
    /// receives no one.
    InPerson(Option<String>),
    /// 정부24온라인신청: on gov.kr.
    Gov24,
    /// 기타 온라인신청: the site, when the record names one.
    Online(Option<String>),
    /// 신청불필요: given without applying.
    NotNeeded,
}

/// 신청기한, in the few forms most records use, else its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// 상시신청, 연중, 수시.
    AnyTime,
    /// 신청불필요, 별도의 신청절차가 없음.
    NotNeeded,
    /// 접수기관 별 상이, 접수기관에 문의.
    DiffersByOffice,
    /// Anything else, as clean bullets (`매년 1~2월`).
    Text(Vec<String>),
}

/// The facts of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub apply: Vec<Channel>,
    pub deadline: Option<Deadline>,
    /// 전화문의 as `agency: number`.
    pub phones: Vec<String>,
    /// 수정일시: the day the facts are from.
    pub updated: Option<Date>,
    /// 소관기관명.
    pub agency: String,
    /// The service's gov.kr page (상세조회URL).
    pub page: String,
}

impl Facts {
    pub fn of(service: &Service) -> Facts {
        let text = |field| service.text(field).unwrap_or_default();
        Facts {
            apply: channels(service),
            deadline: deadline(text(Field::Deadline)),
            phones: phones(text(Field::Phone)),
            updated: service.updated(),
            agency: clean_item(text(Field::Agency)),
            page: page(service),
        }
    }
}

/// 상세조회URL when it is a full web address, else the page built from the id.
fn page(service: &Service) -> String {
    match service.text(Field::DetailUrl).map(str::trim) {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => url.to_string(),
        _ => format!("{GOV24_PAGE}{}", service.id()),
    }
}

/// The ways to apply, each once, in the record's order.
fn channels(service: &Service) -> Vec<Channel> {
    let text = |field| service.text(field).unwrap_or_default();
    let mut channels = Vec::new();
    for method in text(Field::HowToApply).split("||").map(clean_item) {
        let channel = match method.replace(' ', "").as_str() {
            "방문신청" => Channel::InPerson(office(service)),
            "정부24온라인신청" => Channel::Gov24,
            "기타온라인신청" => {
                let site = clean_item(text(Field::OnlineUrl));
                Channel::Online((!site.is_empty()).then_some(site))
            }
            "신청불필요" => Channel::NotNeeded,
            _ => continue,
        };
        if !channels.contains(&channel) {
            channels.push(channel);
        }
    }
    // 접수기관명 names where to go even when 신청방법 was typed elsewhere
    // (기초연금: `직접입력`, 접수기관명 `주민센터`).
    let visit = named_office(service);
    if !visit.is_empty() && !channels.iter().any(|c| matches!(c, Channel::InPerson(_))) {
        channels.insert(0, Channel::InPerson(Some(visit)));
    }
    channels
}

/// The office to visit: 접수기관명 when the record names one, else the
/// agency responsible and its department, unless that is a ministry.
fn office(service: &Service) -> Option<String> {
    match named_office(service) {
        none if none.is_empty() => {
            let agency = service.text(Field::Agency).unwrap_or_default();
            (!is_central_government(agency)).then(|| agency_line(service))
        }
        named => Some(named),
    }
}

/// 접수기관명, cleaned; empty when it names none.
fn named_office(service: &Service) -> String {
    let offices: Vec<String> = bullets(service.text(Field::Office).unwrap_or_default());
    offices
        .into_iter()
        .filter(|o| !says_nothing(o))
        .collect::<Vec<_>>()
        .join(", ")
}

fn deadline(raw: &str) -> Option<Deadline> {
    const ANY_TIME: [&str; 6] = ["상시신청", "상시", "상시접수", "연중", "연중상시", "수시"];
    const NOT_NEEDED: [&str; 5] = [
        "신청불필요",
        "신청불요",
        "별도의신청절차가없음",
        "개인신청절차없음",
        "별도신청불필요",
    ];
    const BY_OFFICE: [&str; 2] = ["접수기관별상이", "접수기관에문의"];
    let mut items = bullets(raw);
    items.retain(|item| !says_nothing(item));
    let squeezed: String = items.concat().split_whitespace().collect();
    let squeezed = squeezed.trim_end_matches('.');
    Some(match squeezed {
        "" => return None,
        _ if ANY_TIME.contains(&squeezed) => Deadline::AnyTime,
        _ if NOT_NEEDED.contains(&squeezed) => Deadline::NotNeeded,
        _ if BY_OFFICE.contains(&squeezed) => Deadline::DiffersByOffice,
        _ => Deadline::Text(items),
    })
}

#[cfg(test)]
#[path = "facts_tests.rs"]
mod tests;
