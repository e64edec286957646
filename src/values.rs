//! Parsing cell text into exact values, and formatting exact values back into text.
//!
//! Numbers are parsed from the cell text straight into `rust_decimal::Decimal`, never through
//! `f64` (a float would silently change digits). Rounding for display is half away from zero,
//! as a spreadsheet's ROUND does, not the banker's rounding that `Decimal::round_dp` uses.

use rust_decimal::{Decimal, RoundingStrategy};

/// Cell texts that mean "no value yet", compared case-insensitively after trimming.
pub const MISSING_MARKERS: &[&str] = &["", "n/a", "na", "tbd", "?", "-"];

/// The error values a spreadsheet shows in a cell whose formula failed. Exported as text,
/// they mean "no value": reading `#DIV/0!` as 0 would silently score a program down.
pub const SPREADSHEET_ERRORS: &[&str] = &[
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "Err:502",
    "Err:504",
    "Err:508",
    "Err:511",
    "Err:522",
    "Err:532",
];

/// True when the cell is empty, holds one of the [`MISSING_MARKERS`], or a spreadsheet
/// error value such as `#DIV/0!` (see [`is_spreadsheet_error`]).
pub fn is_missing(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    if bytes.len() > 3
        && bytes[0].is_ascii_digit()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
    {
        // Nothing to trim, and no marker or spreadsheet error starts with a digit: the
        // common case of a number is told apart without comparing against every marker.
        return false;
    }
    let trimmed = cell.trim();
    MISSING_MARKERS
        .iter()
        .any(|marker| trimmed.eq_ignore_ascii_case(marker))
        || is_spreadsheet_error(trimmed)
}

/// True when the cell holds a spreadsheet's error value (`#DIV/0!`, `#N/A`, LibreOffice's
/// `Err:502`), compared ignoring case and surrounding spaces.
pub fn is_spreadsheet_error(cell: &str) -> bool {
    let trimmed = cell.trim();
    SPREADSHEET_ERRORS
        .iter()
        .any(|e| trimmed.eq_ignore_ascii_case(e))
}

/// Why a number could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// The text is not written as a plain decimal number.
    NotANumber,
    /// The number has more digits than a 96-bit decimal holds (28–29 significant digits).
    TooManyDigits,
    /// Under a decimal comma, `1,234` could be one thousand two hundred and thirty-four (a
    /// thousands separator) or one point two three four: refused rather than guessed.
    AmbiguousComma,
}

/// Parses a plain number as [`parse_decimal`] does; with `decimal_comma`, `3,5` is three and
/// a half (and `3.5` still is too).
pub fn parse_number(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    if decimal_comma && text.contains(',') {
        if text.contains('.') {
            return Err(NumberError::NotANumber);
        }
        return parse_decimal(&text.replacen(',', ".", 1));
    }
    parse_decimal(text)
}

/// Parses money as [`parse_money`] does; with `decimal_comma`, the roles of `.` and `,` swap
/// (`15.000,50 €`), and a lone comma followed by three digits (`1,234`) is
/// [`NumberError::AmbiguousComma`].
pub fn parse_money_with(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    if !decimal_comma {
        return parse_money(text);
    }
    if let (false, Some((_, after))) = (text.contains('.'), text.rsplit_once(',')) {
        let digits = after.trim_end_matches(|c: char| !c.is_ascii_digit());
        if digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::AmbiguousComma);
        }
    }
    let swapped: String = text
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            other => other,
        })
        .collect();
    parse_money(&swapped)
}

/// Parses a plain decimal number: optional sign, digits, optional fraction (`3`, `-2.5`, `.5`).
///
/// Stricter than `Decimal::from_str`, which also accepts `1_000` and silently rounds digits
/// it cannot hold: here those are errors.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    if let Some(value) = plain_whole_number(text) {
        return Ok(value);
    }
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = all_digits(int_part)
        && frac_part.is_none_or(all_digits)
        && !(int_part.is_empty() && frac_part.is_none_or(str::is_empty));
    if !well_formed {
        return Err(NumberError::NotANumber);
    }
    let significant = int_part.trim_start_matches('0').len() + frac_part.map_or(0, str::len);
    if significant > 28 {
        return Err(NumberError::TooManyDigits);
    }
    // Whole numbers of up to 18 digits, by far the most common cell, skip the general parser.
    if frac_part.is_none() && !int_part.is_empty() && int_part.len() <= 18 {
        let magnitude = int_part
            .bytes()
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
        let value = Decimal::from(magnitude);
        return Ok(if text.starts_with('-') && magnitude != 0 {
            -value
        } else {
            value
        });
    }
    let exact = |s: &str| Decimal::from_str_exact(s).map_err(|_| NumberError::TooManyDigits);
    match (int_part.is_empty(), text.starts_with('-')) {
        (true, true) => exact(&format!("-0{digits}")),
        (true, false) => exact(&format!("0{digits}")),
        _ => exact(text.trim_start_matches('+')),
    }
}

