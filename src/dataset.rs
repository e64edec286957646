//! Binding a sheet to the criteria: find the name column and each criterion's column, then
//! read every rating as an exact decimal on its scale (or as one of its labels).
//!
//! This is the boundary where cell text becomes typed data; everything after it works on
//! `Decimal`s and never sees a malformed cell.

use crate::config::{Config, Criterion, NAME_COLUMNS, Normalize};
use crate::error::{DataError, Error, Place, Result, quote_cell};
use crate::headers::HeaderMap;
use crate::input::{Origin, Sheet};
use crate::text::{join, match_key};
use crate::values::{MoneyRules, NumberError, is_missing, parse_number};
use rust_decimal::Decimal;

/// One program row, its name and ratings read.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// The program's name, trimmed.
    pub name: String,
    /// The physical line the row starts on.
    pub line: u64,
    /// One rating per criterion, in config order; `None` when the cell is missing.
    pub ratings: Vec<Option<Decimal>>,
    /// Every cell of the row as written, in header order.
    pub cells: Vec<String>,
}

impl Program {
    /// The ids of the criteria whose rating is missing, in config order.
    pub fn missing_criteria<'a>(&self, criteria: &'a [Criterion]) -> Vec<&'a str> {
        criteria
            .iter()
            .zip(&self.ratings)
            .filter(|(_, r)| r.is_none())
            .map(|(c, _)| c.id.as_str())
            .collect()
    }
}

/// Read access to one row's cells, whatever holds them: a parsed [`Program`]'s owned strings,
/// or slices borrowed from the input by the streaming fast path.
pub trait Cells {
    /// The cell in `column` (header order).
    fn cell(&self, column: usize) -> &str;
}

impl Cells for Vec<String> {
    fn cell(&self, column: usize) -> &str {
        &self[column]
    }
}

impl Cells for Vec<&str> {
    fn cell(&self, column: usize) -> &str {
        self[column]
    }
}

/// One row as the stages after binding see it: where it is, its cells and its ratings.
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    /// The input's name for messages.
    pub file: &'a str,
    /// The header cells.
    pub headers: &'a [String],
    /// Where the cells came from, which decides how places are named.
    pub origin: &'a Origin,
    /// Whether numbers use a decimal comma (`3,5`).
    pub decimal_comma: bool,
    /// The file's currency, exchange rates and how ranges are read.
    pub money: &'a MoneyRules,
    /// The physical line (or sheet row) the row starts on.
    pub line: u64,
    /// The row's cells, in header order.
    pub cells: &'a dyn Cells,
    /// One rating per criterion, in config order.
    pub ratings: &'a [Option<Decimal>],
}

impl RowRef<'_> {
    /// The place of one of this row's cells, for messages.
    pub fn place(&self, column: usize) -> Place {
        crate::input::place_in(
            self.file,
            self.origin,
            self.headers,
            self.line,
            Some(column),
        )
    }

    /// Reads a plain number cell (or a range such as `10-15`), with a decimal comma when the
    /// input uses one.
    pub fn number(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.number(cell, self.decimal_comma)
    }

    /// Reads a money cell (or a range), in the file's currency, with a decimal comma when
    /// the input uses one.
    pub fn money(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.money(cell, self.decimal_comma)
    }

    /// An error about one of this row's cells.
    pub fn invalid(&self, column: usize, cell: &str, expected: String, hint: &str) -> Error {
        DataError::InvalidValue {
            place: self.place(column),
            value: quote_cell(cell.trim()),
            expected,
            hint: hint.into(),
        }
        .into()
    }
}

