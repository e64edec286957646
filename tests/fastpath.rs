//! The streaming fast path must write exactly the bytes the general pipeline writes.
//! Random shortlists with the quirks real exports have (quoted cells, commas and quotes inside
//! names, formula-like cells, missing markers, labels, decimals, blank lines, CRLF, a BOM) go
//! through both; the outputs must be identical, with and without `--top`.

use progrank::config::{Config, WeightsSource};
use progrank::export::{CsvExporter, Exporter};
use progrank::fastpath;
use progrank::input::Sheet;
use progrank::pipeline::{ScoringOptions, run};
use progrank::scoring::MissingPolicy;
use proptest::prelude::*;

fn slow(bytes: &[u8], options: &ScoringOptions, top: Option<usize>) -> Option<Vec<u8>> {
    slow_with(&Config::default(), bytes, options, top)
}

fn slow_with(
    config: &Config,
    bytes: &[u8],
    options: &ScoringOptions,
    top: Option<usize>,
) -> Option<Vec<u8>> {
    let sheet = Sheet::from_csv("t.csv", bytes).ok()?;
    let mut report = run(sheet, config, options).ok()?;
    if let Some(n) = top {
        report.keep_top(n);
    }
    CsvExporter.render(&report).ok()
}

/// The fast path's answer, which must not depend on whether it used a second thread.
fn fast(bytes: &[u8], options: &ScoringOptions, top: Option<usize>) -> Option<Vec<u8>> {
    fast_with(&Config::default(), bytes, options, top)
}

fn fast_with(
    config: &Config,
    bytes: &[u8],
    options: &ScoringOptions,
    top: Option<usize>,
) -> Option<Vec<u8>> {
    let write = |threads| {
        let prepared =
            fastpath::prepare_with_threads("t.csv", bytes, config, options, top, threads)?;
        let mut out = Vec::new();
        prepared.write_csv(&mut out).unwrap();
        Some(out)
    };
    let one = write(fastpath::Threads::default());
    let two = write(fastpath::Threads::ALWAYS);
    assert_eq!(one, two, "one thread and two threads disagree");
    one
}

fn rating() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (1u8..=5).prop_map(|r| r.to_string()),
        2 => prop_oneof![Just("3.5"), Just("2.25"), Just(" 4 "), Just("5.0")].prop_map(str::to_owned),
        1 => prop_oneof![Just(""), Just("N/A"), Just("TBD"), Just("-"), Just("?")].prop_map(str::to_owned),
    ]
}

fn funding() -> impl Strategy<Value = String> {
    prop_oneof![
        rating(),
        prop_oneof![Just("none"), Just("Partial"), Just("FULL")].prop_map(str::to_owned)
    ]
}

fn name_suffix() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just(String::new()),
        // Names past the 16 characters the sort key holds, sharing those 16.
        2 => Just(" of Health Professions".to_owned()),
        1 => Just(" of Health Professions Education".to_owned()),
        1 => Just("x".to_owned()),
        1 => Just(", Inc".to_owned()),
        1 => Just(" \"Quoted\"".to_owned()),
        1 => Just(" (online)".to_owned()),
    ]
}

fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("plain".to_owned()),
        Just("=1+1".to_owned()),
        Just("-5".to_owned()),
        Just("@home".to_owned()),
        Just("+x".to_owned()),
        Just("a, b".to_owned()),
        Just("two\nlines".to_owned()),
        Just(String::new()),
    ]
}

#[derive(Debug, Clone)]
struct Row {
    name: String,
    ratings: [String; 5],
    tuition: String,
    hours: String,
    note: String,
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(
        (
            name_suffix(),
            rating(),
            rating(),
            funding(),
            rating(),
            rating(),
            prop_oneof![
                Just("".to_owned()),
                (5u32..90).prop_map(|k| format!("{}", k * 1000)),
                Just("$52,000".to_owned())
            ],
            prop_oneof![Just("".to_owned()), (2u32..30).prop_map(|h| h.to_string())],
            note(),
        ),
        1..40,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (suffix, a, b, c, d, e, tuition, hours, note))| Row {
                // Unique names whose case-folded order differs from byte order.
                name: format!(
                    "{}rogram {:03}{suffix}",
                    if i % 3 == 0 { "p" } else { "P" },
                    (i * 37) % 101
                ),
                ratings: [a, b, c, d, e],
                tuition,
                hours,
                note,
            })
            .collect()
    })
}

