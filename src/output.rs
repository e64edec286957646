//! Writing results: to standard output, or atomically to a file.
//!
//! A file is written to a temporary file in the same folder and then renamed over the
//! target, so a reader never sees half a file and a failed run leaves nothing behind.
//! The file is not forced to disk (`fsync`) before the rename: that guards against a power
//! cut rather than a failed run, no comparable tool does it, and on a million-row ranking it
//! took longer than ranking the rows. The operating system writes it back as it writes back
//! every other program's output.
//!
//! What `-o` may name, and what happens:
//!
//! * a new name or a regular file: written atomically, as above; `-` is standard output;
//! * a device or a FIFO (`/dev/null`, a named pipe): written in place, never replaced by a
//!   regular file, and no temporary file is made;
//! * a symbolic link: refused (exit 73), so that a link planted where the output goes cannot
//!   make progrank replace a file the user did not name; except that a link to a device or a
//!   pipe (`/dev/stdout` on a terminal or a pipe) is written in place like the device itself;
//! * the input, by any name (checked by device and inode, so hard links and `.` paths are
//!   caught), or the file on standard input (`rank - -o in.csv < in.csv`): refused.
//!
//! SIGINT, SIGTERM and SIGHUP while a temporary file exists remove it before the process
//! exits with 130, 143 or 129 (see [`signals`]). A closed pipe on standard output
//! (`| head -1`) is not an error: the reader has what it wanted.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the rendered output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file, written atomically (or in place when it is a device or a FIFO).
    File(PathBuf),
}

impl Destination {
    /// The destination of `-o`: none or `-` is standard output, anything else a file.
    pub fn from_arg(output: Option<&Path>) -> Destination {
        match output {
            None => Destination::Stdout,
            Some(path) if path.as_os_str() == "-" => Destination::Stdout,
            Some(path) => Destination::File(path.to_owned()),
        }
    }
}

/// Whether the reader got everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Every byte was written.
    Complete,
    /// Standard output was closed early (`| head`): not an error, but say nothing more.
    ReaderGone,
}

/// The files a run reads, none of which `-o` may name: a run never writes over its own
/// input, and a weights file is input as much as the spreadsheet is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reads<'a> {
    /// The spreadsheet (`None` when it comes from standard input, or there is none).
    pub input: Option<&'a Path>,
    /// The weights file (`--weights`).
    pub weights: Option<&'a Path>,
    /// The second weights file (`--compare`).
    pub compare: Option<&'a Path>,
}

impl<'a> Reads<'a> {
    /// Each file read, with how the refusal names it and how it was given.
    fn named(&self) -> impl Iterator<Item = (&'a Path, &'static str, &'static str)> {
        [
            (self.input, "the input file", ""),
            (self.weights, "the weights file", " (read with --weights)"),
            (self.compare, "the weights file", " (read with --compare)"),
        ]
        .into_iter()
        .filter_map(|(path, what, read_with)| path.map(|path| (path, what, read_with)))
    }
}

/// Writes `bytes` to `destination`; no file of `reads` may be overwritten (nor may the
/// file on standard input).
pub fn write(destination: &Destination, bytes: &[u8], reads: Reads<'_>) -> Result<Delivery> {
    write_with(destination, reads, |w| {
        w.write_all(bytes).map_err(crate::export::write_failed)
    })
}

