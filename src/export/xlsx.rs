//! Excel workbook export (`-o ranked.xlsx`), written with `rust_xlsxwriter`.
//!
//! Sheet "Ranked": `rank`, `score`, `red_flags` (then `status` and the cost columns when
//! asked for), then every input column in its original order; the header row is frozen and
//! filterable. Ranks, scores and costs are numbers; every input cell the pipeline read as a
//! number is written as the value it read ([`crate::dataset::CellReading::typed`]: the
//! input's decimal mark and currency, so `24.500,00 €` is 24500 and `4,5` is 4.5), with a
//! number format that shows it as written (`"£"#,##0`, `#,##0.00" €"`, `0.0`), so it sorts
//! and sums in the spreadsheet; everything else is written as the text written. Text cells
//! are never formulas in a workbook, so the CSV formula guard is not needed here: a cell
//! reading `=1+1` stays the text `=1+1`.
//!
//! Sheet "Weights": one row per criterion with the weight used, its share of the total,
//! direction, scale and normalisation, then where the weights came from.

use super::Exporter;
use crate::dataset::CellValue;
use crate::error::{Error, Result};
use crate::hash::FastHash;
use crate::report::Report;
use crate::values::{Currency, trimmed};
use crate::view::View;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use std::collections::HashMap;
use std::io::Seek;

/// Writes the ranking as an `.xlsx` workbook.
#[derive(Debug, Clone, Copy, Default)]
pub struct XlsxExporter;

/// The most characters an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most rows of programs a worksheet holds below its header row (1,048,576 in all).
pub const MAX_ROWS: usize = 1_048_575;

/// The most columns a worksheet holds.
pub const MAX_COLUMNS: usize = 16_384;

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::OutputLimit {
        message: format!("cannot build the .xlsx workbook: {e}; write CSV instead (-o ranked.csv)"),
    }
}

/// Refuses, before anything is built, a ranking that a workbook cannot hold whole: more rows
/// or columns than a worksheet has, or a cell longer than Excel keeps (which it would
/// otherwise cut silently). Exit 73, as for any output that cannot be written.
fn check_fits(view: &View, header: &[String]) -> Result<()> {
    let limit = |message: String| Error::OutputLimit { message };
    let rows = view.exported_len();
    if rows > MAX_ROWS {
        return Err(limit(format!(
            "{} programs do not fit an .xlsx worksheet, which holds {} rows below its header; \
             write CSV instead (-o ranked.csv), or keep the first rows with --top {MAX_ROWS}",
            crate::text::thousands(rows),
            crate::text::thousands(MAX_ROWS)
        )));
    }
    if header.len() > MAX_COLUMNS {
        return Err(limit(format!(
            "{} columns do not fit an .xlsx worksheet, which holds {}; write CSV instead \
             (-o ranked.csv)",
            crate::text::thousands(header.len()),
            crate::text::thousands(MAX_COLUMNS)
        )));
    }
    let too_long =
        |text: &str| text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS;
    let refuse = |what: String, text: &str| {
        limit(format!(
            "{what} has {} characters, more than the {} an Excel cell holds (Excel would \
             cut it); shorten it in the input, or write CSV instead (-o ranked.csv)",
            crate::text::thousands(text.chars().count()),
            crate::text::thousands(MAX_CELL_CHARS)
        ))
    };
    if let Some(h) = header.iter().find(|h| too_long(h)) {
        return Err(refuse(
            format!("the header \"{}\"", crate::error::quote_cell(h)),
            h,
        ));
    }
    for program in view.exported() {
        let name = crate::error::quote_cell(program.name());
        for (cell, column) in program.cells().iter().zip(&view.report.headers) {
            if too_long(cell) {
                return Err(refuse(
                    format!(
                        "the {} cell of program \"{name}\"",
                        crate::error::quote_cell(column)
                    ),
                    cell,
                ));
            }
        }
        let flags = flag_ids(&program);
        if too_long(&flags) {
            return Err(refuse(
                format!("the red_flags cell of program \"{name}\""),
                &flags,
            ));
        }
    }
    Ok(())
}

