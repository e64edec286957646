//! The decimal mark of a delimited file, decided from its own cells.
//!
//! The delimiter says little: Excel's "Text (Tab delimited)" and "Unicode Text" are written
//! by US and European installations alike, so a tab file may hold `$42,000.00` or
//! `32.000,50 €`. A cell such as `4.5`, `$42,000.00` or `$42,000` can only be written with a
//! decimal point; `4,5`, `32.000,50` or `32.000 €` only with a decimal comma. The file's
//! cells decide; only when they say nothing either way (or contradict each other) does the
//! delimiter rule of old apply (`;` and tab mean decimal commas), and the note says so.

use crate::values::split_currency;

/// Which character separates the whole part of a number from its fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `4.5`, `42,000.00`.
    Point,
    /// `4,5`, `42.000,00`.
    Comma,
}

/// What one cell says about the decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// Only a decimal point reads it (`4.5`, `1,234,567`, `$42,000`).
    Point,
    /// Only a decimal comma reads it (`4,5`, `1.234.567`, `32.000 €`).
    Comma,
    /// Either reads it, with different values (`1,234`).
    Ambiguous,
    /// Not a number, or no mark at all.
    Silent,
}

/// The decimal mark decided for one file, with a note for the user when the choice was not
/// plain from the cells or differs from what the delimiter suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalDecision {
    /// True for a decimal comma.
    pub comma: bool,
    /// What to tell the user, if anything.
    pub note: Option<String>,
}

fn evidence(cell: &str) -> Evidence {
    let cell = cell.trim();
    if memchr::memchr2(b'.', b',', cell.as_bytes()).is_none() {
        return Evidence::Silent;
    }
    let Ok((currency, body)) = split_currency(cell) else {
        return Evidence::Silent;
    };
    let body = body.strip_prefix(['-', '+']).unwrap_or(body).trim_start();
    let shaped = body.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}')
        });
    if !shaped {
        return Evidence::Silent;
    }
    // The marks counted and the last of each found in one pass over the bytes (both are
    // ASCII, so a byte offset is a character boundary).
    let (mut points, mut commas) = (0, 0);
    let (mut last_point, mut last_comma) = (None, None);
    for (at, b) in body.bytes().enumerate() {
        match b {
            b'.' => (points, last_point) = (points + 1, Some(at)),
            b',' => (commas, last_comma) = (commas + 1, Some(at)),
            _ => {}
        }
    }
    match (last_point, last_comma) {
        (Some(p), Some(c)) => {
            // Both marks: the last one is the decimal mark, and it appears once.
            if p > c && points == 1 {
                Evidence::Point
            } else if c > p && commas == 1 {
                Evidence::Comma
            } else {
                Evidence::Silent
            }
        }
        (Some(at), None) => one_mark(body, at, points, currency.is_some(), Evidence::Point),
        (None, Some(at)) => one_mark(body, at, commas, currency.is_some(), Evidence::Comma),
        (None, None) => Evidence::Silent,
    }
}

/// A number with only one kind of mark, which reads as a decimal mark (`decimal`) or as a
/// thousands separator (the other evidence).
fn one_mark(body: &str, last: usize, count: usize, money: bool, decimal: Evidence) -> Evidence {
    let thousands = if decimal == Evidence::Point {
        Evidence::Comma
    } else {
        Evidence::Point
    };
    if count > 1 {
        // `1,234,567` or `1.234.567`: only a thousands separator repeats.
        return thousands;
    }
    let whole = body[..last].trim();
    let fraction = &body[last + 1..];
    if fraction.len() != 3 || whole.is_empty() || whole == "0" {
        return decimal;
    }
    if money {
        // `$42,000` or `32.000 €`: amounts of money do not have three decimals.
        return thousands;
    }
    Evidence::Ambiguous
}

/// True for a cell [`evidence`] never reads as a decimal point: no point, one comma at
/// most, and nothing but digits, white space, signs and apostrophes, so no currency (a
/// decimal point is a point, a thousands comma read as one repeats, and only an amount of
/// money such as `$42,000` reads a single comma as thousands).
fn never_a_point(bytes: &[u8]) -> bool {
    // One pass: in a European file this runs on nearly every cell with a mark.
    let mut commas = 0usize;
    for &b in bytes {
        match b {
            b',' => commas += 1,
            b'0'..=b'9' | b' ' | b'\t' | b'\'' | b'+' | b'-' => {}
            _ => return false,
        }
    }
    commas <= 1
}

