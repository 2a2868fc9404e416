//! Where a service applies and which services a kiosk covers: the nation,
//! a province or metropolitan city (시·도), or one of its 226 districts
//! (시·군·구), as of 2025 (강원특별자치도 2023, 군위군 in 대구 2023,
//! 전북특별자치도 2024).

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// The 17 provinces in the official order: the official name, the
/// telephone area code, the short names agencies use (서울교통공사,
/// 경기복지재단, 충북문화재단) and the districts.
#[rustfmt::skip]
pub(crate) const PROVINCES: [(&str, &str, &[&str], &[&str]); 17] = [
    ("서울특별시", "02", &["서울", "서울시"], &[
        "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구",
        "강북구", "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구",
        "구로구", "금천구", "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구",
        "강동구",
    ]),
    ("부산광역시", "051", &["부산", "부산시"], &[
        "중구", "서구", "동구", "영도구", "부산진구", "동래구", "남구", "북구",
        "해운대구", "사하구", "금정구", "강서구", "연제구", "수영구", "사상구", "기장군",
    ]),
    ("대구광역시", "053", &["대구", "대구시"], &[
        "중구", "동구", "서구", "남구", "북구", "수성구", "달서구", "달성군",
        "군위군",
    ]),
    ("인천광역시", "032", &["인천", "인천시"], &[
        "중구", "동구", "미추홀구", "연수구", "남동구", "부평구", "계양구", "서구",
        "강화군", "옹진군",
    ]),
    ("광주광역시", "062", &["광주"], &[
        "동구", "서구", "남구", "북구", "광산구",
    ]),
    ("대전광역시", "042", &["대전", "대전시"], &[
        "동구", "중구", "서구", "유성구", "대덕구",
    ]),
    ("울산광역시", "052", &["울산", "울산시"], &[
        "중구", "남구", "동구", "북구", "울주군",
    ]),
    ("세종특별자치시", "044", &["세종"], &[]),
    ("경기도", "031", &["경기"], &[
        "수원시", "성남시", "의정부시", "안양시", "부천시", "광명시", "평택시", "동두천시",
        "안산시", "고양시", "과천시", "구리시", "남양주시", "오산시", "시흥시", "군포시",
        "의왕시", "하남시", "용인시", "파주시", "이천시", "안성시", "김포시", "화성시",
        "광주시", "양주시", "포천시", "여주시", "연천군", "가평군", "양평군",
    ]),
    ("강원특별자치도", "033", &["강원", "강원도"], &[
        "춘천시", "원주시", "강릉시", "동해시", "태백시", "속초시", "삼척시", "홍천군",
        "횡성군", "영월군", "평창군", "정선군", "철원군", "화천군", "양구군", "인제군",
        "고성군", "양양군",
    ]),
    ("충청북도", "043", &["충북"], &[
        "청주시", "충주시", "제천시", "보은군", "옥천군", "영동군", "증평군", "진천군",
        "괴산군", "음성군", "단양군",
    ]),
    ("충청남도", "041", &["충남"], &[
        "천안시", "공주시", "보령시", "아산시", "서산시", "논산시", "계룡시", "당진시",
        "금산군", "부여군", "서천군", "청양군", "홍성군", "예산군", "태안군",
    ]),
    ("전북특별자치도", "063", &["전북", "전라북도"], &[
        "전주시", "군산시", "익산시", "정읍시", "남원시", "김제시", "완주군", "진안군",
        "무주군", "장수군", "임실군", "순창군", "고창군", "부안군",
    ]),
    ("전라남도", "061", &["전남"], &[
        "목포시", "여수시", "순천시", "나주시", "광양시", "담양군", "곡성군", "구례군",
        "고흥군", "보성군", "화순군", "장흥군", "강진군", "해남군", "영암군", "무안군",
        "함평군", "영광군", "장성군", "완도군", "진도군", "신안군",
    ]),
    ("경상북도", "054", &["경북"], &[
        "포항시", "경주시", "김천시", "안동시", "구미시", "영주시", "영천시", "상주시",
        "문경시", "경산시", "의성군", "청송군", "영양군", "영덕군", "청도군", "고령군",
        "성주군", "칠곡군", "예천군", "봉화군", "울진군", "울릉군",
    ]),
    ("경상남도", "055", &["경남"], &[
        "창원시", "진주시", "통영시", "사천시", "김해시", "밀양시", "거제시", "양산시",
        "의령군", "함안군", "창녕군", "고성군", "남해군", "하동군", "산청군", "함양군",
        "거창군", "합천군",
    ]),
    ("제주특별자치도", "064", &["제주"], &[]),
];

