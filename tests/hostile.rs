//! Hostile inputs and interrupted runs (issue 16, the run and output half): extreme weights,
//! formula cells in every CSV writer, signals, special files as `-o`, stdin as the target,
//! terminal escapes, oversized cells and headers, and the small output promises.
//!
//! One test per item, each on the smallest input that showed the problem, generated here
//! where it is binary. Memory limits are set on the child process (`ulimit -v`), never
//! asserted by timing.

use assert_cmd::cargo::cargo_bin_cmd;
use progrank::cmd::sensitivity::{analyse, to_csv, to_json, to_text};
use progrank::error::exit;
use progrank::export::{
    CsvExporter, Exporter, HtmlExporter, HtmlOptions, JsonExporter, MarkdownExporter,
    TableExporter, TableStyle, XlsxExporter,
};
use progrank::input::Sheet;
use progrank::scoring::methods::Method;
use progrank::scoring::montecarlo::{Mode, Settings};
use progrank::settings::Scoring;
use proptest::prelude::*;
use rust_decimal::Decimal;

const SAMPLE: &str = "data/programs.csv";

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs the binary and returns (exit code, stdout, stderr), asserting it did not panic.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = progrank().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().expect("ended by a signal");
    assert_ne!(code, 101, "panicked: {args:?}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}\n{stderr}");
    (code, stdout, stderr)
}

/// The exit codes a failed run may end with (src/error.rs `exit`, the README's table).
const DOCUMENTED: [u8; 5] = [
    exit::USAGE,
    exit::DATA,
    exit::NO_INPUT,
    exit::CANT_CREATE,
    exit::CONFIG,
];

fn check<T>(what: &str, result: progrank::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(err) => {
            assert!(
                DOCUMENTED.contains(&err.exit_code()),
                "{what}: undocumented exit code {} for {err}",
                err.exit_code()
            );
            assert!(!err.to_string().is_empty(), "{what}: an empty message");
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// High 3: extreme but valid weights give an answer or a clear error, never a panic.

#[test]
fn a_tiny_weight_is_not_a_panic_in_sensitivity_report_or_html() {
    let tiny = "funding=0.0000000000000000000000000001";
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("x.html");
    let html = html.to_str().unwrap();
    for args in [
        vec!["sensitivity", SAMPLE, "--weight", tiny, "--samples", "200"],
        vec![
            "report",
            SAMPLE,
            "--weight",
            tiny,
            "-o",
            html,
            "--samples",
            "200",
        ],
        vec!["rank", SAMPLE, "--weight", tiny, "-o", html],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        if args[0] == "sensitivity" {
            assert!(stdout.contains("Verdict: "), "{stdout}");
        } else {
            assert!(std::fs::read_to_string(html).unwrap().contains("</html>"));
        }
    }
}

/// A weight `m × 10^e` between 10⁻²⁸ and 10²⁸.
fn weight() -> impl Strategy<Value = Decimal> {
    (1i64..=9, -28i32..=28).prop_map(|(m, e)| {
        let max = Decimal::from_scientific("1e28").unwrap();
        if e >= 0 {
            Decimal::from(m)
                .checked_mul(Decimal::from_scientific(&format!("1e{e}")).unwrap())
                .map_or(max, |w| w.min(max))
        } else {
            Decimal::new(m, e.unsigned_abs())
        }
    })
}

const CRITERIA: [&str; 5] = [
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
];

fn scoring_with(weights: &[Decimal]) -> Scoring {
    let mut scoring = Scoring::default();
    for (id, w) in CRITERIA.iter().zip(weights) {
        scoring.config.override_weight(id, *w).unwrap();
    }
    scoring
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every criterion's weight drawn from 10⁻²⁸ to 10²⁸: rank under each method and each
    /// format, the HTML report, and sensitivity in both modes and every format either
    /// succeed or fail with a documented exit code and a message; none panics.
    #[test]
    fn extreme_weights_never_panic(weights in prop::collection::vec(weight(), 5)) {
        let csv = std::fs::read(SAMPLE).unwrap();
        let sheet = Sheet::from_csv("programs.csv", &csv).unwrap();
        let scoring = scoring_with(&weights);
        for method in [Method::Wsm, Method::Wpm, Method::Topsis] {
            let mut options = scoring.options.clone();
            options.method = method;
            let Some(report) = check(
                "rank",
                progrank::pipeline::run(sheet.clone(), &scoring.config, &options),
            ) else {
                continue;
            };
            let mut exporters: Vec<Box<dyn Exporter>> = vec![
                Box::new(CsvExporter),
                Box::new(JsonExporter),
                Box::new(MarkdownExporter),
                Box::new(TableExporter { style: TableStyle::default() }),
                Box::new(XlsxExporter),
            ];
            if method == Method::Wsm {
                exporters.push(Box::new(HtmlExporter {
                    options: HtmlOptions { samples: 50, ..HtmlOptions::default() },
                }));
            }
            for exporter in exporters {
                check("render", exporter.render(&report));
            }
        }
        for mode in [Mode::Perturb { spread: Decimal::new(25, 2) }, Mode::Smaa] {
            let settings = Settings { samples: 50, seed: 42, mode };
            if let Some(analysis) = check("sensitivity", analyse(sheet.clone(), &scoring, &settings)) {
                prop_assert!(to_text(&analysis).contains("Verdict: "));
                prop_assert!(to_json(&analysis).is_object());
                check("sensitivity csv", to_csv(&analysis));
            }
        }
    }
}
