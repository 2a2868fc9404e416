//! `minwon check` says how old the catalogue is, and warns past the
//! config's import.max_age_days: by the IMPORTED stamp an import writes,
//! else by the newest 수정일시.

use std::fs;

use minwon::corpus::catalogue::{replace, Catalogue, Date, Service};
use minwon::corpus::plain::{self, Plain, PlainText};

use crate::check::{check, corpus};

#[test]
fn an_old_catalogue_is_a_warning_by_its_import_stamp_else_its_newest_change() {
    let dir = corpus(|dir| {
        let record = serde_json::json!({"서비스ID": "000000000001", "서비스명": "하나",
            "소관기관명": "교육부", "수정일시": "20200102030405"});
        let service = Service::from_json(record).unwrap();
        // A national service needs its plain-language layer to check clean.
        let text = PlainText {
            name: "하나".into(),
            summary: "하나를 도와줘요.".into(),
            who: "누구나".into(),
            get: "도움을 받아요.".into(),
            apply: "교육부에 물어보세요.".into(),
            asks: vec![
                "하나 신청".into(),
                "하나 도움".into(),
                "하나 받고 싶어요".into(),
            ],
        };
        let layer = Plain {
            id: "000000000001".into(),
            source: plain::source_hash(&service),
            ko: text.clone(),
            en: text,
        };
        plain::save(dir, &[layer]).unwrap();
        let catalogue = Catalogue::new(vec![service]);
        replace::save(&dir.join("catalogue"), &catalogue).unwrap();
    });
    let (lines, code) = check(dir.path());
    assert_eq!(code, Some(1));
    assert!(
        lines[0].starts_with(&format!(
            "{}:1: warning: the catalogue is older than import.max_age_days (365): newest 수정일시 2020-01-02, ",
            dir.path().join("catalogue/services").display()
        )) && lines[0].ends_with(" days ago (no IMPORTED stamp); refresh it with `minwon import gov24 --api`"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("catalogue: newest 수정일시 2020-01-02, "),
        "{lines:?}"
    );

    let stamp = dir.path().join("catalogue/IMPORTED");
    let today = Date::today();
    fs::write(
        &stamp,
        format!("imported = \"{today}\"\nsource = \"api https://api.odcloud.kr/api/gov24/v3\"\nservices = 1\n"),
    )
    .unwrap();
    let (lines, code) = check(dir.path());
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "checked 3 entries, 0 dev questions: no problems".to_string(),
            format!("catalogue: imported {today} from api https://api.odcloud.kr/api/gov24/v3, 0 days ago (IMPORTED)"),
        ]
    );
    fs::write(
        &stamp,
        "imported = \"2020-01-01\"\nsource = \"files x.jsonl\"\nservices = 1\n",
    )
    .unwrap();
    let (lines, _) = check(dir.path());
    assert!(
        lines[0].starts_with(&format!(
            "{}:1: warning: the catalogue is older than import.max_age_days (365): imported 2020-01-01 from files x.jsonl, ",
            stamp.display()
        )),
        "{lines:?}"
    );
}
