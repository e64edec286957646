//! The HTML report in a real browser: headless Chromium (Debian's `chromium`) loads the page
//! written by the binary, with no network and JavaScript left on, and this test checks what
//! it made of it: the DOM holds the programs in rank order, hostile program names are text
//! and no element was injected (so no script could run), and screenshots at 1280 px and
//! 390 px are not blank.
//!
//! `.ci/run` installs chromium, so CI always runs this test. Elsewhere, without a chromium
//! binary, the test prints that it is skipped and passes; set `PROGRANK_CHROMIUM` to use
//! another binary.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The chromium binary: `$PROGRANK_CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PROGRANK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs chromium headless on `page` with `args`, in a fresh profile, and returns stdout.
fn run_chromium(binary: &Path, page: &Path, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

/// Writes the report of `input` into `dir` and returns its path and text.
fn write_report(input: &str, dir: &Path) -> (PathBuf, String) {
    let path = dir.join("report.html");
    cargo_bin_cmd!("progrank")
        .args(["report", input, "-o"])
        .arg(&path)
        .args(["--date", "2026-01-31", "--samples", "2000"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    (path.canonicalize().unwrap(), text)
}

/// Program names in rank order, from `rank --format json` (independent of the HTML).
fn ranked_names(input: &str) -> Vec<String> {
    let out = cargo_bin_cmd!("progrank")
        .args(["rank", input, "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["program"].as_str().unwrap().to_owned())
        .collect()
}

/// A name as the DOM serialiser writes text: `&`, `<`, `>` and no-break spaces escaped.
fn serialized_text(name: &str) -> String {
    name.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The row headers of the ranked table in the DOM, in document order.
fn row_headers(dom: &str) -> Vec<String> {
    let start = dom.find("<tbody>").expect("the DOM has the ranked table");
    let end = start + dom[start..].find("</tbody>").unwrap();
    let body = &dom[start..end];
    body.split("<th scope=\"row\">")
        .skip(1)
        .map(|cell| cell[..cell.find("</th>").unwrap()].to_owned())
        .collect()
}

/// The page loads nothing: it contains no address at all (the SVG namespace aside).
fn assert_no_url(html: &str) {
    let rest = html.replace("http://www.w3.org/2000/svg", "");
    for needle in [
        "://", "href=", "url(", "@import", "<link", "<script", "<img", "<iframe",
    ] {
        assert!(!rest.contains(needle), "{needle} in the page");
    }
}

/// Decodes a screenshot and checks its width and that it is not blank: many colours, and a
/// fair share of pixels that are not the background.
fn assert_not_blank(png_path: &Path, width: u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, width, "screenshot width");
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| &p[..3.min(channels)])
        .collect();
    let background = pixels[0];
    let distinct: std::collections::BTreeSet<&[u8]> = pixels.iter().copied().collect();
    let inked = pixels.iter().filter(|p| **p != background).count();
    assert!(distinct.len() > 16, "only {} colours", distinct.len());
    assert!(
        inked * 20 > pixels.len(),
        "only {inked} of {} pixels differ from the background",
        pixels.len()
    );
}

#[test]
fn the_report_in_headless_chromium() {
    let Some(binary) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium: .ci/run installs it"
        );
        println!("skipped: no chromium binary on PATH (install Debian's chromium to run it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    // The sample: rank order in the DOM, and screenshots at a laptop's and a phone's width.
    let (page, html) = write_report("data/programs.csv", dir.path());
    assert_no_url(&html);
    let dom = run_chromium(&binary, &page, &["--dump-dom".into()]);
    let expected: Vec<String> = ranked_names("data/programs.csv")
        .iter()
        .map(|n| serialized_text(n))
        .collect();
    assert_eq!(row_headers(&dom), expected);
    assert!(!dom.contains("<script"));
    for width in [1280, 390] {
        let shot = dir.path().join(format!("shot-{width}.png"));
        run_chromium(
            &binary,
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                format!("--window-size={width},2000"),
            ],
        );
        assert_not_blank(&shot, width);
    }

    // Hostile names: text in the DOM, no element injected, no handler ran.
    let hostile_dir = tempfile::tempdir().unwrap();
    let (page, html) = write_report("tests/data/hostile.csv", hostile_dir.path());
    assert_no_url(&html);
    let dom = run_chromium(&binary, &page, &["--dump-dom".into()]);
    let expected: Vec<String> = ranked_names("tests/data/hostile.csv")
        .iter()
        .map(|n| serialized_text(n))
        .collect();
    assert_eq!(row_headers(&dom), expected);
    assert!(dom.contains("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
    assert!(dom.contains("<th scope=\"row\">&lt;img src=x onerror=alert(1)&gt;</th>"));
    for injected in ["<script", "<img", "<svg onload", "data-pwned=", "<b>bold"] {
        assert!(!dom.contains(injected), "{injected} in the DOM");
    }
    // The browser built exactly the elements the page declares: as many <svg> and <span>.
    for tag in ["<svg", "<span", "<li"] {
        assert_eq!(
            dom.matches(tag).count(),
            html.matches(tag).count(),
            "{tag} elements"
        );
    }
}
