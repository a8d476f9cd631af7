//! Text reduced to what a person means by it, whatever its case and accents: the one place
//! gsef decides that "Miércoles" and "miercoles" are the same word.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text reduced to what a person means by it: "Correo electrónico:" and "correo  electronico"
/// both become "correo electronico". Accents go (NFD, then combining marks dropped), case goes,
/// and every run of punctuation or whitespace becomes one space.
pub fn fold(text: &str) -> String {
    // Most cells are plain ASCII, which decomposition leaves as it is; skipping it keeps a
    // 100,000-row import from spending its time there.
    if text.is_ascii() {
        fold_characters(text.chars(), text.len())
    } else {
        let unaccented = text.nfd().filter(|c| !is_combining_mark(*c));
        // Decomposing splits a Hangul syllable into its letters, which are no accents: they are
        // composed again, so `이름` still reads as `이름`. Only Korean text pays for it.
        if text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
            fold_characters(unaccented.nfc(), text.len())
        } else {
            fold_characters(unaccented, text.len())
        }
    }
}

fn fold_characters(characters: impl Iterator<Item = char>, length: usize) -> String {
    let mut folded = String::with_capacity(length);
    let mut pending_space = false;
    for character in characters {
        if character.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(character.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    folded
}

/// The text in lower case without accents, its punctuation and spacing kept, for readers to
/// which a `/` or a `(` still means something (`27/11`, `Day 1 (27 Nov)`).
///
/// Unlike [`fold`], the text is composed again after the accents go, so a Korean syllable
/// (`월`) stays one character that a literal in the code can equal.
pub fn lower_without_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .nfc()
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Correo electrónico:"), "correo electronico");
        assert_eq!(fold("  E-mail "), "e mail");
        assert_eq!(fold("ORGANIZACIÓN"), "organizacion");
        assert_eq!(fold("Québec"), "quebec");
        assert_eq!(fold("Nombre   completo"), "nombre completo");
        // Hangul syllables stay whole, so a Korean header meets its synonym.
        assert_eq!(fold("시트 코드"), "시트 코드");
        assert_eq!(fold(" 이름:"), "이름");
    }

    #[test]
    fn lowers_without_accents_and_keeps_punctuation_and_hangul() {
        assert_eq!(
            lower_without_accents("Miércoles, 27/11 (AOÛT)"),
            "miercoles, 27/11 (aout)"
        );
        assert_eq!(
            lower_without_accents("2019년 11월 27일"),
            "2019년 11월 27일"
        );
        assert_eq!(lower_without_accents("2º DÍA"), "2º dia");
    }
}
