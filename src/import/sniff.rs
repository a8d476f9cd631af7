//! The delimiter of a spreadsheet export, guessed from its header line: Excel writes `;` where
//! the decimal separator is a comma, Google Forms and KoboToolbox write `,`, Teams a tab.

/// The delimiters gsef guesses between, in the order a tie is resolved.
const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

/// The candidate that occurs most often outside quotes in the first line that has any, in
/// `start` (the first bytes of the file): the header line, or the first line under a title
/// that stands alone (a Teams report opens with `1. Summary`). A tie is settled by the lines
/// after it; `,` when nothing settles it (a one-column file).
pub fn delimiter(start: &[u8]) -> u8 {
    let mut counts = [0usize; CANDIDATES.len()];
    let mut in_quotes = false;
    for &byte in start {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes && has_one_winner(&counts) => break,
            b'\n' if !in_quotes => {}
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

/// True when one candidate occurs more often than every other.
fn has_one_winner(counts: &[usize]) -> bool {
    let most = counts.iter().copied().max().unwrap_or(0);
    most > 0 && counts.iter().filter(|&&count| count == most).count() == 1
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
        assert_eq!(delimiter(b"Name\nAna\n"), b',');
    }

    #[test]
    fn looks_past_a_title_line() {
        let teams = b"1. Summary\r\nMeeting title\tTaller, dia 1\r\nAttended participants\t7\r\n";
        assert_eq!(delimiter(teams), b'\t', "a tie settled by the next line");
    }

    #[test]
    fn ignores_separators_inside_quoted_headers() {
        assert_eq!(delimiter(b"\"Name; full\";\"Org, or not\";Pays\n"), b';');
        assert_eq!(delimiter(b"\"a;b;c;d\",x,y\n"), b',');
    }
}
