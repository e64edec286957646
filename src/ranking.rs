//! Ranking: order programs by exact score, best first, with shared ranks for ties.
//!
//! Standard competition ranking ("1224"): equal scores share a rank and the next rank skips
//! as many places as were shared. Tied programs are listed by name (case-insensitive, then
//! exact text), so the order never depends on hashing or on the order of the input rows.

use rust_decimal::Decimal;
use std::cmp::Ordering;

/// One program's place in the ranking (8 bytes: a million-row ranking holds a million).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placing {
    index: u32,
    rank: u32,
}

impl Placing {
    /// Index of the program in the slice given to [`rank`] (its id, for [`rank_grouped`]).
    pub fn index(self) -> usize {
        self.index as usize
    }

    /// Its competition rank, starting at 1.
    pub fn rank(self) -> usize {
        self.rank as usize
    }
}

/// Compares two names as their [`str::to_lowercase`] texts compare, without lowercasing a
/// copy when both are ASCII.
pub fn cmp_folded(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let common = a.len().min(b.len());
        for i in 0..common {
            let order = a[i].to_ascii_lowercase().cmp(&b[i].to_ascii_lowercase());
            if order.is_ne() {
                return order;
            }
        }
        a.len().cmp(&b.len())
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

/// The first 16 bytes of a name's lowercase text, big-endian, zero-padded, as two halves
/// (high, low): comparing these orders any two names whose prefixes differ exactly as
/// [`cmp_folded`] does, so the sort only reads the names themselves when the prefixes are
/// equal. Two `u64`s rather than one `u128` keep a [`Key`] at 24 bytes (a `u128` is aligned
/// to 16 and pads it to 32).
fn folded_prefix(name: &str) -> (u64, u64) {
    let mut bytes = [0u8; 16];
    if name.is_ascii() {
        let n = name.len().min(16);
        bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
        bytes.make_ascii_lowercase();
    } else {
        let folded = name.to_lowercase();
        let n = folded.len().min(16);
        bytes[..n].copy_from_slice(&folded.as_bytes()[..n]);
    }
    let (high, low) = bytes.split_at(8);
    (
        u64::from_be_bytes(high.try_into().expect("8 bytes")),
        u64::from_be_bytes(low.try_into().expect("8 bytes")),
    )
}

/// A fixed-width sort key: the score's place among the distinct scores, the name's folded
/// prefix, and the entry's index (the last tie-break, so the order never depends on the
/// sort algorithm).
#[derive(Clone, Copy)]
struct Key {
    score: u32,
    index: u32,
    prefix: (u64, u64),
}

/// Below this many entries one thread sorts them.
const PARALLEL_SORT: usize = 50_000;

/// Sorts `keys` by `order` and returns each one's (score place, index) in that order (8
/// bytes an entry rather than the key's 24, so the sorted copy costs little memory): large
/// inputs as two halves on two threads, then merged. The order is total (the index breaks
/// every tie), so the result does not depend on how the work was split.
fn sort_keys(
    mut keys: Vec<Key>,
    order: &(impl Fn(&Key, &Key) -> Ordering + Sync),
) -> Vec<(u32, u32)> {
    let two_cores = crate::workers::cores() >= 2;
    if keys.len() < PARALLEL_SORT || !two_cores {
        keys.sort_unstable_by(order);
        return keys.iter().map(|k| (k.score, k.index)).collect();
    }
    let middle = keys.len() / 2;
    let (low, high) = keys.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| low.sort_unstable_by(order));
        high.sort_unstable_by(order);
    });
    let mut merged = Vec::with_capacity(keys.len());
    let (mut i, mut j) = (0, middle);
    while i < middle && j < keys.len() {
        if order(&keys[j], &keys[i]).is_lt() {
            merged.push((keys[j].score, keys[j].index));
            j += 1;
        } else {
            merged.push((keys[i].score, keys[i].index));
            i += 1;
        }
    }
    merged.extend(keys[i..middle].iter().map(|k| (k.score, k.index)));
    merged.extend(keys[j..].iter().map(|k| (k.score, k.index)));
    merged
}

/// Orders `(score, name)` pairs best first and gives each its competition rank.
///
/// The order is: higher score first; among equal scores, name ignoring case, then name as
/// written, then position. Scores are compared as exact decimals (`80.50` equals `80.5`).
pub fn rank(entries: &[(Decimal, &str)]) -> Vec<Placing> {
    let scores: Vec<Decimal> = entries.iter().map(|(s, _)| *s).collect();
    let ids: Vec<u32> =
        (0..u32::try_from(entries.len()).expect("at most u32::MAX entries")).collect();
    rank_grouped(&ids, |id| id as usize, &scores, |id| entries[id as usize].1)
}

