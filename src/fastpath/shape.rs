//! The shape most rows of a large input share, read in one pass without splitting cells.
//!
//! A generated or exported file repeats one pattern a million times: a name, single-digit
//! ratings, whole numbers for tuition and hours, a few text cells. [`Shape`] knows, per
//! column, which of these it expects, and [`Shape::read`] walks a row once, reading the
//! ratings as one number (the index of the scanner's table of ratings tuples) and each
//! number a rule or cost reads as its *class*: where it falls among the thresholds the
//! rules compare that column with. Two rows with the same ratings tuple and the same
//! classes raise the same flags and pass the same cost checks, so the scanner evaluates
//! them once per combination (by the general checks) and looks the answer up afterwards.
//! A row of any other shape (a label, a decimal, a quoted or a missing cell, a cell too
//! many) is read by the scanner's general path instead, so a surprise costs time only.

use crate::costs::CostColumns;
use crate::flags::RuleSet;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Most combinations of number classes a shape tracks (the scanner keeps one flag-set id per
/// ratings tuple and combination).
const MAX_COMBINATIONS: usize = 256;
/// Digits of a whole number read here (as [`crate::values::PlainCell`] reads them).
const MAX_DIGITS: usize = 18;

/// What a column holds in the common row shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// The program name: any text without a comma or line break.
    Name,
    /// A criterion rated with one digit; `weight` is its place value in the tuple index.
    Rating { weight: usize },
    /// A whole number (or nothing) that a rule or the cost check reads: its class counts.
    Number { slot: usize },
    /// Text nothing reads while ranking: copied to the output as it is.
    Text,
}

/// The common row shape of one input (see the module documentation).
#[derive(Debug, Clone)]
pub struct Shape {
    columns: Vec<Column>,
    /// The base ratings are read in (see `scan::Shared::digit_base`).
    digit_base: usize,
    /// Per number slot, the thresholds its column is compared with, sorted, as whole numbers.
    cuts: Vec<Vec<u64>>,
    /// Per number slot, the place value of its class in the combination index.
    place: Vec<usize>,
    /// How many combinations of classes there are.
    pub combinations: usize,
}

/// What [`Shape::read`] found in one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedRow {
    /// Where the row ends: its line break, or the end of the region.
    pub end: usize,
    /// Where the name starts and ends.
    pub name: (usize, usize),
    /// The ratings read as one number in the digit base, criteria in config order.
    pub digits: usize,
    /// The combination of the number cells' classes.
    pub combination: usize,
    /// False when a cell starts with a character the formula guard would change.
    pub as_is: bool,
}

