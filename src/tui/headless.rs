//! The board without a terminal: the real App and the real worker, wired as the event loop wires
//! them, driven by hand. For tests and measurements that want the whole request chain (App →
//! worker → client → server → App) but no screen. Needs a tokio runtime: the worker spawns tasks.

use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::app::{App, AppSettings};
use super::message::{Command, Event};
use super::worker::spawn_worker;
use crate::client::Client;

pub struct Headless {
    pub app: App,
    commands: UnboundedSender<Command>,
    events: UnboundedReceiver<Event>,
    /// Commands sent to the worker so far: one request each.
    pub sent: usize,
}

impl Headless {
    /// An App on `client`, started and told its size, as the event loop starts one.
    pub fn start(client: Client, settings: AppSettings, width: u16, height: u16) -> Headless {
        let (tx, events) = unbounded_channel();
        let commands = spawn_worker(client, tx);
        let app = App::new(settings, jiff::Timestamp::now());
        let mut h = Headless { app, commands, events, sent: 0 };
        let start = h.app.start();
        h.send(start);
        h.press(Event::Resize { width, height });
        h
    }

    /// Sends commands to the worker.
    pub fn send(&mut self, batch: Vec<Command>) {
        for c in batch {
            self.sent += 1;
            // The worker lives as long as `self.commands`; a send cannot fail while we hold it.
            let _ = self.commands.send(c);
        }
    }

    /// Feeds one event to the App and sends what it asks for.
    pub fn press(&mut self, ev: Event) {
        let batch = self.app.update(ev);
        self.send(batch);
    }

    /// Feeds the worker's answers to the App until nothing is in flight. Fails when `within`
    /// passes first (or the worker is gone), saying so.
    pub async fn settle(&mut self, within: Duration) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + within;
        while self.app.busy() {
            let ev = tokio::time::timeout_at(deadline, self.events.recv())
                .await
                .map_err(|_| format!("requests still in flight after {within:?}"))?
                .ok_or("the worker stopped")?;
            self.press(ev);
        }
        Ok(())
    }
}
