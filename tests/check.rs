//! `minwon check` rule by rule. Each test writes a small corpus into a
//! temporary folder and breaks one thing: the real corpus is clean, so
//! broken files have to be made. One test checks the real corpus itself.

use std::fs;
use std::path::Path;

use crate::common::{minwon, stdout_lines};

const CATEGORIES: &str = r#"[[category]]
id = "home"
title = "Home"
title_ko = "집"
order = 1

[[life_event]]
id = "moved"
title = "I moved house"
title_ko = "이사했어요"
services = ["alpha", "beta"]
"#;

/// A valid service file; `id` also varies the questions so entries differ.
fn service(id: &str) -> String {
    format!(
        r#"+++
id = "{id}"
title = "Service {id}"
title_ko = "서비스 {id}"
category = "home"
summary = "A short plain sentence about {id}."
summary_ko = "{id}에 대한 짧은 문장이에요."
questions = [
  "how do I get {id}",
  "where is {id} done",
  "I need {id} for my landlord",
  "{id} how much",
  "my family needs {id} now",
  "{id} paper where get",
]
questions_ko = ["{id} 어디서 해요?", "{id} 신청", "{id} 서류"]
keywords = ["{id}", "{id} 키워드"]
bring = ["Your ID card"]
bring_ko = ["신분증"]
where = ["The community centre"]
where_ko = ["주민센터"]
fee = "Free."
fee_ko = "무료예요."
time = "Same day."
time_ko = "그날 끝나요."
who = "Anyone."
who_ko = "누구나 해요."
related = []
source = {{ agency = "Ministry", agency_ko = "부처", url = "https://www.gov.kr" }}
reviewed = 2026-11-20
+++

## What to do
1. Go to the community centre.
2. Show your ID card.

## 이렇게 하세요
1. 주민센터에 가세요.
2. 신분증을 보여 주세요.
"#
    )
}

/// A clean two-service corpus; `edit` breaks it.
pub fn corpus(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("services")).unwrap();
    fs::write(dir.path().join("categories.toml"), CATEGORIES).unwrap();
    for id in ["alpha", "beta"] {
        fs::write(dir.path().join(format!("services/{id}.md")), service(id)).unwrap();
    }
    edit(dir.path());
    dir
}

fn edit_file(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `minwon check` on a corpus; returns its stdout lines about the
/// corpus (the configuration lines after them, speech and the staff PIN,
/// are tests/speech.rs's and tests/cli.rs's) and the exit code.
pub fn check(dir: &Path) -> (Vec<String>, Option<i32>) {
    let output = minwon(&["--corpus", dir.to_str().unwrap(), "check"], b"");
    let mut lines = stdout_lines(&output);
    let corpus_lines = lines
        .iter()
        .rposition(|l| !l.starts_with("configuration: "))
        .map_or(0, |last| last + 1);
    assert_eq!(lines.len() - corpus_lines, 2, "{lines:?}");
    lines.truncate(corpus_lines);
    (lines, output.status.code())
}

/// Asserts exactly these problems (paths relative to the corpus folder).
fn assert_problems(dir: &tempfile::TempDir, expected: &[&str]) {
    let (lines, code) = check(dir.path());
    let prefix = format!("{}/", dir.path().display());
    let problems: Vec<String> = lines[..lines.len() - 1]
        .iter()
        .map(|l| l.replace(&prefix, ""))
        .collect();
    assert_eq!(problems, expected);
    assert_eq!(code, Some(1));
    let count = |word: &str| expected.iter().filter(|p| p.contains(word)).count();
    let (errors, warnings) = (count(": error: "), count(": warning: "));
    let summary = lines.last().unwrap();
    assert!(
        summary.contains(&format!("{errors} error"))
            && summary.contains(&format!("{warnings} warning")),
        "{summary}"
    );
}

#[test]
fn a_clean_corpus_passes() {
    let dir = corpus(|_| {});
    let (lines, code) = check(dir.path());
    assert_eq!(lines, ["checked 2 entries, 0 dev questions: no problems"]);
    assert_eq!(code, Some(0));
}

#[test]
fn the_bundled_corpus_passes() {
    let output = minwon(&["check"], b"");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(checks_the_whole_corpus(&stdout), "{stdout}");
}

#[test]
fn a_missing_corpus_folder_is_an_error() {
    let output = minwon(&["--corpus", "/nonexistent/corpus", "check"], b"");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn toml_syntax_errors_give_their_line() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "fee = \"Free.\"",
            "fee = \"Free.",
        )
    });
    let (lines, code) = check(dir.path());
    assert_eq!(code, Some(1));
    assert!(
        lines[0].contains("services/alpha.md:22: error: TOML syntax:"),
        "{lines:?}"
    );
}

