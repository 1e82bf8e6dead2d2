//! The real `dealboard` binary in a pseudo-terminal, read through a vt100 emulator: what a user
//! would see, and the bytes the program wrote. Waits poll a condition against a deadline.
// Shared by several test crates; each uses a part.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct Board {
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<AtomicUsize>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    pub home: tempfile::TempDir,
}

impl Board {
    /// Starts `dealboard ARGS` in a `cols`x`rows` terminal with an empty home (no user config),
    /// logging to a file in that home.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Board {
        Board::spawn_in(tempfile::tempdir().unwrap(), args, cols, rows)
    }

    /// Like `spawn`, in the home `home` (another run's, taken back with `into_home`).
    pub fn spawn_in(home: tempfile::TempDir, args: &[&str], cols: u16, rows: u16) -> Board {
        let pty =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dealboard"));
        cmd.args(args);
        for var in ["DEALBOARD_API_URL", "DEALBOARD_API_KEY", "DEALBOARD_CONFIG", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("DEALBOARD_LOG_FILE", home.path().join("dealboard.log"));
        cmd.env("DEALBOARD_LOG", "dealboard=debug");
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(home.path());
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let bytes = Arc::new(AtomicUsize::new(0));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (p, b) = (parser.clone(), bytes.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                b.fetch_add(n, Ordering::SeqCst);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Board { parser, bytes, writer, master: pty.master, child, home }
    }

    /// The home, for another run in it (this one gets an empty one in its place).
    pub fn take_home(&mut self) -> tempfile::TempDir {
        std::mem::replace(&mut self.home, tempfile::tempdir().unwrap())
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Bytes the program has written to the terminal so far.
    pub fn bytes_seen(&self) -> usize {
        self.bytes.load(Ordering::SeqCst)
    }

    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.lock().unwrap().screen())
    }

    /// Waits until `cond` holds for the screen, or fails the test showing the screen.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if self.with_screen(&cond) {
                return;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Like `wait_for`, for a check that says what is wrong: on timeout the last complaint is
    /// shown with the screen.
    pub fn wait_ok(&self, what: &str, check: impl Fn(&vt100::Screen) -> Result<(), String>) {
        let start = Instant::now();
        loop {
            let last = match self.with_screen(&check) {
                Ok(()) => return,
                Err(e) => e,
            };
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}: {last}; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?} on screen"), |s| s.contents().contains(text));
    }

    pub fn wait_gone(&self, text: &str) {
        self.wait_for(&format!("{text:?} to leave the screen"), |s| !s.contents().contains(text));
    }

    /// Sends raw bytes as typed.
    pub fn type_str(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn press(&mut self, key: Key) {
        self.type_str(key.bytes());
    }

    /// Waits for the process to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("dealboard did not exit; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the terminal is back in cooked mode (canonical input and echo on).
    #[cfg(unix)]
    pub fn terminal_is_cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let t = self.master.get_termios().expect("termios of the pty");
        t.local_flags.contains(LocalFlags::ICANON) && t.local_flags.contains(LocalFlags::ECHO)
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Enter,
    Esc,
    Tab,
    Up,
    Down,
    Left,
    Right,
    ShiftRight,
    ShiftLeft,
    Backspace,
    Space,
}

impl Key {
    fn bytes(self) -> &'static str {
        match self {
            Key::Enter => "\r",
            Key::Esc => "\x1b",
            Key::Tab => "\t",
            Key::Up => "\x1b[A",
            Key::Down => "\x1b[B",
            Key::Right => "\x1b[C",
            Key::Left => "\x1b[D",
            Key::ShiftRight => "\x1b[1;2C",
            Key::ShiftLeft => "\x1b[1;2D",
            Key::Backspace => "\x7f",
            Key::Space => " ",
        }
    }
}

/// The text inside the board column titled `title` (its bordered box, `┌Title───┐`), one line
/// per row from the row under the title down to the bottom border; `None` while no column with
/// that title is on screen. Lets a test read one column without the others' cards.
/// Whether a column's top border names `title`: `Lead───`, or with the markers of columns off
/// screen either side, `◀ 2 cols · 41 Lead───` / `Lead 1 col · 8 ▶───` / `◀2 Lead 1▶───`.
fn titled_as(top: &str, title: &str) -> bool {
    let head = top.split('─').next().unwrap_or_default();
    head.match_indices(title).any(|(at, _)| {
        let (before, after) = (&head[..at], &head[at + title.len()..]);
        (before.is_empty() || (before.starts_with('◀') && before.ends_with(' ')))
            && (after.is_empty() || (after.starts_with(' ') && after.ends_with('▶')))
    })
}

pub fn column_text(s: &vt100::Screen, title: &str) -> Option<String> {
    let (rows, cols) = s.size();
    let cell = |r: u16, c: u16| s.cell(r, c).map_or("", |x| x.contents());
    for r in 0..rows {
        for c in 0..cols {
            if cell(r, c) != "┌" {
                continue;
            }
            let mut end = c + 1;
            let mut top = String::new();
            while end < cols && cell(r, end) != "┐" {
                top.push_str(cell(r, end));
                end += 1;
            }
            let titled = titled_as(&top, title);
            if end == cols || !titled {
                continue;
            }
            let lines: Vec<String> = s
                .rows(c + 1, end - c - 1)
                .enumerate()
                .skip(usize::from(r) + 1)
                .take_while(|(i, _)| cell(*i as u16, c) != "└")
                .map(|(_, line)| line)
                .collect();
            return Some(lines.join("\n"));
        }
    }
    None
}
