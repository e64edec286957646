//! `rank --compare`: two weights files on the same shortlist, through the real binary.
//! Snapshots of the table and the JSON, and checks that every rank and score in the
//! comparison is the one `rank` prints for the same weights on its own.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn run(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("progrank")
        .arg("rank")
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&run(args)).unwrap()
}

/// `(program, rank, score)` from `rank --format json` with extra arguments.
fn ranking(args: &[&str]) -> Vec<(String, u64, String)> {
    let mut all = vec!["data/programs.csv", "--format", "json"];
    all.extend_from_slice(args);
    json(&all)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["program"].as_str().unwrap().to_owned(),
                p["rank"].as_u64().unwrap(),
                p["score"].to_string(),
            )
        })
        .collect()
}

fn side(v: &Value, rank: &str, score: &str) -> Vec<(String, u64, String)> {
    let mut rows: Vec<(String, u64, String)> = v["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["program"].as_str().unwrap().to_owned(),
                p[rank].as_u64().unwrap(),
                p[score].to_string(),
            )
        })
        .collect();
    rows.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
    });
    rows
}

#[test]
fn compare_table_with_a_mentor() {
    insta::assert_snapshot!(run(&[
        "data/programs.csv",
        "--compare",
        "tests/data/compare/mentor.toml"
    ]));
}

#[test]
fn compare_json_with_a_mentor() {
    insta::assert_snapshot!(run(&[
        "data/programs.csv",
        "--compare",
        "tests/data/compare/mentor.toml",
        "--format",
        "json"
    ]));
}

#[test]
fn compare_identical_files_reports_no_difference() {
    let text = run(&[
        "data/programs.csv",
        "--weights",
        "tests/data/compare/mentor.toml",
        "--compare",
        "tests/data/compare/mentor.toml",
    ]);
    assert!(text.contains("nothing moves"), "{text}");
    assert!(!text.contains("Programs that move most"), "{text}");
    insta::assert_snapshot!(text);
    let v = json(&[
        "data/programs.csv",
        "--weights",
        "tests/data/compare/mentor.toml",
        "--compare",
        "tests/data/compare/mentor.toml",
        "--format",
        "json",
    ]);
    assert_eq!(v["same_weights"], true);
    assert_eq!(v["movers"].as_array().unwrap().len(), 0);
    assert_eq!(v["largest_differences"].as_array().unwrap().len(), 0);
    for c in v["criteria"].as_array().unwrap() {
        assert_eq!(c["difference"].to_string(), "0");
    }
}

#[test]
fn compare_opposite_weights() {
    let args = [
        "data/programs.csv",
        "--weights",
        "tests/data/compare/faculty_only.toml",
        "--compare",
        "tests/data/compare/brand_only.toml",
    ];
    insta::assert_snapshot!(run(&args));
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let v = json(&with_json);
    assert_eq!(v["same_weights"], false);
    assert_eq!(
        v["largest_differences"],
        serde_json::json!(["faculty_quality", "brand_name"])
    );
    // Each side equals `rank` on its own with the same weights, rank and score.
    assert_eq!(
        side(&v, "rank_a", "score_a"),
        ranking(&["--weights", "tests/data/compare/faculty_only.toml"])
    );
    assert_eq!(
        side(&v, "rank_b", "score_b"),
        ranking(&["--weights", "tests/data/compare/brand_only.toml"])
    );
    // The compromise is `rank` with the compromise weights (equal shares here: 1 and 1).
    assert_eq!(
        side(&v, "rank_compromise", "score_compromise"),
        ranking(&[
            "--weights",
            "tests/data/compare/faculty_only.toml",
            "--weight",
            "brand_name=1"
        ])
    );
}

#[test]
fn both_sides_and_the_compromise_match_rank() {
    let v = json(&[
        "data/programs.csv",
        "--compare",
        "tests/data/compare/mentor.toml",
        "--format",
        "json",
    ]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(side(&v, "rank_a", "score_a"), ranking(&[]));
    assert_eq!(
        side(&v, "rank_b", "score_b"),
        ranking(&["--weights", "tests/data/compare/mentor.toml"])
    );
    let weights: Vec<String> = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}={}",
                c["criterion"].as_str().unwrap(),
                c["weight_compromise"]
            )
        })
        .collect();
    let mut args = vec![];
    for w in &weights {
        args.push("--weight");
        args.push(w.as_str());
    }
    assert_eq!(
        side(&v, "rank_compromise", "score_compromise"),
        ranking(&args)
    );
}

#[test]
fn compare_refuses_other_formats_methods_and_criteria() {
    let fail = |args: &[&str], code: i32| {
        let out = cargo_bin_cmd!("progrank")
            .arg("rank")
            .args(args)
            .assert()
            .failure()
            .code(code);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    let base = [
        "data/programs.csv",
        "--compare",
        "tests/data/compare/mentor.toml",
    ];
    let mut csv = base.to_vec();
    csv.extend(["--format", "csv"]);
    assert!(fail(&csv, 2).contains("--compare writes a table or JSON"));
    let mut wpm = base.to_vec();
    wpm.extend(["--method", "wpm"]);
    assert!(fail(&wpm, 2).contains("--method wsm only"));
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[weights]\nlocation = 3\n").unwrap();
    let err = fail(
        &["data/programs.csv", "--compare", other.to_str().unwrap()],
        78,
    );
    assert!(
        err.contains("location") && err.contains("faculty_quality"),
        "{err}"
    );
}

#[test]
fn the_input_notes_are_said_as_rank_says_them() {
    // `rank --compare` said nothing of how the input was read, while `rank` and `report`
    // name each header read as a criterion.
    let plain = cargo_bin_cmd!("progrank")
        .args(["rank", "tests/data/loose-headers.csv"])
        .assert()
        .success();
    let plain = String::from_utf8(plain.get_output().stderr.clone()).unwrap();
    let compared = cargo_bin_cmd!("progrank")
        .args([
            "rank",
            "tests/data/loose-headers.csv",
            "--compare",
            "tests/data/compare/mentor.toml",
        ])
        .assert()
        .success();
    let compared = String::from_utf8(compared.get_output().stderr.clone()).unwrap();
    let notes: Vec<&str> = plain.lines().filter(|l| l.starts_with("note: ")).collect();
    assert!(!notes.is_empty(), "the input needs notes: {plain}");
    for note in notes {
        assert!(
            compared.contains(note),
            "{note:?} missing from:\n{compared}"
        );
    }
}
