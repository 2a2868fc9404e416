//! The region of a service, read from its responsible agency (소관기관명,
//! and 소관기관유형 where the API gives it) by rules over the names of
//! provinces and districts, plus a small table where the rules cannot tell.
//! Every answer carries its evidence; a name without any is an error, never
//! a guess.

use std::fmt;

use std::collections::BTreeMap;

use super::service::{Field, Service};
use super::Catalogue;
use crate::region::{covers, Province, Region};

/// Legal-form words before a name: `(재)달성교육재단`, `재단법인세종문화회관`.
const LEGAL_FORMS: [&str; 8] = [
    "(재)",
    "재단법인",
    "(주)",
    "주식회사",
    "(사)",
    "사단법인",
    "학교법인",
    "농업회사법인",
];

/// Central administrative agencies (정부조직법), as of 2025.
#[rustfmt::skip]
const CENTRAL_GOVERNMENT: [&str; 52] = [
    "기획재정부", "교육부", "과학기술정보통신부", "외교부", "통일부", "법무부",
    "국방부", "행정안전부", "국가보훈부", "문화체육관광부", "농림축산식품부", "산업통상자원부",
    "보건복지부", "환경부", "기후에너지환경부", "고용노동부", "여성가족부", "성평등가족부",
    "국토교통부", "해양수산부", "중소벤처기업부", "인사혁신처", "법제처", "식품의약품안전처",
    "국가데이터처", "지식재산처", "국세청", "관세청", "조달청", "통계청",
    "재외동포청", "대검찰청", "병무청", "방위사업청", "경찰청", "소방청",
    "국가유산청", "농촌진흥청", "산림청", "특허청", "질병관리청", "기상청",
    "행정중심복합도시건설청", "새만금개발청", "해양경찰청", "우주항공청", "공정거래위원회", "금융위원회",
    "국민권익위원회", "개인정보보호위원회", "원자력안전위원회", "방송통신위원회",
];

/// Nationwide public bodies (and state-owned companies) whose names say
/// neither a place nor `한국`, `국립` ….
#[rustfmt::skip]
const NATIONAL_BODIES: [&str; 25] = [
    "신용보증재단중앙회", "건강보험심사평가원", "건설근로자공제회", "근로복지공단",
    "기술보증기금", "신용보증기금", "서민금융진흥원", "소상공인시장진흥공단",
    "중소벤처기업진흥공단", "창업진흥원", "노사발전재단", "농업정책보험금융원",
    "사립학교교직원연금공단", "북한이탈주민지원재단", "독립기념관", "태권도진흥재단",
    "축산물품질평가원", "시청자미디어재단", "해양환경공단", "국방전직교육원",
    "(재)장애인기업종합지원센터", "한전원자력연료(주)", "그랜드코리아레저(주)", "(주)에스알",
    "주식회사공영홈쇼핑",
];

/// Name beginnings of nationwide public bodies (한국전력공사, 국립공원공단,
/// 국민연금공단, 국가평생교육진흥원, 대한법률구조공단).
const NATIONAL_PREFIXES: [&str; 5] = ["한국", "국립", "국민", "국가", "대한"];

/// Agencies the rules get wrong or cannot decide: (agency, region or
/// `전국`, the evidence). The tests check every entry is in the snapshot and
/// that the rules alone would not give the same answer.
#[rustfmt::skip]
const TABLE: &[(&str, &str, &str)] = &[
    // Nationwide bodies whose names begin with a place.
    ("서울올림픽기념국민체육진흥공단", "전국", "national sports promotion body (KSPO)"),
    ("인천국제공항공사", "전국", "state-owned airport corporation"),
    ("서울대학교병원", "전국", "national university hospital (special act)"),
    ("경북대학교병원", "전국", "national university hospital"),
    ("(주)강원랜드", "전국", "public corporation; one of its services is explicitly nationwide"),
    // "광주" is 광주광역시 and 경기도 광주시: phone area codes decide.
    ("광주시민장학회", "경기도 광주시", "phone 031; for residents of 광주시 for 2 years"),
    ("재단법인광주시문화재단", "경기도 광주시", "phone 031; names 경기도 and 광주시"),
    ("광주도시관리공사", "경기도 광주시", "phone 031"),
    ("광주교통공사", "광주광역시", "phone 062; 광주 metro"),
    ("광주환경공단", "광주광역시", "phone 062; for residents of 광주광역시"),
    ("광주신용보증재단", "광주광역시", "phone 062; 광주광역시 small businesses"),
    ("남도장학회", "광주광역시", "phone 062-613 (광주광역시청); 남도학숙 is run with 전라남도 — unsure"),
    ("재단법인고성교육재단", "경상남도 고성군", "phone 055 (강원 고성군 would be 033)"),
    ("중구인재육성장학재단", "서울특별시 중구", "phone 02; contact 서울시 중구"),
    ("원덕읍향토장학회", "강원특별자치도 삼척시", "원덕읍 is in 삼척시; phone 033-570"),
    ("재단법인세종문화회관", "서울특별시", "Sejong Center in Seoul, run by 서울특별시; phone 02"),
    ("(주)벡스코", "부산광역시", "BEXCO, majority-owned by 부산광역시; phone 051"),
    // Local bodies whose names hide or mislead about their place.
    ("(재)녹색에너지연구원", "전라남도", "전라남도 research institute; for residents of 전라남도"),
    ("(재)한국전통문화전당", "전북특별자치도 전주시", "전주시 foundation; phone 063-281"),
];

