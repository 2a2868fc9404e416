//! One channel for everything the UI waits on: terminal input, clock ticks,
//! and the search worker's replies, each from its own thread.

use std::sync::mpsc::{channel, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self, MouseEventKind};

use super::update::Event;
use crate::engine::{Engine, Loading};

/// What arrives on the channel; terminal events still need the click
/// targets of the last frame to become [`Event`]s.
pub enum Message {
    Terminal(event::Event),
    App(Event),
}

pub const TICK: Duration = Duration::from_millis(100);

/// Starts the input and tick threads and the search worker, which loads the
/// engine with `load` first (so the first frame never waits for the model),
/// passing on how far loading has got. Everything they bring arrives on
/// `tx`'s channel; questions go to the sender returned.
pub fn start(
    load: impl FnOnce(&mut dyn FnMut(Loading)) -> anyhow::Result<Engine> + Send + 'static,
    tx: Sender<Message>,
) -> Sender<(u64, String, usize)> {
    let input_tx = tx.clone();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if input_tx.send(Message::Terminal(ev)).is_err() {
                break;
            }
        }
    });
    let tick_tx = tx.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(TICK);
        if tick_tx
            .send(Message::App(Event::Tick(Instant::now())))
            .is_err()
        {
            break;
        }
    });
    let (query_tx, query_rx) = channel::<(u64, String, usize)>();
    std::thread::spawn(move || {
        let progress = tx.clone();
        let mut report = |loading| {
            let _ = progress.send(Message::App(Event::Loading(loading)));
        };
        let engine = match load(&mut report) {
            Ok(engine) => engine,
            Err(err) => {
                let _ = tx.send(Message::App(Event::LoadFailed(format!("{err:#}"))));
                return;
            }
        };
        let _ = tx.send(Message::App(Event::Ready));
        while let Ok((mut seq, mut query, mut top_k)) = query_rx.recv() {
            // Only the newest waiting question matters.
            while let Ok(newer) = query_rx.try_recv() {
                (seq, query, top_k) = newer;
            }
            let event = match engine.ask(&query, top_k) {
                Ok(reply) => Event::Replied { seq, reply },
                Err(err) => Event::QueryFailed {
                    seq,
                    query,
                    error: err.to_string(),
                },
            };
            if tx.send(Message::App(event)).is_err() {
                break;
            }
        }
    });
    query_tx
}

/// Turns a terminal event into an app event, using where options were drawn.
pub fn translate(ev: event::Event, targets: &[(ratatui::layout::Rect, u8)]) -> Option<Event> {
    match ev {
        event::Event::Key(key) => Some(Event::Key(key)),
        event::Event::Paste(text) => Some(Event::Paste(text)),
        event::Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(_) => targets
                .iter()
                .find(|(rect, _)| rect.contains((mouse.column, mouse.row).into()))
                .map(|(_, n)| Event::Choose(*n)),
            MouseEventKind::ScrollDown => Some(Event::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Event::Scroll(-3)),
            _ => None,
        },
        _ => None,
    }
}
