//! The layers, enforced: every `.rs` file under `src/` is read, its imports (`use crate::…`,
//! `use super::…`, `pub use`, and inline `crate::a::b` / `super::x` paths) are resolved to
//! module paths, and each must be allowed by [`RULES`]. A failure names the file, the line and
//! the rule it breaks.

use std::path::{Path, PathBuf};

/// One row: the files of module `layer` (and its submodules), importing anything inside
/// `within` (`""`: the whole crate) that is not in `layer` itself, may import only `may_use`
/// (each a module path or item, with its submodules). Test code (`#[cfg(test)]`) may also
/// import `tests_may_use`. Every row that matches a file applies to it.
struct Rule {
    layer: &'static str,
    within: &'static str,
    may_use: &'static [&'static str],
    tests_may_use: &'static [&'static str],
    why: &'static str,
}

const fn rule(
    layer: &'static str,
    within: &'static str,
    may_use: &'static [&'static str],
    tests_may_use: &'static [&'static str],
    why: &'static str,
) -> Rule {
    Rule { layer, within, may_use, tests_may_use, why }
}

/// The layers. Inside the board, the primitives (api, text, theme, layout,
/// strings) import none of app, view or dialogs.
const RULES: &[Rule] = &[
    // The crate.
    rule("model", "", &["sanitize"], &[], "model is the bottom: std and external crates only"),
    rule("sanitize", "", &[], &[], "a leaf"),
    rule("logging", "", &[], &[], "a leaf"),
    rule("cli", "", &[], &[], "a leaf: the command line's shape"),
    rule("settings", "", &[], &[], "settings (keys, palette) sit below both config and tui"),
    rule("client", "", &["model", "sanitize", "logging"], &[], "client speaks the model, nothing else"),
    rule(
        "server",
        "",
        &["model", "sanitize", "logging", "cli"],
        &[],
        "server speaks the model, nothing else",
    ),
    rule(
        "config",
        "",
        &["cli", "settings", "model", "sanitize", "client::DEFAULT_BASE_URL"],
        &[],
        "config reads settings types, not the board's or the server's insides",
    ),
    rule(
        "human",
        "",
        &["model", "sanitize"],
        &[],
        "what people type and read: below the board and the command line",
    ),
    rule(
        "connect",
        "",
        &["cli", "client", "config"],
        &[],
        "settings to a client, for the board and the commands",
    ),
    rule(
        "commands",
        "",
        &["cli", "client", "config", "connect", "human", "model", "sanitize"],
        &[],
        "the command line uses client and model like the board, never the board itself",
    ),
    rule(
        "tui",
        "",
        &["client", "model", "settings", "sanitize", "logging", "cli", "config", "human", "connect"],
        // Tests use the real thing: the worker's tests drive it against the real server.
        &["server"],
        "the board uses client and model, never the server",
    ),
    rule(
        "demo",
        "",
        &["cli", "config", "server", "tui", "logging"],
        &[],
        "demo starts the server, then the board",
    ),
    rule("layering_tests", "", &[], &[], "reads files, imports nothing"),
    // Inside the board: primitives at the bottom.
    rule("tui::api", "tui", &[], &[], "a primitive"),
    rule("tui::text", "tui", &[], &[], "a primitive"),
    rule("tui::theme", "tui", &["tui::text"], &[], "a primitive"),
    rule("tui::layout", "tui", &["tui::text", "tui::strings"], &[], "a primitive"),
    rule(
        "tui::strings",
        "",
        &["tui::api", "human", "tui::text", "client", "model"],
        &[],
        "a primitive; key labels live with the keys, not here",
    ),
    rule("tui::message", "tui", &["tui::api"], &[], "commands, answers and events are data"),
    rule(
        "tui::dialogs",
        "tui",
        &["tui::api", "tui::text", "tui::theme", "tui::layout", "tui::strings", "tui::message"],
        &["tui::test_support"],
        "dialogs are the drawing of their own state: below app and view",
    ),
    rule(
        "tui::app",
        "tui",
        &[
            "tui::api",
            "tui::text",
            "tui::theme",
            "tui::layout",
            "tui::strings",
            "tui::dialogs",
            "tui::message",
        ],
        &["tui::test_support"],
        "app (state and update) never imports view",
    ),
    rule(
        "tui::view",
        "tui",
        &["tui::api", "tui::text", "tui::theme", "tui::layout", "tui::strings", "tui::dialogs", "tui::app"],
        &["tui::test_support", "tui::message"],
        "view only reads app",
    ),
];

