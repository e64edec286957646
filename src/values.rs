//! Parsing cell text into exact values, and formatting exact values back into text.
//!
//! Numbers are parsed from the cell text straight into `rust_decimal::Decimal`, never through
//! `f64` (a float would silently change digits). Rounding for display is half away from zero,
//! as a spreadsheet's ROUND does, not the banker's rounding that `Decimal::round_dp` uses.

use rust_decimal::{Decimal, RoundingStrategy};

/// Cell texts that mean "no value yet", compared case-insensitively after trimming.
/// Dashes (`—`, `–`) and `n.a.` are folded to these forms before comparing.
pub const MISSING_MARKERS: &[&str] = &[
    "",
    "n/a",
    "na",
    "n.a.",
    "n.a",
    "tbd",
    "tbc",
    "tba",
    "unknown",
    "not known",
    "none given",
    "?",
    "??",
    "-",
    "--",
];

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
#[inline]
pub fn is_missing(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    if let (Some(first), Some(last)) = (bytes.first(), bytes.last())
        && first.is_ascii_digit()
        && last.is_ascii_alphanumeric()
    {
        // Nothing to trim, and no marker or spreadsheet error starts with a digit: the
        // common case of a number is told apart without comparing against every marker
        // (and without a call: this part is inlined into the readers of every row).
        return false;
    }
    is_missing_marker(cell)
}

/// [`is_missing`] for a cell that does not start with a digit: compared with every marker.
#[inline(never)]
fn is_missing_marker(cell: &str) -> bool {
    let trimmed = cell.trim();
    let dash = |c: char| matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}');
    let folded: std::borrow::Cow<str> = if trimmed.chars().any(dash) {
        trimmed.replace(dash, "-").into()
    } else {
        trimmed.into()
    };
    MISSING_MARKERS
        .iter()
        .any(|marker| folded.eq_ignore_ascii_case(marker))
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

/// True for the characters a cell copied from a web page or a PDF may carry unseen: zero
/// width spaces and joiners, the word joiner and a stray byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// `cell` without white space and invisible characters ([`is_invisible`]) at either end:
/// `4\u{200b}` pasted from a web page is the rating 4 its reader sees, not a refusal
/// quoting a `"4"` that looks right. Borrowed, so free when there is nothing to trim.
pub fn trim_invisible(cell: &str) -> &str {
    cell.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// The number of a percentage cell (`85%`, `12.5 %`: 85, 12.5), as typed into a CSV or
/// shown by a workbook cell formatted as a percentage; `None` when the cell is not written
/// as a percentage. What the number means is its reader's to say: a rating on a 0–100 scale
/// reads `85%` as 85, a red-flag rule as the fraction 0.85, and a money or hours column
/// refuses it.
pub fn percent_number(cell: &str, decimal_comma: bool) -> Option<Result<Decimal, NumberError>> {
    // Most cells have no `%` at all: a byte search, before any trimming (every red-flag
    // rule on a number column asks this of every row).
    if !cell.as_bytes().contains(&b'%') {
        return None;
    }
    let number = trim_invisible(cell).strip_suffix('%')?.trim_end();
    (!number.is_empty()).then(|| parse_number(number, decimal_comma))
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
#[inline]
pub fn parse_number(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    let marks: &[u8] = if decimal_comma { b".," } else { b"." };
    match plain_decimal(text, marks) {
        Some(value) => Ok(value),
        None => number_in_general(text, decimal_comma),
    }
}

/// [`parse_number`] for any text: a decimal comma is read as a `.` (the text rewritten on
/// the stack, not in a new `String`).
#[inline(never)]
fn number_in_general(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    if decimal_comma && let Some((before, after)) = text.split_once(',') {
        if text.contains('.') {
            return Err(NumberError::NotANumber);
        }
        return read_joined([before, ".", after].into_iter(), decimal_in_general);
    }
    decimal_in_general(text)
}

/// Parses money as [`parse_amount`] does, dropping the currency.
pub fn parse_money_with(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    parse_amount(text, decimal_comma).map(|a| a.value)
}

/// Parses a plain decimal number: optional sign, digits, optional fraction (`3`, `-2.5`, `.5`).
///
/// Stricter than `Decimal::from_str`, which also accepts `1_000` and silently rounds digits
/// it cannot hold: here those are errors.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    match plain_decimal(text, b".") {
        Some(value) => Ok(value),
        None => decimal_in_general(text),
    }
}

/// [`parse_decimal`] for any text: the sign, surrounding spaces, an empty whole or fraction
/// part, and the count of significant digits are checked here, and the digits handed to
/// `Decimal::from_str_exact`.
fn decimal_in_general(text: &str) -> Result<Decimal, NumberError> {
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
        (true, true) => read_joined(["-0", digits].into_iter(), exact),
        (true, false) => read_joined(["0", digits].into_iter(), exact),
        _ => exact(text.trim_start_matches('+')),
    }
}

/// The first branch of every number and amount reader ([`parse_decimal`], [`parse_number`],
/// [`parse_amount`]): a cell of ASCII digits, with at most one of the decimal `marks` between
/// two of them, 28 digits at most, and nothing else (no sign, space, group separator or
/// currency). By far the most common cell (`25333`, `25333,00`, `30`), read in one pass over
/// its bytes.
///
/// The value is the one the general branch gives, to the representation: the digits are the
/// mantissa and the digits after the mark the scale, as `Decimal::from_str_exact` makes them
/// (`25333,00` is 2533300 at scale 2, not 25333). Any other text gives `None`, and the
/// caller's general branch reads it.
#[inline]
fn plain_decimal(text: &str, marks: &[u8]) -> Option<Decimal> {
    const MAX_DIGITS: usize = 28;
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_DIGITS + 1 {
        return None;
    }
    let last = bytes.len() - 1;
    let mut mantissa: u128 = 0;
    let mut mark_at: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            mantissa = mantissa * 10 + u128::from(b - b'0');
        } else if mark_at.is_none() && i > 0 && i < last && marks.contains(&b) {
            mark_at = Some(i);
        } else {
            return None;
        }
    }
    let scale = mark_at.map_or(0, |at| last - at);
    if bytes.len() - usize::from(mark_at.is_some()) > MAX_DIGITS {
        return None;
    }
    // At most 28 digits: below 10^28 < 2^96, so the mantissa fits the 96 bits.
    let part = |shift: u32| (mantissa >> shift) as u32;
    Some(Decimal::from_parts(
        part(0),
        part(32),
        part(64),
        false,
        u32::try_from(scale).ok()?,
    ))
}

