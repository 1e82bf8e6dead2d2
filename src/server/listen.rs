//! The accept loop: HTTP/1.1 and HTTP/2 (over TLS when configured) with the limits that keep a
//! server alive among slow or idle clients.
//!
//! - a client has `header_timeout` to finish the TLS handshake, and over HTTP/1 to send a whole
//!   request head, counted from the first byte it sends while no request of its connection is
//!   being answered;
//! - a request whose body has not arrived (and been answered) within `request_timeout` of its
//!   head gets 408;
//! - a connection with no request in flight for `idle_timeout` is closed;
//! - at most `max_connections` are open at once. When all are taken, the connection idle the
//!   longest (no request in flight: keep-alive, or still dripping its head) is closed to make room
//!   for the new one, so a crowd of slow clients cannot lock out a normal request; when every one
//!   is busy, new ones wait in the listen queue.
//!
//! Every request carries the peer address as axum's `ConnectInfo<SocketAddr>`.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::error::Failure;
use crate::model::ErrorCode;

/// How long connections may take and how many may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    /// From a request's head to its answer: a body dripped slower than this gets 408.
    pub request_timeout: Duration,
    pub max_connections: usize,
}

/// How long a stopping server waits for requests in flight before it lets go of them.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// File descriptors kept free for everything that is not a connection: the database and its
/// journal, the runtime, stdio, logs.
const RESERVED_FILES: u64 = 64;

/// The connection cap: `requested`, but never so many that connections alone could exhaust the
/// process's limit on open files.
pub fn connection_cap(requested: Option<usize>) -> usize {
    let by_files = match open_file_limit() {
        Some(n) if n > 2 * RESERVED_FILES => (n - RESERVED_FILES).min(16_384) as usize,
        Some(n) => (n / 2).max(1) as usize,
        None => 1024,
    };
    requested.map_or(by_files, |r| r.min(by_files)).max(1)
}

#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not everywhere
fn open_file_limit() -> Option<u64> {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes the struct it is given and nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
    (ok && lim.rlim_cur != libc::RLIM_INFINITY).then_some(lim.rlim_cur as u64)
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

/// Raises the soft limit on open files to the hard limit (as far as 65536), so the default
/// connection cap is not needlessly small. For `dealboard serve`, which owns its process.
#[cfg(unix)]
pub fn raise_open_file_limit() {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write the struct they are given and nothing else.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return;
        }
        let want = lim.rlim_max.min(65_536);
        if lim.rlim_cur < want {
            lim.rlim_cur = want;
            let _ = libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() {}

/// What the watchdog of one connection needs to know. Times are milliseconds since `base`.
struct Activity {
    base: Instant,
    /// Requests of this connection being answered right now.
    busy: AtomicUsize,
    /// When the connection last had no request in flight (accepted, or an answer finished).
    idle_since: AtomicU64,
    /// 1 + when bytes began to arrive while idle (a request head on its way); 0 for none.
    head_started: AtomicU64,
    /// Whether arriving bytes start the head timer: HTTP/1 only. An HTTP/2 client sends frames
    /// of its own between requests (window updates, pings), which are no request head.
    times_heads: AtomicBool,
    /// Picked to make room for a new connection.
    evicted: AtomicBool,
    evict: Notify,
}

impl Activity {
    fn new(base: Instant) -> Activity {
        let a = Activity {
            base,
            busy: AtomicUsize::new(0),
            idle_since: AtomicU64::new(0),
            head_started: AtomicU64::new(0),
            times_heads: AtomicBool::new(true),
            evicted: AtomicBool::new(false),
            evict: Notify::new(),
        };
        a.idle_since.store(a.now(), Ordering::Relaxed);
        a
    }

    fn now(&self) -> u64 {
        self.base.elapsed().as_millis() as u64
    }

    fn is_idle(&self) -> bool {
        self.busy.load(Ordering::Acquire) == 0
    }

    fn bytes_arrived(&self) {
        if self.is_idle() && self.times_heads.load(Ordering::Relaxed) {
            let _ =
                self.head_started.compare_exchange(0, self.now() + 1, Ordering::AcqRel, Ordering::Relaxed);
        }
    }

    fn begin(self: &Arc<Self>) -> InFlight {
        self.busy.fetch_add(1, Ordering::AcqRel);
        self.head_started.store(0, Ordering::Release);
        InFlight(self.clone())
    }

    /// Why the connection should be closed now, if it should.
    fn expired(&self, limits: &Limits) -> Option<&'static str> {
        if !self.is_idle() {
            return None;
        }
        let now = self.now();
        let head = self.head_started.load(Ordering::Acquire);
        if head != 0 && now.saturating_sub(head - 1) >= limits.header_timeout.as_millis() as u64 {
            return Some("the request head did not arrive in time");
        }
        if now.saturating_sub(self.idle_since.load(Ordering::Acquire))
            >= limits.idle_timeout.as_millis() as u64
        {
            return Some("idle");
        }
        None
    }
}

/// A request being answered; dropping it marks the end.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let a = &self.0;
        if a.busy.fetch_sub(1, Ordering::AcqRel) == 1 {
            a.head_started.store(0, Ordering::Release);
            a.idle_since.store(a.now(), Ordering::Release);
        }
    }
}