/// One import: where it is, and the module path it names (without `crate`).
#[derive(Debug, Clone, PartialEq)]
struct Import {
    line: usize,
    path: Vec<String>,
    test: bool,
}

fn is_within(path: &[String], prefix: &str) -> bool {
    if prefix.is_empty() {
        return true;
    }
    let p: Vec<&str> = prefix.split("::").collect();
    path.len() >= p.len() && path.iter().zip(&p).all(|(a, b)| a == b)
}

/// The rules `import` in a file of module `module` breaks.
fn broken(module: &[String], import: &Import) -> Vec<&'static Rule> {
    let mut out = Vec::new();
    for r in RULES {
        if !is_within(module, r.layer)
            || is_within(&import.path, r.layer)
            || !is_within(&import.path, r.within)
        {
            continue;
        }
        let allowed = r.may_use.iter().chain(if import.test { r.tests_may_use } else { &[] });
        if !allowed.into_iter().any(|m| is_within(&import.path, m)) {
            out.push(r);
        }
    }
    out
}

/// The module path of a file under `src/` (`src/tui/app/mod.rs` is `tui::app`).
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
    }
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// `src` with comments and the insides of string and char literals blanked (newlines kept, so
/// line numbers hold).
fn code_only(src: &str) -> Vec<char> {
    let c: Vec<char> = src.chars().collect();
    let mut out = c.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in out.iter_mut().take(to.min(c.len())).skip(from) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            let end = c[i..].iter().position(|&x| x == '\n').map_or(c.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            let mut j = i;
            while j < c.len() {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if c[i] == 'r'
            && (next == Some('"') || next == Some('#'))
            && !ident_char(c.get(i.wrapping_sub(1)))
        {
            // A raw string: r"…" or r#"…"#.
            let hashes = c[i + 1..].iter().take_while(|&&x| x == '#').count();
            if c.get(i + 1 + hashes) != Some(&'"') {
                i += 1;
                continue;
            }
            let start = i + 2 + hashes;
            let mut j = start;
            while j < c.len()
                && !(c[j] == '"' && c[j + 1..].iter().take(hashes).filter(|&&x| x == '#').count() == hashes)
            {
                j += 1;
            }
            blank(&mut out, start, j);
            i = j + 1 + hashes;
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i + 1, j);
            i = j + 1;
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{7}'), or a lifetime (left alone).
            if next == Some('\\') {
                let end = c[i + 3..].iter().position(|&x| x == '\'').map_or(c.len(), |p| i + 3 + p);
                blank(&mut out, i + 1, end);
                i = end + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                blank(&mut out, i + 1, i + 2);
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The words and punctuation of blanked code, with their lines.
fn tokens(code: &[char]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < code.len() {
        let ch = code[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ident_char(Some(&ch)) {
            let start = i;
            while i < code.len() && ident_char(code.get(i)) {
                i += 1;
            }
            out.push((code[start..i].iter().collect(), line));
        } else if ch == ':' && code.get(i + 1) == Some(&':') {
            out.push(("::".to_string(), line));
            i += 2;
        } else {
            out.push((ch.to_string(), line));
            i += 1;
        }
    }
    out
}

/// Resolves a path as written in module `current` to a crate path, or `None` for paths that
/// leave the crate (std, other crates) or name children relative to `current`.
fn resolve(current: &[String], written: &[String]) -> Option<Vec<String>> {
    let first = written.first()?;
    match first.as_str() {
        "crate" => Some(written[1..].to_vec()),
        "self" => Some(current.iter().chain(&written[1..]).cloned().collect()),
        "super" => {
            let mut base = current.to_vec();
            let mut rest = written;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            Some(base.into_iter().chain(rest.iter().cloned()).collect())
        }
        _ => None,
    }
}

/// The paths of a `use` tree starting at `toks[*i]`, up to its `;`.
fn use_tree(toks: &[(String, usize)], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    while *i < toks.len() {
        let t = toks[*i].0.as_str();
        match t {
            "::" => *i += 1,
            "{" => {
                *i += 1;
                loop {
                    use_tree(toks, i, path.clone(), out);
                    match toks.get(*i).map(|t| t.0.as_str()) {
                        Some(",") => *i += 1,
                        Some("}") => {
                            *i += 1;
                            break;
                        }
                        _ => break,
                    }
                    if toks.get(*i).map(|t| t.0.as_str()) == Some("}") {
                        *i += 1;
                        break;
                    }
                }
                return;
            }
            "," | "}" | ";" => {
                if !path.is_empty() {
                    out.push(path);
                }
                return;
            }
            "as" => {
                // `x as y`: the import is `x`; skip the new name.
                *i += 2;
            }
            "*" => *i += 1,
            // `use a::{self}` names `a`.
            "self" if !path.is_empty() => *i += 1,
            _ => {
                path.push(t.to_string());
                *i += 1;
            }
        }
    }
}

/// Every import in one file of module `module`, and the submodules it declares test-only
/// (`#[cfg(test)] mod x;`).
fn imports(module: &[String], src: &str) -> (Vec<Import>, Vec<Vec<String>>) {
    let toks = tokens(&code_only(src));
    let mut out = Vec::new();
    let mut test_children = Vec::new();
    // Inline modules: (name, brace depth they opened at, test-only).
    let mut stack: Vec<(String, usize, bool)> = Vec::new();
    let mut depth = 0;
    let mut cfg_test = false;
    let mut i = 0;
    while i < toks.len() {
        let (t, line) = (toks[i].0.as_str(), toks[i].1);
        let current: Vec<String> = module.iter().cloned().chain(stack.iter().map(|s| s.0.clone())).collect();
        let in_test = stack.iter().any(|s| s.2);
        match t {
            "#" if toks.get(i + 1).is_some_and(|t| t.0 == "[") => {
                let attr: Vec<&str> = toks[i + 2..].iter().take(4).map(|t| t.0.as_str()).collect();
                if attr == ["cfg", "(", "test", ")"] {
                    cfg_test = true;
                }
                // Skip the attribute.
                let mut d = 0;
                while i < toks.len() {
                    match toks[i].0.as_str() {
                        "[" => d += 1,
                        "]" => {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                continue;
            }
            "mod" if toks.get(i + 1).is_some() => {
                let name = toks[i + 1].0.clone();
                match toks.get(i + 2).map(|t| t.0.as_str()) {
                    Some("{") => {
                        depth += 1;
                        stack.push((name, depth, cfg_test || in_test));
                        i += 3;
                    }
                    _ => {
                        if cfg_test || in_test {
                            test_children.push(current.iter().cloned().chain([name]).collect());
                        }
                        i += 2;
                    }
                }
                cfg_test = false;
                continue;
            }
            "use" => {
                let mut paths = Vec::new();
                i += 1;
                use_tree(&toks, &mut i, Vec::new(), &mut paths);
                for p in paths {
                    if let Some(path) = resolve(&current, &p) {
                        out.push(Import { line, path, test: cfg_test || in_test });
                    }
                }
                cfg_test = false;
            }
            "crate" | "super" if toks.get(i + 1).is_some_and(|t| t.0 == "::") => {
                let mut p = vec![t.to_string()];
                let mut j = i + 1;
                while toks.get(j).is_some_and(|t| t.0 == "::")
                    && toks.get(j + 1).is_some_and(|t| ident_char(t.0.chars().next().as_ref()))
                {
                    p.push(toks[j + 1].0.clone());
                    j += 2;
                }
                if let Some(path) = resolve(&current, &p) {
                    out.push(Import { line, path, test: cfg_test || in_test });
                }
                i = j;
                continue;
            }
            "{" => depth += 1,
            "}" => {
                if stack.last().is_some_and(|s| s.1 == depth) {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
                cfg_test = false;
            }
            ";" => cfg_test = false,
            _ => {}
        }
        i += 1;
    }
    (out, test_children)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every import of the files `(path under src, text)` that breaks a rule, as
/// `src/file.rs:line: crate::path: rule`.
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let scanned: Vec<_> = files
        .iter()
        .filter(|(rel, _)| rel.as_path() != Path::new("main.rs"))
        .map(|(rel, src)| {
            let module = module_of(rel);
            let (imports, test_children) = imports(&module, src);
            (rel, module, imports, test_children)
        })
        .collect();
    let test_modules: Vec<&Vec<String>> = scanned.iter().flat_map(|s| &s.3).collect();
    let mut out = Vec::new();
    for (rel, module, imports, _) in &scanned {
        let top = module.first().map(String::as_str).unwrap_or_default();
        if !top.is_empty() && !RULES.iter().any(|r| r.layer == top) {
            out.push(format!(
                "src/{}: module `{top}` has no row in RULES: say which layer it is",
                rel.display()
            ));
        }
        let test_file = test_modules.iter().any(|t| module.starts_with(t));
        for imp in imports {
            let imp = Import { test: imp.test || test_file, ..imp.clone() };
            for r in broken(module, &imp) {
                let mut allowed: Vec<&str> = r.may_use.to_vec();
                if imp.test {
                    allowed.extend(r.tests_may_use);
                }
                let within = if r.within.is_empty() { "the crate".to_string() } else { r.within.to_string() };
                out.push(format!(
                    "src/{}:{}: crate::{} crosses a layer: {} may import from {within} only [{}] ({})",
                    rel.display(),
                    imp.line,
                    imp.path.join("::"),
                    r.layer,
                    allowed.join(", "),
                    r.why
                ));
            }
        }
    }
    out
}

#[test]
fn every_import_stays_in_its_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    assert!(paths.len() > 50, "found only {} files under {}", paths.len(), src.display());
    let files: Vec<(PathBuf, String)> = paths
        .iter()
        .map(|p| (p.strip_prefix(&src).unwrap().to_path_buf(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let bad = violations(&files);
    assert!(bad.is_empty(), "{} imports cross the layers:\n{}", bad.len(), bad.join("\n"));
}

mod checker {
    use super::*;

    fn check(files: &[(&str, &str)]) -> Vec<String> {
        let files: Vec<(PathBuf, String)> =
            files.iter().map(|(p, s)| (PathBuf::from(p), s.to_string())).collect();
        violations(&files)
    }

    #[test]
    fn a_forbidden_use_is_named_with_its_file_line_and_rule() {
        let bad = check(&[("tui/app/board.rs", "//! Board.\n\nuse crate::tui::view::theme::Theme;\n")]);
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].starts_with("src/tui/app/board.rs:3: crate::tui::view::theme::Theme"), "{}", bad[0]);
        assert!(bad[0].contains("app (state and update) never imports view"), "{}", bad[0]);
    }

    #[test]
    fn groups_super_self_and_inline_paths_are_resolved() {
        let src = "use super::{keys::Action, super::server::Store};\n\
                   use self::inner::X;\n\
                   fn f() { let _ = crate::server::start; let s = \"crate::server::x\"; }\n\
                   // crate::server::in_a_comment\n";
        let (found, _) = imports(&["tui".into(), "app".into(), "board".into()], src);
        let paths: Vec<String> = found.iter().map(|i| format!("{}:{}", i.line, i.path.join("::"))).collect();
        assert_eq!(
            paths,
            [
                "1:tui::app::keys::Action",
                "1:tui::server::Store",
                "2:tui::app::board::inner::X",
                "3:server::start"
            ]
        );
    }

    #[test]
    fn test_code_may_use_more_and_inline_test_modules_count() {
        let src = "fn a() {}\n#[cfg(test)]\nmod tests {\n    use crate::server::start;\n}\n";
        assert_eq!(check(&[("tui/worker.rs", src)]), Vec::<String>::new());
        let outside = "use crate::server::start;\n";
        assert_eq!(check(&[("tui/worker.rs", outside)]).len(), 1);
        // A test module in its own file, declared `#[cfg(test)] mod x;` by its parent.
        let files = [("tui/mod.rs", "#[cfg(test)]\nmod t;\n"), ("tui/t.rs", "use crate::server::start;\n")];
        assert_eq!(check(&files), Vec::<String>::new());
    }

    #[test]
    fn a_module_without_a_row_is_reported() {
        let bad = check(&[("newthing.rs", "")]);
        assert_eq!(bad.len(), 1);
        assert!(bad[0].contains("newthing"), "{}", bad[0]);
    }
}