/// A cell of 1 to 18 ASCII digits and nothing else, read without the general parser: by far
/// the most common number in a shortlist.
fn plain_whole_number(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = bytes
        .iter()
        .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    Some(Decimal::from(magnitude))
}

/// True when a spreadsheet would read the whole cell as a number (`-5`, `+3.5`, `1e3`).
pub fn looks_numeric(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    exponent_ok && text == text.trim() && parse_decimal(mantissa).is_ok()
}

/// Parses a money amount: `15000`, `$15,000`, `15 000`, `USD 15000`, `15000.50 €`.
///
/// Currency symbols and codes are dropped, and `,` or spaces are accepted only as thousands
/// separators in groups of three, so `1,5` is not silently read as fifteen.
pub fn parse_money(text: &str) -> Result<Decimal, NumberError> {
    if let Some(value) = plain_whole_number(text) {
        return Ok(value);
    }
    let mut s = text.trim();
    for code in ["USD", "usd", "US$", "$", "€", "£", "EUR", "GBP"] {
        s = s.strip_prefix(code).unwrap_or(s).trim();
        s = s.strip_suffix(code).unwrap_or(s).trim();
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest.trim_start()),
        None => ("", s),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int_part.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok {
        return Err(NumberError::NotANumber);
    }
    let mut plain = String::with_capacity(body.len() + 1);
    plain.push_str(sign);
    plain.extend(groups);
    if let Some(f) = frac_part {
        plain.push('.');
        plain.push_str(f);
    }
    parse_decimal(&plain)
}

/// Parses a yes/no cell: `yes`, `no`, `y`, `n`, `true`, `false`, `1`, `0` in any case.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Rounds half away from zero to `dp` places and always shows exactly `dp` places.
pub fn fixed(value: Decimal, dp: u32) -> String {
    let mut rounded = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(dp);
    rounded.to_string()
}

