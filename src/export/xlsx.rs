//! Excel workbook export (`-o ranked.xlsx`), written with `rust_xlsxwriter`.
//!
//! Sheet "Ranked": `rank`, `score`, `red_flags` (then `status` and the cost columns when
//! asked for), then every input column in its original order; the header row is frozen and
//! filterable. Ranks, scores and input cells that are plain numbers are written as numbers,
//! so they sort and sum in the spreadsheet; everything else is written as text. Text cells
//! are never formulas in a workbook, so the CSV formula guard is not needed here: a cell
//! reading `=1+1` stays the text `=1+1`.
//!
//! Sheet "Weights": one row per criterion with the weight used, its share of the total,
//! direction, scale and normalisation, then where the weights came from.

use super::Exporter;
use crate::error::{Error, Result};
use crate::values::{parse_decimal, trimmed};
use crate::view::View;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

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
    let rows = view.exported().count();
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
        let name = crate::error::quote_cell(&program.name);
        for (cell, column) in program.cells.iter().zip(&view.report.headers) {
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
        let flags = flag_ids(program);
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
    crate::text::join(program.flags.iter().map(|f| f.id.as_str()), ";")
}

/// A decimal as the nearest f64, rounded first to `dp` places (Excel stores doubles).
fn to_f64(value: Decimal, dp: u32) -> f64 {
    trimmed(value, dp)
        .parse::<f64>()
        .unwrap_or_else(|_| value.to_f64().unwrap_or(0.0))
}

/// Writes one cell: a number when the text is a plain number that a double holds without
/// changing what is shown (at most 15 significant digits, no leading zero as in an ID such
/// as `0012`), else text.
fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<()> {
    let leading_zero = text.len() > 1 && text.starts_with('0') && !text.starts_with("0.");
    let as_number = parse_decimal(text).ok().filter(|d| {
        let digits = d.normalize().mantissa().unsigned_abs().to_string().len();
        digits <= 15 && text.trim() == text && !leading_zero
    });
    match as_number {
        Some(d) => sheet.write_number(row, col, to_f64(d, 28)).map(|_| ()),
        // check_fits made sure the text fits a cell.
        None => sheet.write_string(row, col, text).map(|_| ()),
    }
    .map_err(xlsx_error)
}

impl Exporter for XlsxExporter {
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let report = view.report;
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let score_format = Format::new().set_num_format("0.00");

        let sheet = workbook.add_worksheet();
        sheet.set_name("Ranked").map_err(xlsx_error)?;
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
            if let Some(rank) = program.rank {
                sheet
                    .write_number(row, 0, rank as f64)
                    .map_err(xlsx_error)?;
            }
            sheet
                .write_number_with_format(row, 1, to_f64(program.score, 2), &score_format)
                .map_err(xlsx_error)?;
            sheet
                .write_string(row, 2, flag_ids(program))
                .map_err(xlsx_error)?;
            let mut col: u16 = 3;
            if view.include_excluded {
                sheet
                    .write_string(row, col, program.status())
                    .map_err(xlsx_error)?;
                col += 1;
            }
            if view.show_costs {
                for value in super::cost_values(program) {
                    if let Some(v) = value {
                        sheet
                            .write_number(row, col, to_f64(v, 2))
                            .map_err(xlsx_error)?;
                    }
                    col += 1;
                }
            }
            debug_assert_eq!(usize::from(col), fixed_columns);
            for (c, cell) in (col..columns).zip(&program.cells) {
                write_cell(sheet, row, c, cell)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        sheet
            .autofilter(0, 0, row, columns.saturating_sub(1))
            .map_err(xlsx_error)?;
        sheet.set_column_width(2, 24).map_err(xlsx_error)?;

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
        let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
        out.write_all(&bytes).map_err(super::write_failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_become_numbers_and_everything_else_text() {
        use calamine::{Data, Reader};
        let texts = [
            "4.5",
            "=1+1",
            "-5",
            "0012",
            " 3",
            "12345678901234567",
            "0.25",
        ];
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (i, text) in texts.iter().enumerate() {
            write_cell(sheet, 0, i as u16, text).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let mut back: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = back.worksheet_range("Sheet1").unwrap();
        let got: Vec<Data> = range.rows().next().unwrap().to_vec();
        assert_eq!(
            got,
            vec![
                Data::Float(4.5),
                Data::String("=1+1".into()),
                Data::Float(-5.0),
                Data::String("0012".into()),
                Data::String(" 3".into()),
                Data::String("12345678901234567".into()),
                Data::Float(0.25),
            ]
        );
    }

    #[test]
    fn decimals_round_before_becoming_doubles() {
        assert_eq!(to_f64(Decimal::new(85_275, 3), 2), 85.28);
        assert_eq!(to_f64(Decimal::new(45, 1), 28), 4.5);
    }
}