/// Orders the entries `ids` best first and gives each its competition rank, in the order
/// and with the ties of [`rank`]. Each entry belongs to a group (the programs that share a
/// ratings tuple) whose score is `scores[group(id)]`: scores are compared once per group,
/// not once per entry, and an entry's sort key is the small integer of its group's place.
/// [`Placing::index`] is the entry's id.
pub fn rank_grouped<'a>(
    ids: &[u32],
    group: impl Fn(u32) -> usize,
    scores: &[Decimal],
    name: impl Fn(u32) -> &'a str + Sync,
) -> Vec<Placing> {
    // Each group's place among the distinct scores, best first (equal scores, whatever
    // their scale, share a place).
    let mut by_score: Vec<u32> =
        (0..u32::try_from(scores.len()).expect("at most u32::MAX groups")).collect();
    by_score.sort_unstable_by(|&a, &b| scores[b as usize].cmp(&scores[a as usize]));
    let mut place = vec![0u32; scores.len()];
    let mut current = 0u32;
    for (k, &g) in by_score.iter().enumerate() {
        if k > 0 && scores[g as usize] != scores[by_score[k - 1] as usize] {
            current += 1;
        }
        place[g as usize] = current;
    }
    drop(by_score);
    let keys: Vec<Key> = ids
        .iter()
        .map(|&id| Key {
            score: place[group(id)],
            index: id,
            prefix: folded_prefix(name(id)),
        })
        .collect();
    drop(place);
    let full = |a: &Key, b: &Key| {
        let (x, y) = (name(a.index), name(b.index));
        cmp_folded(x, y).then_with(|| x.cmp(y))
    };
    let order = |a: &Key, b: &Key| {
        a.score
            .cmp(&b.score)
            .then(a.prefix.cmp(&b.prefix))
            .then_with(|| full(a, b))
            .then(a.index.cmp(&b.index))
    };
    let sorted = sort_keys(keys, &order);
    // Each (score place, index) becomes (index, rank) where it lies: same size, so the
    // sorted vector's memory is reused.
    let mut previous: Option<(u32, u32)> = None;
    sorted
        .into_iter()
        .zip(1u32..)
        .map(|((place, index), position)| {
            let rank = match previous {
                Some((score, rank)) if score == place => rank,
                _ => position,
            };
            previous = Some((place, rank));
            Placing { index, rank }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_sort_key_stays_small() {
        // A million-row ranking holds a million keys and their sorted copy at once.
        assert!(std::mem::size_of::<Key>() <= 24);
    }

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
            .map(|p| (entries[p.index()].1, p.rank()))
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
        assert_eq!(placings[0].rank(), 1);
        assert_eq!(placings[1].rank(), 1);
        assert_eq!(entries[placings[0].index()].1, "A");
    }

    #[test]
    fn long_names_and_non_ascii_names_tie_break_like_lowercase_text() {
        let entries = [
            (dec!(1), "Prefix Longer Than Sixteen B"),
            (dec!(1), "prefix longer than sixteen a"),
            (dec!(1), "Élan"),
            (dec!(1), "élan"),
            (dec!(1), "Zulu"),
            (dec!(1), "\u{212A}ilo"),
            (dec!(1), "kilo"),
        ];
        let mut expected: Vec<&str> = entries.iter().map(|(_, n)| *n).collect();
        expected.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
        let placed: Vec<&str> = rank(&entries)
            .iter()
            .map(|p| entries[p.index()].1)
            .collect();
        assert_eq!(placed, expected);
        assert!(rank(&entries).iter().all(|p| p.rank() == 1));
    }

    #[test]
    fn a_large_ranking_sorted_in_halves_is_the_one_sort_order() {
        let names: Vec<String> = (0..PARALLEL_SORT + 13)
            .map(|i| format!("Name {:05}", (i * 7919) % 100_003))
            .collect();
        let entries: Vec<(Decimal, &str)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (Decimal::from(i % 37), n.as_str()))
            .collect();
        let placed: Vec<usize> = rank(&entries).iter().map(|p| p.index()).collect();
        let mut expected: Vec<usize> = (0..entries.len()).collect();
        expected.sort_by(|&a, &b| {
            entries[b]
                .0
                .cmp(&entries[a].0)
                .then_with(|| {
                    entries[a]
                        .1
                        .to_lowercase()
                        .cmp(&entries[b].1.to_lowercase())
                })
                .then_with(|| entries[a].1.cmp(entries[b].1))
                .then(a.cmp(&b))
        });
        assert_eq!(placed, expected);
    }

    #[test]
    fn ranking_by_group_is_ranking_each_entry_by_its_groups_score() {
        // Scores per group, some equal in value but not in scale; entries spread over them.
        let scores = [dec!(3), dec!(1.50), dec!(7), dec!(1.5), dec!(3.0)];
        let names: Vec<String> = (0..40).map(|i| format!("p{:02}", (i * 17) % 40)).collect();
        let ids: Vec<u32> = (0..40).filter(|i| i % 7 != 3).collect();
        let group = |id: u32| (id as usize * 3) % scores.len();
        let grouped = rank_grouped(&ids, group, &scores, |id| names[id as usize].as_str());
        let entries: Vec<(Decimal, &str)> = ids
            .iter()
            .map(|&id| (scores[group(id)], names[id as usize].as_str()))
            .collect();
        let direct: Vec<(u32, usize)> = rank(&entries)
            .iter()
            .map(|p| (ids[p.index()], p.rank()))
            .collect();
        let grouped: Vec<(u32, usize)> = grouped
            .iter()
            .map(|p| (p.index() as u32, p.rank()))
            .collect();
        assert_eq!(grouped, direct);
    }

    #[test]
    fn empty_input_ranks_nothing() {
        assert!(rank(&[]).is_empty());
    }
}
