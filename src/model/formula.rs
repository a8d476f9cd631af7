//! Text a spreadsheet would run as a formula, and the `'` that stops it: CSV output adds the
//! guard ([`guard`]) and the CSV import takes exactly that off again ([`unguard`]), so a value
//! exported and imported back is the value it was. Kept here, below both, so the two can never
//! disagree about what a trigger is.
//!
//! A spreadsheet runs a cell as a formula when it starts with `=`, `+`, `-` or `@` (or tab or
//! CR, which some strip first: OWASP's CSV-injection list), and some read the full-width
//! `＝ ＋ － ＠` the same way. A spreadsheet in a Spanish or French locale splits a comma CSV on
//! `;`, and a paste splits on tabs, so `Ana;=cmd|' /C calc'!A0` becomes a cell starting with
//! `=`: every piece after a `;` or a tab is guarded like the start of the cell, spaces before
//! the trigger allowed.
//!
//! The guard goes before the trigger, after any `'` already there, and a piece that starts
//! with `'`s and then a trigger gets one more: `'=x` becomes `''=x`. So every guarded piece
//! starts with `'`s and a trigger, every such piece was guarded, and taking one `'` off each
//! gives back exactly what was written.

use std::borrow::Cow;

/// The first characters that make a spreadsheet run a cell, or a piece of one, as a formula.
const TRIGGERS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];
/// Where a spreadsheet may split one CSV cell into several.
const PIECE_SEPARATORS: [char; 2] = [';', '\t'];
/// What stops a spreadsheet running the text that follows.
const GUARD: char = '\'';

/// The byte offset where each piece's guard would go: the start of the cell and just after
/// every separator, past the spaces there.
fn guard_spots(cell: &str) -> impl Iterator<Item = usize> + '_ {
    let piece_starts = cell
        .match_indices(PIECE_SEPARATORS)
        .map(|(index, separator)| index + separator.len());
    std::iter::once(0).chain(piece_starts).map(|start| {
        let rest = &cell[start..];
        start + rest.len() - rest.trim_start_matches(' ').len()
    })
}

/// How many `'`s start `text` when a trigger follows them; `None` when no trigger does.
fn guards_before_trigger(text: &str) -> Option<usize> {
    let after_guards = text.trim_start_matches(GUARD);
    after_guards
        .starts_with(TRIGGERS)
        .then(|| text.len() - after_guards.len())
}

/// `cell` with a `'` before every formula trigger that starts it or one of its pieces.
pub fn guard(cell: &str) -> Cow<'_, str> {
    let spots: Vec<usize> = guard_spots(cell)
        .filter(|&spot| guards_before_trigger(&cell[spot..]).is_some())
        .collect();
    if spots.is_empty() {
        return Cow::Borrowed(cell);
    }
    let mut guarded = String::with_capacity(cell.len() + spots.len());
    let mut copied = 0;
    for spot in spots {
        guarded.push_str(&cell[copied..spot]);
        guarded.push(GUARD);
        copied = spot;
    }
    guarded.push_str(&cell[copied..]);
    Cow::Owned(guarded)
}

/// `cell` with the `'`s [`guard`] added taken off: one from every piece that starts with `'`s
/// and then a trigger.
pub fn unguard(cell: &str) -> Cow<'_, str> {
    let spots: Vec<usize> = guard_spots(cell)
        .filter(|&spot| guards_before_trigger(&cell[spot..]).is_some_and(|guards| guards > 0))
        .collect();
    if spots.is_empty() {
        return Cow::Borrowed(cell);
    }
    let mut unguarded = String::with_capacity(cell.len());
    let mut copied = 0;
    for spot in spots {
        unguarded.push_str(&cell[copied..spot]);
        // Skip the one guard character, a single byte.
        copied = spot + GUARD.len_utf8();
    }
    unguarded.push_str(&cell[copied..]);
    Cow::Owned(unguarded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Xorshift;

    #[test]
    fn guards_the_start_of_the_cell_and_of_every_piece() {
        let cases = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("x;=cmd|' /C calc'!A0", "x;'=cmd|' /C calc'!A0"),
            ("x;  =1", "x;  '=1"),
            ("a\t+1", "a\t'+1"),
            ("  -2", "  '-2"),
            ("\u{ff1d}1", "'\u{ff1d}1"),
            ("Ana; \u{ff20}x", "Ana; '\u{ff20}x"),
            ("'=x", "''=x"),
            ("a;;=b", "a;;'=b"),
            ("María", "María"),
            ("Ana Ruiz; Luc", "Ana Ruiz; Luc"),
            ("'tis", "'tis"),
            ("a-b", "a-b"),
        ];
        for (cell, guarded) in cases {
            assert_eq!(guard(cell), guarded, "{cell:?}");
            assert_eq!(unguard(guarded), cell, "{guarded:?}");
        }
    }

    #[test]
    fn unguard_leaves_text_guard_did_not_write() {
        for cell in ["'tis", "O'Brien", "a;'b", "''", "'", "x; 'y"] {
            assert_eq!(unguard(cell), cell);
        }
    }

    #[test]
    fn unguard_undoes_guard_for_any_text() {
        let pieces = [
            "=", "+", "-", "@", "\t", "\r", ";", " ", "'", "a", "é", "\u{ff1d}", "\u{ff0b}",
            "\u{ff0d}", "\u{ff20}", "\u{ff1b}",
        ];
        let mut random = Xorshift::new(7);
        for _ in 0..20_000 {
            let cell = random.text(&pieces, 10);
            let guarded = guard(&cell);
            assert_eq!(unguard(&guarded), cell, "{cell:?} guarded as {guarded:?}");
            for spot in guard_spots(&guarded) {
                assert!(
                    !guarded[spot..].starts_with(TRIGGERS),
                    "{cell:?} guarded as {guarded:?} still starts a piece with a trigger"
                );
            }
        }
    }
}