/// A program's flag ids as one cell.
fn flag_ids(program: &crate::report::ProgramResult) -> String {
    crate::text::join(program.flags().iter().map(|f| f.id.as_str()), ";")
}

/// A decimal as the nearest f64, rounded first to `dp` places (Excel stores doubles).
fn to_f64(value: Decimal, dp: u32) -> f64 {
    trimmed(value, dp)
        .parse::<f64>()
        .unwrap_or_else(|_| value.to_f64().unwrap_or(0.0))
}

/// Rounding as a spreadsheet's ROUND does.
const HALF_UP: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// The number formats of one workbook, made once per distinct format code.
#[derive(Default)]
struct Formats {
    by_code: HashMap<String, usize>,
    list: Vec<Format>,
}

impl Formats {
    /// The index of the format with number format `code` (`None`: General).
    fn index(&mut self, code: Option<String>) -> Option<usize> {
        let code = code?;
        if let Some(&i) = self.by_code.get(&code) {
            return Some(i);
        }
        self.list.push(Format::new().set_num_format(&code));
        self.by_code.insert(code, self.list.len() - 1);
        Some(self.list.len() - 1)
    }
}

/// An input cell ready to be written: text, or the nearest double to the value read and
/// the index of its number format.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Written {
    Text,
    Number(f64, Option<usize>),
}

impl Written {
    /// How to write a cell read as `value`.
    fn of(value: CellValue, formats: &mut Formats) -> Written {
        let (value, code) = match value {
            CellValue::Text => return Written::Text,
            CellValue::Number { value, grouped } => (value, number_format(value, grouped, None)),
            CellValue::Money {
                value,
                currency,
                after,
            } => (value, number_format(value, true, Some((currency, after)))),
        };
        Written::Number(to_f64(value, 28), formats.index(code))
    }
}

/// The most distinct cells of one column whose reading is remembered: rating, money and
/// hours columns hold few distinct texts, and a column of notes or names is not worth
/// remembering.
const MEMO_CELLS: usize = 4096;

/// The input cells' readings, remembered per distinct text of each column: a column of a
/// million ratings holds a handful of texts, each read and formatted once.
struct Readings<'a> {
    report: &'a Report,
    memo: Vec<HashMap<&'a str, Written, FastHash>>,
}

impl<'a> Readings<'a> {
    fn new(report: &'a Report) -> Self {
        Readings {
            report,
            memo: vec![HashMap::default(); report.headers.len()],
        }
    }

    /// How to write `text`, the cell of input column `column`.
    fn get(&mut self, column: usize, text: &'a str, formats: &mut Formats) -> Written {
        if let Some(&written) = self.memo.get(column).and_then(|m| m.get(text)) {
            return written;
        }
        let value = self
            .report
            .cell_reading
            .typed(column, text, &self.report.criteria);
        let written = Written::of(value, formats);
        if let Some(memo) = self.memo.get_mut(column)
            && memo.len() < MEMO_CELLS
        {
            memo.insert(text, written);
        }
        written
    }
}

/// The number format code that shows `value` as written: `places` decimal places, with
/// thousands separators when `grouped`, and `currency`'s symbol before the amount (or
/// after it when `after`). `None` for a whole number without separators, which Excel's
/// General format shows as written.
fn number_format(
    value: Decimal,
    grouped: bool,
    currency: Option<(Currency, bool)>,
) -> Option<String> {
    let places = value.scale().min(15) as usize;
    let mut code = String::from(if grouped { "#,##0" } else { "0" });
    if places > 0 {
        code.push('.');
        code.push_str(&"0".repeat(places));
    }
    match currency {
        Some((c, false)) => Some(format!("\"{}\"{code}", c.symbol)),
        Some((c, true)) => Some(format!("{code}\" {}\"", c.symbol.trim())),
        None if !grouped && places == 0 => None,
        None => Some(code),
    }
}

