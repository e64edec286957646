//! Header matching as people write headers: which column of the sheet holds the program
//! name, each criterion and each fact column (tuition, hours, delivery…).
//!
//! A person's header carries units, scales and their own words: `Faculty Quality (1-5)`,
//! `Tuition ($)`, `Hours/week`, `Online?`. A header is first compared with a column's id and
//! aliases ignoring case, spaces, `_` and `-` (an exact match, said nothing about); failing
//! that, both sides are normalised ([`header_key`]: accents, punctuation, a trailing `?` and a
//! trailing unit or scale in brackets dropped, `/` read as `per`) and the match is reported
//! as a note, so nothing is guessed silently. A header with a money unit (`($)`, `(GBP)`)
//! only ever matches a money column, so `Funding ($)` is the amount and never the 1–5
//! funding rating.
//!
//! [`HeaderMap`] is the one implementation: the dataset, the cost columns and the red-flag
//! rules all ask it where a column is, so they can never disagree.

use crate::config::{Config, NAME_COLUMNS};
use crate::text::match_key;

/// The fact columns that hold money, by id: their cells are read as amounts in the file's
/// currency, and a header with a currency unit in brackets can match only them.
pub const MONEY_COLUMNS: &[&str] = &["tuition_usd", "funding_usd"];

/// The fact columns kept as text for people to read, which no rule reads (`Notes`): a
/// second header that names one differently (`Comments` beside `Notes`) is a column of its
/// own, passed through, not two headers for one column.
pub const TEXT_COLUMNS: &[&str] = &["notes"];

/// What kind of column a wanted id is, which decides which headers may match it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Criterion,
    Money,
    Fact,
}

/// One column the run looks for: its id, every name it may go by, and its kind.
#[derive(Debug, Clone)]
struct Wanted {
    id: String,
    names: Vec<String>,
    kind: Kind,
}

/// How a header came to be read as a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// The header's index.
    pub column: usize,
    /// The column's id (`tuition_usd`), or `the program name`.
    pub id: String,
    /// True when the header is the id itself (case, spaces, `_` and `-` aside).
    pub exact: bool,
}

/// Two headers that both match one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The column both match.
    pub id: String,
    /// The first header's index.
    pub first: usize,
    /// The second header's index.
    pub second: usize,
}

/// Where every wanted column is in one header row, found once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMap {
    /// The program-name column.
    pub name: Option<usize>,
    /// Each criterion's column, in config order.
    pub criteria: Vec<Option<usize>>,
    /// Each fact column of the config's `[columns]`, by id, in file order of the config.
    pub facts: Vec<(String, Option<usize>)>,
    /// Every match made, in header order.
    pub matched: Vec<Matched>,
    /// Columns matched by two headers.
    pub clashes: Vec<Clash>,
    /// The normalised form of each header, for suggestions.
    keys: Vec<String>,
    /// The exact form of each header.
    exact_keys: Vec<String>,
    /// Headers that name a fact column but whose unit says another measure
    /// (`Duration (months)`, `Tuition (per year)`): not read as it, with the measure it needs.
    other_unit: Vec<(usize, String, &'static str)>,
}

/// Folds a letter with an accent to its plain form (`é` → `e`, `ß` → `ss`), and curly quotes
/// and dashes to their straight forms; other characters are returned as they are.
pub fn fold_char(c: char, out: &mut String) {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'ď' | 'đ' => 'd',
        'Ď' | 'Đ' => 'D',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => 'I',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'Ł' | 'Ľ' | 'Ĺ' => 'L',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ŕ' | 'ř' => 'r',
        'Ŕ' | 'Ř' => 'R',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
        'ť' | 'ţ' | 'ț' => 't',
        'Ť' | 'Ţ' | 'Ț' => 'T',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' | 'Ÿ' => 'Y',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        '“' | '”' | '„' | '‟' | '″' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{a0}' | '\u{202f}' | '\u{2007}' => ' ',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'æ' => {
            out.push_str("ae");
            return;
        }
        'Æ' => {
            out.push_str("AE");
            return;
        }
        'œ' => {
            out.push_str("oe");
            return;
        }
        'Œ' => {
            out.push_str("OE");
            return;
        }
        other => other,
    };
    out.push(plain);
}

