//! Benchmark input generator (issue 6): writes a deterministic CSV of N programs with the
//! columns `name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,
//! tuition_usd,hours_per_week`.
//!
//! ```text
//! cargo run --release --example gen_bench -- ROWS OUT.csv [--seed N]
//! ```
//!
//! Same rows and seed give the same bytes on every machine: the random numbers come from a
//! hand-written SplitMix64 (no `rand` crate, whose streams may change between versions) and
//! every value is formatted as an integer. `bench/run.sh` checks the files against the
//! SHA-256 sums in `bench/gen.sha256`, so a change here that alters the bytes is caught.
//!
//! Ratings are uniform integers 1–5, tuition a whole number of dollars from 5,000 to 80,000,
//! hours 4–30 a week. Names are `Word 0000042`: unique thanks to the row number, and not in
//! file order thanks to the random word, so sorting by name does real work. Every word is
//! one capital then lower case, so case-insensitive and byte order agree and competitors
//! that sort by plain name order produce the same ranking as progrank.

use std::io::{BufWriter, Write};

/// The seed used unless `--seed` says otherwise (the issue number, spelled out).
const DEFAULT_SEED: u64 = 0x0006_0006_0006_0006;

/// Short place-like words for names; 64 of them so a word is 6 random bits.
const WORDS: [&str; 64] = [
    "Alder", "Ashford", "Aspen", "Bay", "Beacon", "Birch", "Bluff", "Brook", "Cedar", "Cliff",
    "Coast", "Cove", "Crest", "Dale", "Delta", "Dune", "Elm", "Fair", "Fern", "Field", "Ford",
    "Glen", "Grove", "Harbor", "Heath", "Hill", "Holly", "Iris", "Isle", "Juniper", "Lake",
    "Laurel", "Linden", "Maple", "Marsh", "Meadow", "Mesa", "Mill", "Moor", "North", "Oak",
    "Orchard", "Park", "Pine", "Plain", "Prairie", "Quarry", "Reed", "Ridge", "River", "Rowan",
    "Sage", "Shore", "South", "Spring", "Stone", "Summit", "Valley", "Vista", "West", "Willow",
    "Wood", "Yarrow", "Zenith",
];

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast and fully specified.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `low..=high`. The modulo bias is below 1e-12 for these ranges and, more
    /// to the point, fixed: the output only has to be the same every time.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: gen_bench ROWS OUT.csv [--seed N] [--shape comma|semicolon|tab|quoted|crlf-bom|decimals]"
    );
    std::process::exit(2);
}

/// How the same rows are written: the shapes real spreadsheets export (issue 15).
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// `,`-separated, `\n` line ends: the original benchmark file, byte for byte.
    Comma,
    /// A European Excel export: `;`-separated, tuition with a decimal comma (`12345,00`).
    Semicolon,
    /// Excel's "Text (Tab delimited)".
    Tab,
    /// Every field in double quotes, as some tools write every CSV.
    Quoted,
    /// A UTF-8 byte order mark and `\r\n` line ends, as Excel's "CSV UTF-8" writes.
    CrlfBom,
    /// Comma-separated, each rating with two decimals (`3.47`, an average of reviewers'
    /// scores): not a shape of the same rows but other data, where nearly every program has
    /// a ratings tuple of its own, so nothing computed per distinct tuple is shared.
    Decimals,
}

fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut shape = Shape::Comma;
    if let Some(at) = args.iter().position(|a| a == "--shape") {
        shape = match args.get(at + 1).map(String::as_str) {
            Some("comma") => Shape::Comma,
            Some("semicolon") => Shape::Semicolon,
            Some("tab") => Shape::Tab,
            Some("quoted") => Shape::Quoted,
            Some("crlf-bom") => Shape::CrlfBom,
            Some("decimals") => Shape::Decimals,
            _ => usage(),
        };
        args.drain(at..at + 2);
    }
    let (rows, out, seed) = match args.as_slice() {
        [rows, out] => (rows, out, DEFAULT_SEED),
        [rows, out, flag, seed] if flag == "--seed" => {
            (rows, out, seed.parse().unwrap_or_else(|_| usage()))
        }
        _ => usage(),
    };
    let rows: u64 = rows.parse().unwrap_or_else(|_| usage());
    let (sep, end, quote) = match shape {
        Shape::Comma | Shape::Quoted | Shape::Decimals => (",", "\n", shape == Shape::Quoted),
        Shape::Semicolon => (";", "\n", false),
        Shape::Tab => ("\t", "\n", false),
        Shape::CrlfBom => (",", "\r\n", false),
    };
    let q = if quote { "\"" } else { "" };

    let mut rng = SplitMix64(seed);
    // One large BufWriter and plain `write!`: generating 5M rows takes a few seconds, far
    // less than timing them, so no faster formatting is worth a dependency.
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(out)?);
    if shape == Shape::CrlfBom {
        w.write_all(b"\xEF\xBB\xBF")?;
    }
    let header = [
        "name",
        "faculty_quality",
        "scholarship_support",
        "funding",
        "schedule_flexibility",
        "brand_name",
        "tuition_usd",
        "hours_per_week",
    ];
    for (i, h) in header.iter().enumerate() {
        let sep = if i == 0 { "" } else { sep };
        write!(w, "{sep}{q}{h}{q}")?;
    }
    write!(w, "{end}")?;
    for i in 1..=rows {
        let word = WORDS[(rng.next() >> 58) as usize];
        write!(w, "{q}{word} {i:07}{q}")?;
        for _ in 0..5 {
            if shape == Shape::Decimals {
                let hundredths = rng.between(100, 500);
                write!(w, "{sep}{}.{:02}", hundredths / 100, hundredths % 100)?;
            } else {
                write!(w, "{sep}{q}{}{q}", rng.between(1, 5))?;
            }
        }
        let tuition = rng.between(5_000, 80_000);
        let cents = if shape == Shape::Semicolon { ",00" } else { "" };
        write!(w, "{sep}{q}{tuition}{cents}{q}")?;
        write!(w, "{sep}{q}{}{q}{end}", rng.between(4, 30))?;
    }
    w.flush()
}
