//! A fast hasher for the pipeline's memo tables (cell text → rating, ratings tuple → id,
//! name → first row). The keys come from the user's own file, so the flooding resistance of
//! the standard SipHash buys nothing here, and its cost per key is most of a memo lookup.
//!
//! The mixing is FxHash's (rustc's own hasher): one rotate, xor and multiply per word.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap<K, V, FastHash>`: the pipeline's hash maps.
pub type FastHash = BuildHasherDefault<FxHasher>;

/// FxHash: not for untrusted keys whose collisions an attacker could choose to slow a
/// server; fine for one person's spreadsheet.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `value`'s exact representation ([`rust_decimal::Decimal::serialize`]: sign and scale,
/// then the 96-bit mantissa) as one number, the key of a memo per value (a score's text, a
/// normalised rating): cheaper to hash than the value (hashing a `Decimal` normalises it)
/// and exact, so each representation keeps its own entry. The number is mixed by a
/// one-to-one map (times an odd number, then the high half folded into the low), so
/// distinct representations keep distinct keys. The mixing matters: a table hashed by
/// FxHash picks a bucket by the low bits of the key's first word, which unmixed are the
/// flags (the same for most values) or the mantissa's low bits (often zeros, as in
/// `85.2700`).
pub fn exact_key(value: rust_decimal::Decimal) -> u128 {
    const ODD: u128 = 0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835;
    let key = u128::from_le_bytes(value.serialize()).wrapping_mul(ODD);
    key ^ (key >> 64)
}

/// The most entries a [`BoundedMemo`] keeps.
pub const MEMO_LIMIT: usize = 1 << 12;

/// A memo per distinct value (a score's text, a JSON number, a normalised rating) that holds
/// at most [`MEMO_LIMIT`] entries: once full it forgets them all at the next look-up and
/// fills again. A file's values are few in most columns and a million in some (ratings with
/// decimals), so the memo saves the work where values repeat and stays small where they do
/// not.
#[derive(Debug, Clone)]
pub struct BoundedMemo<K, V> {
    entries: HashMap<K, V, FastHash>,
}

impl<K, V> Default for BoundedMemo<K, V> {
    fn default() -> Self {
        BoundedMemo {
            entries: HashMap::default(),
        }
    }
}

impl<K: std::hash::Hash + Eq, V> BoundedMemo<K, V> {
    /// The value remembered for `key`, made by `make` (and remembered) when there is none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        if self.entries.len() >= MEMO_LIMIT {
            self.entries.clear();
        }
        self.entries.entry(key).or_insert_with(make)
    }

    /// How many entries it holds now (for tests: the memos only look up).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_keys_hash_equal_and_lengths_matter() {
        let build = FastHash::default();
        assert_eq!(
            build.hash_one("cedar 0000042"),
            build.hash_one("cedar 0000042")
        );
        assert_ne!(build.hash_one("a"), build.hash_one("a\0"));
        assert_ne!(build.hash_one(("ab", "c")), build.hash_one(("a", "bc")));
    }

    #[test]
    fn a_bounded_memo_makes_each_value_once_and_never_holds_more_than_its_limit() {
        type Memo = BoundedMemo<u32, u32>;
        let mut memo = Memo::default();
        let mut made = 0;
        for round in 0..2 {
            for key in 0..10 {
                let value = *memo.get_or_insert_with(key, || {
                    made += 1;
                    key * 2
                });
                assert_eq!(value, key * 2, "round {round}");
            }
        }
        assert_eq!(made, 10, "the second round reads every value from the memo");
        for key in 100..100 + 3 * MEMO_LIMIT as u32 {
            assert_eq!(*memo.get_or_insert_with(key, || key + 1), key + 1);
            assert!(memo.len() <= MEMO_LIMIT);
        }
        // Full, it starts over at the next look-up: one look-up each, even then.
        let mut full = Memo::default();
        for key in 0..MEMO_LIMIT as u32 {
            full.get_or_insert_with(key, || key);
        }
        assert_eq!(full.len(), MEMO_LIMIT);
        assert_eq!(*full.get_or_insert_with(7, || 70), 70);
        assert_eq!(full.len(), 1);
    }
}