/// Streams what `render` writes to `destination`: atomically to a file (nothing is left
/// behind if `render` fails, however much it wrote), in place to a device or a pipe, or to
/// standard output through one buffer. `render` sees a buffered writer; an I/O error it
/// meets is reported against the destination, and a closed standard output (`| head`) is
/// [`Delivery::ReaderGone`], not an error.
pub fn write_with(
    destination: &Destination,
    reads: Reads<'_>,
    render: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<Delivery> {
    match destination {
        Destination::Stdout => {
            let mut sink = Recorder::new(std::io::stdout().lock());
            let result = {
                let mut writer = std::io::BufWriter::with_capacity(1 << 16, &mut sink);
                render(&mut writer)
                    .and_then(|()| writer.flush().map_err(crate::export::write_failed))
            };
            match sink.outcome(result, Path::new("<stdout>")) {
                Ok(()) => Ok(Delivery::Complete),
                Err(Error::OutputUnwritable { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Ok(Delivery::ReaderGone)
                }
                Err(e) => Err(e),
            }
        }
        Destination::File(path) => {
            let unwritable = |source| Error::OutputUnwritable {
                path: path.to_owned(),
                source,
            };
            match target_kind(path)? {
                Target::Special => {
                    // A device or a FIFO: write into it; replacing it would be wrong (as root,
                    // `-o /dev/null` would turn /dev/null into a regular file).
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(unwritable)?;
                    write_through(file, render, path)?;
                }
                Target::Regular => {
                    refuse_input(path, reads)?;
                    let mut temp = Temporary::beside(path)?;
                    // On an error the temporary is dropped, and so removed.
                    write_through(temp.file_mut(), render, path)?;
                    temp.persist(path)?;
                }
            }
            Ok(Delivery::Complete)
        }
    }
}

/// Runs `render` into `sink` through a buffer, reporting an I/O error against `path`.
fn write_through(
    sink: impl Write,
    render: impl FnOnce(&mut dyn Write) -> Result<()>,
    path: &Path,
) -> Result<()> {
    let mut sink = Recorder::new(sink);
    let result = {
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, &mut sink);
        render(&mut writer).and_then(|()| writer.flush().map_err(crate::export::write_failed))
    };
    sink.outcome(result, path)
}

/// A writer that remembers the first error its sink gave, so that an exporter's error can be
/// told apart from the destination's (a full disk, a closed pipe), whatever the exporter made
/// of the I/O error on its way up.
struct Recorder<W> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W: Write> Recorder<W> {
    fn new(inner: W) -> Self {
        Recorder {
            inner,
            failed: None,
        }
    }

    fn record<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result
            && e.kind() != std::io::ErrorKind::Interrupted
            && self.failed.is_none()
        {
            self.failed = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
        result
    }

    /// The run's result: the sink's own error first (named by `path`), else the exporter's,
    /// an I/O error of the exporter's named by `path` too.
    fn outcome(self, result: Result<()>, path: &Path) -> Result<()> {
        if let Some(source) = self.failed {
            return Err(Error::OutputUnwritable {
                path: path.to_owned(),
                source,
            });
        }
        result.map_err(|e| match e {
            Error::OutputUnwritable { source, .. } => Error::OutputUnwritable {
                path: path.to_owned(),
                source,
            },
            other => other,
        })
    }
}

impl<W: Write> Write for Recorder<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.record(result)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let result = self.inner.write_all(buf);
        self.record(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.record(result)
    }
}

/// Writes one note to standard error as `note: …`, with [`crate::text::escape_lines`]: a
/// note may quote a sheet name, a flag id or message from a weights file, or a program
/// name, and no escape sequence in them may reach the terminal. Every note goes through
/// here.
pub fn note(stderr: &mut impl Write, text: &str) {
    let _ = writeln!(stderr, "note: {}", crate::text::escape_lines(text));
}

/// How a `-o` target is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// New, or a regular file: replaced atomically.
    Regular,
    /// A device, a FIFO, or a link to one: written in place.
    Special,
}

/// Decides how `path` is written, refusing folders and links to anything but a device or
/// a pipe.
fn target_kind(path: &Path) -> Result<Target> {
    let unwritable = |source| Error::OutputUnwritable {
        path: path.to_owned(),
        source,
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Regular),
        Err(e) => return Err(unwritable(e)),
    };
    if meta.file_type().is_symlink() {
        return match std::fs::metadata(path) {
            Ok(target) if !target.is_file() && !target.is_dir() => Ok(Target::Special),
            _ => Err(Error::OutputIsLink {
                path: path.to_owned(),
                target: std::fs::read_link(path).unwrap_or_default(),
            }),
        };
    }
    if meta.is_dir() {
        return Err(unwritable(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        )));
    }
    Ok(if meta.is_file() {
        Target::Regular
    } else {
        Target::Special
    })
}

