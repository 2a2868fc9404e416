//! Read aloud: time from the Listen key press to the speech engine having
//! started, beside espeak-ng started directly in the same run.
//!
//!     cargo bench --bench speech
//!
//! minwon: `update` with the `*` key on an answer (the utterance is built
//! and normalised there), then `Speaker::speak`, which returns once the
//! engine process has been exec'd (its text is written on another thread).
//! Peer: `std::process::Command` spawning the same espeak-ng command line.
//! For context, also how soon espeak-ng has synthesised its first sound.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minwon::config::{Mode, SpeechConfig, UiConfig};
use minwon::corpus::Corpus;
use minwon::speech::Speaker;
use minwon::tui::app::{App, Screen};
use minwon::tui::update::{update, Effect, Event};

const RUNS: usize = 60;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = Arc::new(Corpus::load(&root.join("corpus")).expect("corpus"));
    let mut app = App::new(
        Mode::Kiosk,
        corpus,
        UiConfig::default(),
        None,
        Instant::now(),
    );
    app.ready = true;
    app.screen = Screen::answer("birth-registration".into());
    update(&mut app, Event::SpeechChecked(Ok(())));
    let config = SpeechConfig::default();
    let (ended_tx, ended) = channel();
    let speaker = Speaker::new(&config, move |e| {
        let _ = ended_tx.send(e);
    });
    let star = Event::Key(KeyEvent::new(KeyCode::Char('*'), KeyModifiers::NONE));

    // Interleaved, so both see the same machine load.
    let argv = ["-v", "ko", "-s", "150"];
    let (mut minwon, mut in_update, mut peer) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        let effects = update(&mut app, star.clone());
        in_update.push(start.elapsed().as_secs_f64() * 1e3);
        for effect in effects {
            if let Effect::Speak {
                seq,
                utterance,
                tuning,
            } = effect
            {
                speaker.speak(seq, &utterance, tuning);
            }
        }
        minwon.push(start.elapsed().as_secs_f64() * 1e3);
        assert_eq!(update(&mut app, star.clone()), [Effect::StopSpeech]);
        speaker.stop();
        ended
            .recv_timeout(Duration::from_secs(10))
            .expect("the stopped engine reports its end");

        let start = Instant::now();
        let mut child = Command::new(&config.command[0])
            .args(argv)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("espeak-ng (run .ci/setup.sh)");
        peer.push(start.elapsed().as_secs_f64() * 1e3);
        let _ = child.kill();
        let _ = child.wait();
    }

    let mut first_audio = Vec::new();
    for _ in 0..RUNS / 3 {
        let start = Instant::now();
        let mut child = Command::new(&config.command[0])
            .args(argv)
            .arg("--stdout")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("espeak-ng");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all("출생신고. 부모가 아기가 태어나고 한 달 안에 신고해요.".as_bytes())
            .expect("write");
        drop(stdin);
        let mut byte = [0u8; 64];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut byte)
            .expect("audio");
        first_audio.push(start.elapsed().as_secs_f64() * 1e3);
        let _ = child.kill();
        let _ = child.wait();
    }

    println!(
        "key press to engine started ({RUNS} runs): minwon p50 {:.2} ms (of which `update`, building the answer's utterance, {:.2} ms), peer (espeak-ng spawned directly) p50 {:.2} ms (target <= 100 ms)",
        median(minwon),
        median(in_update),
        median(peer)
    );
    println!(
        "espeak-ng: key text in to its first 0.1 s of sound out (--stdout), p50 {:.1} ms",
        median(first_audio)
    );
}
