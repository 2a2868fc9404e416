//! Real snippets of the 2025-08-15 snapshot and what a reader should see.

use super::*;

#[test]
fn real_texts_become_clean_bullets() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "000000465790 지원내용: ○ headings with - items merge when short",
            "○ 3~5세에 대해 교육비를 지급합니다.\r\n  - 국공립 100,000원, 사립 280,000원\r\n\r\n○ 사립유치원을 다니는 법정저소득층 유아에게 저소득층 유아학비를 추가 지급합니다.\r\n   - 사립 200,000원",
            &[
                "3~5세에 대해 교육비를 지급합니다: 국공립 100,000원, 사립 280,000원",
                "사립유치원을 다니는 법정저소득층 유아에게 저소득층 유아학비를 추가 지급합니다: 사립 200,000원",
            ],
        ),
        (
            "000000465790 지원대상: long items stay apart; ※ loses its mark",
            "○ 지원대상 : 국공립 및 사립유치원에 다니는 3~5세 유아\r\n  \r\n   - '22년 1~2월생으로 유치원 입학을 희망하여 3세반에 취원한 유아도 지원 대상\r\n   ※ 단, 지원기간은 3년을 초과할 수 없음.",
            &[
                "지원대상: 국공립 및 사립유치원에 다니는 3~5세 유아",
                "'22년 1~2월생으로 유치원 입학을 희망하여 3세반에 취원한 유아도 지원 대상",
                "단, 지원기간은 3년을 초과할 수 없음.",
            ],
        ),
        (
            "105100000001 선정기준: (label) over ㆍ items, footnotes 1)",
            "- 소득요건 : 전년도 부부합산 연간 총소득 기준\r\n  (근로장려금)\r\n  ㆍ 단독가구 : 2,200만 원 미만\r\n  ㆍ 홑벌이 가구 : 3,200만 원 미만\r\n  (자녀장려금)\r\n  ㆍ 7,000만 원 미만\r\n - 재산요건\r\n     1) 배우자 : 법률상 배우자(사실혼 제외)",
            &[
                "소득요건: 전년도 부부합산 연간 총소득 기준",
                "근로장려금: 단독가구: 2,200만 원 미만; 홑벌이 가구: 3,200만 원 미만",
                "자녀장려금: 7,000만 원 미만",
                "재산요건: 배우자: 법률상 배우자(사실혼 제외)",
            ],
        ),
        (
            "105100000001 신청기한: markers run together on one line",
            "○ 정기신청 : 5.1.~5.31.○ 반기신청 - 상반기분 신청 : 9.1.~9.15. - 하반기분 신청 : 3.1.~3.15.",
            &[
                "정기신청: 5.1.~5.31.",
                "반기신청 - 상반기분 신청: 9.1.~9.15. - 하반기분 신청: 3.1.~3.15.",
            ],
        ),
        (
            "452000000117: numbered 1. items; → kept inside text",
            "○ 의로운 행위가 있는 날 부터 6개월 이내 의로운 시민인정 신청 → 3개월 이내에 결정 \r\n\r\n1. 의로운 행위를 하다가 사망한 경우에는 1천만 원의 위로금 지급\r\n2. 그 밖의 의로운 행위로 아산시의 명예를 선양한 경우 5백만 원 이하 위로금 지급",
            &[
                "의로운 행위가 있는 날 부터 6개월 이내 의로운 시민인정 신청 → 3개월 이내에 결정",
                "의로운 행위를 하다가 사망한 경우에는 1천만 원의 위로금 지급",
                "그 밖의 의로운 행위로 아산시의 명예를 선양한 경우 5백만 원 이하 위로금 지급",
            ],
        ),
        (
            "482000000149: ❍ and labels spaced out for alignment",
            "❍ 교 육 명 : 임업기술전문교육 과정\r\n❍ 수  강  료 : 800천원(보조 500, 자부담300) ",
            &["교육명: 임업기술전문교육 과정", "수강료: 800천원(보조 500, 자부담300)"],
        ),
        (
            "628000000742: □ and ㅇ, with a ※ on its own",
            "□ 월세\r\n  ㅇ 민간주택 이주시 월 40만원 한도/최대 1년\r\n   ※신청일 기준 전월 이미 납부한 월세 지원 불가\r\n \r\n□ 이사비용\r\n  ㅇ 공공·민간 주택 입주시 최대 150만원/1회",
            &[
                "월세: 민간주택 이주시 월 40만원 한도/최대 1년",
                "신청일 기준 전월 이미 납부한 월세 지원 불가",
                "이사비용: 공공·민간 주택 입주시 최대 150만원/1회",
            ],
        ),
        (
            "SD0000001491: a colon without a space; ‧ inside words kept",
            "1. 소상공인 컨설팅 :경영애로를 겪고 있는 소상공인 지원\r\n2. 이론‧실습 교육",
            &["소상공인 컨설팅: 경영애로를 겪고 있는 소상공인 지원", "이론‧실습 교육"],
        ),
        (
            "105100000001: <label> text",
            "<신청 제외> 위 요건을 모두 충족하는 경우에도 신청할 수 없음",
            &["신청 제외: 위 요건을 모두 충족하는 경우에도 신청할 수 없음"],
        ),
        (
            "dates and decimals are not numbering",
            "2025. 3. 1~2026.2.28. 까지 적용\r\n1.5배 지원\r\n12.31. 현재",
            &["2025. 3. 1~2026.2.28. 까지 적용", "1.5배 지원", "12.31. 현재"],
        ),
        (
            "lone markers, blank lines and odd spaces vanish",
            " - \r\n\r\n\u{a0}\u{3000}※\r\n·\u{200b}신청서\u{a0}\u{a0}1부\u{feff}",
            &["신청서 1부"],
        ),
    ];
    for (what, raw, want) in cases {
        assert_eq!(bullets(raw), *want, "{what}");
    }
}

#[test]
fn control_characters_and_escape_sequences_never_survive() {
    let raw =
        "○ \u{1b}[31m빨강\u{1b}[0m 글씨\u{7}\r\n - 제목\u{1b}]0;pwned\u{7} 바꾸기\u{9e}\r\n\t탭";
    let got = bullets(raw);
    assert_eq!(got, ["빨강 글씨: 제목 바꾸기: 탭"]);
}

#[test]
fn items_of_a_list_are_cleaned() {
    assert_eq!(clean_item(" 기타 온라인신청 "), "기타 온라인신청");
    assert_eq!(clean_item("- 유아교육법(제24조)"), "유아교육법(제24조)");
    assert_eq!(clean_item("\u{1b}[2J"), "");
}

#[test]
fn deep_or_huge_input_does_not_overflow() {
    let deep: String = (0..5000)
        .map(|i| format!("{}x{i}\n", " ".repeat(i % 300)))
        .collect();
    assert!(!bullets(&deep).is_empty());
    let markers: String = "○-ㆍ※*1)가.①".repeat(10_000);
    let got = bullets(&markers);
    assert!(got.iter().all(|b| !b.is_empty()));
}