impl Shape {
    /// The shape of rows with these columns, or `None` when the checks cannot be decided by
    /// classes: a rule that reads a cell as yes/no or text, hours and years both present
    /// (their product must fit), a column with two roles, or too many combinations.
    /// `criterion_columns` are in config order; `digit_base` is 0 when ratings are not read
    /// as digits.
    pub fn new(
        columns: usize,
        name_column: usize,
        criterion_columns: &[usize],
        digit_base: usize,
        rules: &RuleSet<'_>,
        costs: &CostColumns,
    ) -> Option<Shape> {
        if digit_base == 0 || costs.multiplies_hours_by_years() {
            return None;
        }
        let mut kinds = vec![Column::Text; columns];
        let claim = |column: usize, kind: Column, kinds: &mut Vec<Column>| -> Option<()> {
            let slot = kinds.get_mut(column)?;
            match *slot {
                Column::Text => *slot = kind,
                // One column read as a number by two rules, or by a rule and the costs.
                Column::Number { .. } if matches!(kind, Column::Number { .. }) => {}
                _ => return None,
            }
            Some(())
        };
        claim(name_column, Column::Name, &mut kinds)?;
        let criteria = u32::try_from(criterion_columns.len()).ok()?;
        for (i, &column) in (0u32..).zip(criterion_columns) {
            let weight = digit_base.checked_pow(criteria - 1 - i)?;
            claim(column, Column::Rating { weight }, &mut kinds)?;
        }
        let mut thresholds: Vec<(usize, Decimal)> = Vec::new();
        for i in 0..rules.len() {
            thresholds.extend(rules.number_thresholds(i)?);
        }
        let number_columns: Vec<usize> = thresholds
            .iter()
            .map(|&(column, _)| column)
            .chain(costs.columns())
            .collect();
        let mut slots: Vec<usize> = Vec::new();
        for column in number_columns {
            if !slots.contains(&column) {
                claim(column, Column::Number { slot: slots.len() }, &mut kinds)?;
                slots.push(column);
            }
        }
        let mut cuts = vec![Vec::new(); slots.len()];
        for (column, threshold) in thresholds {
            let slot = slots.iter().position(|&c| c == column)?;
            // A whole number compares with `threshold` as it compares with its floor, unless
            // it equals the floor: the floor's own class tells that apart. Thresholds below
            // zero or beyond u64 are on one side of every cell.
            if let Some(cut) = threshold
                .floor()
                .to_u64()
                .filter(|_| threshold >= Decimal::ZERO)
            {
                cuts[slot].push(cut);
            }
        }
        let mut place = Vec::with_capacity(slots.len());
        let mut combinations = 1usize;
        for slot_cuts in &mut cuts {
            slot_cuts.sort_unstable();
            slot_cuts.dedup();
            place.push(combinations);
            combinations = combinations.checked_mul(Self::classes(slot_cuts.len()))?;
        }
        (combinations <= MAX_COMBINATIONS).then_some(Shape {
            columns: kinds,
            digit_base,
            cuts,
            place,
            combinations,
        })
    }

    /// Classes of a column with `cuts` thresholds: empty, then below, at and above each.
    fn classes(cuts: usize) -> usize {
        2 * cuts + 2
    }

    /// The class of a number cell (`digits` digits, value `value`) in `slot`: 0 when empty,
    /// else 1 + twice the thresholds below the value, + 1 when it equals one.
    fn class(&self, slot: usize, value: u64, digits: usize) -> usize {
        if digits == 0 {
            return 0;
        }
        let cuts = &self.cuts[slot];
        let below = cuts.partition_point(|&c| c < value);
        1 + 2 * below + usize::from(cuts.get(below) == Some(&value))
    }

    /// Reads the row starting at `start` (the first byte of a record in a region without
    /// quotes), or `None` when it does not have this shape.
    #[inline]
    pub fn read(&self, bytes: &[u8], start: usize) -> Option<ShapedRow> {
        let mut at = start;
        let mut row = ShapedRow {
            end: start,
            name: (start, start),
            digits: 0,
            combination: 0,
            as_is: true,
        };
        let last = self.columns.len().checked_sub(1)?;
        for (c, &column) in self.columns.iter().enumerate() {
            let begin = at;
            match column {
                Column::Rating { weight } => {
                    let digit = usize::from(bytes.get(at)?.wrapping_sub(b'0'));
                    if digit >= self.digit_base {
                        return None;
                    }
                    row.digits += digit * weight;
                    at += 1;
                }
                Column::Number { slot } => {
                    let mut value = 0u64;
                    while let Some(digit) = bytes.get(at).map(|b| b.wrapping_sub(b'0')) {
                        if digit > 9 {
                            break;
                        }
                        value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
                        at += 1;
                    }
                    let digits = at - begin;
                    if digits > MAX_DIGITS {
                        return None;
                    }
                    row.combination += self.class(slot, value, digits) * self.place[slot];
                }
                Column::Name | Column::Text => {
                    at = next_delimiter(bytes, at);
                    // `\r` would end the cell, so it never starts one here.
                    if matches!(bytes.get(begin), Some(b'=' | b'+' | b'-' | b'@' | b'\t')) {
                        row.as_is = false;
                    }
                    if column == Column::Name {
                        row.name = (begin, at);
                    }
                }
            }
            match bytes.get(at) {
                Some(b',') if c < last => at += 1,
                None | Some(b'\n' | b'\r') if c == last => {}
                _ => return None,
            }
        }
        row.end = at;
        Some(row)
    }
}

