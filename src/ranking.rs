//! Ranking: order programs by exact score, best first, with shared ranks for ties.
//!
//! Standard competition ranking ("1224"): equal scores share a rank and the next rank skips
//! as many places as were shared. Tied programs are listed by name (case-insensitive, then
//! exact text), so the order never depends on hashing or on the order of the input rows.

use rust_decimal::Decimal;
use std::cmp::Ordering;

/// One program's place in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placing {
    /// Index of the program in the slice given to [`rank`].
    pub index: usize,
    /// Its competition rank, starting at 1.
    pub rank: usize,
}

/// Orders `(score, name)` pairs best first and gives each its competition rank.
pub fn rank(entries: &[(Decimal, &str)]) -> Vec<Placing> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    let folded: Vec<String> = entries.iter().map(|(_, n)| n.to_lowercase()).collect();
    order.sort_by(|&a, &b| {
        entries[b]
            .0
            .cmp(&entries[a].0)
            .then_with(|| folded[a].cmp(&folded[b]))
            .then_with(|| entries[a].1.cmp(entries[b].1))
            .then_with(|| a.cmp(&b))
    });
    let mut placings = Vec::with_capacity(order.len());
    for (position, &index) in order.iter().enumerate() {
        let rank = match placings.last() {
            Some(Placing { index: prev, rank })
                if entries[*prev].0.cmp(&entries[index].0) == Ordering::Equal =>
            {
                *rank
            }
            _ => position + 1,
        };
        placings.push(Placing { index, rank });
    }
    placings
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn ties_share_a_rank_and_skip_the_next() {
        let entries = [
            (dec!(70), "Delta"),
            (dec!(90), "Alpha"),
            (dec!(80), "charlie"),
            (dec!(80), "Bravo"),
            (dec!(60), "Echo"),
        ];
        let placed: Vec<(&str, usize)> = rank(&entries)
            .iter()
            .map(|p| (entries[p.index].1, p.rank))
            .collect();
        assert_eq!(
            placed,
            vec![
                ("Alpha", 1),
                ("Bravo", 2),
                ("charlie", 2),
                ("Delta", 4),
                ("Echo", 5)
            ]
        );
    }

    #[test]
    fn scale_of_trailing_zeros_does_not_split_a_tie() {
        let entries = [(dec!(80.50), "B"), (dec!(80.5), "A")];
        let placings = rank(&entries);
        assert_eq!(placings[0].rank, 1);
        assert_eq!(placings[1].rank, 1);
        assert_eq!(entries[placings[0].index].1, "A");
    }

    #[test]
    fn empty_input_ranks_nothing() {
        assert!(rank(&[]).is_empty());
    }
}
