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

/// Gives way once after starting helper threads, so that they start now. Linux may queue a
/// new thread on the core of the thread that started it; that thread, busy at once with its
/// own share, then keeps it waiting until the scheduler next balances the cores, 1–4 ms
/// later on this 2-core machine (measured: helpers of `rank` started 1.3–4.1 ms after
/// they were spawned, 50–140 µs with this call). Yielding lets the scheduler place them.
pub fn let_helpers_start() {
    std::thread::yield_now();
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

/// Runs `work` on `0..len` cut into [`threads_for`]`(len)` ranges, one thread each (this
/// one among them), and returns the results in row order.
pub fn in_parts<T: Send>(len: usize, work: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    in_n_parts(len, threads_for(len), work)
}

/// Runs `work` on `0..len` cut into `threads` ranges, one thread each (this one takes the
/// first), and returns the results in order (for work whose size is not its number of
/// items).
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
    let mut parts = parts.into_iter();
    let first = parts.next().expect("at least one part");
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .map(|range| scope.spawn(move || work(range)))
            .collect();
        let_helpers_start();
        // This thread takes the first part.
        let mut results = vec![work(first)];
        results.extend(
            running
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        results
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
        let_helpers_start();
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

/// Runs `work(&mut state, k)` for `k` in `0..items` on up to `threads` threads (this one
/// among them, each with its own `state()`), and hands each result to `consume`, on this
/// thread, in item order, as soon as it is next: a stream of output batches formatted in
/// parallel and written in order.
///
/// Every thread takes the next item not yet taken; this one takes an item only when the
/// next result to consume is not ready, so it formats less while it also writes (on two
/// cores, a fixed half of the items each left the writing thread behind). An item is taken
/// only while fewer than `window` are being worked on or waiting, which bounds the memory
/// held: `window` results and the one being consumed.
/// Stops at `consume`'s first error, which it returns.
pub fn in_order<S, T: Send, E>(
    items: usize,
    threads: usize,
    window: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
    mut consume: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    use std::collections::VecDeque;
    use std::sync::{Condvar, Mutex, PoisonError};
    let threads = threads.min(items).max(1);
    let window = window.max(threads);
    if threads == 1 {
        let mut state = state();
        return (0..items).try_for_each(|k| consume(work(&mut state, k)));
    }
    /// What the threads share: results waiting (slot `i` is item `consumed + i`), the next
    /// item to take, and whether to stop (the consumer failed, or a thread stopped).
    struct Shared<T> {
        waiting: VecDeque<Option<T>>,
        consumed: usize,
        next: usize,
        stop: bool,
    }
    impl<T> Shared<T> {
        /// An item is left to take, and the window has room for it.
        fn can_take(&self, items: usize, window: usize) -> bool {
            self.next < items && self.next < self.consumed + window
        }
    }
    let shared = Mutex::new(Shared {
        waiting: VecDeque::with_capacity(window),
        consumed: 0,
        next: 0,
        stop: false,
    });
    let changed = Condvar::new();
    let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
    // Takes the next item, if any is left and the window has room (waits for room).
    let take = |mut guard: std::sync::MutexGuard<'_, Shared<T>>| -> Option<usize> {
        loop {
            if guard.stop || guard.next >= items {
                return None;
            }
            if guard.can_take(items, window) {
                let k = guard.next;
                guard.next += 1;
                guard.waiting.push_back(None);
                return Some(k);
            }
            guard = changed.wait(guard).unwrap_or_else(PoisonError::into_inner);
        }
    };
    let put = |k: usize, result: T| {
        let mut guard = lock();
        let at = k - guard.consumed;
        guard.waiting[at] = Some(result);
        drop(guard);
        changed.notify_all();
    };
    /// Marks the run stopped when a thread unwinds, so no other waits for a result or for
    /// room that will never come (the scope then passes the panic on).
    struct StopOnUnwind<'a, T> {
        shared: &'a Mutex<Shared<T>>,
        changed: &'a Condvar,
    }
    impl<T> Drop for StopOnUnwind<'_, T> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.shared
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .stop = true;
                self.changed.notify_all();
            }
        }
    }
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| {
                let _stop = StopOnUnwind {
                    shared: &shared,
                    changed: &changed,
                };
                let mut state = state();
                while let Some(k) = take(lock()) {
                    put(k, work(&mut state, k));
                }
            });
        }
        let_helpers_start();
        // This thread unwinding (a panic in `work` or `consume`) stops the helpers too.
        let _stop = StopOnUnwind {
            shared: &shared,
            changed: &changed,
        };
        let mut mine = state();
        let result = loop {
            let mut guard = lock();
            if guard.consumed == items || guard.stop {
                break Ok(());
            }
            if let Some(result) = guard.waiting.front_mut().and_then(Option::take) {
                guard.waiting.pop_front();
                guard.consumed += 1;
                drop(guard);
                changed.notify_all();
                if let Err(e) = consume(result) {
                    break Err(e);
                }
            } else if guard.can_take(items, window) {
                let k = take(guard).expect("an item is left and the window has room");
                put(k, work(&mut mine, k));
            } else {
                // The next result is being worked on by another thread.
                drop(changed.wait(guard).unwrap_or_else(PoisonError::into_inner));
            }
        };
        lock().stop = true;
        changed.notify_all();
        result
    })
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
    fn results_are_consumed_in_item_order_with_a_bounded_window() {
        for (items, threads, window) in
            [(0, 2, 4), (1, 2, 4), (7, 1, 2), (1_000, 3, 4), (500, 2, 1)]
        {
            let held = std::sync::atomic::AtomicUsize::new(0);
            let most = std::sync::atomic::AtomicUsize::new(0);
            let mut seen = Vec::new();
            let result: Result<(), ()> = in_order(
                items,
                threads,
                window,
                || 0usize,
                |done: &mut usize, k| {
                    *done += 1;
                    let now = held.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    k * 3
                },
                |value| {
                    held.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    seen.push(value);
                    Ok(())
                },
            );
            assert_eq!(result, Ok(()));
            assert_eq!(seen, (0..items).map(|k| k * 3).collect::<Vec<_>>());
            // Results being made or waiting never exceed the window (at least one per
            // thread), plus the one being consumed.
            let bound = window.max(threads.min(items).max(1)) + 1;
            assert!(most.into_inner() <= bound, "{items} {threads} {window}");
        }
    }

    #[test]
    fn the_consumers_first_error_stops_the_run() {
        let mut seen = Vec::new();
        let result = in_order(
            10_000,
            2,
            4,
            || (),
            |_, k| k,
            |k| {
                seen.push(k);
                if k == 5 { Err(k) } else { Ok(()) }
            },
        );
        assert_eq!(result, Err(5));
        assert_eq!(seen, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_panic_in_any_thread_is_passed_on_not_waited_for() {
        // Once in a helper, once in the calling thread (the other thread is slowed, so
        // that the one that panics surely takes items); either way the run ends.
        let caller = std::thread::current().id();
        for in_caller in [false, true] {
            let run = std::panic::catch_unwind(|| {
                let _ = in_order(
                    200,
                    2,
                    4,
                    || (),
                    |_, k| {
                        let here = std::thread::current().id() == caller;
                        assert!(here != in_caller, "boom");
                        std::thread::sleep(std::time::Duration::from_millis(1));
                        k
                    },
                    |_| Ok::<(), ()>(()),
                );
            });
            assert!(run.is_err(), "in caller: {in_caller}");
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
