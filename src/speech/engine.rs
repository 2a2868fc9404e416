//! The speech engine: the machine's own text-to-speech program, started
//! from the `[speech]` command template without a shell, in a process group
//! of its own so that stopping it stops everything it started. The caller
//! waits for the fork and exec only: the text is written, the exit awaited
//! and the child reaped on a thread per utterance, which starts the engine
//! again for each further passage in another voice and reports the end.

use std::io::{ErrorKind, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::Duration;

use rustix::process::{kill_process_group, waitid, Pid, Signal, WaitId, WaitIdOptions};

use super::Utterance;
use crate::config::speech::{SPEECH_RATES, SPEECH_VOLUMES};
use crate::config::SpeechConfig;
use crate::lang::Lang;
use crate::sanitize::for_display;

/// How long the silent start-up test may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why nothing is (or was) said; one line, for the log and `minwon check`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    #[error("off in the config (speech.enabled = false)")]
    Disabled,
    #[error("`{program}` is not installed or not on PATH (the default engine is the Debian package espeak-ng; .ci/setup.sh installs it)")]
    NotFound { program: String },
    #[error("`{program}` could not start: {message}")]
    Start { program: String, message: String },
    #[error("`{program}` failed with voice `{voice}` ({status}){detail}")]
    Failed {
        program: String,
        voice: String,
        status: String,
        /// The engine's last line on stderr, after a colon, or nothing.
        detail: String,
    },
    #[error("`{program}` did not finish a silent test within {} s", PROBE_TIMEOUT.as_secs())]
    TimedOut { program: String },
}

/// The listener's own speed and volume, in steps from the configured ones
/// (chosen at the kiosk, forgotten at the idle reset).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tuning {
    pub rate: i8,
    pub volume: i8,
}

/// Steps either way from the configured speed or volume.
pub const TUNING_STEPS: i8 = 3;

impl Tuning {
    /// One step slower (-1) or faster (+1), within [`TUNING_STEPS`];
    /// `false` when already at the end.
    pub fn change_rate(&mut self, by: i8) -> bool {
        step(&mut self.rate, by)
    }

    pub fn change_volume(&mut self, by: i8) -> bool {
        step(&mut self.volume, by)
    }

    /// Words per minute: each step is 20 % of the configured rate.
    pub fn rate(&self, config: &SpeechConfig) -> u32 {
        let rate = config.rate as f32 * (1.0 + 0.2 * self.rate as f32);
        (rate.round() as u32).clamp(*SPEECH_RATES.start(), *SPEECH_RATES.end())
    }

    /// Amplitude: each step is a third of the configured volume.
    pub fn volume(&self, config: &SpeechConfig) -> u32 {
        let volume = config.volume as f32 * (1.0 + self.volume as f32 / 3.0);
        (volume.round() as u32).clamp(*SPEECH_VOLUMES.start(), *SPEECH_VOLUMES.end())
    }
}

fn step(value: &mut i8, by: i8) -> bool {
    let next = (*value + by).clamp(-TUNING_STEPS, TUNING_STEPS);
    let changed = next != *value;
    *value = next;
    changed
}

/// An utterance came to an end: said, stopped (both `Ok`), or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub seq: u64,
    pub result: Result<(), SpeechError>,
}

/// Says one utterance at a time; a new one or [`Speaker::stop`] cuts the
/// last one off. Dropping the speaker stops it too.
pub struct Speaker {
    config: SpeechConfig,
    running: Arc<Mutex<Option<Running>>>,
    on_end: Arc<dyn Fn(Ended) + Send + Sync>,
}

/// The utterance being said: its number and, while one of its passages
/// is being said, that engine's process group.
#[derive(Debug, Clone, Copy)]
struct Running {
    seq: u64,
    group: Option<Pid>,
}

impl Speaker {
    /// `on_end` is called from another thread when an utterance ends.
    pub fn new(config: &SpeechConfig, on_end: impl Fn(Ended) + Send + Sync + 'static) -> Self {
        Self {
            config: config.clone(),
            running: Arc::default(),
            on_end: Arc::new(on_end),
        }
    }

