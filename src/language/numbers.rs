//! Numbers as each language writes them, after CLDR: the digit groups' separator, the decimal
//! mark, and where the percent sign goes. Spanish leaves a four-digit number ungrouped (CLDR's
//! minimum grouping of 2: `1234`, but `12.345`), as the RAE recommends; French groups with a
//! narrow no-break space and sets `%` apart with a no-break space, so neither splits at a line
//! end.

use super::Language;

/// A no-break space, between a Spanish or French number and its `%`.
const NO_BREAK_SPACE: char = '\u{a0}';
/// A narrow no-break space, between French digit groups.
const NARROW_NO_BREAK_SPACE: char = '\u{202f}';

/// How a language writes a number.
struct Convention {
    group: char,
    decimal: char,
    /// Digits a number needs before it is grouped at all.
    least_grouped: usize,
    /// What stands between the number and `%`, if anything.
    before_percent: Option<char>,
}

fn convention(language: Language) -> Convention {
    match language {
        Language::En | Language::Ko => Convention {
            group: ',',
            decimal: '.',
            least_grouped: 4,
            before_percent: None,
        },
        Language::Es => Convention {
            group: '.',
            decimal: ',',
            least_grouped: 5,
            before_percent: Some(NO_BREAK_SPACE),
        },
        Language::Fr => Convention {
            group: NARROW_NO_BREAK_SPACE,
            decimal: ',',
            least_grouped: 4,
            before_percent: Some(NO_BREAK_SPACE),
        },
    }
}

/// A count with its digits grouped in threes.
pub fn count(language: Language, count: u64) -> String {
    grouped(&convention(language), &count.to_string())
}

/// A number that is neither a count nor a share (a mean rating, 4.25) with two decimals, in the
/// language's decimal sign: `4.25`, `4,25`.
pub fn decimal(language: Language, value: f64) -> String {
    let convention = convention(language);
    let fixed = format!("{value:.2}");
    match fixed.split_once('.') {
        Some((whole, fraction)) => format!("{whole}{}{fraction}", convention.decimal),
        None => fixed,
    }
}

/// A share (0.625) as a percentage with one decimal (`62.5%`, `62,5 %`).
pub fn percent(language: Language, share: f64) -> String {
    let convention = convention(language);
    let fixed = format!("{:.1}", share * 100.0);
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, "0"));
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", whole),
    };
    let mut text = format!(
        "{sign}{}{}{fraction}",
        grouped(&convention, digits),
        convention.decimal
    );
    if let Some(space) = convention.before_percent {
        text.push(space);
    }
    text.push('%');
    text
}

fn grouped(convention: &Convention, digits: &str) -> String {
    if digits.len() < convention.least_grouped {
        return digits.to_string();
    }
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(convention.group);
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_as_each_language_does() {
        let cases = [
            (Language::En, 1_234_567, "1,234,567"),
            (Language::En, 999, "999"),
            (Language::Ko, 1234, "1,234"),
            (Language::Es, 1234, "1234"),
            (Language::Es, 12_345, "12.345"),
            (Language::Fr, 1234, "1\u{202f}234"),
            (Language::Fr, 111, "111"),
        ];
        for (language, number, expected) in cases {
            assert_eq!(count(language, number), expected, "{language:?}");
        }
    }

    #[test]
    fn percentages_keep_one_decimal_and_the_language_s_sign() {
        assert_eq!(percent(Language::En, 0.625), "62.5%");
        assert_eq!(percent(Language::Ko, 1.0), "100.0%");
        assert_eq!(percent(Language::Es, 0.625), "62,5\u{a0}%");
        assert_eq!(percent(Language::Fr, 0.0833), "8,3\u{a0}%");
        assert_eq!(percent(Language::Fr, 12.5), "1\u{202f}250,0\u{a0}%");
    }
}
