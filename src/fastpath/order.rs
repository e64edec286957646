//! Stage 3 of the fast path: sort keys, duplicate names, and the order rows are written in.
//!
//! The pipeline orders programs by score, best first, then by case-folded name
//! ([`crate::ranking::rank`]), and refuses two programs whose names fold to the same text.
//! Here a row's key packs both into 128 bits: its score group (0 = best) in the top 16
//! bits, then the first 16 characters of its case-folded ASCII name, 7 bits each. Integer
//! order on keys is then rank order, except between names that share their first 16
//! characters, which [`sort`] orders afterwards by reading their full names again.

use super::scan::read_one;
use crate::memory::LargeBuffer;
use crate::parallel::join;
use csv_core::Reader;

/// Largest flag-set id an entry holds.
pub const FLAG_SET: u16 = (1 << 13) - 1;
/// Entry bit: the name is longer than the key holds.
const LONG_NAME: u16 = 1 << 13;
/// Entry bit: the record can be copied to the output as it is.
const AS_IS: u16 = 1 << 14;
/// Bands of the first distribution level (see `sort_by_group`).
const BANDS: usize = 16;
/// Characters of the name in the key.
const NAME_CHARS: usize = 16;
/// Bits of the key taken by the name.
const NAME_BITS: u32 = 7 * NAME_CHARS as u32;
/// Where the score group starts in `hi`.
const GROUP_SHIFT: u32 = NAME_BITS - 64;

/// One data row, in 24 bytes: its sort key, where its record starts and ends, its flag set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct Entry {
    /// The key's upper half: the group (a tuple id while scanning) and the name's start.
    hi: u64,
    /// The key's lower half: the rest of the name.
    lo: u64,
    /// Offset of the record's first byte in the input.
    pub start: u32,
    /// The flag-set id and the [`LONG_NAME`] and [`AS_IS`] bits.
    bits: u16,
    /// Length of the record up to its line break when known and below 65,536, else 0.
    pub len: u16,
}

impl Entry {
    /// An entry, or `None` when an id or the offset does not fit. `len` is the record's
    /// length up to its line break, or 0 when not known.
    pub fn new(
        group: u16,
        name: &[u8],
        start: usize,
        len: usize,
        flag_set: u16,
        as_is: bool,
    ) -> Option<Self> {
        if flag_set > FLAG_SET {
            return None;
        }
        let key = (u128::from(group) << NAME_BITS) | name_key(name);
        let mut bits = flag_set;
        if name.len() > NAME_CHARS {
            bits |= LONG_NAME;
        }
        if as_is {
            bits |= AS_IS;
        }
        Some(Entry {
            hi: (key >> 64) as u64,
            lo: key as u64,
            start: u32::try_from(start).ok()?,
            bits,
            len: u16::try_from(len).unwrap_or(0),
        })
    }

    /// The sort key: integer order is rank order (up to the first 16 characters of names).
    pub fn key(&self) -> u128 {
        (u128::from(self.hi) << 64) | u128::from(self.lo)
    }

    fn name_key(&self) -> u128 {
        self.key() & ((1 << NAME_BITS) - 1)
    }

    /// The score group (while scanning: the scanner's tuple id).
    pub fn group(&self) -> usize {
        (self.hi >> GROUP_SHIFT) as usize
    }

    pub fn set_group(&mut self, group: u16) {
        self.hi = (self.hi & ((1 << GROUP_SHIFT) - 1)) | (u64::from(group) << GROUP_SHIFT);
    }

    /// The flag-set id (while scanning: the scanner's own).
    pub fn flag_set(&self) -> usize {
        usize::from(self.bits & FLAG_SET)
    }

    /// Sets the flag-set id; `flag_set` is at most [`FLAG_SET`].
    pub fn set_flag_set(&mut self, flag_set: u16) {
        self.bits = (self.bits & !FLAG_SET) | (flag_set & FLAG_SET);
    }

    /// True when the record can be copied to the output as it is.
    pub fn as_is(&self) -> bool {
        self.bits & AS_IS != 0
    }

    fn long_name(&self) -> bool {
        self.bits & LONG_NAME != 0
    }
}

