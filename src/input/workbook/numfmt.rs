//! The currency a cell's number format shows. Excel keeps `€24,500` typed into a cell as the
//! number 24500 with a currency number format, so a reader that only looks at the value
//! loses the currency. This module finds the symbol or code the format writes around the
//! number (`"£"#,##0`, `[$€-x-euro2] #,##0.00`, `#,##0.00\ "€"`, `[$CHF] #,##0`) and names it
//! with [`Currency::from_marker`], the same mapping every other cell goes through; the reader
//! then writes the marker into the cell's text ([`with_marker`]) so the pipeline's one
//! currency detection sees what the user sees.

use crate::values::Currency;

/// The currency a number format shows, if it shows exactly one that progrank knows.
///
/// `id` is the format's number: Excel's built-in currency formats 5–8 depend on the
/// reader's locale and are stored without their text. Excel spells out its locale's version
/// in the file; a file that names only the number comes from a library (openpyxl,
/// XlsxWriter) that means the en-US form, dollars, which is what this reads it as.
pub(super) fn currency_of_format(code: &str, id: Option<u32>) -> Option<Currency> {
    if matches!(id, Some(5..=8)) && code.trim().eq_ignore_ascii_case("General") {
        return Currency::from_marker("$");
    }
    let mut found: Option<Currency> = None;
    for literal in literals(first_section(code)) {
        let trimmed = literal.trim_matches(|c: char| c.is_whitespace() || "()-+".contains(c));
        if trimmed.is_empty() {
            continue;
        }
        if let Some(currency) = Currency::from_marker(trimmed) {
            match found {
                Some(other) if other != currency => return None,
                _ => found = Some(currency),
            }
        }
    }
    found
}

/// A number's text with the currency marker written before it (`€58000`, `CHF 58000`):
/// the form [`crate::values::split_currency`] reads back.
pub(super) fn with_marker(currency: Currency, number: &str) -> String {
    format!("{}{number}", currency.symbol)
}

/// Whether a number format shows the number as a percentage (`0%`, `0.00%`, Excel's
/// built-in formats 9 and 10): `50%` typed into a cell is stored as 0.5, and read as the
/// number alone it would be half a dollar in a money column.
pub(super) fn is_percent_format(code: &str, id: Option<u32>) -> bool {
    if matches!(id, Some(9 | 10)) {
        return true;
    }
    literal_chars(first_section(code)).any(|(_, c)| c == '%')
}

/// A stored number's text as the percentage its cell shows (`0.5` is `50%`, `0.125` is
/// `12.5%`): the form a reader sees typed into a CSV. `None` when the text is not a number
/// or too large to scale.
pub(super) fn as_percent(number: &str) -> Option<String> {
    let value = crate::values::parse_decimal(number).ok()?;
    let percent = value.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?;
    Some(format!("{}%", percent.normalize()))
}

/// The part of a format for positive numbers: the text before the first `;` that is not
/// inside quotes or brackets, or after a backslash.
fn first_section(code: &str) -> &str {
    match literal_chars(code).find(|&(_, c)| c == ';') {
        Some((at, _)) => &code[..at],
        None => code,
    }
}

/// The characters of a format code that are the code's own (with their offsets): not inside
/// quotes or brackets (`"50%"`, `[Red]`), not a quote or bracket itself, not a backslash
/// nor the character it escapes.
fn literal_chars(code: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    code.char_indices().filter(move |&(_, c)| {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ => return !quoted && !bracket,
        }
        false
    })
}