/// What a file's cells say about the decimal mark: the first cell (in reading order) that
/// only a decimal point reads, the first only a decimal comma reads, and the first either
/// reads. Cells can be looked at in pieces ([`DecimalEvidence::then`] joins them in order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecimalEvidence {
    first: [Option<String>; 3],
}

impl DecimalEvidence {
    /// Looks at the next cell.
    pub fn add(&mut self, cell: &str) {
        // Most cells hold no mark at all (evidence's first test, without a trim).
        if memchr::memchr2(b'.', b',', cell.as_bytes()).is_some() {
            self.add_marked(cell);
        }
    }

    /// Looks at the next cell, known to hold a point or a comma (the reader finds them in
    /// one search of many rows): [`DecimalEvidence::add`] without its first test.
    pub fn add_marked(&mut self, cell: &str) {
        let bytes = cell.as_bytes();
        // Once a decimal comma was seen, only a decimal point can change the decision: in a
        // European file, most cells with a mark are passed over here.
        if self.first[1].is_some() && never_a_point(bytes) {
            return;
        }
        let slot = match evidence(cell) {
            Evidence::Point => 0,
            Evidence::Comma => 1,
            Evidence::Ambiguous => 2,
            Evidence::Silent => return,
        };
        self.first[slot].get_or_insert_with(|| cell.to_owned());
    }

    /// True once a cell of each mark was seen: more cells cannot change the decision.
    pub fn settled(&self) -> bool {
        self.first[0].is_some() && self.first[1].is_some()
    }

    /// The evidence of these cells followed by `later`'s.
    pub fn then(mut self, later: DecimalEvidence) -> DecimalEvidence {
        for (mine, theirs) in self.first.iter_mut().zip(later.first) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        self
    }

    /// Decides the decimal mark of one file (see the module notes). `forced`
    /// (`--decimal point|comma`) wins; `delimiter` decides only when the cells do not.
    pub fn decide(
        &self,
        name: &str,
        delimiter: u8,
        forced: Option<DecimalMark>,
    ) -> DecimalDecision {
        if let Some(mark) = forced {
            return DecimalDecision {
                comma: mark == DecimalMark::Comma,
                note: None,
            };
        }
        let by_delimiter = matches!(delimiter, b';' | b'\t');
        let first = self.first.each_ref().map(Option::as_deref);
        let quoted = |cell: Option<&str>| {
            format!(
                "\"{}\"",
                crate::text::escape_controls(cell.unwrap_or_default().trim())
            )
        };
        let rule = if by_delimiter {
            format!(
                "decimal commas, as files separated by {} usually have",
                super::delimited::delimiter_name(delimiter)
            )
        } else {
            "decimal points, as comma-separated files have".to_owned()
        };
        let fix = "if that is wrong, pass --decimal point or --decimal comma";
        match first {
            [Some(point), None, _] => DecimalDecision {
                comma: false,
                note: by_delimiter.then(|| {
                    format!(
                        "{name}: numbers are read with a decimal point, as cells such as {} show",
                        quoted(Some(point))
                    )
                }),
            },
            [None, Some(comma), _] => DecimalDecision {
                comma: true,
                note: (!by_delimiter).then(|| {
                    format!(
                        "{name}: numbers are read with a decimal comma, as cells such as {} show",
                        quoted(Some(comma))
                    )
                }),
            },
            [Some(point), Some(comma), _] => DecimalDecision {
                comma: by_delimiter,
                note: Some(format!(
                    "{name}: cells disagree on the decimal mark ({} and {}); read as {rule}; {fix}",
                    quoted(Some(point)),
                    quoted(Some(comma))
                )),
            },
            [None, None, Some(ambiguous)] => DecimalDecision {
                comma: by_delimiter,
                note: Some(format!(
                    "{name}: the cells do not show the decimal mark ({} could be either); read as {rule}; {fix}",
                    quoted(Some(ambiguous))
                )),
            },
            [None, None, None] => DecimalDecision {
                comma: by_delimiter,
                note: None,
            },
        }
    }
}

