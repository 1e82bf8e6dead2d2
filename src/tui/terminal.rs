//! The terminal the board draws on: entering and restoring it on every exit path, and a backend
//! that writes as little as a remote terminal needs.
//!
//! - [`QuietBackend`] skips what ratatui would re-send when nothing changed (the colour reset
//!   after an empty diff, an unchanged cursor), so redrawing an unchanged board writes no byte.
//! - [`FrameWriter`] holds a frame's bytes and sends them in one write wrapped in synchronized
//!   output (DEC mode 2026), so a terminal over SSH never shows half a frame. The sixteen basic
//!   colours go out in their basic form (`ESC[34m`, not crossterm's `ESC[38;5;4m`), which every
//!   terminal understands, the Linux console and old xterms included.
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
        basic_colours(&self.pending, &mut frame);
        self.pending.clear();
        frame.extend_from_slice(END_SYNC);
        self.out.write_all(&frame)?;
        self.written.fetch_add(frame.len() as u64, Ordering::Relaxed);
        self.out.flush()
    }
}

/// Copies `bytes` to `out`, writing each 256-colour code of one of the sixteen basic colours
/// (`38;5;N` / `48;5;N` with N < 16 inside an SGR sequence, as crossterm writes ratatui's named
/// colours, alone or as `ESC[38;5;4;48;5;15m`) in the basic form that terminals without 256
/// colours understand: SGR 30-37 / 90-97 for the foreground, 40-47 / 100-107 for the background.
/// Every other byte passes unchanged; server text cannot forge an escape, since it reaches the
/// buffer without control characters.
fn basic_colours(bytes: &[u8], out: &mut Vec<u8>) {
    let mut rest = bytes;
    while let Some(at) = rest.windows(2).position(|w| w == b"\x1b[") {
        out.extend_from_slice(&rest[..at + 2]);
        rest = &rest[at + 2..];
        // An SGR sequence: parameters (digits and `;`) up to `m`.
        let len = rest.iter().take_while(|b| b.is_ascii_digit() || **b == b';').count();
        if rest.get(len) != Some(&b'm') {
            continue;
        }
        let params: Vec<&[u8]> = rest[..len].split(|b| *b == b';').collect();
        let rewritten = rewrite_sgr(&params);
        if rewritten.is_empty() && len > 0 {
            // Nothing left of it (a lone 59): the sequence goes, `ESC[` included.
            out.truncate(out.len() - 2);
            rest = &rest[len + 1..];
            continue;
        }
        out.extend_from_slice(rewritten.as_bytes());
        rest = &rest[len..];
    }
    out.extend_from_slice(rest);
}

/// The parameters of one SGR sequence, with `38;5;N` / `48;5;N` (N < 16) as one basic code.
fn rewrite_sgr(params: &[&[u8]]) -> String {
    let number = |p: &[u8]| std::str::from_utf8(p).ok().and_then(|s| s.parse::<u16>().ok());
    let mut out: Vec<String> = Vec::with_capacity(params.len());
    let mut i = 0;
    while i < params.len() {
        let here = number(params[i]);
        let extended = matches!(here, Some(38 | 48));
        if extended && params.get(i + 1).and_then(|p| number(p)) == Some(5) {
            let n = params.get(i + 2).and_then(|p| number(p));
            if let (Some(base), Some(n @ 0..=15)) = (here.map(|h| h - 8), n) {
                out.push(if n < 8 { base + n } else { base + 60 + n - 8 }.to_string());
                i += 3;
                continue;
            }
            // A colour of the 256: passed through whole.
            let end = (i + 3).min(params.len());
            out.extend(params[i..end].iter().map(|p| String::from_utf8_lossy(p).into_owned()));
            i = end;
            continue;
        }
        if extended && params.get(i + 1).and_then(|p| number(p)) == Some(2) {
            let end = (i + 5).min(params.len());
            out.extend(params[i..end].iter().map(|p| String::from_utf8_lossy(p).into_owned()));
            i = end;
            continue;
        }
        // 59 (underline colour back to default): ratatui resets it after every frame, but the
        // board never sets one, and a terminal of sixteen colours does not know the code.
        if here != Some(59) {
            out.push(String::from_utf8_lossy(params[i]).into_owned());
        }
        i += 1;
    }
    out.join(";")
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
    fn the_sixteen_colours_are_sent_in_their_basic_form() {
        use ratatui::style::{Color, Style};
        let named = [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ];
        let (mut t, s) = terminal();
        t.draw(|f| {
            for (i, c) in named.iter().enumerate() {
                let area = Rect::new(i as u16 * 2, 0, 2, 1);
                let style = Style::new().fg(*c).bg(named[15 - i]);
                f.render_widget(Paragraph::new("ab").style(style), area);
            }
        })
        .unwrap();
        let out = String::from_utf8(sent(&s)).unwrap();
        for forbidden in ["38;5", "48;5", "38;2", "48;2"] {
            assert!(!out.contains(forbidden), "{forbidden} in {out:?}");
        }
        for code in ["\x1b[30;107m", "\x1b[34;103m", "\x1b[37;100m", "\x1b[90;47m", "\x1b[97;40m"] {
            assert!(out.contains(code), "{code:?} missing from {out:?}");
        }
        // Every SGR parameter sent is a basic one: colours, their resets, attributes.
        for sgr in out.split("\x1b[").skip(1).filter_map(|s| s.split_once('m').map(|(p, _)| p)) {
            if sgr.bytes().all(|b| b.is_ascii_digit() || b == b';') {
                for p in sgr.split(';').map(|p| p.parse::<u8>().unwrap()) {
                    let basic = matches!(p, 0..=9 | 21..=29 | 30..=37 | 39..=47 | 49 | 90..=97 | 100..=107);
                    assert!(basic, "SGR {p} in {out:?}");
                }
            }
        }
    }

    #[test]
    fn only_basic_colour_codes_are_rewritten() {
        let mut out = Vec::new();
        let input = b"\x1b[38;5;4mA\x1b[48;5;15mB\x1b[38;5;44mC\x1b[38;5;4D\x1b[1m\x1b[38;5;9;48;5;0mE\x1b[38;2;1;2;3;48;5;2mF\x1b[?25l\x1b";
        basic_colours(input, &mut out);
        let want = b"\x1b[34mA\x1b[107mB\x1b[38;5;44mC\x1b[38;5;4D\x1b[1m\x1b[91;40mE\x1b[38;2;1;2;3;42mF\x1b[?25l\x1b";
        assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(want));
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
