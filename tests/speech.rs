//! Reading aloud through a real process: the engine runner with stand-in
//! commands (text on stdin or in an argument, stop kills the whole process
//! group, children reaped, failures and missing engines reported), an
//! answer rendered to a WAV file by espeak-ng, and `minwon check`'s
//! configuration line.

use std::fs;
use std::path::Path;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use minwon::config::SpeechConfig;
use minwon::corpus::Corpus;
use minwon::lang::Lang;
use minwon::layout::{layout, Detail};
use minwon::speech::{check, Ended, Speaker, SpeechError, Tuning, Utterance};

use crate::common::{minwon, repo, stdout_lines};

fn config(command: &[&str]) -> SpeechConfig {
    SpeechConfig {
        command: command.iter().map(|a| a.to_string()).collect(),
        ..SpeechConfig::default()
    }
}

/// A speaker for `command` and the channel its ends arrive on.
fn engine(command: &[&str]) -> (Speaker, Receiver<Ended>) {
    let (tx, rx) = channel();
    let speaker = Speaker::new(&config(command), move |ended| {
        let _ = tx.send(ended);
    });
    (speaker, rx)
}

fn utterance(lang: Lang, text: &str) -> Utterance {
    Utterance {
        lang,
        text: text.into(),
    }
}

fn ended(rx: &Receiver<Ended>) -> Ended {
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the engine's end is reported")
}

/// Waits for a file a stand-in engine writes.
fn wait_for(path: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        match fs::read_to_string(path) {
            Ok(text) if text.ends_with('\n') => return text,
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    panic!("{} was not written", path.display());
}

/// Whether a process is gone: reaped, not a zombie left behind.
fn gone(pid: &str) -> bool {
    let stat = fs::read_to_string(format!("/proc/{}/stat", pid.trim()));
    stat.map_or(true, |s| {
        s.split(") ")
            .nth(1)
            .is_some_and(|rest| rest.starts_with('Z'))
    })
}

fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < Duration::from_secs(10), "{what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_text_goes_to_stdin_or_into_the_text_argument_with_the_voice() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("said");
    let script = format!(
        "echo \"$1 $2\" > {0}; cat >> {0}; echo >> {0}",
        out.display()
    );
    let (speaker, rx) = engine(&["sh", "-c", &script, "sh", "{voice}", "{rate}"]);
    speaker.speak(1, &utterance(Lang::Ko, "안녕하세요."), Tuning::default());
    assert_eq!(
        ended(&rx),
        Ended {
            seq: 1,
            result: Ok(())
        }
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "ko 150\n안녕하세요.\n");

    let script = format!("printf '%s|%s\\n' \"$1\" \"$2\" > {}", out.display());
    let (speaker, rx) = engine(&["sh", "-c", &script, "sh", "{voice}", "{text}"]);
    // A placeholder inside the text is not filled in again.
    speaker.speak(2, &utterance(Lang::En, "Hello {voice}."), Tuning::default());
    assert_eq!(ended(&rx).result, Ok(()));
    assert_eq!(fs::read_to_string(&out).unwrap(), "en|Hello {voice}.\n");
}

#[test]
fn the_listener_s_speed_and_volume_reach_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("said");
    let script = format!("echo \"$1 $2\" >> {}", out.display());
    let (speaker, rx) = engine(&["sh", "-c", &script, "sh", "{rate}", "{volume}"]);
    let mut tuning = Tuning::default();
    speaker.speak(1, &utterance(Lang::Ko, "보통"), tuning);
    ended(&rx);
    assert!(tuning.change_rate(-1) && tuning.change_volume(1));
    speaker.speak(2, &utterance(Lang::Ko, "느리고 크게"), tuning);
    ended(&rx);
    // Three steps is the end: a fourth changes nothing and says so.
    assert!(tuning.change_rate(1) && tuning.change_rate(1) && tuning.change_rate(1));
    assert!(tuning.change_rate(1) && !tuning.change_rate(1));
    speaker.speak(3, &utterance(Lang::Ko, "빠르게"), tuning);
    ended(&rx);
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "150 100\n120 133\n240 133\n"
    );
}

#[test]
fn korean_words_in_english_are_said_in_the_korean_voice_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("said");
    let script = format!(
        "printf '%s|' \"$1\" >> {0}; cat >> {0}; echo >> {0}",
        out.display()
    );
    let (speaker, rx) = engine(&["sh", "-c", &script, "sh", "{voice}"]);
    let text = "Basic pension. In Korean: 기초연금. Phone: 129.";
    speaker.speak(1, &utterance(Lang::En, text), Tuning::default());
    assert_eq!(
        ended(&rx),
        Ended {
            seq: 1,
            result: Ok(())
        }
    );
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "en|Basic pension. In Korean:\nko|기초연금.\nen|Phone: 129.\n"
    );
    // A stop during one passage says none of the rest.
    fs::remove_file(&out).unwrap();
    let script = format!("echo \"$1\" >> {}; sleep 60", out.display());
    let (speaker, rx) = engine(&["sh", "-c", &script, "sh", "{voice}"]);
    speaker.speak(2, &utterance(Lang::En, text), Tuning::default());
    assert_eq!(wait_for(&out), "en\n");
    speaker.stop();
    assert_eq!(ended(&rx).result, Ok(()));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(fs::read_to_string(&out).unwrap(), "en\n");
}

