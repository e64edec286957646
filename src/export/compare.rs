//! The two-weight-sets comparison (`rank --compare`) as text for the terminal and as JSON.
//!
//! Only formatting: every number comes from [`crate::analysis::compare::Comparison`]. The
//! text puts program names last on each line, so a long name never pushes a number out of
//! its column; every name passes through the one terminal sanitiser.

use crate::analysis::compare::{Comparison, Dec};
use crate::text::escape_controls;

/// Writes the comparison to `out` as pretty JSON (its shape is [`Comparison`]'s, with
/// `schema_version`), streamed as it is serialised.
pub fn write_json(comparison: &Comparison, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, comparison)?;
    out.write_all(b"\n")
}

/// A signed number to `dp` places: `+1.50`, `−0.25`, `0.00`.
fn signed(value: Dec<2>, dp: u32) -> String {
    let v = value
        .0
        .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = crate::values::fixed(v.abs(), dp);
    if v.is_zero() {
        return text;
    }
    if v.is_sign_positive() {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// The command line that ranks by the compromise weights on its own.
pub fn compromise_command(comparison: &Comparison) -> String {
    let mut words = vec![
        "progrank".to_owned(),
        "rank".to_owned(),
        crate::text::shell_word(&comparison.input),
    ];
    if let Some(file) = &comparison.a.file {
        words.push("--weights".into());
        words.push(crate::text::shell_word(file));
    }
    for c in &comparison.criteria {
        words.push("--weight".into());
        words.push(crate::text::shell_word(&format!(
            "{}={}",
            c.criterion,
            c.weight_compromise.rounded()
        )));
    }
    escape_controls(&words.join(" "))
}

/// Writes the comparison to `out` as text, line by line. `top` limits the side-by-side
/// ranking to its first rows.
pub fn write_text(
    comparison: &Comparison,
    top: Option<usize>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = super::TextToBytes::new(out);
    text_into(&mut out, comparison, top);
    out.finish()
}

/// The comparison's text, written into `out`.
fn text_into(out: &mut impl std::fmt::Write, comparison: &Comparison, top: Option<usize>) {
    let c = comparison;
    let (a, b) = (escape_controls(&c.a.name), escape_controls(&c.b.name));
    let _ = writeln!(out, "Two sets of weights on {}", escape_controls(&c.input));
    let _ = writeln!(out, "  A = {a} ({})", escape_controls(&c.a.source));
    let _ = writeln!(out, "  B = {b} ({})", escape_controls(&c.b.source));
    let _ = writeln!(out);

    let label_width = c
        .criteria
        .iter()
        .map(|x| crate::text::width(&escape_controls(&x.label)))
        .max()
        .unwrap_or(9)
        .max(9);
    let _ = writeln!(
        out,
        "{}  {:>8}  {:>7}  {:>8}  {:>7}  {:>10}  {:>10}",
        crate::text::pad("Criterion", label_width),
        "A weight",
        "A share",
        "B weight",
        "B share",
        "B − A",
        "Compromise"
    );
    for x in &c.criteria {
        let _ = writeln!(
            out,
            "{}  {:>8}  {:>6}%  {:>8}  {:>6}%  {:>10}  {:>9}%",
            crate::text::pad(&escape_controls(&x.label), label_width),
            x.weight_a.rounded().to_string(),
            crate::values::fixed(x.share_a.rounded(), 1),
            x.weight_b.rounded().to_string(),
            crate::values::fixed(x.share_b.rounded(), 1),
            format!("{} pts", signed(x.difference, 1)),
            crate::values::fixed(x.share_compromise.rounded(), 1),
        );
    }
    let _ = writeln!(
        out,
        "Shares are each weight's part of its set's total; B − A in percentage points."
    );
    let _ = writeln!(out);

    if c.programs.is_empty() {
        let _ = writeln!(out, "{}", crate::analysis::compare::NOTHING_RANKED);
        excluded_line(out, c);
        return;
    }
    if c.same_weights {
        let _ = writeln!(
            out,
            "The two sets are the same once scaled to shares: both rank every program alike, and nothing moves."
        );
    } else {
        let names = |v: &[String]| crate::text::join(v.iter().map(|n| escape_controls(n)), ", ");
        let winner = c.agreement.winner_sentence(escape_controls);
        let top3 = if c.agreement.same_top3 {
            "Same top 3 (ranks 1 to 3).".to_owned()
        } else {
            format!(
                "Top 3 differ: A ranks {} at 1 to 3; B ranks {}.",
                names(&c.agreement.top3_a),
                names(&c.agreement.top3_b)
            )
        };
        let moved = match c.movers.len() {
            0 => "No program changes rank.".to_owned(),
            1 => "1 program changes rank.".to_owned(),
            n => format!("{n} programs change rank."),
        };
        let _ = writeln!(out, "{winner} {top3} {moved}");
    }
    let _ = writeln!(out);

    let shown = top.unwrap_or(usize::MAX).min(c.programs.len());
    let _ = writeln!(
        out,
        "{:>4}  {:>4}  {:>4}  {:>7}  {:>7}  {:>7}  Program",
        "A", "B", "Mid", "Score A", "Score B", "Mid"
    );
    for p in &c.programs[..shown] {
        let _ = writeln!(
            out,
            "{:>4}  {:>4}  {:>4}  {:>7}  {:>7}  {:>7}  {}",
            p.rank_a,
            p.rank_b,
            p.rank_compromise,
            crate::values::fixed(p.score_a.rounded(), 2),
            crate::values::fixed(p.score_b.rounded(), 2),
            crate::values::fixed(p.score_compromise.rounded(), 2),
            escape_controls(&p.program)
        );
    }
    if shown < c.programs.len() {
        let _ = writeln!(
            out,
            "({} more ranked {} not shown: --top)",
            c.programs.len() - shown,
            crate::text::plural(c.programs.len() - shown, "program", "programs")
        );
    }
    let _ = writeln!(
        out,
        "Rows in A's order. Mid = the compromise: the mean of the two sets' shares."
    );

    if !c.movers.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Programs that move most (A → B)");
        for p in c.mover_entries().iter().take(5) {
            let direction = if p.places > 0 { "up" } else { "down" };
            let why = crate::text::join(
                p.because
                    .iter()
                    .map(|e| format!("{} {}", escape_controls(&e.label), signed(e.points, 2))),
                ", ",
            );
            let _ = writeln!(
                out,
                "  {}: #{} → #{} ({direction} {}), score {}{}",
                escape_controls(&p.program),
                p.rank_a,
                p.rank_b,
                p.places.unsigned_abs(),
                signed(p.score_change, 2),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why} points")
                }
            );
        }
        if c.movers.len() > 5 {
            let _ = writeln!(
                out,
                "  … and {} more (--format json lists all)",
                c.movers.len() - 5
            );
        }
    }

    if !c.same_weights {
        let _ = writeln!(out);
        let _ = writeln!(out, "Compromise ranking");
        for p in c.compromise.iter().take(shown) {
            let _ = writeln!(
                out,
                "{:>4}  {:>7}  {}",
                p.rank,
                crate::values::fixed(p.score.rounded(), 2),
                escape_controls(&p.program)
            );
        }
        let _ = writeln!(
            out,
            "The same ranking on its own: {}",
            compromise_command(c)
        );
    }
    excluded_line(out, c);
}

/// The programs both weight sets leave out, after a blank line; nothing when there are none.
fn excluded_line(out: &mut impl std::fmt::Write, c: &Comparison) {
    if !c.excluded.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Excluded under both (red flags or limits): {}",
            crate::text::join(c.excluded.iter().map(|n| escape_controls(n)), ", ")
        );
    }
}
