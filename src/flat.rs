//! Rows of a fixed width kept end to end in one vector, a set that numbers each distinct
//! row once, and a bounded cache of values worked out per row.
//!
//! The pipeline keeps the distinct ratings tuples of the input (and, while reading, the
//! tuples of indices they are read from). A file can have a few thousand of them or one a
//! row: two-decimal ratings make almost every row's tuple new. A boxed slice per tuple,
//! copied into a hash map's key, cost several allocations and ~400 bytes a tuple; here a
//! tuple is its values alone, in one vector, and the set's table holds only its number.

use crate::hash::FastHash;
use std::hash::{BuildHasher, Hash};
use std::sync::{Mutex, PoisonError};

/// Rows of `width` values each, in one vector: row `i` is `rows[i]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatRows<T> {
    width: usize,
    len: usize,
    values: Vec<T>,
}

impl<T> FlatRows<T> {
    /// No rows, each of `width` values.
    pub fn new(width: usize) -> FlatRows<T> {
        FlatRows {
            width,
            len: 0,
            values: Vec::new(),
        }
    }

    /// How many values a row has.
    pub fn width(&self) -> usize {
        self.width
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[T]> + DoubleEndedIterator + '_ {
        (0..self.len).map(|i| &self[i])
    }
}

impl<T: Copy> FlatRows<T> {
    /// Adds `row` (of `width` values) at the end; its index is the length before.
    ///
    /// # Panics
    /// When `row` is not `width` long: a caller's bug.
    pub fn push(&mut self, row: &[T]) {
        assert_eq!(row.len(), self.width, "a row of the table's width");
        self.values.extend_from_slice(row);
        self.len += 1;
    }
}

impl<T> std::ops::Index<usize> for FlatRows<T> {
    type Output = [T];

    fn index(&self, i: usize) -> &[T] {
        assert!(i < self.len, "row {i} of {}", self.len);
        &self.values[i * self.width..(i + 1) * self.width]
    }
}

impl<T: Copy, R: AsRef<[T]>> FromIterator<R> for FlatRows<T> {
    /// Rows from an iterator of rows, which must all have the first one's width (none:
    /// width 0).
    fn from_iter<I: IntoIterator<Item = R>>(rows: I) -> FlatRows<T> {
        let mut rows = rows.into_iter().peekable();
        let width = rows.peek().map_or(0, |row| row.as_ref().len());
        let mut flat = FlatRows::new(width);
        for row in rows {
            flat.push(row.as_ref());
        }
        flat
    }
}

/// Distinct rows, numbered 0, 1, 2… in the order first added: [`FlatRows`] plus a table of
/// their numbers by hash.
///
/// The table keeps each row's number with 32 bits of its hash (eight bytes a row), and
/// places it by those bits alone: growing the table moves entries without hashing a row
/// again (hashing a tuple of decimals is most of the cost of adding it), and a lookup reads
/// a row only when its bits match.
#[derive(Debug, Clone)]
pub struct FlatSet<T> {
    rows: FlatRows<T>,
    /// (number, hash bits) per row.
    numbers: hashbrown::HashTable<(u32, u32)>,
}

/// Where a row with these hash bits goes in the table: the bits in both halves, so the
/// table's bucket (the low bits) and its one-byte tag (the top seven) both come from them.
fn placed(bits: u32) -> u64 {
    u64::from(bits) << 32 | u64::from(bits)
}

impl<T: Copy + Hash + Eq> FlatSet<T> {
    /// An empty set of rows of `width` values.
    pub fn new(width: usize) -> FlatSet<T> {
        FlatSet {
            rows: FlatRows::new(width),
            numbers: hashbrown::HashTable::new(),
        }
    }

    /// Room for `more` rows without growing: the table and the rows. (Room not yet filled
    /// costs address space, not memory: a large block's pages are only backed when
    /// written.)
    pub fn reserve(&mut self, more: usize) {
        self.numbers.reserve(more, |&(_, bits)| placed(bits));
        self.rows
            .values
            .reserve(more.saturating_mul(self.rows.width));
    }

    /// The 32 bits of `row`'s hash the table keeps (FxHash's top half: its best mixed).
    fn bits(row: &[T]) -> u32 {
        (FastHash::default().hash_one(row) >> 32) as u32
    }

    /// The number of `row`, added when new (the second value says it was).
    ///
    /// # Panics
    /// When `row` is not the set's width, or past `u32::MAX` rows (the pipeline numbers
    /// its programs in `u32`, and has at most as many rows as programs).
    pub fn insert(&mut self, row: &[T]) -> (usize, bool) {
        let bits = Self::bits(row);
        if let Some(number) = self.find(bits, row) {
            return (number, false);
        }
        let number = u32::try_from(self.rows.len()).expect("at most u32::MAX distinct rows");
        self.rows.push(row);
        self.numbers
            .insert_unique(placed(bits), (number, bits), |&(_, bits)| placed(bits));
        (number as usize, true)
    }

    /// The number of `row`, if it is in the set.
    pub fn get(&self, row: &[T]) -> Option<usize> {
        self.find(Self::bits(row), row)
    }

    fn find(&self, bits: u32, row: &[T]) -> Option<usize> {
        let rows = &self.rows;
        self.numbers
            .find(placed(bits), |&(number, kept)| {
                kept == bits && rows[number as usize] == *row
            })
            .map(|&(number, _)| number as usize)
    }

