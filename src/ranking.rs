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
    if name.is_ascii() {
        let bytes = name.as_bytes();
        let (high, low) = bytes.split_at(bytes.len().min(8));
        return (
            lowercase_ascii_word(be_word(high)),
            lowercase_ascii_word(be_word(&low[..low.len().min(8)])),
        );
    }
    let folded = name.to_lowercase();
    let bytes = folded.as_bytes();
    let (high, low) = bytes.split_at(bytes.len().min(8));
    (be_word(high), be_word(&low[..low.len().min(8)]))
}

/// Up to eight bytes as a big-endian word, zero-padded on the right.
fn be_word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(word) => u64::from_be_bytes(*word),
        None => bytes
            .iter()
            .zip((0..8).rev())
            .fold(0, |word, (&byte, place)| {
                word | u64::from(byte) << (8 * place)
            }),
    }
}

/// The eight ASCII bytes of `word` with `A`–`Z` made lowercase, all at once (in either
/// byte order): a byte's top bit is set in `x + 0x3f` when the byte is at least `A`, and in
/// `x + 0x25` when it is past `Z` (no byte carries into the next, each being below 0x80).
pub(crate) fn lowercase_ascii_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = word.wrapping_add(0x3f * ONES);
    let past_z = word.wrapping_add(0x25 * ONES);
    let upper = at_least_a & !past_z & (0x80 * ONES);
    word | (upper >> 2)
}

/// A fixed-width sort key within one score place: the name's folded prefix, and the
/// entry's id (the last tie-break, so the order never depends on the sort algorithm).
#[derive(Clone, Copy, Default)]
struct Key {
    prefix: (u64, u64),
    index: u32,
}

/// One run of rows' keys for the places of one pass, grouped by place (a counting sort,
/// keeping file order within a place), and where each place's keys start.
struct Bucketed {
    /// The run's keys in place order.
    keys: Vec<Key>,
    /// `starts[p - first]..starts[p - first + 1]` are place `p`'s keys.
    starts: Vec<u32>,
}

/// Each group's place among the distinct scores, best first (equal scores, whatever their
/// scale, share a place), and how many places there are.
fn score_places(scores: &[Decimal]) -> (Vec<u32>, usize) {
    // Each score travels with its group, so the sort compares neighbours in memory instead
    // of looking every score up (a million distinct scores are 16 MB of them).
    let mut by_score: Vec<(Decimal, u32)> = scores
        .iter()
        .zip(0..u32::try_from(scores.len()).expect("at most u32::MAX groups"))
        .map(|(&score, g)| (score, g))
        .collect();
    by_score.sort_unstable_by_key(|&(score, _)| std::cmp::Reverse(score));
    let mut place = vec![0u32; scores.len()];
    let mut current = 0u32;
    for (k, &(score, g)) in by_score.iter().enumerate() {
        if k > 0 && score != by_score[k - 1].0 {
            current += 1;
        }
        place[g as usize] = current;
    }
    let places = if scores.is_empty() {
        0
    } else {
        current as usize + 1
    };
    (place, places)
}

/// Orders `(score, name)` pairs best first and gives each its competition rank.
///
/// The order is: higher score first; among equal scores, name ignoring case, then name as
/// written, then position. Scores are compared as exact decimals (`80.50` equals `80.5`).
pub fn rank(entries: &[(Decimal, &str)]) -> Vec<Placing> {
    let scores: Vec<Decimal> = entries.iter().map(|(s, _)| *s).collect();
    rank_grouped(
        entries.len(),
        |id| Some(id as usize),
        &scores,
        |id| entries[id as usize].1,
    )
}

/// Entries a batch of score places holds at least (unless it is the last) when the places
/// are sorted on several threads: enough that taking a batch costs little beside it.
const BATCH_ENTRIES: usize = 16_384;

/// Passes over the rows a large ranking makes: each pass makes the sort keys of about a
/// quarter of the entries, so the keys (24 bytes an entry) never outweigh the ranking
/// itself (8 bytes an entry).
const PASSES: usize = 4;

/// Below this many entries a ranking makes one pass: its keys are small anyway.
const ONE_PASS_ENTRIES: usize = 1 << 16;

