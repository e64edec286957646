//! Small text helpers shared by input matching and every output format.
//!
//! Spreadsheet headers are typed by people: `Faculty Quality`, `faculty-quality` and
//! ` faculty_quality ` all mean the same column. Cells can also carry control characters
//! or terminal escape sequences that must never reach a terminal as such.

/// Reduces a header (or a criterion id, alias or flag operand) to the form used for matching:
/// lower case, surrounding white space (including non-breaking spaces) removed, and `_`, `-`
/// and spaces dropped.
pub fn match_key(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, '_' | '-') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Replaces control characters (C0, DEL, C1) and Unicode bidi overrides with visible escapes
/// such as `\u{1b}`, so that a hostile cell cannot move the cursor or recolour a terminal.
/// The text is shown on one line: a line break typed inside a cell (Alt+Enter in Excel,
/// `\n`, `\r\n` or `\r`) reads as one space, as the spreadsheet shows the cell when it is
/// not wrapped, so `Alpha` + Alt+Enter + `MHPE` is `Alpha MHPE`.
pub fn escape_controls(value: &str) -> String {
    escape(value, true)
}

/// [`escape_controls`] without a copy when there is nothing to escape (most texts): for a
/// writer that prints many texts, such as the HTML report's escaper.
pub fn escape_controls_cow(value: &str) -> std::borrow::Cow<'_, str> {
    if value.chars().any(needs_escape) {
        std::borrow::Cow::Owned(escape(value, true))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// The one sanitiser behind [`escape_controls`] and [`escape_lines`]: every character of
/// [`needs_escape`] written as `\u{..}`, except line breaks when `breaks_as_spaces`.
fn escape(value: &str, breaks_as_spaces: bool) -> String {
    if !value.chars().any(needs_escape) {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if breaks_as_spaces && matches!(c, '\n' | '\r') {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push(' ');
        } else if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// [`escape_controls`] line by line, for a message of several lines written to a terminal:
/// its line breaks are kept, every other control character (a lone `\r` too) is escaped.
pub fn escape_lines(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    join(text.split('\n').map(|line| escape(line, false)), "\n")
}

/// `one` after a count of exactly 1, else `many`: `1 program`, `2 programs`, `0 programs`.
/// The one choice of singular or plural for counts in progrank's messages.
pub fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// One word for a POSIX shell, for a command progrank suggests: as is when it holds only
/// safe characters, else in single quotes (a `'` inside written as `'\\''`). The one shell
/// quoting of progrank (init's next command, the report's and the comparison's command
/// lines, explain's example).
pub fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "._/-=:,+@%".contains(ch));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A count with its thousands grouped by commas: `900000` is `900,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Turns a criterion id such as `schedule_flexibility` into a label, `Schedule flexibility`.
pub fn label_from_id(id: &str) -> String {
    let spaced = id.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Joins items as `a, b and c` style lists with a plain comma separator.
pub fn join<I, S>(items: I, sep: &str) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
    out
}

/// `items` as a sentence's list: `a`, `a and b`, `a, b and c`; past `shown` items, the first
/// `shown` then `and N {more}` (`a, b, c and 4 more criteria`).
pub fn and_list<S: AsRef<str>>(items: &[S], shown: usize, more: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        _ if items.len() > shown => format!(
            "{} and {} {more}",
            join(&items[..shown], ", "),
            thousands(items.len() - shown)
        ),
        [rest @ .., last] => format!("{} and {}", join(rest, ", "), last.as_ref()),
    }
}

/// The columns `text` takes on a terminal: a CJK character or an emoji counts two, a
/// combining accent or a zero-width character none (the measure the table uses too). Text
/// aligned in columns is measured with this, never by counting characters.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Pads `text` on the right with spaces to `width` terminal columns (never truncates).
pub fn pad(text: &str, width: usize) -> String {
    let len = self::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// Pads `text` on the left with spaces to `width` terminal columns (never truncates).
pub fn lpad(text: &str, width: usize) -> String {
    let len = self::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(len)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn padding_counts_characters_not_bytes() {
        assert_eq!(super::pad("é", 3), "é  ");
        assert_eq!(super::lpad("7", 3), "  7");
        assert_eq!(super::pad("long", 2), "long");
    }

    #[test]
    fn padding_counts_terminal_columns() {
        // Two columns per CJK character; none for a combining accent.
        assert_eq!(super::pad("東京", 6), "東京  ");
        assert_eq!(super::lpad("東京", 6), "  東京");
        assert_eq!(super::pad("e\u{301}", 3), "e\u{301}  ");
        assert_eq!(super::width("教員の質 (faculty)"), 18);
    }

    use super::*;

    #[test]
    fn lists_read_as_a_sentence_and_long_ones_are_cut() {
        let items = ["a", "b", "c", "d", "e"];
        assert_eq!(and_list::<&str>(&[], 3, "more"), "");
        assert_eq!(and_list(&items[..1], 3, "more"), "a");
        assert_eq!(and_list(&items[..2], 3, "more"), "a and b");
        assert_eq!(and_list(&items[..3], 3, "more"), "a, b and c");
        assert_eq!(and_list(&items, 3, "more"), "a, b, c and 2 more");
        assert_eq!(
            and_list(&items, 2, "more criteria"),
            "a, b and 3 more criteria"
        );
    }

    #[test]
    fn the_borrowing_escape_is_the_escape() {
        for text in [
            "plain",
            "",
            "tab\there",
            "a\r\nb",
            "\u{1b}[31m",
            "Bidi \u{202e}x",
            "é東京",
        ] {
            assert_eq!(escape_controls_cow(text), escape_controls(text), "{text:?}");
        }
        assert!(matches!(
            escape_controls_cow("plain é"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn match_key_ignores_case_spacing_and_separators() {
        assert_eq!(match_key(" Faculty Quality "), "facultyquality");
        assert_eq!(match_key("faculty-quality"), "facultyquality");
        assert_eq!(match_key("FACULTY_QUALITY\u{a0}"), "facultyquality");
        assert_ne!(match_key("faculty"), match_key("faculty_quality"));
    }

    #[test]
    fn escape_controls_makes_escapes_visible() {
        assert_eq!(escape_controls("plain"), "plain");
        assert_eq!(escape_controls("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape_controls("Zürich 東京"), "Zürich 東京");
    }

    #[test]
    fn escape_controls_shows_a_line_break_in_a_cell_as_a_space() {
        // Alt+Enter in Excel; a CSV cell written on Windows; an old Mac's lone CR.
        assert_eq!(escape_controls("two\nlines"), "two lines");
        assert_eq!(escape_controls("Alpha\r\nMHPE"), "Alpha MHPE");
        assert_eq!(escape_controls("Alpha\rMHPE"), "Alpha MHPE");
        assert_eq!(escape_controls("a\n\nb"), "a  b");
        // Every other control character is still escaped, next to a line break too.
        assert_eq!(escape_controls("a\n\u{1b}[2Ab"), "a \\u{1b}[2Ab");
        assert_eq!(
            escape_controls("a\u{b}b\u{c}c\u{85}"),
            "a\\u{b}b\\u{c}c\\u{85}"
        );
    }

    #[test]
    fn escape_lines_keeps_line_breaks_only() {
        assert_eq!(escape_lines("a\nb"), "a\nb");
        assert_eq!(
            escape_lines("a\u{1b}]8;;x\u{7}\nb\r"),
            "a\\u{1b}]8;;x\\u{7}\nb\\u{d}"
        );
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("a/b.csv"), "a/b.csv");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(
            shell_word("My Shortlist (2026).csv"),
            "'My Shortlist (2026).csv'"
        );
        assert_eq!(shell_word("$40k"), "'$40k'");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(900_000), "900,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn label_from_id_capitalises_first_word() {
        assert_eq!(
            label_from_id("schedule_flexibility"),
            "Schedule flexibility"
        );
        assert_eq!(label_from_id("location"), "Location");
        assert_eq!(label_from_id(""), "");
    }
}