/// A sheet whose columns are matched to the criteria and whose ratings are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The input's name for messages.
    pub name: String,
    /// The header cells as written.
    pub headers: Vec<String>,
    /// Index of the program-name column.
    pub name_column: usize,
    /// Index of each criterion's column, in config order.
    pub criterion_columns: Vec<usize>,
    /// The programs in file order.
    pub programs: Vec<Program>,
    /// The line (or sheet row) of the header.
    pub header_line: u64,
    /// Where the cells came from, which decides how places are named.
    pub origin: Origin,
    /// Whether numbers use a decimal comma (`3,5`).
    pub decimal_comma: bool,
    /// Where every wanted column (name, criteria, fact columns) was found.
    pub header_map: HeaderMap,
    /// The file's currency, exchange rates and how ranges are read.
    pub money: MoneyRules,
    /// How the input was read, for standard error: headers read loosely
    /// (`reading "Tuition ($)" as tuition_usd`) and the input's own notes.
    pub notes: Vec<String>,
}

impl Dataset {
    /// Matches the sheet's columns to `config` and reads every rating.
    pub fn bind(sheet: Sheet, config: &Config) -> Result<Dataset> {
        let Sheet {
            name: file,
            headers,
            header_line,
            rows,
            origin,
            decimal_comma,
            notes: _,
        } = sheet;
        let place = |line: u64, column: Option<usize>| {
            crate::input::place_in(&file, &origin, &headers, line, column)
        };
        let (
            ColumnMap {
                name_column,
                criterion_columns,
            },
            header_map,
        ) = ColumnMap::resolve_map(&file, &origin, header_line, &headers, config)?;
        let mut notes: Vec<String> = header_map
            .notes(&headers)
            .into_iter()
            .map(|n| format!("{file}: {n}"))
            .collect();
        let (money, money_notes) = crate::costs::money_rules(
            &crate::costs::MoneyInput {
                file: &file,
                origin: &origin,
                headers: &headers,
                header_map: &header_map,
                decimal_comma,
            },
            rows.iter().map(|r| (r.line, r.cells.as_slice())),
            config,
        )?;
        notes.extend(money_notes);
        if rows.is_empty() {
            return Err(DataError::NoRows { file }.into());
        }

        let mut programs: Vec<Program> = Vec::with_capacity(rows.len());
        let mut seen: std::collections::HashMap<String, u64> =
            std::collections::HashMap::with_capacity(rows.len());
        for row in rows {
            let name = row.cells[name_column].trim().to_owned();
            if name.is_empty() {
                return Err(DataError::InvalidValue {
                    place: place(row.line, Some(name_column)),
                    value: String::new(),
                    expected: "a program name".into(),
                    hint: "every row needs a name; fill it in or delete the row".into(),
                }
                .into());
            }
            if let Some(first_line) = seen.insert(name.to_lowercase(), row.line) {
                return Err(DataError::DuplicateProgram {
                    place: place(row.line, Some(name_column)),
                    name: quote_cell(&name),
                    first: place(first_line, None).row_words(),
                }
                .into());
            }
            let mut ratings = Vec::with_capacity(config.criteria.len());
            for (criterion, &column) in config.criteria.iter().zip(&criterion_columns) {
                let cell = &row.cells[column];
                let rating = read_rating_with(cell, criterion, decimal_comma, Some(&money))
                    .map_err(|(expected, hint)| {
                        Error::from(DataError::InvalidValue {
                            place: place(row.line, Some(column)),
                            value: quote_cell(cell.trim()),
                            expected,
                            hint,
                        })
                    })?;
                ratings.push(rating);
            }
            programs.push(Program {
                name,
                line: row.line,
                ratings,
                cells: row.cells,
            });
        }
        Ok(Dataset {
            name: file,
            headers,
            name_column,
            criterion_columns,
            programs,
            header_line,
            origin,
            decimal_comma,
            header_map,
            money,
            notes,
        })
    }

    /// The place of a row (by its line) and optionally one column, for messages.
    pub fn place(&self, line: u64, column: Option<usize>) -> Place {
        crate::input::place_in(&self.name, &self.origin, &self.headers, line, column)
    }

    /// Reads a plain number cell (or a range), with a decimal comma when the input uses one.
    pub fn number(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.number(cell, self.decimal_comma)
    }

    /// Reads a money cell (or a range) in the file's currency.
    pub fn money(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.money(cell, self.decimal_comma)
    }