/// The first 16 characters of an ASCII name, case-folded, 7 bits each, zero padded: as
/// integers these order as the folded names do (a name holds no NUL, so the padding sorts a
/// name before the longer names it begins).
pub fn name_key(name: &[u8]) -> u128 {
    let mut padded = [0u8; NAME_CHARS];
    let n = name.len().min(NAME_CHARS);
    padded[..n].copy_from_slice(&name[..n]);
    let (first, second) = padded.split_at(NAME_CHARS / 2);
    let half = |bytes: &[u8]| {
        pack_sevens(fold_ascii(u64::from_be_bytes(
            bytes.try_into().unwrap_or_default(),
        )))
    };
    (u128::from(half(first)) << (NAME_BITS / 2)) | u128::from(half(second))
}

/// Eight bytes at once, as `b.to_ascii_lowercase() & 0x7F` folds each: `A`–`Z` gain the
/// 0x20 bit, and every byte loses its top bit (no carry crosses bytes: each sum stays
/// below 0x100).
fn fold_ascii(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let low = word & LOW7;
    let from_a = low + ONES * u64::from(0x80 - b'A');
    let past_z = low + ONES * u64::from(0x80 - b'Z' - 1);
    let upper = from_a & !past_z & !word & (ONES * 0x80);
    (word | (upper >> 2)) & LOW7
}

/// The low 7 bits of each byte of `word` (first byte most significant), packed into 56
/// bits in the same order: pairs, then quads, then the two halves close their gaps.
fn pack_sevens(word: u64) -> u64 {
    let pairs = (word & 0x007F_007F_007F_007F) | ((word & 0x7F00_7F00_7F00_7F00) >> 1);
    let quads = (pairs & 0x0000_3FFF_0000_3FFF) | ((pairs & 0x3FFF_0000_3FFF_0000) >> 2);
    (quads & 0x0000_0000_0FFF_FFFF) | ((quads & 0x0FFF_FFFF_0000_0000) >> 4)
}

/// The case-folded, trimmed name of the record starting at `start` in `bytes`.
fn full_name(bytes: &[u8], entry: &Entry, name_column: usize) -> Option<String> {
    let record = bytes.get(entry.start as usize..)?;
    if entry.as_is() {
        // No quotes: the cells are the text between commas.
        let end = memchr::memchr2(b'\n', b'\r', record).unwrap_or(record.len());
        let name = record[..end].split(|&b| b == b',').nth(name_column)?;
        return Some(std::str::from_utf8(name).ok()?.trim().to_ascii_lowercase());
    }
    let mut reader = Reader::new();
    let (mut fields, mut ends) = (vec![0u8; 256], vec![0usize; 16]);
    let (n, _) = read_one(&mut reader, record, &mut fields, &mut ends)?;
    let begin = match name_column {
        0 => 0,
        c => *ends.get(c - 1)?,
    };
    let end = *ends[..n].get(name_column)?;
    let name = std::str::from_utf8(fields.get(begin..end)?).ok()?;
    Some(name.trim().to_ascii_lowercase())
}

/// The duplicate-name check for `--top`, which does not sort every row: every row marks the
/// slot its name key hashes to, and slots marked twice make their rows candidates; only
/// candidates are compared (see [`refuse_duplicate_names`]). With 8 slots a row about one
/// row in eight is a candidate; the bitmaps take 2 bits a row.
pub struct NameSlots {
    seen: Vec<u64>,
    twice: Vec<u64>,
    shift: u32,
}