/// How a region was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// 소관기관유형 says central government (중앙행정기관).
    AgencyType,
    /// A central administrative agency by name (보건복지부, 국세청).
    CentralGovernment,
    /// The name is or begins with a province's official name, perhaps
    /// followed by one of its districts (`서울특별시 종로구`, `서울특별시교육청`).
    OfficialName,
    /// The name begins with a province's short name or a district's name,
    /// with or without 시/군/구 (`서울교통공사`, `마포복지재단`).
    PlaceName,
    /// A nationwide public body, by name or by how its name begins
    /// (`한국`, `국립` …).
    NationalBody,
    /// The explicit table, with its reason.
    Table(&'static str),
    /// A nationwide body's service whose name ends with a place in
    /// brackets (`의료 서비스(대구보훈병원)`), told by its phone number when
    /// the name could be two places.
    ServiceName,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Evidence::AgencyType => f.write_str("agency type 중앙행정기관"),
            Evidence::CentralGovernment => f.write_str("central government"),
            Evidence::OfficialName => f.write_str("official region name"),
            Evidence::PlaceName => f.write_str("place name"),
            Evidence::NationalBody => f.write_str("national body name"),
            Evidence::Table(why) => write!(f, "table: {why}"),
            Evidence::ServiceName => f.write_str("place in the service's name"),
        }
    }
}

/// A region and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    pub region: Region,
    pub evidence: Evidence,
}

/// An agency the rules and the table cannot place: extend [`TABLE`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unclassified {
    #[error("no place or national body recognised in agency {0:?}")]
    NoEvidence(String),
    #[error("agency {name:?} could be in {}", candidates.iter().map(Region::name).collect::<Vec<_>>().join(" or "))]
    Ambiguous {
        name: String,
        candidates: Vec<Region>,
    },
}

/// The region of a service: its agency's, except that a nationwide
/// body's service named for one place is that place's: `의료
/// 서비스(대구보훈병원)` is a hospital in 대구, `발전소 주변지역 장학금
/// 지원(보령발전본부)` is for families near a power station in 보령시, and
/// a kiosk in 종로구 should offer neither.
pub fn region_of(service: &Service) -> Result<Classified, Unclassified> {
    let agency_type = service
        .extra()
        .get(AGENCY_TYPE_KEY)
        .and_then(|v| v.as_str());
    let agency = classify(service.text(Field::Agency).unwrap_or_default(), agency_type)?;
    if agency.region != Region::National {
        return Ok(agency);
    }
    Ok(named_place(service).map_or(agency, |region| Classified {
        region,
        evidence: Evidence::ServiceName,
    }))
}

/// The place a service's name ends with in brackets (`…(김해보훈요양원)`,
/// `…(인천)`), by the same rules as an agency's name; a name that could be
/// two places (`광주`: 광주광역시 or 경기도 광주시) is told by the
/// service's phone number, or not at all.
fn named_place(service: &Service) -> Option<Region> {
    let name = service.name().trim_end();
    let (_, bracketed) = name.strip_suffix(')')?.rsplit_once('(')?;
    match by_rules(bracketed.trim()) {
        Ok(found) => matches!(found.evidence, Evidence::OfficialName | Evidence::PlaceName)
            .then_some(found.region),
        Err(Unclassified::Ambiguous { candidates, .. }) => {
            let phone = service.text(Field::Phone)?;
            let mut dialled = candidates
                .into_iter()
                .filter(|r| r.province().is_some_and(|p| p.dials(phone)));
            let region = dialled.next()?;
            dialled.next().is_none().then_some(region)
        }
        Err(Unclassified::NoEvidence(_)) => None,
    }
}

/// The live API's agency type field (not in the 2025-08-15 snapshot).
pub const AGENCY_TYPE_KEY: &str = "소관기관유형";

/// The region of an agency: the table first, then central government
/// (by type or name) and the named national bodies, then the name rules:
/// official region names, short place names, national-body beginnings.
pub fn classify(agency: &str, agency_type: Option<&str>) -> Result<Classified, Unclassified> {
    let name = agency.trim();
    let found = |region, evidence| Ok(Classified { region, evidence });
    if let Some((region, why)) = from_table(name) {
        return found(region, Evidence::Table(why));
    }
    if agency_type.is_some_and(|t| t.trim() == "중앙행정기관") {
        return found(Region::National, Evidence::AgencyType);
    }
    if CENTRAL_GOVERNMENT.contains(&name) {
        return found(Region::National, Evidence::CentralGovernment);
    }
    if NATIONAL_BODIES.contains(&name) {
        return found(Region::National, Evidence::NationalBody);
    }
    by_rules(name)
}

