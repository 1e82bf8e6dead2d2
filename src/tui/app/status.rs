//! The status line's state: one message at a time, whether the server is reachable, the spinner.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

#[derive(Debug, Clone, Default)]
pub struct Status {
    pub message: Option<(Severity, String)>,
    /// Set by the last request that could not reach the server, cleared by the next that did.
    pub offline: bool,
    /// Advances on each tick while work is in flight.
    pub spinner: usize,
}

impl Status {
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((Severity::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((Severity::Error, text.into()));
    }

    pub fn clear(&mut self) {
        self.message = None;
    }
}