#[test]
fn missing_front_matter() {
    let dir = corpus(|d| edit_file(&d.join("services/alpha.md"), "+++\nid", "id"));
    assert_problems(
        &dir,
        &["services/alpha.md:1: error: missing `+++` front matter at the top of the file"],
    );
}

#[test]
fn unknown_and_missing_fields() {
    let dir = corpus(|d| edit_file(&d.join("services/alpha.md"), "fee = ", "fees = "));
    assert_problems(
        &dir,
        &[
            "services/alpha.md:1: error: missing required field `fee`",
            "services/alpha.md:22: error: unknown field `fees`",
        ],
    );
}

#[test]
fn wrong_types_give_their_line() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "bring = [\"Your ID card\"]",
            "bring = \"Your ID card\"",
        )
    });
    assert_problems(
        &dir,
        &["services/alpha.md:18: error: invalid type: string \"Your ID card\", expected a sequence"],
    );
}

#[test]
fn id_must_match_the_file_name_and_be_unique() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/beta.md"),
            "id = \"beta\"",
            "id = \"alpha\"",
        )
    });
    let (lines, _) = check(dir.path());
    let lines: Vec<String> = lines
        .iter()
        .map(|l| l.replace(&format!("{}/", dir.path().display()), ""))
        .collect();
    assert!(lines.contains(
        &"services/beta.md:2: error: id `alpha` does not match the file name `beta.md`".to_string()
    ));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("services/beta.md:2: error: duplicate id `alpha` (also in ")));
}

#[test]
fn category_and_related_ids_must_exist() {
    let dir = corpus(|d| {
        let path = d.join("services/alpha.md");
        edit_file(&path, "category = \"home\"", "category = \"homes\"");
        edit_file(
            &path,
            "related = []",
            "related = [\"beta\", \"gamma\", \"alpha\"]",
        );
    });
    assert_problems(
        &dir,
        &[
            "services/alpha.md:5: error: unknown category `homes`",
            "services/alpha.md:28: error: `related` names unknown service `gamma`",
            "services/alpha.md:28: warning: `related` lists the entry itself",
        ],
    );
}

#[test]
fn the_same_question_in_two_entries() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/beta.md"),
            "\"how do I get beta\"",
            "\"How do I get ALPHA?\"",
        )
    });
    let (lines, _) = check(dir.path());
    let first = lines[0].replace(&format!("{}/", dir.path().display()), "");
    assert!(
        first.starts_with(
            "services/beta.md:9: warning: question \"How do I get ALPHA?\" is also in `alpha` ("
        ),
        "{first}"
    );
}

#[test]
fn too_few_questions_and_empty_lists() {
    let dir = corpus(|d| {
        let path = d.join("services/alpha.md");
        edit_file(
            &path,
            "questions_ko = [\"alpha 어디서 해요?\", \"alpha 신청\", \"alpha 서류\"]",
            "questions_ko = [\"alpha 신청\"]",
        );
        edit_file(&path, "bring = [\"Your ID card\"]", "bring = []");
        edit_file(&path, "fee = \"Free.\"", "fee = \"  \"");
    });
    assert_problems(
        &dir,
        &[
            "services/alpha.md:16: warning: `questions_ko` has 1 items (at least 3)",
            "services/alpha.md:18: warning: `bring` is empty",
            "services/alpha.md:19: warning: Korean bring has 1 items, English has 0: they must say the same",
            "services/alpha.md:22: warning: `fee` is empty",
        ],
    );
}

