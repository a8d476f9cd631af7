//! Sets of people, by participant index, for counting each person once per group.
//!
//! A report over a million records inserts into these sets once per record, so they are built
//! for that: a small group keeps a hash set of the indexes it has seen, and a group that grows
//! past 1/32 of all participants (where a hash set would take more memory than one bit per
//! person) switches to a bitmap, which takes an insert without hashing or probing.

use rustc_hash::FxHashSet;

/// Distinct participant indexes out of `0..people`, where `people` is the store's count.
#[derive(Debug, Clone)]
pub enum PeopleSet {
    Few(FxHashSet<u32>),
    Many { bits: Vec<u64>, len: usize },
}

impl Default for PeopleSet {
    fn default() -> Self {
        PeopleSet::Few(FxHashSet::default())
    }
}

impl PeopleSet {
    /// Adds the person with this index; `people` is how many participants there are in all.
    #[inline]
    pub fn insert(&mut self, person: u32, people: usize) {
        match self {
            PeopleSet::Few(set) => {
                if set.insert(person) && set.len() > people / 32 {
                    self.grow(people);
                }
            }
            PeopleSet::Many { bits, len } => {
                let (word, bit) = (person as usize / 64, 1u64 << (person % 64));
                if bits[word] & bit == 0 {
                    bits[word] |= bit;
                    *len += 1;
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            PeopleSet::Few(set) => set.len(),
            PeopleSet::Many { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds everyone in `other`, as when two threads counted halves of a collection.
    pub fn merge(&mut self, other: PeopleSet, people: usize) {
        match (self, other) {
            (PeopleSet::Many { bits, len }, PeopleSet::Many { bits: theirs, .. }) => {
                *len = 0;
                for (mine, theirs) in bits.iter_mut().zip(theirs) {
                    *mine |= theirs;
                    *len += mine.count_ones() as usize;
                }
            }
            (mine, other) => {
                for person in other.iter() {
                    mine.insert(person, people);
                }
            }
        }
    }

    /// The set of `members`, each listed once, out of `people`.
    pub fn from_members(members: Vec<u32>, people: usize) -> PeopleSet {
        if members.len() > people / 32 {
            let mut bits = vec![0u64; people.div_ceil(64)];
            for &person in &members {
                set_bit(&mut bits, person);
            }
            PeopleSet::from_bits(bits)
        } else {
            PeopleSet::Few(members.into_iter().collect())
        }
    }

    /// The set of the people whose bits are set.
    pub fn from_bits(bits: Vec<u64>) -> PeopleSet {
        if bits.is_empty() {
            return PeopleSet::default();
        }
        let len = bits.iter().map(|word| word.count_ones() as usize).sum();
        PeopleSet::Many { bits, len }
    }

    /// The indexes in the set, in no particular order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            PeopleSet::Few(set) => Box::new(set.iter().copied()),
            PeopleSet::Many { bits, .. } => {
                Box::new(bits.iter().zip(0u32..).flat_map(|(&word, index)| {
                    (0..64u32)
                        .filter(move |bit| word & (1 << bit) != 0)
                        .map(move |bit| index * 64 + bit)
                }))
            }
        }
    }

    fn grow(&mut self, people: usize) {
        let mut bits = vec![0u64; people.div_ceil(64)];
        let mut len = 0;
        for person in self.iter() {
            bits[person as usize / 64] |= 1 << (person % 64);
            len += 1;
        }
        *self = PeopleSet::Many { bits, len };
    }
}

/// Sets the bit of `person`.
#[inline]
pub fn set_bit(bits: &mut [u64], person: u32) {
    bits[person as usize / 64] |= 1 << (person % 64);
}

/// The people whose bits are set, in order.
pub fn bits_of(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
    bits.iter().zip(0u32..).flat_map(|(&word, index)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let bit = rest.trailing_zeros();
            rest &= rest - 1;
            Some(index * 64 + bit)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn members(set: &PeopleSet) -> BTreeSet<u32> {
        set.iter().collect()
    }

    #[test]
    fn counts_each_person_once_before_and_after_it_grows() {
        let people = 640;
        let mut set = PeopleSet::default();
        for person in [3, 3, 7, 639, 7] {
            set.insert(person, people);
        }
        assert!(matches!(set, PeopleSet::Few(_)));
        assert_eq!(set.len(), 3);
        for person in (0..200).chain(0..200) {
            set.insert(person, people);
        }
        assert!(matches!(set, PeopleSet::Many { .. }));
        assert_eq!(set.len(), 201);
        assert_eq!(members(&set), (0..200).chain([639]).collect());
    }

    #[test]
    fn builds_from_members_and_bits() {
        let few = PeopleSet::from_members(vec![5, 70], 6400);
        assert!(matches!(few, PeopleSet::Few(_)));
        assert_eq!(members(&few), [5, 70].into());
        let many = PeopleSet::from_members((0..300).collect(), 640);
        assert!(matches!(many, PeopleSet::Many { len: 300, .. }));
        assert_eq!(members(&many), (0..300).collect());
        assert!(PeopleSet::from_bits(Vec::new()).is_empty());
        assert_eq!(bits_of(&[0b101, 1 << 63]).collect::<Vec<_>>(), [0, 2, 127]);
    }

    #[test]
    fn merging_any_two_kinds_gives_the_union() {
        let people = 1000;
        let build = |persons: std::ops::Range<u32>| {
            let mut set = PeopleSet::default();
            persons.for_each(|person| set.insert(person, people));
            set
        };
        for (a, b) in [
            (0..10, 5..20),
            (0..500, 400..450),
            (0..3, 100..900),
            (0..600, 300..999),
        ] {
            let expected: BTreeSet<u32> = a.clone().chain(b.clone()).collect();
            let mut merged = build(a);
            merged.merge(build(b), people);
            assert_eq!(members(&merged), expected);
            assert_eq!(merged.len(), expected.len());
        }
    }
}