/// The open connections, oldest first.
#[derive(Default)]
struct Registry {
    conns: Mutex<BTreeMap<u64, Arc<Activity>>>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Activity>>> {
        self.conns.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks the oldest connection with no request in flight to close. False when all are busy.
    fn evict_oldest_idle(&self) -> bool {
        for a in self.lock().values() {
            if a.is_idle() && !a.evicted.swap(true, Ordering::AcqRel) {
                a.evict.notify_one();
                return true;
            }
        }
        false
    }
}

/// Removes a connection from the registry when its task ends, however it ends.
struct Registered(Arc<Registry>, u64);

impl Drop for Registered {
    fn drop(&mut self) {
        self.0.lock().remove(&self.1);
    }
}

/// Reads through to the socket, noting when bytes arrive.
struct Watched<T> {
    io: T,
    activity: Arc<Activity>,
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.bytes_arrived();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

/// Serves `app` on `listener` until `stop` resolves, then lets requests in flight finish (for at
/// most [`DRAIN_TIMEOUT`]) and returns once every connection is closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: Limits,
    stop: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
    let base = Instant::now();
    let (shutdown, shutdown_seen) = watch::channel(());
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let registry = Arc::new(Registry::default());
    let mut next_id = 0u64;
    tokio::pin!(stop);
    'accept: loop {
        let (tcp, peer) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors or similar: say so, and give it a moment to pass
                    // instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::select! {
                        _ = &mut stop => break,
                        _ = tokio::time::sleep(Duration::from_millis(50)) => continue,
                    }
                }
            },
        };
        let permit = match permits.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => loop {
                registry.evict_oldest_idle();
                tokio::select! {
                    _ = &mut stop => break 'accept,
                    p = permits.clone().acquire_owned() => break p.expect("the semaphore is never closed"),
                    // Every connection was busy: look again once some may have become idle.
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                }
            },
        };
        let _ = tcp.set_nodelay(true);
        let activity = Arc::new(Activity::new(base));
        next_id += 1;
        registry.lock().insert(next_id, activity.clone());
        let registered = Registered(registry.clone(), next_id);
        let (app, tls, shutdown_seen) = (app.clone(), tls.clone(), shutdown_seen.clone());
        tokio::spawn(async move {
            let io = Watched { io: tcp, activity: activity.clone() };
            let conn = Conn { peer, app, limits, activity, shutdown: shutdown_seen };
            match tls {
                None => conn.run(io).await,
                Some(acceptor) => match conn.handshake(&acceptor, io).await {
                    Some(stream) => conn.run(stream).await,
                    // Before the permit: a stopping server counts permits to know that no
                    // connection holds the database any more.
                    None => drop(conn),
                },
            }
            drop(registered);
            drop(permit);
        });
    }
    drop(listener);
    drop(shutdown);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN_TIMEOUT, permits.acquire_many(all)).await.is_err() {
        tracing::warn!("stopped waiting for requests still in flight");
    }
    Ok(())
}

/// One accepted connection.
struct Conn {
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    activity: Arc<Activity>,
    shutdown: watch::Receiver<()>,
}

