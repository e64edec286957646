//! The parse-only baseline of the benchmark (issue 6): reads a CSV with the csv crate's
//! reusable `ByteRecord` and prints the number of data records, like `xsv count` (which is
//! not installed here). Nothing is decoded, scored or written, so this is the floor that
//! `progrank rank` is compared against in `bench/run.sh`.
//!
//! ```text
//! cargo run --release --example parse_only -- IN.csv
//! ```

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or("usage: parse_only IN.csv")?;
    let file = std::fs::File::open(path)?;
    // csv::Reader buffers internally (64 KiB), so the file is streamed, not read whole.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(file);
    let mut record = csv::ByteRecord::new();
    let mut count: u64 = 0;
    while reader.read_byte_record(&mut record)? {
        count += 1;
    }
    writeln!(std::io::stdout(), "{count}")?;
    Ok(())
}
