//! `progrank init [DIR]`: give a new user a starting point. Writes a `programs.csv` with every
//! column progrank knows and two example rows, and a `weights.toml` holding the built-in
//! defaults with their comments, then prints the command to run next.
//!
//! It never overwrites: if either file exists, it writes neither and says which is in the way.

use crate::config::DEFAULT_WEIGHTS_TOML;
use crate::error::{Error, Result};
use crate::output::{self, Destination};
use std::path::{Path, PathBuf};

/// Arguments of `progrank init`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Folder to write programs.csv and weights.toml into; created if missing.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// The name of the starter shortlist.
pub const PROGRAMS_FILE: &str = "programs.csv";
/// The name of the starter weights file.
pub const WEIGHTS_FILE: &str = "weights.toml";

/// Every column progrank knows, in the order the starter sheet has them: the name, the five
/// criteria of the default weights, then the optional detail columns.
pub const STARTER_COLUMNS: [&str; 17] = [
    "program",
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
    "tuition_usd",
    "funding_usd",
    "hours_per_week",
    "duration_years",
    "graduate_publications",
    "hands_on_project",
    "mentorship",
    "hpe_specific",
    "delivery",
    "program_type",
    "notes",
];

/// The example rows: a master's and a cheaper alternative to compare it with. The names say
/// they are examples, so a forgotten row is obvious in a ranking.
const EXAMPLE_ROWS: [[&str; 17]; 2] = [
    [
        "Example University MHPE (replace me)",
        "4",
        "4",
        "partial",
        "hybrid",
        "3",
        "30000",
        "10000",
        "15",
        "2",
        "8",
        "yes",
        "yes",
        "yes",
        "hybrid",
        "masters",
        "Ratings run 1 to 5; funding may be none, partial or full; schedule in-person, hybrid or online",
    ],
    [
        "Example Faculty Development Certificate (replace me)",
        "3",
        "3",
        "full",
        "online",
        "2",
        "4000",
        "4000",
        "4",
        "1",
        "2",
        "yes",
        "yes",
        "yes",
        "online",
        "certificate",
        "A cheaper alternative to weigh against the degree",
    ],
];

/// The starter `programs.csv`.
pub fn starter_csv() -> String {
    let mut writer = crate::export::FormulaSafeWriter::new(Vec::new());
    writer
        .write_record(STARTER_COLUMNS)
        .and_then(|()| {
            EXAMPLE_ROWS
                .iter()
                .try_for_each(|row| writer.write_record(row))
        })
        .expect("writing CSV to memory cannot fail");
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("the starter rows are UTF-8")
}

/// Runs `progrank init`.
pub fn run(args: Args) -> Result<()> {
    let programs = args.dir.join(PROGRAMS_FILE);
    let weights = args.dir.join(WEIGHTS_FILE);
    // Anything at either path (a file, a folder, even a dangling link) is in the way.
    let in_the_way: Vec<PathBuf> = [&programs, &weights]
        .into_iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .cloned()
        .collect();
    if !in_the_way.is_empty() {
        return Err(Error::WouldOverwrite { paths: in_the_way });
    }
    if !args.dir.exists() && looks_like_a_file(&args.dir) {
        return Err(Error::usage(format!(
            "init writes {PROGRAMS_FILE} and {WEIGHTS_FILE} into a folder, and {} looks like \
             a file name; name a folder (progrank init my-shortlist), or leave it out to write \
             them here",
            crate::text::escape_controls(&args.dir.display().to_string())
        )));
    }
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(Error::OutputUnwritable {
            path: args.dir.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "it is a file, not a folder",
            ),
        });
    }
    std::fs::create_dir_all(&args.dir).map_err(|source| Error::OutputUnwritable {
        path: args.dir.clone(),
        source,
    })?;
    let csv = starter_csv();
    output::write(
        &Destination::File(programs.clone()),
        csv.as_bytes(),
        output::Reads::default(),
    )?;
    if let Err(err) = output::write(
        &Destination::File(weights.clone()),
        DEFAULT_WEIGHTS_TOML.as_bytes(),
        output::Reads::default(),
    ) {
        // Leave nothing half done: the sheet was ours, written a moment ago.
        let _ = std::fs::remove_file(&programs);
        return Err(err);
    }
    let message = next_steps(&args.dir);
    output::write(
        &Destination::Stdout,
        message.as_bytes(),
        output::Reads::default(),
    )
    .map(drop)
}

/// Whether `dir` ends in a spreadsheet, weights or output file's extension (`shortlist.csv`):
/// `init` takes a folder, and one of these names is a user expecting it to write that file,
/// who would get a folder named `shortlist.csv` instead.
fn looks_like_a_file(dir: &Path) -> bool {
    const FILE_EXTENSIONS: [&str; 13] = [
        "csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods", "toml", "json", "html", "htm",
        "md",
    ];
    dir.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What was written and the command to run next.
fn next_steps(dir: &Path) -> String {
    let shown = |name: &str| {
        let shown = if dir == Path::new(".") {
            name.to_owned()
        } else {
            dir.join(name).display().to_string()
        };
        // The folder's name reaches the terminal: control characters in it are shown as
        // escapes, never sent as such.
        crate::text::escape_controls(&shown)
    };
    let (programs, weights) = (shown(PROGRAMS_FILE), shown(WEIGHTS_FILE));
    format!(
        "wrote {programs} (two example programs) and {weights} (the built-in weights)\n\
         Replace the example rows with your shortlist, adjust the weights if you like, then run:\n\
         \n  progrank rank {} --weights {}\n",
        crate::text::shell_word(&programs),
        crate::text::shell_word(&weights)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_starter_sheet_has_every_criterion_and_every_known_column() {
        let csv = starter_csv();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        assert_eq!(header, STARTER_COLUMNS);
        for criterion in &Config::default().criteria {
            assert!(header.contains(&criterion.id.as_str()), "{}", criterion.id);
        }
        assert_eq!(csv.lines().count(), 3, "a header and two example rows");
    }

    #[test]
    fn the_starter_sheet_is_rankable_with_the_defaults() {
        let sheet = crate::input::Sheet::from_csv("programs.csv", starter_csv().as_bytes())
            .expect("the starter sheet parses");
        let report = crate::pipeline::run(
            sheet,
            &Config::default(),
            &crate::pipeline::ScoringOptions::default(),
        )
        .expect("the starter sheet scores");
        assert_eq!(report.ranked().len(), 2);
        assert!(report.excluded().is_empty());
    }

    #[test]
    fn the_next_command_names_the_files_where_they_are() {
        assert!(
            next_steps(Path::new("."))
                .contains("\n  progrank rank programs.csv --weights weights.toml\n")
        );
        assert!(
            next_steps(Path::new("my search")).contains(
                "progrank rank 'my search/programs.csv' --weights 'my search/weights.toml'"
            )
        );
    }
}
