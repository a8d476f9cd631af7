//! Free text as gsef writes it, checks it and groups it: the one place that says what a name,
//! a title or a region may hold and how long it may be.
//!
//! A value to be written is trimmed and composed (Unicode NFC, so `é` is one character however
//! the keyboard or the spreadsheet spelled it), and refused when it holds a character that
//! would act on a terminal or hide in the text: a control character (C0, DEL, C1, which ANSI
//! escape sequences start with), a line or paragraph separator, a bidirectional control (which
//! reverses what follows, as in "Trojan Source"), or an invisible format character (zero-width
//! space, word joiner, byte order mark, soft hyphen, tag characters). Two values that look the
//! same are then the same text.
//!
//! The zero-width non-joiner and joiner (U+200C, U+200D) are part of correct spelling in
//! Persian, Kurdish and the Indic scripts (`می‌خواهم`), so they are taken inside a word of a
//! script other than Latin: between two letters that are not ASCII (or a combining mark and a
//! letter, as after a virama). Anywhere else they only hide a difference, and are refused.
//!
//! What was written by hand is read as it is (a store that breaks these rules still gives its
//! reports); `gsef check` names each such field ([`problem_in_stored`]), and reports group
//! values by [`grouping_key`], so `Jalisco` and `Jalisco` with a zero-width space are one row.

use std::borrow::Cow;
use std::fmt;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A kind of free-text field: what its values are called, and how many characters one may
/// have once composed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextField {
    /// The values in the plural, for messages: "names are plain text".
    pub plural: &'static str,
    pub max_characters: usize,
}

/// A person's full name: the longest names in use run to about a hundred characters.
pub const NAME: TextField = TextField {
    plural: "names",
    max_characters: 200,
};
/// An organisation, an organiser or a partner: official names of ministries and networks are
/// long ("Instituto Nacional de la Economía Social, Secretaría de Bienestar, …").
pub const ORGANIZATION: TextField = TextField {
    plural: "organizations",
    max_characters: 300,
};
/// A state, province or region.
pub const REGION: TextField = TextField {
    plural: "regions",
    max_characters: 120,
};
/// A city.
pub const CITY: TextField = TextField {
    plural: "cities",
    max_characters: 120,
};
/// An event's or a series' title.
pub const TITLE: TextField = TextField {
    plural: "titles",
    max_characters: 300,
};
/// An event's or a series' category ("Knowledge Exchange and Trainings").
pub const CATEGORY: TextField = TextField {
    plural: "categories",
    max_characters: 120,
};
/// An email address: 254 characters is the most a mail server carries (RFC 5321).
pub const EMAIL: TextField = TextField {
    plural: "email addresses",
    max_characters: 254,
};
/// A short answer read through a vocabulary or a parser: a sector, a gender, a day.
pub const ANSWER: TextField = TextField {
    plural: "answers",
    max_characters: 120,
};
/// An objective of an event, a sentence or a short paragraph.
pub const OBJECTIVE: TextField = TextField {
    plural: "objectives",
    max_characters: 1000,
};
/// A respondent's free-text comment on an event: a paragraph, kept whole.
pub const COMMENT: TextField = TextField {
    plural: "comments",
    max_characters: 2000,
};
/// A web page: 2000 characters is what browsers and servers reliably carry.
pub const LINK: TextField = TextField {
    plural: "links",
    max_characters: 2000,
};

/// The longest value a field shown in a row of a table may have (titles, organisations):
/// terminal tables cut longer cells here, so a hand-edited name cannot fill a screen.
pub const LONGEST_IN_A_ROW: usize = 300;
/// The longest value any field may have (links); a record shown field by field cuts here.
pub const LONGEST: usize = 2000;

/// Why a character does not belong in free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    Control,
    LineBreak,
    Tab,
    Bidi,
    Invisible,
}

impl Hidden {
    fn described(self) -> &'static str {
        match self {
            Hidden::Control => "a control character",
            Hidden::LineBreak => "a line break",
            Hidden::Tab => "a tab",
            Hidden::Bidi => "a bidi control",
            Hidden::Invisible => "an invisible character",
        }
    }
}

