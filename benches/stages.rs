//! Criterion micro-benchmarks of the ranking stages (issue 6), through the public library
//! API only, on a 10,000-row CSV built in memory (no file I/O, no process start):
//!
//! - `parse`: CSV bytes to a [`Sheet`] of text cells
//! - `bind`: a sheet to a [`Dataset`] of exact decimal ratings
//! - `flags`: evaluate the built-in red-flag rules on every program ([`RuleSet`])
//! - `stage_flag`: the pipeline's flag stage, costs and limits included ([`Bound::flag`])
//! - `score`, `score_wpm`, `score_topsis`: the pipeline's score stage, every distinct ratings
//!   tuple scored once ([`Bound::score`])
//! - `rank`: order `(score, name)` pairs with shared ranks ([`progrank::ranking::rank`])
//! - `stage_rank`: the pipeline's rank stage, reports built ([`progrank::pipeline::rank`])
//! - `pipeline`: bind, flag, score and rank together ([`progrank::pipeline::run`])
//! - `write`: render the report as CSV ([`CsvExporter`] through the [`Exporter`] trait)
//!
//! Run with `cargo bench --bench stages`; `cargo test` does not build or run this file.
//! Throughput is reported per row, so stages can be compared with each other and with the
//! end-to-end figures of `bench/run.sh`.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use progrank::config::Config;
use progrank::dataset::Dataset;
use progrank::export::{CsvExporter, Exporter};
use progrank::flags::RuleSet;
use progrank::input::Sheet;
use progrank::pipeline::{Bound, ScoringOptions, bind, rank, run};
use progrank::scoring::methods::Method;
use progrank::view::View;
use rust_decimal::Decimal;
use std::hint::black_box;

/// Rows in the in-memory input.
const ROWS: usize = 10_000;

/// A CSV with the benchmark's columns (see `examples/gen_bench.rs`), from a fixed-seed
/// SplitMix64 so every run measures the same bytes.
fn input_csv(rows: usize) -> Vec<u8> {
    let mut state: u64 = 6;
    let mut next = |low: u64, high: u64| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        low + (z ^ (z >> 31)) % (high - low + 1)
    };
    let words = [
        "Cedar", "Maple", "Oak", "Pine", "Willow", "Birch", "Aspen", "Elm",
    ];
    let mut csv = String::from(
        "name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,hours_per_week\n",
    );
    for i in 1..=rows {
        let word = words[next(0, 7) as usize];
        csv.push_str(&format!("{word} {i:07}"));
        for _ in 0..5 {
            csv.push_str(&format!(",{}", next(1, 5)));
        }
        csv.push_str(&format!(",{},{}\n", next(5_000, 80_000), next(4, 30)));
    }
    csv.into_bytes()
}

fn stages(c: &mut Criterion) {
    let bytes = input_csv(ROWS);
    let config = Config::default();
    let sheet = Sheet::from_csv("bench.csv", &bytes).expect("the input parses");
    let dataset = Dataset::bind(sheet.clone(), &config).expect("the input binds");
    let options = ScoringOptions::default();
    let report = run(sheet.clone(), &config, &options).expect("the input ranks");

    let mut group = c.benchmark_group("stages_10k_rows");
    group.throughput(Throughput::Elements(ROWS as u64));
    // Each iteration is milliseconds long; fewer samples keep a run near a minute on 2 cores.
    group.sample_size(20);

    group.bench_function("parse", |b| {
        b.iter(|| Sheet::from_csv("bench.csv", black_box(&bytes)).expect("parses"))
    });
    group.bench_function("bind", |b| {
        b.iter_batched(
            || sheet.clone(),
            |sheet| Dataset::bind(sheet, &config).expect("binds"),
            BatchSize::LargeInput,
        )
    });
    let bound: Bound<'_> = bind(sheet.clone(), &config, &options).expect("the input binds");
    let flagged = bound.flag().expect("the input flags");
    let weights = bound.weights();
    group.bench_function("stage_flag", |b| b.iter(|| bound.flag().expect("flags")));
    for (name, method) in [
        ("score", Method::Wsm),
        ("score_wpm", Method::Wpm),
        ("score_topsis", Method::Topsis),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                bound
                    .score(black_box(&flagged), method, &weights)
                    .expect("scores")
            })
        });
    }
    let scores = bound
        .score(&flagged, Method::Wsm, &weights)
        .expect("scores");
    group.bench_function("stage_rank", |b| {
        b.iter_batched(
            || (flagged.clone(), scores.clone()),
            |(flagged, scores)| rank(&bound, flagged, scores),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("flags", |b| {
        let rules = RuleSet::bind(&config, &dataset).expect("the rules bind");
        b.iter(|| {
            dataset
                .programs()
                .map(|p| rules.evaluate(&p, &dataset).expect("evaluates").len())
                .sum::<usize>()
        })
    });
    group.bench_function("rank", |b| {
        let keys: Vec<(Decimal, &str)> = report
            .ranked()
            .iter()
            .map(|p| (p.score(), p.name()))
            .collect();
        b.iter(|| progrank::ranking::rank(black_box(&keys)))
    });
    group.bench_function("pipeline", |b| {
        b.iter_batched(
            || sheet.clone(),
            |sheet| run(sheet, &config, &options).expect("ranks"),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("write", |b| {
        let exporter: &dyn Exporter = &CsvExporter;
        let view = View::new(&report);
        b.iter(|| exporter.render(black_box(&view)).expect("renders"))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