impl NameSlots {
    /// Bitmaps for up to `rows` rows.
    pub fn new(rows: usize) -> Self {
        let slots = rows.saturating_mul(8).next_power_of_two().max(64);
        NameSlots {
            seen: vec![0; slots / 64],
            twice: vec![0; slots / 64],
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// The slot and hash of a row's name key.
    fn slot(&self, entry: &Entry) -> (usize, u64) {
        let key = entry.name_key();
        let mixed = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let hash = mixed.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        ((hash >> self.shift) as usize, hash)
    }

    /// Marks a row's slot.
    pub fn mark(&mut self, entry: &Entry) {
        let (slot, _) = self.slot(entry);
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        self.twice[word] |= self.seen[word] & bit;
        self.seen[word] |= bit;
    }

    /// A hash of a row whose slot was marked twice (after every row was marked); rows with
    /// equal name keys have equal hashes.
    pub fn candidate(&self, entry: &Entry) -> Option<u32> {
        let (slot, hash) = self.slot(entry);
        (self.twice[slot / 64] & (1u64 << (slot % 64)) != 0).then_some(hash as u32)
    }
}

/// `None` when two rows' names fold to the same text, as the pipeline refuses them.
/// `candidates` holds the [`NameSlots::candidate`] hash and index of every candidate row.
pub fn refuse_duplicate_names(
    mut candidates: Vec<(u32, u32)>,
    entries: &[Entry],
    bytes: &[u8],
    name_column: usize,
) -> Option<()> {
    candidates.sort_unstable();
    for run in candidates.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let mut rows: Vec<Entry> = run.iter().map(|&(_, i)| entries[i as usize]).collect();
        rows.sort_unstable_by_key(Entry::name_key);
        for same in rows.chunk_by(|a, b| a.name_key() == b.name_key()) {
            if same.len() > 1 && unique_full_names(same, bytes, name_column)?.is_none() {
                return None;
            }
        }
    }
    Some(())
}

/// Rows whose name keys are equal, sorted by their full folded names; `Some(None)` when two
/// of them are the same name (`None` when a record cannot be read again).
fn unique_full_names(
    rows: &[Entry],
    bytes: &[u8],
    name_column: usize,
) -> Option<Option<Vec<Entry>>> {
    // Equal keys of names that fit the key whole are equal names.
    if rows.iter().all(|e| !e.long_name()) {
        return Some(None);
    }
    let mut named: Vec<(String, Entry)> = rows
        .iter()
        .map(|e| Some((full_name(bytes, e, name_column)?, *e)))
        .collect::<Option<_>>()?;
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if named.windows(2).any(|w| w[0].0 == w[1].0) {
        return Some(None);
    }
    Some(Some(named.into_iter().map(|(_, e)| e).collect()))
}

/// Puts `entries` in rank order (with `top`, only the best `top`, and drops the rest);
/// `None` on a duplicate name. `group_sizes[g]` is the number of entries in score group `g`.
/// With `top` below the number of rows the caller must have refused duplicate names
/// ([`refuse_duplicate_names`]): only the rows kept are compared here.
pub fn sort(
    entries: &mut LargeBuffer<Entry>,
    group_sizes: &[usize],
    top: Option<usize>,
    bytes: &[u8],
    name_column: usize,
    threads: super::Threads,
) -> Option<()> {
    match top {
        Some(n) if n < entries.len() => {
            // Only the best groups that reach n rows can hold the first n rows.
            let mut needed = 0;
            let mut last = 0;
            for (g, &size) in group_sizes.iter().enumerate() {
                needed += size;
                last = g;
                if needed >= n {
                    break;
                }
            }
            let kept = partition(entries, |e| e.group() <= last);
            entries.truncate(kept);
            if n == 0 {
                entries.truncate(0);
                return Some(());
            }
            if entries.len() > n {
                entries.select_nth_unstable_by_key(n - 1, Entry::key);
                // Rows whose key equals the n-th's may still come before it by full name.
                let boundary = entries[n - 1].key();
                let tied = partition(&mut entries[n..], |e| e.key() == boundary);
                entries.truncate(n + tied);
            }
            entries.sort_unstable_by_key(Entry::key);
            order_long_names(entries, bytes, name_column)?;
            entries.truncate(n);
        }
        _ => sort_by_group(entries, group_sizes, bytes, name_column, threads)?,
    }
    Some(())
}

/// Moves the entries for which `keep` holds to the front, returning how many there are.
fn partition(entries: &mut [Entry], keep: impl Fn(&Entry) -> bool) -> usize {
    let mut kept = 0;
    for i in 0..entries.len() {
        if keep(&entries[i]) {
            entries.swap(kept, i);
            kept += 1;
        }
    }
    kept
}

/// Sorts by key: first an in-place distribution by score group (in two levels, so each row
/// moves at most twice), then each group on its own, which fits in cache; on a large input
/// the groups are split in two halves distributed and sorted by two threads.
fn sort_by_group(
    entries: &mut [Entry],
    group_sizes: &[usize],
    bytes: &[u8],
    name_column: usize,
    threads: super::Threads,
) -> Option<()> {
    let mut starts = Vec::with_capacity(group_sizes.len());
    let mut end = 0;
    for &size in group_sizes {
        starts.push(end);
        end += size;
    }
    if end != entries.len() {
        return None;
    }
    let ends: Vec<usize> = starts.iter().zip(group_sizes).map(|(s, n)| s + n).collect();
    let n = entries.len();
    let groups = group_sizes.len();
    // The halves for two threads: groups starting before the middle row, and the rest.
    let split = starts.iter().position(|&s| s >= n / 2).unwrap_or(groups);
    let cut = starts.get(split).copied().unwrap_or(n);
    // Two levels of distribution: first into about BANDS bands of consecutive groups (few
    // enough write cursors for the hardware prefetcher to follow), then each band into its
    // groups, bands on both sides of the split by their own thread. One level over hundreds
    // of groups waits on a cache miss at almost every move.
    let mut band_of = Vec::with_capacity(groups);
    let mut band_starts: Vec<usize> = Vec::new();
    let mut last_slot = usize::MAX;
    for (g, &start) in starts.iter().enumerate() {
        let slot = start * BANDS / n.max(1);
        if slot != last_slot || g == split {
            band_starts.push(start);
            last_slot = slot;
        }
        band_of.push(band_starts.len() - 1);
    }
    let band_ends: Vec<usize> = band_starts.iter().skip(1).copied().chain([n]).collect();
    distribute(entries, |e| band_of[e.group()], &band_starts, &band_ends);
    // Equal keys never cross groups, so each half orders its own long names.
    let sort_groups = |part: &mut [Entry], base: usize, range: std::ops::Range<usize>| {
        let mut g = range.start;
        while g < range.end {
            let first = g;
            while g < range.end && band_of[g] == band_of[first] {
                g += 1;
            }
            let local = |at: &[usize]| -> Vec<usize> {
                at[first..g].iter().map(|x| x - starts[first]).collect()
            };
            let band = &mut part[starts[first] - base..ends[g - 1] - base];
            distribute(band, |e| e.group() - first, &local(&starts), &local(&ends));
        }
        for g in range {
            part[starts[g] - base..ends[g] - base].sort_unstable_by_key(Entry::key);
        }
        order_long_names(part, bytes, name_column)
    };
    let (left, right) = entries.split_at_mut(cut);
    let (mine, theirs) = join(
        threads.rows(n),
        || sort_groups(left, 0, 0..split),
        || sort_groups(right, cut, split..groups),
    );
    mine.and(theirs.flatten())?;
    refuse_duplicates_in_groups(entries, &starts, &ends, bytes, name_column, threads)
}

/// Moves every entry into its bucket's range (`starts[b]..ends[b]`, which tile `entries`):
/// the in-place distribution of American flag sort (McIlroy, Bostic and McIlroy, "Engineering
/// Radix Sort", 1993), each entry moved once.
fn distribute(
    entries: &mut [Entry],
    bucket: impl Fn(&Entry) -> usize,
    starts: &[usize],
    ends: &[usize],
) {
    let mut next = starts.to_vec();
    for b in 0..starts.len() {
        while next[b] < ends[b] {
            let target = bucket(&entries[next[b]]);
            if target == b {
                next[b] += 1;
            } else {
                entries.swap(next[b], next[target]);
                next[target] += 1;
            }
        }
    }
}

/// `None` when two rows of `entries` (sorted by key, `starts`/`ends` bounding each score
/// group) have names that fold to the same text. Equal names have equal name keys, so the
/// name-key space is cut into ranges of about [`RANGE_ROWS`] rows (bounds taken from a
/// sample); each group holds each range's rows one after another, and a small hash table
/// (in cache) of one range's keys meets every pair of equal keys. Two threads each take
/// half of the ranges.
fn refuse_duplicates_in_groups(
    entries: &[Entry],
    starts: &[usize],
    ends: &[usize],
    bytes: &[u8],
    name_column: usize,
    threads: super::Threads,
) -> Option<()> {
    let bounds = range_bounds(entries);
    let check = |bounds: &[u128], mut cursors: Vec<usize>| -> Option<()> {
        let mut table = KeyTable::new(RANGE_ROWS);
        let mut equal: Vec<u32> = Vec::new();
        for &bound in bounds {
            table.next_range();
            for (cursor, &end) in cursors.iter_mut().zip(ends) {
                let mut at = *cursor;
                while at < end {
                    let key = entries[at].name_key();
                    if key >= bound {
                        break;
                    }
                    if let Some(first) = table.insert(key, at as u32, entries) {
                        equal.extend([first, at as u32]);
                    }
                    at += 1;
                }
                *cursor = at;
            }
            if !equal.is_empty() {
                refuse_equal_keys(&mut equal, entries, bytes, name_column)?;
                equal.clear();
            }
        }
        Some(())
    };
    if !threads.rows(entries.len()) || bounds.len() < 2 {
        return check(&bounds, starts.to_vec());
    }
    let (low, high) = bounds.split_at(bounds.len() / 2);
    let pivot = *low.last()?;
    let cut: Vec<usize> = starts
        .iter()
        .zip(ends)
        .map(|(&s, &e)| s + entries[s..e].partition_point(|x| x.name_key() < pivot))
        .collect();
    let (mine, theirs) = join(
        true,
        || check(low, starts.to_vec()),
        || check(high, cut.clone()),
    );
    mine.and(theirs.flatten())
}

/// Rows per name-key range of the duplicate check: one range's hash table (16 bytes a slot,
/// at most half full) stays in the L2 cache.
const RANGE_ROWS: usize = 1 << 12;

/// Ascending upper bounds (exclusive) of name-key ranges holding about [`RANGE_ROWS`]
/// rows each, from an even sample of the rows; the last bound is above every key.
fn range_bounds(entries: &[Entry]) -> Vec<u128> {
    const SAMPLES_PER_RANGE: usize = 16;
    let ranges = entries.len() / RANGE_ROWS;
    let samples = ranges * SAMPLES_PER_RANGE;
    let mut keys: Vec<u128> = (0..samples)
        .map(|i| entries[i * entries.len() / samples].name_key())
        .collect();
    keys.sort_unstable();
    let mut bounds: Vec<u128> = keys
        .iter()
        .skip(SAMPLES_PER_RANGE)
        .step_by(SAMPLES_PER_RANGE)
        .copied()
        .collect();
    bounds.dedup();
    bounds.push(u128::MAX);
    bounds
}

/// `None` when rows in `equal` (indices of rows whose name key another row shares, in
/// pairs) are two rows of different groups with the same full name. Rows of one group with
/// equal keys were ordered, and checked, when the group was sorted.
fn refuse_equal_keys(
    equal: &mut [u32],
    entries: &[Entry],
    bytes: &[u8],
    name_column: usize,
) -> Option<()> {
    equal.sort_unstable_by_key(|&i| (entries[i as usize].name_key(), i));
    let mut rows: Vec<Entry> = Vec::new();
    for run in
        equal.chunk_by(|&a, &b| entries[a as usize].name_key() == entries[b as usize].name_key())
    {
        rows.clear();
        rows.extend(run.iter().map(|&i| entries[i as usize]));
        rows.dedup();
        let first_group = rows[0].group();
        if rows.iter().any(|e| e.group() != first_group) {
            unique_full_names(&rows, bytes, name_column)??;
        }
    }
    Some(())
}

/// An open-addressing hash table of the name keys of one range (see
/// [`refuse_duplicates_in_groups`]): a slot holds a key's hash, its row and the range it
/// was filled in, so moving to the next range clears nothing.
struct KeyTable {
    /// `(hash, row, range)`; a slot is empty unless its range is the current one.
    slots: Vec<(u64, u32, u32)>,
    /// Slots filled in the current range.
    filled: usize,
    range: u32,
}

impl KeyTable {
    /// A table for about `rows` keys a range (it grows when a range holds more).
    fn new(rows: usize) -> Self {
        KeyTable {
            slots: vec![(0, 0, 0); (2 * rows).next_power_of_two()],
            filled: 0,
            range: 0,
        }
    }

