//! A walk over the records of a legacy `.xls` before calamine opens it.
//!
//! calamine parses every sheet of an `.xls` when the workbook is opened: it reserves room
//! for the area a sheet's `DIMENSIONS` record declares, then lays the cells out as a dense
//! grid spanning the farthest cell. A 5.6 KB file with one cell at `IV65536` took 1 GB. This
//! walk reads the same records (the compound file's `Workbook` stream, BIFF record by
//! record, nested chart substreams skipped as calamine skips them) and refuses a workbook
//! whose grids would pass `max_cells`, or whose stream is past `max_part_bytes`, before
//! calamine allocates anything. A compound file or record stream that cannot be walked is
//! reported as damaged, with the reason.

use super::{damaged, place};
use crate::error::{DataError, Result};
use crate::input::Limits;
use std::io::{Cursor, Read};

/// The grids one worksheet substream makes calamine allocate.
#[derive(Default)]
struct Substream {
    /// The largest `DIMENSIONS` area, as calamine computes it for its reservation.
    declared: u64,
    /// The bounding box of the value cells, and of the formula cells.
    values: Bounds,
    formulas: Bounds,
}

#[derive(Default, Clone, Copy)]
struct Bounds {
    /// (first row, last row, first column, last column), once a cell has been seen.
    span: Option<(u32, u32, u32, u32)>,
}

impl Bounds {
    fn add(&mut self, row: u32, column: u32) {
        self.span = Some(match self.span {
            None => (row, row, column, column),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(column), c1.max(column)),
        });
    }

    fn area(self) -> u64 {
        self.span.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
        })
    }
}

impl Substream {
    fn cells(&self) -> u64 {
        self.declared
            .max(self.values.area())
            .saturating_add(self.formulas.area())
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The area calamine reserves for a `DIMENSIONS` record, computed as it does (with its
/// wrapping arithmetic on a record whose last row is before its first).
fn declared_area(data: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
    let columns = (cl - 1).wrapping_sub(cf).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(columns))
}

/// Refuses an `.xls` whose sheets would make calamine allocate past the budget.
pub(super) fn check(name: &str, bytes: &[u8], limits: &Limits) -> Result<()> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| damaged(name, &format!("not a readable .xls compound file: {e}")))?;
    let path = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))
        .ok_or_else(|| damaged(name, "the file holds no Workbook stream"))?;
    let size = file
        .entry(path)
        .map_err(|e| damaged(name, &e.to_string()))?
        .len();
    if size > limits.max_part_bytes {
        return Err(DataError::TooLarge {
            location: name.into(),
            what: format!("the workbook stream ({size} bytes)"),
            limit: crate::input::human_bytes(limits.max_part_bytes),
        }
        .into());
    }
    let mut stream = Vec::new();
    file.open_stream(path)
        .and_then(|s| s.take(limits.max_part_bytes).read_to_end(&mut stream))
        .map_err(|e| damaged(name, &format!("the workbook stream cannot be read: {e}")))?;
    let mut total: u64 = 0;
    let mut far = (0u32, 0u32);
    for sheet in substreams(&stream) {
        total = total.saturating_add(sheet.cells());
        if let Some((_, r1, _, c1)) = sheet.values.span {
            far = far.max((r1, c1));
        }
    }
    if total > limits.max_cells {
        return Err(DataError::TooLarge {
            location: place(name, "(all sheets)", far.0, Some(far.1))
                .to_string()
                .replace(", sheet (all sheets)", ""),
            what: format!(
                "the grid the sheets of this .xls span ({total} cells, blanks between the cells included)"
            ),
            limit: format!("{} cells", limits.max_cells),
        }
        .into());
    }
    Ok(())
}

/// The worksheet substreams of a BIFF record stream, as calamine would lay them out.
fn substreams(stream: &[u8]) -> Vec<Substream> {
    let mut sheets = Vec::new();
    let mut current: Option<Substream> = None;
    let mut depth = 0usize;
    let mut at = 0usize;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let start = at + 4;
        let end = start + usize::from(len);
        let Some(data) = stream.get(start..end) else {
            break;
        };
        at = end;
        match kind {
            // BOF: a substream starts; one inside another is an embedded chart.
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    current = Some(Substream::default());
                }
            }
            // EOF
            0x000A => {
                if depth == 1
                    && let Some(sheet) = current.take()
                {
                    sheets.push(sheet);
                }
                depth = depth.saturating_sub(1);
            }
            _ if depth != 1 => {}
            _ => {
                let Some(sheet) = current.as_mut() else {
                    continue;
                };
                let cell = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
                match kind {
                    0x0200 => sheet.declared = sheet.declared.max(declared_area(data)),
                    0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                        if let Some((row, column)) = cell() {
                            sheet.values.add(row, column);
                        }
                    }
                    0x0006 => {
                        if let Some((row, column)) = cell() {
                            sheet.values.add(row, column);
                            sheet.formulas.add(row, column);
                        }
                    }
                    // MULRK: a row, a first column and, last, a last column.
                    0x00BD if data.len() >= 6 => {
                        if let (Some(row), Some(first), Some(last)) = (
                            u16_at(data, 0),
                            u16_at(data, 2),
                            u16_at(data, data.len() - 2),
                        ) {
                            sheet.values.add(u32::from(row), u32::from(first));
                            sheet.values.add(u32::from(row), u32::from(last.max(first)));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // A substream the stream ends inside still counts: calamine reads what is there.
    sheets.extend(current);
    sheets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
        out.extend(data);
        out
    }

    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn grids_span_the_farthest_cells_and_the_declared_dimensions() {
        let mut stream = record(0x0809, &[0; 16]);
        stream.extend(record(0x000A, &[]));
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(number(0, 0));
        stream.extend(number(65535, 255));
        stream.extend(record(0x000A, &[]));
        stream.extend(record(0x0809, &[0; 16]));
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(1000u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(10u16.to_le_bytes());
        dims.extend([0, 0]);
        stream.extend(record(0x0200, &dims));
        // A chart inside the sheet: its records are not the sheet's.
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(number(60000, 200));
        stream.extend(record(0x000A, &[]));
        stream.extend(record(0x000A, &[]));
        let sheets = substreams(&stream);
        let cells: Vec<u64> = sheets.iter().map(Substream::cells).collect();
        assert_eq!(cells, vec![0, 65536 * 256, 1000 * 10]);
    }

    #[test]
    fn a_dimensions_record_ending_before_it_starts_counts_as_calamine_reserves() {
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(1u16.to_le_bytes());
        dims.extend([0, 0]);
        assert!(declared_area(&dims) > 4_000_000_000);
    }
}