#[test]
fn stop_kills_everything_the_engine_started_and_reaps_it() {
    let dir = tempfile::tempdir().unwrap();
    let pids = dir.path().join("pids");
    // The engine starts a player of its own, as `engine | aplay` would.
    let script = format!("sleep 60 & echo $$ $! > {}; wait", pids.display());
    let (speaker, rx) = engine(&["sh", "-c", &script]);
    let start = Instant::now();
    speaker.speak(7, &utterance(Lang::Ko, "길게 말해요."), Tuning::default());
    assert!(start.elapsed() < Duration::from_millis(500));
    let written = wait_for(&pids);
    let (engine, player) = written.trim().split_once(' ').unwrap();
    assert!(!gone(engine) && !gone(player));
    speaker.stop();
    // A stop is not a failure.
    assert_eq!(
        ended(&rx),
        Ended {
            seq: 7,
            result: Ok(())
        }
    );
    eventually("the engine is reaped", || gone(engine));
    eventually("the engine's player is killed", || gone(player));
}

#[test]
fn a_new_utterance_cuts_the_last_one_off() {
    let (speaker, rx) = engine(&["sleep", "60"]);
    speaker.speak(1, &utterance(Lang::Ko, "하나"), Tuning::default());
    speaker.speak(2, &utterance(Lang::Ko, "둘"), Tuning::default());
    assert_eq!(
        ended(&rx),
        Ended {
            seq: 1,
            result: Ok(())
        }
    );
    drop(speaker);
    assert_eq!(
        ended(&rx),
        Ended {
            seq: 2,
            result: Ok(())
        }
    );
}

#[test]
fn a_finished_engine_is_reaped() {
    let dir = tempfile::tempdir().unwrap();
    let pid = dir.path().join("pid");
    let script = format!("echo $$ > {}; cat > /dev/null", pid.display());
    let (speaker, rx) = engine(&["sh", "-c", &script]);
    speaker.speak(3, &utterance(Lang::En, "Hello."), Tuning::default());
    assert_eq!(ended(&rx).result, Ok(()));
    let pid = wait_for(&pid);
    assert!(gone(&pid), "engine {pid} left as a zombie");
}

#[test]
fn a_failing_or_missing_engine_says_why() {
    let (speaker, rx) = engine(&["sh", "-c", "echo 'voice not found' >&2; exit 3"]);
    speaker.speak(4, &utterance(Lang::Ko, "안녕하세요."), Tuning::default());
    assert_eq!(
        ended(&rx).result.unwrap_err().to_string(),
        "`sh` failed with voice `ko` (exit status: 3): voice not found"
    );
    let (speaker, rx) = engine(&["/nonexistent/tts"]);
    speaker.speak(5, &utterance(Lang::Ko, "안녕하세요."), Tuning::default());
    assert_eq!(
        ended(&rx).result,
        Err(SpeechError::NotFound {
            program: "/nonexistent/tts".into()
        })
    );
}

#[test]
fn the_start_up_check_finds_what_is_missing_failing_or_slow() {
    assert_eq!(check(&config(&["true"])), Ok(()));
    let off = SpeechConfig {
        enabled: false,
        ..SpeechConfig::default()
    };
    assert_eq!(check(&off), Err(SpeechError::Disabled));
    assert!(matches!(
        check(&config(&["no-such-tts-engine", "-v", "{voice}"])),
        Err(SpeechError::NotFound { .. })
    ));
    let english_only = config(&["sh", "-c", "[ \"$1\" = en ] || exit 1", "sh", "{voice}"]);
    assert!(matches!(
        check(&english_only),
        Err(SpeechError::Failed { voice, .. }) if voice == "ko"
    ));
    let start = Instant::now();
    assert!(matches!(
        check(&config(&["sleep", "60"])),
        Err(SpeechError::TimedOut { .. })
    ));
    assert!(start.elapsed() < Duration::from_secs(10));
}

/// A PCM WAV file: sample rate, channels, and 16-bit samples.
struct Wav {
    rate: u32,
    channels: u16,
    samples: Vec<i16>,
}