    /// How many distinct rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, in the order first added (their numbers), without the table.
    pub fn into_rows(self) -> FlatRows<T> {
        self.rows
    }
}

/// Values by index, worked out when asked for and kept in a fixed number of slots (index
/// `i` in slot `i` mod the slots, the last value worked out there): the memory is bounded
/// whatever the number of indices, and a value asked for again while it is still in its
/// slot is not worked out again. Any thread may ask.
///
/// The pipeline keeps each ratings tuple's breakdown here. An output reads programs in rank
/// order, where the programs of one tuple, which share its score, come together, so a
/// breakdown is worked out about once per tuple however few the slots; a file with a tuple
/// a row no longer keeps a million breakdowns.
#[derive(Debug)]
pub struct SlotCache<T> {
    slots: Box<[Mutex<Slot<T>>]>,
}

/// A [`SlotCache`] slot: the index whose value it holds, and the value.
type Slot<T> = Option<(usize, T)>;

impl<T: Clone> SlotCache<T> {
    /// A cache of `slots` slots (at least one).
    pub fn new(slots: usize) -> SlotCache<T> {
        SlotCache {
            slots: std::iter::repeat_with(|| Mutex::new(None))
                .take(slots.max(1))
                .collect(),
        }
    }

    fn slot(&self, i: usize) -> std::sync::MutexGuard<'_, Slot<T>> {
        self.slots[i % self.slots.len()]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The value of index `i`: the one kept, or `make()`'s, then kept.
    pub fn get_or_insert_with(&self, i: usize, make: impl FnOnce() -> T) -> T {
        let mut slot = self.slot(i);
        match &*slot {
            Some((at, value)) if *at == i => value.clone(),
            _ => {
                let value = make();
                *slot = Some((i, value.clone()));
                value
            }
        }
    }

    /// The value of index `i`, if it is kept (for tests: the pipeline only asks through
    /// [`SlotCache::get_or_insert_with`]).
    #[cfg(test)]
    pub fn get(&self, i: usize) -> Option<T> {
        match &*self.slot(i) {
            Some((at, value)) if *at == i => Some(value.clone()),
            _ => None,
        }
    }
}

impl<T: Clone> Clone for SlotCache<T> {
    fn clone(&self) -> Self {
        SlotCache {
            slots: self
                .slots
                .iter()
                .map(|slot| Mutex::new(slot.lock().unwrap_or_else(PoisonError::into_inner).clone()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_numbered_in_the_order_first_added() {
        let mut set = FlatSet::new(2);
        assert_eq!(set.insert(&[1, 2]), (0, true));
        assert_eq!(set.insert(&[2, 1]), (1, true));
        assert_eq!(set.insert(&[1, 2]), (0, false));
        assert_eq!(set.get(&[2, 1]), Some(1));
        assert_eq!(set.get(&[2, 2]), None);
        // Enough rows to make the table grow several times: every number is kept.
        for i in 0..10_000u32 {
            assert_eq!(set.insert(&[i, 7]), (i as usize + 2, true));
        }
        assert_eq!(set.insert(&[1, 2]), (0, false));
        let rows = set.into_rows();
        assert_eq!(rows.len(), 10_002);
        assert_eq!(&rows[0], &[1, 2]);
        assert_eq!(&rows[1], &[2, 1]);
        assert_eq!(&rows[10_001], &[9_999, 7]);
    }

    #[test]
    fn equal_values_that_hash_alike_are_one_row() {
        // 4 and 4.0 are equal decimals (and hash alike): one tuple, as a map keyed by the
        // boxed ratings made them.
        use rust_decimal::Decimal;
        let mut set = FlatSet::new(1);
        assert_eq!(set.insert(&[Some(Decimal::new(4, 0))]), (0, true));
        assert_eq!(set.insert(&[Some(Decimal::new(40, 1))]), (0, false));
        assert_eq!(set.insert(&[None]), (1, true));
    }

    #[test]
    fn a_slot_cache_keeps_the_last_value_of_each_slot() {
        let cache: SlotCache<String> = SlotCache::new(4);
        assert_eq!(cache.get(1), None);
        assert_eq!(cache.get_or_insert_with(1, || "one".into()), "one");
        // Asked again: the value kept, `make` not called.
        assert_eq!(cache.get_or_insert_with(1, || unreachable!()), "one");
        // 5 shares 1's slot: it takes it, and 1 is worked out again when asked for.
        assert_eq!(cache.get_or_insert_with(5, || "five".into()), "five");
        assert_eq!(cache.get(1), None);
        assert_eq!(cache.get(5).as_deref(), Some("five"));
        assert_eq!(
            cache.get_or_insert_with(1, || "one again".into()),
            "one again"
        );
        // Other slots are untouched.
        assert_eq!(cache.get_or_insert_with(2, || "two".into()), "two");
        assert_eq!(cache.get(1).as_deref(), Some("one again"));
    }

    #[test]
    fn flat_rows_read_back_as_pushed() {
        let rows: FlatRows<u8> = [[1, 2, 3], [4, 5, 6]].iter().collect();
        assert_eq!(rows.width(), 3);
        assert_eq!(
            rows.iter().collect::<Vec<_>>(),
            [&[1, 2, 3][..], &[4, 5, 6]]
        );
        let empty: FlatRows<u8> = std::iter::empty::<[u8; 0]>().collect();
        assert!(empty.is_empty());
    }
}
