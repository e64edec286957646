//! `progrank init` through the binary: what it writes, that `rank` accepts it, and that it
//! never overwrites.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::path::Path;

fn init_in(cwd: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("progrank")
        .current_dir(cwd)
        .arg("init")
        .args(args)
        .assert()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn init_writes_both_files_into_a_new_folder_and_says_what_next() {
    let tmp = tempfile::tempdir().unwrap();
    init_in(tmp.path(), &["search/2027"])
        .success()
        .stdout(predicate::str::contains(
            "\n  progrank rank search/2027/programs.csv --weights search/2027/weights.toml\n",
        ));
    let dir = tmp.path().join("search/2027");
    assert_eq!(files_in(&dir), ["programs.csv", "weights.toml"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("weights.toml")).unwrap(),
        progrank::config::DEFAULT_WEIGHTS_TOML
    );
    let csv = std::fs::read_to_string(dir.join("programs.csv")).unwrap();
    assert!(csv.starts_with(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,\
         tuition_usd,funding_usd,hours_per_week,duration_years,graduate_publications,\
         hands_on_project,mentorship,hpe_specific,delivery,program_type,notes\n"
    ));
    assert_eq!(csv.lines().count(), 3, "header and two example rows");
}

#[test]
fn init_defaults_to_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    init_in(tmp.path(), &[])
        .success()
        .stdout(predicate::str::contains(
            "\n  progrank rank programs.csv --weights weights.toml\n",
        ));
    assert_eq!(files_in(tmp.path()), ["programs.csv", "weights.toml"]);
}

#[test]
fn what_init_writes_ranks() {
    let tmp = tempfile::tempdir().unwrap();
    init_in(tmp.path(), &[]).success();
    cargo_bin_cmd!("progrank")
        .current_dir(tmp.path())
        .args([
            "rank",
            "programs.csv",
            "--weights",
            "weights.toml",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Example University MHPE (replace me)",
        ))
        .stdout(predicate::str::contains(
            "Example Faculty Development Certificate (replace me)",
        ));
}

#[test]
fn init_refuses_to_overwrite_a_sheet_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("programs.csv"), "my own shortlist").unwrap();
    init_in(tmp.path(), &[])
        .code(73)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("programs.csv"))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(files_in(tmp.path()), ["programs.csv"], "no weights.toml");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("programs.csv")).unwrap(),
        "my own shortlist"
    );
}

#[test]
fn init_refuses_to_overwrite_weights_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("weights.toml"), "# mine").unwrap();
    init_in(tmp.path(), &[])
        .code(73)
        .stderr(predicate::str::contains("weights.toml"))
        .stderr(predicate::str::contains("programs.csv").not());
    assert_eq!(files_in(tmp.path()), ["weights.toml"], "no programs.csv");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("weights.toml")).unwrap(),
        "# mine"
    );
}

#[test]
fn init_names_both_files_when_both_are_in_the_way() {
    let tmp = tempfile::tempdir().unwrap();
    init_in(tmp.path(), &[]).success();
    init_in(tmp.path(), &[])
        .code(73)
        .stderr(predicate::str::contains("programs.csv and"))
        .stderr(predicate::str::contains("weights.toml"));
}

#[test]
fn init_into_a_file_is_an_output_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("taken"), "x").unwrap();
    init_in(tmp.path(), &["taken"])
        .code(73)
        .stderr(predicate::str::contains(
            "cannot write taken: it is a file, not a folder",
        ));
    assert_eq!(files_in(tmp.path()), ["taken"]);
}
