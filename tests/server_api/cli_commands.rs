//! The command line for scripts, the real binary against the real server: every format checked
//! against what the server holds, ids from stdin, exit codes, names, login, completions, README.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use crate::support::*;

const BIN: &str = env!("CARGO_BIN_EXE_dealboard");

/// The small workspace plus a stage `Prospect` in Sales, so `Pro` is ambiguous.
fn workspace() -> dealboard::server::demo_data::Workspace {
    let mut ws = small_workspace();
    ws.pipelines[0].stages.push(stage("stage_004", "Prospect", 4, 60));
    ws
}

/// `dealboard ARGS` against `server` (settings from the environment, an empty config file),
/// with `stdin` piped in; run off the runtime so the in-process server keeps answering.
async fn db(server: &TestServer, args: &[&str], stdin: &str) -> Output {
    let config = server.dir.path().join("empty.toml");
    std::fs::write(&config, "").unwrap();
    let mut c = Command::new(BIN);
    c.args(args)
        .env("DEALBOARD_API_URL", server.server.base_url())
        .env("DEALBOARD_API_KEY", server.server.api_key())
        .env("DEALBOARD_CONFIG", &config);
    run(c, stdin).await
}

async fn run(mut c: Command, stdin: &str) -> Output {
    c.env_remove("NO_COLOR").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let stdin = stdin.to_string();
    tokio::task::spawn_blocking(move || {
        let mut child = c.spawn().unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[track_caller]
fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stdout: {}\nstderr: {}", text(&o.stdout), text(&o.stderr));
    text(&o.stdout)
}

/// The one line of stderr, `dealboard: ...`.
#[track_caller]
fn one_error_line(o: &Output, code: i32, wanted: &str) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("dealboard: ") && err.contains(wanted), "{err}");
    assert!(!err.contains(|c: char| c.is_control() && c != '\n'), "{err:?}");
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deals_list_in_every_format_matches_the_server() {
    let s = TestServer::with_workspace(&workspace()).await;
    s.create(json!({"title": "Zoë, \"Co\"", "pipeline_id": "pipe_001", "value": 2500.5, "currency": "EUR"}))
        .await;
    let truth = s.all_deals("").await;
    let truth_ids: HashSet<String> = truth.iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(truth_ids.len(), 3);

    let json: Value = serde_json::from_str(&ok(&db(&s, &["deals", "list", "--json"], "").await)).unwrap();
    assert_eq!(ids(&json).into_iter().collect::<HashSet<_>>(), truth_ids);
    let a = json.as_array().unwrap().iter().find(|d| d["id"] == "deal_a").unwrap();
    let server_a = truth.iter().find(|d| d["id"] == "deal_a").unwrap();
    assert_eq!(a, server_a, "--json prints the API's objects");

    let csv_text = ok(&db(&s, &["deals", "list", "--csv"], "").await);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        headers,
        ["ID", "TITLE", "PIPELINE", "STAGE", "VALUE", "CURRENCY", "OWNER", "CLOSE", "STATUS"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let row_a = rows.iter().find(|r| &r[0] == "deal_a").unwrap();
    assert_eq!(
        row_a.iter().collect::<Vec<_>>(),
        ["deal_a", "Alpha", "Sales", "Proposal", "1000", "USD", "Ada Admin", "2026-04-01", "open"]
    );

    let tsv = ok(&db(&s, &["deals", "list"], "").await);
    assert_eq!(tsv.lines().count(), 3, "piped: no header\n{tsv}");
    let fields: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert!(fields.iter().all(|f| f.len() == 9), "{tsv}");
    let odd = fields.iter().find(|f| f[0] != "deal_a" && f[0] != "deal_b").unwrap();
    assert_eq!((odd[1], odd[4], odd[5]), ("Zoë, \"Co\"", "2500.5", "EUR"));

    let table = ok(&db(&s, &["deals", "list", "--table"], "").await);
    assert!(!table.contains('\x1b'), "no colour when piped:\n{table}");
    let cells = |line: &str| -> Vec<String> {
        line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
    };
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(cells(lines[0]), ["ID", "TITLE", "STAGE", "VALUE", "OWNER", "CLOSE", "STATUS"]);
    assert_eq!(lines.len(), 4, "{table}");
    let a_line = lines.iter().find(|l| l.split_whitespace().next() == Some("deal_a")).unwrap();
    assert_eq!(cells(a_line), ["deal_a", "Alpha", "Proposal", "$1,000", "Ada Admin", "2026-04-01", "open"]);
    assert!(table.contains("€2,500.50"), "{table}");

    let ndjson =
        ok(&db(&s, &["deals", "list", "--ndjson", "--status", "open", "--sort", "-value"], "").await);
    let values: Vec<Value> = ndjson.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0]["value"], json!(2500.5), "sorted by -value");

    // Filters: value and date as typed in the board's dialogs, names as shown on it.
    let f = ok(&db(
        &s,
        &["deals", "list", "--json", "--min-value", "$1k", "--max-value", "2k", "--owner", "ada"],
        "",
    )
    .await);
    assert_eq!(ids(&serde_json::from_str(&f).unwrap()), ["deal_a"]);
    let f = ok(&db(&s, &["deals", "list", "--json", "--pipeline", "renew"], "").await);
    assert_eq!(ids(&serde_json::from_str(&f).unwrap()), ["deal_b"]);
    let f = ok(&db(
        &s,
        &["deals", "list", "--json", "--close-before", "2026-04-01", "--close-after", "2026-03-01"],
        "",
    )
    .await);
    assert_eq!(ids(&serde_json::from_str(&f).unwrap()), ["deal_a"]);
    let f = ok(&db(&s, &["deals", "list", "--json", "--limit", "2"], "").await);
    assert_eq!(ids(&serde_json::from_str(&f).unwrap()).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage_names_resolve_and_an_ambiguous_prefix_is_refused() {
    let s = TestServer::with_workspace(&workspace()).await;
    let f = ok(&db(&s, &["deals", "list", "--json", "--stage", "propo"], "").await);
    assert_eq!(ids(&serde_json::from_str(&f).unwrap()), ["deal_a"]);
    let f = ok(&db(&s, &["deals", "list", "--json", "--stage", "stage_101"], "").await);
    assert_eq!(ids(&serde_json::from_str(&f).unwrap()), ["deal_b"]);

    let o = db(&s, &["deals", "list", "--stage", "Pro"], "").await;
    one_error_line(&o, 2, "`Pro` names more than one stage");
    let err = text(&o.stderr);
    assert!(
        err.contains("Proposal in Sales (stage_002)") && err.contains("Prospect in Sales (stage_004)"),
        "{err}"
    );
    let o = db(&s, &["deals", "move", "deal_a", "Pro"], "").await;
    one_error_line(&o, 2, "Proposal");
    assert_eq!(s.get("/deals/deal_a").await.1["data"]["stage_id"], "stage_002", "nothing moved");

    let o = db(&s, &["deals", "show", "bad\x1b[2Jid\x07"], "").await;
    one_error_line(&o, 1, "");
    let o = db(&s, &["deals", "list", "--stage", "Clo\x1b]0;x\x07sing"], "").await;
    one_error_line(&o, 1, "no stage named `Clo]0;xsing`");
    let o = db(&s, &["deals", "list", "--stage", "Closing"], "").await;
    one_error_line(&o, 1, "no stage named `Closing`");
    assert!(text(&o.stderr).contains("Lead"));

    let moved = ok(&db(&s, &["deals", "move", "deal_a", "PROS", "--note", "by script", "--json"], "").await);
    let v: Value = serde_json::from_str(&moved).unwrap();
    assert_eq!(v["stage_id"], "stage_004");
    let (_, detail) = s.get("/deals/deal_a").await;
    assert_eq!(detail["data"]["stage_id"], "stage_004");
    let history = detail["data"]["stage_history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["note"], "by script");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_returns_every_deal_once_across_pages_while_another_client_writes() {
    let s = TestServer::start().await;
    let (_, ps) = s.get("/pipelines").await;
    let pipeline = ps["data"][0]["id"].as_str().unwrap().to_string();
    let mut before = HashSet::new();
    for i in 0..230 {
        let d = s.create(json!({"title": format!("Deal {i}"), "pipeline_id": pipeline, "value": i})).await;
        before.insert(d["id"].as_str().unwrap().to_string());
    }
    let writer = {
        let http = s.http.clone();
        let url = s.url("/deals");
        let key = s.server.api_key().to_string();
        let pipeline = pipeline.clone();
        tokio::spawn(async move {
            let mut n = 0;
            for i in 0..60 {
                let r = http
                    .post(&url)
                    .bearer_auth(&key)
                    .json(&json!({"title": format!("Later {i}"), "pipeline_id": pipeline}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201);
                n += 1;
            }
            n
        })
    };
    let out = ok(&db(&s, &["deals", "list", "--all", "--ndjson"], "").await);
    assert_eq!(writer.await.unwrap(), 60);
    let listed: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    let unique: HashSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "a deal listed twice");
    assert!(before.is_subset(&unique), "{} of {} listed", before.intersection(&unique).count(), before.len());

    // --all as JSON: one array, every deal now there.
    let all: Value =
        serde_json::from_str(&ok(&db(&s, &["deals", "list", "--all", "--json"], "").await)).unwrap();
    assert_eq!(ids(&all).len(), 290);
    assert_eq!(ids(&all).into_iter().collect::<HashSet<_>>().len(), 290);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_piped_move_over_five_ids_with_one_failing_moves_four_and_exits_1() {
    let s = TestServer::with_workspace(&workspace()).await;
    let mut made = Vec::new();
    for i in 0..4 {
        let d = s
            .create(json!({"title": format!("L{i}"), "pipeline_id": "pipe_001", "stage_id": "stage_001"}))
            .await;
        made.push(d["id"].as_str().unwrap().to_string());
    }
    // The ids as the README's pipe gives them: list, first column.
    let listed = ok(&db(&s, &["deals", "list", "--stage", "Lead"], "").await);
    let mut input: Vec<String> = listed.lines().map(|l| l.split('\t').next().unwrap().to_string()).collect();
    assert_eq!(input.iter().collect::<HashSet<_>>(), made.iter().collect::<HashSet<_>>());
    input.insert(2, "deal_gone".to_string());
    let o = db(&s, &["deals", "move", "-", "Proposal"], &(input.join("\n") + "\n")).await;
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("dealboard: deal_gone: ") && err.ends_with("Moved 4 of 5 deals; 1 failed\n"),
        "{err}"
    );
    assert_eq!(text(&o.stdout).lines().count(), 4, "one line per moved deal");
    for id in &made {
        assert_eq!(s.get(&format!("/deals/{id}")).await.1["data"]["stage_id"], "stage_002", "{id}");
    }

    // --json: one array, the failure as an error object in its place.
    let o =
        db(&s, &["deals", "won", "-", "--json", "--reason", "signed"], &format!("{}\nnope\n", made[0])).await;
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(v[0]["status"], "won");
    assert_eq!((v[1]["id"].as_str(), v[1]["error"]["status"].as_u64()), (Some("nope"), Some(404)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_deal_command_changes_the_server_as_it_says() {
    let s = TestServer::with_workspace(&workspace()).await;
    let o = ok(&db(
        &s,
        &[
            "deals",
            "create",
            "--title",
            "Acme",
            "--value",
            "50k",
            "--currency",
            "EUR",
            "--stage",
            "Lead",
            "--close",
            "+14d",
            "--owner",
            "Bo",
            "--contact",
            "con_1",
            "--tag",
            "x",
            "--tag",
            "y",
            "--json",
        ],
        "",
    )
    .await);
    let made: Value = serde_json::from_str(&o).unwrap();
    let id = made["id"].as_str().unwrap().to_string();
    let (_, d) = s.get(&format!("/deals/{id}")).await;
    let d = &d["data"];
    assert_eq!((d["value"].as_f64(), d["currency"].as_str()), (Some(50000.0), Some("EUR")));
    assert_eq!((d["stage_id"].as_str(), d["owner_id"].as_str()), (Some("stage_001"), Some("usr_2")));
    assert_eq!(d["tags"], json!(["x", "y"]));
    let close: jiff::civil::Date = d["expected_close_date"].as_str().unwrap().parse().unwrap();
    assert_eq!(close, jiff::Zoned::now().date().checked_add(jiff::Span::new().days(14)).unwrap());

    // update sends only what is given.
    ok(&db(&s, &["deals", "update", &id, "--title", "Acme 2"], "").await);
    let (_, d) = s.get(&format!("/deals/{id}")).await;
    assert_eq!((d["data"]["title"].as_str(), d["data"]["value"].as_f64()), (Some("Acme 2"), Some(50000.0)));
    one_error_line(&db(&s, &["deals", "update", &id], "").await, 2, "nothing to change");

    let show: Value =
        serde_json::from_str(&ok(&db(&s, &["deals", "show", "deal_a", "--json"], "").await)).unwrap();
    let (_, truth) = s.get("/deals/deal_a").await;
    assert_eq!(show, truth["data"]);
    assert_eq!(show["contacts"].as_array().unwrap().len(), 2);
    let shown = ok(&db(&s, &["deals", "show", "deal_a", "--table"], "").await);
    for part in ["Carla Client", "decision_maker", "Proposal: sent", "$1,000", "Ada Admin"] {
        assert!(shown.contains(part), "{part}:\n{shown}");
    }

    ok(&db(&s, &["deals", "lost", &id, "--reason", "price", "--competitor", "Initech"], "").await);
    let (_, d) = s.get(&format!("/deals/{id}")).await;
    assert_eq!(
        (d["data"]["status"].as_str(), d["data"]["competitor"].as_str()),
        (Some("lost"), Some("Initech"))
    );
    ok(&db(&s, &["deals", "reopen", &id], "").await);
    assert_eq!(s.get(&format!("/deals/{id}")).await.1["data"]["status"], "open");
    ok(&db(&s, &["deals", "won", &id, "--reason", "fit"], "").await);
    assert_eq!(s.get(&format!("/deals/{id}")).await.1["data"]["won_reason"], "fit");

    // delete asks on a terminal: piped, it needs --yes.
    one_error_line(&db(&s, &["deals", "delete", &id], "").await, 2, "--yes");
    assert_eq!(s.get(&format!("/deals/{id}")).await.0, 200);
    ok(&db(&s, &["deals", "delete", &id, "--yes"], "").await);
    assert_eq!(s.get(&format!("/deals/{id}")).await.0, 404);

    let p: Value = serde_json::from_str(&ok(&db(&s, &["pipelines", "--json"], "").await)).unwrap();
    assert_eq!(p, s.get("/pipelines").await.1["data"]);
    let st = ok(&db(&s, &["stages", "sales"], "").await);
    let first: Vec<&str> = st.lines().next().unwrap().split('\t').collect();
    assert_eq!(first, ["stage_001", "Lead", "10", "0", "0"]);
    let u = ok(&db(&s, &["users", "--csv"], "").await);
    assert_eq!(u, "ID,NAME,EMAIL\nusr_1,Ada Admin,ada@example.com\nusr_2,Bo Seller,\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_say_which_class_of_error() {
    let s = TestServer::with_workspace(&workspace()).await;
    // Not found: 1, one line, and with --json an error object on stdout too.
    let o = db(&s, &["deals", "show", "deal_nope", "--json"], "").await;
    one_error_line(&o, 1, "");
    let v: Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!((v["error"]["status"].as_u64(), v["error"]["exit_code"].as_u64()), (Some(404), Some(1)));
    // A refused key: 1, in the board's words.
    let mut c = Command::new(BIN);
    let cfg = s.dir.path().join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    c.args(["deals", "list"])
        .env("DEALBOARD_API_URL", s.server.base_url())
        .env("DEALBOARD_API_KEY", "wrong")
        .env("DEALBOARD_CONFIG", &cfg);
    one_error_line(&run(c, "").await, 1, "Not signed in: the API key was refused (401)");
    // Nobody listening: 1.
    let mut c = Command::new(BIN);
    c.args(["pipelines", "--api-url", "http://127.0.0.1:9/v1", "--api-key", "k", "--config"]).arg(&cfg);
    one_error_line(&run(c, "").await, 1, "Cannot reach");
    // Usage and configuration: 2.
    one_error_line(
        &db(&s, &["deals", "list", "--min-value", "lots"], "").await,
        2,
        "--min-value `lots`: not an amount",
    );
    one_error_line(&db(&s, &["deals", "list", "--close-after", "someday"], "").await, 2, "not a date");
    one_error_line(&db(&s, &["deals", "list", "--sort", "title"], "").await, 2, "sort must be one of");
    assert_eq!(db(&s, &["deals", "list", "--limit", "0"], "").await.status.code(), Some(2));
    assert_eq!(db(&s, &["deals", "list", "--json", "--csv"], "").await.status.code(), Some(2));
    let mut c = Command::new(BIN);
    c.args(["deals", "list", "--config"]).arg(&cfg).env_remove("DEALBOARD_API_KEY");
    one_error_line(&run(c, "").await, 2, "no API key");
    let mut c = Command::new(BIN);
    c.args(["users", "--api-url", "http://example.com/v1", "--api-key", "k", "--config"]).arg(&cfg);
    one_error_line(&run(c, "").await, 2, "http");
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_with_token_writes_a_private_config_the_commands_then_use() {
    let s = TestServer::with_workspace(&workspace()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/dir/config.toml");
    let login = |key: &str, path: &Path| {
        let mut c = Command::new(BIN);
        c.args(["login", "--with-token", "--api-url", &s.server.base_url(), "--config"])
            .arg(path)
            .env_remove("DEALBOARD_API_KEY")
            .env_remove("DEALBOARD_API_URL");
        (c, format!("{key}\n"))
    };
    // A wrong key is refused and nothing is written.
    let (c, key) = login("wrong-key", &path);
    one_error_line(&run(c, &key).await, 1, "Not signed in");
    assert!(!path.exists());

    let (c, key) = login(s.server.api_key(), &path);
    let o = run(c, &key).await;
    ok(&o);
    assert!(text(&o.stderr).contains(&path.display().to_string()), "says where");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);

    // Only that config: no key or URL from the environment.
    let mut c = Command::new(BIN);
    c.args(["deals", "list", "--json"])
        .env_remove("DEALBOARD_API_KEY")
        .env_remove("DEALBOARD_API_URL")
        .env("DEALBOARD_CONFIG", &path);
    let listed: Value = serde_json::from_str(&ok(&run(c, "").await)).unwrap();
    assert_eq!(ids(&listed).len(), 2);

    // Other settings and comments are kept, by login and by logout.
    let kept = dir.path().join("kept.toml");
    std::fs::write(&kept, "# my settings\nrefresh_secs = 30\n\n[keys]\nwon = \"W\"\n").unwrap();
    let (c, key) = login(s.server.api_key(), &kept);
    ok(&run(c, &key).await);
    let written = std::fs::read_to_string(&kept).unwrap();
    assert!(
        written.starts_with("# my settings\nrefresh_secs = 30\n") && written.contains("[keys]\nwon = \"W\""),
        "{written}"
    );
    assert!(written.contains(&format!("api_key = \"{}\"", s.server.api_key())), "{written}");
    dealboard::config::parse_file(&written, &kept).unwrap();
    let mut c = Command::new(BIN);
    c.args(["logout", "--config"]).arg(&kept);
    ok(&run(c, "").await);
    let after = std::fs::read_to_string(&kept).unwrap();
    assert!(
        !after.contains("api_key") && after.contains("refresh_secs = 30") && after.contains("won = \"W\""),
        "{after}"
    );
    assert_eq!(mode(&kept), 0o600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bash_completion_completes_deals_m_to_move_and_man_renders() {
    let o = run(
        {
            let mut c = Command::new(BIN);
            c.args(["completions", "bash"]);
            c
        },
        "",
    )
    .await;
    let script = ok(&o);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dealboard.bash");
    std::fs::write(&file, script).unwrap();
    let probe = format!(
        "source '{}'; COMP_WORDS=(dealboard deals m); COMP_CWORD=2; COMP_LINE='dealboard deals m'; \
         COMP_POINT=${{#COMP_LINE}}; _dealboard dealboard m deals; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let mut c = Command::new("bash");
    c.args(["--norc", "-c", &probe]);
    assert_eq!(ok(&run(c, "").await), "move\n");

    for shell in ["zsh", "fish", "powershell"] {
        let mut c = Command::new(BIN);
        c.args(["completions", shell]);
        assert!(ok(&run(c, "").await).contains("deals"), "{shell}");
    }
    let mut c = Command::new(BIN);
    c.arg("man");
    let page = ok(&run(c, "").await);
    assert!(page.contains(".TH dealboard") && page.contains("deals"), "{page}");
}

#[test]
fn each_deal_command_lists_only_the_options_it_uses() {
    let help = |args: &[&str]| {
        let o = Command::new(BIN).args(args).arg("--help").output().unwrap();
        assert!(o.status.success());
        text(&o.stdout)
    };
    let list = help(&["deals", "list"]);
    for own in [
        "--stage",
        "--owner",
        "--min-value",
        "--close-before",
        "--sort",
        "--limit",
        "--all",
        "--json",
        "--ndjson",
        "--csv",
        "--api-url",
    ] {
        assert!(list.contains(own), "{own}:\n{list}");
    }
    for other in ["--bind", "--db", "--title", "--yes", "--with-token", "--reason"] {
        assert!(!list.contains(other), "{other}:\n{list}");
    }
    let mv = help(&["deals", "move"]);
    assert!(mv.contains("--note") && !mv.contains("--stage") && !mv.contains("--min-value"), "{mv}");
    let login = help(&["login"]);
    assert!(
        login.contains("--with-token") && !login.contains("--json") && !login.contains("--api-key"),
        "{login}"
    );
    let completions = help(&["completions"]);
    assert!(!completions.contains("--api-url") && !completions.contains("--config"), "{completions}");
}

/// The README's "Scripting" section: each ```sh block runs as it stands against a real server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readmes_scripting_examples_run() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("\n## Scripting").expect("a Scripting section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let blocks: Vec<&str> =
        section.split("```sh\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert!(blocks.len() >= 3, "{section}");
    let s = TestServer::with_workspace(&workspace()).await;
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    for block in blocks {
        let config = s.dir.path().join("empty.toml");
        std::fs::write(&config, "").unwrap();
        let mut c = Command::new("bash");
        c.args(["-eo", "pipefail", "-c", block])
            .env("PATH", &path)
            .env("DEALBOARD_API_URL", s.server.base_url())
            .env("DEALBOARD_API_KEY", s.server.api_key())
            .env("DEALBOARD_CONFIG", &config);
        let o = run(c, "").await;
        assert!(o.status.success(), "{block}\nstdout: {}\nstderr: {}", text(&o.stdout), text(&o.stderr));
        assert!(!o.stdout.is_empty(), "{block} printed nothing");
    }
    // The second example moved the Lead deals to Proposal.
    let leads = s.all_deals("&stage_id=stage_001").await;
    assert!(leads.is_empty(), "{leads:?}");
}

/// On a terminal: login asks for the URL and the key (not echoed), delete asks first, and the
/// list is a table with a bold header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_terminal_login_asks_without_echo_and_delete_asks_first() {
    use crate::pty::Board;
    let s = TestServer::with_workspace(&workspace()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let cfg = path.to_str().unwrap();
    let mut t = Board::spawn(&["login", "--config", cfg], 120, 20);
    t.wait_text("API URL [");
    t.type_str(&format!("{}\r", s.server.base_url()));
    t.wait_text("API key (not shown):");
    t.type_str(&format!("{}\r", s.server.api_key()));
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    assert!(
        t.screen().contains("Logged in to") && !t.screen().contains(s.server.api_key()),
        "{}",
        t.screen()
    );
    assert_eq!(mode(&path), 0o600);
    // The board reads the config login wrote: with nothing else set, it shows the server's pipeline.
    let mut board = Board::spawn(&["--config", cfg], 120, 20);
    board.wait_text("Prospect");
    board.type_str("q");
    assert_eq!(board.wait_exit(), 0, "{}", board.screen());

    let mut t = Board::spawn(&["deals", "delete", "deal_b", "--config", cfg], 120, 20);
    t.wait_text("Delete deal_b (Beta renewal)? It cannot be undone. [y/N]");
    t.type_str("n\r");
    assert_eq!(t.wait_exit(), 1);
    assert_eq!(s.get("/deals/deal_b").await.0, 200, "declined: still there");
    let mut t = Board::spawn(&["deals", "delete", "deal_b", "--config", cfg], 120, 20);
    t.wait_text("[y/N]");
    t.type_str("y\r");
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    assert_eq!(s.get("/deals/deal_b").await.0, 404);

    let mut t = Board::spawn(&["deals", "list", "--config", cfg], 120, 20);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    t.wait_text("$1,000");
    let (header, bold) = t.with_screen(|s| {
        (s.contents().lines().next().unwrap_or_default().to_string(), s.cell(0, 0).unwrap().bold())
    });
    assert!(header.starts_with("ID") && header.contains("STATUS") && bold, "{header}");
}
