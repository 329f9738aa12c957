//! `--format html`: one self-contained page. The page itself is a snapshot; a real headless
//! Chromium renders it, and its DOM and screenshot are checked. Without Chromium the browser
//! test says it was skipped, and why; CI (READINESS_REQUIRE_BROWSER=1) fails instead.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{readiness, root};

/// The page for a fixture, with what changes from run to run (the day, the commit) fixed.
fn page(args: &[&str]) -> String {
    let mut all = vec!["check", "--format", "html"];
    all.extend(args);
    let run = readiness(&all);
    assert!(run.code <= 1, "{}", run.transcript());
    stable(&run.stdout)
}

fn stable(html: &str) -> String {
    // The checkout's directory name is the repository's name: it differs between clones.
    let name = readiness::repo::info(&root()).name;
    let html = html
        .replace(&format!("Production readiness: {name}</h1>"), "Production readiness: REPO</h1>")
        .replace(&format!("<title>Readiness of {name}:"), "<title>Readiness of REPO:");
    let date = regex::Regex::new(r"\d{4}-\d{2}-\d{2}").unwrap();
    let commit = regex::Regex::new(r#"commit <code title="[0-9a-f]{40}">[0-9a-f]{12}</code>"#).unwrap();
    let html = commit.replace_all(&html, r#"commit <code title="COMMIT">COMMIT</code>"#);
    date.replace_all(&html, "YYYY-MM-DD").into_owned()
}

#[test]
fn the_page_is_a_snapshot() {
    insta::assert_snapshot!(page(&["fixtures/library"]));
}

#[test]
fn the_page_is_self_contained_and_accessible() {
    let html = page(&["fixtures/stacks/django-app"]);
    // Nothing is fetched: no script, no external stylesheet, font, image or frame.
    for banned in ["<script", "<link", "<img", "<iframe", "@import", "url(http", "src=\"http", "href=\"http"] {
        assert!(!html.contains(banned), "the page must not contain {banned}");
    }
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<h1>Production readiness: "));
    assert!(
        html.contains("<svg class=\"gauge\"")
            && html.contains("role=\"img\"")
            && html.contains("<title id=\"gauge-r\">Score ")
    );
    assert!(html.contains("<th scope=\"col\">Category</th>"));
    // Lint findings with their line, secrets masked as in every format.
    assert!(html.contains("mysite/settings.py:"), "findings are listed");
    assert!(html.contains("AKIA********"));
    assert!(!html.contains("AKIAIOSFODNN7EXAMPLE"));
    // Under 200 KB: small enough to attach to a CI run.
    assert!(html.len() < 200_000, "{} bytes", html.len());
}

#[test]
fn with_a_baseline_the_page_shows_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("fixtures/library"), dir.path());
    let baseline = dir.path().join("baseline.json");
    let path = dir.path().to_str().unwrap();
    assert_eq!(readiness(&["check", path, "--write-baseline", baseline.to_str().unwrap()]).code, 0);
    std::fs::write(dir.path().join("SECURITY.md"), "# Security\n\nReport issues to security@example.com.\n").unwrap();
    std::fs::remove_file(dir.path().join("uv.lock")).unwrap();
    let html = page(&[path, "--baseline", baseline.to_str().unwrap()]);
    let section = html.split_once("<h2>Since the baseline</h2>").expect("a baseline section").1;
    assert!(section.starts_with("\n<p>Score 33% → "), "{}", &section[..200]);
    assert!(section.contains("Security policy (security/policy) now passes"));
    assert!(section.contains("Locked dependencies (release/lockfile) passed in the baseline and now fails"));
}

#[test]
fn a_workspace_page_lists_its_units() {
    let html = page(&["fixtures/monorepo", "--workspace"]);
    for (i, unit) in ["services/legacy-admin", "services/orders", "services/payments"].iter().enumerate() {
        assert!(html.contains(&format!("<section id=\"unit-{i}-{}\"", unit.replace('/', "-"))), "{unit}");
        // Each ring is labelled by its own title.
        assert!(html.contains(&format!("aria-labelledby=\"gauge-u{i}\"><title id=\"gauge-u{i}\">")), "{unit}");
    }
    assert!(html.contains("<td>Silver</td>"));
    assert_eq!(html.matches("<main>").count(), 1, "one main landmark");
    assert!(html.contains("<p class=\"meta\"><code>fixtures/monorepo</code>"), "the page is about the root");
}

/// The Chromium to render with: READINESS_CHROMIUM, else `chromium` or
/// `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("READINESS_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n))).find(|p| p.is_file())
}

fn headless(chromium: &Path, profile: &Path, extra: &[&str], url: &str) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium starts")
}

#[test]
fn a_real_browser_renders_the_page() {
    let Some(chromium) = chromium() else {
        let why = "no chromium on PATH (apt-get install chromium, or set READINESS_CHROMIUM)";
        assert!(std::env::var_os("READINESS_REQUIRE_BROWSER").is_none(), "browser test required but {why}");
        // Straight to stderr: the harness hides eprintln! of a passing test.
        let _ = writeln!(std::io::stderr(), "SKIPPED a_real_browser_renders_the_page: {why}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("readiness.html");
    let run = readiness(&["check", "fixtures/library", "--format", "html", "--output", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let url = format!("file://{}", file.display());

    let dom = headless(&chromium, &dir.path().join("profile-dom"), &["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let json = readiness(&["check", "fixtures/library", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let score = format!("{}%", report["score"]);
    assert!(dom.contains(&format!("Score {score}")), "the DOM holds the score:\n{dom}");
    for c in report["categories"].as_array().unwrap() {
        let title = c["title"].as_str().unwrap();
        assert!(dom.contains(title), "the DOM holds the category {title}");
    }

    let shot = dir.path().join("shot.png");
    let out = headless(
        &chromium,
        &dir.path().join("profile-shot"),
        &[&format!("--screenshot={}", shot.display()), "--window-size=1280,2400", "--hide-scrollbars"],
        &url,
    );
    assert!(shot.is_file(), "a screenshot: {}", String::from_utf8_lossy(&out.stderr));
    let (width, colours) = inspect_png(&shot);
    assert_eq!(width, 1280);
    // A blank or failed page is one or two colours; text, bars and the ring are many.
    assert!(colours > 50, "the screenshot is not blank ({colours} colours)");
    if std::env::var_os("READINESS_BLESS").is_some() {
        std::fs::copy(&shot, root().join("docs/html-report.png")).unwrap();
    }
}

/// Width and number of distinct colours of a PNG.
fn inspect_png(path: &Path) -> (u32, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> = bytes.chunks(step).collect();
    (info.width, colours.len())
}