/// What is wrong with one value of a free-text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Nothing but white space.
    Empty,
    /// A character that does not belong, at a position counted in characters from 1.
    Hidden {
        kind: Hidden,
        character: char,
        at: usize,
        field: TextField,
    },
    TooLong {
        characters: usize,
        field: TextField,
    },
    /// Only in what was written by hand: white space at either end.
    Untrimmed,
    /// Only in what was written by hand: not composed (NFC), so it groups apart from the
    /// composed spelling until it is written again.
    NotComposed,
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextProblem::Empty => f.write_str("is empty"),
            TextProblem::Hidden {
                kind,
                character,
                at,
                field,
            } => write!(
                f,
                "contains {} (U+{:04X}) at character {at}; {} are plain text",
                kind.described(),
                u32::from(*character),
                field.plural
            ),
            TextProblem::TooLong { characters, field } => write!(
                f,
                "is {characters} characters long; {} may have at most {}",
                field.plural, field.max_characters
            ),
            TextProblem::Untrimmed => f.write_str("starts or ends with white space"),
            TextProblem::NotComposed => f.write_str(
                "is not in composed form (Unicode NFC), so it groups apart from the same text composed; editing the field with gsef writes it composed",
            ),
        }
    }
}

/// The kind of hidden character `character` is, if it is one, without its neighbours: the
/// joiners are [`Hidden::Invisible`] here, and [`hidden_at`] lets them be inside a word.
fn hidden_kind(character: char) -> Option<Hidden> {
    Some(match character {
        '\t' => Hidden::Tab,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Hidden::LineBreak,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Hidden::Control,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Hidden::Bidi
        }
        '\u{ad}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206a}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}' => Hidden::Invisible,
        _ => return None,
    })
}

/// True for a character that is invisible or reorders text, which a grouping key leaves out.
fn is_format_character(character: char) -> bool {
    matches!(
        hidden_kind(character),
        Some(Hidden::Bidi | Hidden::Invisible)
    )
}

/// A joiner between two letters of a script that spells with it.
fn joins_a_word(before: Option<char>, after: Option<char>) -> bool {
    let letter = |c: char| !c.is_ascii() && c.is_alphabetic();
    before.is_some_and(|c| letter(c) || is_combining_mark(c)) && after.is_some_and(letter)
}

/// The first hidden character of `text`: its kind, itself and its index in characters from 0.
fn hidden_at(text: &str) -> Option<(Hidden, char, usize)> {
    // Text of printable ASCII alone, which most values are, holds none.
    if text.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        return None;
    }
    let mut before = None;
    let mut characters = text.chars().enumerate().peekable();
    while let Some((index, character)) = characters.next() {
        if let Some(kind) = hidden_kind(character) {
            let joiner = matches!(character, '\u{200c}' | '\u{200d}');
            let after = characters.peek().map(|&(_, c)| c);
            if !(joiner && joins_a_word(before, after)) {
                return Some((kind, character, index));
            }
        }
        before = Some(character);
    }
    None
}

/// `text` as it is to be written in a field of kind `field`: trimmed and composed (NFC), or
/// why it cannot be. A character's position counts from the start of `text` as given.
pub fn clean<'a>(field: &TextField, text: &'a str) -> Result<Cow<'a, str>, TextProblem> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(TextProblem::Empty);
    }
    if let Some((kind, character, index)) = hidden_at(trimmed) {
        let leading = text[..text.len() - text.trim_start().len()].chars().count();
        return Err(TextProblem::Hidden {
            kind,
            character,
            at: leading + index + 1,
            field: *field,
        });
    }
    let composed: Cow<str> =
        if trimmed.is_ascii() || is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
            Cow::Borrowed(trimmed)
        } else {
            Cow::Owned(trimmed.nfc().collect())
        };
    // Bytes first: a value of no more bytes than the bound has no more characters either.
    if composed.len() > field.max_characters {
        let characters = composed.chars().count();
        if characters > field.max_characters {
            return Err(TextProblem::TooLong {
                characters,
                field: *field,
            });
        }
    }
    Ok(composed)
}