/// Decides the decimal mark of one file from its cells in one pass (see the module notes):
/// what the reader gathers in pieces with [`DecimalEvidence`], for the tests.
#[cfg(test)]
pub(super) fn decide_decimal<'a>(
    name: &str,
    cells: impl Iterator<Item = &'a str>,
    delimiter: u8,
    forced: Option<DecimalMark>,
) -> DecimalDecision {
    let mut evidence = DecimalEvidence::default();
    if forced.is_none() {
        for cell in cells {
            evidence.add(cell);
            if evidence.settled() {
                break;
            }
        }
    }
    evidence.decide(name, delimiter, forced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(cells: &[&str], delimiter: u8) -> DecimalDecision {
        decide_decimal("t.csv", cells.iter().copied(), delimiter, None)
    }

    #[test]
    fn cells_tell_the_mark() {
        for (cell, expected) in [
            ("4.5", Evidence::Point),
            ("$42,000.00", Evidence::Point),
            ("$42,000", Evidence::Point),
            ("1,234,567", Evidence::Point),
            ("0.125", Evidence::Point),
            ("4,5", Evidence::Comma),
            ("32.000 €", Evidence::Comma),
            ("32.000,50 €", Evidence::Comma),
            ("1.234.567", Evidence::Comma),
            ("1,234", Evidence::Ambiguous),
            ("32.000", Evidence::Ambiguous),
            ("Johns Hopkins, MEHP", Evidence::Silent),
            ("42000", Evidence::Silent),
            ("10-15", Evidence::Silent),
            ("v1.2", Evidence::Silent),
        ] {
            assert_eq!(evidence(cell), expected, "{cell:?}");
        }
    }

    proptest::proptest! {
        /// What [`DecimalEvidence::add`] passes over once a comma was seen
        /// ([`never_a_point`]) never reads as a decimal point.
        #[test]
        fn a_cell_passed_over_after_a_comma_is_no_point(
            cell in proptest::collection::vec(
                proptest::sample::select(vec![
                    "1", "0", "23", "456", ",", ",", " ", "-", "+", "$", "€", "kr", "Fr.", "CHF",
                    "'", "\u{a0}", "x",
                ]),
                0..8,
            ),
        ) {
            let cell = cell.concat();
            if never_a_point(cell.as_bytes()) {
                proptest::prop_assert_ne!(evidence(&cell), Evidence::Point, "{:?}", cell);
            }
        }
    }

    #[test]
    fn once_a_comma_is_seen_a_point_still_counts() {
        let mut seen = DecimalEvidence::default();
        for cell in ["4,5", "1,234", "12", "7,25", "1,234,567"] {
            seen.add(cell);
        }
        assert_eq!(seen.first[0].as_deref(), Some("1,234,567"));
        assert_eq!(seen.first[1].as_deref(), Some("4,5"));
        // Money with one thousands comma reads as a point too, after a comma as before one
        // (a proptest found `23,456$` passed over).
        for money in ["$42,000", "23,456$"] {
            let mut seen = DecimalEvidence::default();
            seen.add("4,5");
            seen.add(money);
            assert_eq!(seen.first[0].as_deref(), Some(money));
        }
    }

    #[test]
    fn a_us_tab_file_reads_points_and_says_why() {
        let d = decide(&["Hopkins", "4.5", "$42,000"], b'\t');
        assert!(!d.comma);
        assert!(d.note.unwrap().contains("\"4.5\""));
        let d = decide(&["Hopkins", "4", "$42,000"], b'\t');
        assert!(!d.comma);
    }

    #[test]
    fn a_european_file_reads_commas() {
        let d = decide(&["4,5", "32.000 €"], b';');
        assert!(d.comma);
        let d = decide(&["4,5"], b',');
        assert!(d.comma);
        assert!(d.note.unwrap().contains("decimal comma"));
    }

    #[test]
    fn truly_ambiguous_cells_fall_back_to_the_delimiter_and_say_so() {
        let d = decide(&["1,234"], b';');
        assert!(d.comma);
        let note = d.note.unwrap();
        assert!(note.contains("semicolon"), "{note}");
        assert!(note.contains("--decimal point"), "{note}");
        let d = decide(&["4.5", "4,5"], b',');
        assert!(!d.comma);
        assert!(d.note.unwrap().contains("disagree"));
        assert_eq!(decide(&["4", "5"], b';').note, None);
        let forced = decide_decimal("t", ["4,5"].into_iter(), b';', Some(DecimalMark::Point));
        assert!(!forced.comma);
    }

    #[test]
    fn evidence_in_pieces_decides_as_in_one_go() {
        let cells = ["x", "1,234", "4.5", "7", "4,5", "32.000"];
        let whole = decide(&cells, b',');
        for cut in 0..=cells.len() {
            let mut head = DecimalEvidence::default();
            cells[..cut].iter().for_each(|c| head.add(c));
            let mut tail = DecimalEvidence::default();
            cells[cut..].iter().for_each(|c| tail.add(c));
            assert_eq!(head.then(tail).decide("t.csv", b',', None), whole, "{cut}");
        }
    }
}