/// Writes one input cell as the pipeline read it ([`CellReading::typed`]): a number as the
/// exact value parsed, formatted as written (currency, thousands, decimal places); anything
/// else as the text written.
///
/// [`CellReading::typed`]: crate::dataset::CellReading::typed
fn write_cell(
    sheet: &mut Worksheet,
    formats: &Formats,
    (row, col): (u32, u16),
    text: &str,
    written: Written,
) -> Result<()> {
    match written {
        // check_fits made sure the text fits a cell.
        Written::Text => sheet.write_string(row, col, text),
        Written::Number(number, None) => sheet.write_number(row, col, number),
        Written::Number(number, Some(f)) => {
            sheet.write_number_with_format(row, col, number, &formats.list[f])
        }
    }
    .map(|_| ())
    .map_err(xlsx_error)
}

/// Writes `value` exactly (as the nearest double) with number format `code`, if any.
fn write_number(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    (row, col): (u32, u16),
    value: Decimal,
    code: Option<String>,
) -> Result<()> {
    let written = Written::Number(to_f64(value, 28), formats.index(code));
    write_cell(sheet, formats, (row, col), "", written)
}

/// A computed amount rounded to cents, shown as [`Report::money`] shows it: whole amounts
/// without cents.
fn computed(value: Decimal, currency: Option<Currency>) -> (Decimal, Option<String>) {
    let mut rounded = value.round_dp_with_strategy(2, HALF_UP);
    if rounded.fract().is_zero() {
        rounded = rounded.trunc();
    } else if currency.is_some() {
        rounded.rescale(2);
    } else {
        rounded = rounded.normalize();
    }
    let code = number_format(rounded, true, currency.map(|c| (c, false)));
    (rounded, code)
}

impl Exporter for XlsxExporter {
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let report = view.report;
        let mut workbook = Workbook::new();
        // Deflate level 3 rather than the default 6: a 100,000-row ranking saves in 0.45 s
        // instead of 0.75 s for a file 22% larger (6.2 MB instead of 5.1); a shortlist's is
        // a few kilobytes either way.
        workbook.set_zip_compression_level(3);
        // A fixed creation time: the same input gives the same bytes (the default is now).
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let bold = Format::new().set_bold();
        let score_format = Format::new().set_num_format("0.00");