impl Conn {
    async fn handshake<I>(&self, acceptor: &TlsAcceptor, io: I) -> Option<tokio_rustls::server::TlsStream<I>>
    where
        I: AsyncRead + AsyncWrite + Unpin,
    {
        let mut shutdown = self.shutdown.clone();
        tokio::select! {
            done = tokio::time::timeout(self.limits.header_timeout, acceptor.accept(io)) => match done {
                Ok(Ok(stream)) => {
                    if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                        self.activity.times_heads.store(false, Ordering::Relaxed);
                        self.activity.head_started.store(0, Ordering::Release);
                    }
                    Some(stream)
                }
                Ok(Err(e)) => {
                    tracing::debug!(peer = %self.peer, error = %e, "TLS handshake failed");
                    None
                }
                Err(_) => {
                    tracing::debug!(peer = %self.peer, "TLS handshake not finished in time");
                    None
                }
            },
            _ = self.activity.evict.notified() => None,
            _ = shutdown.changed() => None,
        }
    }

    async fn run<I>(self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Conn { peer, app, limits, activity, mut shutdown } = self;
        let watched = activity.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let in_flight = watched.begin();
            let app = app.clone();
            async move {
                let answer = tokio::time::timeout(limits.request_timeout, app.oneshot(req)).await;
                drop(in_flight);
                Ok::<_, std::convert::Infallible>(match answer {
                    Ok(Ok(response)) => response,
                    Ok(Err(never)) => match never {},
                    Err(_) => {
                        tracing::debug!(%peer, "the request body did not arrive in time");
                        let message = "the request did not arrive in time";
                        Failure::new(ErrorCode::RequestTimeout, message).into_response()
                    }
                })
            }
        });
        let mut builder = auto::Builder::new(TokioExecutor::new());
        // The watchdog below times request heads; hyper's own timer would need a timer set.
        builder.http1().header_read_timeout(None::<Duration>);
        let conn = builder.serve_connection(TokioIo::new(io), service);
        tokio::pin!(conn);
        let tick = (limits.header_timeout.min(limits.idle_timeout) / 4)
            .clamp(Duration::from_millis(10), Duration::from_secs(1));
        let mut draining = false;
        // Ticks spent expired: the first asks the connection to close politely (an HTTP/2 client
        // gets GOAWAY and will not start a request on it); one that is still open two ticks
        // later (a head half sent) is dropped.
        let mut expired_ticks = 0;
        let mut asked_to_close = false;
        loop {
            tokio::select! {
                done = conn.as_mut() => {
                    if let Err(e) = done {
                        tracing::debug!(%peer, error = %e, "connection ended with an error");
                    }
                    return;
                }
                _ = tokio::time::sleep(tick) => {
                    let Some(why) = activity.expired(&limits) else {
                        expired_ticks = 0;
                        continue;
                    };
                    expired_ticks += 1;
                    if expired_ticks == 1 {
                        tracing::debug!(%peer, why, "closing the connection");
                        if !std::mem::replace(&mut asked_to_close, true) {
                            conn.as_mut().graceful_shutdown();
                        }
                    } else if expired_ticks > 2 {
                        return;
                    }
                }
                _ = activity.evict.notified() => {
                    if activity.is_idle() {
                        tracing::debug!(%peer, "closing an idle connection to make room for a new one");
                        return;
                    }
                    activity.evicted.store(false, Ordering::Release);
                }
                _ = shutdown.changed(), if !draining => {
                    draining = true;
                    if activity.is_idle() {
                        return;
                    }
                    if !std::mem::replace(&mut asked_to_close, true) {
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_file_limit() {
        let by_files = connection_cap(None);
        assert!(by_files >= 1);
        if let Some(n) = open_file_limit() {
            assert!((by_files as u64) < n, "{by_files} of {n}");
        }
        assert_eq!(connection_cap(Some(3)), 3.min(by_files));
        assert_eq!(connection_cap(Some(0)), 1);
    }

    #[test]
    fn a_connection_expires_when_idle_or_slow_but_never_while_busy() {
        let limits = Limits {
            header_timeout: Duration::ZERO,
            idle_timeout: Duration::from_secs(3600),
            request_timeout: Duration::from_secs(3600),
            max_connections: 1,
        };
        let a = Arc::new(Activity::new(Instant::now()));
        assert_eq!(a.expired(&limits), None);
        a.bytes_arrived();
        assert!(a.expired(&limits).is_some());
        let in_flight = a.begin();
        assert_eq!(a.expired(&limits), None);
        a.bytes_arrived();
        assert_eq!(a.expired(&limits), None, "bytes of a request being answered are no new head");
        drop(in_flight);
        assert_eq!(a.expired(&limits), None);
        let idle = Limits { idle_timeout: Duration::ZERO, ..limits };
        assert_eq!(a.expired(&idle), Some("idle"));
    }

    #[test]
    fn eviction_picks_the_oldest_idle_connection() {
        let base = Instant::now();
        let reg = Registry::default();
        let (a, b, c) =
            (Arc::new(Activity::new(base)), Arc::new(Activity::new(base)), Arc::new(Activity::new(base)));
        reg.lock().extend([(1, a.clone()), (2, b.clone()), (3, c.clone())]);
        let _busy = a.begin();
        assert!(reg.evict_oldest_idle());
        assert!(!a.evicted.load(Ordering::Acquire) && b.evicted.load(Ordering::Acquire));
        assert!(reg.evict_oldest_idle());
        assert!(c.evicted.load(Ordering::Acquire));
        assert!(!reg.evict_oldest_idle());
    }
}