/// Refuses an output name that is a folder (`-o ~/Documents`), before anything is read
/// and before its missing extension is taken for an unknown format: the error (exit 73, as
/// any unwritable output) names a file in it to write instead, such as `example`.
pub fn refuse_folder(destination: &Destination, example: &str) -> Result<()> {
    match destination {
        Destination::File(path) if path.is_dir() => Err(Error::OutputUnwritable {
            path: path.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!(
                    "it is a folder; name a file in it, such as -o {}",
                    crate::text::shell_word(&crate::text::escape_controls(
                        &path.join(example).display().to_string()
                    ))
                ),
            ),
        }),
        _ => Ok(()),
    }
}

/// Refuses a target that is a file of `reads` or the file on standard input (exit 73); a
/// subcommand may call it early, before other checks of the name, so that writing over an
/// input is always the error reported.
pub fn refuse_input(path: &Path, reads: Reads<'_>) -> Result<()> {
    let stdin = (Path::new(STDIN), "the input file", "");
    if let Some((_, what, read_with)) = reads
        .named()
        .chain([stdin])
        .find(|(read, _, _)| same_file(read, path))
    {
        return Err(Error::OutputIsInput {
            path: path.to_owned(),
            what,
            read_with,
        });
    }
    Ok(())
}

/// The file open on standard input, by a name every Unix resolves.
const STDIN: &str = "/dev/stdin";

/// True when `a` and `b` are the same file (both must exist): the same device and inode,
/// so that another name for it (a hard link, `./x`, `/dev/stdin`) is caught.
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A temporary file beside the target, known to the signal handler until it is renamed
/// over the target or removed.
struct Temporary {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temporary {
    /// Opens `.progrank-XXXXXX.tmp` in the target's folder, with the permissions a new file
    /// gets (or those of the file it will replace).
    fn beside(target: &Path) -> Result<Temporary> {
        let unwritable = |source| Error::OutputUnwritable {
            path: target.to_owned(),
            source,
        };
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        signals::install();
        let permissions = target_permissions(target);
        let file = tempfile::Builder::new()
            .prefix(".progrank-")
            .suffix(".tmp")
            .make_in(folder, |path| {
                // Created and registered under the handler's lock: a signal either finds
                // the file listed or arrives before it exists.
                signals::register_while(path, || {
                    std::fs::OpenOptions::new()
                        .read(true)
                        .write(true)
                        .create_new(true)
                        .open(path)
                })
            })
            .map_err(unwritable)?;
        if let Some(permissions) = permissions {
            // Exactly those of the file replaced, whatever the umask.
            file.as_file()
                .set_permissions(permissions)
                .map_err(unwritable)?;
        }
        let path = file.path().to_owned();
        Ok(Temporary {
            file: Some(file),
            path,
        })
    }

    fn file_mut(&mut self) -> &mut std::fs::File {
        self.file
            .as_mut()
            .expect("a temporary is open until persisted")
            .as_file_mut()
    }

    /// Renames the temporary file over the target.
    fn persist(mut self, target: &Path) -> Result<()> {
        let file = self.file.take().expect("persisted once");
        // On failure the file comes back and is removed when dropped here.
        let result = file.persist(target).map(drop).map_err(|e| e.error);
        signals::unregister(&self.path);
        result.map_err(|source| Error::OutputUnwritable {
            path: target.to_owned(),
            source,
        })
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        // Remove the file first, then forget it: a signal in between finds nothing to do.
        drop(self.file.take());
        signals::unregister(&self.path);
    }
}

/// The permissions of the file the output replaces; `None` for a new file, which gets a
/// new file's permissions (0666 less the umask, as a shell redirection makes it).
fn target_permissions(path: &Path) -> Option<std::fs::Permissions> {
    std::fs::metadata(path).ok().map(|m| m.permissions())
}

/// Removing unfinished output when the run is interrupted.
///
/// A temporary file is deleted by its destructor, but a signal ends the process without
/// running destructors. `signal-hook` (rather than `ctrlc`) because the exit code must say
/// which signal came: `ctrlc`'s one handler for all three cannot tell SIGINT from SIGTERM.
/// Its iterator runs the handler on an ordinary thread, so removing files and exiting there
/// is safe, with no unsafe code here. The handler is installed when the first temporary
/// file is made, so a run that writes no file keeps the default behaviour.
pub mod signals {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard, Once};

