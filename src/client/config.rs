//! What a [`Client`](super::Client) is built from, and the checks that refuse a configuration which
//! would leak the API key (clear-text http to another machine, a key inside the URL).

use std::ffi::OsString;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::error::ClientError;
use super::retry::RetryPolicy;
use crate::sanitize::sanitize_short;

/// The hosted service, as docs/API.md names it.
pub const DEFAULT_BASE_URL: &str = "https://app.automatenexuscrm.com/functions/v1/api";

/// How to reach the API. `Debug` never shows the key.
#[derive(Clone)]
pub struct ClientConfig {
    /// Includes the path prefix, e.g. `http://127.0.0.1:7878/v1`; a trailing slash is fine.
    pub base_url: String,
    pub api_key: String,
    /// Without it, `http://` to a host other than loopback is refused: the key would cross the
    /// network in clear text.
    pub allow_insecure_http: bool,
    /// Time to open a connection (TCP and TLS). Default 5 s.
    pub connect_timeout: Duration,
    /// Time for one whole attempt, answer body included. Default 15 s.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// A PEM file of CA certificates to trust besides the system's (and `SSL_CERT_FILE`'s).
    pub ca_cert: Option<PathBuf>,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, api_key: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            api_key: api_key.into(),
            allow_insecure_http: false,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            retry: RetryPolicy::default(),
            ca_cert: None,
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &"<redacted>")
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("ca_cert", &self.ca_cert)
            .finish()
    }
}

/// Parses and checks the base URL. Errors say what to fix; they quote the URL only after any
/// user:password part has been refused, so nothing secret is echoed.
pub(crate) fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url, ClientError> {
    let raw = raw.trim();
    let shown = sanitize_short(raw, 120);
    let example = "write it like https://app.automatenexuscrm.com/functions/v1/api";
    if raw.is_empty() {
        return Err(ClientError::Config(format!("The API URL is empty: {example}")));
    }
    let url = Url::parse(raw).map_err(|e| {
        ClientError::Config(format!("The API URL `{shown}` is not a valid URL ({e}): {example}"))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        // Do not echo it: the password part may be the key.
        return Err(ClientError::Config(
            "The API URL must not contain a user name or password: put the key in the API key setting".into(),
        ));
    }
    let insecure = match url.scheme() {
        "https" => false,
        "http" => true,
        other => {
            return Err(ClientError::Config(format!(
                "The API URL `{shown}` uses `{other}:`; it must start with https:// ({example})"
            )));
        }
    };
    if url.host().is_none() {
        return Err(ClientError::Config(format!("The API URL `{shown}` has no host name: {example}")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ClientError::Config(format!(
            "The API URL `{shown}` must not contain `?` or `#` parts: {example}"
        )));
    }
    if insecure && !allow_insecure_http && !is_loopback(&url) {
        return Err(ClientError::Config(format!(
            "Refusing to send the API key in clear text to `{shown}`: use https://, or pass \
             --allow-insecure-http if this network is trusted"
        )));
    }
    Ok(url)
}

/// 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: traffic that never leaves the machine.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        Err(_) => {
            let d = host.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
    }
}

/// The CAs to trust besides the system's: those of `ca_cert` (an error when unreadable: the user
/// named it) and of `ssl_cert_file`, the `SSL_CERT_FILE` variable (skipped with a warning when
/// unreadable: it is ambient, often set for other programs).
pub(crate) fn extra_roots(
    ca_cert: Option<&Path>,
    ssl_cert_file: Option<OsString>,
) -> Result<Vec<reqwest::Certificate>, ClientError> {
    let mut roots = Vec::new();
    if let Some(file) = ssl_cert_file.filter(|f| !f.is_empty()) {
        match read_pem_certs(Path::new(&file)) {
            Ok(certs) => roots.extend(certs),
            Err(why) => tracing::warn!(file = %Path::new(&file).display(), %why, "SSL_CERT_FILE ignored"),
        }
    }
    if let Some(path) = ca_cert {
        let certs = read_pem_certs(path).map_err(|why| {
            ClientError::Config(format!("Cannot use the CA certificate file {}: {why}", path.display()))
        })?;
        roots.extend(certs);
    }
    Ok(roots)
}