/// Reads `parts` put end to end with `read`, in a buffer on the stack when they fit (an
/// amount per row of a million-row file would otherwise cost an allocation each).
fn read_joined<'a>(
    parts: impl Iterator<Item = &'a str> + Clone,
    read: impl FnOnce(&str) -> Result<Decimal, NumberError>,
) -> Result<Decimal, NumberError> {
    let mut stack = [0u8; 64];
    let length: usize = parts.clone().map(str::len).sum();
    if length > stack.len() {
        return read(&parts.collect::<String>());
    }
    let mut end = 0;
    for part in parts {
        stack[end..end + part.len()].copy_from_slice(part.as_bytes());
        end += part.len();
    }
    // Whole `str`s put end to end: still UTF-8.
    read(std::str::from_utf8(&stack[..end]).map_err(|_| NumberError::NotANumber)?)
}

/// True when a spreadsheet would read the whole cell as a number (`-5`, `+3.5`, `1e3`), with
/// a decimal point or, as a spreadsheet in a decimal-comma locale reads it, one decimal comma
/// between digits (`-0,50`).
pub fn looks_numeric(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    let unsigned = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    exponent_ok
        && text == text.trim()
        && (parse_decimal(mantissa).is_ok() || plain_decimal(unsigned, b",").is_some())
}

/// A currency an amount is written in: its ISO code and the symbol shown with amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    /// The ISO 4217 code, such as `GBP`.
    pub code: &'static str,
    /// The symbol written before amounts, such as `£` (the code for currencies without one).
    pub symbol: &'static str,
}

/// Every currency progrank recognises, with the markers that name it before or after an
/// amount (compared ignoring case). Longer markers come first so `US$` is not read as `$`.
const CURRENCIES: &[(Currency, &[&str])] = &[
    (Currency::USD, &["US$", "USD", "$"]),
    (
        Currency {
            code: "GBP",
            symbol: "£",
        },
        &["GBP", "£"],
    ),
    (
        Currency {
            code: "EUR",
            symbol: "€",
        },
        &["EUR", "€"],
    ),
    (
        Currency {
            code: "CHF",
            symbol: "CHF ",
        },
        &["CHF", "SFr.", "Fr."],
    ),
    (
        Currency {
            code: "CAD",
            symbol: "CA$",
        },
        &["CA$", "CAD", "C$"],
    ),
    (
        Currency {
            code: "AUD",
            symbol: "A$",
        },
        &["AU$", "AUD", "A$"],
    ),
    (
        Currency {
            code: "NZD",
            symbol: "NZ$",
        },
        &["NZ$", "NZD"],
    ),
    (
        Currency {
            code: "SGD",
            symbol: "S$",
        },
        &["SGD", "S$"],
    ),
    (
        Currency {
            code: "HKD",
            symbol: "HK$",
        },
        &["HK$", "HKD"],
    ),
    (
        Currency {
            code: "JPY",
            symbol: "¥",
        },
        &["JPY", "¥"],
    ),
    (
        Currency {
            code: "INR",
            symbol: "₹",
        },
        &["INR", "₹"],
    ),
    (
        Currency {
            code: "SEK",
            symbol: "SEK ",
        },
        &["SEK"],
    ),
    (
        Currency {
            code: "NOK",
            symbol: "NOK ",
        },
        &["NOK"],
    ),
    (
        Currency {
            code: "DKK",
            symbol: "DKK ",
        },
        &["DKK"],
    ),
    (
        Currency {
            code: "ZAR",
            symbol: "ZAR ",
        },
        &["ZAR"],
    ),
];

impl Currency {
    /// US dollars: what an amount with no marker is read as when the file says nothing else.
    pub const USD: Currency = Currency {
        code: "USD",
        symbol: "$",
    };

    /// The currency a whole word names (`£`, `gbp`, `US$`), if any.
    pub fn from_marker(word: &str) -> Option<Currency> {
        let word = word.trim();
        CURRENCIES
            .iter()
            .find(|(_, markers)| markers.iter().any(|m| m.eq_ignore_ascii_case(word)))
            .map(|(c, _)| *c)
    }

    /// The currency of an ISO code such as `GBP` (any case), for `--rates`.
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .find(|(c, _)| c.code.eq_ignore_ascii_case(code.trim()))
            .map(|(c, _)| *c)
    }

    /// Every code recognised, for messages.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(c, _)| c.code)
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

/// Splits a currency marker off the start and/or the end of an amount: `£35,000` →
/// (`Some(GBP)`, `35,000`). Two different markers on one amount are not a number.
pub fn split_currency(text: &str) -> Result<(Option<Currency>, &str), NumberError> {
    let mut s = text.trim();
    // No marker starts or ends with a digit: a bare number has none (the common cell).
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && s.as_bytes().last().is_some_and(u8::is_ascii_digit)
    {
        return Ok((None, s));
    }
    let mut found: Option<Currency> = None;
    let mut take = |c: Currency| -> Result<(), NumberError> {
        match found {
            Some(f) if f != c => Err(NumberError::NotANumber),
            _ => {
                found = Some(c);
                Ok(())
            }
        }
    };
    'prefix: for (currency, markers) in CURRENCIES {
        for marker in *markers {
            if let Some(head) = s.get(..marker.len())
                && head.eq_ignore_ascii_case(marker)
            {
                let rest = &s[marker.len()..];
                // A code must not run into letters (`EURO` is not EUR + O).
                if marker.chars().all(char::is_alphabetic)
                    && rest.chars().next().is_some_and(char::is_alphabetic)
                {
                    continue;
                }
                take(*currency)?;
                s = rest.trim_start();
                break 'prefix;
            }
        }
    }
    'suffix: for (currency, markers) in CURRENCIES {
        for marker in *markers {
            if s.len() >= marker.len()
                && let Some(tail) = s.get(s.len() - marker.len()..)
                && tail.eq_ignore_ascii_case(marker)
            {
                let rest = &s[..s.len() - marker.len()];
                if marker.chars().all(char::is_alphabetic)
                    && rest.chars().last().is_some_and(char::is_alphabetic)
                {
                    continue;
                }
                take(*currency)?;
                s = rest.trim_end();
                break 'suffix;
            }
        }
    }
    Ok((found, s))
}

