//! The programs of `rank --format json`, as `Serialize` types: a top-level array with one
//! object per program, best first. Each object holds `schema_version`, `rank`, `program`,
//! `score`, (`status` with `--include-excluded`, the cost fields with `--costs`), `criteria`
//! (per criterion: `criterion`, `rating`, `normalized`, `weight`, `share`, `points`), `flags`
//! (`id`, `severity`, `message`) and `columns` (every input column, by header, in input
//! order).
//!
//! Nothing here is built for the whole ranking: [`Programs`] serialises one program at a
//! time, and each program's lists and columns are read from the report as they are written.
//! Numbers go out from their exact decimal text ([`JsonNumber`]), never through a float.

use super::{SCHEMA_VERSION, View};
use crate::config::{Criterion, Severity};
use crate::flags::RaisedFlag;
use crate::hash::BoundedMemo;
use crate::report::{CriterionResult, ProgramResult, Shared};
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A decimal as a JSON number, rounded half away from zero to `dp` places and written from
/// its text (serde_json's arbitrary-precision numbers): `85.28`, `0.2466`, `100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonNumber {
    /// The exact value.
    pub value: Decimal,
    /// Decimal places kept.
    pub dp: u32,
}

impl JsonNumber {
    /// `value` to `dp` places.
    pub fn new(value: Decimal, dp: u32) -> JsonNumber {
        JsonNumber { value, dp }
    }
}

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::export::json_number(self.value, self.dp).serialize(serializer)
    }
}

/// The JSON numbers already written, each kept with its text: a ranking's ratings, weights,
/// shares, points and scores take few distinct values, so most numbers are one look-up
/// instead of a rounding, a text and its parse. Keyed by the value's exact representation
/// and the places kept; bounded ([`BoundedMemo`]), so it stays small when values are many.
#[derive(Debug, Clone, Default)]
pub struct NumberMemo {
    numbers: std::cell::RefCell<BoundedMemo<(u128, u32), serde_json::Number>>,
}

impl NumberMemo {
    /// `value` to `dp` places, written through this memo.
    fn number(&self, value: Decimal, dp: u32) -> MemoNumber<'_> {
        MemoNumber {
            number: JsonNumber::new(value, dp),
            memo: self,
        }
    }

    /// `number` as [`JsonNumber`] writes it, from the memo.
    fn serialize<S: Serializer>(
        &self,
        number: JsonNumber,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        self.numbers
            .borrow_mut()
            .get_or_insert_with((crate::hash::exact_key(number.value), number.dp), || {
                crate::export::json_number(number.value, number.dp)
            })
            .serialize(serializer)
    }
}

/// A [`JsonNumber`] written through a [`NumberMemo`]: the same text.
#[derive(Debug, Clone, Copy)]
pub struct MemoNumber<'a> {
    number: JsonNumber,
    memo: &'a NumberMemo,
}

impl Serialize for MemoNumber<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.memo.serialize(self.number, serializer)
    }
}

/// Every program a view exports, as the JSON array.
#[derive(Debug, Clone)]
pub struct Programs<'a> {
    view: View<'a>,
    /// The numbers written so far.
    numbers: NumberMemo,
    /// The `--costs` field names (`net_cost_usd`, `total_hours`, `points_per_1000_usd`).
    cost_names: Option<[String; 3]>,
    /// Whether every header is distinct (then `columns` is written straight from the row).
    distinct_headers: bool,
}

