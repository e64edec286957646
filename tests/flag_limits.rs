//! The flag stage words each distinct verdict on the hard limits once and lets the programs
//! the limits treat alike share it: every program must still get its own check, in a file
//! large enough to be read in many chunks on several threads.

use progrank::config::Config;
use progrank::costs::{Delivery, LimitCheck, Limits, ProgramType};
use progrank::input::Sheet;
use progrank::pipeline::{ScoringOptions, run};
use rust_decimal_macros::dec;
use std::fmt::Write as _;

/// A file of `rows` programs whose costs, hours, delivery and type cycle with different
/// periods (so equal verdicts recur far apart, in other chunks), some cells blank or
/// written another way (`31000.00`, `$31,000`).
fn programs(rows: usize) -> String {
    let mut csv = String::from(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,\
         tuition_usd,funding_usd,hours_per_week,duration_years,delivery,program_type\n",
    );
    let tuition = [
        "25000",
        "31000",
        "31000.00",
        "\"$31,000\"",
        "",
        "45000",
        "29999.995",
    ];
    let funding = ["", "1000", "", "", "20000"];
    let hours = ["10", "21", "", "20.5", "35", "8"];
    let delivery = ["online", "hybrid", "in-person", ""];
    let types = ["masters", "certificate", "", "fellowship", "short-course"];
    for i in 0..rows {
        writeln!(
            csv,
            "P{i:06},{},{},{},{},{},{},{},{},2,{},{}",
            1 + i % 5,
            1 + i % 3,
            1 + i % 4,
            1 + i % 2,
            1 + i % 5,
            tuition[i % tuition.len()],
            funding[i % funding.len()],
            hours[i % hours.len()],
            delivery[i % delivery.len()],
            types[i % types.len()],
        )
        .unwrap();
    }
    csv
}

/// Checks every program's limits against [`Limits::check`] of its own costs.
fn every_program_gets_its_own_check(rows: usize, limits: Limits) {
    let csv = programs(rows);
    let sheet = Sheet::from_csv("limits.csv", csv.as_bytes()).unwrap();
    let options = ScoringOptions {
        limits: limits.clone(),
        ..ScoringOptions::default()
    };
    let report = run(sheet, &Config::default(), &options).unwrap();
    let mut seen = 0;
    for listed in [report.ranked(), report.excluded()] {
        for program in listed.iter() {
            let expected = limits.check(&program.costs());
            let empty = expected == LimitCheck::default();
            assert_eq!(
                program.limits().as_ref(),
                (!empty).then_some(&expected),
                "{}",
                program.name()
            );
            assert_eq!(
                program.rank().is_none(),
                !expected.broken.is_empty(),
                "{}",
                program.name()
            );
            seen += 1;
        }
    }
    assert_eq!(seen, rows);
}

#[test]
fn programs_the_limits_treat_alike_share_a_check_and_each_gets_its_own() {
    // Above the size at which the stage splits its rows over threads and chunks.
    let rows = progrank::workers::PARALLEL_ROWS + 9_001;
    every_program_gets_its_own_check(
        rows,
        Limits {
            max_cost: Some(dec!(30000)),
            max_hours: Some(dec!(20)),
            delivery: vec![Delivery::Online, Delivery::Hybrid],
            types: vec![ProgramType::Masters, ProgramType::Certificate],
            ..Limits::default()
        },
    );
}

#[test]
fn one_limit_alone_is_checked_on_every_program() {
    for limits in [
        Limits {
            max_cost: Some(dec!(30000)),
            ..Limits::default()
        },
        Limits {
            max_hours: Some(dec!(20)),
            ..Limits::default()
        },
        Limits {
            types: vec![ProgramType::Fellowship],
            ..Limits::default()
        },
        Limits::default(),
    ] {
        every_program_gets_its_own_check(997, limits);
    }
}
