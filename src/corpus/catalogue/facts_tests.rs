//! Real records of the 2025-08-15 snapshot (trimmed to the fields that
//! matter) and the facts a reader should get from them.

use serde_json::{json, Value};

use super::*;

fn service(fields: Value) -> Service {
    let mut record = json!({
        "서비스ID": "611000000145",
        "서비스명": "저소득어르신급식지원",
        "소관기관명": "서울특별시",
        "부서명": "어르신복지과",
        "수정일시": "20250722131106",
    });
    for (key, value) in fields.as_object().unwrap() {
        record[key] = value.clone();
    }
    Service::from_json(record).unwrap()
}

#[test]
fn a_visit_names_the_office_or_else_the_agency_and_department() {
    // 저소득어르신급식지원: 방문신청 and no 접수기관명.
    let facts = Facts::of(&service(json!({
        "신청방법": "방문신청",
        "신청기한": "상시신청",
        "전화문의": "다산콜센터/02-120",
    })));
    assert_eq!(
        facts.apply,
        [Channel::InPerson(Some("서울특별시 어르신복지과".into()))]
    );
    assert_eq!(facts.deadline, Some(Deadline::AnyTime));
    assert_eq!(facts.phones, ["다산콜센터: 02-120"]);
    assert_eq!(facts.updated, Date::parse("2025-07-22"));
    assert_eq!(facts.agency, "서울특별시");
    // 기초연금: the method was typed elsewhere, the office is named.
    let facts = Facts::of(&service(json!({
        "신청방법": "직접입력",
        "접수기관명": "주민센터",
        "신청기한": "만 65세 생일이 속하는 달의 1개월 전부터 신청 가능",
    })));
    assert_eq!(facts.apply, [Channel::InPerson(Some("주민센터".into()))]);
    assert_eq!(
        facts.deadline,
        Some(Deadline::Text(vec![
            "만 65세 생일이 속하는 달의 1개월 전부터 신청 가능".into()
        ]))
    );
}

#[test]
fn online_applications_name_their_site() {
    // 청년도약계좌.
    let facts = Facts::of(&service(json!({
        "신청방법": "기타 온라인신청||직접입력",
        "온라인신청사이트URL": "https://ylaccount.kinfa.or.kr/",
        "신청기한": "해당없음",
    })));
    assert_eq!(
        facts.apply,
        [Channel::Online(Some(
            "https://ylaccount.kinfa.or.kr/".into()
        ))]
    );
    assert_eq!(facts.deadline, None);
    let facts = Facts::of(&service(json!({
        "신청방법": "정부24온라인신청||방문신청||기타 온라인신청",
        "접수기관명": "시·군·구청",
        "신청기한": "접수기관 별 상이",
    })));
    assert_eq!(
        facts.apply,
        [
            Channel::Gov24,
            Channel::InPerson(Some("시·군·구청".into())),
            Channel::Online(None)
        ]
    );
    assert_eq!(facts.deadline, Some(Deadline::DiffersByOffice));
    let facts = Facts::of(&service(json!({
        "신청방법": "신청불필요",
        "신청기한": "별도의 신청절차가 없음",
    })));
    assert_eq!(facts.apply, [Channel::NotNeeded]);
    assert_eq!(facts.deadline, Some(Deadline::NotNeeded));
    // 일상돌봄 서비스: a ministry names no office; where is asked by phone.
    let facts = Facts::of(&service(json!({
        "신청방법": "기타 온라인신청||방문신청",
        "소관기관명": "보건복지부",
        "부서명": "사회서비스사업과",
    })));
    assert_eq!(
        facts.apply,
        [Channel::Online(None), Channel::InPerson(None)]
    );
}

#[test]
fn the_page_is_the_records_or_built_from_its_id() {
    let url = "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/611000000145";
    assert_eq!(Facts::of(&service(json!({ "상세조회URL": url }))).page, url);
    assert_eq!(Facts::of(&service(json!({}))).page, url);
    let bare = json!({ "상세조회URL": "www.gov.kr/portal/rcvfvrSvc/dtlEx/611000000145" });
    assert_eq!(Facts::of(&service(bare)).page, url);
}