fn read_pem_certs(path: &Path) -> Result<Vec<reqwest::Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| e.to_string())?;
    let certs =
        reqwest::Certificate::from_pem_bundle(&pem).map_err(|_| "not a PEM certificate file".to_string())?;
    if certs.is_empty() {
        return Err("no certificate in it".into());
    }
    Ok(certs)
}

/// `Bearer <key>`, marked sensitive so hyper's and reqwest's own `Debug` output hide it too.
pub(crate) fn auth_header(api_key: &str) -> Result<HeaderValue, ClientError> {
    let key = api_key.trim();
    if key.is_empty() {
        return Err(ClientError::Config(
            "No API key: pass --api-key or set DEALBOARD_API_KEY (or api_key in the config file)".into(),
        ));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
        ClientError::Config("The API key contains characters that cannot be sent in a header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;

    fn cfg_err(url: &str, insecure: bool) -> String {
        match parse_base_url(url, insecure) {
            Err(ClientError::Config(m)) => m,
            other => panic!("{url}: expected a Config error, got {other:?}"),
        }
    }

    #[test]
    fn loopback_http_is_accepted_and_remote_http_refused() {
        for ok in [
            "http://127.0.0.1:7878/v1",
            "http://127.1.2.3/v1",
            "http://[::1]:80/v1/",
            "http://localhost:7878",
            "http://LOCALHOST./v1",
            "https://app.automatenexuscrm.com/functions/v1/api",
        ] {
            assert!(parse_base_url(ok, false).is_ok(), "{ok}");
        }
        let long = format!("http://example.com/{}", "segment/".repeat(40));
        for bad in ["http://10.0.0.5/v1", "http://example.com/v1", "http://localhost.example.com/", &long] {
            assert!(cfg_err(bad, false).contains("--allow-insecure-http"), "{bad}");
            let shown = Client::new(super::ClientConfig::new(bad, "k")).unwrap_err().to_string();
            assert!(shown.contains("--allow-insecure-http"), "{shown}");
            assert!(parse_base_url(bad, true).is_ok(), "{bad} with the flag");
        }
    }

    #[test]
    fn malformed_urls_say_what_to_fix() {
        assert!(cfg_err("", false).contains("empty"));
        assert!(cfg_err("app.example.com/v1", false).contains("https://"));
        assert!(cfg_err("ftp://example.com", false).contains("must start with https://"));
        assert!(cfg_err("https://example.com/v1?x=1", false).contains("`?`"));
        let m = cfg_err("https://user:s3cret@example.com/v1", false);
        assert!(!m.contains("s3cret") && m.contains("user name or password"), "{m}");
    }

    #[test]
    fn extra_cas_come_from_the_setting_and_ssl_cert_file() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        let ca = dir.path().join("ca.pem");
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        std::fs::write(&ca, params.self_signed(&key).unwrap().pem()).unwrap();
        assert!(extra_roots(None, None).unwrap().is_empty());
        // An unreadable SSL_CERT_FILE is skipped; an unreadable ca_cert is an error naming it.
        assert!(extra_roots(None, Some(junk.clone().into())).unwrap().is_empty());
        let e = extra_roots(Some(&junk), None).unwrap_err().to_string();
        assert!(e.contains("junk.pem"), "{e}");
        let e = extra_roots(Some(&dir.path().join("none.pem")), None).unwrap_err().to_string();
        assert!(e.contains("none.pem"), "{e}");
        assert_eq!(extra_roots(None, Some(ca.clone().into())).unwrap().len(), 1);
        assert_eq!(extra_roots(Some(&ca), Some(ca.clone().into())).unwrap().len(), 2);
    }

    #[test]
    fn the_auth_header_is_sensitive_and_never_empty() {
        let v = auth_header(" k3y\n").unwrap();
        assert!(v.is_sensitive());
        assert_eq!(v.to_str().unwrap(), "Bearer k3y");
        assert!(!format!("{v:?}").contains("k3y"));
        assert!(matches!(auth_header("  "), Err(ClientError::Config(_))));
        let e = auth_header("bad\u{7}key").unwrap_err();
        assert!(!e.to_string().contains("bad"));
    }
}
