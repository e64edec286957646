//! The CSV dialect progrank writes: delimiter, decimal mark, encoding, byte order mark and
//! line end.
//!
//! A ranked CSV goes back into the spreadsheet it came from, so by default it is written
//! the way the input was read: a `;`/decimal-comma Windows-1252 file from a European Excel
//! comes back as one, and a comma UTF-8 file as comma UTF-8 (with a BOM only if it had
//! one). The input's dialect is decided once, by the reader (see
//! [`crate::input::delimited`]); this module only reads that decision. `--csv-dialect`
//! names a fixed dialect instead.

use crate::input::{Encoding, Origin, Sheet};
use crate::view::View;

/// The text encoding of a CSV progrank writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// UTF-8.
    #[default]
    Utf8,
    /// Windows-1252 (Western European), what older European Excel versions read as "CSV".
    Windows1252,
}

/// How a CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvDialect {
    /// The field delimiter.
    pub delimiter: u8,
    /// Numbers progrank writes (score, costs) use a decimal comma: `85,27`.
    pub decimal_comma: bool,
    /// The text encoding.
    pub encoding: CsvEncoding,
    /// A UTF-8 byte order mark first (it tells Excel the file is UTF-8).
    pub bom: bool,
    /// Records end with `\r\n` rather than `\n`.
    pub crlf: bool,
}

impl Default for CsvDialect {
    /// Comma, decimal point, UTF-8 without a BOM, `\n`: the csv crate's defaults.
    fn default() -> Self {
        CsvDialect {
            delimiter: b',',
            decimal_comma: false,
            encoding: CsvEncoding::Utf8,
            bom: false,
            crlf: false,
        }
    }
}

/// Which dialect to write (`--csv-dialect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DialectChoice {
    /// The input's own: delimiter, decimal mark, encoding and BOM as read.
    #[default]
    Input,
    /// `,` and `.`, UTF-8 with a BOM: Excel in English-speaking locales.
    ExcelUs,
    /// `;` and `,`, UTF-8 with a BOM: Excel in most of continental Europe.
    ExcelEu,
    /// RFC 4180: `,` and `.`, UTF-8 without a BOM, `\r\n` line ends.
    Rfc4180,
}

impl CsvDialect {
    /// The dialect `sheet` was read in. A workbook gives comma, UTF-8 and no BOM; a
    /// UTF-16 text file gives UTF-8 with a BOM (Excel opens that right, and progrank does
    /// not write UTF-16). A decimal comma never goes with a comma delimiter: then `;`.
    pub fn of_input(sheet: &Sheet) -> CsvDialect {
        let delimiter = match sheet.origin {
            Origin::Text { delimiter, .. } => delimiter,
            Origin::Workbook { .. } => b',',
        };
        let (encoding, bom) = match sheet.text_encoding {
            None => (CsvEncoding::Utf8, false),
            Some(found) => match found.encoding {
                Encoding::Windows1252 => (CsvEncoding::Windows1252, false),
                Encoding::Utf16Le | Encoding::Utf16Be => (CsvEncoding::Utf8, true),
                Encoding::Utf8 | Encoding::Auto => (CsvEncoding::Utf8, found.bom),
            },
        };
        let delimiter = if sheet.decimal_comma && delimiter == b',' {
            b';'
        } else {
            delimiter
        };
        CsvDialect {
            delimiter,
            decimal_comma: sheet.decimal_comma,
            encoding,
            bom,
            crlf: false,
        }
    }

    /// The dialect `choice` names, `input` being the input's own.
    pub fn choose(choice: DialectChoice, input: CsvDialect) -> CsvDialect {
        let fixed = |delimiter, decimal_comma, bom, crlf| CsvDialect {
            delimiter,
            decimal_comma,
            encoding: CsvEncoding::Utf8,
            bom,
            crlf,
        };
        match choice {
            DialectChoice::Input => input,
            DialectChoice::ExcelUs => fixed(b',', false, true, false),
            DialectChoice::ExcelEu => fixed(b';', true, true, false),
            DialectChoice::Rfc4180 => fixed(b',', false, false, true),
        }
    }

    /// This dialect, unless it is Windows-1252 and some text of the report (a header, a
    /// cell, a flag id or a status) has a character Windows-1252 lacks: then UTF-8 with a
    /// BOM, with a note saying so, rather than a `?` in place of the character.
    pub fn fitting(self, view: &View) -> (CsvDialect, Option<String>) {
        if self.encoding != CsvEncoding::Windows1252 {
            return (self, None);
        }
        self.unless(first_not_in_windows_1252(view))
    }

