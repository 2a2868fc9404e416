use super::*;

fn region(name: &str) -> Region {
    Region::parse(name).unwrap()
}

fn classified(agency: &str) -> Region {
    classify(agency, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .region
}

#[test]
fn local_bodies_named_without_their_region_are_placed() {
    let cases = [
        ("서울교통공사", "서울특별시"),
        ("서울시설공단", "서울특별시"),
        ("서울특별시교육청", "서울특별시"),
        ("경상남도교육청", "경상남도"),
        ("마포복지재단", "서울특별시 마포구"),
        ("구리도시공사", "경기도 구리시"),
        ("영월군시설관리공단", "강원특별자치도 영월군"),
        ("(재)달성교육재단", "대구광역시 달성군"),
        ("경기도 고양시 상하수도사업소", "경기도 고양시"),
        ("서울특별시 종로구", "서울특별시 종로구"),
        ("서울특별시강동구도시관리공단", "서울특별시 강동구"),
        ("(재)대구광역시동구문화재단", "대구광역시 동구"),
        ("부산강서구장학회", "부산광역시 강서구"),
        ("재단법인부산진구장학회", "부산광역시 부산진구"),
        ("경상북도안동의료원", "경상북도"),
        ("광주광역시광산구시설관리공단", "광주광역시 광산구"),
        ("농업회사법인의령군토요애유통(주)", "경상남도 의령군"),
        ("재단법인여주세종문화재단", "경기도 여주시"),
        ("강원도교육청", "강원특별자치도"),
    ];
    for (agency, want) in cases {
        assert_eq!(classified(agency), region(want), "{agency}");
    }
}

#[test]
fn national_agencies_are_national_with_evidence() {
    let cases = [
        ("보건복지부", Evidence::CentralGovernment),
        ("국세청", Evidence::CentralGovernment),
        ("한국주택금융공사", Evidence::NationalBody),
        ("국립공원공단", Evidence::NationalBody),
        ("학교법인한국폴리텍", Evidence::NationalBody),
        ("근로복지공단", Evidence::NationalBody),
    ];
    for (agency, evidence) in cases {
        let found = classify(agency, None).unwrap();
        assert_eq!(
            (found.region, found.evidence),
            (Region::National, evidence),
            "{agency}"
        );
    }
    let by_type = classify("서울지방병무청", Some("중앙행정기관")).unwrap();
    assert_eq!(
        (by_type.region, by_type.evidence),
        (Region::National, Evidence::AgencyType)
    );
    assert_eq!(classified("서울지방병무청"), region("서울특별시"));
}

#[test]
fn names_that_could_be_two_places_or_none_are_errors() {
    let ambiguous = [
        "광주문화재단",
        "고성군청소년재단",
        "중구문화재단",
        "강서구시설관리공단",
    ];
    for agency in ambiguous {
        assert!(
            matches!(classify(agency, None), Err(Unclassified::Ambiguous { .. })),
            "{agency}"
        );
    }
    let err = classify("광주문화재단", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "agency \"광주문화재단\" could be in 광주광역시 or 경기도 광주시"
    );
    for agency in ["무슨기관", "", "농협중앙회", "\u{1b}[31m서울"] {
        assert!(
            matches!(classify(agency, None), Err(Unclassified::NoEvidence(_))),
            "{agency:?}"
        );
    }
}

#[test]
fn every_table_entry_parses_and_overrides_the_rules() {
    for (agency, place, why) in TABLE {
        let (region, _) = from_table(agency).unwrap_or_else(|| panic!("{place} is not a region"));
        assert_ne!(
            by_rules(agency).ok().map(|c| c.region),
            Some(region),
            "{agency} ({why}) needs no entry"
        );
    }
    for agency in NATIONAL_BODIES {
        assert!(
            matches!(by_rules(agency), Err(Unclassified::NoEvidence(_))),
            "{agency}"
        );
    }
    for agency in CENTRAL_GOVERNMENT {
        let rules = by_rules(agency).ok().map(|c| c.region);
        assert!(
            matches!(rules, None | Some(Region::National)),
            "{agency}: {rules:?}"
        );
    }
}

#[test]
fn counts_add_up_and_follow_coverage() {
    let agencies = [
        ("보건복지부", 10),
        ("서울특별시", 3),
        ("서울특별시 종로구", 2),
        ("서울특별시 중구", 4),
        ("경기도", 5),
        ("무슨기관", 1),
    ];
    let services = agencies.iter().flat_map(|&(agency, services)| {
        let region = classify(agency, None).ok().map(|c| c.region);
        std::iter::repeat_n(region, services)
    });
    let counts = RegionCounts::count(services);
    assert_eq!(counts.own(&Region::National), 10);
    assert_eq!(counts.unclassified, 1);
    assert_eq!(counts.covered(None), 10);
    assert_eq!(counts.covered(Some(&region("서울특별시 종로구"))), 15);
    assert_eq!(counts.covered(Some(&region("서울특별시"))), 13);
    assert_eq!(counts.covered(Some(&region("경기도 수원시"))), 15);
}