/// Whether an agency is a ministry or other central administrative agency
/// (its services are applied for at local offices, never at the agency).
pub fn is_central_government(name: &str) -> bool {
    CENTRAL_GOVERNMENT.contains(&name.trim())
}

fn from_table(name: &str) -> Option<(Region, &'static str)> {
    let (_, region, why) = TABLE.iter().find(|(agency, ..)| *agency == name)?;
    let region = match *region {
        "전국" => Region::National,
        region => Region::parse(region).ok()?,
    };
    Some((region, why))
}

/// The name rules alone, without the table or the agency type.
fn by_rules(name: &str) -> Result<Classified, Unclassified> {
    let bare = LEGAL_FORMS
        .iter()
        .find_map(|form| name.strip_prefix(form))
        .unwrap_or(name);
    // An official province name settles it: 광주광역시… is never 경기도 광주시.
    for province in Province::all() {
        if let Some(rest) = bare.strip_prefix(province.name()) {
            return Ok(Classified {
                region: within(province, rest),
                evidence: Evidence::OfficialName,
            });
        }
    }
    let mut candidates: Vec<Region> = Vec::new();
    for province in Province::all() {
        for short in province.short_names() {
            if let Some(rest) = bare.strip_prefix(short) {
                candidates.push(within(province, rest));
            }
        }
        for district in province.districts() {
            let full = district.name();
            // 마포구 -> 마포; one-syllable stems (중, 동) say too little.
            let stem = full
                .char_indices()
                .last()
                .map_or(full, |(end, _)| &full[..end]);
            if bare.starts_with(full) || (stem.chars().count() >= 2 && bare.starts_with(stem)) {
                candidates.push(Region::District(district));
            }
        }
    }
    // 부산진구… names 부산 and 부산진구: the district is the finer answer.
    let with_district: Vec<Province> = candidates
        .iter()
        .filter(|r| matches!(r, Region::District(_)))
        .filter_map(Region::province)
        .collect();
    candidates.retain(|r| !matches!(r, Region::Province(p) if with_district.contains(p)));
    candidates.sort();
    candidates.dedup();
    match candidates.as_slice() {
        [region] => Ok(Classified {
            region: *region,
            evidence: Evidence::PlaceName,
        }),
        [] if NATIONAL_PREFIXES.iter().any(|p| bare.starts_with(p)) => Ok(Classified {
            region: Region::National,
            evidence: Evidence::NationalBody,
        }),
        [] => Err(Unclassified::NoEvidence(name.to_string())),
        _ => Err(Unclassified::Ambiguous {
            name: name.to_string(),
            candidates,
        }),
    }
}

/// A province, or the district of it whose full name starts `rest`.
fn within(province: Province, rest: &str) -> Region {
    let rest = rest.trim_start();
    province
        .districts()
        .filter(|d| rest.starts_with(d.name()))
        .max_by_key(|d| d.name().len())
        .map_or(Region::Province(province), Region::District)
}

/// One agency of a catalogue: how many services it has and where they apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRegion {
    pub name: String,
    pub agency_type: Option<String>,
    pub services: usize,
    pub region: Result<Classified, Unclassified>,
}

/// Every agency of the catalogue (with its type, when given), by name.
pub fn agencies(catalogue: &Catalogue) -> Vec<AgencyRegion> {
    let mut counts: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for service in catalogue.services() {
        let name = service.text(Field::Agency).unwrap_or_default();
        let agency_type = service
            .extra()
            .get(AGENCY_TYPE_KEY)
            .and_then(|v| v.as_str());
        *counts.entry((name, agency_type)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((name, agency_type), services)| AgencyRegion {
            name: name.to_string(),
            agency_type: agency_type.map(str::to_string),
            services,
            region: classify(name, agency_type),
        })
        .collect()
}

/// How many services each region has, for listing regions and what a kiosk
/// there would cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionCounts {
    own: BTreeMap<Region, usize>,
    /// Services whose agency could not be placed (shown at no kiosk).
    pub unclassified: usize,
}

impl RegionCounts {
    /// Every service of the catalogue, counted where [`region_of`] puts it.
    pub fn of(catalogue: &Catalogue) -> RegionCounts {
        let regions = catalogue.services().iter().map(region_of);
        RegionCounts::count(regions.map(|found| found.ok().map(|c| c.region)))
    }

    /// Counts services by region (`None`: a service that could not be placed).
    fn count(regions: impl IntoIterator<Item = Option<Region>>) -> RegionCounts {
        let mut counts = RegionCounts::default();
        for region in regions {
            match region {
                Some(region) => *counts.own.entry(region).or_default() += 1,
                None => counts.unclassified += 1,
            }
        }
        counts
    }

    /// The services of exactly this region.
    pub fn own(&self, region: &Region) -> usize {
        self.own.get(region).copied().unwrap_or_default()
    }

    /// The services a kiosk configured for `kiosk` covers.
    pub fn covered(&self, kiosk: Option<&Region>) -> usize {
        self.own
            .iter()
            .filter(|(region, _)| covers(kiosk, region))
            .map(|(_, n)| n)
            .sum()
    }
}

#[cfg(test)]
#[path = "agency_tests.rs"]
mod tests;