/// Rounds half away from zero to at most `dp` places and drops trailing zeros (`3.50` → `3.5`).
pub fn trimmed(value: Decimal, dp: u32) -> String {
    value
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// Rounds up (towards positive infinity) to `dp` places, dropping trailing zeros.
pub fn ceil_dp(value: Decimal, dp: u32) -> Decimal {
    value
        .round_dp_with_strategy(dp, RoundingStrategy::ToPositiveInfinity)
        .normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parse_decimal_accepts_plain_numbers() {
        assert_eq!(parse_decimal("3"), Ok(dec!(3)));
        assert_eq!(parse_decimal(" 3.5 "), Ok(dec!(3.5)));
        assert_eq!(parse_decimal("-2.25"), Ok(dec!(-2.25)));
        assert_eq!(parse_decimal("+4"), Ok(dec!(4)));
        assert_eq!(parse_decimal(".5"), Ok(dec!(0.5)));
        assert_eq!(parse_decimal("-.5"), Ok(dec!(-0.5)));
        assert_eq!(parse_decimal("5."), Ok(dec!(5)));
    }

    #[test]
    fn parse_decimal_rejects_what_from_str_would_bend() {
        for bad in [
            "", "lots", "1_000", "1e3", "3,5", ".", "-", "1.2.3", "0x10", "++1",
        ] {
            assert_eq!(parse_decimal(bad), Err(NumberError::NotANumber), "{bad:?}");
        }
        assert_eq!(
            parse_decimal("12345678901234567890.123456789"),
            Err(NumberError::TooManyDigits)
        );
    }

    #[test]
    fn whole_numbers_take_the_short_way_and_agree_with_the_long_one() {
        for text in [
            "0",
            "7",
            "-0",
            "42",
            "-42",
            "+42",
            "999999999999999999",
            "000123",
        ] {
            let short = parse_decimal(text).unwrap();
            let long = Decimal::from_str_exact(text.trim_start_matches('+')).unwrap();
            assert_eq!(short, long, "{text}");
        }
        assert_eq!(parse_decimal("-0").unwrap().to_string(), "0");
        assert_eq!(
            parse_decimal("9999999999999999999").unwrap().to_string(),
            "9999999999999999999"
        );
    }

    #[test]
    fn parse_decimal_keeps_every_digit() {
        assert_eq!(
            parse_decimal("1234567890123456789.012345678")
                .unwrap()
                .to_string(),
            "1234567890123456789.012345678"
        );
    }

    #[test]
    fn missing_markers_are_case_insensitive() {
        assert!(!is_missing("none"));
        assert!(!is_missing("30000"));
        assert!(is_missing(" N/A "));
        assert!(is_missing("N/A\u{a0}"));
        assert!(is_missing("TBD "));
        assert!(is_missing("na\t"));
        assert!(is_missing("Err:502"));
        assert!(is_missing("#DIV/0!"));
        for m in ["", "  ", "N/A", "na", "TBD", "?", "-"] {
            assert!(is_missing(m), "{m:?}");
        }
        assert!(!is_missing("0"));
        assert!(!is_missing("none"));
    }

    #[test]
    fn money_accepts_currency_and_thousands() {
        assert_eq!(parse_money("$15,000"), Ok(dec!(15000)));
        assert_eq!(parse_money("15 000"), Ok(dec!(15000)));
        assert_eq!(parse_money("USD 15000"), Ok(dec!(15000)));
        assert_eq!(parse_money("15 000 €"), Ok(dec!(15000)));
        assert_eq!(parse_money("1,234,567.50"), Ok(dec!(1234567.50)));
        assert_eq!(parse_money("-$200"), Err(NumberError::NotANumber));
        assert_eq!(parse_money("-200"), Ok(dec!(-200)));
        assert_eq!(parse_money("1,5"), Err(NumberError::NotANumber));
        assert_eq!(parse_money("lots"), Err(NumberError::NotANumber));
    }

    #[test]
    fn decimal_comma_numbers_and_money() {
        assert_eq!(parse_number("3,5", true), Ok(dec!(3.5)));
        assert_eq!(parse_number("3.5", true), Ok(dec!(3.5)));
        assert_eq!(parse_number("3,5", false), Err(NumberError::NotANumber));
        assert_eq!(parse_number("1.234,5", true), Err(NumberError::NotANumber));
        assert_eq!(parse_money_with("15.000,50 €", true), Ok(dec!(15000.50)));
        assert_eq!(parse_money_with("15 000,5", true), Ok(dec!(15000.5)));
        assert_eq!(parse_money_with("15.000", true), Ok(dec!(15000)));
        assert_eq!(parse_money_with("1,5", true), Ok(dec!(1.5)));
        assert_eq!(
            parse_money_with("1,234", true),
            Err(NumberError::AmbiguousComma)
        );
        assert_eq!(
            parse_money_with("$15,000", true),
            Err(NumberError::AmbiguousComma)
        );
        assert_eq!(parse_money_with("1,234", false), Ok(dec!(1234)));
    }

    #[test]
    fn spreadsheet_errors_are_missing_never_zero() {
        for e in ["#DIV/0!", "#N/A", " #value! ", "Err:502"] {
            assert!(is_missing(e), "{e:?}");
            assert!(is_spreadsheet_error(e), "{e:?}");
        }
        assert!(!is_spreadsheet_error("#1"));
    }

    #[test]
    fn yes_no_cells() {
        assert_eq!(parse_yes_no("Yes"), Some(true));
        assert_eq!(parse_yes_no(" n "), Some(false));
        assert_eq!(parse_yes_no("maybe"), None);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(fixed(dec!(2.345), 2), "2.35");
        assert_eq!(fixed(dec!(85.27397), 2), "85.27");
        assert_eq!(fixed(dec!(85.275), 2), "85.28");
        assert_eq!(fixed(dec!(85.5), 2), "85.50");
        assert_eq!(fixed(dec!(-0.05), 1), "-0.1");
        assert_eq!(trimmed(dec!(3.50), 2), "3.5");
        assert_eq!(ceil_dp(dec!(3.001), 2), dec!(3.01));
    }

    #[test]
    fn looks_numeric_matches_what_spreadsheets_convert() {
        for n in ["-5", "+3.5", "1e3", "-2E-4", "0"] {
            assert!(looks_numeric(n), "{n:?}");
        }
        for t in ["=1+1", "-x", "+", "@SUM(A1)", " -5", "1e"] {
            assert!(!looks_numeric(t), "{t:?}");
        }
    }
}
