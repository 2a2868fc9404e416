//! Every word the UI shows, in English and Korean.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// The UI's words in one language.
pub struct Strings {
    pub app_title: &'static str,
    pub greeting: &'static str,
    pub type_question: &'static str,
    pub or_choose: &'static str,
    pub more_topics: &'static str,
    pub switch_language: &'static str,
    pub start_again: &'static str,
    pub loading: &'static str,
    pub searching: &'static str,
    pub bring: &'static str,
    pub where_: &'static str,
    pub fee: &'static str,
    pub time: &'static str,
    pub deadline: &'static str,
    pub who: &'static str,
    pub what_to_do: &'static str,
    pub good_to_know: &'static str,
    pub related: &'static str,
    pub helpful: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub thanks: &'static str,
    pub more_below: &'static str,
    pub did_you_mean: &'static str,
    pub none_of_these: &'static str,
    pub no_match: &'static str,
    pub still_there: &'static str,
    pub clearing_in: &'static str,
    pub seconds: &'static str,
    pub staff_pin: &'static str,
    pub services_for: &'static str,
    pub clerk_search: &'static str,
    pub clerk_keys: &'static str,
    pub slip_written: &'static str,
    pub failed: &'static str,
    pub you_asked: &'static str,
}

const EN: Strings = Strings {
    app_title: "minwon — public service help",
    greeting: "Hello. Ask about a public service.",
    type_question: "Type your question, then press Enter",
    or_choose: "Or choose a topic:",
    more_topics: "More topics",
    switch_language: "한국어",
    start_again: "Start again",
    loading: "Getting ready…",
    searching: "Looking for the answer…",
    bring: "Bring",
    where_: "Where",
    fee: "Fee",
    time: "Time",
    deadline: "Deadline",
    who: "Who",
    what_to_do: "What to do",
    good_to_know: "Good to know",
    related: "You may also need",
    helpful: "Was this helpful?",
    yes: "Yes",
    no: "No",
    thanks: "Thank you.",
    more_below: "▼ more below (↓ or PageDown)",
    did_you_mean: "Did you mean…",
    none_of_these: "None of these",
    no_match: "Sorry, I do not know the answer to that.",
    still_there: "Are you still there? Touch or press any key.",
    clearing_in: "The screen will be cleared in",
    seconds: "seconds",
    staff_pin: "Staff PIN, then Enter:",
    services_for: "Services for",
    clerk_search: "Search",
    clerk_keys: "↑↓ select  F2 한국어  F3 related  F4 slip  Esc clear/quit",
    slip_written: "Slip written",
    failed: "Something went wrong. Please ask staff.",
    you_asked: "You asked:",
};

const KO: Strings = Strings {
    app_title: "민원 안내",
    greeting: "안녕하세요. 민원 서비스에 대해 물어보세요.",
    type_question: "질문을 입력하고 Enter를 누르세요",
    or_choose: "또는 주제를 고르세요:",
    more_topics: "다른 주제",
    switch_language: "English",
    start_again: "처음으로",
    loading: "준비 중입니다…",
    searching: "답을 찾고 있습니다…",
    bring: "준비물",
    where_: "신청 장소",
    fee: "수수료",
    time: "처리 기간",
    deadline: "기한",
    who: "대상",
    what_to_do: "이렇게 하세요",
    good_to_know: "알아 두세요",
    related: "함께 필요할 수 있는 민원",
    helpful: "도움이 되었나요?",
    yes: "예",
    no: "아니요",
    thanks: "감사합니다.",
    more_below: "▼ 아래에 더 있습니다 (↓ 또는 PageDown)",
    did_you_mean: "이것을 찾으셨나요?",
    none_of_these: "해당 없음",
    no_match: "죄송합니다. 그 질문에 대한 답을 찾지 못했습니다.",
    still_there: "계속 이용하시나요? 아무 키나 누르세요.",
    clearing_in: "화면이 지워지기까지",
    seconds: "초",
    staff_pin: "직원 PIN 입력 후 Enter:",
    services_for: "관련 민원:",
    clerk_search: "검색",
    clerk_keys: "↑↓ 선택  F2 English  F3 관련  F4 안내문  Esc 지우기/종료",
    slip_written: "안내문 저장됨",
    failed: "문제가 생겼습니다. 직원에게 문의하세요.",
    you_asked: "질문:",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}
