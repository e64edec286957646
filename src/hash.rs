//! A fast hasher for the pipeline's memo tables (cell text → rating, ratings tuple → id,
//! name → first row). The keys come from the user's own file, so the flooding resistance of
//! the standard SipHash buys nothing here, and its cost per key is most of a memo lookup.
//!
//! The mixing is FxHash's (rustc's own hasher): one rotate, xor and multiply per word.

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
}