fn read_wav(bytes: &[u8]) -> Wav {
    assert!(bytes.len() > 44, "{} bytes: no WAV", bytes.len());
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
    let (mut at, mut format, mut data) = (12, None, None);
    while at + 8 <= bytes.len() {
        let size = u32_at(at + 4) as usize;
        let body = at + 8;
        match &bytes[at..at + 4] {
            b"fmt " => {
                format = Some((
                    u16_at(body),
                    u16_at(body + 2),
                    u32_at(body + 4),
                    u16_at(body + 14),
                ))
            }
            b"data" => {
                assert!(body + size <= bytes.len(), "data runs past the end");
                data = Some(&bytes[body..body + size]);
            }
            _ => {}
        }
        at = body + size + size % 2;
    }
    let (pcm, channels, rate, bits) = format.expect("a fmt chunk");
    assert_eq!((pcm, bits), (1, 16), "16-bit PCM");
    let samples = data
        .expect("a data chunk")
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    Wav {
        rate,
        channels,
        samples,
    }
}

/// An answer rendered to WAV through espeak-ng with the default voices and
/// rate: a valid file, not silent, as long as its text calls for.
#[test]
fn an_answer_renders_to_a_wav_file_through_espeak_ng() {
    let corpus = Corpus::load(&repo().join("corpus")).unwrap();
    let entry = corpus.get("birth-registration").unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Seconds per character of text, measured at the default rate (150
    // words per minute): about 0.2 for Korean (a syllable a character) and
    // 0.07 for English.
    for (lang, per_char) in [(Lang::Ko, 0.05..0.5), (Lang::En, 0.02..0.2)] {
        let wav = dir.path().join(format!("{}.wav", lang.code()));
        let defaults = SpeechConfig::default();
        let mut command: Vec<&str> = defaults.command.iter().map(String::as_str).collect();
        command.extend(["-w", wav.to_str().unwrap()]);
        let (speaker, rx) = engine(&command);
        let answer = Utterance::entry(&layout(entry, lang, Detail::Full), lang);
        // One voice a file: the Korean words of the English answer (its
        // Korean name, glosses) go to the Korean voice, a process of their
        // own that would write the file anew.
        let own: Vec<&str> = answer
            .passages()
            .into_iter()
            .filter(|(voice, _)| *voice == lang)
            .map(|(_, text)| text)
            .collect();
        let said = Utterance {
            lang,
            text: own.join(" "),
        };
        assert!(said.text.len() * 10 > answer.text.len() * 9, "{lang:?}");
        speaker.speak(1, &said, Tuning::default());
        match ended(&rx).result {
            Ok(()) => {}
            Err(SpeechError::NotFound { .. }) => {
                panic!("espeak-ng is not installed: run .ci/setup.sh (it installs the Debian package espeak-ng)")
            }
            Err(err) => panic!("{err}"),
        }
        let audio = read_wav(&fs::read(&wav).unwrap());
        assert_eq!(audio.channels, 1);
        let seconds = audio.samples.len() as f64 / audio.rate as f64;
        let chars = said.text.chars().count() as f64;
        assert!(
            per_char.contains(&(seconds / chars)),
            "{lang:?}: {seconds:.1} s for {chars} characters"
        );
        let rms = (audio
            .samples
            .iter()
            .map(|&s| (s as f64).powi(2))
            .sum::<f64>()
            / audio.samples.len() as f64)
            .sqrt();
        assert!(rms > 300.0, "{lang:?}: RMS {rms:.0}: silent");
        println!("{lang:?}: {seconds:.1} s for {chars} characters, RMS {rms:.0}");
    }
}

#[test]
fn check_reports_whether_the_kiosk_can_read_aloud() {
    let dir = tempfile::tempdir().unwrap();
    let run = |text: &str| {
        let path = dir.path().join("minwon.toml");
        // A deployment's config: its own staff PIN (else check reports it).
        fs::write(&path, format!("[ui]\nstaff_pin = \"4321\"\n{text}")).unwrap();
        let corpus = repo().join("corpus");
        let args = [
            "--config",
            path.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
            // `check` needs no model; any folder will do.
            "--model",
            dir.path().to_str().unwrap(),
            "check",
        ];
        let output = minwon(&args, b"");
        let lines = stdout_lines(&output);
        assert_eq!(
            lines.last().map(String::as_str),
            Some("configuration: staff PIN set")
        );
        (lines[lines.len() - 2].clone(), output.status.code())
    };
    let (line, code) = run("");
    assert!(
        line.starts_with(
            "configuration: speech on (`espeak-ng -v {voice} -s {rate} -a {volume}`, voices ko and en"
        ),
        "{line}"
    );
    assert_eq!(code, Some(0));
    let (line, code) = run("[speech]\ncommand = [\"/opt/tts/missing\", \"{text}\"]\n");
    assert_eq!(line, "configuration: speech off: `/opt/tts/missing` is not installed or not on PATH (the default engine is the Debian package espeak-ng; .ci/setup.sh installs it)");
    assert_eq!(code, Some(1));
    let (line, code) = run("[speech]\nenabled = false\n");
    assert_eq!(
        line,
        "configuration: speech off: off in the config (speech.enabled = false)"
    );
    assert_eq!(code, Some(0));
}