/// A spreadsheet cell's text with each line break or tab, and the spaces around it, made one
/// space: a person pressing Alt+Enter in an organisation's cell, or a form's paragraph answer,
/// lays the text out, and means `Universidad Nacional, Instituto de Economía`. An import reads
/// cells through this before [`clean`]; a flag on the command line is not a layout, and a
/// line break there is refused.
pub fn lines_joined(text: &str) -> Cow<'_, str> {
    let breaks = |c: char| matches!(c, '\n' | '\r' | '\t');
    if !text.contains(breaks) {
        return Cow::Borrowed(text);
    }
    let mut joined = String::with_capacity(text.len());
    for (index, piece) in text.split(breaks).enumerate() {
        let piece = piece.trim_matches(' ');
        if piece.is_empty() {
            continue;
        }
        if index > 0 && !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(piece);
    }
    Cow::Owned(joined)
}

/// What is wrong with a value read from the store, which gsef would not have written so; the
/// first problem only, as one field gets one message. Empty values are the record's own
/// checks' business.
pub fn problem_in_stored(field: &TextField, text: &str) -> Option<TextProblem> {
    if let Some((kind, character, index)) = hidden_at(text) {
        return Some(TextProblem::Hidden {
            kind,
            character,
            at: index + 1,
            field: *field,
        });
    }
    if text.len() > field.max_characters && text.chars().count() > field.max_characters {
        return Some(TextProblem::TooLong {
            characters: text.chars().count(),
            field: *field,
        });
    }
    if text.trim().len() != text.len() {
        return Some(TextProblem::Untrimmed);
    }
    if !text.is_ascii() && !unicode_normalization::is_nfc(text) {
        return Some(TextProblem::NotComposed);
    }
    None
}

