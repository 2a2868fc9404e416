//! Retrieval end to end: the real model, the real corpus and a real index
//! built into a temporary folder (never the working tree's `index/`, so
//! tests can run in parallel).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::common::{minwon, repo, stdout_lines};

/// An index of the bundled corpus, built once for the tests that only read it.
pub fn shared_index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().to_str().unwrap();
        let output = minwon(&["--index", index, "index"], b"");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir
    })
    .path()
}

/// A private copy of the shared index (its embedding cache makes rebuilds cheap).
fn index_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(shared_index(), dir.path());
    dir
}

/// A private copy of the bundled corpus, for tests that edit it.
pub fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("corpus"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn live_version(index: &Path) -> PathBuf {
    index.join(fs::read_to_string(index.join("CURRENT")).unwrap().trim())
}

#[derive(Debug, Deserialize)]
struct JsonReply {
    query: String,
    decision: String,
    results: Vec<JsonHit>,
    #[serde(default)]
    understood: Option<String>,
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
struct JsonHit {
    id: String,
    title: String,
    score: f32,
}

/// Runs `minwon [global options] ask --json [ask flags]`.
fn ask_json(
    index: &Path,
    globals: &[&str],
    flags: &[&str],
    stdin: &[u8],
) -> (Vec<JsonReply>, String, Option<i32>) {
    let mut args = vec!["--index", index.to_str().unwrap()];
    args.extend_from_slice(globals);
    args.extend_from_slice(&["ask", "--json"]);
    args.extend_from_slice(flags);
    let output = minwon(&args, stdin);
    let replies = stdout_lines(&output)
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    (
        replies,
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

#[test]
fn every_corpus_question_finds_its_own_entry_first() {
    let corpus = minwon::corpus::Corpus::load(&repo().join("corpus")).unwrap();
    let mut input = String::new();
    let mut expected = Vec::new();
    for entry in corpus.curated() {
        for q in entry.questions.iter().chain(&entry.questions_ko) {
            input.push_str(q);
            input.push('\n');
            expected.push(entry.id.clone());
        }
    }
    let (replies, stderr, code) =
        ask_json(shared_index(), &[], &["--no-rebuild"], input.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(replies.len(), expected.len());
    // Nearly all first, and all but one in 500 in the top 3: since the
    // layer, 1,689 catalogue services compete, and a few are fair rivals.
    // Asked "What is medical aid and who can get it?", the dozen Medical
    // Aid services (dentures, care costs, check-ups …) each fit it with two
    // of their ways of asking and, since an entry's second-best vector
    // counts (`[fusion] second_vector`), all outrank the broad curated entry
    // whose one question it is (docs/QUALITY.md).
    let (mut first, mut outside_top3) = (0, Vec::new());
    for (reply, id) in replies.iter().zip(&expected) {
        let rank = reply.results.iter().position(|r| &r.id == id);
        if rank.is_none_or(|r| r >= 3) {
            outside_top3.push(&reply.query);
        }
        first += usize::from(rank == Some(0));
    }
    assert!(
        outside_top3.len() <= expected.len() / 500,
        "{outside_top3:?}"
    );
    let share = first as f64 / expected.len() as f64;
    assert!(share >= 0.99, "only {first} of {} first", expected.len());
}

#[test]
fn json_has_one_line_per_input_line_with_top_k_results() {
    let input = "we had a baby what now\n\npasport new how\n   \n아기 출생신고\n";
    let (replies, stderr, code) =
        ask_json(shared_index(), &[], &["--no-rebuild"], input.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    let queries: Vec<&str> = replies.iter().map(|r| r.query.as_str()).collect();
    assert_eq!(
        queries,
        [
            "we had a baby what now",
            "",
            "pasport new how",
            "   ",
            "아기 출생신고"
        ]
    );
    for reply in &replies {
        assert_eq!(reply.results.len(), 3);
        assert!(reply.results.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(reply.results.iter().all(|h| !h.title.is_empty()));
        assert!(["answer", "choices", "no_match"].contains(&reply.decision.as_str()));
    }
    assert_eq!(replies[1].decision, "no_match");
    assert_eq!(replies[3].decision, "no_match");
    assert_eq!(replies[4].results[0].id, "birth-registration");
}

#[test]
fn odd_queries_never_panic() {
    let huge = "passport ".repeat(12_000);
    let input =
        format!("\u{1b}[2J\u{1b}[31mred\u{7}\n😭😭😭\n{huge}\n\u{0}\u{1}\u{2}\n주민등록등본\n\u{1b}[31m주민등록\u{7}등본\u{1b}[0m\n",);
    let (replies, stderr, code) =
        ask_json(shared_index(), &[], &["--no-rebuild"], input.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(replies.len(), 6);
    assert_eq!(replies[1].decision, "no_match");
    assert_eq!(replies[3].decision, "no_match");
    // A colour code or a bell pasted into a question is not part of it.
    let ids = |i: usize| {
        replies[i]
            .results
            .iter()
            .map(|r| r.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(replies[5].decision, replies[4].decision);
    assert_eq!(ids(5), ids(4));
}

#[test]
fn romanised_korean_names_reach_their_service_and_the_reply_stays_english() {
    // The way foreign residents learn the names of services; each read back
    // into Hangul with the syllables the corpus knows.
    let input = "gichoyeongeum sincheong\njumin deungbon balgeup\nbumo geubyeo\n\
                 tell me a joke\nwhat time is it in tokyo\n";
    let (replies, stderr, code) =
        ask_json(shared_index(), &[], &["--no-rebuild"], input.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    let expected = [
        ("기초연금 신청", "basic-pension"),
        ("주민 등본 발급", "resident-registration-copy"),
        ("부모 급여", "childbirth-support"),
    ];
    for (reply, (hangul, id)) in replies.iter().zip(expected) {
        assert_eq!(reply.understood.as_deref(), Some(hangul), "{}", reply.query);
        assert_eq!(reply.lang.as_deref(), Some("en"), "{}", reply.query);
        let rank = reply.results.iter().position(|r| r.id == id);
        assert!(rank.is_some_and(|r| r < 3), "{}: {rank:?}", reply.query);
        assert_ne!(reply.decision, "no_match", "{}", reply.query);
    }
    // English stays English, even where it spells syllables (족에, 토교).
    for reply in &replies[3..] {
        assert_eq!(reply.understood, None, "{}", reply.query);
        assert_eq!(reply.decision, "no_match", "{}", reply.query);
    }
}

#[test]
fn the_service_citizens_open_far_more_often_comes_first_among_near_equals() {
    // Persona tune questions whose first result was a near miss until the
    // ranking weighed the catalogue's view counts: the national job-seeking
    // programme (755,000 views) against a shop-management rating (920),
    // and the curated emergency welfare entry against its emergency
    // childbirth payment.
    let input =
        "가게 문 닫고 빚만 남았어요. 다시 일자리 구하고 싶은데\nemergency welfare support\n";
    let (replies, stderr, code) = ask_json(
        shared_index(),
        &["--region", "서울특별시 종로구"],
        &["--no-rebuild"],
        input.as_bytes(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let firsts: Vec<&str> = replies.iter().map(|r| r.results[0].id.as_str()).collect();
    assert_eq!(firsts, ["gov24-149200005007", "emergency-welfare"]);
    // The order weighs popularity; each score stays the match alone.
    let scores: Vec<f32> = replies[0].results.iter().map(|r| r.score).collect();
    assert!(scores[0] < scores[1], "{scores:?}");
}

#[test]
fn top_k_sets_the_number_of_results() {
    let output = minwon(
        &[
            "--index",
            shared_index().to_str().unwrap(),
            "ask",
            "--json",
            "--top-k",
            "5",
            "lost my id card",
        ],
        b"",
    );
    let lines = stdout_lines(&output);
    assert_eq!(lines.len(), 1);
    let reply: JsonReply = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(reply.results.len(), 5);
}

/// Runs `minwon eval` on the shared index with `args` and asserts it passes
/// its floors (exit 0), printing the table when it does not.
fn eval_passes(args: &[&str]) {
    let mut all = vec!["--index", shared_index().to_str().unwrap(), "eval"];
    all.extend_from_slice(args);
    let output = minwon(&all, b"");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
}

#[test]
fn dev_set_quality_stays_above_its_floor() {
    // Floors a little under the measured values on the whole dev set (top-1
    // 0.922, top-3 0.987, helped 0.978, confidently wrong 0.000,
    // out-of-scope rejected 0.899; docs/QUALITY.md), so a regression fails
    // CI while float noise across machines does not. (Lower than before the
    // plain-language layer: catalogue services now compete with the curated
    // entries, and the English bar is higher; and since the romanised
    // questions joined: docs/QUALITY.md.)
    eval_passes(&[
        "--min-top1",
        "0.88",
        "--min-top3",
        "0.97",
        "--min-helped",
        "0.90",
        "--max-confidently-wrong",
        "0.02",
        "--min-oos-rejection",
        "0.80",
    ]);
}

#[test]
fn catalogue_questions_stay_above_their_floor() {
    // Measured on corpus/eval/catalogue.jsonl, each question in its own
    // kiosk's region: top-1 0.930, top-3 0.987, helped 0.985, confidently
    // wrong 0.000, out-of-scope rejected 0.446 (docs/QUALITY.md; its
    // out-of-scope questions are near misses the calibration holds to 0.3
    // only: since the bars came down they are offered as choices, never
    // answered, so the floor is 0.40; it was 0.45 until the English bar
    // came down to 0.811, which offers two more of them as choices).
    eval_passes(&[
        "corpus/eval/catalogue.jsonl",
        "--min-top1",
        "0.90",
        "--min-top3",
        "0.96",
        "--min-helped",
        "0.95",
        "--max-confidently-wrong",
        "0.02",
        "--min-oos-rejection",
        "0.40",
    ]);
}

#[test]
fn blind_catalogue_questions_stay_above_their_floor() {
    // The blind set (never tuned on; corpus/eval/BLIND.md): top-1 0.754,
    // top-3 0.892, helped 0.865, confidently wrong 0.000, out-of-scope
    // rejected 0.883. A floor only guards against regressions.
    eval_passes(&[
        "corpus/eval/blind.jsonl",
        "--min-top1",
        "0.72",
        "--min-top3",
        "0.85",
        "--min-helped",
        "0.82",
        "--max-confidently-wrong",
        "0.02",
        "--min-oos-rejection",
        "0.85",
    ]);
}

#[test]
fn persona_questions_stay_above_their_floor() {
    // The persona tune set (corpus/eval/PERSONAS.md), written like the
    // blind one: top-1 0.785, top-3 0.919, helped 0.895, confidently wrong
    // 0.000, out-of-scope rejected 0.895 (the calibration holds it to 0.80).
    eval_passes(&[
        "corpus/eval/personas.jsonl",
        "--min-top1",
        "0.73",
        "--min-top3",
        "0.86",
        "--min-helped",
        "0.81",
        "--max-confidently-wrong",
        "0.02",
        "--min-oos-rejection",
        "0.80",
    ]);
}

#[test]
fn a_stale_index_is_refused_with_no_rebuild_and_rebuilt_otherwise() {
    let index = index_copy();
    let corpus = corpus_copy();
    let entry = corpus.path().join("services/passport-issue.md");
    let text = fs::read_to_string(&entry).unwrap();
    fs::write(&entry, text.replace("## What to do", "## What to do\n")).unwrap();
    let args = ["--corpus", corpus.path().to_str().unwrap()];

    let refused = ask_json(index.path(), &args, &["--no-rebuild"], b"passport\n");
    assert_eq!(refused.2, Some(2));
    assert!(
        refused.1.contains(
            "out of date: the corpus changed (1 edited, 0 added, 0 removed); run `minwon index`"
        ),
        "{}",
        refused.1
    );

    let (replies, stderr, code) = ask_json(index.path(), &args, &[], b"passport\n");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("rebuilding it now"), "{stderr}");
    assert_eq!(replies[0].results[0].id, "passport-issue");
}

#[test]
fn a_corrupt_index_file_is_detected_and_rebuilt() {
    let index = index_copy();
    let vectors = live_version(index.path()).join("vectors.bin");
    let mut bytes = fs::read(&vectors).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&vectors, &bytes).unwrap();

    let refused = ask_json(index.path(), &[], &["--no-rebuild"], b"passport\n");
    assert_eq!(refused.2, Some(2));
    assert!(
        refused.1.contains("vectors.bin: checksum mismatch"),
        "{}",
        refused.1
    );

    let (replies, stderr, code) = ask_json(index.path(), &[], &[], b"lost my passport\n");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("rebuilding it now"));
    assert_eq!(replies[0].results[0].id, "passport-issue");
}

#[test]
fn a_truncated_manifest_is_detected_and_rebuilt() {
    let index = index_copy();
    let manifest = live_version(index.path()).join("manifest.json");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, &text[..text.len() / 3]).unwrap();
    let (replies, stderr, code) = ask_json(index.path(), &[], &[], b"passport\n");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("not a minwon manifest"), "{stderr}");
    assert_eq!(replies.len(), 1);
}

#[test]
fn an_interrupted_build_leaves_the_previous_index_usable() {
    let index = index_copy();
    // What a build killed half-way leaves: a staging folder with partial files.
    let stale = index.path().join(".build-999999");
    fs::create_dir_all(&stale).unwrap();
    fs::write(stale.join("vectors.bin"), b"partial").unwrap();

    let (replies, stderr, code) =
        ask_json(index.path(), &[], &["--no-rebuild"], b"lost my passport\n");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(replies[0].results[0].id, "passport-issue");

    let output = minwon(&["--index", index.path().to_str().unwrap(), "index"], b"");
    assert!(output.status.success());
    assert!(
        !stale.exists(),
        "the next build clears the stale staging folder"
    );
}

#[test]
fn reindexing_after_one_edit_embeds_only_the_changed_texts() {
    let index = index_copy();
    let corpus = corpus_copy();
    let entry = corpus.path().join("services/pet-registration.md");
    let text = fs::read_to_string(&entry).unwrap();
    let edited = text.replacen(
        "questions = [",
        "questions = [\n  \"my puppy needs a government microchip record\",",
        1,
    );
    fs::write(&entry, edited).unwrap();
    let output = minwon(
        &[
            "--index",
            index.path().to_str().unwrap(),
            "--corpus",
            corpus.path().to_str().unwrap(),
            "index",
        ],
        b"",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("(1 embedded,"), "{stderr}");
}

#[test]
fn a_missing_index_without_rebuild_names_the_command() {
    let empty = tempfile::tempdir().unwrap();
    let (_, stderr, code) = ask_json(empty.path(), &[], &["--no-rebuild"], b"passport\n");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no index in") && stderr.contains("run `minwon index`"),
        "{stderr}"
    );
}

#[test]
fn hnsw_agrees_with_exact_search_on_the_real_index() {
    use minwon::index::vector::VectorIndex;
    let version = live_version(shared_index());
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(version.join("manifest.json")).unwrap()).unwrap();
    let dimension = manifest["dimension"].as_u64().unwrap() as usize;
    let data: Vec<f32> = fs::read(version.join("vectors.bin"))
        .unwrap()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let index = VectorIndex::new(dimension, data.clone(), Default::default(), true);
    let mut agree = 0;
    // Every ninth vector as a question: 3,500 of them, 35,000 neighbours to
    // agree on, a recall of 0.99 measured to within a tenth of a point.
    let queries: Vec<&[f32]> = data.chunks_exact(dimension).step_by(9).collect();
    for query in &queries {
        let exact: Vec<usize> = index.exact(query, 10).iter().map(|n| n.vector).collect();
        let approx: Vec<usize> = index
            .approximate(query, 10)
            .iter()
            .map(|n| n.vector)
            .collect();
        agree += approx.iter().filter(|v| exact.contains(v)).count();
    }
    let recall = agree as f64 / (queries.len() * 10) as f64;
    assert!(recall >= 0.99, "recall@10 {recall}");
}

#[test]
fn a_kiosk_finds_only_the_services_its_region_covers() {
    use minwon::corpus::catalogue::{covers, Region};
    use minwon::corpus::{Corpus, Entry};
    let corpus = Corpus::load(&repo().join("corpus")).unwrap();
    // Questions about other places' services, and one anywhere has.
    let input = "부산 청년 월세 지원\n제주 어르신 교통비\n청년 월세 지원\n";
    for (region, kiosk) in [
        (
            Some("서울특별시 종로구"),
            Region::parse("서울특별시 종로구").ok(),
        ),
        (None, None),
    ] {
        let globals: Vec<&str> = region.iter().flat_map(|r| ["--region", *r]).collect();
        let (replies, stderr, code) = ask_json(
            shared_index(),
            &globals,
            &["--no-rebuild", "--top-k", "30"],
            input.as_bytes(),
        );
        assert_eq!(code, Some(0), "{stderr}");
        let mut catalogue_hits = 0;
        for hit in replies.iter().flat_map(|r| &r.results) {
            if let Some(Entry::Catalogue(service)) = corpus.get(&hit.id) {
                catalogue_hits += 1;
                assert!(
                    covers(kiosk.as_ref(), &service.region),
                    "{} ({:?}) shown at {region:?}",
                    hit.id,
                    service.region
                );
            }
        }
        assert!(
            catalogue_hits > 30,
            "{catalogue_hits} catalogue services found"
        );
    }
}

#[test]
fn the_portals_test_record_is_left_out_and_never_shown() {
    use minwon::corpus::Corpus;
    let record = "gov24-174100000034";
    let corpus = Corpus::load(&repo().join("corpus")).unwrap();
    assert!(corpus.get(record).is_none());
    // Its name, and the need its 지원대상 describes.
    let input = "온라인 신청 시연 테스트\n오래된 아파트 공동주택 보조금\n";
    let (replies, stderr, code) = ask_json(
        shared_index(),
        &[],
        &["--no-rebuild", "--top-k", "30"],
        input.as_bytes(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(replies.len(), 2);
    assert!(replies
        .iter()
        .flat_map(|r| &r.results)
        .all(|h| h.id != record));
}

#[test]
fn a_flipped_bit_in_the_embedding_cache_never_poisons_the_answers() {
    let index = index_copy();
    let cache = index.path().join("embed-cache.bin");
    let mut bytes = fs::read(&cache).unwrap();
    // The first record's vector (after the 48-byte header and its 32-byte
    // key): what once made every question answer 확정일자 with score null.
    bytes[83] ^= 0x40;
    fs::write(&cache, &bytes).unwrap();
    let output = minwon(&["--index", index.path().to_str().unwrap(), "index"], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("(1 embedded,"),
        "the damaged record is embedded again: {stderr}"
    );

    // The rebuilt index answers exactly as the undamaged one does.
    let questions = "여권 재발급\n아기 낳았어요\nlost my id card\n".as_bytes();
    let (replies, stderr, code) = ask_json(index.path(), &[], &["--no-rebuild"], questions);
    assert_eq!(code, Some(0), "{stderr}");
    let (clean, _, _) = ask_json(shared_index(), &[], &["--no-rebuild"], questions);
    let firsts = |r: &[JsonReply]| -> Vec<(String, f32)> {
        r.iter()
            .map(|r| (r.results[0].id.clone(), r.results[0].score))
            .collect()
    };
    assert_eq!(firsts(&replies), firsts(&clean));
    assert!(replies.iter().all(|r| r.results[0].score.is_finite()));
    assert_eq!(replies[0].results[0].id, "passport-issue");
}

#[test]
fn two_writers_never_leave_a_broken_index_and_readers_keep_reading() {
    use std::process::{Command, Stdio};
    let index = index_copy();
    let dir = index.path().to_str().unwrap();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_minwon"))
            .args(["--index", dir, "index"])
            .current_dir(repo())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..3 {
        let (first, second) = (spawn(), spawn());
        // Readers while the two writers run never see a missing file.
        for _ in 0..3 {
            let (replies, stderr, code) =
                ask_json(index.path(), &[], &["--no-rebuild"], b"lost my passport\n");
            assert_eq!(code, Some(0), "{stderr}");
            assert_eq!(replies[0].results[0].id, "passport-issue");
        }
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success() || stderr.contains("another minwon is writing the index"),
                "{stderr}"
            );
        }
        assert!(live_version(index.path()).join("manifest.json").is_file());
    }
}