/// A province or metropolitan city (시·도).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Province(u8);

/// A district (시·군·구) of a province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct District {
    province: Province,
    index: u8,
}

/// Where a service applies: ordered nation, then provinces and their
/// districts in the official order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    National,
    Province(Province),
    District(District),
}

impl Province {
    pub fn all() -> impl Iterator<Item = Province> {
        (0..PROVINCES.len() as u8).map(Province)
    }

    /// The official name, e.g. `서울특별시`.
    pub fn name(self) -> &'static str {
        PROVINCES[self.0 as usize].0
    }

    /// Names agencies use for it besides the official one (`서울`, `경기`, `강원도`).
    pub(super) fn short_names(self) -> &'static [&'static str] {
        PROVINCES[self.0 as usize].2
    }

    /// Whether `phone` (as written: `복지과/062-602-5852`) is a number in
    /// this province: its digits start with the province's area code.
    pub fn dials(self, phone: &str) -> bool {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        digits.starts_with(PROVINCES[self.0 as usize].1)
    }

    pub fn districts(self) -> impl Iterator<Item = District> {
        let count = PROVINCES[self.0 as usize].3.len() as u8;
        (0..count).map(move |index| District {
            province: self,
            index,
        })
    }
}

impl District {
    pub fn province(self) -> Province {
        self.province
    }

    /// The district's own name, e.g. `종로구`; see [`Region::name`] for the full one.
    pub fn name(self) -> &'static str {
        PROVINCES[self.province.0 as usize].3[self.index as usize]
    }
}

/// A configured region name that is not a province or district.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown region {name:?}; the closest are {}", closest.join(", "))]
pub struct UnknownRegion {
    pub name: String,
    /// The nearest valid names, nearest first.
    pub closest: Vec<String>,
}

impl Region {
    /// Every province and district, in order (not the nation: a kiosk with
    /// no region configured serves national services only).
    pub fn all() -> impl Iterator<Item = Region> {
        Province::all().flat_map(|p| {
            std::iter::once(Region::Province(p)).chain(p.districts().map(Region::District))
        })
    }

    /// The official name: `서울특별시`, `서울특별시 종로구`; the nation is `전국`.
    pub fn name(&self) -> String {
        match self {
            Region::National => "전국".to_string(),
            Region::Province(p) => p.name().to_string(),
            Region::District(d) => format!("{} {}", d.province.name(), d.name()),
        }
    }

    pub fn province(&self) -> Option<Province> {
        match self {
            Region::National => None,
            Region::Province(p) => Some(*p),
            Region::District(d) => Some(d.province),
        }
    }

    /// A configured region: exactly a province's or a district's official
    /// name (spacing aside). An unknown name is an error naming the closest
    /// valid ones, by edit distance over jamo.
    pub fn parse(name: &str) -> Result<Region, UnknownRegion> {
        let wanted: String = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .nfc()
            .collect();
        if let Some(region) = Region::all().find(|r| r.name() == wanted) {
            return Ok(region);
        }
        let jamo = |s: &str| -> Vec<char> { s.nfd().filter(|c| !c.is_whitespace()).collect() };
        let wanted_jamo = jamo(&wanted);
        let mut ranked: Vec<(usize, String)> = Region::all()
            .map(|region| {
                let distance = region
                    .spellings()
                    .iter()
                    .map(|s| edit_distance(&wanted_jamo, &jamo(s)))
                    .min()
                    .unwrap_or(usize::MAX);
                (distance, region.name())
            })
            .collect();
        ranked.sort_by_key(|(distance, _)| *distance);
        Err(UnknownRegion {
            name: name.to_string(),
            closest: ranked.into_iter().take(5).map(|(_, n)| n).collect(),
        })
    }
}

