//! `progrank advise` through the binary: every path of the decision flow, every career
//! direction, the JSON fields, and the usage errors. Standard input is always a pipe here, so
//! the binary must never prompt.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

/// Runs `progrank advise ARGS` with an empty pipe on standard input.
fn advise(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("progrank")
        .arg("advise")
        .args(args)
        .write_stdin("")
        .assert()
}

fn stdout_of(args: &[&str]) -> String {
    let out = advise(args).success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8 output")
}

fn json_of(args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    serde_json::from_str(&stdout_of(&args)).expect("valid JSON")
}

/// The six distinct paths through the flow, with the fewest flags each needs.
const PATHS: [(&str, &[&str], &str); 6] = [
    ("skip", &["--education-identity", "no"], "skip"),
    (
        "neither",
        &["--education-identity", "yes", "--aim", "neither"],
        "smaller-programs",
    ),
    (
        "leadership_funded",
        &[
            "--education-identity",
            "yes",
            "--aim",
            "leadership",
            "--funding",
            "yes",
        ],
        "worthwhile",
    ),
    (
        "leadership_unfunded",
        &[
            "--education-identity",
            "yes",
            "--aim",
            "leadership",
            "--funding",
            "no",
        ],
        "clear-payoff-only",
    ),
    (
        "research_funded",
        &[
            "--education-identity",
            "yes",
            "--aim",
            "research",
            "--funding",
            "yes",
        ],
        "worthwhile",
    ),
    (
        "research_unfunded",
        &[
            "--education-identity",
            "yes",
            "--aim",
            "research",
            "--funding",
            "no",
        ],
        "clear-payoff-only",
    ),
];

#[test]
fn every_path_prints_its_text_verdict() {
    for (name, args, verdict) in PATHS {
        let text = stdout_of(args);
        assert!(
            text.contains(&format!("[{verdict}]")),
            "{name}: no [{verdict}] in\n{text}"
        );
        insta::assert_snapshot!(format!("text_{name}"), text);
    }
}

#[test]
fn every_path_gives_its_json_verdict_and_path() {
    for (name, args, verdict) in PATHS {
        let json = json_of(args);
        assert_eq!(json["verdict"], verdict, "{name}");
        let answers: Vec<&str> = json["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|step| step["answer"].as_str().unwrap())
            .collect();
        let given: Vec<&str> = args.iter().skip(1).step_by(2).copied().collect();
        assert_eq!(answers, given, "{name}: the path holds the answers given");
        insta::assert_snapshot!(
            format!("json_{name}"),
            serde_json::to_string_pretty(&json).unwrap()
        );
    }
}

#[test]
fn all_twelve_answer_combinations_reach_the_right_verdict() {
    for identity in ["yes", "no"] {
        for aim in ["leadership", "research", "neither"] {
            for funding in ["yes", "no"] {
                let json = json_of(&[
                    "--education-identity",
                    identity,
                    "--aim",
                    aim,
                    "--funding",
                    funding,
                ]);
                let (verdict, steps) = match (identity, aim, funding) {
                    ("no", _, _) => ("skip", 1),
                    (_, "neither", _) => ("smaller-programs", 2),
                    (_, _, "yes") => ("worthwhile", 3),
                    _ => ("clear-payoff-only", 3),
                };
                let label = format!("{identity}/{aim}/{funding}");
                assert_eq!(json["verdict"], verdict, "{label}");
                assert_eq!(json["path"].as_array().unwrap().len(), steps, "{label}");
            }
        }
    }
}

#[test]
fn json_has_exactly_the_documented_fields() {
    let json = json_of(&["--education-identity", "no"]);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "path",
            "verdict",
            "career",
            "costs",
            "poor_reasons",
            "alternatives"
        ]
    );
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["career"], Value::Null, "career is null when not asked");
    assert_eq!(json["path"][0]["question"], "education_identity");
    assert_eq!(json["costs"]["hours_per_week"]["min"], 10);
    assert_eq!(json["costs"]["hours_per_week"]["max"], 20);
    assert_eq!(json["costs"]["duration_years"]["max"], 3);
    assert_eq!(json["costs"]["money_usd_unfunded"]["min"], 15000);
    assert_eq!(json["costs"]["money_usd_unfunded"]["max"], 50000);
    assert_eq!(json["costs"]["money_usd_unfunded"]["open_ended"], true);
    assert_eq!(json["poor_reasons"].as_array().unwrap().len(), 4);
    assert_eq!(json["alternatives"].as_array().unwrap().len(), 4);
}