    /// Stops what is being said and starts the engine on `utterance`'s
    /// first passage, at the listener's `tuning`; returns as soon as that
    /// engine process has started (or failed to). The other passages
    /// follow on a thread, each in its own voice.
    pub fn speak(&self, seq: u64, utterance: &Utterance, tuning: Tuning) {
        self.stop();
        *lock(&self.running) = Some(Running { seq, group: None });
        let saying = Saying {
            config: self.config.clone(),
            tuning,
            running: self.running.clone(),
            seq,
        };
        let mut passages = utterance
            .passages()
            .into_iter()
            .map(|(lang, text)| (lang, text.to_string()))
            .collect::<Vec<_>>()
            .into_iter();
        let first = passages.next().map(|passage| saying.start(&passage));
        let first = match first {
            Some(Ok(Some(started))) => started,
            Some(Err(err)) => {
                return (self.on_end)(Ended {
                    seq,
                    result: Err(err),
                })
            }
            // Stopped already, or nothing to say.
            Some(Ok(None)) | None => {
                return (self.on_end)(Ended {
                    seq,
                    result: Ok(()),
                })
            }
        };
        let on_end = self.on_end.clone();
        std::thread::spawn(move || {
            let result = saying.say(first, passages);
            on_end(Ended { seq, result });
        });
    }

