//! What is said, checked without audio: the normalisation table in both
//! languages, and utterances built from the real corpus's layouts.

use std::path::Path;

use super::*;

mod phrases;
use crate::corpus::Corpus;
use crate::layout::{layout, Detail};

#[test]
fn korean_is_written_the_way_it_is_said() {
    let cases = [
        // What espeak-ng already reads well stays.
        ("50,000원", "50,000원"),
        ("1개월 안에", "1개월 안에"),
        ("65세 이상", "65세 이상"),
        // Things and people are counted in native Korean.
        ("사진 1장", "사진 한 장"),
        ("2명이 가요", "두 명이 가요"),
        ("1시간에서 2시간쯤", "한 시간에서 두 시간쯤"),
        ("12개, 20개", "열두 개, 스무 개"),
        ("100가지", "100가지"),
        ("1.5시간", "1점5시간"),
        // Clock times, ranges, units, money.
        ("09:00~18:00", "아홉 시에서 18시"),
        ("9:30", "아홉 시 30분"),
        ("3~5일", "3에서 5일"),
        ("1-2주", "1에서 2주"),
        ("약 20%를", "약 20 퍼센트를"),
        ("가로 3.5cm", "가로 3점5 센티미터"),
        ("₩50,000", "50,000원"),
        ("2026-11-20", "2026년 11월 20일"),
        ("2025.8.15", "2025년 8월 15일"),
        ("2025년 8월", "2025년 8월"),
        ("만 19세 ~ 34세 이하", "만 19세에서 34세 이하"),
        ("①~④의 요건", "1번에서 4번의 요건"),
        ("⑴ 신청서 ⑵ 통장", "1번 신청서, 2번 통장"),
        ("30만원, 월 10만 원", "30만원, 월 10만 원"),
        // Phone numbers digit by digit; counts of days stay numbers.
        ("경찰 112에 전화하세요", "경찰 일일이에 전화하세요"),
        ("119예요", "일일구예요"),
        ("120일에서", "120일에서"),
        ("1,120원", "1,120원"),
        ("1588-1234", "일오팔팔, 일이삼사"),
        ("02-120", "공이, 일이공"),
        ("02-2148-1234", "공이, 이일사팔, 일이삼사"),
        ("120% 이하", "120 퍼센트 이하"),
        ("120~270일", "120에서 270일"),
        // Web addresses: left out after a name, else said as a word.
        ("인터넷: 복지로 (bokjiro.go.kr)", "인터넷: 복지로"),
        ("하이코리아(hikorea.go.kr)에서", "하이코리아에서"),
        ("nhis.or.kr이나 앱", "웹사이트나 앱"),
        ("gov.kr에 들어가세요", "웹사이트에 들어가세요"),
        ("https://www.gov.kr", "웹사이트"),
        // Marks and brackets become pauses or nothing.
        ("읍·면사무소", "읍, 면사무소"),
        ("주민센터(행정복지센터)", "주민센터, 행정복지센터"),
        ("50,000원(58면)이나", "50,000원, 58면이나"),
        ("(예: 근로계약서)", "예를 들면 근로계약서"),
        ("※ 꼭 가져오세요 ▶", "꼭 가져오세요"),
        ("• 신분증", "신분증"),
        ("- 신분증", "신분증"),
        ("'The건강보험' 앱", "The건강보험 앱"),
        ("다른 주제 ▸", "다른 주제"),
        ("🔊 듣기", "듣기"),
        ("\u{1b}[31m빨강\u{1b}[0m", "빨강"),
        ("-v 끝", "v 끝"),
    ];
    assert_table(&cases, Lang::Ko);
}

#[test]
fn english_is_written_the_way_it_is_said() {
    let cases = [
        ("50,000 won", "50,000 won"),
        ("1 month", "1 month"),
        ("₩50,000", "50,000 won"),
        ("KRW 50,000", "50,000 won"),
        ("Apply on gov.kr today", "Apply on the website today"),
        (
            "Online: Hometax (hometax.go.kr) or the app",
            "Online: Hometax or the app",
        ),
        ("https://www.gov.kr/portal/main", "the website"),
        ("9:00-18:00", "9 a.m. to 6 p.m."),
        ("9:30 pm", "9:30 p.m."),
        ("3-5 days", "3 to 5 days"),
        ("10-year passport, F-4 visa", "10-year passport, F-4 visa"),
        ("about 10%", "about 10 percent"),
        ("3.5 cm × 4.5 cm", "3.5 centimetres by 4.5 centimetres"),
        (
            "call 112 for police or 119.",
            "call 1 1 2 for police or 1 1 9.",
        ),
        ("within 120 days", "within 120 days"),
        ("for 120 to 270 days", "for 120 to 270 days"),
        ("Dasan: 02-120", "Dasan: 0 2, 1 2 0"),
        ("1588-0000", "1 5 8 8, 0 0 0 0"),
        ("at 120% of income", "at 120 percent of income"),
        ("on 2025-08-15", "on 15th August 2025"),
        ("from 2025.8", "from August 2025"),
        ("(1) a passport", "number 1 a passport"),
        ("e.g. a passport", "for example a passport"),
        ("the baby's name", "the baby's name"),
        ("the 'The건강보험' app", "the The건강보험 app"),
        ("Fees & charges", "Fees and charges"),
        ("Stickers - shops sell them", "Stickers, shops sell them"),
        ("Did you mean…", "Did you mean."),
        ("More topics ▸", "More topics"),
    ];
    assert_table(&cases, Lang::En);
}