    /// Temporary files to remove if a signal ends the run.
    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
        PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The exit code after a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM,
    /// 129 for SIGHUP), as a shell reports a process a signal ended.
    pub fn exit_code(signal: i32) -> i32 {
        128 + signal
    }

    /// Starts the handler thread (once). If it cannot be started the run goes on without it.
    pub fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("progrank-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // Held until exit: no temporary file is made or renamed meanwhile.
                        let files = pending();
                        remove_all(&files);
                        std::process::exit(exit_code(signal));
                    }
                });
        });
    }

    /// Removes every listed temporary file (those already gone are skipped).
    pub fn remove_all(files: &[PathBuf]) {
        for file in files {
            let _ = std::fs::remove_file(file);
        }
    }

    /// Runs `create` (which makes the file at `path`) under the lock, and lists `path` when it
    /// succeeds.
    pub(super) fn register_while<T>(
        path: &Path,
        create: impl FnOnce() -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        let mut files = pending();
        let made = create()?;
        files.push(path.to_owned());
        Ok(made)
    }

    /// Forgets `path` (renamed or removed).
    pub(super) fn unregister(path: &Path) {
        pending().retain(|p| p != path);
    }

    /// The temporary files a signal would remove now.
    pub fn pending_files() -> Vec<PathBuf> {
        pending().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        write(&Destination::File(target.clone()), b"new", Reads::default()).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_render_that_fails_halfway_leaves_no_file_and_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let half = |w: &mut dyn Write| {
            // More than the buffer holds: part of it reaches the temporary file.
            w.write_all(&[b'x'; 1 << 17])
                .map_err(crate::export::write_failed)?;
            Err(Error::usage("the exporter gave up"))
        };
        let err =
            write_with(&Destination::File(target.clone()), Reads::default(), half).unwrap_err();
        assert!(matches!(err, Error::Usage { .. }), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        std::fs::write(&target, "old").unwrap();
        write_with(&Destination::File(target.clone()), Reads::default(), half).unwrap_err();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_is_an_error_naming_it_whatever_the_exporter_made_of_it() {
        let full = Path::new("/dev/full");
        if !full.exists() {
            return;
        }
        // The exporter turns the I/O error into one of its own: the destination's is reported.
        let err = write_with(&Destination::File(full.into()), Reads::default(), |w| {
            w.write_all(&[b'x'; 1 << 17])
                .map_err(|_| Error::usage("exporter's own words"))
        })
        .unwrap_err();
        assert!(
            matches!(&err, Error::OutputUnwritable { path, .. } if path == full),
            "{err}"
        );
        assert_eq!(err.exit_code(), crate::error::exit::CANT_CREATE);
    }

    #[test]
    fn refuses_to_overwrite_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "data").unwrap();
        let sneaky = dir.path().join(".").join("in.csv");
        let reads = Reads {
            input: Some(&input),
            ..Reads::default()
        };
        let err = write(&Destination::File(sneaky), b"x", reads).unwrap_err();
        assert!(matches!(err, Error::OutputIsInput { .. }));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "data");
    }

    #[test]
    fn refuses_to_overwrite_a_weights_file_read() {
        let dir = tempfile::tempdir().unwrap();
        let weights = dir.path().join("w.toml");
        let other = dir.path().join("other.toml");
        std::fs::write(&weights, "weights").unwrap();
        std::fs::write(&other, "other").unwrap();
        for (target, reads, read_with) in [
            (
                &weights,
                Reads {
                    weights: Some(&weights),
                    ..Reads::default()
                },
                " (read with --weights)",
            ),
            (
                &other,
                Reads {
                    compare: Some(&other),
                    ..Reads::default()
                },
                " (read with --compare)",
            ),
        ] {
            let err = write(&Destination::File(target.clone()), b"x", reads).unwrap_err();
            assert!(
                matches!(err, Error::OutputIsInput { read_with: r, .. } if r == read_with),
                "{err}"
            );
            let message = err.to_string();
            assert!(message.contains("the weights file"), "{message}");
            assert!(message.contains(read_with), "{message}");
        }
        assert_eq!(std::fs::read_to_string(&weights).unwrap(), "weights");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "other");
    }

    #[test]
    fn a_hard_link_to_the_input_is_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "data").unwrap();
        let other = dir.path().join("other-name.csv");
        std::fs::hard_link(&input, &other).unwrap();
        let reads = Reads {
            input: Some(&input),
            ..Reads::default()
        };
        let err = write(&Destination::File(other), b"x", reads).unwrap_err();
        assert!(matches!(err, Error::OutputIsInput { .. }));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "data");
    }

    #[test]
    fn dash_is_standard_output() {
        assert_eq!(Destination::from_arg(None), Destination::Stdout);
        assert_eq!(
            Destination::from_arg(Some(Path::new("-"))),
            Destination::Stdout
        );
        assert_eq!(
            Destination::from_arg(Some(Path::new("./-"))),
            Destination::File("./-".into())
        );
    }

    #[test]
    fn devices_are_written_in_place_and_links_refused() {
        // Only looked at, never written: a regression here must not touch /dev/null.
        assert_eq!(
            target_kind(Path::new("/dev/null")).unwrap(),
            Target::Special
        );
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            target_kind(&dir.path().join("new.csv")).unwrap(),
            Target::Regular
        );
        let file = dir.path().join("f.csv");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(target_kind(&file).unwrap(), Target::Regular);
        #[cfg(unix)]
        {
            let to_file = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&file, &to_file).unwrap();
            let err = target_kind(&to_file).unwrap_err();
            assert!(matches!(err, Error::OutputIsLink { .. }), "{err}");
            assert_eq!(err.exit_code(), crate::error::exit::CANT_CREATE);
            let dangling = dir.path().join("dangling.csv");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
            assert!(target_kind(&dangling).is_err());
            let to_device = dir.path().join("null.csv");
            std::os::unix::fs::symlink("/dev/null", &to_device).unwrap();
            assert_eq!(target_kind(&to_device).unwrap(), Target::Special);
        }
        assert!(target_kind(dir.path()).is_err());
    }

    #[test]
    fn a_temporary_is_listed_for_the_signal_handler_until_renamed_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let temp = Temporary::beside(&target).unwrap();
        let listed = temp.path.clone();
        assert!(signals::pending_files().contains(&listed));
        // What the handler does on a signal:
        signals::remove_all(std::slice::from_ref(&listed));
        assert!(!listed.exists());
        drop(temp);
        assert!(!signals::pending_files().contains(&listed));

        let mut temp = Temporary::beside(&target).unwrap();
        let listed = temp.path.clone();
        temp.file_mut().write_all(b"done").unwrap();
        temp.persist(&target).unwrap();
        assert!(!signals::pending_files().contains(&listed));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "done");
        assert_eq!(signals::exit_code(2), 130);
        assert_eq!(signals::exit_code(15), 143);
        assert_eq!(signals::exit_code(1), 129);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&Destination::File(target.clone()), b"new", Reads::default()).unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn a_missing_folder_is_an_output_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/folder/out.csv");
        let err = write(&Destination::File(target), b"x", Reads::default()).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::CANT_CREATE);
    }
}
