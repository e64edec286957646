//! `--compare FILE` on `rank`: not a subcommand of its own, but the glue that reads the
//! second weights file, runs [`crate::analysis::compare`] and prints the comparison as a
//! table or JSON (`report --compare` puts the same comparison on the page).

use crate::config::Config;
use crate::error::{Error, Result};
use crate::export::Format;
use crate::output::{self, Delivery, Destination};
use crate::settings::RankSettings;
use std::io::Write;
use std::path::Path;

/// Refuses what `--compare` cannot honour: a scoring method other than the weighted sum
/// (the "why" is in weighted-sum points).
pub fn check_method(method: crate::scoring::methods::Method) -> Result<()> {
    if method != crate::scoring::methods::Method::Wsm {
        return Err(Error::usage(format!(
            "--compare explains moves in weighted-sum points, so it works with --method wsm only (not --method {method}); drop --method"
        )));
    }
    Ok(())
}

/// Runs `rank --compare FILE`.
pub fn run(settings: &RankSettings, other_path: &Path) -> Result<()> {
    check_method(settings.scoring.options.method)?;
    let format = settings.format;
    if !matches!(format, Format::Table | Format::Json) {
        return Err(Error::usage(
            "--compare writes a table or JSON (--format json, or -o NAME.json); \
             for a page with both rankings use progrank report --compare",
        ));
    }
    let other = Config::from_file_of(other_path, "--compare")?;
    let sheet = crate::input::read_sheet(&settings.input, &settings.read)?;
    let (comparison, [report, _, _]) = crate::analysis::compare::run(
        sheet,
        &settings.scoring.config,
        &other,
        &settings.scoring.options,
    )?;
    let reads = output::Reads {
        compare: Some(other_path),
        ..settings.scoring.reads(&settings.input)
    };
    let delivery = output::write_with(&settings.destination, reads, |out| {
        match format {
            Format::Json => crate::export::compare::write_json(&comparison, out),
            _ => crate::export::compare::write_text(&comparison, settings.top, out),
        }
        .map_err(crate::export::write_failed)
    })?;
    if delivery == Delivery::Complete {
        // What the input's reading needed to say (a header read as a criterion, columns of
        // an earlier run left out, a criterion left out), as `rank` and `report` say it.
        report.print_notes();
    }
    if delivery == Delivery::Complete
        && let Destination::File(path) = &settings.destination
    {
        let _ = writeln!(
            std::io::stderr(),
            "wrote the comparison of {} ranked programs to {}",
            comparison.programs.len(),
            crate::text::escape_controls(&path.display().to_string())
        );
    }
    Ok(())
}
