//! Helpers for the unit tests: a small random source that gives the same inputs on every run.

/// xorshift64: thousands of varied inputs for a test, the same ones each time, so a failure
/// always comes back.
pub struct Xorshift(u64);

impl Xorshift {
    pub fn new(seed: u64) -> Self {
        // Zero would stay zero.
        Xorshift(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// Text of fewer than `most` pieces, each drawn from `pieces`.
    pub fn text(&mut self, pieces: &[&str], most: usize) -> String {
        let count = self.below(most);
        (0..count)
            .map(|_| pieces[self.below(pieces.len())])
            .collect()
    }
}