/// `text` with accents, curly quotes and dashes folded by [`fold_char`].
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Splits a trailing bracketed part off a header: `Tuition ($)` → (`Tuition`, `Some("$")`).
fn split_unit(text: &str) -> (&str, Option<&str>) {
    let t = text.trim_end();
    for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
        if let Some(body) = t.strip_suffix(close)
            && let Some(at) = body.rfind(open)
            && !body[..at].trim().is_empty()
        {
            return (
                body[..at].trim_end(),
                Some(body[at + open.len_utf8()..].trim()),
            );
        }
    }
    (t, None)
}

/// The period a header's unit in brackets names (`(months)`, `($/yr)`, `(per week)`,
/// `(total)`), if any: `year`, `month`, `week`, `day`, `term` or `total`.
fn unit_period(unit: &str) -> Option<&'static str> {
    unit.split(|c: char| !c.is_alphanumeric())
        .find_map(|word| match word.to_lowercase().as_str() {
            "year" | "years" | "yr" | "yrs" | "annual" | "annually" | "yearly" | "pa" => {
                Some("year")
            }
            "month" | "months" | "mo" | "mos" | "mth" | "mths" | "monthly" => Some("month"),
            "week" | "weeks" | "wk" | "wks" | "weekly" => Some("week"),
            "day" | "days" | "daily" => Some("day"),
            "semester" | "semesters" | "term" | "terms" | "quarter" | "quarters" | "module"
            | "modules" | "credit" | "credits" => Some("term"),
            "total" | "overall" | "whole" => Some("total"),
            _ => None,
        })
}