    /// A view of one of this dataset's programs for the flag and cost stages.
    pub fn row<'a>(&'a self, program: &'a Program) -> RowRef<'a> {
        RowRef {
            file: &self.name,
            headers: &self.headers,
            origin: &self.origin,
            decimal_comma: self.decimal_comma,
            money: &self.money,
            line: program.line,
            cells: &program.cells,
            ratings: &program.ratings,
        }
    }
}

/// Where the name and each criterion live in a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// Index of the program-name column.
    pub name_column: usize,
    /// Index of each criterion's column, in config order.
    pub criterion_columns: Vec<usize>,
}

impl ColumnMap {
    /// Matches `headers` to the name column and `config`'s criteria, refusing blank headers,
    /// two headers with one meaning and missing columns: every header problem in one error.
    pub fn resolve(
        file: &str,
        origin: &Origin,
        header_line: u64,
        headers: &[String],
        config: &Config,
    ) -> Result<ColumnMap> {
        Self::resolve_map(file, origin, header_line, headers, config).map(|(columns, _)| columns)
    }

    /// As [`ColumnMap::resolve`], also returning the whole [`HeaderMap`] (fact columns and
    /// which headers were read loosely).
    pub fn resolve_map(
        file: &str,
        origin: &Origin,
        header_line: u64,
        headers: &[String],
        config: &Config,
    ) -> Result<(ColumnMap, HeaderMap)> {
        let place = |column: Option<usize>| {
            crate::input::place_in(file, origin, headers, header_line, column)
        };
        let map = HeaderMap::new(headers, config);
        check_headers(&place(None), &|i| place(Some(i)), headers, &map)?;
        let problems = header_problems(&map, headers, config);
        if !problems.is_empty() {
            return Err(header_error(place(None), headers, problems).into());
        }
        let columns = ColumnMap {
            name_column: map
                .name
                .expect("no problem means the name column was found"),
            criterion_columns: map.criteria.iter().flatten().copied().collect(),
        };
        Ok((columns, map))
    }
}

/// One header problem: a column not found, or two headers for one column.
enum HeaderProblem {
    Missing(String),
    Clash(String, String, String),
}

/// Every missing name or criterion column and every clash, in that order.
fn header_problems(map: &HeaderMap, headers: &[String], config: &Config) -> Vec<HeaderProblem> {
    let quoted = |h: usize| format!("\"{}\"", quote_cell(&headers[h]));
    let mut problems = Vec::new();
    let missing = |id: &str, names: Vec<&str>, table: Option<&str>| {
        let aliases: Vec<&str> = names.iter().copied().filter(|n| *n != id).collect();
        match map.closest_unclaimed(headers, &names) {
            Some(h) => HeaderProblem::Missing(format!(
                "{id}: {} looks like it; rename it to {id}, or add it to the aliases {}",
                quoted(h),
                table.map_or_else(
                    || "of program under [columns] in the weights file".to_owned(),
                    |t| format!("under [criteria.{t}] in the weights file")
                )
            )),
            None => {
                let shown = aliases.iter().take(3).copied().collect::<Vec<_>>();
                let more = if aliases.len() > 3 { ", …" } else { "" };
                HeaderProblem::Missing(if shown.is_empty() {
                    id.to_owned()
                } else {
                    format!("{id} (or {}{more})", join(shown, ", "))
                })
            }
        }
    };
    if map.name.is_none() {
        let mut names: Vec<&str> = NAME_COLUMNS.to_vec();
        if let Some((_, aliases)) = config.columns.iter().find(|(id, _)| id == "program") {
            names.extend(aliases.iter().map(String::as_str));
        }
        problems.push(missing("program", names, None));
    }
    for (criterion, column) in config.criteria.iter().zip(&map.criteria) {
        if column.is_none() {
            problems.push(missing(
                &criterion.id,
                criterion.names().collect(),
                Some(&criterion.id),
            ));
        }
    }
    for clash in &map.clashes {
        problems.push(HeaderProblem::Clash(
            quoted(clash.first),
            quoted(clash.second),
            clash.id.clone(),
        ));
    }
    problems
}

