//! Noticing that the terminal went away. SIGHUP normally says so, but not always reaches us
//! (a parent that ignores it, a `script` or multiplexer killed outright), and crossterm 0.29's
//! reader then spins on end-of-file at full CPU (crossterm#793). A thread blocked in `poll(2)`
//! on the terminal with no events requested wakes only for a hangup or an error, so it costs
//! nothing while the terminal is there.

use tokio::sync::oneshot;

/// Resolves when `fd` hangs up or fails; never while it is healthy.
#[cfg(unix)]
pub fn watch(fd: std::os::fd::RawFd) -> oneshot::Receiver<()> {
    let (tx, rx) = oneshot::channel();
    std::thread::Builder::new()
        .name("hangup-watch".into())
        .spawn(move || {
            if wait_for_hangup(fd) {
                let _ = tx.send(());
            } else {
                // No watching possible: never resolve, rather than report a hangup there was not.
                std::mem::forget(tx);
            }
        })
        .expect("spawn the hangup watcher");
    rx
}

/// Blocks until `fd` reports POLLHUP, POLLERR or POLLNVAL (true), or poll fails (false).
#[cfg(unix)]
fn wait_for_hangup(fd: std::os::fd::RawFd) -> bool {
    let mut p = libc::pollfd { fd, events: 0, revents: 0 };
    loop {
        // SAFETY: one valid pollfd, for the length we pass.
        let n = unsafe { libc::poll(&mut p, 1, -1) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return false;
        }
        if p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return true;
        }
    }
}

/// Elsewhere there is no such watcher; the receiver never resolves.
#[cfg(not(unix))]
pub fn watch(_fd: i32) -> oneshot::Receiver<()> {
    let (tx, rx) = oneshot::channel();
    std::mem::forget(tx);
    rx
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::fd::AsRawFd;
    use std::time::Duration;

    use portable_pty::{PtySize, native_pty_system};

    #[tokio::test]
    async fn a_terminal_that_goes_away_is_noticed_and_a_live_one_is_not() {
        let pty = native_pty_system().openpty(PtySize::default()).unwrap();
        // The slave side as a process would hold it: opened by name, as its stdin would be.
        let name = pty.master.tty_name().expect("the pty's name");
        let slave = std::fs::OpenOptions::new().read(true).write(true).open(name).unwrap();
        let mut gone = super::watch(slave.as_raw_fd());
        // Alive: nothing for a while (a window that bounds the check, not a synchronisation).
        assert!(tokio::time::timeout(Duration::from_millis(200), &mut gone).await.is_err());
        drop(pty.slave);
        drop(pty.master);
        tokio::time::timeout(Duration::from_secs(10), gone)
            .await
            .expect("the hangup is seen within the deadline")
            .expect("the watcher reports it");
        drop(slave);
    }
}
