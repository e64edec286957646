//! JSON export: an array of ranked programs, best first. Each object holds `rank`,
//! `program`, `score`, `criteria` (per criterion: `criterion`, `rating`, `normalized`,
//! `weight`, `share`, `points`), `flags` (`id`, `severity`, `message`) and `columns` (every
//! input column, by header, in input order).
//!
//! Numbers are written from their exact decimal text (serde_json's arbitrary-precision
//! numbers), never through a float: scores and points to 2 places, normalised values and
//! shares to 4, ratings and weights as given.

use super::Exporter;
use crate::error::Result;
use crate::report::ProgramResult;
use crate::values::trimmed;
use crate::view::View;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

/// Writes the ranking as a JSON array.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonExporter;

/// A decimal as a JSON number, rounded half away from zero to `dp` places.
pub fn number(value: Decimal, dp: u32) -> Value {
    let text = trimmed(value, dp);
    Value::Number(
        text.parse()
            .expect("a decimal's text is a valid JSON number"),
    )
}

/// One program as a JSON object (shared with other commands that print programs).
pub fn program_value(view: &View, program: &ProgramResult) -> Value {
    let report = view.report;
    let criteria: Vec<Value> = report
        .criteria
        .iter()
        .zip(&program.criteria)
        .map(|(criterion, result)| {
            json!({
                "criterion": criterion.id,
                "rating": result.rating.map_or(Value::Null, |r| number(r, 28)),
                "normalized": number(result.normalized, 4),
                "weight": number(result.weight, 28),
                "share": number(result.share, 4),
                "points": number(result.points, 2),
            })
        })
        .collect();
    let flags: Vec<Value> = program
        .flags
        .iter()
        .map(|f| json!({"id": f.id, "severity": f.severity.to_string(), "message": f.message}))
        .collect();
    let columns: Map<String, Value> = report
        .headers
        .iter()
        .zip(&program.cells)
        .map(|(h, c)| (h.clone(), Value::String(c.to_owned())))
        .collect();
    let mut object = Map::new();
    object.insert("rank".into(), json!(program.rank));
    object.insert("program".into(), json!(program.name));
    object.insert("score".into(), number(program.score, 2));
    if view.include_excluded {
        object.insert("status".into(), json!(program.status()));
    }
    if view.show_costs {
        for ((name, _), value) in report
            .cost_columns()
            .into_iter()
            .zip(super::cost_values(program))
        {
            let value = value.map_or(Value::Null, |v| number(v, 2));
            object.insert(name, value);
        }
    }
    object.insert("criteria".into(), Value::Array(criteria));
    object.insert("flags".into(), Value::Array(flags));
    object.insert("columns".into(), Value::Object(columns));
    Value::Object(object)
}

impl Exporter for JsonExporter {
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        // One program's value at a time: the whole tree of a large ranking would take many
        // times the memory of its text.
        use serde::Serializer as _;
        let mut serializer = serde_json::Serializer::pretty(&mut *out);
        serializer
            .collect_seq(view.exported().map(|p| program_value(view, p)))
            .map_err(|e| super::write_failed(e.into()))?;
        out.write_all(b"\n").map_err(super::write_failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(number(dec!(85.275), 2).to_string(), "85.28");
        assert_eq!(number(dec!(85.50), 2).to_string(), "85.5");
        assert_eq!(
            number(dec!(1234567890123456789.012345678), 28).to_string(),
            "1234567890123456789.012345678"
        );
        assert_eq!(number(dec!(100), 2).to_string(), "100");
    }
}
