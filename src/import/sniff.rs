//! The delimiter of a spreadsheet export, guessed from its header line: Excel writes `;` where
//! the decimal separator is a comma, Google Forms and KoboToolbox write `,`, some tools a tab.

/// The delimiters gsef guesses between, in the order a tie is resolved.
const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

/// The candidate that occurs most often outside quotes in the header line, which `start` (the
/// first bytes of the file) holds; `,` when none does (a one-column file) or on a tie.
pub fn delimiter(start: &[u8]) -> u8 {
    let mut counts = [0usize; CANDIDATES.len()];
    let mut in_quotes = false;
    for &byte in start {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(index) = CANDIDATES.iter().position(|&c| c == byte) {
                    counts[index] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for index in 1..CANDIDATES.len() {
        if counts[index] > counts[best] {
            best = index;
        }
    }
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::delimiter;

    #[test]
    fn picks_the_commonest_separator_of_the_header() {
        assert_eq!(delimiter(b"Name,Email,Country\nA;B,c,d\n"), b',');
        assert_eq!(delimiter(b"Nom;Courriel;Pays\r\nA,B;c;d\r\n"), b';');
        assert_eq!(delimiter(b"Name\tEmail\tCountry\n"), b'\t');
        assert_eq!(delimiter(b"Name\n"), b',');
    }

    #[test]
    fn ignores_separators_inside_quoted_headers() {
        assert_eq!(delimiter(b"\"Name; full\";\"Org, or not\";Pays\n"), b';');
        assert_eq!(delimiter(b"\"a;b;c;d\",x,y\n"), b',');
    }
}