/// The error for the header problems: the one problem's own message, or all of them listed.
fn header_error(place: Place, headers: &[String], problems: Vec<HeaderProblem>) -> DataError {
    let found = join(
        headers.iter().map(|h| format!("\"{}\"", quote_cell(h))),
        ", ",
    );
    if problems.len() == 1 {
        return match problems.into_iter().next().expect("one problem") {
            HeaderProblem::Missing(missing) => DataError::MissingColumn {
                place,
                missing,
                found,
            },
            HeaderProblem::Clash(first, second, meaning) => DataError::DuplicateColumn {
                place,
                first,
                second,
                meaning,
            },
        };
    }
    DataError::HeaderProblems {
        place,
        problems: problems
            .into_iter()
            .map(|p| match p {
                HeaderProblem::Missing(missing) => format!("missing column {missing}"),
                HeaderProblem::Clash(first, second, meaning) => format!(
                    "columns {first} and {second} both mean {meaning}; keep one of them or rename the other"
                ),
            })
            .collect(),
        found,
    }
}

/// Refuses headers that are blank yet hold data, and two headers that are the same name
/// (case, spaces, `_` and `-` aside) and match no column (two headers matching one column
/// are a [`HeaderMap`] clash).
fn check_headers(
    header_row: &Place,
    header_cell: &dyn Fn(usize) -> Place,
    headers: &[String],
    map: &HeaderMap,
) -> Result<()> {
    // Key → first header with it: one pass, so a sheet of 20,000 columns is not quadratic.
    let mut seen: std::collections::HashMap<String, usize> =
        std::collections::HashMap::with_capacity(headers.len());
    for (i, header) in headers.iter().enumerate() {
        if header.trim().is_empty() {
            return Err(DataError::InvalidValue {
                place: header_cell(i),
                value: String::new(),
                expected: "a column name".into(),
                hint: "this column has data but no header; give it a name in the header row \
                       (if the rows above the header are titles, skip them with --skip-rows N)"
                    .into(),
            }
            .into());
        }
        let key = match_key(header);
        if map.matched.iter().any(|m| m.column == i) || map.clashes.iter().any(|c| c.second == i) {
            continue;
        }
        if let Some(&earlier) = seen.get(&key) {
            return Err(DataError::DuplicateColumn {
                place: header_row.clone(),
                first: format!("\"{}\"", quote_cell(&headers[earlier])),
                second: format!("\"{}\"", quote_cell(header)),
                meaning: format!("the column {key:?}"),
            }
            .into());
        }
        seen.insert(key, i);
    }
    Ok(())
}

/// Reads one rating cell: a missing marker, a label or a number on the scale. On error
/// returns (what was expected, how to fix it).
pub fn read_rating(
    cell: &str,
    criterion: &Criterion,
    decimal_comma: bool,
) -> Result<Option<Decimal>, (String, String)> {
    read_rating_with(cell, criterion, decimal_comma, None)
}