/// An amount of money as written: its value and the currency marked on it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// The value, in the cell's currency.
    pub value: Decimal,
    /// The currency marked on the cell (`None` for a bare number).
    pub currency: Option<Currency>,
}

/// Parses a money amount: `15000`, `$15,000`, `15 000`, `USD 15000`, `15000.50 €`,
/// `CHF 32'000`.
///
/// Currency symbols and codes are dropped (see [`parse_amount`] to keep them), and `,`,
/// spaces or `'` are accepted only as thousands separators in groups of three, so `1,5` is
/// not silently read as fifteen.
pub fn parse_money(text: &str) -> Result<Decimal, NumberError> {
    parse_amount(text, false).map(|a| a.value)
}

/// Parses money as [`parse_money`] does and keeps the currency written on it; with
/// `decimal_comma`, the roles of `.` and `,` swap (`15.000,50 €`), and a lone comma followed
/// by three digits (`1,234`) is [`NumberError::AmbiguousComma`].
#[inline]
pub fn parse_amount(text: &str, decimal_comma: bool) -> Result<Amount, NumberError> {
    let mark: &[u8] = if decimal_comma { b"," } else { b"." };
    match plain_decimal(text, mark) {
        // Three digits after a decimal comma are the ambiguous `1,234`: the general branch
        // says so.
        Some(value) if !(decimal_comma && value.scale() == 3) => Ok(Amount {
            value,
            currency: None,
        }),
        _ => amount_in_general(text, decimal_comma),
    }
}

/// [`parse_amount`] for any text: the currency split off, the ambiguous comma refused, and
/// the body read by [`money_body`].
#[inline(never)]
fn amount_in_general(text: &str, decimal_comma: bool) -> Result<Amount, NumberError> {
    let (currency, body) = split_currency(text)?;
    if decimal_comma
        && let (false, Some((_, after))) = (body.contains('.'), body.rsplit_once(','))
        && after.len() == 3
        && after.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(NumberError::AmbiguousComma);
    }
    let value = money_body(body, decimal_comma)?;
    Ok(Amount { value, currency })
}

/// Reads an amount with its currency already removed: `.` as the decimal mark and `,` among
/// the group separators, or with `decimal_comma` the other way round (`24.500,00`).
///
/// The number is rewritten as plain digits with a `.` mark for [`parse_decimal`]'s general
/// branch, on the stack when it fits ([`read_joined`]).
fn money_body(s: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    let (mark, group) = if decimal_comma {
        (',', '.')
    } else {
        ('.', ',')
    };
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest.trim_start()),
        None => ("", s),
    };
    let (int_part, frac_part) = match body.split_once(mark) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups = || int_part.split([group, ' ', '\u{a0}', '\u{202f}', '\'', '’']);
    let mut rest = groups().skip(1).peekable();
    let grouped_ok = rest.peek().is_none() || {
        let first = groups().next().unwrap_or_default();
        !first.is_empty() && first.len() <= 3 && rest.all(|g| g.len() == 3)
    };
    if !grouped_ok {
        return Err(NumberError::NotANumber);
    }
    let parts = std::iter::once(sign)
        .chain(groups())
        .chain(frac_part.into_iter().flat_map(|f| [".", f]));
    read_joined(parts, decimal_in_general)
}

/// An amount as [`parse_amount`] reads it, or one written in thousands (`19k`, see
/// [`thousands_amount`]): what a money cell may hold, for every reader of money cells.
pub fn parse_amount_or_thousands(text: &str, decimal_comma: bool) -> Result<Amount, NumberError> {
    match parse_amount(text, decimal_comma) {
        Ok(amount) => Ok(amount),
        Err(error) => thousands_amount(text, decimal_comma).unwrap_or(Err(error)),
    }
}

/// An amount written in thousands with a `k` after its digits, as people write budgets:
/// `19k`, `$12.5K`, `£15k`, `15k €` (the `k` dropped, the amount read by [`parse_amount`],
/// then multiplied by 1,000 exactly). `None` when the text has no such `k` or is not an
/// amount without it; `1k5` is not read (the `k` must not be followed by a digit).
fn thousands_amount(text: &str, decimal_comma: bool) -> Option<Result<Amount, NumberError>> {
    let text = text.trim();
    let at = text.find(['k', 'K'])?;
    let (before, after) = (&text[..at], &text[at + 1..]);
    if !before.ends_with(|c: char| c.is_ascii_digit())
        || after.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let amount = parse_amount(&format!("{before}{after}"), decimal_comma).ok()?;
    Some(
        amount
            .value
            .checked_mul(Decimal::ONE_THOUSAND)
            .map(|value| Amount { value, ..amount })
            .ok_or(NumberError::TooManyDigits),
    )
}

/// How money and hours cells of one file are read: the file's currency, the exchange rates
/// used to convert other currencies to it, and how ranges such as `10-15` are read. Decided
/// once per file ([`crate::costs::money_rules`]) and used for every such cell, by the cost
/// columns and the red-flag rules alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyRules {
    /// The currency amounts are in (and shown in).
    pub currency: Currency,
    /// Amounts in these currencies are multiplied by the rate to give `currency` (US
    /// dollars); empty when the file has one currency.
    pub rates: Vec<(Currency, Decimal)>,
    /// How a range is read.
    pub ranges: RangePick,
    /// The number columns read with their unit ([`MoneyRules::number_in`]), by index.
    pub units: Vec<(usize, Unit)>,
}

