//! The languages a person reads gsef's reports in: English, Spanish, French and Korean, the
//! languages of the series' four trainings.
//!
//! A [`Language`] is chosen once per run (`--lang`, then `GSEF_LANG`, then the locale, then
//! English) and gives its [`Words`]: the messages of its Fluent catalogue (`catalogue/*.ftl`,
//! one file per language, so a translator edits text, not code), and how it writes numbers,
//! percentages, dates and country names. Only what people read changes with the language: CSV
//! headers, JSON keys, ids and messages for scripts stay the same in every one.

mod countries;
mod dates;
mod numbers;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::model::PartialDate;

/// A language reports are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Spanish (español).
    Es,
    /// French (français).
    Fr,
    /// Korean (한국어).
    Ko,
}

/// The environment variables that name the locale, in the order POSIX gives them precedence.
const LOCALE_VARIABLES: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::Es, Language::Fr, Language::Ko];

    /// The ISO 639-1 code: `en`, `es`, `fr`, `ko`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr",
            Language::Ko => "ko",
        }
    }

    /// The language a tag names, whatever its region, encoding or case: `es`, `es-MX`,
    /// `fr_CA.UTF-8`, `ko_KR.utf8@euro`. `None` for any other language, or `C` and `POSIX`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let language = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL
            .into_iter()
            .find(|known| known.code() == language)
    }

    /// The language the locale names (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first
    /// that is set and not empty decides, as it does for every other program), or English when
    /// it names none of the four. `variable` reads the environment, so tests can give their own.
    pub fn from_locale(variable: impl Fn(&str) -> Option<String>) -> Language {
        LOCALE_VARIABLES
            .iter()
            .filter_map(|name| variable(name))
            .find(|value| !value.is_empty())
            .and_then(|value| Language::from_tag(&value))
            .unwrap_or_default()
    }

    /// The language of the people of a country (ISO 3166-1 alpha-2), when it is one of the
    /// four and the country's own: Spanish for Mexico, Spain and the other Spanish-speaking
    /// countries, French for France, Senegal and the other French-speaking ones, Korean for
    /// Korea. `None` elsewhere, and for a country where several are spoken alike (Canada,
    /// Belgium, Switzerland), where a certificate in the wrong one would be presumptuous.
    pub fn of_country(code: &str) -> Option<Language> {
        const SPANISH: &[&str] = &[
            "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GQ", "GT", "HN", "MX", "NI",
            "PA", "PE", "PR", "PY", "SV", "UY", "VE",
        ];
        const FRENCH: &[&str] = &[
            "BF", "BI", "BJ", "BL", "CD", "CF", "CG", "CI", "DJ", "FR", "GA", "GF", "GN", "GP",
            "HT", "KM", "MC", "MF", "MG", "ML", "MQ", "NC", "NE", "PF", "PM", "RE", "SN", "TD",
            "TG", "WF", "YT",
        ];
        let code = code.to_ascii_uppercase();
        if SPANISH.contains(&code.as_str()) {
            Some(Language::Es)
        } else if FRENCH.contains(&code.as_str()) {
            Some(Language::Fr)
        } else if code == "KR" || code == "KP" {
            Some(Language::Ko)
        } else if code == "US" || code == "GB" || code == "IE" || code == "AU" || code == "NZ" {
            Some(Language::En)
        } else {
            None
        }
    }

    /// This language's words, read once per run.
    pub fn words(self) -> &'static Words {
        static WORDS: OnceLock<[Words; 4]> = OnceLock::new();
        let all = WORDS.get_or_init(|| Language::ALL.map(Words::new));
        &all[self as usize]
    }

    /// The catalogue's text, as shipped.
    pub fn catalogue(self) -> &'static str {
        match self {
            Language::En => include_str!("catalogue/en.ftl"),
            Language::Es => include_str!("catalogue/es.ftl"),
            Language::Fr => include_str!("catalogue/fr.ftl"),
            Language::Ko => include_str!("catalogue/ko.ftl"),
        }
    }
}

/// `--lang` and `GSEF_LANG`: one of the four languages, by code or by a locale tag naming it.
pub fn parse_language(text: &str) -> Result<Language, String> {
    Language::from_tag(text.trim()).ok_or_else(|| {
        format!("gsef writes reports in en, es, fr and ko; `{text}` is none of them")
    })
}

