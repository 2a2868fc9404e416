use serde_json::json;

use super::*;

/// A valid record in the snapshot's shape; tests break one field.
fn record() -> Value {
    json!({
        "서비스ID": "000000465790",
        "서비스명": "유아학비 (누리과정) 지원",
        "서비스목적요약": "유치원에 다니는 만 3~5세 아동에게 유아학비 지원",
        "서비스목적": null,
        "지원대상": "○ 지원대상 : 국공립 및 사립유치원에 다니는 3~5세 유아",
        "선정기준": null,
        "지원내용": "○ 3~5세에 대해 교육비를 지급합니다.\r\n  - 국공립 100,000원",
        "신청방법": "기타 온라인신청||방문신청",
        "신청기한": "상시신청",
        "구비서류": "- 사회복지서비스 및 급여제공(변경) 신청서",
        "접수기관명": "주민센터",
        "전화문의": "교육부/02-6222-6060||0079에듀콜/1544-0079-5-1",
        "소관기관명": "교육부",
        "부서명": "영유아재정과",
        "사용자구분": "개인",
        "서비스분야": "보육·교육",
        "상세조회URL": "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/000000465790",
        "온라인신청사이트URL": "www.bokjiro.go.kr",
        "법령": "유아교육법(제24조)",
        "조회수": 202011,
        "등록일시": "20201217142613",
        "수정일시": "20250805161216",
        "supportConditions": {"JA0101": "Y", "JA0110": 3, "JA1101": null}
    })
}

fn with(key: &str, value: Value) -> Value {
    let mut record = record();
    record[key] = value;
    record
}

fn issues(record: Value) -> Vec<Issue> {
    Service::from_json(record)
        .expect_err("should be rejected")
        .1
}

#[test]
fn a_good_record_keeps_every_field() {
    let service = Service::from_json(with("소관기관유형", json!("중앙행정기관"))).unwrap();
    assert_eq!(service.id().as_str(), "000000465790");
    assert_eq!(service.name(), "유아학비 (누리과정) 지원");
    assert_eq!(service.text(Field::Purpose), None);
    assert_eq!(service.text(Field::Office), Some("주민센터"));
    assert_eq!(service.views(), Some(202011));
    assert_eq!(service.conditions().unwrap()["JA0110"], json!(3));
    assert_eq!(service.extra()["소관기관유형"], json!("중앙행정기관"));
    assert_eq!(service.updated().unwrap().to_string(), "2025-08-05");
    let keys: Vec<&str> = service.fields().iter().map(|(k, _)| *k).collect();
    assert_eq!(keys.len(), record().as_object().unwrap().len() + 1);
    assert_eq!(keys[..3], ["서비스ID", "서비스명", "서비스목적요약"]);
    assert_eq!(
        keys[keys.len() - 2..],
        ["supportConditions", "소관기관유형"]
    );
}

#[test]
fn a_missing_field_counts_as_null() {
    let mut record = record();
    record.as_object_mut().unwrap().remove("법령");
    let service = Service::from_json(record).unwrap();
    assert_eq!(service.text(Field::Law), None);
}

#[test]
fn each_broken_field_is_named() {
    let cases: Vec<(Value, Issue)> = vec![
        (json!([1, 2]), Issue::NotAnObject),
        (with("서비스ID", json!(null)), Issue::MissingId),
        (
            with("서비스ID", json!("46579")),
            Issue::BadId("46579".into()),
        ),
        (
            with("서비스ID", json!("0000004657x0")),
            Issue::BadId("0000004657x0".into()),
        ),
        (
            with("서비스ID", json!("ABCD00000001")),
            Issue::BadId("ABCD00000001".into()),
        ),
        (
            with("서비스ID", json!(465790)),
            Issue::WrongType {
                key: "서비스ID".into(),
                expected: "a string",
                found: "a number",
            },
        ),
        (with("서비스명", json!("  ")), Issue::EmptyName),
        (
            with("지원대상", json!(["a"])),
            Issue::WrongType {
                key: "지원대상".into(),
                expected: "a string or null",
                found: "an array",
            },
        ),
        (
            with("조회수", json!("many")),
            Issue::WrongType {
                key: "조회수".into(),
                expected: "a whole number or null",
                found: "a string",
            },
        ),
        (
            with("supportConditions", json!("Y")),
            Issue::WrongType {
                key: "supportConditions".into(),
                expected: "an object or null",
                found: "a string",
            },
        ),
        (
            with("수정일시", json!("20250231120000")),
            Issue::BadDate {
                key: "수정일시",
                value: "20250231120000".into(),
            },
        ),
        (
            with("등록일시", json!("2020-12-17")),
            Issue::BadDate {
                key: "등록일시",
                value: "2020-12-17".into(),
            },
        ),
        (
            with("온라인신청사이트URL", json!("ets2025@energy.or.kr")),
            Issue::BadUrl {
                key: "온라인신청사이트URL",
                value: "ets2025@energy.or.kr".into(),
            },
        ),
        (
            with("상세조회URL", json!("javascript:alert(1)")),
            Issue::BadUrl {
                key: "상세조회URL",
                value: "javascript:alert(1)".into(),
            },
        ),
        (
            with("지원내용", json!("가".repeat(MAX_FIELD_CHARS + 1))),
            Issue::TooLong {
                key: "지원내용".into(),
                chars: MAX_FIELD_CHARS + 1,
            },
        ),
        (
            with("행정규칙", json!({ "x": "나".repeat(MAX_FIELD_CHARS) })),
            Issue::TooLong {
                key: "행정규칙".into(),
                chars: MAX_FIELD_CHARS + 1,
            },
        ),
    ];
    for (record, issue) in cases {
        assert_eq!(issues(record.clone()), vec![issue], "{record}");
    }
}

#[test]
fn all_issues_of_a_record_are_reported_with_its_id() {
    let mut record = with("서비스명", json!(""));
    record["수정일시"] = json!(20250805);
    let (id, issues) = Service::from_json(record).unwrap_err();
    assert_eq!(id.unwrap().as_str(), "000000465790");
    assert_eq!(issues.len(), 2, "{issues:?}");
}

#[test]
fn changed_fields_name_what_differs() {
    let old = Service::from_json(record()).unwrap();
    let mut new = with("지원내용", json!("바뀐 내용"));
    new["수정일시"] = json!("20250901000000");
    new["지원유형"] = json!("현금");
    let new = Service::from_json(new).unwrap();
    assert_eq!(
        old.changed_fields(&new),
        ["지원내용", "수정일시", "지원유형"]
    );
    assert!(old.changed_fields(&old).is_empty());
}

#[test]
fn ages_are_read_from_the_support_conditions() {
    let mut record = record();
    record[CONDITIONS_KEY] = json!({ "JA0101": "Y", "JA0110": 60, "JA0111": 120 });
    assert_eq!(
        Service::from_json(record.clone()).unwrap().ages(),
        Some((60, 120))
    );
    record[CONDITIONS_KEY] = json!({ "JA0110": 60, "JA0111": null });
    assert_eq!(Service::from_json(record.clone()).unwrap().ages(), None);
    record[CONDITIONS_KEY] = Value::Null;
    assert_eq!(Service::from_json(record).unwrap().ages(), None);
}