/// The rules of a file with no currency marked and no rates: US dollars, ranges by midpoint.
pub static US_DOLLARS: MoneyRules = MoneyRules {
    currency: Currency::USD,
    rates: Vec::new(),
    ranges: RangePick::Mid,
    units: Vec::new(),
};

/// The unit of a number column whose cells people write with their unit (`15 hrs`,
/// `18 months`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Hours a week (`hours_per_week`): `15 hrs`, `15h`, `15 hours/week`.
    HoursPerWeek,
    /// Years (`duration_years`): `2 years`, `18 months` (1.5).
    Years,
}

/// `cell` with the unit written after its number taken off, and what the number is divided
/// by to be in `unit` (12 for months in years): `15 hours/week` is (`15`, 1) in hours a
/// week, `10 to 15 hours` is (`10 to 15`, 1), `18 months` is (`18`, 12) in years. A cell
/// without a unit is itself, divided by 1. `Err` when the words after the number are no
/// unit of `unit` (`2 days` in hours a week, `15 hours` in years): never read as the
/// number.
pub fn without_unit(cell: &str, unit: Unit) -> Result<(&str, Decimal), NumberError> {
    // A cell ending in a digit has no unit after it (the usual case, told from one byte).
    if cell.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return Ok((cell, Decimal::ONE));
    }
    let t = trim_invisible(cell);
    let Some(last_digit) = t.rfind(|c: char| c.is_ascii_digit()) else {
        return Ok((cell, Decimal::ONE));
    };
    let (number, words) = t.split_at(last_digit + 1);
    let words: String = words
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if words.is_empty() || !words.starts_with(|c: char| c.is_alphabetic()) {
        return Ok((cell, Decimal::ONE));
    }
    let divisor = match unit {
        Unit::HoursPerWeek => {
            let hours = ["hours", "hour", "hrs", "hr", "h"]
                .iter()
                .find_map(|h| words.strip_prefix(h));
            match hours {
                Some(
                    "" | "/week" | "/wk" | "/w" | "perweek" | "aweek" | "pw" | "/wks" | "weekly",
                ) => Decimal::ONE,
                _ => return Err(NumberError::NotANumber),
            }
        }
        Unit::Years => match words.as_str() {
            "years" | "year" | "yrs" | "yr" | "y" => Decimal::ONE,
            "months" | "month" | "mos" | "mo" | "mths" | "mth" => Decimal::from(12),
            _ => return Err(NumberError::NotANumber),
        },
    };
    Ok((number.trim_end(), divisor))
}

impl Default for MoneyRules {
    fn default() -> Self {
        MoneyRules {
            currency: Currency::USD,
            rates: Vec::new(),
            ranges: RangePick::Mid,
            units: Vec::new(),
        }
    }
}

impl MoneyRules {
    /// Reads a money cell: an amount in the file's currency (or one with a rate), or a range
    /// of them (`$10,000-$15,000`).
    #[inline]
    pub fn money(&self, cell: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
        match parse_amount(cell, decimal_comma) {
            Ok(amount) => self.convert(amount),
            Err(error) => self.money_range(cell, decimal_comma, error),
        }
    }

    /// [`MoneyRules::money`] for a cell that is not one amount: a range, or `error`.
    #[inline(never)]
    fn money_range(
        &self,
        cell: &str,
        decimal_comma: bool,
        error: NumberError,
    ) -> Result<Decimal, NumberError> {
        let visible = trim_invisible(cell);
        if visible.len() < cell.trim().len() {
            return self.money(visible, decimal_comma);
        }
        if let Some(amount) = thousands_amount(cell, decimal_comma) {
            return amount.and_then(|a| self.convert(a));
        }
        match read_range(cell, self.ranges, |side| {
            parse_amount_or_thousands(side, decimal_comma)
                .ok()
                .and_then(|a| self.convert(a).ok())
        }) {
            Some(Ok(value)) => Ok(value),
            Some(Err(_)) => Err(NumberError::NotANumber),
            None => Err(error),
        }
    }

    /// Reads a plain number cell (hours, years), or a range of them (`10-15`, `10 to 15`).
    #[inline]
    pub fn number(&self, cell: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
        match parse_number(cell, decimal_comma) {
            Ok(value) => Ok(value),
            Err(error) => self.number_range(cell, decimal_comma, error),
        }
    }

    /// The unit of column `column`'s numbers, when it is one read with its unit.
    pub fn unit_of(&self, column: usize) -> Option<Unit> {
        self.units
            .iter()
            .find_map(|&(c, unit)| (c == column).then_some(unit))
    }

    /// Reads a cell of number column `column` as [`MoneyRules::number`] does, its unit
    /// written after the number or not when the column has one ([`without_unit`]): the one
    /// reader of hours and years, for the cost reader, the red-flag rules and the note on
    /// ranges.
    pub fn number_in(
        &self,
        column: usize,
        cell: &str,
        decimal_comma: bool,
    ) -> Result<Decimal, NumberError> {
        let Some(unit) = self.unit_of(column) else {
            return self.number(cell, decimal_comma);
        };
        let (number, divisor) = without_unit(cell, unit)?;
        let value = self.number(number, decimal_comma)?;
        // Almost every cell has no unit, or one that needs no conversion: a decimal
        // division per row costs more than the rest of the reading.
        if divisor == Decimal::ONE {
            return Ok(value);
        }
        value.checked_div(divisor).ok_or(NumberError::TooManyDigits)
    }

    /// [`MoneyRules::number`] for a cell that is not one number: a range, or `error`.
    #[inline(never)]
    fn number_range(
        &self,
        cell: &str,
        decimal_comma: bool,
        error: NumberError,
    ) -> Result<Decimal, NumberError> {
        let visible = trim_invisible(cell);
        if visible.len() < cell.trim().len() {
            return self.number(visible, decimal_comma);
        }
        match read_range(cell, self.ranges, |side| {
            parse_number(side, decimal_comma).ok()
        }) {
            Some(Ok(value)) => Ok(value),
            Some(Err(_)) => Err(NumberError::NotANumber),
            None => Err(error),
        }
    }

