//! The terminal UI: a kiosk a citizen can use alone and a clerk's search
//! screen. [`app`] holds the state, [`update`] is the only code that changes
//! it, [`view`] draws it, [`event`] brings keys, ticks and replies on one
//! channel; this file wires them to a real terminal.

pub mod app;
pub mod event;
pub mod log;
pub mod slip;
pub mod strings;
pub mod theme;
pub mod update;
pub mod view;

// Moved to the crate root (the catalogue below `tui` cleans text with it too);
// re-exported so `tui::sanitize` paths keep working.
pub use crate::sanitize;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};

use crate::config::Config;
use crate::corpus::Corpus;
use crate::retrieve::{Rebuild, Searcher};
use app::{App, Mode};
use event::Message;
use update::{update, Effect, Event};

/// Runs the UI until staff exit (kiosk) or the clerk quits. The terminal is
/// restored on every way out, panics included.
pub fn run(config: &Config, mode: Mode) -> anyhow::Result<()> {
    let corpus = Arc::new(Corpus::load(&config.corpus_dir)?);
    let mut app = App::new(mode, corpus.clone(), config.ui.clone(), Instant::now());
    let theme = theme::Theme::from_env();
    let search_config = config.clone();
    // Nothing may print while the UI owns the terminal, so a rebuild is silent.
    let (queries, messages) =
        event::start(move || Searcher::open(&search_config, Rebuild::Allowed, &|_| {}));

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
    let result = event_loop(&mut terminal, &mut app, &theme, &queries, &messages, config);
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
    config: &Config,
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
            if let Some(request) = event::search_request(&effect) {
                let _ = queries.send(request);
            }
            match effect {
                Effect::Log(event) if !config.ui.log_path.is_empty() => {
                    let time = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs());
                    let line = log::LogLine::new(&event, app.mode, app.lang, time);
                    log::append(Path::new(&config.ui.log_path), &line);
                }
                Effect::Slip { id } => {
                    let status = match write_slip(app, &id, config) {
                        Ok(status) => status,
                        Err(err) => format!("slip failed: {err:#}"),
                    };
                    update(app, Event::Status(status));
                }
                Effect::Quit => return Ok(()),
                _ => {}
            }
        }
    }
}

/// Writes the slip to the slip folder and pipes it to the print command if set.
fn write_slip(app: &App, id: &str, config: &Config) -> anyhow::Result<String> {
    let entry = app.corpus.get(id).context("no such entry")?;
    let text = slip::slip_text(entry);
    let dir = Path::new(&config.ui.slip_dir);
    std::fs::create_dir_all(dir)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("{stamp}-{id}.txt"));
    std::fs::write(&path, &text)?;
    if !config.ui.slip_command.is_empty() {
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(&config.ui.slip_command)
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
    Ok(format!(
        "{} {}",
        strings::strings(app.lang).slip_written,
        path.display()
    ))
}
