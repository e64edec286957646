//! Binding a sheet to the criteria: find the name column and each criterion's column, then
//! read every rating as an exact decimal on its scale (or as one of its labels).
//!
//! This is the boundary where cell text becomes typed data; everything after it works on
//! `Decimal`s and never sees a malformed cell.

use crate::config::{Config, Criterion, NAME_COLUMNS, Normalize};
use crate::error::{DataError, Error, Place, Result, quote_cell};
use crate::hash::FastHash;
use crate::input::{CellTable, Origin, Sheet};
use crate::text::{join, match_key};
use crate::values::{NumberError, is_missing, parse_money_with, parse_number};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// One program row: where it is and which distinct ratings tuple it has.
///
/// Its cells live in the dataset's [`CellTable`] and its ratings in the dataset's table of
/// distinct ratings tuples ([`Dataset::ratings`]): a million rows usually share a few
/// thousand tuples, and each is read, scored and flagged once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program {
    /// The row's index in the dataset's cell table.
    pub row: usize,
    /// The physical line the row starts on.
    pub line: u64,
    /// The index of its ratings in [`Dataset::tuples`].
    pub tuple: usize,
}

/// The ids of the criteria whose rating is missing in `ratings`, in config order.
pub fn missing_criteria<'a>(
    ratings: &[Option<Decimal>],
    criteria: &'a [Criterion],
) -> Vec<&'a str> {
    criteria
        .iter()
        .zip(ratings)
        .filter(|(_, r)| r.is_none())
        .map(|(c, _)| c.id.as_str())
        .collect()
}

/// Read access to one row's cells, whatever holds them.
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

/// One row of a [`CellTable`].
#[derive(Clone, Copy)]
pub struct TableRow<'a> {
    table: &'a CellTable,
    row: usize,
}

impl<'a> TableRow<'a> {
    /// The cell in `column` (header order).
    pub fn cell(&self, column: usize) -> &'a str {
        self.table.cell(self.row, column)
    }
}

