//! Stage 4 of the fast path: writing the ranking as the CSV exporter would.
//!
//! Rows come out in rank order, scattered over the input, so formatting them is mostly
//! waiting for memory. On a large ranking two threads take chunks of rows in turn, format
//! them, and write them in order: while one writes its chunk the other formats the next.

use super::Prepared;
use super::order::Entry;
use super::scan::read_one;
use crate::export::defuse_formula;
use csv_core::Reader;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Rows fetched together (see [`Prepared::format`]).
const BATCH: usize = 64;

/// Rows per chunk handed between threads.
const CHUNK_ROWS: usize = 1 << 11;

/// Bytes gathered before each write when one thread formats everything.
const CHUNK_BYTES: usize = 1 << 20;

impl Prepared<'_> {
    /// Writes the ranking as CSV, exactly as the general pipeline's CSV exporter would.
    pub fn write_csv(&self, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        let mut line = String::from("rank,score,red_flags");
        for header in &self.headers {
            line.push(',');
            push_csv_field(&mut line, &defuse_formula(header));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
        let parallel = self.threads.rows(self.entries.len());
        if parallel {
            self.write_parallel(out)?;
        } else {
            let mut buffer = Vec::with_capacity(CHUNK_BYTES + (1 << 16));
            let mut reparse = Reparse::default();
            for rows in self.entries.chunks(CHUNK_ROWS) {
                self.format(rows, &mut buffer, &mut reparse)?;
                if buffer.len() >= CHUNK_BYTES {
                    out.write_all(&buffer)?;
                    buffer.clear();
                }
            }
            out.write_all(&buffer)?;
        }
        out.flush()
    }

    /// Two threads (this one and one more) each take the next chunk, format it, wait for
    /// the chunk before it to be written, and write it. Two threads on two cores: neither
    /// hands buffers to a third that would take turns with them for a core.
    fn write_parallel(&self, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        let chunks: Vec<&[Entry]> = self.entries.chunks(CHUNK_ROWS).collect();
        // The next chunk to format, how many are written, and whether a thread stopped.
        let next = AtomicUsize::new(0);
        let written = AtomicUsize::new(0);
        let stopped = AtomicBool::new(false);
        let out = Mutex::new(out);
        let work = || -> std::io::Result<()> {
            let _stop = StopOnUnwind(&stopped);
            let fail = |e| {
                stopped.store(true, Ordering::Release);
                Err(e)
            };
            let mut reparse = Reparse::default();
            let mut buffer = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(rows) = chunks.get(i) else {
                    return Ok(());
                };
                buffer.clear();
                if let Err(e) = self.format(rows, &mut buffer, &mut reparse) {
                    return fail(e);
                }
                // The chunk before is being written by the other thread (briefly): wait
                // for it without sleeping, unless that thread stopped.
                let mut spins = 0u32;
                while written.load(Ordering::Acquire) != i {
                    if stopped.load(Ordering::Acquire) {
                        return Ok(());
                    }
                    spins += 1;
                    if spins < 1 << 12 {
                        std::hint::spin_loop();
                    } else {
                        std::thread::yield_now();
                    }
                }
                let result = match out.lock() {
                    Ok(mut out) => out.write_all(&buffer),
                    Err(_) => Err(std::io::Error::other("a writing thread stopped")),
                };
                if let Err(e) = result {
                    return fail(e);
                }
                written.store(i + 1, Ordering::Release);
            }
        };
        let (mine, theirs) = crate::parallel::join(true, work, work);
        mine?;
        theirs.ok_or_else(|| std::io::Error::other("a formatting thread stopped"))?
    }

    /// Appends `rows` to `buffer` as CSV lines.
    fn format(
        &self,
        rows: &[Entry],
        buffer: &mut Vec<u8>,
        reparse: &mut Reparse,
    ) -> std::io::Result<()> {
        // Touch a batch's records together so that their cache misses overlap instead of
        // queueing: the first byte, and the last when known (half the records of a
        // typical 30-byte row cross into a second cache line).
        for batch in rows.chunks(BATCH) {
            let touched = batch.iter().fold(0u8, |acc, e| {
                let start = e.start as usize;
                let last = start + usize::from(e.len.saturating_sub(1));
                acc ^ self.bytes[start] ^ self.bytes.get(last).copied().unwrap_or(0)
            });
            std::hint::black_box(touched);
            for entry in batch {
                buffer.extend_from_slice(self.group_prefix[entry.group()].as_bytes());
                buffer.extend_from_slice(self.flag_fields[entry.flag_set()].as_bytes());
                buffer.push(b',');
                let record = &self.bytes[entry.start as usize..];
                if entry.as_is() {
                    let len = match entry.len {
                        0 => memchr::memchr2(b'\n', b'\r', record).unwrap_or(record.len()),
                        len => usize::from(len),
                    };
                    buffer.extend_from_slice(&record[..len]);
                } else {
                    reparse.guarded(record, buffer)?;
                }
                buffer.push(b'\n');
            }
        }
        Ok(())
    }
}

/// Marks the writing as stopped when its thread panics, so that the other thread does not
/// wait for a chunk that will never be written.
struct StopOnUnwind<'a>(&'a AtomicBool);

impl Drop for StopOnUnwind<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Release);
        }
    }
}

/// Reads a record again and writes its cells as the csv writer would, formula guard included.
struct Reparse {
    reader: Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
    line: String,
}

impl Default for Reparse {
    fn default() -> Self {
        // `Reader::new`, not `Reader::default`: the derived default has no delimiter.
        Reparse {
            reader: Reader::new(),
            fields: vec![0; 1 << 12],
            ends: vec![0; 64],
            line: String::new(),
        }
    }
}

impl Reparse {
    fn guarded(&mut self, record: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
        let changed = || std::io::Error::other("the input changed while it was read");
        self.reader.reset();
        let (n, _) = read_one(&mut self.reader, record, &mut self.fields, &mut self.ends)
            .ok_or_else(changed)?;
        self.line.clear();
        let mut begin = 0;
        for (i, &end) in self.ends[..n].iter().enumerate() {
            let cell = std::str::from_utf8(&self.fields[begin..end]).map_err(|_| changed())?;
            if i > 0 {
                self.line.push(',');
            }
            push_csv_field(&mut self.line, &defuse_formula(cell));
            begin = end;
        }
        out.extend_from_slice(self.line.as_bytes());
        Ok(())
    }
}

/// Appends one CSV field as the csv crate's writer writes it by default (`QuoteStyle::Necessary`
/// with doubled quotes): quoted when it holds a comma, a quote or a line break.
pub fn push_csv_field(line: &mut String, text: &str) {
    if text.contains([',', '"', '\r', '\n']) {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}