/// The runs of literal text a format section prints around the number: quoted text, `\`
/// escapes, the `$` of `[$€-407]` locale tags and bare currency symbols (`$`, `€`, and any
/// other non-ASCII character), joined while they touch (`\ "€"` is one run, ` €`).
/// Placeholders, `_x` spacers, `*x` fills and other `[...]` tags end a run.
fn literals(section: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    let mut chars = section.chars();
    let end = |run: &mut String, runs: &mut Vec<String>| {
        if !run.is_empty() {
            runs.push(std::mem::take(run));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    run.push(q);
                }
            }
            '\\' => run.extend(chars.next()),
            '_' | '*' => {
                chars.next();
                end(&mut run, &mut runs);
            }
            '[' => {
                end(&mut run, &mut runs);
                let tag: String = chars.by_ref().take_while(|&t| t != ']').collect();
                if let Some(locale) = tag.strip_prefix('$') {
                    // `[$€-407]`: the text before the locale's `-` is what is shown.
                    let shown = locale.split('-').next().unwrap_or_default();
                    if !shown.is_empty() {
                        runs.push(shown.to_owned());
                    }
                }
            }
            '$' => run.push(c),
            ' ' => run.push(c),
            c if !c.is_ascii() => run.push(c),
            _ => end(&mut run, &mut runs),
        }
    }
    end(&mut run, &mut runs);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(format: &str) -> Option<&'static str> {
        currency_of_format(format, Some(164)).map(|c| c.code)
    }

    #[test]
    fn the_symbols_and_codes_excel_writes_are_found() {
        assert_eq!(code("\"£\"#,##0"), Some("GBP"));
        assert_eq!(code("#,##0.00\" €\""), Some("EUR"));
        assert_eq!(code("#,##0.00\\ \"€\""), Some("EUR"));
        assert_eq!(code("[$€-x-euro2] #,##0.00"), Some("EUR"));
        assert_eq!(
            code("[$€-407]#,##0.00;[Red]\\-[$€-407]#,##0.00"),
            Some("EUR")
        );
        assert_eq!(code("[$CHF] #,##0"), Some("CHF"));
        assert_eq!(code("\"CHF\"\\ #,##0"), Some("CHF"));
        assert_eq!(code("$#,##0.00"), Some("USD"));
        assert_eq!(code("\"$\"#,##0_);\\(\"$\"#,##0\\)"), Some("USD"));
        assert_eq!(
            code("_-\"£\"* #,##0.00_-;\\-\"£\"* #,##0.00_-"),
            Some("GBP")
        );
        assert_eq!(
            code("_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)"),
            Some("USD")
        );
        assert_eq!(code("[$USD] #,##0"), Some("USD"));
        assert_eq!(code("€#,##0"), Some("EUR"));
    }

    #[test]
    fn percent_formats_are_told_and_shown_as_typed() {
        for (code, id) in [
            ("0%", None),
            ("0.00%", None),
            ("General", Some(9)),
            ("0.0%;-0.0%", None),
        ] {
            assert!(is_percent_format(code, id), "{code}");
        }
        for (code, id) in [
            ("0", None),
            ("#,##0", Some(3)),
            ("0\"%\"", None),
            ("0\\%", None),
            ("General", None),
        ] {
            assert!(!is_percent_format(code, id), "{code}");
        }
        assert_eq!(as_percent("0.5").as_deref(), Some("50%"));
        assert_eq!(as_percent("0.125").as_deref(), Some("12.5%"));
        assert_eq!(as_percent("1").as_deref(), Some("100%"));
        assert_eq!(as_percent("x"), None);
    }

    #[test]
    fn formats_without_a_currency_have_none() {
        for format in [
            "General",
            "0",
            "0.00",
            "#,##0",
            "0%",
            "yyyy-mm-dd",
            "[$-409]mmmm\\ d\\,\\ yyyy",
            "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy",
            "#,##0\" per year\"",
            "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
            "[Red]#,##0",
            "\"£\"#,##0 \"€\"",
        ] {
            assert_eq!(code(format), None, "{format}");
        }
    }

    #[test]
    fn the_locale_built_ins_are_dollars_only_when_the_file_gives_no_text() {
        assert_eq!(
            currency_of_format("General", Some(5)).map(|c| c.code),
            Some("USD")
        );
        assert_eq!(currency_of_format("General", Some(0)), None);
        assert_eq!(
            currency_of_format("\"£\"#,##0;\\-\"£\"#,##0", Some(5)).map(|c| c.code),
            Some("GBP")
        );
    }

    #[test]
    fn the_marked_text_reads_back_as_the_same_amount() {
        for (currency, number) in [("€", "58000"), ("£", "24500.5"), ("CHF", "-120.25")] {
            let currency = Currency::from_marker(currency).unwrap();
            let text = with_marker(currency, number);
            let amount = crate::values::parse_amount(&text, false).unwrap();
            assert_eq!(amount.currency, Some(currency), "{text}");
            assert_eq!(amount.value.to_string(), number, "{text}");
        }
    }
}