    /// [`CsvDialect::fitting`] for a CSV whose text is `texts` (besides ASCII headers).
    pub fn fitting_texts<'t>(
        self,
        texts: impl IntoIterator<Item = &'t str>,
    ) -> (CsvDialect, Option<String>) {
        if self.encoding != CsvEncoding::Windows1252 {
            return (self, None);
        }
        let unfit = texts.into_iter().find(|t| !fits_windows_1252(t));
        self.unless(unfit.map(str::to_owned))
    }

    /// This dialect, or UTF-8 with a BOM and a note when `unfit` (a text Windows-1252
    /// cannot hold) is there.
    fn unless(self, unfit: Option<String>) -> (CsvDialect, Option<String>) {
        match unfit {
            None => (self, None),
            Some(text) => (
                CsvDialect {
                    encoding: CsvEncoding::Utf8,
                    bom: true,
                    ..self
                },
                Some(format!(
                    "the input is Windows-1252, but {:?} has a character Windows-1252 cannot \
                     hold, so the CSV is written as UTF-8 with a byte order mark (Excel opens \
                     it right); pass --csv-dialect to choose another",
                    crate::text::escape_controls(&text)
                )),
            ),
        }
    }

    /// A number progrank formatted (`85.27`) with this dialect's decimal mark.
    pub fn number(&self, text: String) -> String {
        if self.decimal_comma {
            text.replace('.', ",")
        } else {
            text
        }
    }
}

/// Whether `text` can be written in Windows-1252.
pub fn fits_windows_1252(text: &str) -> bool {
    text.is_ascii() || !encoding_rs::WINDOWS_1252.encode(text).2
}

/// The first text of the report's CSV that Windows-1252 cannot hold, if any.
fn first_not_in_windows_1252(view: &View) -> Option<String> {
    let bad = |text: &str| (!fits_windows_1252(text)).then(|| text.to_owned());
    for header in &view.report.headers {
        if let Some(found) = bad(header) {
            return Some(found);
        }
    }
    let mut seen_flags = std::collections::HashSet::new();
    for program in view.exported() {
        for cell in program.cells().iter() {
            if let Some(found) = bad(cell) {
                return Some(found);
            }
        }
        if seen_flags.insert(program.flags().addr()) {
            for flag in program.flags().iter() {
                if let Some(found) = bad(&flag.id) {
                    return Some(found);
                }
            }
        }
        if view.include_excluded
            && let Some(found) = bad(&program.status())
        {
            return Some(found);
        }
    }
    None
}

/// Writes UTF-8 text to `inner` as Windows-1252. Every character must fit (see
/// [`CsvDialect::fitting`]); one that does not would become an `&#NNNN;` reference. A character split between
/// two writes is kept until its rest arrives.
pub struct Windows1252Writer<'a> {
    inner: &'a mut dyn std::io::Write,
    pending: Vec<u8>,
}

impl<'a> Windows1252Writer<'a> {
    /// Encodes what is written into `inner`.
    pub fn new(inner: &'a mut dyn std::io::Write) -> Self {
        Windows1252Writer {
            inner,
            pending: Vec::new(),
        }
    }
}

impl Windows1252Writer<'_> {
    /// Writes `text` to the inner writer in Windows-1252.
    fn encode(&mut self, text: &str) -> std::io::Result<()> {
        if text.is_ascii() {
            self.inner.write_all(text.as_bytes())
        } else {
            self.inner
                .write_all(&encoding_rs::WINDOWS_1252.encode(text).0)
        }
    }
}

/// The longest prefix of `bytes` that is whole UTF-8 characters; an error if `bytes` holds
/// something that is not UTF-8 (a character cut short at the end is not an error).
fn whole_characters(bytes: &[u8]) -> std::io::Result<&str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if e.error_len().is_none() => {
            Ok(std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default())
        }
        Err(_) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "CSV text is not UTF-8",
        )),
    }
}

