//! HTTPS for real: a throwaway CA signs a certificate for localhost, the server serves with it,
//! and the board's client trusts the CA (its `ca_cert` setting), speaks HTTP/2, and refuses the
//! same server without it.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use dealboard::client::{Client, ClientConfig, ClientError, RetryPolicy};
use dealboard::model::DealQuery;
use dealboard::server::{Edges, ServerOptions, TlsFiles, start_with};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::AsyncReadExt;

use crate::support::*;

/// Writes `ca.pem`, `cert.pem` (for localhost and 127.0.0.1, signed by the CA) and `key.pem`.
pub fn throwaway_pki(dir: &Path) -> (PathBuf, TlsFiles) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "dealboard test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let cert = params.signed_by(&key, &ca).unwrap();
    let files = TlsFiles { cert: dir.join("cert.pem"), key: dir.join("key.pem") };
    std::fs::write(&files.cert, cert.pem()).unwrap();
    std::fs::write(&files.key, key.serialize_pem()).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    (ca_file, files)
}

fn client(base: &str, ca_cert: Option<PathBuf>) -> Client {
    let mut cfg = ClientConfig::new(base, "test-key");
    cfg.retry = RetryPolicy::none();
    cfg.ca_cert = ca_cert;
    Client::new(cfg).unwrap()
}

#[tokio::test]
async fn the_client_speaks_http2_to_an_https_server_whose_ca_it_trusts() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, tls) = throwaway_pki(dir.path());
    let opts = ServerOptions { generated_deals: 120, ..options(dir.path().join("deals.db")) };
    let edges = Edges { tls: Some(tls), ..Edges::default() };
    let server = start_with(opts, "127.0.0.1:0".parse().unwrap(), edges).await.unwrap();
    assert!(server.base_url().starts_with("https://127.0.0.1:"), "{}", server.base_url());

    for host in ["localhost", "127.0.0.1"] {
        let c = client(&format!("https://{host}:{}/v1", server.addr().port()), Some(ca.clone()));
        assert!(!c.pipelines().await.unwrap().is_empty());
        assert_eq!(c.http_version(), Some(reqwest::Version::HTTP_2), "{host}");
        let page = c.list_deals(&DealQuery { limit: Some(100), ..DealQuery::default() }).await.unwrap();
        assert_eq!(page.items.len(), 100);
    }

    // Plain HTTP to the TLS port gets no answer.
    let plain = http().get(format!("http://127.0.0.1:{}/v1/pipelines", server.addr().port())).send().await;
    assert!(plain.is_err() || plain.is_ok_and(|r| r.status() != 200));
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_in_one_line_naming_the_host() {
    let dir = tempfile::tempdir().unwrap();
    let (_ca, tls) = throwaway_pki(dir.path());
    let opts = options(dir.path().join("deals.db"));
    let server =
        start_with(opts, "127.0.0.1:0".parse().unwrap(), Edges { tls: Some(tls), ..Edges::default() })
            .await
            .unwrap();
    let host = format!("localhost:{}", server.addr().port());
    let c = client(&format!("https://{host}/v1"), None);
    let e = c.pipelines().await.unwrap_err();
    let shown = e.to_string();
    assert!(matches!(e, ClientError::Unreachable { .. }), "{e:?}");
    assert!(shown.contains(&host) && shown.contains("certificate is not trusted"), "{shown}");
    assert!(shown.contains("ca_cert"), "says how to trust it: {shown}");
    assert!(!shown.contains('\n') && !shown.contains(char::is_control), "{shown:?}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn idle_https_connections_are_closed_and_the_next_call_opens_another() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, tls) = throwaway_pki(dir.path());
    let edges = Edges {
        tls: Some(tls),
        idle_timeout: Duration::from_secs(1),
        header_timeout: Duration::from_secs(1),
        ..Edges::default()
    };
    let server = start_with(options(dir.path().join("deals.db")), "127.0.0.1:0".parse().unwrap(), edges)
        .await
        .unwrap();
    let proxy = crate::edges::counting_proxy(server.addr()).await;
    let c = client(&format!("https://localhost:{}/v1", proxy.addr.port()), Some(ca));
    c.pipelines().await.unwrap();
    assert_eq!(c.http_version(), Some(reqwest::Version::HTTP_2));
    wait_for("the server to close the idle connection", || async {
        proxy.closed_by_server.load(Ordering::SeqCst) == 1
    })
    .await;
    c.pipelines().await.unwrap();
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 2);

    // A connection that never starts its TLS handshake is closed too.
    let mut silent = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let mut got = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(60), silent.read_to_end(&mut got)).await;
    assert!(closed.is_ok() && got.is_empty(), "{closed:?} {got:?}");
    server.shutdown().await.unwrap();
}