fn to_csv(rows: &[Row], crlf: bool, bom: bool, blank_lines: bool) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    writer
        .write_record([
            "program",
            "faculty_quality",
            "scholarship_support",
            "funding",
            "schedule_flexibility",
            "brand_name",
            "tuition_usd",
            "hours_per_week",
            "notes",
        ])
        .unwrap();
    for row in rows {
        let mut record = vec![row.name.clone()];
        record.extend(row.ratings.iter().cloned());
        record.extend([row.tuition.clone(), row.hours.clone(), row.note.clone()]);
        writer.write_record(&record).unwrap();
    }
    let body = writer.into_inner().unwrap();
    let mut bytes = Vec::new();
    if bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    if blank_lines {
        // A blank line after the header and at the end.
        let header_end = body.iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.extend_from_slice(&body[..header_end]);
        bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        bytes.extend_from_slice(&body[header_end..]);
        bytes.extend_from_slice(b"\n");
    } else {
        bytes.extend_from_slice(&body);
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fast_and_general_paths_write_the_same_bytes(
        mut rows in rows(),
        quote_free in any::<bool>(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        blank_lines in any::<bool>(),
        renormalize in any::<bool>(),
        top in prop::option::of(1usize..45),
    ) {
        if quote_free {
            // No quote anywhere in the file: the fast path then splits lines itself.
            for row in &mut rows {
                for text in [&mut row.name, &mut row.note, &mut row.tuition] {
                    text.retain(|c| !matches!(c, '"' | ',' | '\n'));
                }
            }
        }
        let bytes = to_csv(&rows, crlf, bom, blank_lines);
        prop_assert_eq!(quote_free, quote_free && !bytes.contains(&b'"'));
        let options = ScoringOptions {
            missing: if renormalize { MissingPolicy::Renormalize } else { MissingPolicy::Worst },
            ..ScoringOptions::default()
        };
        let expected = slow(&bytes, &options, top);
        let got = fast(&bytes, &options, top);
        // The fast path may decline (the caller then runs the pipeline), but when it answers
        // it must answer exactly, and it must never answer where the pipeline refuses.
        if let Some(got) = got {
            prop_assert_eq!(Some(String::from_utf8(got).unwrap()), expected.map(|e| String::from_utf8(e).unwrap()));
        }
    }
}

#[test]
fn the_fast_path_takes_ordinary_files() {
    let mut text = String::from(
        "name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,hours_per_week\n",
    );
    for i in 0..500 {
        text.push_str(&format!(
            "Program {i:04},{},{},{},{},{},{},{}\n",
            i % 5 + 1,
            i % 3 + 1,
            i % 4 + 2,
            5 - i % 5,
            3,
            20000 + i * 100,
            5 + i % 25
        ));
    }
    let options = ScoringOptions::default();
    for top in [None, Some(1), Some(7), Some(499), Some(500), Some(10_000)] {
        let got =
            fast(text.as_bytes(), &options, top).expect("an ordinary file takes the fast path");
        assert_eq!(
            Some(got),
            slow(text.as_bytes(), &options, top),
            "top {top:?}"
        );
    }
}

#[test]
fn names_sharing_their_first_sixteen_characters_are_ordered_by_the_rest() {
    let mut text = String::from(
        "name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n",
    );
    // Five score groups; in each, names that the 16-character key cannot tell apart
    // ("School of Health" is 16 characters), in scrambled order and mixed case.
    for i in 0..200 {
        let tail = (i * 7919) % 1000;
        let case = if i % 2 == 0 {
            "School of Health"
        } else {
            "SCHOOL OF HEALTH"
        };
        text.push_str(&format!("{case} {tail:03} B,{},3,3,3,3\n", i % 5 + 1));
        text.push_str(&format!("{case}{tail:03},{},3,3,3,3\n", i % 5 + 1));
    }
    let options = ScoringOptions::default();
    for top in [None, Some(1), Some(3), Some(80), Some(81), Some(399)] {
        let got = fast(text.as_bytes(), &options, top).expect("takes the fast path");
        assert_eq!(
            Some(got),
            slow(text.as_bytes(), &options, top),
            "top {top:?}"
        );
    }
}

/// Rows of the common shape are checked once per ratings tuple and class of each number
/// (where it falls among the rules' thresholds): cells just below, at and just above
/// whole and fractional thresholds, with leading zeros, empty, and beside rows of another
/// shape, must raise exactly the flags the pipeline raises.
#[test]
fn numbers_on_both_sides_of_every_threshold_raise_the_pipelines_flags() {
    let weights = include_str!("../weights.toml");
    let extra = r#"
[[flags]]
id = "cheap"
severity = "warning"
when = "tuition_usd < 12000.5 and hours_per_week >= 10"
message = "Cheap."

[[flags]]
id = "not-fifteen"
severity = "warning"
when = "hours_per_week != 15 or tuition_usd = 0"
message = "Not fifteen."

[[flags]]
id = "never"
severity = "warning"
when = "hours_per_week <= -1 or tuition_usd > 99999999999999999999"
message = "Never."
"#;
    let config = Config::parse(&format!("{weights}{extra}"), WeightsSource::BuiltIn).unwrap();
    let tuitions = [
        "",
        "0",
        "00",
        "12000",
        "12001",
        "012000",
        "49999",
        "50000",
        "50001",
        "999999999999999999",
    ];
    let hours = ["", "9", "10", "14", "15", "16", "20", "021", "0"];
    let mut text = String::from(
        "name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,hours_per_week,notes\n",
    );
    let mut i = 0;
    for tuition in tuitions {
        for hour in hours {
            for ratings in ["1,2,3,4,5", "5,5,5,5,5", "3,3,none,3,3", "2,2,2,2,2"] {
                let note = ["", "plain", "-x", "=1"][i % 4];
                text.push_str(&format!(
                    "Program {i:04},{ratings},{tuition},{hour},{note}\n"
                ));
                i += 1;
            }
        }
    }
    let options = ScoringOptions::default();
    for top in [None, Some(5)] {
        let got = fast_with(&config, text.as_bytes(), &options, top)
            .expect("the fast path takes this file");
        assert_eq!(
            Some(String::from_utf8(got).unwrap()),
            slow_with(&config, text.as_bytes(), &options, top)
                .map(|e| String::from_utf8(e).unwrap()),
            "top {top:?}"
        );
    }
}

#[test]
fn the_fast_path_declines_what_it_cannot_match() {
    let options = ScoringOptions::default();
    let header =
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n";
    let bodies: [&[u8]; 10] = [
        b"A,1,1,1,1,1\na,2,2,2,2,2\n", // duplicate name
        b"School of Health X,1,1,1,1,1\nB,1,1,1,1,1\nschool of health x,5,5,5,5,5\n", // long duplicate
        b"School of Health X,1,1,1,1,1\nSCHOOL OF HEALTH X,1,1,1,1,1\n",              // same score
        b"A,1,1,1,1,lots\n",                                                          // bad rating
        "\u{dc}nicode,1,1,1,1,1\n".as_bytes(), // non-ASCII name
        b"A,1,1,1,1\n",                        // ragged row
        b"A,1,1,1,1,1\nB,\xff,1,1,1,1\n",      // invalid UTF-8
        b"A,1,1,1,1,1\nB\0,1,1,1,1,1\n",       // NUL, no quotes
        b"\"A\",1,1,1,1,1\nB\0,1,1,1,1,1\n",   // NUL after a quote
        b"A\0,1,1,1,1,1\n\"B\",1,1,1,1,1\n",   // NUL before a quote
    ];
    for body in bodies {
        let bytes = [header.as_bytes(), body].concat();
        assert!(
            fast(&bytes, &options, None).is_none(),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
    let error = ScoringOptions {
        missing: MissingPolicy::Error,
        ..ScoringOptions::default()
    };
    assert!(fast(format!("{header}A,1,,1,1,1\n").as_bytes(), &error, None).is_none());
}

/// A writer that takes `left` writes and then fails, as a full disk or a closed pipe does.
struct FailingWriter {
    left: usize,
    written: Vec<u8>,
}

impl std::io::Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("disk full"));
        }
        self.left -= 1;
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_write_stops_both_writing_threads_with_its_error() {
    let mut text = String::from(
        "name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!(
            "Program {i:05},{},3,{},3,3\n",
            i % 5 + 1,
            i % 3 + 1
        ));
    }
    let config = Config::default();
    let options = ScoringOptions::default();
    let prepared = fastpath::prepare_with_threads(
        "t.csv",
        text.as_bytes(),
        &config,
        &options,
        None,
        fastpath::Threads::ALWAYS,
    )
    .expect("takes the fast path");
    let mut whole = Vec::new();
    prepared.write_csv(&mut whole).unwrap();
    // The header line, then chunks of rows: fail at the first, the second and a later one.
    for left in [1, 2, 5] {
        let mut out = FailingWriter {
            left,
            written: Vec::new(),
        };
        let error = prepared.write_csv(&mut out).unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        assert!(
            whole.starts_with(&out.written),
            "chunks written out of order"
        );
    }
}