impl std::io::Write for Windows1252Writer<'_> {
    /// Encodes `buf` straight from the caller's bytes; only a character cut short at its
    /// end is kept (in `pending`) until the next write brings its rest.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        if !self.pending.is_empty() {
            // Finish the pending character with the first bytes of `buf` (at most 3).
            let take = rest.len().min(4 - self.pending.len());
            self.pending.extend_from_slice(&rest[..take]);
            let done = whole_characters(&self.pending)?.len();
            if done == 0 {
                // `buf` was too short to finish it.
                return Ok(buf.len());
            }
            let pending = std::mem::take(&mut self.pending);
            let text = std::str::from_utf8(&pending[..done]).unwrap_or_default();
            self.encode(text)?;
            // The bytes of `buf` past the finished character are encoded below.
            rest = &rest[take - (pending.len() - done)..];
        }
        let text = whole_characters(rest)?;
        self.encode(text)?;
        self.pending.extend_from_slice(&rest[text.len()..]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn report_of(sheet: Sheet) -> crate::report::Report {
        crate::pipeline::run(
            sheet,
            &crate::config::Config::default(),
            &crate::pipeline::ScoringOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn windows_1252_falls_back_to_utf8_with_a_bom_for_a_name_it_cannot_hold() {
        let text = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\nŁódź MHPE,4,3,3,3,3\nMontréal,3,3,3,3,3\n";
        let mut sheet = Sheet::from_csv("t.csv", text.as_bytes()).unwrap();
        sheet.text_encoding = Some(crate::input::TextEncoding {
            encoding: Encoding::Windows1252,
            bom: false,
        });
        let input = CsvDialect::of_input(&sheet);
        assert_eq!(input.encoding, CsvEncoding::Windows1252);
        let (dialect, note) = input.fitting(&View::new(&report_of(sheet)));
        assert_eq!(dialect.encoding, CsvEncoding::Utf8);
        assert!(dialect.bom);
        assert!(note.unwrap().contains("Łódź MHPE"));

        let fits = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\nMontréal,3,3,3,3,3\n";
        let fits = Sheet::from_csv("t.csv", fits.as_bytes());
        let mut fits = fits.unwrap();
        fits.text_encoding = sheet_encoding_1252();
        let (dialect, note) = CsvDialect::of_input(&fits).fitting(&View::new(&report_of(fits)));
        assert_eq!(dialect.encoding, CsvEncoding::Windows1252);
        assert_eq!(note, None);
    }

    fn sheet_encoding_1252() -> Option<crate::input::TextEncoding> {
        Some(crate::input::TextEncoding {
            encoding: Encoding::Windows1252,
            bom: false,
        })
    }

    #[test]
    fn a_character_split_between_writes_is_encoded_whole() {
        let mut out = Vec::new();
        {
            let mut writer = Windows1252Writer::new(&mut out);
            let text = "Montréal € x".as_bytes();
            for byte in text {
                writer.write_all(std::slice::from_ref(byte)).unwrap();
            }
        }
        assert_eq!(out, b"Montr\xE9al \x80 x");
    }

    #[test]
    fn text_cut_into_writes_anywhere_is_encoded_as_written_whole() {
        let text = "a;Montréal € x;ÿ\n\"é\";€€;z".as_bytes();
        let whole = encoding_rs::WINDOWS_1252
            .encode(std::str::from_utf8(text).unwrap())
            .0;
        for first in 0..=text.len() {
            for second in first..=text.len() {
                let mut out = Vec::new();
                let mut writer = Windows1252Writer::new(&mut out);
                for part in [&text[..first], &text[first..second], &text[second..]] {
                    assert_eq!(writer.write(part).unwrap(), part.len());
                }
                drop(writer);
                assert_eq!(out, whole.as_ref(), "cut at {first} and {second}");
            }
        }
        let mut out = Vec::new();
        let mut writer = Windows1252Writer::new(&mut out);
        writer.write_all(&text[..13]).unwrap();
        assert!(writer.write(b"\xFFx").is_err(), "not UTF-8");
    }

    #[test]
    fn a_decimal_comma_never_goes_with_a_comma_delimiter() {
        let mut sheet = Sheet::from_csv("t.csv", b"program,a\nX,1\n").unwrap();
        assert_eq!(CsvDialect::of_input(&sheet).delimiter, b',');
        sheet.decimal_comma = true;
        let dialect = CsvDialect::of_input(&sheet);
        assert_eq!((dialect.delimiter, dialect.decimal_comma), (b';', true));
        assert_eq!(dialect.number("85.27".into()), "85,27");
    }
}