const DIRECTIONS: [(&str, &str, &str); 6] = [
    ("bedside", "Occasional bedside teaching only", "Low"),
    (
        "core-faculty",
        "Core teaching faculty, small leadership roles",
        "Low\u{2013}Moderate",
    ),
    (
        "clerkship",
        "Clerkship or small program leadership",
        "Moderate",
    ),
    (
        "pd",
        "Major residency/fellowship PD roles",
        "Moderate\u{2013}High",
    ),
    ("dean", "Dean/Associate Dean for Education", "High"),
    ("research", "Education research career", "High"),
];

#[test]
fn each_career_direction_gives_the_articles_value() {
    for (id, label, value) in DIRECTIONS {
        let json = json_of(&["--education-identity", "no", "--career", id]);
        assert_eq!(json["career"]["direction"], id);
        assert_eq!(json["career"]["value"], value, "{id}");
        let text = stdout_of(&["--education-identity", "no", "--career", id]);
        assert!(
            text.contains(&format!("  {label}: {value}\n")),
            "{id}: text lacks the value line:\n{text}"
        );
    }
}

#[test]
fn career_accepts_full_names_in_any_case_and_aliases() {
    for (id, label, _) in DIRECTIONS {
        for spelling in [
            label.to_uppercase(),
            label.to_lowercase(),
            id.to_uppercase(),
        ] {
            let json = json_of(&["--education-identity", "no", "--career", &spelling]);
            assert_eq!(json["career"]["direction"], id, "{spelling}");
        }
    }
    let json = json_of(&["--education-identity", "no", "--career", "program-director"]);
    assert_eq!(json["career"]["direction"], "pd");
}

#[test]
fn an_unknown_career_is_a_usage_error_listing_the_valid_ones() {
    advise(&["--education-identity", "no", "--career", "astronaut"])
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("astronaut"))
        .stderr(predicate::str::contains(
            "bedside, core-faculty, clerkship, pd, dean, research",
        ));
}

#[test]
fn a_missing_answer_off_a_terminal_is_a_usage_error_naming_the_flags() {
    advise(&[])
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--education-identity yes|no"))
        .stderr(predicate::str::contains(
            "--aim leadership|research|neither",
        ))
        .stderr(predicate::str::contains("not a terminal"));
    advise(&["--education-identity", "yes"])
        .code(2)
        .stderr(predicate::str::contains("pass --aim"));
    advise(&["--education-identity", "yes", "--aim", "research"])
        .code(2)
        .stderr(predicate::str::contains("pass --funding yes|no;"));
}

#[test]
fn only_the_questions_on_the_path_are_required() {
    advise(&["--education-identity", "no"])
        .success()
        .stderr(predicate::str::is_empty());
    advise(&["--education-identity", "yes", "--aim", "neither"])
        .success()
        .stdout(predicate::str::contains("[smaller-programs]"));
}

#[test]
fn answers_off_the_path_are_noted_not_refused() {
    advise(&["--education-identity", "no", "--aim", "leadership"])
        .success()
        .stdout(predicate::str::contains("[skip]"))
        .stderr(predicate::str::contains(
            "note: --aim not used: the flow ended at question 1",
        ));
}

#[test]
fn bad_answers_are_usage_errors() {
    advise(&["--education-identity", "maybe"]).code(2);
    advise(&["--education-identity", "yes", "--aim", "fame"])
        .code(2)
        .stderr(predicate::str::contains("fame"));
    advise(&["--education-identity", "no", "--format", "csv"]).code(2);
}
