//! The terminal UI: a kiosk a citizen can use alone and a clerk's search
//! screen. [`app`] holds the state, [`update`] is the only code that changes
//! it, [`view`] draws it, [`say`] is what it says aloud, [`options`] is
//! the kiosk's numbered options all three share, [`event`] brings
//! keys, ticks and replies on one channel; this file wires them to a real
//! terminal and a speech engine, and carries out effects.

pub mod app;
pub mod event;
pub mod options;
pub mod say;
pub mod theme;
pub mod update;
pub mod view;

// Moved to the crate root (the catalogue below `tui` cleans text with it too);
// re-exported so `tui::sanitize` paths keep working.
pub use crate::sanitize;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};

use crate::config::{Mode, Settings};
use crate::corpus::Corpus;
use crate::engine::{Engine, Rebuild};
use crate::layout::slip::slip;
use crate::log::{LogEvent, LogFile, LogLine};
use crate::sanitize::for_display_lines;
use crate::speech::{self, Speaker};
use crate::strings::strings;
use app::App;
use event::Message;
use update::{update, Effect, Event};

/// Runs the UI until staff exit (kiosk) or the clerk quits. The terminal is
/// restored on every way out, panics included.
pub fn run(settings: &Settings, mode: Mode) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        anyhow::bail!(
            "the UI needs a terminal (stdin and stdout are not one): run it in a terminal, or use `minwon ask` for piped questions"
        );
    }
    // The corpus is loaded once, here, with its related services, so the
    // first frame shows the tiles at once; the engine shares it while the
    // model loads on the worker.
    let mut corpus = Corpus::load(&settings.paths.corpus)?;
    corpus.relate_catalogue();
    let corpus = Arc::new(corpus);
    let mut app = App::new(
        mode,
        corpus.clone(),
        settings.config.ui.clone(),
        settings.region.as_ref(),
        Instant::now(),
    );
    let theme = theme::Theme::from_env();
    let worker_settings = settings.clone();
    // Nothing may print while the UI owns the terminal: a rebuild reports its
    // progress to the screen as events.
    let (reports, messages) = std::sync::mpsc::channel();
    let queries = event::start(
        move |loading| {
            let embedder = crate::engine::load_embedder(&worker_settings)?;
            Ok(Engine::open_with(
                &worker_settings,
                corpus,
                embedder,
                Rebuild::Allowed,
                loading,
            )?)
        },
        reports.clone(),
    );
    let speaker = start_speech(settings, &mut app, reports);
    // The kiosk still starts (a first try of the README's command must
    // work), but the log tells the maintainer; `minwon check` does too.
    if let Some(problem) = settings.config.ui.staff_pin_problem() {
        if mode == Mode::Kiosk {
            let reason = problem.to_string();
            write_log(settings, &app, &LogEvent::Unsafe { reason });
        }
    }

    let mut terminal = ratatui::init();
    // ratatui's hook restores the terminal; a panic on any thread (the search
    // worker too) must then also end the process, non-zero, so the main loop
    // never draws over the restored terminal and a supervisor restarts us.
    let restore_terminal = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal(info);
        std::process::exit(101);
    }));
    crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let result = event_loop(
        &mut terminal,
        &mut app,
        &theme,
        &queries,
        &messages,
        settings,
        &speaker,
    );
    let _ = crossterm::execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &theme::Theme,
    queries: &std::sync::mpsc::Sender<(u64, String, usize)>,
    messages: &std::sync::mpsc::Receiver<Message>,
    settings: &Settings,
    speaker: &Speaker,
) -> anyhow::Result<()> {
    let mut targets = Vec::new();
    loop {
        terminal.draw(|frame| targets = view::render(app, theme, frame))?;
        let message = messages.recv().context("the UI's event threads stopped")?;
        let event = match message {
            Message::Terminal(ev) => match event::translate(ev, &targets) {
                Some(event) => event,
                None => continue,
            },
            Message::App(Event::LoadFailed(message)) => {
                anyhow::bail!("{message}");
            }
            Message::App(event) => event,
        };
        for effect in update(app, event) {
            match effect {
                Effect::Search { seq, query, top_k } => {
                    let _ = queries.send((seq, query, top_k));
                }
                Effect::Log(event) => write_log(settings, app, &event),
                Effect::Slip { id } => {
                    let s = strings(app.lang);
                    let status = match write_slip(app, &id, settings) {
                        Ok(path) => format!("{} {}", s.slip_written, path.display()),
                        Err(err) => format!("{} {err:#}", s.slip_failed),
                    };
                    update(app, Event::Status(status));
                }
                Effect::Speak {
                    seq,
                    utterance,
                    tuning,
                } => speaker.speak(seq, &utterance, tuning),
                Effect::StopSpeech => speaker.stop(),
                Effect::Quit => return Ok(()),
            }
        }
    }
}

/// Tests the speech engine off the UI thread (the verdict arrives as an
/// event) and returns the speaker, which reports each utterance's end.
fn start_speech(settings: &Settings, app: &mut App, reports: Sender<Message>) -> Speaker {
    app.speech.auto = settings.config.speech.auto;
    app.speech.welcome = settings.config.speech.welcome;
    let config = settings.config.speech.clone();
    let verdict = reports.clone();
    std::thread::spawn(move || {
        let result = speech::check(&config).map_err(|err| err.to_string());
        let _ = verdict.send(Message::App(Event::SpeechChecked(result)));
    });
    Speaker::new(&settings.config.speech, move |ended| {
        let failure = ended.result.err().map(|err| err.to_string());
        let seq = ended.seq;
        let _ = reports.send(Message::App(Event::SpeechEnded { seq, failure }));
    })
}

/// Appends to the maintainers' log, if there is one.
fn write_log(settings: &Settings, app: &App, event: &LogEvent) {
    let Some(path) = &settings.paths.log else {
        return;
    };
    let time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let file = LogFile {
        path: path.clone(),
        max_bytes: settings.config.ui.log_max_bytes,
        keep: settings.config.ui.log_keep,
    };
    file.append(&LogLine::new(event, app.mode, app.lang, time));
}

/// Writes the slip to the slip folder and pipes it to the print command if set.
fn write_slip(app: &App, id: &str, settings: &Settings) -> anyhow::Result<std::path::PathBuf> {
    let entry = app.corpus.get(id).context("no such entry")?;
    let text = for_display_lines(&slip(entry, app.lang));
    let dir = &settings.paths.slips;
    std::fs::create_dir_all(dir)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("{stamp}-{id}.txt"));
    std::fs::write(&path, &text)?;
    let command = &settings.config.ui.slip_command;
    if !command.is_empty() {
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        child
            .stdin
            .take()
            .context("print command stdin")?
            .write_all(text.as_bytes())?;
        child.wait()?;
    }
    Ok(path)
}