    /// An amount in the file's currency: as written, or converted at its rate.
    #[inline]
    pub fn convert(&self, amount: Amount) -> Result<Decimal, NumberError> {
        match amount.currency {
            None => Ok(amount.value),
            Some(c) if c == self.currency => Ok(amount.value),
            Some(c) => {
                let (_, rate) = self
                    .rates
                    .iter()
                    .find(|(r, _)| *r == c)
                    .ok_or(NumberError::NotANumber)?;
                amount
                    .value
                    .checked_mul(*rate)
                    .ok_or(NumberError::TooManyDigits)
            }
        }
    }

    /// `amount` with the file's currency and thousands separators: `£62,000`, `CHF 1,250.50`.
    pub fn show(&self, amount: Decimal) -> String {
        money_text(amount, self.currency)
    }
}

/// `amount` with `currency`'s symbol and thousands separators: `$62,000`, `£1,250.50`.
///
/// The text of [`fixed`]`(amount, 2)`, grouped, with `.00` dropped, written straight from
/// the rounded amount's digits into the one `String` returned (a limit check shows an
/// amount per program broken: a million of them).
pub fn money_text(amount: Decimal, currency: Currency) -> String {
    let mut rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    // The digits of the mantissa, least significant first, padded with zeros to the scale
    // (as Decimal's Display pads them), with one whole digit at least.
    let scale = rounded.scale() as usize;
    let mut digits = [b'0'; 40];
    let mut count = 0;
    let mantissa = rounded.mantissa().unsigned_abs();
    // Most amounts fit 64 bits, whose division is a few times cheaper than 128 bits'.
    match u64::try_from(mantissa) {
        Ok(mut mantissa) => {
            while mantissa != 0 {
                digits[count] = b'0' + (mantissa % 10) as u8;
                mantissa /= 10;
                count += 1;
            }
        }
        Err(_) => {
            let mut mantissa = mantissa;
            while mantissa != 0 {
                digits[count] = b'0' + (mantissa % 10) as u8;
                mantissa /= 10;
                count += 1;
            }
        }
    }
    let count = count.max(scale + 1);
    let (cents, whole) = digits[..count].split_at(scale);
    let sign = if rounded.is_sign_negative() { "-" } else { "" };
    let show_cents = scale != 0 && cents != b"00";
    let mut text =
        String::with_capacity(sign.len() + currency.symbol.len() + whole.len() * 4 / 3 + 1 + scale);
    text.push_str(sign);
    text.push_str(currency.symbol);
    for (i, &d) in whole.iter().rev().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            text.push(',');
        }
        text.push(char::from(d));
    }
    if show_cents {
        text.push('.');
        text.extend(cents.iter().rev().map(|&d| char::from(d)));
    }
    text
}

/// How a range such as `10-15` is read (`--ranges`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RangePick {
    /// The lower end.
    Low,
    /// The midpoint (the default).
    #[default]
    Mid,
    /// The upper end.
    High,
}

impl std::fmt::Display for RangePick {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RangePick::Low => "lower end",
            RangePick::Mid => "midpoint",
            RangePick::High => "upper end",
        })
    }
}

/// Splits a range such as `10-15`, `10–15`, `10 to 15` or `$10,000 - $15,000` into its two
/// ends, or `None` when the text is not written as a range.
pub fn split_range(text: &str) -> Option<(&str, &str)> {
    // Every separator holds `-`, `t` (of ` to `) or a dash's first UTF-8 byte (0xE2): a cell
    // with none of them is no range, told in one pass over its bytes instead of a substring
    // search per separator (this runs on every cell of the currency scan).
    if !text.bytes().any(|b| matches!(b, b'-' | b't' | 0xE2)) {
        return None;
    }
    let t = text.trim();
    for sep in [" to ", "–", "—", " - ", "-"] {
        // Search after the first character, so a leading minus sign is not a separator.
        let start = t.char_indices().nth(1).map_or(t.len(), |(i, _)| i);
        if let Some(at) = t[start..].find(sep) {
            let at = start + at;
            let (low, high) = (t[..at].trim(), t[at + sep.len()..].trim());
            if !low.is_empty() && !high.is_empty() {
                return Some((low, high));
            }
        }
    }
    None
}

/// Reads a range with `read` for each end and picks one value of it; `None` when the text is
/// not a range or an end is not read, `Some(Err)` when the ends run backwards.
pub fn read_range(
    text: &str,
    pick: RangePick,
    read: impl Fn(&str) -> Option<Decimal>,
) -> Option<Result<Decimal, (Decimal, Decimal)>> {
    let (low, high) = split_range(text)?;
    let (low, high) = (read(low)?, read(high)?);
    if low > high {
        return Some(Err((low, high)));
    }
    Some(Ok(match pick {
        RangePick::Low => low,
        RangePick::High => high,
        RangePick::Mid => low
            .checked_add(high)
            .and_then(|s| s.checked_div(Decimal::TWO))?,
    }))
}

