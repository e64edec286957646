//! Two-way fork-join on scoped threads: the large-input paths (reading, scanning, sorting)
//! split their work into two halves, one per core of a two-core machine, and this is the one
//! place that runs the halves and collects their results.

/// Whether the machine has at least two cores (a second thread would only add its cost on one).
pub fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// Runs `a` on this thread and `b` on a second, scoped thread when `two_threads` holds
/// (otherwise `b` after `a`, on this thread), and returns both results; `b`'s is `None` when
/// its thread panicked, which callers treat as a failure of the whole step.
pub fn join<A, B: Send>(
    two_threads: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, Option<B>) {
    if !two_threads {
        let first = a();
        return (first, Some(b()));
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let first = a();
        (first, other.join().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_halves_run_on_one_thread_or_two() {
        for two_threads in [false, true] {
            let (mut left, mut right) = (vec![1, 2], vec![3, 4]);
            let (a, b) = join(
                two_threads,
                || {
                    left.push(5);
                    left.len()
                },
                || {
                    right.clear();
                    "done"
                },
            );
            assert_eq!((a, b), (3, Some("done")), "two threads: {two_threads}");
            assert_eq!((left, right), (vec![1, 2, 5], vec![]));
        }
    }

    #[test]
    fn a_panicking_second_half_is_none() {
        let (a, b) = join(true, || 1, || -> u8 { panic!("half failed") });
        assert_eq!((a, b), (1, None));
    }
}