#[test]
fn summary_and_step_length() {
    let long = "word ".repeat(26);
    let dir = corpus(|d| {
        let path = d.join("services/alpha.md");
        edit_file(
            &path,
            "summary = \"A short plain sentence about alpha.\"",
            &format!("summary = \"{}\"", long.trim()),
        );
        edit_file(
            &path,
            "2. Show your ID card.",
            &format!("2. Show it. {}.", "very ".repeat(21).trim()),
        );
    });
    assert_problems(
        &dir,
        &[
            "services/alpha.md:6: warning: summary has 26 words (at most 25)",
            "services/alpha.md:35: warning: step sentence has 21 words (at most 20)",
        ],
    );
}

#[test]
fn summary_must_be_one_sentence() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "about alpha.\"",
            "about alpha. And more.\"",
        )
    });
    assert_problems(
        &dir,
        &["services/alpha.md:6: warning: summary is more than one sentence"],
    );
}

#[test]
fn steps_section_and_count() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "## What to do",
            "## What you do",
        );
        let nine: String = (1..=9).map(|i| format!("{i}. Step {i}.\n")).collect();
        edit_file(
            &d.join("services/beta.md"),
            "1. Go to the community centre.\n2. Show your ID card.\n",
            &nine,
        );
    });
    assert_problems(
        &dir,
        &[
            "services/alpha.md:32: warning: missing `## What to do` section",
            "services/alpha.md:37: warning: Korean steps has 2 items, English has 0: they must say the same",
            "services/beta.md:32: warning: 9 steps (at most 8)",
            "services/beta.md:44: warning: Korean steps has 2 items, English has 9: they must say the same",
        ],
    );
}

#[test]
fn decomposed_hangul_is_not_nfc() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "title_ko = \"서비스",
            "title_ko = \"\u{1109}\u{1165}\u{1107}\u{1175}\u{1109}\u{1173}",
        )
    });
    assert_problems(
        &dir,
        &["services/alpha.md:4: warning: text is not NFC-normalised (decomposed Hangul displays broken); save it as NFC"],
    );
}

#[test]
fn source_url_must_be_https() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "https://www.gov.kr",
            "http://www.gov.kr",
        )
    });
    assert_problems(
        &dir,
        &["services/alpha.md:29: warning: source url `http://www.gov.kr` does not start with https://"],
    );
}

#[test]
fn life_events_must_name_real_services_and_cover_all() {
    let dir = corpus(|d| {
        edit_file(
            &d.join("categories.toml"),
            "services = [\"alpha\", \"beta\"]",
            "services = [\"alpha\", \"gamma\"]",
        )
    });
    assert_problems(
        &dir,
        &[
            "categories.toml:1: warning: service `beta` is in no life event (kiosk users browsing by tile cannot reach it)",
            "categories.toml:11: error: life event `moved` names unknown service `gamma`",
        ],
    );
}

#[test]
fn duplicate_category_ids() {
    let dir = corpus(|d| {
        let text = fs::read_to_string(d.join("categories.toml")).unwrap();
        let twice = text.replacen("[[life_event]]", "[[category]]\nid = \"home\"\ntitle = \"Again\"\ntitle_ko = \"다시\"\norder = 2\n\n[[life_event]]", 1);
        fs::write(d.join("categories.toml"), twice).unwrap();
    });
    assert_problems(
        &dir,
        &["categories.toml:2: error: duplicate category id `home`"],
    );
}

#[test]
fn dev_set_lines_are_checked_and_may_not_repeat_corpus_questions() {
    let dir = corpus(|d| {
        fs::create_dir_all(d.join("eval")).unwrap();
        let lines = [
            r#"{"q": "alpha please", "id": "alpha", "lang": "en", "style": "plain"}"#,
            r#"{"q": "where is alpha done", "id": "alpha", "lang": "en", "style": "plain"}"#,
            r#"{"q": "gamma", "id": "gamma", "lang": "en", "style": "poetry"}"#,
            r#"not json"#,
            r#"{"q": "bonjour", "id": "alpha", "lang": "fr", "style": "plain"}"#,
            r#"{"q": "Alpha, please!", "id": "none", "lang": "en", "style": "oos"}"#,
        ];
        fs::write(d.join("eval/dev.jsonl"), lines.join("\n")).unwrap();
    });
    let (lines, code) = check(dir.path());
    assert_eq!(code, Some(1));
    let lines: Vec<String> = lines
        .iter()
        .map(|l| l.replace(&format!("{}/", dir.path().display()), ""))
        .collect();
    assert!(lines[0].starts_with("eval/dev.jsonl:2: warning: question \"where is alpha done\" repeats a corpus question of `alpha` ("), "{lines:?}");
    assert_eq!(
        &lines[1..6],
        [
            "eval/dev.jsonl:3: warning: unknown service id `gamma`",
            "eval/dev.jsonl:3: warning: style `poetry` is not one of plain, situation, lowlit, clerk, romanised, oos",
            "eval/dev.jsonl:4: warning: not a labelled question: expected ident at line 1 column 2",
            "eval/dev.jsonl:5: warning: not a labelled question: unknown variant `fr`, expected `ko` or `en` at line 1 column 44",
            "eval/dev.jsonl:6: warning: question \"Alpha, please!\" repeats line 1",
        ]
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let dir = corpus(|d| {
        edit_file(&d.join("services/alpha.md"), "fee = ", "fees = ");
        edit_file(&d.join("services/beta.md"), "https://", "http://");
    });
    let (lines, _) = check(dir.path());
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[3].ends_with("2 errors, 1 warning in 2 files (errors stop `ask` and the UI)"),
        "{lines:?}"
    );
}

