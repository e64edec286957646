//! Invariants of the ranking, checked on random shortlists with proptest:
//! row order changes no score or rank; raising a benefit rating never lowers that program's
//! score (nor lowering a cost rating); scaling every weight by a positive constant changes
//! nothing; ties share a rank; any cell text gives a result or an error, never a panic.

use progrank::config::{Config, WeightsSource};
use progrank::input::Sheet;
use progrank::pipeline::{ScoringOptions, run};
use progrank::report::Report;
use progrank::scoring::MissingPolicy;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const WEIGHTS: &str = r#"
[weights]
a = 90
b = 80
c = 75
d = 70
price = 50

[criteria.price]
direction = "cost"
"#;

/// A rating on 1–5 in quarter steps, or missing.
fn rating() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        9 => (4u32..=20).prop_map(|q| Some(Decimal::from(q) / Decimal::from(4))),
        1 => Just(None),
    ]
}

fn shortlist() -> impl Strategy<Value = Vec<[Option<Decimal>; 5]>> {
    prop::collection::vec(prop::array::uniform5(rating()), 1..12)
}

fn to_csv(rows: &[[Option<Decimal>; 5]], order: &[usize]) -> String {
    let mut text = String::from("program,a,b,c,d,price\n");
    for &i in order {
        text.push_str(&format!("P{i}"));
        for cell in &rows[i] {
            text.push(',');
            if let Some(value) = cell {
                text.push_str(&value.to_string());
            }
        }
        text.push('\n');
    }
    text
}

fn rank_csv(csv: &str, weights: &str, missing: MissingPolicy) -> Report {
    let config = Config::parse(weights, WeightsSource::BuiltIn).unwrap();
    let sheet = Sheet::from_csv("p.csv", csv.as_bytes()).unwrap();
    run(
        sheet,
        &config,
        &ScoringOptions {
            missing,
            ..Default::default()
        },
    )
    .unwrap()
}

fn by_name(report: &Report) -> BTreeMap<String, (Decimal, Option<usize>)> {
    report
        .ranked()
        .iter()
        .map(|p| (p.name().to_owned(), (p.score(), p.rank())))
        .collect()
}

fn policy() -> impl Strategy<Value = MissingPolicy> {
    prop_oneof![Just(MissingPolicy::Worst), Just(MissingPolicy::Renormalize)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn row_order_changes_no_score_or_rank(
        rows in shortlist(),
        seed in any::<u64>(),
        missing in policy(),
    ) {
        // Renormalize cannot score a row with every rating missing; keep one present.
        let rows: Vec<_> = rows.into_iter().map(|mut r| { if r.iter().all(Option::is_none) { r[0] = Some(Decimal::ONE); } r }).collect();
        let forward: Vec<usize> = (0..rows.len()).collect();
        let mut shuffled = forward.clone();
        // A deterministic shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = rank_csv(&to_csv(&rows, &forward), WEIGHTS, missing);
        let b = rank_csv(&to_csv(&rows, &shuffled), WEIGHTS, missing);
        prop_assert_eq!(by_name(&a), by_name(&b));
        let order = |r: &Report| r.ranked().iter().map(|p| p.name().to_owned()).collect::<Vec<_>>();
        prop_assert_eq!(order(&a), order(&b));
    }

    #[test]
    fn a_better_rating_never_lowers_the_score(
        rows in shortlist(),
        which in 0usize..12,
        criterion in 0usize..5,
        step in 1u32..=16,
    ) {
        let which = which % rows.len();
        let mut better = rows.clone();
        let current = rows[which][criterion].unwrap_or(Decimal::ONE);
        let quarter = Decimal::from(step) / Decimal::from(4);
        // Criterion 4 (price) is a cost: lower is better.
        let improved = if criterion == 4 {
            (current - quarter).max(Decimal::ONE)
        } else {
            (current + quarter).min(Decimal::from(5))
        };
        better[which][criterion] = Some(improved);
        let order: Vec<usize> = (0..rows.len()).collect();
        let name = format!("P{which}");
        let before = by_name(&rank_csv(&to_csv(&rows, &order), WEIGHTS, MissingPolicy::Worst))[&name].0;
        let after = by_name(&rank_csv(&to_csv(&better, &order), WEIGHTS, MissingPolicy::Worst))[&name].0;
        prop_assert!(after >= before, "{} → {}", before, after);
    }

    #[test]
    fn scaling_all_weights_changes_nothing(rows in shortlist(), factor in 1u32..1000, tenths in any::<bool>()) {
        let order: Vec<usize> = (0..rows.len()).collect();
        let csv = to_csv(&rows, &order);
        let factor = if tenths { Decimal::from(factor) / Decimal::from(10) } else { Decimal::from(factor) };
        let scaled = format!(
            "[weights]\na = {}\nb = {}\nc = {}\nd = {}\nprice = {}\n[criteria.price]\ndirection = \"cost\"\n",
            Decimal::from(90) * factor, Decimal::from(80) * factor, Decimal::from(75) * factor,
            Decimal::from(70) * factor, Decimal::from(50) * factor,
        );
        let a = rank_csv(&csv, WEIGHTS, MissingPolicy::Worst);
        let b = rank_csv(&csv, &scaled, MissingPolicy::Worst);
        prop_assert_eq!(by_name(&a), by_name(&b));
    }

    #[test]
    fn equal_scores_share_a_rank_and_ranks_are_competition_ranks(rows in shortlist()) {
        let order: Vec<usize> = (0..rows.len()).collect();
        let report = rank_csv(&to_csv(&rows, &order), WEIGHTS, MissingPolicy::Worst);
        for (i, p) in report.ranked().iter().enumerate() {
            let higher = report.ranked().iter().filter(|q| q.score() > p.score()).count();
            prop_assert_eq!(p.rank(), Some(higher + 1));
            if i > 0 {
                prop_assert!(report.ranked().get(i - 1).unwrap().score() >= p.score());
            }
        }
    }

    #[test]
    fn points_sum_to_the_score(rows in shortlist(), missing in policy()) {
        let rows: Vec<_> = rows.into_iter().map(|mut r| { r[1] = r[1].or(Some(Decimal::TWO)); r }).collect();
        let order: Vec<usize> = (0..rows.len()).collect();
        let report = rank_csv(&to_csv(&rows, &order), WEIGHTS, missing);
        for p in &report.ranked() {
            let total: Decimal = p.criteria().iter().map(|c| c.points).sum();
            prop_assert!((total - p.score()).abs() < Decimal::new(1, 15), "{} vs {}", total, p.score());
        }
    }

    #[test]
    fn any_cell_text_is_an_answer_or_an_error_never_a_panic(
        cells in prop::collection::vec("[ -~\u{a0}-\u{2ff}]{0,8}", 6..=6),
    ) {
        let mut csv = String::from("program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n");
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&cells).unwrap();
        csv.push_str(&String::from_utf8(writer.into_inner().unwrap()).unwrap());
        let config = Config::default();
        if let Ok(sheet) = Sheet::from_csv("fuzz.csv", csv.as_bytes()) {
            let _ = run(sheet, &config, &ScoringOptions::default());
        }
    }
}