/// The form of `text` a report groups and labels by: trimmed, composed (NFC) and without
/// invisible or bidirectional format characters, so values that differ only there are one
/// group. Borrowed unless the text changes: ASCII, which most values are, only trims.
pub fn grouping_key(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text.trim_ascii());
    }
    let trimmed = text.trim();
    if !trimmed.chars().any(is_format_character)
        && is_nfc_quick(trimmed.chars()) == IsNormalized::Yes
    {
        return Cow::Borrowed(trimmed);
    }
    let key: String = trimmed
        .chars()
        .filter(|&character| !is_format_character(character))
        .nfc()
        .collect();
    // Leaving out a format character can bare white space at either end.
    match key.trim() {
        same if same.len() == key.len() => Cow::Owned(key),
        shorter => Cow::Owned(shorter.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        clean(&NAME, text).unwrap_err().to_string()
    }

    #[test]
    fn each_hostile_character_is_refused_naming_it_and_where() {
        assert_eq!(
            refusal("Ana\u{1b}[31mRuiz"),
            "contains a control character (U+001B) at character 4; names are plain text"
        );
        assert!(refusal("Ana\nRuiz").starts_with("contains a line break (U+000A) at character 4"));
        assert!(refusal("Ana\tRuiz").starts_with("contains a tab (U+0009)"));
        assert!(refusal("Ana\u{9b}Ruiz").starts_with("contains a control character (U+009B)"));
        assert!(refusal("Ana\u{7f}").starts_with("contains a control character (U+007F)"));
        assert!(refusal("Ana\u{202e}Ruiz").starts_with("contains a bidi control (U+202E)"));
        assert!(
            refusal("\u{2066}Ana").starts_with("contains a bidi control (U+2066) at character 1")
        );
        assert!(refusal("Ana\u{200f}").starts_with("contains a bidi control (U+200F)"));
        for invisible in ['\u{200b}', '\u{feff}', '\u{2060}', '\u{ad}', '\u{e0041}'] {
            assert!(
                refusal(&format!("Ana{invisible}Ruiz"))
                    .starts_with("contains an invisible character"),
                "{invisible:?}"
            );
        }
    }

    #[test]
    fn positions_count_characters_of_the_text_as_given() {
        assert!(refusal("  Café\u{1b}").contains("at character 7"));
        assert!(refusal("서울\u{200b}").contains("at character 3"));
    }

    #[test]
    fn white_space_at_the_ends_is_trimmed_and_accents_composed() {
        assert_eq!(clean(&NAME, "  Ana Ruiz \n").unwrap(), "Ana Ruiz");
        let decomposed = "Quere\u{301}taro";
        let composed = clean(&REGION, decomposed).unwrap();
        assert_eq!(composed, "Querétaro");
        assert_eq!(composed.chars().count(), 9);
        assert!(matches!(
            clean(&NAME, "Québec"),
            Ok(Cow::Borrowed("Québec"))
        ));
        assert_eq!(clean(&NAME, " \t "), Err(TextProblem::Empty));
    }

    #[test]
    fn joiners_are_taken_inside_a_word_of_a_script_that_spells_with_them() {
        // Persian "mikhaham", with the zero-width non-joiner its spelling needs.
        assert!(clean(&NAME, "می\u{200c}خواهم").is_ok());
        // Devanagari: a joiner after a virama.
        assert!(clean(&NAME, "क्\u{200d}ष").is_ok());
        assert!(clean(&NAME, "Ja\u{200c}lisco").is_err());
        assert!(clean(&NAME, "می\u{200c}").is_err());
        assert!(clean(&NAME, "👩\u{200d}💻").is_err());
    }

    #[test]
    fn length_is_bounded_in_characters_after_composing() {
        assert!(clean(&NAME, &"é".repeat(200)).is_ok());
        assert_eq!(
            refusal(&"é".repeat(201)),
            "is 201 characters long; names may have at most 200"
        );
        // 200 decomposed accents compose to 200 characters.
        assert!(clean(&NAME, &"e\u{301}".repeat(200)).is_ok());
    }

    #[test]
    fn a_cell_laid_out_on_several_lines_is_one_line_of_text() {
        assert_eq!(
            lines_joined("Universidad Nacional \r\n  Instituto\tde Economía"),
            "Universidad Nacional Instituto de Economía"
        );
        assert_eq!(lines_joined("\nAna\n\n"), "Ana");
        assert!(matches!(
            lines_joined("Ana  Ruiz"),
            Cow::Borrowed("Ana  Ruiz")
        ));
    }

    #[test]
    fn stored_text_is_flagged_for_what_gsef_would_not_have_written() {
        assert_eq!(problem_in_stored(&NAME, "Ana Ruiz"), None);
        assert_eq!(problem_in_stored(&NAME, "Québec"), None);
        assert!(matches!(
            problem_in_stored(&NAME, "Ana\u{202e}"),
            Some(TextProblem::Hidden {
                kind: Hidden::Bidi,
                at: 4,
                ..
            })
        ));
        assert_eq!(
            problem_in_stored(&NAME, " Ana"),
            Some(TextProblem::Untrimmed)
        );
        assert_eq!(
            problem_in_stored(&REGION, "Quere\u{301}taro"),
            Some(TextProblem::NotComposed)
        );
        assert!(matches!(
            problem_in_stored(&NAME, &"x".repeat(12_000)),
            Some(TextProblem::TooLong {
                characters: 12_000,
                ..
            })
        ));
    }

    #[test]
    fn grouping_keys_join_what_differs_only_in_form() {
        assert_eq!(grouping_key("Jalisco\u{200b}"), "Jalisco");
        assert_eq!(grouping_key("\u{feff}Jalisco "), "Jalisco");
        assert_eq!(grouping_key("Quere\u{301}taro"), "Querétaro");
        assert_eq!(grouping_key("Quer\u{e9}taro"), "Querétaro");
        assert_eq!(grouping_key("Ja\u{ad}lis\u{202e}co"), "Jalisco");
        // Unchanged text is borrowed: the fast path allocates nothing.
        for text in ["Jalisco", " Oaxaca", "Querétaro", "서울특별시"] {
            assert!(matches!(grouping_key(text), Cow::Borrowed(_)), "{text}");
        }
        // A control character is no form: it stays, and shows escaped.
        assert_eq!(grouping_key("Jalisco\u{1b}"), "Jalisco\u{1b}");
    }
}
