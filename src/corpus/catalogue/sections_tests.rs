use serde_json::{json, Value};

use super::*;

fn service(fields: Value) -> Service {
    let mut record = json!({
        "서비스ID": "105100000001",
        "서비스명": "근로·자녀장려금",
        "지원대상": "○ 소득과 재산이 적은 가구",
        "지원내용": "○ 최대 330만 원 지급",
        "소관기관명": "국세청",
        "부서명": "장려세제과",
        "수정일시": "20250717101438",
    });
    for (key, value) in fields.as_object().unwrap() {
        record[key] = value.clone();
    }
    Service::from_json(record).unwrap()
}

fn bullets_of(service: &Service, kind: SectionKind) -> Vec<String> {
    sections(service)
        .into_iter()
        .find(|s| s.kind == kind)
        .map(|s| s.bullets)
        .unwrap_or_default()
}

#[test]
fn sections_come_in_display_order_and_only_when_they_say_something() {
    let kinds: Vec<SectionKind> = sections(&service(json!({})))
        .iter()
        .map(|s| s.kind)
        .collect();
    use SectionKind::*;
    assert_eq!(kinds, [Who, What, Agency, Updated]);
}

#[test]
fn phone_enquiries_read_agency_then_number() {
    let cases: &[(&str, &[&str])] = &[
        (
            "교육부/02-6222-6060||0079에듀콜/1544-0079-5-1",
            &["교육부: 02-6222-6060", "0079에듀콜: 1544-0079-5-1"],
        ),
        ("해당지역 시군구청/-", &["해당지역 시군구청"]),
        ("해당지역 보건소/해당지역 보건소", &["해당지역 보건소"]),
        (
            "보건사업과/건강증진팀/031-839-4075",
            &["보건사업과/건강증진팀: 031-839-4075"],
        ),
        (
            "(국번없이)132 법률상담 콜센타/132",
            &["(국번없이)132 법률상담 콜센타: 132"],
        ),
        ("/1350", &["1350"]),
        ("자립지원과 02-2620-4653", &["자립지원과 02-2620-4653"]),
    ];
    for (raw, want) in cases {
        let service = service(json!({ "전화문의": raw }));
        assert_eq!(bullets_of(&service, SectionKind::Phone), *want, "{raw}");
    }
}

#[test]
fn how_to_apply_lists_methods_then_the_deadline() {
    let service = service(json!({
        "신청방법": "기타 온라인신청||방문신청||직접입력",
        "신청기한": "○ 정기신청 : 5.1.~5.31.",
    }));
    assert_eq!(
        bullets_of(&service, SectionKind::HowToApply),
        ["기타 온라인신청", "방문신청", "정기신청: 5.1.~5.31."]
    );
}

#[test]
fn who_joins_target_and_criteria_without_repeats() {
    let service = service(json!({
        "지원대상": "○ 만 65세 이상\r\n○ 기초생활수급자",
        "선정기준": "- 기초생활수급자\r\n- 소득인정액 기준 이하",
    }));
    assert_eq!(
        bullets_of(&service, SectionKind::Who),
        ["만 65세 이상", "기초생활수급자", "소득인정액 기준 이하"]
    );
}

#[test]
fn agency_drops_a_placeholder_department() {
    let named = service(json!({}));
    assert_eq!(
        bullets_of(&named, SectionKind::Agency),
        ["국세청 장려세제과"]
    );
    let placeholder = service(json!({ "소관기관명": "광주교통공사", "부서명": "서비스 관리부서" }));
    assert_eq!(
        bullets_of(&placeholder, SectionKind::Agency),
        ["광주교통공사"]
    );
}

#[test]
fn summary_falls_back_to_the_purpose() {
    let without = service(json!({ "서비스목적": "○ 저소득 가구의 근로 장려" }));
    assert_eq!(
        bullets_of(&without, SectionKind::Summary),
        ["저소득 가구의 근로 장려"]
    );
    let with = service(json!({ "서비스목적요약": "근로장려금 지급", "서비스목적": "길다" }));
    assert_eq!(bullets_of(&with, SectionKind::Summary), ["근로장려금 지급"]);
}

#[test]
fn lists_urls_and_dates_are_plain() {
    let service = service(json!({
        "사용자구분": "개인||가구",
        "법령": "유아교육법(제24조)||영유아보육법(제34조)",
        "상세조회URL": "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/105100000001",
        "온라인신청사이트URL": "www.hometax.go.kr",
    }));
    assert_eq!(
        bullets_of(&service, SectionKind::UserType),
        ["개인", "가구"]
    );
    assert_eq!(bullets_of(&service, SectionKind::Law).len(), 2);
    assert_eq!(bullets_of(&service, SectionKind::Updated), ["2025-07-17"]);
    assert_eq!(
        bullets_of(&service, SectionKind::OnlineUrl),
        ["www.hometax.go.kr"]
    );
}

#[test]
fn bullets_that_say_nothing_are_left_out() {
    let documents = service(json!({
        "구비서류": "ㅇ 신청인 제출서류\r\n - 지원신청서 및 증빙서류 등\r\n\r\nㅇ 신청인 미제출서류\r\n - 해당없음",
    }));
    assert_eq!(
        bullets_of(&documents, SectionKind::Bring),
        ["신청인 제출서류: 지원신청서 및 증빙서류 등"]
    );
    for nothing in ["해당없음", "해당 없음", "없음", "-", "해당사항없음"] {
        let record = service(json!({ "구비서류": nothing, "신청기한": nothing }));
        let kinds: Vec<SectionKind> = sections(&record).iter().map(|s| s.kind).collect();
        assert!(!kinds.contains(&SectionKind::Bring), "{nothing}");
        assert!(!kinds.contains(&SectionKind::HowToApply), "{nothing}");
    }
}