/// How fact column `id` is measured, when a header's unit can contradict it, with the
/// periods a unit may name for it: a length in years, hours a week, a total amount.
fn measured_in(id: &str) -> Option<(&'static str, &'static [&'static str])> {
    match id {
        "duration_years" => Some(("years", &["year"])),
        "hours_per_week" => Some(("hours a week", &["week"])),
        "tuition_usd" | "funding_usd" => Some(("the total for the whole program", &["total"])),
        _ => None,
    }
}

/// True when a header's unit names a currency: `$`, `USD`, `£`, `in EUR`, `US$ total`.
pub fn is_money_unit(unit: &str) -> bool {
    unit.split(|c: char| c.is_whitespace() || c == '/' || c == ',')
        .any(|word| crate::values::Currency::from_marker(word).is_some())
}

/// The form a header is compared in when it is not an exact match: accents folded, lower
/// case, a trailing `?`, `:` or `*` and a trailing unit or scale in brackets dropped, `/`
/// read as `per`, and every character but letters and digits removed.
/// `Hours/week` and `hours per week` both become `hoursperweek`; `Faculty Quality (1-5)`
/// becomes `facultyquality`.
pub fn header_key(header: &str) -> String {
    let folded = fold(header);
    let mut text = folded.trim();
    loop {
        let before = text;
        text = text.trim_end_matches(['?', ':', '*', ' ', '.']);
        text = split_unit(text).0;
        if text == before {
            break;
        }
    }
    let spaced = text.replace('/', " per ").replace('&', " and ");
    spaced
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The form a header is compared in with the criteria when no other form matched: the
/// [`header_key`] of the header without a trailing scale (`1-5`, `/5`, `out of 5`) or a
/// trailing `rating` or `score`, so `Brand name ratings`, `Faculty quality score` and
/// `Faculty quality 1-5` read as their criterion. Only criteria are compared in this form:
/// `Program rating` is no program name.
pub fn rating_key(header: &str) -> String {
    let folded = fold(header).to_lowercase();
    let mut text = folded.as_str();
    loop {
        let before = text;
        text = text.trim_end_matches(['?', ':', '*', ' ', '.', ',', '-', '=', '★', '☆']);
        text = split_unit(text).0;
        let digit = |c: char| c.is_ascii_digit();
        let number = text.trim_end_matches(digit);
        if number.len() < text.len() {
            let rest = number.trim_end();
            if let Some(scale) = rest
                .strip_suffix('/')
                .or_else(|| rest.strip_suffix("out of"))
            {
                text = scale;
            } else if let Some(low) = rest.strip_suffix('-').map(str::trim_end)
                && low.ends_with(digit)
            {
                text = low.trim_end_matches(digit);
            }
        }
        for word in ["ratings", "rating", "rated", "scores", "score"] {
            if let Some(rest) = text.strip_suffix(word)
                && rest.ends_with([' ', '-', '_'])
            {
                text = rest;
                break;
            }
        }
        if text.trim().is_empty() {
            text = before;
        }
        if text == before {
            break;
        }
    }
    header_key(text)
}

/// The top of the rating scale a header names at its end, in brackets or not: `Faculty
/// quality (1-10)`, `Brand 1 to 10`, `Funding /10`, `Flexibility (out of 10)` give 10. A
/// unit that is more than a scale (`(1 = poor, 5 = best)`), or a span not from 0 or 1
/// (`(2023-2024)`), gives `None`.
pub fn header_scale_top(header: &str) -> Option<u32> {
    let folded = fold(header).to_lowercase();
    let text = folded.trim().trim_end_matches(['?', ':', '*', ' ', '.']);
    let scale = match split_unit(text) {
        (_, Some(unit)) => unit.trim(),
        (_, None) => text,
    };
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let digits = scale.trim_end_matches(|c: char| c.is_ascii_digit());
    let top = number(&scale[digits.len()..])?;
    let before = digits.trim_end();
    let whole = |rest: &str| rest.trim().is_empty() || rest.ends_with(' ');
    if let Some(rest) = before.strip_suffix('/') {
        return whole(rest).then_some(top);
    }
    if let Some(rest) = before.strip_suffix("out of") {
        return whole(rest).then_some(top);
    }
    let low = before
        .strip_suffix('-')
        .or_else(|| before.strip_suffix(" to"))?
        .trim_end();
    let rest = low.trim_end_matches(|c: char| c.is_ascii_digit());
    // A scale starts at 0 or 1: `(2023-2024)` is a span of years.
    let from = number(&low[rest.len()..])?;
    (from <= 1 && whole(rest)).then_some(top)
}

/// The trailing unit of a header, if it has one (`Tuition ($)` → `$`).
pub fn header_unit(header: &str) -> Option<String> {
    let folded = fold(header);
    let text = folded.trim().trim_end_matches(['?', ':', '*', ' ', '.']);
    split_unit(text).1.map(str::to_owned)
}

impl HeaderMap {
    /// Finds the name column, every criterion and every fact column of `config` among
    /// `headers`: exact matches first, then normalised ones, each header read as one column
    /// at most (the name first, then criteria in config order, then facts).
    pub fn new(headers: &[String], config: &Config) -> HeaderMap {
        let mut wanted: Vec<Wanted> = Vec::with_capacity(config.criteria.len() + 16);
        let mut name_names: Vec<String> = NAME_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
        if let Some((_, aliases)) = config.columns.iter().find(|(id, _)| id == "program") {
            name_names.extend(aliases.iter().cloned());
        }
        wanted.push(Wanted {
            id: "program".into(),
            names: name_names,
            kind: Kind::Name,
        });
        for c in &config.criteria {
            wanted.push(Wanted {
                id: c.id.clone(),
                names: c.names().map(str::to_owned).collect(),
                kind: Kind::Criterion,
            });
        }
        for (id, aliases) in &config.columns {
            if id == "program" || config.criteria.iter().any(|c| c.id == *id) {
                continue;
            }
            let mut names = vec![id.clone()];
            names.extend(aliases.iter().cloned());
            wanted.push(Wanted {
                id: id.clone(),
                names,
                kind: if MONEY_COLUMNS.contains(&id.as_str()) {
                    Kind::Money
                } else {
                    Kind::Fact
                },
            });
        }
        let exact_keys: Vec<String> = headers.iter().map(|h| match_key(h)).collect();
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let rating_keys: Vec<String> = headers.iter().map(|h| rating_key(h)).collect();
        let units: Vec<Option<String>> = headers.iter().map(|h| header_unit(h)).collect();
        let periods: Vec<Option<&str>> = units
            .iter()
            .map(|u| u.as_deref().and_then(unit_period))
            .collect();
        let mut other_unit = Vec::new();
        let money: Vec<bool> = units
            .iter()
            .map(|u| u.as_deref().is_some_and(is_money_unit))
            .collect();
        let mut claimed = vec![false; headers.len()];
        let mut found: Vec<Option<(usize, u8)>> = vec![None; wanted.len()];
        let mut matched = Vec::new();
        let mut clashes = Vec::new();
        // Four passes, strongest first, each over every column, so a weaker match never
        // takes a header another column names more exactly: 0 the id itself, 1 an alias
        // (case, spaces, `_` and `-` aside), 2 the normalised forms, 3 for criteria only,
        // the header without a trailing scale or `rating` ([`rating_key`]). Two headers for
        // one column clash, whatever the passes that found them.
        for level in 0..4u8 {
            for (w, want) in wanted.iter().enumerate() {
                if level == 3 && want.kind != Kind::Criterion {
                    continue;
                }
                let names: Vec<String> = match level {
                    0 => vec![match_key(&want.id)],
                    1 => want.names.iter().map(|n| match_key(n)).collect(),
                    _ => want.names.iter().map(|n| header_key(n)).collect(),
                };
                // `Tuition ($)` is tuition_usd: a money header matches the id's stem.
                let stem = (want.kind == Kind::Money)
                    .then(|| header_key(want.id.trim_end_matches("_usd")));
                let fits = |h: usize| match level {
                    0 | 1 => names.contains(&exact_keys[h]),
                    2 => {
                        !keys[h].is_empty()
                            && (want.kind == Kind::Money || !money[h])
                            && (names.contains(&keys[h])
                                || (money[h] && stem.as_ref() == Some(&keys[h])))
                    }
                    _ => !rating_keys[h].is_empty() && !money[h] && names.contains(&rating_keys[h]),
                };
                for h in 0..headers.len() {
                    if claimed[h] || !fits(h) {
                        continue;
                    }
                    // Only the normalised form drops a unit: one that says another measure
                    // than the column's (months for a length in years) is no match.
                    if level == 2
                        && let (Some(period), Some((measure, fits))) =
                            (periods[h], measured_in(&want.id))
                        && !fits.contains(&period)
                    {
                        if !other_unit.iter().any(|(o, _, _)| *o == h) {
                            other_unit.push((h, want.id.clone(), measure));
                        }
                        continue;
                    }
                    if let Some((first, _)) = found[w]
                        && TEXT_COLUMNS.contains(&want.id.as_str())
                        && exact_keys[first] != exact_keys[h]
                    {
                        continue;
                    }
                    claimed[h] = true;
                    match found[w] {
                        Some((first, _)) => clashes.push(Clash {
                            id: describe(&want.id, want.kind),
                            first,
                            second: h,
                        }),
                        None => {
                            found[w] = Some((h, level));
                            matched.push(Matched {
                                column: h,
                                id: want.id.clone(),
                                exact: level == 0
                                    || (want.kind == Kind::Name
                                        && NAME_COLUMNS
                                            .iter()
                                            .any(|n| match_key(n) == exact_keys[h])),
                            });
                        }
                    }
                }
            }
        }
        let found: Vec<Option<usize>> = found.iter().map(|f| f.map(|(h, _)| h)).collect();
        matched.sort_by_key(|m| m.column);
        let criteria_end = 1 + config.criteria.len();
        HeaderMap {
            name: found[0],
            criteria: found[1..criteria_end].to_vec(),
            facts: wanted[criteria_end..]
                .iter()
                .zip(&found[criteria_end..])
                .map(|(w, f)| (w.id.clone(), *f))
                .collect(),
            matched,
            clashes,
            keys,
            exact_keys,
            other_unit,
        }
    }

    /// The normalised form of header `column` ([`header_key`]).
    pub fn key(&self, column: usize) -> &str {
        self.keys.get(column).map_or("", String::as_str)
    }

    /// The column a name reads (a flag rule's operand, a fact id such as `tuition_usd`): a
    /// fact or criterion by its id or alias, else the header with that name, exact or
    /// normalised.
    pub fn column(&self, config: &Config, name: &str) -> Option<usize> {
        let exact = match_key(name);
        if let Some((_, column)) = self.facts.iter().find(|(id, _)| match_key(id) == exact) {
            return *column;
        }
        if let Some(i) = config
            .criteria
            .iter()
            .position(|c| c.names().any(|n| match_key(n) == exact))
        {
            return self.criteria[i];
        }
        if NAME_COLUMNS.iter().any(|n| match_key(n) == exact) {
            return self.name;
        }
        if let Some(h) = self.exact_keys.iter().position(|k| *k == exact) {
            return Some(h);
        }
        let loose = header_key(name);
        let claimed = |h: usize| self.matched.iter().any(|m| m.column == h);
        (!loose.is_empty())
            .then(|| (0..self.keys.len()).find(|&h| !claimed(h) && self.keys[h] == loose))
            .flatten()
    }

    /// One note per header read as a column it does not name exactly:
    /// `reading "Tuition ($)" as tuition_usd`.
    /// And one per header not read as the column it names because its unit says another
    /// measure: `not reading "Duration (months)" as duration_years, which holds years; …`.
    pub fn notes(&self, headers: &[String]) -> Vec<String> {
        let mut notes: Vec<String> = self
            .matched
            .iter()
            .filter(|m| !m.exact)
            .map(|m| {
                let what = if m.id == "program" {
                    "the program name".to_owned()
                } else {
                    m.id.clone()
                };
                format!(
                    "reading \"{}\" as {what}",
                    crate::text::escape_controls(&headers[m.column])
                )
            })
            .collect();
        notes.extend(self.other_unit_notes(headers));
        notes
    }

    /// The notes of [`HeaderMap::notes`] on headers not read as the column they name because
    /// their unit says another measure (for an error that needs that column).
    pub fn other_unit_notes(&self, headers: &[String]) -> Vec<String> {
        self.other_unit
            .iter()
            .filter(|(h, _, _)| !self.matched.iter().any(|m| m.column == *h))
            .map(|(h, id, measure)| {
                format!(
                    "not reading \"{}\" as {id}, which holds {measure}: its unit says otherwise; \
                     to use it, give the values as {measure} under a header such as {id}",
                    crate::text::escape_controls(&headers[*h])
                )
            })
            .collect()
    }

    /// The header not read as any column that looks most like one of `names`, if any looks
    /// close enough (edit distance over the normalised forms).
    pub fn closest_unclaimed(&self, headers: &[String], names: &[&str]) -> Option<usize> {
        let claimed = |h: usize| self.matched.iter().any(|m| m.column == h);
        let mut best: Option<(f64, usize)> = None;
        for h in 0..headers.len() {
            // A header of more than 64 letters is no typo of a column name, and comparing
            // it would cost time quadratic in its length.
            if claimed(h) || self.keys[h].is_empty() || self.keys[h].len() > 64 {
                continue;
            }
            for name in names {
                let key = header_key(name);
                let similarity = strsim::normalized_levenshtein(&self.keys[h], &key);
                let contains = key.len() >= 4
                    && self.keys[h].len() >= 4
                    && (self.keys[h].contains(&key) || key.contains(&self.keys[h]));
                let score = if contains {
                    similarity.max(0.75)
                } else {
                    similarity
                };
                if score >= 0.6 && best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, h));
                }
            }
        }
        best.map(|(_, h)| h)
    }
}