/// Orders the entries best first and gives each its competition rank, in the order and
/// with the ties of [`rank`]. The entries are the ids `0..rows` whose `group` is `Some`:
/// each belongs to a group (the programs that share a ratings tuple) whose score is
/// `scores[group]`, so scores are compared once per group, not once per entry. An id whose
/// group is `None` (an excluded program) is left out. [`Placing::index`] is the entry's id.
///
/// The distinct scores are sorted first; each entry's place among them is a small integer,
/// counted per run of rows (each run on its own core). An entry's rank is one more than the
/// entries of the better places. The places are then taken in a few passes, each holding
/// about a quarter of the entries: every run reads its rows in file order, makes the sort
/// key (the name's folded prefix) of each entry whose place is in the pass and drops it into
/// its place (a counting sort), so each name is read once, in the order it lies in memory;
/// then only the entries of one place are sorted by name, the places shared out among the
/// cores, each batch writing straight into its part of the result.
pub fn rank_grouped<'a>(
    rows: usize,
    group: impl Fn(u32) -> Option<usize> + Sync,
    scores: &[Decimal],
    name: impl Fn(u32) -> &'a str + Sync,
) -> Vec<Placing> {
    let rows = u32::try_from(rows).expect("at most u32::MAX entries");
    let (place, places) = score_places(scores);
    let place_of = |id: u32| group(id).map(|g| place[g] as usize);
    let threads = crate::workers::threads_for(rows as usize);
    let runs = crate::workers::ranges(rows as usize, threads);
    // How many entries of each place each run holds.
    let counts: Vec<Vec<u32>> = crate::workers::in_turn(runs.len(), threads, |run| {
        let range = runs[run].clone();
        let mut count = vec![0u32; places];
        for id in range.start as u32..range.end as u32 {
            if let Some(p) = place_of(id) {
                count[p] += 1;
            }
        }
        count
    });
    // Where each place starts in the whole order: its entries' rank is one more.
    let mut first = Vec::with_capacity(places + 1);
    let mut total = 0u32;
    first.push(0);
    for p in 0..places {
        total += counts.iter().map(|c| c[p]).sum::<u32>();
        first.push(total);
    }
    let entries = total as usize;
    let per_pass = if entries < ONE_PASS_ENTRIES {
        entries
    } else {
        entries.div_ceil(PASSES)
    };
    // The places `span` cut into consecutive ranges of at least `per` entries (the last
    // may hold fewer).
    let cut = |span: std::ops::Range<usize>, per: usize| {
        let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = span.start;
        for p in span.clone() {
            if (first[p + 1] - first[start]) as usize >= per || p + 1 == span.end {
                cut.push(start..p + 1);
                start = p + 1;
            }
        }
        cut
    };
    let within = |a: &Key, b: &Key| {
        a.prefix.cmp(&b.prefix).then_with(|| {
            let (x, y) = (name(a.index), name(b.index));
            cmp_folded(x, y)
                .then_with(|| x.cmp(y))
                .then(a.index.cmp(&b.index))
        })
    };
    let mut placings = vec![Placing { index: 0, rank: 0 }; entries];
    let mut rest = placings.as_mut_slice();
    for pass in cut(0..places, per_pass.max(1)) {
        // Each run's keys for the pass's places, in place order.
        let bucketed: Vec<Bucketed> = crate::workers::in_turn(runs.len(), threads, |run| {
            let range = runs[run].clone();
            let count = &counts[run][pass.clone()];
            let mut starts = Vec::with_capacity(count.len() + 1);
            let mut at = 0u32;
            starts.push(0);
            for &c in count {
                at += c;
                starts.push(at);
            }
            let mut next = starts.clone();
            let mut keys = vec![Key::default(); at as usize];
            for id in range.start as u32..range.end as u32 {
                if let Some(p) = place_of(id).filter(|p| pass.contains(p)) {
                    let slot = &mut next[p - pass.start];
                    keys[*slot as usize] = Key {
                        prefix: folded_prefix(name(id)),
                        index: id,
                    };
                    *slot += 1;
                }
            }
            Bucketed { keys, starts }
        });
        // Consecutive places cut into batches of about `BATCH_ENTRIES` entries, taken in
        // turn, each writing its placings into its own part of the pass's.
        let batches = cut(pass.clone(), BATCH_ENTRIES);
        let (mut here, after) = rest.split_at_mut((first[pass.end] - first[pass.start]) as usize);
        rest = after;
        let mut parts: Vec<std::sync::Mutex<&mut [Placing]>> = Vec::with_capacity(batches.len());
        for range in &batches {
            let (part, after) = here.split_at_mut((first[range.end] - first[range.start]) as usize);
            parts.push(std::sync::Mutex::new(part));
            here = after;
        }
        crate::workers::in_turn(batches.len(), threads, |b| {
            let mut part = parts[b]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut at = 0;
            let mut keys: Vec<Key> = Vec::new();
            for p in batches[b].clone() {
                keys.clear();
                let k = p - pass.start;
                for run in &bucketed {
                    keys.extend_from_slice(
                        &run.keys[run.starts[k] as usize..run.starts[k + 1] as usize],
                    );
                }
                keys.sort_unstable_by(within);
                let rank = first[p] + 1;
                for (slot, key) in part[at..at + keys.len()].iter_mut().zip(&keys) {
                    *slot = Placing {
                        index: key.index,
                        rank,
                    };
                }
                at += keys.len();
            }
        });
    }
    placings
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_sort_key_stays_small() {
        // A large ranking holds the keys of a quarter of its entries at once.
        assert!(std::mem::size_of::<Key>() <= 24);
    }

    #[test]
    fn a_folded_prefix_is_the_first_sixteen_bytes_of_the_lowercase_name() {
        let names = [
            "",
            "A",
            "Zulu",
            "Beacon 0000001",
            "EXACTLY 16 BYTES",
            "Longer Than Sixteen Bytes",
            "[@`{",
            "Élan Vital",
            "\u{212A}ilo",
            "ÉCOLE DE SANTÉ PUBLIQUE",
        ];
        for name in names {
            let mut bytes = [0u8; 16];
            let folded = name.to_lowercase();
            let n = folded.len().min(16);
            bytes[..n].copy_from_slice(&folded.as_bytes()[..n]);
            let (high, low) = bytes.split_at(8);
            let expected = (
                u64::from_be_bytes(high.try_into().unwrap()),
                u64::from_be_bytes(low.try_into().unwrap()),
            );
            assert_eq!(folded_prefix(name), expected, "{name}");
        }
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

    /// The order and ranks [`rank`] documents, worked out the plain way: one sort of all
    /// the entries by score, lowercase name, name and position; each rank one more than
    /// the entries before the first with the same score.
    fn reference(entries: &[(Decimal, &str)]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| {
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
        let mut rank = 0;
        order
            .iter()
            .enumerate()
            .map(|(position, &i)| {
                if position == 0 || entries[i].0 != entries[order[position - 1]].0 {
                    rank = position + 1;
                }
                (i, rank)
            })
            .collect()
    }

    fn placed(entries: &[(Decimal, &str)]) -> Vec<(usize, usize)> {
        rank(entries)
            .iter()
            .map(|p| (p.index(), p.rank()))
            .collect()
    }

    #[test]
    fn a_large_ranking_split_over_cores_is_the_one_sort_order() {
        // More entries than one thread takes, one score place larger than a batch, and
        // names that tie on their prefix.
        let n = 2 * crate::workers::PARALLEL_ROWS + 13;
        let names: Vec<String> = (0..n)
            .map(|i| match i % 3 {
                0 => format!("Name {:05}", (i * 7919) % 100_003),
                1 => format!("A Long Shared Prefix Of Names {:05}", (i * 31) % 977),
                _ => format!("a long shared prefix of names {:05}", (i * 31) % 977),
            })
            .collect();
        let entries: Vec<(Decimal, &str)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let score = if i % 2 == 0 { 99 } else { i % 37 };
                (Decimal::from(score), n.as_str())
            })
            .collect();
        assert!(entries.len() / 2 > BATCH_ENTRIES);
        let placed = placed(&entries);
        assert_eq!(placed[0].1, 1);
        assert_eq!(placed[n.div_ceil(2)].1, n.div_ceil(2) + 1);
        assert_eq!(placed, reference(&entries));
    }

    /// Names that share long prefixes, differ only in case (ASCII or not), fold to the
    /// same text from different bytes (the Kelvin sign and `k`), or repeat exactly.
    fn tie_prone_name() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            proptest::sample::select(vec![
                "",
                "Prefix Longer Than Sixteen ",
                "prefix longer than sixteen ",
                "PREFIX LONGER THAN SIXTEEN ",
                "École de Santé ",
                "ÉCOLE DE SANTÉ ",
                "école de santé ",
                "\u{212A}ilo ",
                "kilo ",
                "Straße ",
                "STRASSE ",
            ]),
            "[aAbBéÉkK\u{212A}ßİı 0-9]{0,4}",
        )
            .prop_map(|(prefix, rest)| format!("{prefix}{rest}"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// The grouped ranking gives the order and ranks of one plain sort, on inputs
        /// full of ties: few scores (equal ones written with other scales), names that
        /// tie on their prefixes or on their folded text.
        #[test]
        fn ranking_is_one_plain_sort_of_score_and_name(
            entries in proptest::collection::vec((0usize..6, tie_prone_name()), 0..200),
        ) {
            let scores = [dec!(80.5), dec!(80.50), dec!(12), dec!(12.000), dec!(0), dec!(-3.25)];
            let entries: Vec<(Decimal, &str)> =
                entries.iter().map(|(s, n)| (scores[*s], n.as_str())).collect();
            proptest::prop_assert_eq!(placed(&entries), reference(&entries));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]

        /// As above on inputs large enough to be split over the cores and over batches
        /// of score places.
        #[test]
        fn a_ranking_split_over_cores_is_one_plain_sort(
            pool in proptest::collection::vec(tie_prone_name(), 1..64),
            picks in proptest::collection::vec(
                (0usize..5, 0usize..64),
                crate::workers::PARALLEL_ROWS..3 * crate::workers::PARALLEL_ROWS,
            ),
        ) {
            let scores = [dec!(7), dec!(7.0), dec!(3), dec!(1), dec!(1.00)];
            let entries: Vec<(Decimal, &str)> = picks
                .iter()
                .map(|&(s, n)| (scores[s], pool[n % pool.len()].as_str()))
                .collect();
            proptest::prop_assert_eq!(placed(&entries), reference(&entries));
        }
    }

    #[test]
    fn ranking_by_group_is_ranking_each_entry_by_its_groups_score() {
        // Scores per group, some equal in value but not in scale; entries spread over them.
        let scores = [dec!(3), dec!(1.50), dec!(7), dec!(1.5), dec!(3.0)];
        let names: Vec<String> = (0..40).map(|i| format!("p{:02}", (i * 17) % 40)).collect();
        let ids: Vec<u32> = (0..40).filter(|i| i % 7 != 3).collect();
        let group = |id: u32| (id as usize * 3) % scores.len();
        let grouped = rank_grouped(
            40,
            |id| (id % 7 != 3).then(|| group(id)),
            &scores,
            |id| names[id as usize].as_str(),
        );
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
    fn a_ranking_made_in_several_passes_is_the_one_sort_order() {
        // Enough entries for several passes, some left out, many score places (one of them
        // larger than a pass), names that tie on their prefix.
        let rows = 3 * ONE_PASS_ENTRIES + 101;
        let names: Vec<String> = (0..rows)
            .map(|i| match i % 4 {
                0 => format!("Program {:07}", (i * 7919) % 1_000_003),
                1 => format!("A Long Shared Prefix Of Names {:03}", (i * 31) % 401),
                2 => format!("a long shared prefix of names {:03}", (i * 31) % 401),
                _ => format!("Élan {:05}", i % 977),
            })
            .collect();
        let scores: Vec<Decimal> = (0..500).map(|s| Decimal::new(s % 250, 1)).collect();
        let group = |id: u32| {
            let id = id as usize;
            if id.is_multiple_of(3) {
                0
            } else {
                (id * 13) % scores.len()
            }
        };
        let kept = |id: u32| id % 11 != 5;
        let grouped: Vec<(usize, usize)> = rank_grouped(
            rows,
            |id| kept(id).then(|| group(id)),
            &scores,
            |id| names[id as usize].as_str(),
        )
        .iter()
        .map(|p| (p.index(), p.rank()))
        .collect();
        let ids: Vec<u32> = (0..rows as u32).filter(|&id| kept(id)).collect();
        let entries: Vec<(Decimal, &str)> = ids
            .iter()
            .map(|&id| (scores[group(id)], names[id as usize].as_str()))
            .collect();
        let expected: Vec<(usize, usize)> = reference(&entries)
            .into_iter()
            .map(|(i, rank)| (ids[i] as usize, rank))
            .collect();
        assert!(entries.len() / PASSES > ONE_PASS_ENTRIES / 2);
        assert_eq!(grouped, expected);
    }

    #[test]
    fn empty_input_ranks_nothing() {
        assert!(rank(&[]).is_empty());
    }
}