/// Every row that fails, not only the first.
fn assert_table(cases: &[(&str, &str)], lang: Lang) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, said)| for_speech(text, lang) != *said)
        .map(|(text, said)| format!("{text:?}: {:?}, not {said:?}", for_speech(text, lang)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn corpus() -> Corpus {
    Corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("corpus")
}

#[test]
fn an_answer_is_said_from_its_layout_in_both_languages() {
    let corpus = corpus();
    let entry = corpus.get("birth-registration").expect("entry");
    let ko = Utterance::entry(&layout(entry, Lang::Ko, Detail::Full), Lang::Ko);
    assert_eq!(ko.lang, Lang::Ko);
    for part in [
        "출생신고. 부모가 아기가 태어나고 한 달 안에",
        "준비물: 병원이나 조산사가 준 출생증명서. 신고하는 사람의 신분증, 주민등록증,",
        "가는 곳: 어느 주민센터, 행정복지센터, 시청, 구청, 읍, 면사무소든 돼요.",
        "인터넷: 대법원 전자가족관계등록시스템.",
        "수수료: 무료예요. 걸리는 시간: 보통 창구에서 그날 끝나요.",
        "기한: 아기가 태어나고 1개월 안에 해야 해요. 늦으면 과태료를 최대 50,000원까지",
        "이렇게 하세요: 1단계, 병원이나 조산사에게서 출생증명서를 받으세요. 2단계, 아기 이름을",
        "알아 두세요: 2024년부터",
    ] {
        assert!(ko.text.contains(part), "{part:?} not in {}", ko.text);
    }
    let en = Utterance::entry(&layout(entry, Lang::En, Detail::Full), Lang::En);
    for part in [
        "Reporting a baby's birth, birth registration. In Korean: 출생신고. Parents report",
        "Bring: Birth certificate from the hospital or midwife, 출생증명서.",
        "Where: Any community centre, city hall, district office or town office. Online at the Supreme Court family registration site.",
        "Fee: Free. Time: Usually done",
        "Deadline: Within 1 month after the birth. If you are late, you may have to pay a fine of up to 50,000 won.",
        "What to do: Step 1, Get the birth certificate",
    ] {
        assert!(en.text.contains(part), "{part:?} not in {}", en.text);
    }
    for utterance in [&ko, &en] {
        for unsaid in ["efamily", "scourt", "2026-", "•", "(", "  "] {
            assert!(!utterance.text.contains(unsaid), "{unsaid:?} said");
        }
    }
}

#[test]
fn options_are_said_with_their_numbers() {
    let options = [
        (1, "출생신고".to_string()),
        (2, "여권 발급 (재발급)".to_string()),
    ];
    let ko = Utterance::options(Lang::Ko, ["이 중에 찾는 것이 있나요?"], &options);
    assert_eq!(
        ko.text,
        "이 중에 찾는 것이 있나요? 1번, 출생신고. 2번, 여권 발급, 재발급."
    );
    let options = [(1, "Reporting a baby's birth".to_string())];
    let en = Utterance::options(Lang::En, ["Did you mean…", ""], &options);
    assert_eq!(en.text, "Did you mean. Number 1, Reporting a baby's birth.");
}

#[test]
fn english_speech_gives_korean_text_to_the_korean_voice() {
    let en = |text: &str| Utterance {
        lang: Lang::En,
        text: text.into(),
    };
    let said = en("Youth Leap savings account. In Korean: 청년도약계좌. Phone: 1397서민금융콜센터: 1397. Deadline: 3개월 이내 (ID).");
    assert_eq!(
        said.passages(),
        [
            (Lang::En, "Youth Leap savings account. In Korean:"),
            (Lang::Ko, "청년도약계좌."),
            (Lang::En, "Phone:"),
            (Lang::Ko, "1397서민금융콜센터: 1397."),
            (Lang::En, "Deadline:"),
            (Lang::Ko, "3개월 이내"),
            (Lang::En, "(ID)."),
        ]
    );
    assert_eq!(en("Free.").passages(), [(Lang::En, "Free.")]);
    assert_eq!(en("").passages(), [(Lang::En, "")]);
    // The Korean voice reads everything of a Korean utterance.
    let ko = Utterance::new(Lang::Ko, ["신분증 (ID)"]);
    assert_eq!(ko.passages(), [(Lang::Ko, ko.text.as_str())]);
}
