//! Splitting work on rows over the machine's cores: one rule for when it pays and how the
//! rows are cut, so every stage that works row by row splits the same way.
//!
//! A stage hands [`in_parts`] a function of a range of rows; it gets back each part's
//! result in row order, so the first error or the first occurrence in the file is the first
//! in the first part that has one, exactly as one pass in file order would find it.

use std::ops::Range;

/// Below this many rows one thread does the work: starting threads would cost more.
pub const PARALLEL_ROWS: usize = 20_000;

/// The cores work is split over (at most 16; 1 when the machine does not say). Asked of the
/// system once: each asking reads the cgroup's CPU quota, three files.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(16)))
}

/// How many threads work on `rows` rows: one below [`PARALLEL_ROWS`], else one per core
/// ([`cores`]).
pub fn threads_for(rows: usize) -> usize {
    if rows < PARALLEL_ROWS { 1 } else { cores() }
}

/// `0..len` cut into `parts` consecutive ranges of nearly equal length (none empty unless
/// `len` is 0, then one empty range).
pub fn ranges(len: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, len.max(1));
    let chunk = len.div_ceil(parts).max(1);
    let mut cut: Vec<Range<usize>> = (0..len)
        .step_by(chunk)
        .map(|start| start..(start + chunk).min(len))
        .collect();
    if cut.is_empty() {
        cut.push(0..0);
    }
    cut
}

/// Runs `work` on `0..len` cut into [`threads_for`]`(len)` ranges, one thread each, and
/// returns the results in row order.
pub fn in_parts<T: Send>(len: usize, work: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    in_n_parts(len, threads_for(len), work)
}

/// Runs `work` on `0..len` cut into `threads` ranges, one thread each, and returns the
/// results in order (for work whose size is not its number of items).
pub fn in_n_parts<T: Send>(
    len: usize,
    threads: usize,
    work: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let parts = ranges(len, threads);
    if parts.len() == 1 {
        return parts.into_iter().map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|range| scope.spawn(move || work(range)))
            .collect();
        running
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Runs `work(0)`, `work(1)`, … `work(items - 1)` on up to `threads` threads (this one
/// among them), each thread taking the next item not yet taken, so a thread slowed by
/// another program leaves its share to the others; returns the results in item order.
pub fn in_turn<T: Send>(items: usize, threads: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.min(items);
    if threads <= 1 {
        return (0..items).map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if k >= items {
                return done;
            }
            done.push((k, work(k)));
        }
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(take)).collect();
        let mut results = take();
        for helper in helpers {
            results.extend(
                helper
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        results
    });
    results.sort_unstable_by_key(|&(k, _)| k);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_row_once_in_order() {
        for len in [0, 1, 2, 7, 100, 20_001] {
            for parts in [1, 2, 3, 16] {
                let cut = ranges(len, parts);
                assert!(cut.len() <= parts.max(1));
                let rows: Vec<usize> = cut.iter().flat_map(Clone::clone).collect();
                assert_eq!(rows, (0..len).collect::<Vec<_>>(), "{len} rows in {parts}");
            }
        }
    }

    #[test]
    fn items_taken_in_turn_come_back_in_order() {
        for (items, threads) in [(0, 4), (1, 4), (7, 1), (100, 3)] {
            assert_eq!(
                in_turn(items, threads, |k| k * k),
                (0..items).map(|k| k * k).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn results_come_back_in_row_order() {
        let len = PARALLEL_ROWS * 3 + 7;
        let starts = in_parts(len, |range| range.start);
        let mut sorted = starts.clone();
        sorted.sort_unstable();
        assert_eq!(starts, sorted);
        let total: usize = in_parts(len, |range| range.len()).into_iter().sum();
        assert_eq!(total, len);
    }
}
