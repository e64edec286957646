//! End-to-end: under every `--method`, the per-criterion `points` of `rank --format json` are
//! that method's split of the score, so they add up to it (within the rounding of each shown
//! value to 2 places), and the note on standard error says so.

use assert_cmd::cargo::cargo_bin_cmd;
use rust_decimal::Decimal;
use std::str::FromStr;

fn cents(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap()
}

fn rank_json(method: &str) -> (serde_json::Value, String) {
    let out = cargo_bin_cmd!("progrank")
        .args([
            "rank",
            "data/programs.csv",
            "--format",
            "json",
            "--method",
            method,
        ])
        .assert()
        .success();
    let output = out.get_output();
    (
        serde_json::from_slice(&output.stdout).unwrap(),
        String::from_utf8(output.stderr.clone()).unwrap(),
    )
}

#[test]
fn points_are_the_methods_split_of_the_score() {
    let (wsm, _) = rank_json("wsm");
    let points_of = |v: &serde_json::Value, name: &serde_json::Value| -> Vec<Decimal> {
        let p = v
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["program"] == *name)
            .unwrap();
        p["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| cents(&c["points"]))
            .collect()
    };
    for method in ["wsm", "wpm", "topsis"] {
        let (value, stderr) = rank_json(method);
        for p in value.as_array().unwrap() {
            let points = points_of(&value, &p["program"]);
            let total: Decimal = points.iter().sum();
            // Each of the 5 points and the score is rounded to 2 places on its own.
            let slack = Decimal::new(3, 2);
            assert!(
                (total - cents(&p["score"])).abs() <= slack,
                "{method}: {} points {total} vs score {}",
                p["program"],
                p["score"]
            );
            if method != "wsm" {
                assert_ne!(points, points_of(&wsm, &p["program"]), "{method}");
            }
        }
        if method == "wsm" {
            assert!(!stderr.contains("note: scores are"), "{stderr}");
        } else {
            assert!(
                stderr.contains("criterion points are that score split by criterion"),
                "{stderr}"
            );
        }
    }
}