#[test]
fn korean_parts_must_be_there_and_carry_the_same_numbers() {
    let dir = corpus(|d| {
        let path = d.join("services/alpha.md");
        edit_file(&path, "fee_ko = \"무료예요.\"\n", "");
        edit_file(&path, "time = \"Same day.\"", "time = \"Within 14 days.\"");
        edit_file(
            &path,
            "time_ko = \"그날 끝나요.\"",
            "time_ko = \"30일 안에 끝나요.\"",
        );
        edit_file(&path, "2. 신분증을 보여 주세요.\n", "");
    });
    assert_problems(
        &dir,
        &[
            "services/alpha.md:22: warning: missing `fee_ko`: Korean readers see the English `fee`",
            "services/alpha.md:24: warning: time: numbers differ (14 only in English; 30 only in Korean)",
            "services/alpha.md:36: warning: Korean steps has 1 items, English has 2: they must say the same",
        ],
    );
}

#[test]
fn only_errors_stop_the_corpus_from_loading() {
    let warned = corpus(|d| edit_file(&d.join("services/beta.md"), "https://", "http://"));
    let loaded = minwon::corpus::Corpus::load(warned.path()).expect("warnings do not stop it");
    assert_eq!(loaded.entries().len(), 2);

    let broken = corpus(|d| {
        edit_file(
            &d.join("services/alpha.md"),
            "related = []",
            "related = [\"gamma\"]",
        )
    });
    let err = minwon::corpus::Corpus::load(broken.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("services/alpha.md:28: error: `related` names unknown service `gamma`"),
        "{err}"
    );

    // A bad dev set never stops the kiosk either.
    let bad_dev = corpus(|d| {
        fs::create_dir_all(d.join("eval")).unwrap();
        fs::write(d.join("eval/dev.jsonl"), "not json\n").unwrap();
    });
    assert!(minwon::corpus::Corpus::load(bad_dev.path()).is_ok());
}

/// Whether `check`'s summary counts the curated entries and the catalogue's
/// 10,000-odd services.
pub fn checks_the_whole_corpus(stdout: &str) -> bool {
    stdout
        .strip_prefix("checked ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.parse::<usize>().ok())
        .is_some_and(|count| count > 10_000)
}

#[test]
fn a_left_out_record_no_longer_in_the_catalogue_is_a_warning_and_a_bad_file_an_error() {
    let write = |dir: &Path, text: &str| {
        fs::create_dir_all(dir.join("catalogue")).unwrap();
        fs::write(dir.join("catalogue/left-out.toml"), text).unwrap();
    };
    let stale = corpus(|dir| write(dir, "[[service]]\nid = \"123\"\nwhy = \"a test entry\"\n"));
    assert_problems(
        &stale,
        &["corpus/catalogue/left-out.toml:1: warning: 123 is left out but not in the catalogue"],
    );
    let twice = "[[service]]\nid = \"1\"\nwhy = \"a\"\n[[service]]\nid = \"1\"\nwhy = \"b\"\n";
    let bad = corpus(|dir| write(dir, twice));
    assert_problems(
        &bad,
        &["catalogue/left-out.toml:5: error: 1 is left out twice"],
    );
}