impl Cells for TableRow<'_> {
    fn cell(&self, column: usize) -> &str {
        self.table.cell(self.row, column)
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
    /// The physical line (or sheet row) the row starts on.
    pub line: u64,
    /// The row's cells, in header order.
    pub cells: TableRow<'a>,
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

    /// Reads a plain number cell, with a decimal comma when the input uses one.
    pub fn number(&self, cell: &str) -> Result<Decimal, NumberError> {
        parse_number(cell, self.decimal_comma)
    }

    /// Reads a money cell, with a decimal comma when the input uses one.
    pub fn money(&self, cell: &str) -> Result<Decimal, NumberError> {
        parse_money_with(cell, self.decimal_comma)
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
    /// Every cell of every program row, shared with the report.
    pub cells: Arc<CellTable>,
    /// The distinct ratings tuples (one rating per criterion, in config order; `None` when
    /// missing), in the order they first appear.
    pub tuples: Vec<Box<[Option<Decimal>]>>,
    /// For each tuple, the first program that has it.
    pub first_of_tuple: Vec<usize>,
    /// The line (or sheet row) of the header.
    pub header_line: u64,
    /// Where the cells came from, which decides how places are named.
    pub origin: Origin,
    /// Whether numbers use a decimal comma (`3,5`).
    pub decimal_comma: bool,
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
        let ColumnMap {
            name_column,
            criterion_columns,
        } = ColumnMap::resolve(&file, &origin, header_line, &headers, config)?;
        if rows.is_empty() {
            return Err(DataError::NoRows { file }.into());
        }

        // Each rating cell is read once per distinct text in its column, and each distinct
        // ratings tuple is stored once.
        let mut memo: Vec<HashMap<&str, Option<Decimal>, FastHash>> =
            vec![HashMap::default(); criterion_columns.len()];
        let mut tuple_ids: HashMap<Box<[Option<Decimal>]>, usize, FastHash> = HashMap::default();
        let mut tuples: Vec<Box<[Option<Decimal>]>> = Vec::new();
        let mut first_of_tuple = Vec::new();
        let mut programs: Vec<Program> = Vec::with_capacity(rows.len());
        let mut ratings: Vec<Option<Decimal>> = Vec::with_capacity(criterion_columns.len());
        let mut failure: Option<(usize, Error)> = None;
        // Folded name → first row with it.
        let mut seen: HashMap<Folded, usize, FastHash> =
            HashMap::with_capacity_and_hasher(rows.len(), FastHash::default());
        for row in 0..rows.len() {
            let line = rows.line(row);
            let name = rows.cell(row, name_column).trim();
            if name.is_empty() {
                failure = Some((
                    row,
                    DataError::InvalidValue {
                        place: place(line, Some(name_column)),
                        value: String::new(),
                        expected: "a program name".into(),
                        hint: "every row needs a name; fill it in or delete the row".into(),
                    }
                    .into(),
                ));
                break;
            }
            match seen.entry(Folded(name)) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    failure = Some((
                        row,
                        DataError::DuplicateProgram {
                            place: place(line, Some(name_column)),
                            name: quote_cell(name),
                            first: place(rows.line(*first.get()), None).row_words(),
                        }
                        .into(),
                    ));
                    break;
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(row);
                }
            }
            ratings.clear();
            for ((criterion, &column), memo) in config
                .criteria
                .iter()
                .zip(&criterion_columns)
                .zip(&mut memo)
            {
                let cell = rows.cell(row, column);
                let rating = match memo.get(cell) {
                    Some(rating) => *rating,
                    None => match read_rating(cell, criterion, decimal_comma) {
                        Ok(rating) => *memo.entry(cell).or_insert(rating),
                        Err((expected, hint)) => {
                            failure = Some((
                                row,
                                DataError::InvalidValue {
                                    place: place(line, Some(column)),
                                    value: quote_cell(cell.trim()),
                                    expected,
                                    hint,
                                }
                                .into(),
                            ));
                            break;
                        }
                    },
                };
                ratings.push(rating);
            }
            if failure.is_some() {
                break;
            }
            let tuple = match tuple_ids.get(ratings.as_slice()) {
                Some(&id) => id,
                None => {
                    let id = tuples.len();
                    tuples.push(ratings.as_slice().into());
                    first_of_tuple.push(programs.len());
                    tuple_ids.insert(ratings.as_slice().into(), id);
                    id
                }
            };
            programs.push(Program { row, line, tuple });
        }
        if let Some((_, error)) = failure {
            return Err(error);
        }
        drop(memo);
        let cells = Arc::new(rows);
        Ok(Dataset {
            name: file,
            headers,
            name_column,
            criterion_columns,
            programs,
            cells,
            tuples,
            first_of_tuple,
            header_line,
            origin,
            decimal_comma,
        })
    }

    /// The ratings of `program`, one per criterion in config order.
    pub fn ratings(&self, program: &Program) -> &[Option<Decimal>] {
        &self.tuples[program.tuple]
    }

    /// The name of `program`, trimmed.
    pub fn name(&self, program: &Program) -> &str {
        self.cells.cell(program.row, self.name_column).trim()
    }

    /// The cell of `program` in `column`.
    pub fn cell(&self, program: &Program, column: usize) -> &str {
        self.cells.cell(program.row, column)
    }

    /// The ids of the criteria whose rating `program` lacks, in config order.
    pub fn missing_criteria<'a>(
        &self,
        program: &Program,
        criteria: &'a [Criterion],
    ) -> Vec<&'a str> {
        missing_criteria(self.ratings(program), criteria)
    }

    /// The place of a row (by its line) and optionally one column, for messages.
    pub fn place(&self, line: u64, column: Option<usize>) -> Place {
        crate::input::place_in(&self.name, &self.origin, &self.headers, line, column)
    }

    /// Reads a plain number cell, with a decimal comma when the input uses one.
    pub fn number(&self, cell: &str) -> Result<Decimal, NumberError> {
        parse_number(cell, self.decimal_comma)
    }

    /// Reads a money cell, with a decimal comma when the input uses one.
    pub fn money(&self, cell: &str) -> Result<Decimal, NumberError> {
        parse_money_with(cell, self.decimal_comma)
    }

    /// The index of the column whose header matches `name`, if any.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        column_index(&self.headers, name)
    }

    /// A view of one of this dataset's programs for the flag and cost stages.
    pub fn row<'a>(&'a self, program: &Program) -> RowRef<'a> {
        RowRef {
            file: &self.name,
            headers: &self.headers,
            origin: &self.origin,
            decimal_comma: self.decimal_comma,
            line: program.line,
            cells: TableRow {
                table: &self.cells,
                row: program.row,
            },
            ratings: &self.tuples[program.tuple],
        }
    }
}

