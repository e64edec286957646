//! Word wrapping measured in terminal columns, in one pass over the text.
//!
//! comfy-table can wrap cells itself, but it splits words inside and takes quadratic time in a
//! cell's length (a 1 MB program name took minutes). The table exporter wraps every cell here
//! first, so comfy-table only lays out lines that already fit. Lines break at white space only;
//! a single word wider than the space it has is the one thing ever cut, and it ends in `…`.

use crate::text::width;
use unicode_width::UnicodeWidthChar;

/// The mark that ends a word cut to fit.
pub const ELLIPSIS: char = '…';

/// `word` if it fits in `max` columns; otherwise its start and `…`, in at most `max` columns.
pub fn cut(word: &str, max: usize) -> String {
    if width(word) <= max {
        return word.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // Character widths may not add up to the string's width (emoji sequences); trust the
    // string's width, which is what comfy-table measures.
    while width(&out) > max - 1 {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

/// The words of `text` (split at any white space) filled greedily into lines of at most `max`
/// columns. Words wider than `max` are cut; nothing else is. Empty text gives no lines.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let word = cut(word, max);
        let w = width(&word);
        if !line.is_empty() && used + 1 + w > max {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        line.push_str(&word);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One line of notes made to fit `max` columns: it keeps its own leading spaces, and the
/// lines it wraps onto are indented two more. A line that fits is returned as it is.
pub fn wrap_note(line: &str, max: usize) -> Vec<String> {
    if width(line) <= max {
        return vec![line.to_owned()];
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let first = " ".repeat(indent);
    let rest = " ".repeat(indent + 2);
    // A page too narrow for the indent still gets a word per line.
    let room = |pad: &str| max.saturating_sub(pad.len()).max(1);
    let mut out = Vec::new();
    let mut current = first.clone();
    let mut used = 0;
    for word in line.split_whitespace() {
        let pad = if out.is_empty() { &first } else { &rest };
        let word = cut(word, room(pad));
        let w = width(&word);
        if used > 0 && pad.len() + used + 1 + w > max {
            out.push(std::mem::replace(&mut current, rest.clone()));
            used = 0;
        }
        if used > 0 {
            current.push(' ');
            used += 1;
        }
        current.push_str(&word);
        used += w;
    }
    if used > 0 {
        out.push(current);
    }
    out
}

/// `items` after `lead`, packed into lines of `max` columns with `sep` between them and the
/// lines after the first indented to line up under the first item. An item stays on one line;
/// one too wide for any line is wrapped at its spaces instead.
pub fn pack(lead: &str, items: impl Iterator<Item = String>, sep: &str, max: usize) -> Vec<String> {
    let indent = width(lead);
    let room = max.saturating_sub(indent).max(1);
    let gap = width(sep);
    let mut lines = Vec::new();
    let mut line = lead.to_owned();
    let mut used = 0;
    for item in items {
        let pieces = if width(&item) <= room {
            vec![item]
        } else {
            wrap(&item, room)
        };
        for piece in pieces {
            let w = width(&piece);
            if used > 0 && used + gap + w > room {
                lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
                used = 0;
            }
            if used > 0 {
                line.push_str(sep);
                used += gap;
            }
            line.push_str(&piece);
            used += w;
        }
    }
    lines.push(line);
    lines
}

/// The widest word of `text` in columns (0 for none).
pub fn longest_word(text: &str) -> usize {
    text.split_whitespace().map(width).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_spaces_and_only_long_words_are_cut() {
        assert_eq!(
            wrap("Riverside Health Professions Education MHPE", 20),
            ["Riverside Health", "Professions", "Education MHPE"]
        );
        assert_eq!(wrap("a Supercalifragilistic b", 8), ["a", "Superca…", "b"]);
        assert_eq!(wrap("  ", 8), Vec::<String>::new());
        assert_eq!(wrap("exactly", 7), ["exactly"]);
    }

    #[test]
    fn cutting_counts_columns_not_bytes() {
        assert_eq!(cut("東京大学医学部", 6), "東京…");
        assert_eq!(width(&cut("東京大学医学部", 6)), 5);
        assert_eq!(cut("Zürichsee", 5), "Züri…");
        assert_eq!(cut("abc", 0), "");
        assert_eq!(cut("abc", 1), "…");
    }

    #[test]
    fn notes_keep_their_indent_and_hang_the_rest() {
        let lines = wrap_note("    unfunded (warning): No funding at all for you", 24);
        assert_eq!(
            lines,
            [
                "    unfunded (warning):",
                "      No funding at all",
                "      for you"
            ]
        );
        assert!(lines.iter().all(|l| width(l) <= 24));
        assert_eq!(wrap_note("short", 24), ["short"]);
    }

    #[test]
    fn packed_items_stay_whole_unless_wider_than_a_line() {
        let items = ["[1] heavy-time-load", "[2] unfunded", "[3] high-cost"].map(String::from);
        assert_eq!(
            pack("Flags: ", items.into_iter(), "  ", 36),
            [
                "Flags: [1] heavy-time-load",
                "       [2] unfunded  [3] high-cost"
            ]
        );
        let long = ["a b c d e f g h i j k".to_owned()];
        assert_eq!(
            pack("W: ", long.into_iter(), " ", 10),
            ["W: a b c d", "   e f g h", "   i j k"]
        );
    }

    #[test]
    fn a_million_character_word_is_cut_in_one_pass() {
        let word = "x".repeat(1_000_000);
        assert_eq!(wrap(&word, 10), [format!("{}…", "x".repeat(9))]);
        let many = "ab ".repeat(300_000);
        let lines = wrap(&many, 20);
        assert!(lines.iter().all(|l| width(l) <= 20));
        assert_eq!(lines.len(), 300_000usize.div_ceil(7));
    }
}