impl<'a> Programs<'a> {
    /// The programs `view` exports.
    pub fn new(view: View<'a>) -> Programs<'a> {
        let report = view.report;
        let cost_names = view
            .show_costs
            .then(|| report.cost_columns().map(|(name, _)| name));
        let mut seen = std::collections::HashSet::with_capacity(report.headers.len());
        let distinct_headers = report.headers.iter().all(|h| seen.insert(h.as_str()));
        Programs {
            view,
            numbers: NumberMemo::default(),
            cost_names,
            distinct_headers,
        }
    }

    /// One program's object.
    pub fn program(&self, program: ProgramResult<'a>) -> ProgramJson<'_> {
        let report = self.view.report;
        let memo = &self.numbers;
        ProgramJson {
            schema_version: SCHEMA_VERSION,
            rank: program.rank(),
            program: program.name(),
            score: memo.number(program.score(), 2),
            status: self
                .view
                .include_excluded
                .then(|| program.status().into_owned()),
            costs: self.cost_names.as_ref().map(|names| CostsJson {
                names,
                values: crate::export::cost_values(&program),
                memo,
            }),
            criteria: CriteriaJson {
                criteria: &report.criteria,
                results: program.criteria(),
                memo,
            },
            flags: FlagsJson(program.flags()),
            columns: ColumnsJson {
                headers: &report.headers,
                cells: program,
                distinct: self.distinct_headers,
            },
        }
    }
}

impl Serialize for Programs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.view.exported().map(|p| self.program(p)))
    }
}

/// One program of the rank JSON.
#[derive(Debug, serde::Serialize)]
pub struct ProgramJson<'a> {
    /// The version of this object's shape: 1.
    pub schema_version: u32,
    /// Competition rank; `null` for an excluded program.
    pub rank: Option<usize>,
    /// The program's name.
    pub program: &'a str,
    /// The score, to 2 places.
    pub score: MemoNumber<'a>,
    /// `ranked`, or `excluded: <reasons>` (`--include-excluded` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Net cost, study hours and points per 1,000 (`--costs` only).
    #[serde(flatten)]
    pub costs: Option<CostsJson<'a>>,
    /// One entry per criterion, in the weights' order.
    pub criteria: CriteriaJson<'a>,
    /// The flags raised, in rule order.
    pub flags: FlagsJson<'a>,
    /// Every input column by header, in input order.
    pub columns: ColumnsJson<'a>,
}

/// The `--costs` fields, named for the input's currency.
#[derive(Debug)]
pub struct CostsJson<'a> {
    names: &'a [String; 3],
    values: [Option<Decimal>; 3],
    memo: &'a NumberMemo,
}

impl Serialize for CostsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        for (name, value) in self.names.iter().zip(self.values) {
            map.serialize_entry(name, &value.map(|v| self.memo.number(v, 2)))?;
        }
        map.end()
    }
}

/// One criterion's part in a program's score.
#[derive(Debug, serde::Serialize)]
pub struct CriterionJson<'a> {
    /// The criterion's id.
    pub criterion: &'a str,
    /// The rating as read; `null` when missing.
    pub rating: Option<MemoNumber<'a>>,
    /// The normalised value, to 4 places.
    pub normalized: MemoNumber<'a>,
    /// The weight, as given.
    pub weight: MemoNumber<'a>,
    /// The weight's share of the weights counted, to 4 places.
    pub share: MemoNumber<'a>,
    /// Points contributed to the score, to 2 places.
    pub points: MemoNumber<'a>,
}

impl<'a> CriterionJson<'a> {
    fn new(
        criterion: &'a Criterion,
        result: &CriterionResult,
        memo: &'a NumberMemo,
    ) -> CriterionJson<'a> {
        CriterionJson {
            criterion: &criterion.id,
            rating: result.rating.map(|r| memo.number(r, 28)),
            normalized: memo.number(result.normalized, 4),
            weight: memo.number(result.weight, 28),
            share: memo.number(result.share, 4),
            points: memo.number(result.points, 2),
        }
    }
}

/// A program's criteria, written one [`CriterionJson`] at a time.
#[derive(Debug)]
pub struct CriteriaJson<'a> {
    criteria: &'a [Criterion],
    results: Shared<CriterionResult>,
    memo: &'a NumberMemo,
}

impl Serialize for CriteriaJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.criteria
                .iter()
                .zip(self.results.iter())
                .map(|(c, r)| CriterionJson::new(c, r, self.memo)),
        )
    }
}