/// The position of the first comma or line break in `bytes` from `at`, or its length.
fn next_delimiter(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = bytes.get(at..at + 8) {
        let mask = super::scan::delimiters(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
        if mask != 0 {
            return at + (mask.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && !matches!(bytes[at], b',' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const HEADERS: [&str; 9] = [
        "name",
        "faculty_quality",
        "scholarship_support",
        "funding",
        "schedule_flexibility",
        "brand_name",
        "tuition_usd",
        "hours_per_week",
        "notes",
    ];

    fn shape_for(headers: &[&str]) -> Option<Shape> {
        let config = Config::default();
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let rules = RuleSet::bind_headers(&config, &headers).unwrap();
        Shape::new(
            headers.len(),
            0,
            &[1, 2, 3, 4, 5],
            6,
            &rules,
            &CostColumns::find_in(&headers, &config),
        )
    }

    #[test]
    fn a_row_of_the_shape_gives_its_tuple_index_classes_and_name() {
        let shape = shape_for(&HEADERS).unwrap();
        let row = shape.read(b"Alpha U,1,2,3,4,5,50001,20,note\n", 0).unwrap();
        assert_eq!(row.name, (0, 7));
        assert_eq!(row.digits, (((6 + 2) * 6 + 3) * 6 + 4) * 6 + 5);
        assert_eq!(row.end, 31);
        assert!(row.as_is);
        // One threshold per number column (tuition 50000, hours 20): four classes each.
        assert_eq!(shape.combinations, 16);
        let classes = |tuition: &str, hours: &str| {
            let line = format!("A,1,1,1,1,1,{tuition},{hours},");
            shape.read(line.as_bytes(), 0).unwrap().combination
        };
        let all: Vec<usize> = [("", ""), ("49999", "19"), ("50000", "20"), ("50001", "21")]
            .iter()
            .flat_map(|&(t, _)| ["", "19", "20", "21"].map(|h| classes(t, h)))
            .collect();
        let mut distinct = all.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 16, "{all:?}");
        assert_eq!(classes("0050000", "020"), classes("50000", "20"));
        assert_eq!(classes("60000", "40"), classes("50001", "21"));
    }

    #[test]
    fn rows_of_another_shape_are_left_to_the_general_path() {
        let shape = shape_for(&HEADERS).unwrap();
        for line in [
            "A,1,2,3,4,6,100,10,x",                 // a digit beyond the scale's base
            "A,1,2,3,4,45,100,10,x",                // two characters where a digit belongs
            "A,1,2,full,4,5,100,10,x",              // a label
            "A,1,2,3,4,5,$100,10,x",                // not plain digits
            "A,1,2,3,4,5,100.5,10,x",               // a decimal
            "A,1,2,3,4,5,1234567890123456789,10,x", // 19 digits
            "A,1,2,3,4,5,100,10",                   // a cell short
            "A,1,2,3,4,5,100,10,x,y",               // a cell too many
            "A,1,2,3,4,5\n,100,10,x",               // a line break inside the row
        ] {
            assert_eq!(shape.read(line.as_bytes(), 0), None, "{line:?}");
        }
        let formula = shape.read(b"=A,1,2,3,4,5,,,", 0).unwrap();
        assert!(!formula.as_is);
        let note = shape.read(b"A,1,2,3,4,5,,,@x\r\nB", 0).unwrap();
        assert!(!note.as_is);
        assert_eq!(note.end, 16);
    }

    #[test]
    fn no_shape_when_classes_cannot_decide_the_checks() {
        assert!(shape_for(&HEADERS).is_some());
        // `mentorship = no` reads a cell as yes/no: its text counts, not a class.
        let mut with_text = HEADERS.to_vec();
        with_text.push("mentorship");
        assert!(shape_for(&with_text).is_none());
        // Hours × weeks × years must fit, which depends on the values.
        let mut with_years = HEADERS.to_vec();
        with_years.push("duration_years");
        let years = CostColumns::find_in(
            &with_years.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
            &Config::default(),
        );
        assert!(years.multiplies_hours_by_years());
        assert!(shape_for(&with_years).is_none());
    }
}
