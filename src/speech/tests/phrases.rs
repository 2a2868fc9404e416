//! Real phrases from the corpus, the catalogue and its plain-language
//! layer, with the exact text the speech engine is given: ranges, list
//! markers, ages, amounts, dates, phone numbers and English numbers.

use std::fs;
use std::path::Path;

use crate::lang::Lang::{self, En, Ko};
use crate::speech::for_speech;

/// (the phrase as written in the data, the voice, what the engine is given)
#[rustfmt::skip]
const PHRASES: &[(&str, Lang, &str)] = &[
    // Ranges keep their meaning.
    ("만 19세 ~ 34세 이하", Ko, "만 19세에서 34세 이하"),
    ("만18세 ~ 39세 이하", Ko, "만18세에서 39세 이하"),
    ("만 14세~24세 이하의 모든 청소년", Ko, "만 14세에서 24세 이하의 모든 청소년"),
    ("영아(0~24개월)", Ko, "영아, 0에서 24개월"),
    ("6~59개월 영유아", Ko, "6에서 59개월 영유아"),
    ("만 3-5세 아동", Ko, "만 3에서 5세 아동"),
    ("기초일액의 60%를 120~210일 동안 받아요.", Ko, "기초일액의 60 퍼센트를 120에서 210일 동안 받아요."),
    ("60~120억원", Ko, "60에서 120억원"),
    ("10억원 ~ 120억원 이하", Ko, "10억원에서 120억원 이하"),
    ("120% 초과 ~ 150% 이하", Ko, "120 퍼센트 초과에서 150 퍼센트 이하"),
    ("25% 초과~50% 이하는 40%", Ko, "25 퍼센트 초과에서 50 퍼센트 이하는 40 퍼센트"),
    ("(2차) 2025년 8월~9월", Ko, "2차, 2025년 8월에서 9월"),
    ("월~금 09:00~18:00(공휴일 제외)", Ko, "월요일에서 금요일 아홉 시에서 18시, 공휴일 제외"),
    ("①～③의 경우", Ko, "1번에서 3번의 경우"),
    ("②~⑥번 서류는", Ko, "2번에서 6번 서류는"),
    ("상기 ①~②의 품목", Ko, "상기 1번에서 2번의 품목"),
    // List markers are said as numbers.
    ("❶긴급성(한시성), ❷돌봄", Ko, "1번 긴급성, 한시성, 2번 돌봄"),
    ("❶민간투자사가 ❷투자하고 ❸추천한", Ko, "1번 민간투자사가, 2번 투자하고, 3번 추천한"),
    ("① 혼자 거동하기 어렵거나", Ko, "1번 혼자 거동하기 어렵거나"),
    ("①진찰･검사 ②약제･치료재료의 지급", Ko, "1번 진찰, 검사, 2번 약제, 치료재료의 지급"),
    ("(1) 아래의 어느 하나에 해당하는", Ko, "1번 아래의 어느 하나에 해당하는"),
    ("1) 햇살론119 최초 대출 실행", Ko, "햇살론일일구 최초 대출 실행"),
    // Ages and amounts, which espeak-ng reads well, stay.
    ("만 65세 이상 홀몸어르신", Ko, "만 65세 이상 홀몸어르신"),
    ("만 13세 이상 만 18세 이하인 자", Ko, "만 13세 이상 만 18세 이하인 자"),
    ("월 10만 원×12개월", Ko, "월 10만 원 곱하기 12개월"),
    ("매월 30만 원 지급", Ko, "매월 30만 원 지급"),
    ("1인당 1,000,000원 생활비 지원 장학금", Ko, "1인당 1,000,000원 생활비 지원 장학금"),
    ("최대 110만원", Ko, "최대 110만원"),
    ("임대보증금 1억6천5백만원 이하 가구", Ko, "임대보증금 1억6천5백만원 이하 가구"),
    ("기준 중위소득 120% 이하인 자", Ko, "기준 중위소득 120 퍼센트 이하인 자"),
    ("중ㆍ고등학생", Ko, "중, 고등학생"),
    // Dates.
    ("2024.01.01~2024.12.31", Ko, "2024년 1월 1일에서 2024년 12월 31일"),
    ("상반기 2025.3.31.~2025.4.18.", Ko, "상반기 2025년 3월 31일에서 2025년 4월 18일"),
    ("2023-01-16~2023-02-10", Ko, "2023년 1월 16일에서 2023년 2월 10일"),
    ("2024.1~12월 연중", Ko, "2024년 1월에서 12월 연중"),
    // Phone numbers digit by digit; numbers that are not phone numbers not.
    ("다산콜센터/02-120", Ko, "다산콜센터, 공이, 일이공"),
    ("돌봄콜/1660-2642", Ko, "돌봄콜, 일육육공, 이육사이"),
    ("보건복지상담센터/129", Ko, "보건복지상담센터, 일이구"),
    ("한국기계산업진흥회/02-369-7907", Ko, "한국기계산업진흥회, 공이, 삼육구, 칠구공칠"),
    ("건강증진과/02-2148-3649", Ko, "건강증진과, 공이, 이일사팔, 삼육사구"),
    ("(☎1668-0420)", Ko, "일육육팔, 공사이공"),
    ("112에 신고", Ko, "일일이에 신고"),
    ("129에 전화해 알릴 수", Ko, "일이구에 전화해 알릴 수"),
    ("119 희망의 집 건축", Ko, "일일구 희망의 집 건축"),
    ("농수산물 품질관리법(제110조)", Ko, "농수산물 품질관리법, 제110조"),
    ("정왕동 876-366", Ko, "정왕동 876-366"),
    ("F40-49", Ko, "F40-49"),
    // English.
    ("60% of your average wage for 120 to 270 days, by age", En, "60 percent of your average wage for 120 to 270 days, by age"),
    ("call 112 for police or 119 for fire and ambulance", En, "call 1 1 2 for police or 1 1 9 for fire and ambulance"),
    ("aged 18 to 65.", En, "aged 18 to 65."),
    ("Youth aged 9~24 in crisis", En, "Youth aged 9 to 24 in crisis"),
    ("study 150,000~300,000 won a month", En, "study 150,000 to 300,000 won a month"),
    ("covering 90~100%", En, "covering 90 to 100 percent"),
    ("Period 2024.01.01~2024.12.31.", En, "Period 1st January 2024 to 31st December 2024"),
    ("407,500 won (2)", En, "407,500 won, 2"),
    ("grades 1-3", En, "grades 1 to 3"),
    ("50-60% of costs", En, "50 to 60 percent of costs"),
    ("500,000,000-5,000,000,000 won", En, "500,000,000 to 5,000,000,000 won"),
    ("weekdays 09:00~11:30", En, "weekdays 9 a.m. to 11:30 a.m."),
    ("counselling 09:00-21:30", En, "counselling 9 a.m. to 9:30 p.m."),
    ("(Tue, Thu) 19:00–22:00", En, "Tue, Thu, 7 p.m. to 10 p.m."),
    ("at 120% or less of median income", En, "at 120 percent or less of median income"),
    ("120 for multiple births", En, "120 for multiple births"),
    ("A voucher of 160,000 to 220,000 won a month", En, "A voucher of 160,000 to 220,000 won a month"),
    ("floors 2~3", En, "floors 2 to 3"),
    ("from 1 June of the year they turn 7 to age 24", En, "from 1 June of the year they turn 7 to age 24"),
    // A catalogue service's Korean details, said by the English voice.
    ("다산콜센터/02-120", En, "다산콜센터, 0 2, 1 2 0"),
    ("건강증진과/02-2148-3649", En, "건강증진과, 0 2, 2 1 4 8, 3 6 4 9"),
    ("만 19세 ~ 34세 이하", En, "만 19세 to 34세 이하"),
];

#[test]
fn real_phrases_are_said_with_their_meaning() {
    let wrong: Vec<String> = PHRASES
        .iter()
        .filter(|(text, lang, said)| for_speech(text, *lang) != *said)
        .map(|(text, lang, said)| {
            let got = for_speech(text, *lang);
            format!("({text:?}, {lang:?}, {got:?}), not {said:?}")
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_phrase_is_in_the_data() {
    let data = corpus_text();
    let missing: Vec<&str> = PHRASES
        .iter()
        .map(|(text, _, _)| *text)
        .filter(|text| !data.contains(text))
        .collect();
    assert!(PHRASES.len() >= 60, "{} phrases", PHRASES.len());
    assert!(missing.is_empty(), "not in corpus/: {missing:?}");
}

/// The curated entries, the catalogue and its plain-language layer, as
/// written on disk.
fn corpus_text() -> String {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    ["services", "catalogue/services", "plain"]
        .iter()
        .flat_map(|dir| fs::read_dir(corpus.join(dir)).expect("a corpus folder"))
        .map(|file| file.expect("a corpus file").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md" || e == "json"))
        .map(|path| fs::read_to_string(path).expect("a readable corpus file"))
        .collect()
}