/// One raised flag.
#[derive(Debug, serde::Serialize)]
pub struct FlagJson<'a> {
    /// The rule's id.
    pub id: &'a str,
    /// `warning` or `critical`.
    #[serde(serialize_with = "as_text")]
    pub severity: Severity,
    /// The rule's message.
    pub message: &'a str,
}

fn as_text<S: Serializer>(severity: &Severity, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(severity)
}

/// A program's flags, written one [`FlagJson`] at a time.
#[derive(Debug)]
pub struct FlagsJson<'a>(&'a Shared<RaisedFlag>);

impl Serialize for FlagsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|f| FlagJson {
            id: &f.id,
            severity: f.severity,
            message: &f.message,
        }))
    }
}

/// A program's input cells by header. Two headers of the same text (only a report built
/// by hand can have them) give one field, in the first one's place, with the last one's
/// cell, as a JSON object read into a map keeps them.
#[derive(Debug)]
pub struct ColumnsJson<'a> {
    headers: &'a [String],
    cells: ProgramResult<'a>,
    distinct: bool,
}

impl Serialize for ColumnsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let pairs = self
            .headers
            .iter()
            .map(String::as_str)
            .zip(self.cells.cells().iter());
        if self.distinct {
            serializer.collect_map(pairs)
        } else {
            serializer.collect_map(pairs.collect::<indexmap::IndexMap<&str, &str>>())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_keep_their_digits() {
        let text = |v, dp| serde_json::to_string(&JsonNumber::new(v, dp)).unwrap();
        assert_eq!(text(dec!(85.275), 2), "85.28");
        assert_eq!(text(dec!(-85.275), 2), "-85.28");
        assert_eq!(text(dec!(85.50), 2), "85.5");
        assert_eq!(text(dec!(100), 2), "100");
        assert_eq!(
            text(dec!(1234567890123456789.012345678), 28),
            "1234567890123456789.012345678"
        );
    }

    #[test]
    fn remembered_numbers_are_written_as_their_own_text_past_the_limit() {
        let memo = NumberMemo::default();
        for round in 0..2 {
            for i in 0..crate::hash::MEMO_LIMIT as i64 + 100 {
                let value = Decimal::new(i * 7 - 300, (i % 5) as u32);
                for dp in [2, 4, 28] {
                    let direct = serde_json::to_string(&JsonNumber::new(value, dp)).unwrap();
                    let remembered = serde_json::to_string(&memo.number(value, dp)).unwrap();
                    assert_eq!(remembered, direct, "{value} to {dp} places, round {round}");
                    assert!(memo.numbers.borrow().len() <= crate::hash::MEMO_LIMIT);
                }
            }
        }
        // Equal values in other representations and other places each keep their text.
        for (value, dp, text) in [
            (dec!(80.5), 2, "80.5"),
            (dec!(80.50), 2, "80.5"),
            (dec!(0.24657), 4, "0.2466"),
            (dec!(0.24657), 2, "0.25"),
        ] {
            assert_eq!(
                serde_json::to_string(&memo.number(value, dp)).unwrap(),
                text
            );
        }
    }

    #[test]
    fn a_repeated_header_is_one_field_in_its_first_place_with_its_last_cell() {
        let sheet = crate::input::Sheet::from_csv(
            "t.csv",
            b"program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,note\nA,5,5,5,5,5,x\n",
        )
        .unwrap();
        let mut report = crate::pipeline::run(
            sheet,
            &crate::config::Config::default(),
            &crate::pipeline::ScoringOptions::default(),
        )
        .unwrap();
        // A repeated header can only be made by hand: the reader refuses one.
        report.headers[1] = "note".into();
        let text = serde_json::to_string(&Programs::new(View::new(&report))).unwrap();
        assert_eq!(text.matches("\"note\":").count(), 1, "{text}");
        assert!(
            text.contains(r#""columns":{"program":"A","note":"x","scholarship_support":"5","#),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json[0]["schema_version"], 1);
    }
}
