//! Writing results: to standard output, or atomically to a file.
//!
//! A file is written to a temporary file in the same folder and then renamed over the
//! target, so a reader never sees half a file and a failed run leaves nothing behind.
//! The file is not forced to disk (`fsync`) before the rename: that guards against a power
//! cut rather than a failed run, no comparable tool does it, and on a million-row ranking it
//! took longer than ranking the rows. The operating system writes it back as it writes back
//! every other program's output.
//! Writing over the input is refused. A closed pipe on standard output (`| head -1`) is not
//! an error: the reader has what it wanted.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the rendered output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file, written atomically.
    File(PathBuf),
}

/// Whether the reader got everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Every byte was written.
    Complete,
    /// Standard output was closed early (`| head`): not an error, but say nothing more.
    ReaderGone,
}

/// Writes `bytes` to `destination`; `input` is the file read, which may not be overwritten.
pub fn write(destination: &Destination, bytes: &[u8], input: Option<&Path>) -> Result<Delivery> {
    match destination {
        Destination::Stdout => write_stdout(bytes),
        Destination::File(path) => {
            write_file_atomically(path, bytes, input).map(|()| Delivery::Complete)
        }
    }
}

/// Streams output produced by `render` to `destination`, for outputs too large to hold in
/// memory: atomically to a file (nothing is left behind if `render` fails), or to standard
/// output through one buffer.
pub fn write_streaming(
    destination: &Destination,
    input: Option<&Path>,
    render: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<Delivery> {
    match destination {
        Destination::Stdout => {
            // `Stdout`, not its lock: the writer may be handed between threads (the lock
            // is taken at each write of 64 KiB or more).
            let mut writer = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
            match render(&mut writer).and_then(|()| writer.flush()) {
                Ok(()) => Ok(Delivery::Complete),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Delivery::ReaderGone),
                Err(e) => Err(Error::OutputUnwritable {
                    path: PathBuf::from("<stdout>"),
                    source: e,
                }),
            }
        }
        Destination::File(path) => {
            let mut temp = open_temporary(path, input)?;
            let unwritable = |source| Error::OutputUnwritable {
                path: path.to_owned(),
                source,
            };
            {
                let mut writer = std::io::BufWriter::with_capacity(1 << 16, temp.as_file_mut());
                render(&mut writer)
                    .and_then(|()| writer.flush())
                    .map_err(unwritable)?;
            }
            finish_temporary(temp, path)?;
            Ok(Delivery::Complete)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<Delivery> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(Delivery::Complete),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Delivery::ReaderGone),
        Err(e) => Err(Error::OutputUnwritable {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
    }
}

/// True when `a` and `b` name the same file (both must exist to be the same).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write_file_atomically(path: &Path, bytes: &[u8], input: Option<&Path>) -> Result<()> {
    let mut temp = open_temporary(path, input)?;
    temp.write_all(bytes)
        .map_err(|source| Error::OutputUnwritable {
            path: path.to_owned(),
            source,
        })?;
    finish_temporary(temp, path)
}

/// Checks the target and opens a temporary file beside it.
fn open_temporary(path: &Path, input: Option<&Path>) -> Result<tempfile::NamedTempFile> {
    if input.is_some_and(|input| same_file(input, path)) {
        return Err(Error::OutputIsInput {
            path: path.to_owned(),
        });
    }
    let unwritable = |source| Error::OutputUnwritable {
        path: path.to_owned(),
        source,
    };
    if path.is_dir() {
        return Err(unwritable(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        )));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".progrank-").suffix(".tmp");
    // A temporary file is private (0600); the result should get the permissions a plain
    // new file gets, or keep those of the file it replaces.
    if let Some(permissions) = target_permissions(path) {
        builder.permissions(permissions);
    }
    builder.tempfile_in(folder).map_err(unwritable)
}

/// Flushes the temporary file to disk and renames it over the target.
fn finish_temporary(temp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    let unwritable = |source| Error::OutputUnwritable {
        path: path.to_owned(),
        source,
    };
    temp.persist(path).map_err(|e| unwritable(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn target_permissions(path: &Path) -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(
        std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644)),
    )
}

#[cfg(not(unix))]
fn target_permissions(path: &Path) -> Option<std::fs::Permissions> {
    std::fs::metadata(path).ok().map(|m| m.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        write(&Destination::File(target.clone()), b"new", None).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_overwrite_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "data").unwrap();
        let sneaky = dir.path().join(".").join("in.csv");
        let err = write(&Destination::File(sneaky), b"x", Some(&input)).unwrap_err();
        assert!(matches!(err, Error::OutputIsInput { .. }));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "data");
    }

    #[test]
    fn a_missing_folder_is_an_output_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/folder/out.csv");
        let err = write(&Destination::File(target), b"x", None).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::CANT_CREATE);
    }
}