        let mut formats = Formats::default();
        let mut readings = Readings::new(report);
        // The ranked sheet is written row by row to a temporary file (rust_xlsxwriter's
        // "constant memory" mode, strings inline), so a large ranking is not held in memory
        // a second time as cells: without it 100,000 rows took about 250 MB more.
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet.set_name("Ranked").map_err(xlsx_error)?;
        sheet.set_column_width(2, 24).map_err(xlsx_error)?;
        // People read a workbook's headers: words, not the CSV/JSON ids. The input's own
        // headers follow as the user wrote them.
        let mut header: Vec<String> = vec!["Rank".into(), "Score".into(), "Red flags".into()];
        if view.include_excluded {
            header.push("Status".into());
        }
        if view.show_costs {
            header.extend(report.cost_columns().into_iter().map(|(_, h)| h));
        }
        let fixed_columns = header.len();
        header.extend(report.headers.iter().cloned());
        check_fits(view, &header)?;
        let columns = u16::try_from(header.len()).map_err(|_| Error::OutputLimit {
            message: format!(
                "{} columns do not fit an .xlsx worksheet; write CSV instead (-o ranked.csv)",
                header.len()
            ),
        })?;
        for (c, h) in (0..columns).zip(&header) {
            sheet
                .write_string_with_format(0, c, h, &bold)
                .map_err(xlsx_error)?;
        }
        let mut row: u32 = 0;
        for program in view.exported() {
            row += 1;
            if let Some(rank) = program.rank() {
                sheet
                    .write_number(row, 0, rank as f64)
                    .map_err(xlsx_error)?;
            }
            sheet
                .write_number_with_format(row, 1, to_f64(program.score(), 2), &score_format)
                .map_err(xlsx_error)?;
            sheet
                .write_string(row, 2, flag_ids(&program))
                .map_err(xlsx_error)?;
            let mut col: u16 = 3;
            if view.include_excluded {
                sheet
                    .write_string(row, col, program.status())
                    .map_err(xlsx_error)?;
                col += 1;
            }
            if view.show_costs {
                // Net cost in the file's currency, study hours, points per 1,000 (as the
                // score, to 2 places).
                let [net_cost, hours, points] = super::cost_values(&program);
                let points = points.map(|p| (p.round_dp_with_strategy(2, HALF_UP), "0.00".into()));
                for cell in [
                    net_cost.map(|v| computed(v, Some(report.currency))),
                    hours.map(|v| computed(v, None)),
                    points.map(|(v, code): (Decimal, String)| (v, Some(code))),
                ] {
                    if let Some((value, code)) = cell {
                        write_number(sheet, &mut formats, (row, col), value, code)?;
                    }
                    col += 1;
                }
            }
            debug_assert_eq!(usize::from(col), fixed_columns);
            for (i, (c, cell)) in (col..columns).zip(program.cells().iter()).enumerate() {
                let written = readings.get(i, cell, &mut formats);
                write_cell(sheet, &formats, (row, c), cell, written)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        sheet
            .autofilter(0, 0, row, columns.saturating_sub(1))
            .map_err(xlsx_error)?;

        let weights = workbook.add_worksheet();
        weights.set_name("Weights").map_err(xlsx_error)?;
        for (c, h) in [
            "Criterion",
            "Weight",
            "Share",
            "Direction",
            "Scale min",
            "Scale max",
            "Normalize",
            "Id",
        ]
        .iter()
        .enumerate()
        {
            weights
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xlsx_error)?;
        }
        // Checked: weights from a weights file may add up to more than a decimal holds.
        let total = report
            .criteria
            .iter()
            .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.weight))
            .unwrap_or_default();
        let mut r: u32 = 0;
        for criterion in &report.criteria {
            r += 1;
            weights
                .write_string(r, 0, &criterion.label)
                .map_err(xlsx_error)?;
            // The id last, for `--weight ID=VALUE` and for matching the CSV and JSON.
            weights
                .write_string(r, 7, &criterion.id)
                .map_err(xlsx_error)?;
            weights
                .write_number(r, 1, to_f64(criterion.weight, 28))
                .map_err(xlsx_error)?;
            if !total.is_zero() {
                let share = criterion.weight.checked_div(total).unwrap_or_default();
                weights
                    .write_number(r, 2, to_f64(share, 4))
                    .map_err(xlsx_error)?;
            }
            let direction = format!("{:?}", criterion.direction).to_lowercase();
            weights.write_string(r, 3, direction).map_err(xlsx_error)?;
            weights
                .write_number(r, 4, to_f64(criterion.scale.min, 28))
                .map_err(xlsx_error)?;
            weights
                .write_number(r, 5, to_f64(criterion.scale.max, 28))
                .map_err(xlsx_error)?;
            let normalize = format!("{:?}", criterion.normalize).to_lowercase();
            weights.write_string(r, 6, normalize).map_err(xlsx_error)?;
        }
        r += 2;
        weights
            .write_string(r, 0, "weights from")
            .map_err(xlsx_error)?;
        weights
            .write_string(r, 1, report.weights_source.to_string())
            .map_err(xlsx_error)?;
        if !report.weight_overrides.is_empty() {
            r += 1;
            weights
                .write_string(r, 0, "changed with --weight")
                .map_err(xlsx_error)?;
            weights
                .write_string(r, 1, report.weight_overrides.join(", "))
                .map_err(xlsx_error)?;
        }
        weights.set_column_width(0, 24).map_err(xlsx_error)?;
        // The zip is written to an unnamed temporary file (its writer seeks back to fill in
        // sizes) and then copied into `out`: built in a buffer, the whole workbook sat in
        // memory at once (51 MB at a million rows).
        let mut zipped = tempfile::tempfile().map_err(super::write_failed)?;
        workbook.save_to_writer(&mut zipped).map_err(xlsx_error)?;
        zipped
            .seek(std::io::SeekFrom::Start(0))
            .and_then(|_| std::io::copy(&mut zipped, out))
            .map(drop)
            .map_err(super::write_failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `texts` in one row as cells of a column read as `kind`, and reads back each
    /// cell's value and number format.
    fn round_trip(
        reading: &crate::dataset::CellReading,
        texts: &[&str],
    ) -> Vec<(calamine::Data, Option<String>)> {
        use calamine::Reader;
        let mut workbook = Workbook::new();
        let mut formats = Formats::default();
        let sheet = workbook.add_worksheet();
        for (i, text) in texts.iter().enumerate() {
            let written = Written::of(reading.typed(0, text, &[]), &mut formats);
            write_cell(sheet, &formats, (0, i as u16), text, written).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let mut back: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = back.worksheet_range("Sheet1").unwrap();
        let styles = back.worksheet_style("Sheet1").unwrap();
        range.rows().next().unwrap()[..texts.len()]
            .iter()
            .enumerate()
            .map(|(i, data)| {
                let format = styles
                    .get((0, i as u32))
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.clone());
                (data.clone(), format)
            })
            .collect()
    }

    #[test]
    fn plain_numbers_become_numbers_and_everything_else_text() {
        use calamine::Data;
        let got = round_trip(
            &crate::dataset::CellReading::default(),
            &[
                "4.5",
                "=1+1",
                "-5",
                "0012",
                " 3",
                "12345678901234567",
                "0.25",
                "4.50",
                "12,000",
                "10-15",
            ],
        );
        let values: Vec<&Data> = got.iter().map(|(d, _)| d).collect();
        assert_eq!(
            values,
            [
                &Data::Float(4.5),
                &Data::String("=1+1".into()),
                &Data::Float(-5.0),
                &Data::String("0012".into()),
                &Data::Float(3.0),
                &Data::String("12345678901234567".into()),
                &Data::Float(0.25),
                &Data::Float(4.5),
                &Data::Float(12000.0),
                &Data::String("10-15".into()),
            ]
        );
        // Decimal places and thousands separators as written.
        assert_eq!(got[7].1.as_deref(), Some("0.00"));
        assert_eq!(got[8].1.as_deref(), Some("#,##0"));
    }

    #[test]
    fn money_keeps_its_currency_and_places_in_the_number_format() {
        use crate::dataset::{CellReading, ColumnKind};
        use calamine::Data;
        let gbp = Currency::from_code("GBP").unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let pounds = CellReading {
            decimal_comma: false,
            currency: gbp,
            kinds: vec![ColumnKind::Money],
        };
        let got = round_trip(&pounds, &["£58,000", "35000", "TBC", "£10,000-£15,000"]);
        assert_eq!(got[0], (Data::Float(58000.0), Some("\"£\"#,##0".into())));
        assert_eq!(got[1], (Data::Float(35000.0), Some("\"£\"#,##0".into())));
        assert_eq!(got[2], (Data::String("TBC".into()), None));
        assert_eq!(got[3].0, Data::String("£10,000-£15,000".into()));
        let euros = CellReading {
            decimal_comma: true,
            currency: eur,
            kinds: vec![ColumnKind::Money],
        };
        let got = round_trip(&euros, &["24.500,00 €", "21.500"]);
        assert_eq!(
            got[0],
            (Data::Float(24500.0), Some("#,##0.00\" €\"".into()))
        );
        assert_eq!(got[1], (Data::Float(21500.0), Some("\"€\"#,##0".into())));
    }

    #[test]
    fn number_formats_show_what_was_written() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        let chf = Currency::from_code("CHF").unwrap();
        assert_eq!(number_format(d("2"), false, None), None);
        assert_eq!(number_format(d("2.50"), false, None), Some("0.00".into()));
        assert_eq!(
            number_format(d("1250.5"), true, Some((chf, false))),
            Some("\"CHF \"#,##0.0".into())
        );
        assert_eq!(
            number_format(d("1250"), true, Some((chf, true))),
            Some("#,##0\" CHF\"".into())
        );
        assert_eq!(
            computed(d("1250.004"), Some(Currency::USD)),
            (d("1250"), Some("\"$\"#,##0".into()))
        );
        assert_eq!(
            computed(d("1250.5"), Some(Currency::USD)),
            (d("1250.50"), Some("\"$\"#,##0.00".into()))
        );
        assert_eq!(
            computed(d("1104.0"), None),
            (d("1104"), Some("#,##0".into()))
        );
    }

    #[test]
    fn decimals_round_before_becoming_doubles() {
        assert_eq!(to_f64(Decimal::new(85_275, 3), 2), 85.28);
        assert_eq!(to_f64(Decimal::new(45, 1), 28), 4.5);
    }
}
