//! `progrank completions` and `progrank man` through the binary: every shell gets a script,
//! the scripts and the man page parse where the tools to check them are installed.

use assert_cmd::cargo::cargo_bin_cmd;
use std::process::{Command, Stdio};

fn stdout_of(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("progrank")
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8 output")
}

/// True when `tool` can be run from PATH.
fn installed(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

#[test]
fn every_shell_gets_a_non_empty_script_naming_each_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 200, "{shell}: only {} bytes", script.len());
        for sub in ["rank", "advise", "init", "completions", "man"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
}

#[test]
fn the_bash_script_completes_rank_and_parses() {
    let script = stdout_of(&["completions", "bash"]);
    assert!(script.contains("_progrank()"));
    assert!(script.contains("progrank,rank)"), "no rank subcommand");
    assert!(script.contains("--weights"), "no rank options");
    assert!(script.contains("complete -F _progrank"));
    if installed("bash") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progrank.bash");
        std::fs::write(&path, &script).unwrap();
        let status = Command::new("bash").arg("-n").arg(&path).status().unwrap();
        assert!(status.success(), "bash -n rejects the script");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    cargo_bin_cmd!("progrank")
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bash, zsh, fish, powershell"));
}

#[test]
fn man_prints_a_roff_page() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with('.'), "roff starts with a request");
    let first_macro = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(first_macro.starts_with(".TH progrank 1"), "{first_macro}");
    assert!(page.contains("\n.SH SYNOPSIS\n"));
    assert!(page.contains("\n.SH SUBCOMMANDS\n"));
    if installed("groff") {
        let mut child = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
    }
}
