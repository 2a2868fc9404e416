//! The speech engine: the machine's own text-to-speech program, started
//! from the `[speech]` command template without a shell, in a process group
//! of its own so that stopping it stops everything it started. The caller
//! waits for the fork and exec only: the text is written, the exit awaited
//! and the child reaped on a thread per utterance, which reports the end.

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

/// The utterance being said: its number and its process group.
#[derive(Debug, Clone, Copy)]
struct Running {
    seq: u64,
    group: Pid,
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

    /// Stops what is being said and starts the engine on `utterance`;
    /// returns as soon as the engine process has started (or failed to).
    pub fn speak(&self, seq: u64, utterance: &Utterance, tuning: Tuning) {
        self.stop();
        let program = self.config.command[0].clone();
        let voice = match utterance.lang {
            Lang::Ko => &self.config.voice_ko,
            Lang::En => &self.config.voice_en,
        };
        let text_on_stdin = !self.config.command.iter().any(|a| a.contains("{text}"));
        let rate = tuning.rate(&self.config).to_string();
        let volume = tuning.volume(&self.config).to_string();
        let values = [
            ("{voice}", voice.as_str()),
            ("{rate}", rate.as_str()),
            ("{volume}", volume.as_str()),
            ("{text}", utterance.text.as_str()),
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
        let child = match command.spawn() {
            Ok(child) => child,
            Err(err) => {
                let result = Err(match err.kind() {
                    ErrorKind::NotFound => SpeechError::NotFound { program },
                    _ => SpeechError::Start {
                        program,
                        message: err.to_string(),
                    },
                });
                return (self.on_end)(Ended { seq, result });
            }
        };
        *lock(&self.running) = Some(Running {
            seq,
            group: Pid::from_child(&child),
        });
        let running = self.running.clone();
        let on_end = self.on_end.clone();
        let text = text_on_stdin.then(|| utterance.text.clone());
        let voice = voice.clone();
        std::thread::spawn(move || {
            let result = finish(child, text, seq, &running).map_err(|(status, detail)| {
                SpeechError::Failed {
                    program,
                    voice,
                    status,
                    detail,
                }
            });
            on_end(Ended { seq, result });
        });
    }

    /// Stops the utterance being said, and everything its engine started.
    pub fn stop(&self) {
        if let Some(running) = lock(&self.running).take() {
            // The group's leader is not reaped while `running` names it
            // (see `finish`), so the group id cannot have been reused.
            let _ = kill_process_group(running.group, Signal::KILL);
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
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

/// Feeds the text, waits for the engine to exit and reaps it. `Err` holds
/// the exit status and the engine's last stderr line, for a failure that
/// was not a stop.
fn finish(
    mut child: Child,
    text: Option<String>,
    seq: u64,
    running: &Mutex<Option<Running>>,
) -> Result<(), (String, String)> {
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
        match *running {
            Some(r) if r.seq == seq => {
                *running = None;
                false
            }
            _ => true,
        }
    };
    let status = child.wait();
    match status {
        _ if stopped => Ok(()),
        Ok(status) if status.success() => Ok(()),
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