/// A name as a hash key that ignores case exactly as [`str::to_lowercase`] does, without
/// lowercasing a copy of every ASCII name.
#[derive(Clone, Copy)]
struct Folded<'a>(&'a str);

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if self.0.is_ascii() {
            let mut buffer = [0u8; 64];
            for chunk in self.0.as_bytes().chunks(64) {
                let lower = &mut buffer[..chunk.len()];
                lower.copy_from_slice(chunk);
                lower.make_ascii_lowercase();
                state.write(lower);
            }
        } else {
            state.write(self.0.to_lowercase().as_bytes());
        }
        state.write_u8(0xFF);
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::ranking::cmp_folded(self.0, other.0).is_eq()
    }
}

impl Eq for Folded<'_> {}

/// The index of the header that matches `name` (case, spaces, `_` and `-` ignored), if any.
pub fn column_index(headers: &[String], name: &str) -> Option<usize> {
    let key = match_key(name);
    headers.iter().position(|h| match_key(h) == key)
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
    /// two headers with one meaning and missing columns.
    pub fn resolve(
        file: &str,
        origin: &Origin,
        header_line: u64,
        headers: &[String],
        config: &Config,
    ) -> Result<ColumnMap> {
        let place = |column: Option<usize>| {
            crate::input::place_in(file, origin, headers, header_line, column)
        };
        check_headers(&place(None), &|i| place(Some(i)), headers, config)?;
        let find = |names: &mut dyn Iterator<Item = &str>| -> Option<usize> {
            let keys: Vec<String> = names.map(match_key).collect();
            headers.iter().position(|h| keys.contains(&match_key(h)))
        };
        let found = || {
            join(
                headers.iter().map(|h| format!("\"{}\"", quote_cell(h))),
                ", ",
            )
        };
        let name_column =
            find(&mut NAME_COLUMNS.iter().copied()).ok_or_else(|| DataError::MissingColumn {
                place: place(None),
                missing: format!("program (or {})", join(&NAME_COLUMNS[1..], ", ")),
                found: found(),
            })?;
        let mut criterion_columns = Vec::with_capacity(config.criteria.len());
        for criterion in &config.criteria {
            let column = find(&mut criterion.names()).ok_or_else(|| {
                let aliases = if criterion.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" (or {})", join(&criterion.aliases, ", "))
                };
                DataError::MissingColumn {
                    place: place(None),
                    missing: format!("{}{aliases}", criterion.id),
                    found: found(),
                }
            })?;
            criterion_columns.push(column);
        }
        Ok(ColumnMap {
            name_column,
            criterion_columns,
        })
    }
}

/// Refuses headers that are blank yet hold data, and two headers that mean the same column.
fn check_headers(
    header_row: &Place,
    header_cell: &dyn Fn(usize) -> Place,
    headers: &[String],
    config: &Config,
) -> Result<()> {
    let meaning = |header: &str| -> String {
        let key = match_key(header);
        if NAME_COLUMNS.iter().any(|n| match_key(n) == key) {
            return "the program name".into();
        }
        config
            .criteria
            .iter()
            .find(|c| c.names().any(|n| match_key(n) == key))
            .map_or_else(
                || format!("the column {key:?}"),
                |c| format!("the criterion {}", c.id),
            )
    };
    // Meaning → first header with it: one pass, so a sheet of 20,000 columns is not quadratic.
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
        let this = meaning(header);
        if let Some(&earlier) = seen.get(&this) {
            let earlier: &String = &headers[earlier];
            return Err(DataError::DuplicateColumn {
                place: header_row.clone(),
                first: format!("\"{}\"", quote_cell(earlier)),
                second: format!("\"{}\"", quote_cell(header)),
                meaning: this,
            }
            .into());
        }
        seen.insert(this, i);
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
    match parse_number(cell, decimal_comma) {
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
            ds.ratings(&ds.programs[0]),
            vec![
                Some(dec!(5)),
                Some(dec!(3.5)),
                Some(dec!(3)),
                Some(dec!(5)),
                None
            ]
        );
        let config = Config::default();
        let missing = ds.missing_criteria(&ds.programs[0], &config.criteria);
        assert_eq!(missing, vec!["brand_name"]);
    }

    #[test]
    fn missing_column_lists_what_was_found() {
        let err = bind("program,faculty_quality,funding\nA,1,2\n").unwrap_err();
        let msg = err.to_string();
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
            "t.csv line 2, column funding: \"lots\" is not a number from 1 to 5 nor one of the labels none, partial, full"
        );
        let err = bind(&format!("{HEADER}\nA,5,3,3,3,3\nB,6,3,3,3,3\n")).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "t.csv line 3, column faculty_quality: \"6\" is not a number from 1 to 5"
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
        assert!(msg.contains("line 4"), "{msg}");
        assert!(msg.contains("already appears on line 2"), "{msg}");
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