/// Parses a yes/no cell: `yes`, `no`, `y`, `n`, `true`, `false` (Google Sheets' `TRUE`),
/// `1`, `0`, `✓`, `✗`, in any case, with a trailing `.` or `!` allowed.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match trim_invisible(text)
        .trim_end_matches(['.', '!'])
        .to_lowercase()
        .as_str()
    {
        "yes" | "y" | "true" | "1" | "✓" | "✔" | "☑" | "✅" => Some(true),
        "no" | "n" | "false" | "0" | "✗" | "✘" | "☒" | "❌" => Some(false),
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
    fn invisible_characters_at_the_edges_are_not_part_of_a_value() {
        let rules = MoneyRules::default();
        assert_eq!(trim_invisible("\u{feff} 4\u{200b}\u{a0}"), "4");
        assert_eq!(trim_invisible("4\u{200b}5"), "4\u{200b}5");
        assert_eq!(rules.number("\u{200b}12", false), Ok(dec!(12)));
        assert_eq!(rules.money("$35,000\u{2060}", false), Ok(dec!(35000)));
        assert_eq!(parse_yes_no("yes\u{200d}"), Some(true));
        // Inside a value, one is still an error.
        assert!(rules.number("1\u{200b}2", false).is_err());
    }

    #[test]
    fn no_currency_marker_starts_or_ends_with_a_digit() {
        // `split_currency` returns early on a cell that starts and ends with a digit.
        for (_, markers) in CURRENCIES {
            for marker in *markers {
                let bytes = marker.as_bytes();
                assert!(!bytes[0].is_ascii_digit(), "{marker}");
                assert!(!bytes[bytes.len() - 1].is_ascii_digit(), "{marker}");
            }
        }
        assert_eq!(split_currency(" 25333 "), Ok((None, "25333")));
        assert_eq!(
            split_currency("1 £").map(|(c, s)| (c.map(|c| c.code), s)),
            Ok((Some("GBP"), "1"))
        );
    }

    #[test]
    fn split_range_needs_a_separator_character() {
        // The early return: no `-`, `t` or dash lead byte, no range.
        assert_eq!(split_range("25333"), None);
        assert_eq!(split_range("Beacon 0000001"), None);
        assert_eq!(split_range("10 to 15"), Some(("10", "15")));
        assert_eq!(split_range("10–15"), Some(("10", "15")));
        assert_eq!(split_range("10—15"), Some(("10", "15")));
        assert_eq!(split_range("10 - 15"), Some(("10", "15")));
        assert_eq!(split_range("-5"), None);
    }

    /// The reading of an amount's body before it was rewritten without allocations: the
    /// text with `.` and `,` swapped under a decimal comma, then `.` as the mark.
    fn swapped_money_body(s: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
        let swapped: String = if decimal_comma {
            s.chars()
                .map(|c| match c {
                    '.' => ',',
                    ',' => '.',
                    other => other,
                })
                .collect()
        } else {
            s.to_owned()
        };
        let (sign, body) = match swapped.strip_prefix('-') {
            Some(rest) => ("-", rest.trim_start()),
            None => ("", swapped.as_str()),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let groups: Vec<&str> = int_part
            .split([',', ' ', '\u{a0}', '\u{202f}', '\'', '’'])
            .collect();
        let grouped_ok = groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3));
        if !grouped_ok {
            return Err(NumberError::NotANumber);
        }
        let mut plain = String::from(sign);
        plain.extend(groups);
        if let Some(f) = frac_part {
            plain.push('.');
            plain.push_str(f);
        }
        parse_decimal(&plain)
    }

    #[test]
    fn an_amount_reads_as_it_did_with_the_marks_swapped() {
        // Every string of up to 5 characters over the characters that matter, and some long
        // ones (past the stack buffer), read both ways, give the same value and error.
        let alphabet = ['1', '0', '5', '.', ',', ' ', '-', '\'', 'x', '\u{a0}'];
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() == texts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.push(format!("{}.5", "0".repeat(80)));
        texts.push(format!("{},5", "0".repeat(80)));
        texts.push(format!("1{}", ",000".repeat(20)));
        texts.push(format!("-1{},25", ".000".repeat(9)));
        for text in &texts {
            for decimal_comma in [false, true] {
                let (new, old) = (
                    money_body(text, decimal_comma),
                    swapped_money_body(text, decimal_comma),
                );
                assert_eq!(new, old, "{text:?} decimal_comma={decimal_comma}");
                if let (Ok(a), Ok(b)) = (new, old) {
                    assert_eq!(
                        a.serialize(),
                        b.serialize(),
                        "{text:?}: same representation"
                    );
                }
            }
        }
    }

    /// Each reader with its plain branch and with its general branch alone: the same value
    /// (to the representation: mantissa, scale and sign) or the same error.
    fn assert_branches_agree(text: &str) {
        let same = |fast: Result<Decimal, NumberError>,
                    general: Result<Decimal, NumberError>,
                    what: &str| {
            assert_eq!(fast, general, "{what} {text:?}");
            if let (Ok(a), Ok(b)) = (fast, general) {
                assert_eq!(a.serialize(), b.serialize(), "{what} {text:?}: {a} vs {b}");
            }
        };
        same(
            parse_decimal(text),
            decimal_in_general(text),
            "parse_decimal",
        );
        for decimal_comma in [false, true] {
            same(
                parse_number(text, decimal_comma),
                number_in_general(text, decimal_comma),
                &format!("parse_number decimal_comma={decimal_comma}"),
            );
            let (fast, general) = (
                parse_amount(text, decimal_comma),
                amount_in_general(text, decimal_comma),
            );
            assert_eq!(
                fast.map(|a| a.currency),
                general.map(|a| a.currency),
                "parse_amount decimal_comma={decimal_comma} {text:?}"
            );
            same(
                fast.map(|a| a.value),
                general.map(|a| a.value),
                &format!("parse_amount decimal_comma={decimal_comma}"),
            );
        }
    }

    /// The characters an amount or a number is written with, and some it must not be.
    const NUMBER_CHARS: &[char] = &[
        '0', '1', '2', '5', '9', '0', '7', ',', '.', ' ', '\u{a0}', '\'', '$', '£', '€', '-', '(',
        '+', 'E',
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Any text over the characters that matter reads the same through the plain branch
        /// as through the general one.
        #[test]
        fn the_plain_branch_reads_as_the_general_one(
            chars in proptest::collection::vec(proptest::sample::select(NUMBER_CHARS), 0..34),
        ) {
            assert_branches_agree(&chars.into_iter().collect::<String>());
        }

        /// Digits with at most one mark, up to 30 of them (past the 28 the plain branch
        /// takes): the plain branch takes each it can, and gives what the general one does.
        #[test]
        fn plain_numbers_take_the_plain_branch(
            whole in "[0-9]{1,30}",
            fraction in proptest::option::of("[0-9]{1,30}"),
            mark in proptest::sample::select(vec!['.', ',']),
        ) {
            let text = match &fraction {
                Some(f) => format!("{whole}{mark}{f}"),
                None => whole.clone(),
            };
            let digits = whole.len() + fraction.as_ref().map_or(0, String::len);
            let plain = plain_decimal(&text, if mark == '.' { b"." } else { b"," });
            proptest::prop_assert_eq!(plain.is_some(), digits <= 28, "{:?}", text);
            if let Some(value) = plain {
                proptest::prop_assert_eq!(value.scale() as usize, fraction.as_ref().map_or(0, String::len));
                let exact = Decimal::from_str_exact(&text.replace(',', ".")).unwrap();
                proptest::prop_assert_eq!(value.serialize(), exact.serialize(), "{:?}", text);
            }
            assert_branches_agree(&text);
        }
    }

    #[test]
    fn the_plain_branch_keeps_the_scale_and_leaves_the_rest_to_the_general_one() {
        let plain = |t: &str, marks: &[u8]| plain_decimal(t, marks).map(|d| d.to_string());
        assert_eq!(plain("25333,00", b","), Some("25333.00".into()));
        assert_eq!(plain("25333.00", b"."), Some("25333.00".into()));
        assert_eq!(plain("007.50", b"."), Some("7.50".into()));
        assert_eq!(plain("30", b".,"), Some("30".into()));
        assert_eq!(
            plain("9999999999999999999999999999", b"."),
            Some("9999999999999999999999999999".into())
        );
        for other in [
            "",
            "1.",
            ".5",
            "1.2.3",
            "-1",
            "+1",
            " 1",
            "1 ",
            "1,000",
            "1\u{a0}000",
            "$5",
            "99999999999999999999999999999",
            "1e3",
        ] {
            assert_eq!(plain(other, b"."), None, "{other:?}");
        }
        assert_eq!(plain("25333,00", b"."), None);
        // The ambiguous comma and a point under a decimal comma are the general branch's.
        assert_eq!(
            parse_amount("1,234", true),
            Err(NumberError::AmbiguousComma)
        );
        assert_eq!(parse_amount("1,23", true).map(|a| a.value), Ok(dec!(1.23)));
        assert_eq!(
            parse_amount("25.333", true).map(|a| a.value),
            Ok(dec!(25333))
        );
        assert_eq!(parse_number("1,234", true), Ok(dec!(1.234)));
        for text in [
            "25333,00", "1,234", "1,23", "25.333", "30", "-0.0", "-0", ".5", "-.5",
        ] {
            assert_branches_agree(text);
        }
    }

    #[test]
    fn a_decimal_comma_number_is_read_without_a_new_string() {
        // Past the plain branch (spaces around it) and past the stack buffer.
        assert_eq!(parse_number(" 3,5 ", true), Ok(dec!(3.5)));
        assert_eq!(parse_number("1,2,3", true), Err(NumberError::NotANumber));
        let long = format!("{},5", "0".repeat(80));
        assert_eq!(parse_number(&long, true), Ok(dec!(0.5)));
        assert_eq!(
            parse_number(&format!("{},5", "1".repeat(40)), true),
            Err(NumberError::TooManyDigits)
        );
    }

    /// `money_text` as it was written before it wrote its digits itself: the reference its
    /// output is compared with.
    fn money_text_through_strings(amount: Decimal, currency: Currency) -> String {
        let text = fixed(amount, 2);
        let (sign, text) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (int_part, cents) = text.split_once('.').unwrap_or((text, "00"));
        let mut grouped = String::new();
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let symbol = currency.symbol;
        if cents == "00" {
            format!("{sign}{symbol}{grouped}")
        } else {
            format!("{sign}{symbol}{grouped}.{cents}")
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Any amount (any 96-bit mantissa, scale and sign, negative zero too) in any
        /// currency is shown as the text-based formatting showed it.
        #[test]
        fn money_text_writes_what_the_strings_made(
            lo in proptest::prelude::any::<u32>(),
            mid in proptest::prelude::any::<u32>(),
            hi in proptest::sample::select(vec![0u32, 0, 0, 1, 7, u32::MAX]),
            small in proptest::prelude::any::<bool>(),
            negative in proptest::prelude::any::<bool>(),
            scale in 0u32..=28,
            currency in 0usize..CURRENCIES.len(),
        ) {
            let (mid, hi) = if small { (0, 0) } else { (mid, hi) };
            let amount = Decimal::from_parts(lo, mid, hi, negative, scale);
            let currency = CURRENCIES[currency].0;
            proptest::prop_assert_eq!(
                money_text(amount, currency),
                money_text_through_strings(amount, currency),
                "{:?}", amount
            );
        }
    }

    #[test]
    fn money_text_edges() {
        let usd = Currency::USD;
        for amount in [
            dec!(0),
            dec!(-0.001),
            dec!(0.005),
            dec!(0.5),
            dec!(999.995),
            dec!(1000),
            dec!(-1234567.891),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::from_parts(0, 0, 0, true, 0),
            Decimal::from_parts(0, 0, 0, true, 5),
        ] {
            assert_eq!(
                money_text(amount, usd),
                money_text_through_strings(amount, usd),
                "{amount:?}"
            );
        }
        assert_eq!(money_text(dec!(1234567.5), usd), "$1,234,567.50");
        assert_eq!(money_text(dec!(0.001), usd), "$0");
    }

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
    fn currencies_before_or_after_the_amount() {
        let gbp = Currency::from_code("gbp").unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let chf = Currency::from_code("CHF").unwrap();
        for (text, value, currency) in [
            ("£35,000", dec!(35000), Some(gbp)),
            ("35,000 GBP", dec!(35000), Some(gbp)),
            ("€24,500", dec!(24500), Some(eur)),
            ("24 500 €", dec!(24500), Some(eur)),
            ("CHF 32'000", dec!(32000), Some(chf)),
            ("US$42,000.00", dec!(42000.00), Some(Currency::USD)),
            ("$42,000 USD", dec!(42000), Some(Currency::USD)),
            ("CA$1,000", dec!(1000), Currency::from_code("CAD")),
            ("A$1,000", dec!(1000), Currency::from_code("AUD")),
            ("42000", dec!(42000), None),
        ] {
            assert_eq!(
                parse_amount(text, false),
                Ok(Amount { value, currency }),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_amount("32.000,50 €", true).map(|a| a.value),
            Ok(dec!(32000.50))
        );
        assert_eq!(
            parse_amount("£35,000 $", false),
            Err(NumberError::NotANumber)
        );
        assert_eq!(parse_amount("EUROS 5", false), Err(NumberError::NotANumber));
        assert_eq!(money_text(dec!(48000), gbp), "£48,000");
        assert_eq!(money_text(dec!(1250.5), chf), "CHF 1,250.50");
    }

    #[test]
    fn amounts_in_thousands_are_read_exactly() {
        let rules = MoneyRules::default();
        for (cell, value) in [
            ("19k", dec!(19000)),
            ("$19K", dec!(19000)),
            ("12.5k", dec!(12500)),
            ("USD 19k", dec!(19000)),
            ("19K USD", dec!(19000)),
            ("$10k-$15k", dec!(12500)),
            ("$10k - 15k", dec!(12500)),
        ] {
            assert_eq!(rules.money(cell, false), Ok(value), "{cell:?}");
        }
        assert_eq!(rules.money("12,5k", true), Ok(dec!(12500)));
        let pounds = parse_amount_or_thousands("£15k", false).unwrap();
        assert_eq!(pounds.value, dec!(15000));
        assert_eq!(pounds.currency.map(|c| c.code), Some("GBP"));
        // Not amounts in thousands: refused as before.
        for cell in ["1k5", "19 k", "19kg", "k19", "19kk", "work", "k"] {
            assert!(rules.money(cell, false).is_err(), "{cell:?}");
        }
        // Too large once multiplied: an error, not a panic.
        assert_eq!(
            rules.money("79228162514264337593543951k", false),
            Err(NumberError::TooManyDigits)
        );
    }

    #[test]
    fn numbers_are_read_with_their_unit_and_a_wrong_unit_is_refused() {
        let one = Decimal::ONE;
        let hours = |cell| without_unit(cell, Unit::HoursPerWeek);
        for cell in [
            "15 hrs",
            "15h",
            "15 hours",
            "15 hours/week",
            "15 Hrs / wk",
            "15 hours a week",
        ] {
            assert_eq!(hours(cell), Ok(("15", one)), "{cell}");
        }
        assert_eq!(hours("10 to 15 hours"), Ok(("10 to 15", one)));
        assert_eq!(hours("15"), Ok(("15", one)));
        assert_eq!(hours("n/a"), Ok(("n/a", one)));
        for cell in [
            "2 days",
            "15 hours/month",
            "2 years",
            "15 weeks",
            "15 hourly-ish",
        ] {
            assert_eq!(hours(cell), Err(NumberError::NotANumber), "{cell}");
        }
        let years = |cell| without_unit(cell, Unit::Years);
        assert_eq!(years("2 years"), Ok(("2", one)));
        assert_eq!(years("1.5 yrs"), Ok(("1.5", one)));
        assert_eq!(years("18 months"), Ok(("18", Decimal::from(12))));
        for cell in ["15 hours", "2 days", "3 semesters"] {
            assert_eq!(years(cell), Err(NumberError::NotANumber), "{cell}");
        }
        // Through the rules: months become years, a range keeps its reading.
        let rules = MoneyRules {
            units: vec![(3, Unit::Years), (4, Unit::HoursPerWeek)],
            ..MoneyRules::default()
        };
        assert_eq!(rules.number_in(3, "18 months", false), Ok(dec!(1.5)));
        assert_eq!(rules.number_in(4, "10 to 15 hours", false), Ok(dec!(12.5)));
        assert_eq!(
            rules.number_in(4, "2 days", false),
            Err(NumberError::NotANumber)
        );
        // A column without a unit reads as before.
        assert_eq!(
            rules.number_in(5, "15 hours", false),
            Err(NumberError::NotANumber)
        );
    }

    #[test]
    fn ranges_read_by_the_chosen_end() {
        let read = |t: &str| parse_decimal(t).ok();
        for text in ["10-15", "10–15", "10 to 15", "10 - 15"] {
            assert_eq!(
                read_range(text, RangePick::Mid, read),
                Some(Ok(dec!(12.5))),
                "{text}"
            );
        }
        assert_eq!(
            read_range("10-15", RangePick::Low, read),
            Some(Ok(dec!(10)))
        );
        assert_eq!(
            read_range("10-15", RangePick::High, read),
            Some(Ok(dec!(15)))
        );
        assert_eq!(
            read_range("15-10", RangePick::Mid, read),
            Some(Err((dec!(15), dec!(10))))
        );
        assert_eq!(read_range("-5", RangePick::Mid, read), None);
        assert_eq!(read_range("lots", RangePick::Mid, read), None);
        let rules = MoneyRules::default();
        assert_eq!(rules.money("$10,000-$15,000", false), Ok(dec!(12500)));
        assert_eq!(rules.number("10 to 15", false), Ok(dec!(12.5)));
        let converting = MoneyRules {
            rates: vec![(Currency::from_code("GBP").unwrap(), dec!(1.27))],
            ..MoneyRules::default()
        };
        assert_eq!(converting.money("£1,000", false), Ok(dec!(1270.00)));
        assert_eq!(
            converting.money("€1,000", false),
            Err(NumberError::NotANumber)
        );
    }

    #[test]
    fn words_people_type_for_not_known() {
        for m in [
            "TBC",
            "tba",
            "Unknown",
            "n.a.",
            "N/A",
            "na",
            "—",
            "–",
            "-",
            "?",
            "None given",
            " ",
        ] {
            assert!(is_missing(m), "{m:?}");
        }
        assert!(!is_missing("none"));
        for (text, answer) in [
            ("TRUE", true),
            ("False", false),
            ("✓", true),
            ("✗", false),
            ("Yes.", true),
            ("1", true),
            ("0", false),
        ] {
            assert_eq!(parse_yes_no(text), Some(answer), "{text:?}");
        }
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
        for n in ["-5", "+3.5", "1e3", "-2E-4", "0", "-0,50", "+12,5", "3,25"] {
            assert!(looks_numeric(n), "{n:?}");
        }
        for t in [
            "=1+1", "-x", "+", "@SUM(A1)", " -5", "1e", "-,5", "-1,", "-1,2,3", "-1,2.5",
        ] {
            assert!(!looks_numeric(t), "{t:?}");
        }
    }
}
