//! The terminal the board draws on: entering and restoring it on every exit path, and a backend
//! that writes as little as a remote terminal needs.
//!
//! - [`QuietBackend`] skips what ratatui would re-send when nothing changed (the colour reset
//!   after an empty diff, an unchanged cursor), so redrawing an unchanged board writes no byte.
//! - [`FrameWriter`] holds a frame's bytes and sends them in one write wrapped in synchronized
//!   output (DEC mode 2026), so a terminal over SSH never shows half a frame.
//! - [`TerminalGuard`] and the panic hook put the terminal back: raw mode off, alternate screen
//!   left, cursor shown, mouse released — on quit, error, panic (release builds too) and signals.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";

/// Collects one frame's bytes; `flush` sends them in one synchronized write, or nothing at all.
pub struct FrameWriter<W: Write> {
    pending: Vec<u8>,
    out: W,
    written: Arc<AtomicU64>,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W) -> Self {
        FrameWriter { pending: Vec::with_capacity(16 * 1024), out, written: Arc::default() }
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut frame = Vec::with_capacity(self.pending.len() + BEGIN_SYNC.len() + END_SYNC.len());
        frame.extend_from_slice(BEGIN_SYNC);
        frame.append(&mut self.pending);
        frame.extend_from_slice(END_SYNC);
        self.out.write_all(&frame)?;
        self.written.fetch_add(frame.len() as u64, Ordering::Relaxed);
        self.out.flush()
    }
}

/// A crossterm backend that sends nothing for an empty diff and nothing for a cursor that did
/// not change. With [`FrameWriter`] beneath it, an idle board writes no byte to the terminal.
pub struct QuietBackend<W: Write> {
    inner: CrosstermBackend<FrameWriter<W>>,
    written: Arc<AtomicU64>,
    cursor_visible: Option<bool>,
    cursor_at: Option<Position>,
}

impl<W: Write> QuietBackend<W> {
    pub fn new(out: W) -> Self {
        let writer = FrameWriter::new(out);
        let written = writer.written.clone();
        QuietBackend { inner: CrosstermBackend::new(writer), written, cursor_visible: None, cursor_at: None }
    }

    /// Bytes sent to the terminal so far: the figure the SSH budget is measured in.
    pub fn bytes_written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }
}

impl<W: Write> Backend for QuietBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        // Drawing moves the terminal's cursor; where it stands afterwards is unknown to us.
        self.cursor_at = None;
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.inner.hide_cursor()?;
            self.cursor_visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.inner.show_cursor()?;
            self.cursor_visible = Some(true);
        }
        Ok(())
    }

    /// The board fills the screen, so ratatui asks only to put the cursor back after a clear.
    /// Asking the terminal would cost a round trip per resize (seconds over a slow SSH link, and
    /// an error where nothing answers), so this answers from what we know.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor_at.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        if self.cursor_at != Some(position) {
            self.inner.set_cursor_position(position)?;
            self.cursor_at = Some(position);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.cursor_at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.cursor_at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

pub type BoardTerminal = Terminal<QuietBackend<io::Stdout>>;

/// Puts the terminal back when dropped: on quit, on `?`, and while a panic unwinds.
pub struct TerminalGuard {
    mouse: bool,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

/// Raw mode, the alternate screen, a hidden cursor and (when `mouse`) mouse capture.
pub fn enter(mouse: bool) -> io::Result<(BoardTerminal, TerminalGuard)> {
    install_panic_hook(mouse);
    enable_raw_mode()?;
    let guard = TerminalGuard { mouse };
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    let terminal = Terminal::new(QuietBackend::new(io::stdout()))?;
    Ok((terminal, guard))
}

/// Lets go of the ratatui terminal. Its `Drop` shows the cursor and `eprintln!`s a failure, and
/// that panics when the terminal (and with it stderr) is gone, turning a dropped SSH session
/// into exit code 101. So the cursor is shown here, once; a terminal that cannot take it is gone
/// and is forgotten rather than dropped.
pub fn release<W: Write>(mut term: Terminal<QuietBackend<W>>) {
    if term.show_cursor().is_err() {
        std::mem::forget(term);
    }
}

/// Best effort: every step runs even if an earlier one fails (a dropped SSH session fails writes).
pub fn restore(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the default hook prints, so the panic message is readable and
/// the shell is usable afterwards. Installed once; release builds keep it too.
fn install_panic_hook(mouse: bool) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore(mouse);
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::widgets::Paragraph;
    use ratatui::{TerminalOptions, Viewport};

    /// What the terminal received, shared with the test.
    #[derive(Clone, Default)]
    struct Screen(Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Screen {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn terminal() -> (Terminal<QuietBackend<Screen>>, Screen) {
        let screen = Screen::default();
        let viewport = Viewport::Fixed(Rect::new(0, 0, 40, 5));
        let t =
            Terminal::with_options(QuietBackend::new(screen.clone()), TerminalOptions { viewport }).unwrap();
        (t, screen)
    }

    fn sent(s: &Screen) -> Vec<u8> {
        s.0.lock().unwrap().clone()
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let (mut t, s) = terminal();
        t.draw(|f| f.render_widget(Paragraph::new("hello"), f.area())).unwrap();
        let first = sent(&s).len();
        assert!(first > 0);
        assert_eq!(t.backend().bytes_written(), first as u64);
        t.draw(|f| f.render_widget(Paragraph::new("hello"), f.area())).unwrap();
        assert_eq!(sent(&s).len(), first, "an identical frame must not write");
    }

    #[test]
    fn a_change_is_one_synchronized_write() {
        let (mut t, s) = terminal();
        t.draw(|f| f.render_widget(Paragraph::new("hello"), f.area())).unwrap();
        let before = sent(&s).len();
        t.draw(|f| f.render_widget(Paragraph::new("hellO"), f.area())).unwrap();
        let all = sent(&s);
        let frame = &all[before..];
        assert!(frame.starts_with(BEGIN_SYNC) && frame.ends_with(END_SYNC));
        assert!(frame.len() < 64, "one changed cell costs a few bytes, got {}", frame.len());
    }

    /// A terminal that can go away: then it refuses every write, and counts them.
    #[derive(Clone, Default)]
    struct Vanishing {
        gone: Arc<std::sync::atomic::AtomicBool>,
        refused: Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Write for Vanishing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.gone.load(Ordering::SeqCst) {
                self.refused.fetch_add(1, Ordering::SeqCst);
                return Err(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_terminal_that_is_gone_is_let_go_without_a_second_attempt() {
        let term = Vanishing::default();
        let viewport = Viewport::Fixed(Rect::new(0, 0, 10, 2));
        let mut t =
            Terminal::with_options(QuietBackend::new(term.clone()), TerminalOptions { viewport }).unwrap();
        // Drawn while the terminal was there: the cursor is hidden, as on the board.
        t.draw(|f| f.render_widget(Paragraph::new("x"), f.area())).unwrap();
        term.gone.store(true, Ordering::SeqCst);
        release(t);
        // One try to show the cursor; none from ratatui's Drop, whose eprintln! would panic
        // with stderr gone too.
        assert_eq!(term.refused.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_cursor_that_stays_put_is_not_resent() {
        let (mut t, s) = terminal();
        let draw = |t: &mut Terminal<QuietBackend<Screen>>| {
            t.draw(|f| {
                f.render_widget(Paragraph::new("x"), f.area());
                f.set_cursor_position((3, 1));
            })
            .unwrap();
        };
        draw(&mut t);
        let first = sent(&s).len();
        draw(&mut t);
        assert_eq!(sent(&s).len(), first);
    }
}