    /// Stops the utterance being said, and everything its engine started.
    pub fn stop(&self) {
        if let Some(Running {
            group: Some(group), ..
        }) = lock(&self.running).take()
        {
            // The group's leader is not reaped while `running` names it
            // (see `finish`), so the group id cannot have been reused.
            let _ = kill_process_group(group, Signal::KILL);
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An engine started on one passage: the process, the text still to feed
/// it (when it reads stdin) and its voice.
struct Started {
    child: Child,
    text: Option<String>,
    voice: String,
}

/// One utterance being said, passage after passage.
struct Saying {
    config: SpeechConfig,
    tuning: Tuning,
    running: Arc<Mutex<Option<Running>>>,
    seq: u64,
}

impl Saying {
    /// Starts the engine on a passage in its language's voice, unless the
    /// utterance was stopped or replaced meanwhile (`None`).
    fn start(&self, (lang, text): &(Lang, String)) -> Result<Option<Started>, SpeechError> {
        let mut running = lock(&self.running);
        let Some(current) = running.as_mut().filter(|r| r.seq == self.seq) else {
            return Ok(None);
        };
        let program = self.config.command[0].clone();
        let voice = match lang {
            Lang::Ko => &self.config.voice_ko,
            Lang::En => &self.config.voice_en,
        };
        let text_on_stdin = !self.config.command.iter().any(|a| a.contains("{text}"));
        let rate = self.tuning.rate(&self.config).to_string();
        let volume = self.tuning.volume(&self.config).to_string();
        let values = [
            ("{voice}", voice.as_str()),
            ("{rate}", rate.as_str()),
            ("{volume}", volume.as_str()),
            ("{text}", text.as_str()),
        ];
        let mut command = Command::new(&program);
        command
            .args(self.config.command[1..].iter().map(|a| fill(a, &values)))
            .process_group(0)
            .stdin(if text_on_stdin {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match command.spawn() {
            Ok(child) => {
                current.group = Some(Pid::from_child(&child));
                Ok(Some(Started {
                    child,
                    text: text_on_stdin.then(|| text.clone()),
                    voice: voice.clone(),
                }))
            }
            Err(err) => {
                *running = None;
                Err(match err.kind() {
                    ErrorKind::NotFound => SpeechError::NotFound { program },
                    _ => SpeechError::Start {
                        program,
                        message: err.to_string(),
                    },
                })
            }
        }
    }

    /// Says the passage started and then each of the rest, until the last
    /// is said, one fails, or the utterance is stopped.
    fn say(
        &self,
        mut started: Started,
        mut rest: impl Iterator<Item = (Lang, String)>,
    ) -> Result<(), SpeechError> {
        loop {
            let Started { child, text, voice } = started;
            match finish(child, text, self.seq, &self.running) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err((status, detail)) => {
                    self.done();
                    return Err(SpeechError::Failed {
                        program: self.config.command[0].clone(),
                        voice,
                        status,
                        detail,
                    });
                }
            }
            let Some(passage) = rest.next() else {
                self.done();
                return Ok(());
            };
            match self.start(&passage)? {
                Some(next) => started = next,
                None => return Ok(()),
            }
        }
    }

    /// The utterance is over: nothing of it is left to stop.
    fn done(&self) {
        let mut running = lock(&self.running);
        if running.is_some_and(|r| r.seq == self.seq) {
            *running = None;
        }
    }
}

fn lock(running: &Mutex<Option<Running>>) -> MutexGuard<'_, Option<Running>> {
    running
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `arg` with each placeholder replaced once, left to right, so a value
/// that holds a placeholder's name is never expanded again.
fn fill(arg: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(arg.len());
    let mut rest = arg;
    while !rest.is_empty() {
        match values.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &rest[name.len()..];
            }
            None => {
                let c = rest.chars().next().expect("rest is not empty");
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Feeds the text, waits for the engine to exit and reaps it: `true` when
/// the passage was said, `false` when it was stopped. `Err` holds the exit
/// status and the engine's last stderr line, for a failure that was not a
/// stop.
fn finish(
    mut child: Child,
    text: Option<String>,
    seq: u64,
    running: &Mutex<Option<Running>>,
) -> Result<bool, (String, String)> {
    let pid = Pid::from_child(&child);
    // Stderr is read on its own thread: a helper the engine leaves behind
    // may hold it open long after the engine itself has exited.
    let (tail_tx, tail_rx) = mpsc::channel();
    if let Some(stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            let _ = tail_tx.send(last_line(stderr));
        });
    }
    if let (Some(mut stdin), Some(text)) = (child.stdin.take(), text) {
        // An engine stopped part-way closes its end; that is no failure.
        let _ = stdin.write_all(text.as_bytes());
    }
    // Wait for the exit but leave the child unreaped, so that `stop` may
    // still signal its group until `running` no longer names it.
    let exited = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
    while let Err(rustix::io::Errno::INTR) = waitid(WaitId::Pid(pid), exited) {}
    let stopped = {
        let mut running = lock(running);
        match running.as_mut() {
            Some(r) if r.seq == seq => {
                r.group = None;
                false
            }
            _ => true,
        }
    };
    let status = child.wait();
    match status {
        _ if stopped => Ok(false),
        Ok(status) if status.success() => Ok(true),
        Ok(status) => {
            let line = tail_rx
                .recv_timeout(Duration::from_millis(200))
                .unwrap_or_default();
            let detail = if line.is_empty() {
                line
            } else {
                format!(": {line}")
            };
            Err((status.to_string(), detail))
        }
        Err(err) => Err((err.to_string(), String::new())),
    }
}

/// The last non-empty line an engine wrote, sanitised and cut short.
fn last_line(mut stderr: impl Read) -> String {
    let mut tail: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stderr.read(&mut chunk) {
        if n == 0 {
            break;
        }
        tail.extend_from_slice(&chunk[..n]);
        if tail.len() > 2 * chunk.len() {
            tail.drain(..tail.len() - chunk.len());
        }
    }
    let text = String::from_utf8_lossy(&tail);
    let line = text.lines().rev().find(|l| !l.trim().is_empty());
    for_display(line.unwrap_or("").trim())
        .chars()
        .take(200)
        .collect()
}

/// Whether the configured engine can speak: on in the config, installed,
/// and finishing a silent test (no text) in each voice within
/// [`PROBE_TIMEOUT`]. Takes as long as the engine; call it off the UI thread.
pub fn check(config: &SpeechConfig) -> Result<(), SpeechError> {
    if !config.enabled {
        return Err(SpeechError::Disabled);
    }
    let (tx, rx) = mpsc::channel();
    let speaker = Speaker::new(config, move |ended| {
        let _ = tx.send(ended.result);
    });
    for lang in [Lang::Ko, Lang::En] {
        let silence = Utterance {
            lang,
            text: String::new(),
        };
        speaker.speak(0, &silence, Tuning::default());
        match rx.recv_timeout(PROBE_TIMEOUT) {
            Ok(result) => result?,
            Err(_) => {
                return Err(SpeechError::TimedOut {
                    program: config.command[0].clone(),
                })
            }
        }
    }
    Ok(())
}
