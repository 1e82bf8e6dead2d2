//! `GET /deals` on 100 000 deals, pages of 100, over real HTTP on loopback: filters with a sort,
//! walking the pages with the keyset cursor (each iteration fetches the next page, starting over
//! at the end). Goal: under 5 ms per page.
//!
//! Run: `cargo bench --bench server_list`. Loading the 100 000 deals is timed once and printed.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dealboard::server::{ServerOptions, start};
use serde_json::Value;

const DEALS: u64 = 100_000;

/// A query and where its walk through the pages has got to.
struct Walk {
    query: String,
    cursor: Option<String>,
}

impl Walk {
    async fn next_page(&mut self, http: &reqwest::Client, base: &str, key: &str) -> usize {
        let mut url = format!("{base}/deals?limit=100&{}", self.query);
        if let Some(c) = &self.cursor {
            url.push_str("&cursor=");
            url.push_str(c);
        }
        let resp = http.get(&url).bearer_auth(key).send().await.expect("request");
        assert_eq!(resp.status(), 200);
        let v: Value = resp.json().await.expect("json");
        self.cursor = v["meta"]["next_cursor"].as_str().map(str::to_string);
        v["data"].as_array().map_or(0, Vec::len)
    }
}

fn list_deals(c: &mut Criterion) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOptions {
        db: dir.path().join("bench.db"),
        api_key: Some("bench-key".into()),
        currency: "USD".into(),
        latency: Duration::ZERO,
        // The demo workspace gives the generated deals two pipelines, owners and contacts.
        demo: true,
        generated_deals: DEALS,
    };
    let started = Instant::now();
    let server = rt.block_on(start(opts, "127.0.0.1:0".parse().unwrap())).expect("server starts");
    eprintln!("loaded {DEALS} generated deals and started in {:.2} s", started.elapsed().as_secs_f64());
    let http = reqwest::Client::new();
    let base = server.base_url();

    // Pick real filter values from the data rather than guessing them.
    let sample: Value = rt.block_on(async {
        let r =
            http.get(format!("{base}/deals?limit=1&sort=created_at")).bearer_auth("bench-key").send().await;
        r.unwrap().json().await.unwrap()
    });
    let first = &sample["data"][0];
    let pipeline = first["pipeline_id"].as_str().unwrap().to_string();
    let owner = first["owner_id"].as_str().map(str::to_string);

    let mut queries = vec![
        ("open_in_pipeline_by_value_desc", format!("pipeline_id={pipeline}&status=open&sort=-value")),
        ("value_range_by_created_desc", "min_value=1000&max_value=50000&sort=-created_at".to_string()),
        (
            "closing_window_by_close_date",
            "expected_close_after=2026-01-01&expected_close_before=2026-12-31&sort=expected_close_date"
                .to_string(),
        ),
        ("everything_default_sort", String::new()),
    ];
    if let Some(owner) = owner {
        queries.push(("owner_won_by_updated", format!("owner_id={owner}&status=won&sort=updated_at")));
    }
    let mut group = c.benchmark_group("get_deals_100k");
    group.sample_size(30).measurement_time(Duration::from_secs(4));
    for (name, query) in queries {
        // The page a board asks for first (no cursor) ...
        let mut first = Walk { query: query.clone(), cursor: None };
        group.bench_function(format!("{name}/first_page"), |b| {
            b.iter(|| {
                first.cursor = None;
                rt.block_on(first.next_page(&http, &base, "bench-key"))
            });
        });
        // ... and the pages after it, through the cursor.
        let mut walk = Walk { query, cursor: None };
        group.bench_function(format!("{name}/next_pages"), |b| {
            b.iter(|| rt.block_on(walk.next_page(&http, &base, "bench-key")));
        });
    }
    group.finish();
    rt.block_on(server.shutdown()).unwrap();
}

criterion_group!(benches, list_deals);
criterion_main!(benches);
