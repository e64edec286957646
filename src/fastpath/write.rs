//! Stage 4 of the fast path: writing the ranking as the CSV exporter would.
//!
//! Rows come out in rank order, scattered over the input, so formatting them is mostly
//! waiting for memory. On a large ranking two threads format alternate chunks of rows while
//! the calling thread writes the finished chunks in order.

use super::Prepared;
use super::order::Entry;
use super::scan::read_one;
use crate::export::defuse_formula;
use csv_core::Reader;
use std::io::Write;
use std::sync::mpsc;

/// Rows fetched together (see [`Prepared::format`]).
const BATCH: usize = 64;

/// Rows per chunk handed between threads.
const CHUNK_ROWS: usize = 1 << 11;

/// Bytes gathered before each write when one thread formats everything.
const CHUNK_BYTES: usize = 1 << 20;

impl Prepared<'_> {
    /// Writes the ranking as CSV, exactly as the general pipeline's CSV exporter would.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
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

    /// Two formatters take chunks 0, 2, 4, … and 1, 3, 5, …; this thread writes them in
    /// turn. Each formatter keeps two buffers in flight, handed back after writing.
    fn write_parallel(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let chunks: Vec<&[Entry]> = self.entries.chunks(CHUNK_ROWS).collect();
        std::thread::scope(|scope| {
            let mut lanes = Vec::new();
            for first in 0..2 {
                let (done_tx, done_rx) = mpsc::sync_channel::<std::io::Result<Vec<u8>>>(1);
                let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
                for _ in 0..2 {
                    let _ = free_tx.send(Vec::new());
                }
                let chunks = &chunks;
                scope.spawn(move || {
                    let mut reparse = Reparse::default();
                    for rows in chunks.iter().skip(first).step_by(2) {
                        let Ok(mut buffer) = free_rx.recv() else {
                            return;
                        };
                        buffer.clear();
                        let formatted = self.format(rows, &mut buffer, &mut reparse);
                        if done_tx.send(formatted.map(|()| buffer)).is_err() {
                            return;
                        }
                    }
                });
                lanes.push((done_rx, free_tx));
            }
            for i in 0..chunks.len() {
                let (done, free) = &lanes[i % 2];
                let buffer = done
                    .recv()
                    .map_err(|_| std::io::Error::other("a formatting thread stopped"))??;
                out.write_all(&buffer)?;
                let _ = free.send(buffer);
            }
            Ok(())
        })
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