fn describe(id: &str, kind: Kind) -> String {
    match kind {
        Kind::Name => "the program name".into(),
        Kind::Criterion => format!("the criterion {id}"),
        Kind::Money | Kind::Fact => format!("the column {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn header_keys_drop_units_marks_and_punctuation() {
        assert_eq!(header_key("Faculty Quality (1-5)"), "facultyquality");
        assert_eq!(header_key("Tuition ($)"), "tuition");
        assert_eq!(header_key("Hours/week"), "hoursperweek");
        assert_eq!(header_key("hours per week"), "hoursperweek");
        assert_eq!(header_key("Online?"), "online");
        assert_eq!(header_key("Weekly hours [h/week]"), "weeklyhours");
        assert_eq!(header_key("Programme"), "programme");
        assert_eq!(header_key("Durée (années)"), "duree");
        assert_eq!(header_unit("Tuition ($)").as_deref(), Some("$"));
        assert_eq!(header_unit("Tuition").as_deref(), None);
        assert!(is_money_unit("USD"));
        assert!(is_money_unit("£"));
        assert!(!is_money_unit("1-5"));
    }

    #[test]
    fn person_written_headers_find_their_columns() {
        let config = Config::default();
        let h = headers(&[
            "Program Name",
            "Faculty Quality (1-5)",
            "Scholarship support",
            "Funding",
            "Schedule flexibility",
            "Brand name",
            "Tuition ($)",
            "Funding ($)",
            "Hrs/wk",
            "Years",
            "Online?",
        ]);
        let map = HeaderMap::new(&h, &config);
        assert_eq!(map.name, Some(0));
        assert_eq!(
            map.criteria,
            vec![Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
        assert_eq!(map.column(&config, "tuition_usd"), Some(6));
        assert_eq!(map.column(&config, "funding_usd"), Some(7));
        assert_eq!(map.column(&config, "hours_per_week"), Some(8));
        assert_eq!(map.column(&config, "duration_years"), Some(9));
        assert_eq!(map.column(&config, "delivery"), Some(10));
        let notes = map.notes(&h);
        assert!(
            notes.contains(&"reading \"Tuition ($)\" as tuition_usd".to_owned()),
            "{notes:?}"
        );
        assert!(notes.contains(&"reading \"Faculty Quality (1-5)\" as faculty_quality".to_owned()));
        assert!(
            !notes.iter().any(|n| n.contains("\"Funding\"")),
            "{notes:?}"
        );
    }

    #[test]
    fn a_money_unit_never_reads_as_a_rating() {
        let config = Config::default();
        let h = headers(&["Program", "Funding ($)"]);
        let map = HeaderMap::new(&h, &config);
        assert_eq!(map.criteria[2], None);
        assert_eq!(map.column(&config, "funding_usd"), Some(1));
    }

    #[test]
    fn two_headers_for_one_column_clash() {
        let config = Config::default();
        let h = headers(&["Program", "Tuition", "Tuition (USD)"]);
        let map = HeaderMap::new(&h, &config);
        assert_eq!(map.clashes.len(), 1, "{:?}", map.clashes);
        assert_eq!(map.clashes[0].first, 1);
        assert_eq!(map.clashes[0].second, 2);
    }

    #[test]
    fn a_notes_and_a_comments_column_are_two_columns() {
        let config = Config::default();
        let h = headers(&["Program", "Notes", "Comments", "Remarks"]);
        let map = HeaderMap::new(&h, &config);
        assert!(map.clashes.is_empty(), "{:?}", map.clashes);
        assert_eq!(map.column(&config, "notes"), Some(1));
        // One name twice is still two headers for one column.
        let h = headers(&["Program", "Notes", "notes "]);
        assert_eq!(HeaderMap::new(&h, &config).clashes.len(), 1);
    }

    #[test]
    fn a_trailing_rating_word_or_scale_is_dropped_for_criteria_only() {
        for (header, key) in [
            ("Brand name ratings", "brandname"),
            ("Faculty quality rating", "facultyquality"),
            ("Faculty quality score", "facultyquality"),
            ("Faculty quality 1-5", "facultyquality"),
            ("Faculty quality 1 – 5", "facultyquality"),
            ("Faculty quality /5", "facultyquality"),
            ("Faculty quality (out of 5)", "facultyquality"),
            ("Faculty quality out of 5", "facultyquality"),
            ("Faculty quality rating (1-5)", "facultyquality"),
            ("Funding score:", "funding"),
            ("Rating", "rating"),
            ("Hours per week", "hoursperweek"),
            ("Year 2", "year2"),
            ("Underrated", "underrated"),
        ] {
            assert_eq!(rating_key(header), key, "{header}");
        }
        let config = Config::default();
        let h = headers(&[
            "Program rating",
            "Program",
            "Faculty quality rating",
            "Scholarship support score",
            "Funding 1-5",
            "Schedule flexibility /5",
            "Brand name ratings",
        ]);
        let map = HeaderMap::new(&h, &config);
        assert_eq!(map.name, Some(1), "a rating of the program is no name");
        assert_eq!(
            map.criteria,
            vec![Some(2), Some(3), Some(4), Some(5), Some(6)]
        );
        assert!(map.clashes.is_empty(), "{:?}", map.clashes);
        let notes = map.notes(&h);
        assert!(
            notes.contains(&"reading \"Brand name ratings\" as brand_name".to_owned()),
            "{notes:?}"
        );
        // A rating beside the criterion's own column is still two headers for one column.
        let h = headers(&["Program", "Funding", "Funding rating (1-5)"]);
        assert_eq!(HeaderMap::new(&h, &config).clashes.len(), 1);
    }

    #[test]
    fn a_unit_naming_another_measure_is_no_match() {
        let config = Config::default();
        let h = headers(&[
            "Program",
            "Duration (months)",
            "Hours (per month)",
            "Tuition ($/yr)",
            "Funding (per year)",
        ]);
        let map = HeaderMap::new(&h, &config);
        for id in [
            "duration_years",
            "hours_per_week",
            "tuition_usd",
            "funding_usd",
        ] {
            assert_eq!(map.column(&config, id), None, "{id}");
        }
        let notes = map.notes(&h);
        assert!(
            notes.contains(
                &"not reading \"Duration (months)\" as duration_years, which holds years: its unit says otherwise; to use it, give the values as years under a header such as duration_years"
                    .to_owned()
            ),
            "{notes:?}"
        );
        assert_eq!(notes.len(), 4, "{notes:?}");
        // Units that agree, or say nothing of a period, still match.
        let h = headers(&[
            "Program",
            "Duration (years)",
            "Hours (per week)",
            "Tuition (USD, total)",
            "Funding ($)",
        ]);
        let map = HeaderMap::new(&h, &config);
        assert_eq!(map.column(&config, "duration_years"), Some(1));
        assert_eq!(map.column(&config, "hours_per_week"), Some(2));
        assert_eq!(map.column(&config, "tuition_usd"), Some(3));
        assert_eq!(map.column(&config, "funding_usd"), Some(4));
        assert!(map.notes(&h).iter().all(|n| n.starts_with("reading")));
    }

    #[test]
    fn the_scale_a_header_names_at_its_end() {
        for (header, top) in [
            ("Faculty quality (1-10)", Some(10)),
            ("Faculty quality (1–5)", Some(5)),
            ("Faculty quality 1-10", Some(10)),
            ("Brand 1 to 10", Some(10)),
            ("Funding /10", Some(10)),
            ("Flexibility (out of 10)", Some(10)),
            ("Flexibility out of 10", Some(10)),
            ("Funding [0-10]", Some(10)),
            ("Faculty quality (1 = poor, 5 = best)", None),
            ("Faculty quality", None),
            ("Year 2", None),
            ("Hours/week", None),
            ("Covid-19", None),
            ("Faculty quality (2023-2024)", None),
            ("Brand 2024-25", None),
            ("Funding (0-10)", Some(10)),
            ("Tuition ($)", None),
        ] {
            assert_eq!(header_scale_top(header), top, "{header}");
        }
    }

    #[test]
    fn typos_find_the_closest_header() {
        let config = Config::default();
        let h = headers(&["Program", "Faculy Quality (1-5)", "Notes"]);
        let map = HeaderMap::new(&h, &config);
        assert_eq!(map.criteria[0], None);
        assert_eq!(
            map.closest_unclaimed(&h, &["faculty_quality", "faculty"]),
            Some(1)
        );
        assert_eq!(map.closest_unclaimed(&h, &["brand_name", "prestige"]), None);
    }
}