    /// Empties the table for the next range.
    fn next_range(&mut self) {
        self.range += 1;
        self.filled = 0;
    }

    /// Adds the key of row `row`; returns a row added before with the same key, if any.
    fn insert(&mut self, key: u128, row: u32, entries: &[Entry]) -> Option<u32> {
        if 2 * (self.filled + 1) > self.slots.len() {
            self.grow(entries);
        }
        let hash = ((key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let mask = self.slots.len() - 1;
        let mut slot = (hash >> 32) as usize & mask;
        loop {
            let (h, other, range) = self.slots[slot];
            if range != self.range {
                self.slots[slot] = (hash, row, self.range);
                self.filled += 1;
                return None;
            }
            if h == hash && entries[other as usize].name_key() == key {
                return Some(other);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Doubles the table, keeping the current range's keys.
    fn grow(&mut self, entries: &[Entry]) {
        let doubled = vec![(0, 0, 0); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.filled = 0;
        for (_, row, range) in old {
            if range == self.range {
                self.insert(entries[row as usize].name_key(), row, entries);
            }
        }
    }
}

/// Orders each run of equal keys (names sharing their first 16 characters) by full name;
/// `None` on a duplicate name.
fn order_long_names(entries: &mut [Entry], bytes: &[u8], name_column: usize) -> Option<()> {
    let mut i = 0;
    while i < entries.len() {
        let key = entries[i].key();
        let mut j = i + 1;
        while j < entries.len() && entries[j].key() == key {
            j += 1;
        }
        if j - i > 1 {
            let ordered = unique_full_names(&entries[i..j], bytes, name_column)??;
            entries[i..j].copy_from_slice(&ordered);
        }
        i = j;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_order_as_folded_names() {
        let names = [
            "",
            "a",
            "A",
            "a b",
            "ab",
            "Abc",
            "abd",
            "b",
            "Program 1",
            "program 10",
            "Program 2",
            "zzzzzzzzzzzzzzzz",
            "~",
        ];
        for x in names {
            for y in names {
                let folded = x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
                assert_eq!(
                    name_key(x.as_bytes()).cmp(&name_key(y.as_bytes())),
                    folded,
                    "{x:?} vs {y:?}"
                );
            }
        }
        // The layout: the first character in the top 7 of the 112 bits, and so on.
        let reference = |name: &[u8]| {
            (0..NAME_CHARS).fold(0u128, |key, i| {
                let folded = name.get(i).map_or(0, |b| b.to_ascii_lowercase() & 0x7F);
                (key << 7) | u128::from(folded)
            })
        };
        assert_eq!(name_key(b"a"), 0x61 << 105);
        for name in [
            "",
            "Program 1",
            "ABCDEFGHIJKLMNOP",
            "abcdefghijklmnopq",
            "~~~~~~~~~",
        ] {
            assert_eq!(
                name_key(name.as_bytes()),
                reference(name.as_bytes()),
                "{name:?}"
            );
        }
        // Every byte value in every position (the folding works on eight bytes at once).
        for byte in 0..=u8::MAX {
            for at in 0..NAME_CHARS {
                let mut name = *b"Mixed Case Name!";
                name[at] = byte;
                assert_eq!(name_key(&name), reference(&name), "{byte:#x} at {at}");
                assert_eq!(name_key(&name[..at + 1]), reference(&name[..at + 1]));
            }
        }
        // Beyond 16 characters the key cannot tell names apart; the entry says so.
        assert_eq!(
            name_key(b"abcdefghijklmnopX"),
            name_key(b"abcdefghijklmnopY")
        );
        let long = Entry::new(0, b"abcdefghijklmnopX", 0, 0, 0, false).unwrap();
        assert!(long.long_name());
    }

    #[test]
    fn entries_keep_group_flags_and_bits_apart() {
        let mut e = Entry::new(7, b"Name", 123, 4, 5, true).unwrap();
        assert_eq!(
            (e.group(), e.flag_set(), e.as_is(), e.start),
            (7, 5, true, 123)
        );
        e.set_group(u16::MAX);
        e.set_flag_set(FLAG_SET);
        assert_eq!((e.group(), e.flag_set(), e.as_is()), (65535, 8191, true));
        assert_eq!(e.key() & ((1 << NAME_BITS) - 1), name_key(b"name"));
        assert!(Entry::new(0, b"x", 0, 0, FLAG_SET + 1, false).is_none());
    }

    #[test]
    fn group_sort_orders_by_group_then_name() {
        let names = ["delta", "Alpha", "charlie", "bravo", "echo", "foxtrot"];
        let groups = [2u16, 0, 1, 0, 2, 1];
        let mut entries: Vec<Entry> = names
            .iter()
            .zip(groups)
            .map(|(n, g)| Entry::new(g, n.as_bytes(), 0, 0, 0, false).unwrap())
            .collect();
        sort_by_group(
            &mut entries,
            &[2, 2, 2],
            b"",
            0,
            super::super::Threads::ALWAYS,
        )
        .unwrap();
        let keys: Vec<u128> = entries.iter().map(Entry::key).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(entries[0].group(), 0);
        assert_eq!(entries[5].group(), 2);
    }

    #[test]
    fn two_level_distribution_sorts_many_uneven_groups() {
        // 300 groups: some empty, one holding a third of the rows (it spans several band
        // slots), the rest small; rows in a scrambled order.
        let groups = 300usize;
        let mut state = 12345u64;
        let mut next_random = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let rows = 6000;
        let mut sizes = vec![0usize; groups];
        let original: Vec<Entry> = (0..rows)
            .map(|i| {
                let g = match next_random() % 3 {
                    0 => 7,
                    _ => loop {
                        let g = next_random() % groups;
                        if g % 10 != 3 {
                            break g;
                        }
                    },
                };
                sizes[g] += 1;
                let name = format!("n{:05}", (i * 7919) % rows);
                Entry::new(g as u16, name.as_bytes(), i, 0, 0, false).unwrap()
            })
            .collect();
        assert!(sizes[7] > rows / 3 && sizes[13] == 0);
        let mut expected: Vec<u128> = original.iter().map(Entry::key).collect();
        expected.sort_unstable();
        for threads in [
            super::super::Threads::ALWAYS,
            super::super::Threads::default(),
        ] {
            let mut entries = original.clone();
            sort_by_group(&mut entries, &sizes, b"", 0, threads).unwrap();
            let keys: Vec<u128> = entries.iter().map(Entry::key).collect();
            assert!(keys == expected, "{threads:?}");
        }
    }

    /// Rows in `groups` score groups (row `i` in group `i % groups`), named so that no
    /// two share a name unless `copy` = `(a, b)` gives row `b` the name of row `a`.
    fn grouped_rows(rows: usize, groups: usize, copy: Option<(usize, usize)>) -> Vec<Entry> {
        let name = |i: usize| format!("p{:06}", (i * 7919) % rows);
        (0..rows)
            .map(|i| {
                let n = match copy {
                    Some((a, b)) if i == b => name(a),
                    _ => name(i),
                };
                Entry::new((i % groups) as u16, n.as_bytes(), i, 0, 0, false).unwrap()
            })
            .collect()
    }

    #[test]
    fn duplicate_names_are_found_across_groups_in_every_range() {
        let (rows, groups) = (10 * RANGE_ROWS, 40);
        assert!(range_bounds(&grouped_rows(rows, groups, None)).len() > 5);
        let sizes = vec![rows / groups; groups];
        for threads in [
            super::super::Threads::ALWAYS,
            super::super::Threads::default(),
        ] {
            let sorted = |copy| {
                let mut entries = grouped_rows(rows, groups, copy);
                sort_by_group(&mut entries, &sizes, b"", 0, threads)
            };
            assert!(sorted(None).is_some(), "{threads:?}");
            // Copies in two groups (first and last rows, the middle, anywhere) and within
            // one group.
            for copy in [
                (0, 1),
                (5, rows - 1),
                (rows / 2, rows / 2 + 7),
                (123, 4567),
                (8, 48),
            ] {
                assert!(sorted(Some(copy)).is_none(), "{copy:?} {threads:?}");
            }
        }
    }

    #[test]
    fn the_key_table_grows_and_forgets_the_previous_range() {
        let entries = grouped_rows(1000, 1, None);
        let mut table = KeyTable::new(1);
        table.next_range();
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(table.insert(e.name_key(), i as u32, &entries), None);
        }
        assert!(table.slots.len() >= 2000);
        for (i, e) in entries.iter().enumerate().step_by(97) {
            assert_eq!(table.insert(e.name_key(), 0, &entries), Some(i as u32));
        }
        table.next_range();
        assert_eq!(table.insert(entries[3].name_key(), 3, &entries), None);
    }
}