impl Region {
    /// Ways people write the region: its official name, its province's
    /// short or former names (`서울시`, `강원도`), a district alone (`종로구`).
    fn spellings(&self) -> Vec<String> {
        match self {
            Region::National => vec![self.name()],
            Region::Province(p) => std::iter::once(p.name())
                .chain(p.short_names().iter().copied())
                .map(str::to_string)
                .collect(),
            Region::District(d) => std::iter::once(d.province.name())
                .chain(d.province.short_names().iter().copied())
                .map(|p| format!("{p} {}", d.name()))
                .chain(std::iter::once(d.name().to_string()))
                .collect(),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Whether a kiosk configured for `kiosk` shows a service of `service`:
/// national services always; a province's services in that province (at
/// province or district level); a district's services only in that district.
/// No region configured: national services only.
pub fn covers(kiosk: Option<&Region>, service: &Region) -> bool {
    match (service, kiosk) {
        (Region::National, _) => true,
        (_, None | Some(Region::National)) => false,
        (Region::Province(p), Some(kiosk)) => kiosk.province() == Some(*p),
        (Region::District(d), Some(kiosk)) => *kiosk == Region::District(*d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str) -> Region {
        Region::parse(name).unwrap()
    }

    #[test]
    fn there_are_17_provinces_and_226_districts() {
        assert_eq!(Province::all().count(), 17);
        assert_eq!(
            Region::all()
                .filter(|r| matches!(r, Region::District(_)))
                .count(),
            226
        );
    }

    #[test]
    fn exact_names_parse_and_print_back() {
        for r in Region::all() {
            assert_eq!(Region::parse(&r.name()), Ok(r));
        }
        assert_eq!(region(" 서울특별시   종로구 ").name(), "서울특별시 종로구");
        assert!(matches!(region("경기도"), Region::Province(_)));
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let cases = [
            ("서울시 종로구", "서울특별시 종로구"),
            ("종로구", "서울특별시 종로구"),
            ("서울특별시 종노구", "서울특별시 종로구"),
            ("경기 안양시", "경기도 안양시"),
            ("강원도", "강원특별자치도"),
            ("전라북도 전주시", "전북특별자치도 전주시"),
            ("제주도", "제주특별자치도"),
        ];
        for (typed, first) in cases {
            let err = Region::parse(typed).unwrap_err();
            assert_eq!(err.closest[0], first, "{typed}: {:?}", err.closest);
        }
        let err = Region::parse("중구").unwrap_err();
        assert!(
            err.closest.iter().all(|n| n.ends_with(" 중구")),
            "{:?}",
            err.closest
        );
        assert!(err
            .to_string()
            .starts_with("unknown region \"중구\"; the closest are "));
    }

    #[test]
    fn a_kiosk_covers_the_nation_its_province_and_its_own_district() {
        let (seoul, jongno, jung) = (
            region("서울특별시"),
            region("서울특별시 종로구"),
            region("서울특별시 중구"),
        );
        let busan_jung = region("부산광역시 중구");
        let national = Region::National;
        for (kiosk, service, covered) in [
            (None, &national, true),
            (None, &seoul, false),
            (None, &jongno, false),
            (Some(&jongno), &national, true),
            (Some(&jongno), &seoul, true),
            (Some(&jongno), &jongno, true),
            (Some(&jongno), &jung, false),
            (Some(&jongno), &busan_jung, false),
            (Some(&jongno), &region("부산광역시"), false),
            (Some(&seoul), &seoul, true),
            (Some(&seoul), &jongno, false),
            (Some(&seoul), &national, true),
        ] {
            assert_eq!(covers(kiosk, service), covered, "{kiosk:?} {service}");
        }
    }

    #[test]
    fn a_phone_number_tells_its_province() {
        let province = |name: &str| region(name).province().unwrap();
        assert!(province("광주광역시").dials("복지과/062-602-5852"));
        assert!(!province("경기도").dials("복지과/062-602-5852"));
        assert!(province("서울특별시").dials("02-2148-1234"));
        assert!(!province("서울특별시").dials("031-760-2000"));
        assert!(!province("서울특별시").dials("1588-1234"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        assert_eq!(edit_distance(&chars("같다"), &chars("같다")), 0);
    }
}
