//! Large buffers on transparent huge pages, where the operating system offers them.
//!
//! A million-row input is 30 MB and its sort entries another 24 MB. On 4 KiB pages the
//! first touch of each page is a page fault (about 4 µs each on the benchmark machine, so
//! 50 ms for the two buffers) and rows read in rank order miss the TLB on almost every
//! access. Linux can back an anonymous mapping with 2 MiB pages when asked
//! (`madvise(MADV_HUGEPAGE)`; the default policy on many systems is "only when asked"), which
//! turns thousands of faults into a handful and lets the TLB cover the whole buffer.
//!
//! [`LargeBuffer`] is that mapping (memmap2's safe anonymous map) viewed as a slice of plain
//! values (bytemuck), or an ordinary `Vec` when the buffer is small, the system has no huge
//! pages or the mapping fails: the contents and behaviour are the same either way, only the
//! speed differs. The memory stays as small as a `Vec`'s: pages are only resident once
//! written.

use bytemuck::Pod;
use std::io::Read;

/// Buffers smaller than this stay on the heap: a huge page is 2 MiB.
pub const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// A fixed-capacity, zero-initialised buffer of `T` that can shrink.
pub struct LargeBuffer<T: Pod> {
    storage: Storage<T>,
    len: usize,
}

enum Storage<T> {
    Mapped(memmap2::MmapMut),
    Heap(Vec<T>),
}

impl<T: Pod> LargeBuffer<T> {
    /// `len` zeroed values, on huge pages when the buffer is large enough.
    pub fn zeroed(len: usize) -> Self {
        let storage = len
            .checked_mul(size_of::<T>())
            .filter(|&bytes| bytes >= HUGE_PAGE_THRESHOLD)
            .and_then(huge_map)
            .map_or_else(|| Storage::Heap(vec![T::zeroed(); len]), Storage::Mapped);
        LargeBuffer { storage, len }
    }

    /// The buffer holding `values`, as they are (on the heap).
    pub fn from_vec(values: Vec<T>) -> Self {
        LargeBuffer {
            len: values.len(),
            storage: Storage::Heap(values),
        }
    }

    /// Keeps the first `len` values (no effect when there are fewer).
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// Whether the buffer lives in a mapping (on huge pages if the system granted them).
    pub fn is_mapped(&self) -> bool {
        matches!(self.storage, Storage::Mapped(_))
    }
}

/// An anonymous private mapping of `bytes` bytes, advised to use huge pages; `None` where
/// that is not possible (the caller then uses the heap).
fn huge_map(bytes: usize) -> Option<memmap2::MmapMut> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let map = memmap2::MmapOptions::new().len(bytes).map_anon().ok()?;
    #[cfg(target_os = "linux")]
    map.advise(memmap2::Advice::HugePage).ok()?;
    Some(map)
}

impl<T: Pod> std::ops::Deref for LargeBuffer<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.storage {
            // A page-aligned mapping of a whole number of `T`: the cast cannot fail.
            Storage::Mapped(map) => &bytemuck::cast_slice(&map[..])[..self.len],
            Storage::Heap(values) => &values[..self.len],
        }
    }
}