/// One language's messages and conventions, for every renderer.
pub struct Words {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

/// An argument of a message: text shown as it is, or a count, which also chooses the
/// message's plural form and is written in the language's digits.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Count(u64),
}

impl Words {
    fn new(language: Language) -> Words {
        let resource = FluentResource::try_new(language.catalogue().to_string()).unwrap_or_else(
            |(_, errors)| {
                panic!(
                    "the {} catalogue does not parse: {errors:?}",
                    language.code()
                )
            },
        );
        let tag = language
            .code()
            .parse()
            .expect("a two-letter code is a language identifier");
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // Unicode isolation marks around each argument would end up in CSV-free plain text,
        // Markdown and terminals, where they show as stray characters; no argument here mixes
        // writing directions.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .expect("a catalogue defines each message once");
        Words { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id`, with no arguments.
    pub fn text(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// The message `id` with its arguments. A message missing from the catalogue (which the
    /// catalogue test rules out) reads as its id rather than stopping a report.
    pub fn with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self
            .bundle
            .get_message(id)
            .and_then(|message| message.value())
        else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent_args.set(*name, FluentValue::from(*text)),
                Arg::Count(count) => {
                    // The number selects the plural form; what is shown is written here, in
                    // the language's convention, under `NAME-shown`.
                    fluent_args.set(*name, FluentValue::from(*count));
                    fluent_args.set(format!("{name}-shown"), self.count(*count));
                }
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// The message `id` when the catalogue has it: for words looked up by a name that only
    /// sometimes has one (a column named after a value has no title of its own).
    pub fn optional(&self, id: &str) -> Option<String> {
        self.bundle.has_message(id).then(|| self.text(id))
    }

    /// A count as the language writes it: `1,234`, `1234` and `12.345`, `1 234`.
    pub fn count(&self, count: u64) -> String {
        numbers::count(self.language, count)
    }

    /// A mean rating or any number that is no count or share, with two decimals: `4.25`, `4,25`.
    pub fn decimal(&self, value: f64) -> String {
        numbers::decimal(self.language, value)
    }

    /// A share as a percentage with one decimal: `62.5%`, `62,5 %`.
    pub fn percent(&self, share: f64) -> String {
        numbers::percent(self.language, share)
    }

    /// A date, or a span of dates, in words: `27–28 November 2019`, `2019년 11월 27–28일`.
    /// Empty when neither end is known.
    pub fn dates(&self, start: Option<&PartialDate>, end: Option<&PartialDate>) -> String {
        dates::span(self.language, start, end)
    }

    /// A country's name by its ISO 3166-1 code, as CLDR gives it in this language.
    pub fn country(&self, code: &str) -> Option<&'static str> {
        countries::name(self.language, code)
    }

    /// A label before its value, with the colon as the language sets it: `Dates:`, `Dates :`.
    pub fn labelled(&self, label: &str) -> String {
        self.with("labelled", &[("label", Arg::Text(label))])
    }

    /// Items as a list in words: `a, b and c`, `a, b y c`, `a, b et c`, `a, b 및 c`.
    pub fn list(&self, items: &[String], conjunction: &str) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => {
                let word = self.text(conjunction);
                format!("{} {word} {last}", rest.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;

    use super::*;

    fn message_ids(language: Language) -> BTreeSet<String> {
        let resource = FluentResource::try_new(language.catalogue().to_string())
            .unwrap_or_else(|_| panic!("{} parses", language.code()));
        resource
            .entries()
            .filter_map(|entry| match entry {
                Entry::Message(message) => Some(message.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_message_of_every_other() {
        let english = message_ids(Language::En);
        assert!(english.len() > 50, "{}", english.len());
        for language in Language::ALL {
            let ids = message_ids(language);
            let missing: Vec<_> = english.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, not in English {extra:?}",
                language.code()
            );
        }
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        for language in Language::ALL {
            let words = language.words();
            for id in message_ids(language) {
                let message = words.bundle.get_message(&id).unwrap();
                let pattern = message
                    .value()
                    .unwrap_or_else(|| panic!("{id} has a value"));
                let mut args = FluentArgs::new();
                for name in [
                    "count",
                    "all",
                    "made-up",
                    "k",
                    "below",
                    "depth",
                    "completed",
                    "length",
                    "present",
                    "days",
                    "required",
                    "minutes",
                ] {
                    args.set(name, FluentValue::from(2));
                    args.set(format!("{name}-shown"), "2");
                }
                for name in [
                    "list",
                    "series",
                    "measure",
                    "dimension",
                    "version",
                    "time",
                    "label",
                    "date",
                ] {
                    args.set(name, "x");
                }
                for name in [
                    "command",
                    "hash",
                    "event",
                    "rule",
                    "number",
                    "paired",
                    "before",
                    "after",
                    "gain",
                    "share",
                    "mastery",
                    "rate",
                    "pre-only",
                    "post-only",
                    "mean",
                    "responses",
                    "instrument",
                    "attended",
                    "page",
                    "pages",
                    "events",
                    "period",
                    "reason",
                    "status",
                    "hours",
                    "needed",
                    "indicator",
                    "participant",
                    "id",
                    "framework",
                    "progress",
                    "when",
                    "actual",
                    "target",
                ] {
                    args.set(name, "x");
                }
                let mut errors = Vec::new();
                let text = words
                    .bundle
                    .format_pattern(pattern, Some(&args), &mut errors);
                assert!(
                    errors.is_empty() && !text.trim().is_empty(),
                    "{}: {id}: {errors:?}",
                    language.code()
                );
            }
        }
    }

    #[test]
    fn tags_name_their_language_whatever_the_region_and_encoding() {
        assert_eq!(Language::from_tag("es_MX.UTF-8"), Some(Language::Es));
        assert_eq!(Language::from_tag("fr-CA"), Some(Language::Fr));
        assert_eq!(Language::from_tag("KO"), Some(Language::Ko));
        assert_eq!(Language::from_tag("en_GB.utf8@euro"), Some(Language::En));
        assert_eq!(Language::from_tag("de_DE.UTF-8"), None);
        assert_eq!(Language::from_tag("C.UTF-8"), None);
        assert!(
            parse_language("pt")
                .unwrap_err()
                .contains("en, es, fr and ko")
        );
    }

    #[test]
    fn the_locale_follows_posix_precedence_and_falls_back_to_english() {
        fn environment(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_string())
            }
        }
        let both = [("LANG", "es_MX.UTF-8"), ("LC_ALL", "fr_FR.UTF-8")];
        assert_eq!(Language::from_locale(environment(&both)), Language::Fr);
        let empty_all = [("LANG", "ko_KR.UTF-8"), ("LC_ALL", "")];
        assert_eq!(Language::from_locale(environment(&empty_all)), Language::Ko);
        let german = [("LANG", "de_DE.UTF-8")];
        assert_eq!(Language::from_locale(environment(&german)), Language::En);
        assert_eq!(Language::from_locale(environment(&[])), Language::En);
    }

    #[test]
    fn a_message_about_exactly_one_says_so_in_languages_without_a_singular() {
        let korean = Language::Ko.words();
        let depth =
            |words: &Words, depth| words.with("filter-depth", &[("depth", Arg::Count(depth))]);
        assert_eq!(depth(korean, 1), "최상위 수준의 부문");
        assert_eq!(depth(korean, 2), "2수준까지의 부문");
        // French counts 0 as singular: the number shown is still the count.
        let french = Language::Fr.words();
        assert_eq!(
            french.with("chart-in-total", &[("count", Arg::Count(0))]),
            "0 participant au total."
        );
    }

    #[test]
    fn plural_forms_follow_the_count() {
        let english = Language::En.words();
        assert_eq!(
            english.with(
                "illustrative-some",
                &[("made-up", Arg::Count(1)), ("all", Arg::Count(1234))]
            ),
            "1 of the 1,234 people in these records is illustrative: made up to show how the \
             records work. These numbers do not describe real attendance."
        );
        let french = Language::Fr.words();
        assert_eq!(
            french.with(
                "illustrative-some",
                &[("made-up", Arg::Count(2)), ("all", Arg::Count(1234))]
            ),
            "2 des 1\u{202f}234 personnes de ces registres sont fictives\u{a0}: ce sont des \
             données d’exemple, pour montrer comment fonctionnent les registres. Ces chiffres ne \
             décrivent pas une participation réelle."
        );
    }
}