/// Reads one rating cell as [`read_rating`] does; a cost criterion (`direction = "cost"`)
/// also takes the money forms the cost columns take (`$42,000.00`, `£35,000`) under `money`.
pub fn read_rating_with(
    cell: &str,
    criterion: &Criterion,
    decimal_comma: bool,
    money: Option<&MoneyRules>,
) -> Result<Option<Decimal>, (String, String)> {
    if is_missing(cell) {
        return Ok(None);
    }
    if let Some(value) = criterion.label_value(cell) {
        return Ok(Some(value));
    }
    let on_scale = criterion.normalize == Normalize::Scale;
    let expected = || {
        let mut text = if on_scale {
            format!(
                "a number from {} to {}",
                criterion.scale.min, criterion.scale.max
            )
        } else {
            "a number".to_owned()
        };
        if !criterion.labels.is_empty() {
            let words = join(criterion.labels.iter().map(|(w, _)| w.as_str()), ", ");
            text.push_str(&format!(" nor one of the labels {words}"));
        }
        text
    };
    let hint = format!(
        "correct the cell, leave it empty if the rating is not known yet, or declare the word as a label under [criteria.{}] in the weights file",
        criterion.id
    );
    let parsed = match money {
        Some(rules) if criterion.direction == crate::config::Direction::Cost => {
            rules.money(cell, decimal_comma)
        }
        _ => parse_number(cell, decimal_comma),
    };
    match parsed {
        Ok(value) if !on_scale || criterion.scale.contains(value) => Ok(Some(value)),
        Ok(_) => Err((
            expected(),
            format!(
                "correct the cell, or widen the scale under [criteria.{}] in the weights file",
                criterion.id
            ),
        )),
        Err(NumberError::TooManyDigits) => Err((
            format!("{} with at most 28 significant digits", expected()),
            "shorten the number".into(),
        )),
        Err(NumberError::NotANumber | NumberError::AmbiguousComma) => Err((expected(), hint)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn bind(csv: &str) -> Result<Dataset> {
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes())?;
        Dataset::bind(sheet, &Config::default())
    }

    const HEADER: &str =
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name";

    #[test]
    fn matches_headers_loosely_and_reads_labels() {
        let ds = bind(
            "Program Name,Faculty,Scholarship,Funding,Flexibility,Brand\nA,5,3.5,partial,Online,N/A\n",
        )
        .unwrap();
        assert_eq!(ds.name_column, 0);
        assert_eq!(ds.criterion_columns, vec![1, 2, 3, 4, 5]);
        assert_eq!(
            ds.programs[0].ratings,
            vec![
                Some(dec!(5)),
                Some(dec!(3.5)),
                Some(dec!(3)),
                Some(dec!(5)),
                None
            ]
        );
        let config = Config::default();
        let missing = ds.programs[0].missing_criteria(&config.criteria);
        assert_eq!(missing, vec!["brand_name"]);
    }

    #[test]
    fn missing_column_lists_what_was_found() {
        let err = bind("program,faculty_quality,funding\nA,1,2\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("3 problems with the header"), "{msg}");
        assert!(msg.contains("missing column scholarship_support"), "{msg}");
        assert!(
            msg.contains("\"program\", \"faculty_quality\", \"funding\""),
            "{msg}"
        );
    }

    #[test]
    fn header_only_has_no_rows() {
        let err = bind(&format!("{HEADER}\n")).unwrap_err();
        assert!(err.to_string().contains("no program rows"), "{err}");
    }

    #[test]
    fn off_scale_and_non_numbers_are_positioned() {
        let err = bind(&format!("{HEADER}\nA,5,3,lots,3,3\n")).unwrap_err();
        assert_eq!(
            err.to_string().split(';').next().unwrap(),
            "t.csv row 2, column \"funding\": \"lots\" is not a number from 1 to 5 nor one of the labels none, partial, full"
        );
        let err = bind(&format!("{HEADER}\nA,5,3,3,3,3\nB,6,3,3,3,3\n")).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "t.csv row 3, column \"faculty_quality\": \"6\" is not a number from 1 to 5"
            ),
            "{err}"
        );
    }

    #[test]
    fn duplicate_names_point_at_both_lines() {
        let err = bind(&format!(
            "{HEADER}\nA,5,3,3,3,3\nB,1,1,1,1,1\n a ,2,2,2,2,2\n"
        ))
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("row 4"), "{msg}");
        assert!(msg.contains("already appears on row 2"), "{msg}");
    }

    #[test]
    fn duplicate_columns_are_refused() {
        let err = bind(&format!("{HEADER},Faculty\nA,5,3,3,3,3,4\n")).unwrap_err();
        assert!(
            err.to_string().contains("the criterion faculty_quality"),
            "{err}"
        );
        let err = bind(&format!("{HEADER},notes, Notes\nA,5,3,3,3,3,x,y\n")).unwrap_err();
        assert!(err.to_string().contains("both mean"), "{err}");
    }

    #[test]
    fn empty_name_is_refused() {
        let err = bind(&format!("{HEADER}\n ,5,3,3,3,3\n")).unwrap_err();
        assert!(err.to_string().contains("a program name"), "{err}");
    }
}