impl<T: Pod> std::ops::DerefMut for LargeBuffer<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.storage {
            Storage::Mapped(map) => &mut bytemuck::cast_slice_mut(&mut map[..])[..self.len],
            Storage::Heap(values) => &mut values[..self.len],
        }
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for LargeBuffer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Reads `reader` to its end into a buffer, expecting `expected` bytes (a file's size) and
/// refusing to hold more than `max_bytes + 1` (the caller reports the excess). A large
/// expected size is read into huge pages; a file that turns out longer than it said keeps
/// growing on the heap.
pub fn read_all(
    mut reader: impl Read,
    expected: usize,
    max_bytes: u64,
) -> std::io::Result<LargeBuffer<u8>> {
    let cap = max_bytes.saturating_add(1);
    // One byte more than expected shows whether the file grew since its size was read.
    let room = expected.saturating_add(1);
    if room >= HUGE_PAGE_THRESHOLD && u64::try_from(room).is_ok_and(|r| r <= cap) {
        let mut buffer = LargeBuffer::<u8>::zeroed(room);
        let filled = fill(&mut buffer, |rest, _| reader.read(rest))?;
        if filled < room {
            buffer.truncate(filled);
            return Ok(buffer);
        }
        // Longer than announced: carry on on the heap.
        let mut bytes = buffer.to_vec();
        reader
            .take(cap.saturating_sub(room as u64))
            .read_to_end(&mut bytes)?;
        return Ok(LargeBuffer::from_vec(bytes));
    }
    let mut bytes = Vec::with_capacity(room.min(usize::try_from(cap).unwrap_or(usize::MAX)));
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok(LargeBuffer::from_vec(bytes))
}

/// Fills `buffer` by calling `read` with the unfilled rest and the bytes filled so far, until
/// it is full or `read` returns 0 (the end); returns how many bytes were filled.
fn fill(
    buffer: &mut [u8],
    mut read: impl FnMut(&mut [u8], usize) -> std::io::Result<usize>,
) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match read(&mut buffer[filled..], filled) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Files at least this large are read by two threads when the machine has two cores.
pub const PARALLEL_READ_BYTES: usize = 8 << 20;

/// Reads a whole file that had `expected` bytes, as [`read_all`] does; a large file is read
/// by two threads, one per half (the kernel's copy, and the zeroing of fresh pages, then run
/// on two cores). A file that changes size while it is read is read again in one pass.
pub fn read_file(
    file: &std::fs::File,
    expected: usize,
    max_bytes: u64,
) -> std::io::Result<LargeBuffer<u8>> {
    #[cfg(unix)]
    {
        let room = expected.saturating_add(1);
        if room >= PARALLEL_READ_BYTES
            && crate::parallel::two_cores()
            && u64::try_from(room).is_ok_and(|r| r <= max_bytes.saturating_add(1))
        {
            if let Some(buffer) = read_halves(file, room)? {
                return Ok(buffer);
            }
            std::io::Seek::rewind(&mut &*file)?;
        }
    }
    read_all(file, expected, max_bytes)
}

/// Reads `room` bytes (the expected size and one) by two threads; `None` when the file did
/// not end where expected (the caller reads it again in one pass).
#[cfg(unix)]
fn read_halves(file: &std::fs::File, room: usize) -> std::io::Result<Option<LargeBuffer<u8>>> {
    use std::os::unix::fs::FileExt;
    let fill_at = |part: &mut [u8], offset: usize| {
        fill(part, |rest, done| {
            file.read_at(rest, (offset + done) as u64)
        })
    };
    let mut buffer = LargeBuffer::<u8>::zeroed(room);
    let half = room / 2;
    let (first, second) = buffer.split_at_mut(half);
    let (read_first, read_second) =
        crate::parallel::join(true, || fill_at(first, 0), || fill_at(second, half));
    let read_first = read_first?;
    let read_second =
        read_second.ok_or_else(|| std::io::Error::other("a reading thread stopped"))??;
    // The first half full and the second short of its extra byte: the file ended in the
    // second half, as a sequential read would have found.
    if read_first == half && read_second < room - half {
        buffer.truncate(half + read_second);
        return Ok(Some(buffer));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_buffer_is_zeroed_writable_and_shrinks() {
        let mut buffer = LargeBuffer::<u64>::zeroed(HUGE_PAGE_THRESHOLD / 8 + 3);
        assert!(cfg!(not(target_os = "linux")) || buffer.is_mapped());
        assert!(buffer.iter().all(|&v| v == 0));
        let last = buffer.len() - 1;
        buffer[last] = 7;
        buffer[0] = 5;
        assert_eq!((buffer[0], buffer[last]), (5, 7));
        buffer.truncate(1);
        assert_eq!(&buffer[..], &[5]);
        buffer.truncate(10);
        assert_eq!(buffer.len(), 1);
    }

    #[test]
    fn a_small_buffer_stays_on_the_heap() {
        let buffer = LargeBuffer::<u32>::zeroed(10);
        assert!(!buffer.is_mapped());
        assert_eq!(&buffer[..], &[0; 10]);
    }

    /// Reads `data` in pieces of at most 1000 bytes, as a pipe or a slow file might.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(out.len()).min(1000);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn reading_gives_every_byte_whatever_size_was_announced() {
        let data: Vec<u8> = (0..HUGE_PAGE_THRESHOLD + 5000)
            .map(|i| (i % 251) as u8)
            .collect();
        for expected in [data.len(), data.len() - 3000, data.len() + 10, 0, 100] {
            let read = read_all(Trickle(&data), expected, u64::MAX).unwrap();
            assert_eq!(read.len(), data.len(), "expected {expected}");
            assert!(read[..] == data[..], "expected {expected}");
        }
    }

    #[test]
    fn a_large_file_read_in_halves_is_read_whole() {
        let data: Vec<u8> = (0..PARALLEL_READ_BYTES + 12_345)
            .map(|i| (i % 241) as u8)
            .collect();
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, &data).unwrap();
        // The size as announced, a smaller one (the file grew), a larger one (it shrank).
        for expected in [
            data.len(),
            data.len() - 5000,
            data.len() + 7,
            data.len() * 3,
        ] {
            let read = read_file(&file, expected, u64::MAX).unwrap();
            assert_eq!(read.len(), data.len(), "expected {expected}");
            assert!(read[..] == data[..], "expected {expected}");
        }
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let data = vec![b'x'; HUGE_PAGE_THRESHOLD + 100];
        let limit = HUGE_PAGE_THRESHOLD as u64 + 10;
        for expected in [data.len(), HUGE_PAGE_THRESHOLD, 10] {
            let read = read_all(&data[..], expected, limit).unwrap();
            assert_eq!(read.len() as u64, limit + 1, "expected {expected}");
        }
        assert_eq!(
            read_all(&data[..], data.len(), u64::MAX).unwrap().len(),
            data.len()
        );
    }
}
