//! Gender and consent as people answer them, read as the store's terms: `Mujer`, `mujer`,
//! `Female`, `F` and `Femme` are one answer, `woman`, so a breakdown by gender has one group of
//! women and not five.
//!
//! Each vocabulary is a list of terms (an id, a label, synonyms), matched ignoring case,
//! accents and punctuation. gsef knows terms in English, Spanish, French and Korean; a store
//! extends them in its manifest (`genders`, `consent_answers`), and an import adds one file's
//! own answers with `--gender-map` / `--consent-map`. An answer no term knows is refused with
//! the list of those it would take, never stored as typed beside the known ones.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::consent::Consent;
use super::folding::fold;

/// One term of a vocabulary, as the manifest stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Answers that mean this term, as people type them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
}

/// A vocabulary: its terms, and every answer that names one, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// What it is the vocabulary of ("gender"), for messages.
    what: &'static str,
    terms: Vec<Term>,
    by_answer: HashMap<String, usize>,
}

/// What gsef knows of gender: how people say woman, man, non-binary, and that they would
/// rather not say, in English, Spanish, French and Korean.
///
/// `M` is deliberately no synonym: on an English or French form it is male, on a Spanish
/// form that offers `H`/`M` it is *mujer*. A file that uses it says which with `--gender-map`.
const GENDERS: &[(&str, &str, &[&str])] = &[
    (
        "woman",
        "Woman",
        &[
            "women",
            "female",
            "f",
            "w",
            "girl",
            "femme",
            "femmes",
            "feminin",
            "feminine",
            "mujer",
            "mujeres",
            "femenino",
            "femenina",
            "mujer cis",
            "cis woman",
            "여성",
            "여자",
            "여",
        ],
    ),
    (
        "man",
        "Man",
        &[
            "men",
            "male",
            "boy",
            "homme",
            "hommes",
            "masculin",
            "h",
            "hombre",
            "hombres",
            "masculino",
            "varon",
            "cis man",
            "hombre cis",
            "남성",
            "남자",
            "남",
        ],
    ),
    (
        "non-binary",
        "Non-binary",
        &[
            "non binary",
            "nonbinary",
            "nb",
            "enby",
            "genderqueer",
            "non binaire",
            "non-binaire",
            "no binario",
            "no binaria",
            "no binarie",
            "논바이너리",
            "넌바이너리",
        ],
    ),
    (
        "undisclosed",
        "Prefer not to say",
        &[
            "prefer not to say",
            "prefer not to answer",
            "rather not say",
            "did not self identify",
            "not disclosed",
            "declined",
            "prefiero no decir",
            "prefiero no decirlo",
            "prefiero no responder",
            "prefiero no contestar",
            "no responde",
            "je prefere ne pas repondre",
            "prefere ne pas repondre",
            "prefere ne pas le dire",
            "ne souhaite pas repondre",
            "ne se prononce pas",
            "응답하지 않음",
            "밝히고 싶지 않음",
            "말하고 싶지 않음",
        ],
    ),
];

/// What gsef knows of consent answers: a form's yes is consent to be listed.
const CONSENTS: &[(&str, &str, &[&str])] = &[
    (
        "list",
        "May be listed by name",
        &[
            "yes",
            "y",
            "si",
            "oui",
            "true",
            "1",
            "i agree",
            "agree",
            "acepto",
            "de acuerdo",
            "j accepte",
            "d accord",
            "예",
            "네",
            "동의",
            "동의함",
            "동의합니다",
        ],
    ),
    (
        "aggregate",
        "Counted, never listed",
        &[
            "counted only",
            "only counted",
            "solo conteo",
            "seulement compte",
        ],
    ),
    (
        "none",
        "Not listed",
        &[
            "no",
            "n",
            "non",
            "false",
            "0",
            "i do not agree",
            "no acepto",
            "je refuse",
            "je n accepte pas",
            "아니요",
            "아니오",
            "동의하지 않음",
            "비동의",
        ],
    ),
];

impl Vocabulary {
    fn new(what: &'static str, built_in: &[(&str, &str, &[&str])], extra: &[Term]) -> Self {
        let mut vocabulary = Vocabulary {
            what,
            terms: Vec::new(),
            by_answer: HashMap::new(),
        };
        for (id, label, synonyms) in built_in {
            vocabulary.add(Term {
                id: (*id).to_string(),
                label: (*label).to_string(),
                synonyms: synonyms
                    .iter()
                    .map(|synonym| (*synonym).to_string())
                    .collect(),
            });
        }
        for term in extra {
            vocabulary.add(term.clone());
        }
        vocabulary
    }

    /// Adds a term, or to the term with its id its label (when given) and synonyms.
    fn add(&mut self, term: Term) {
        let index = match self.terms.iter().position(|known| known.id == term.id) {
            Some(index) => {
                let known = &mut self.terms[index];
                if !term.label.is_empty() {
                    known.label.clone_from(&term.label);
                }
                known.synonyms.extend(term.synonyms.iter().cloned());
                index
            }
            None => {
                self.terms.push(term);
                self.terms.len() - 1
            }
        };
        let term = &self.terms[index];
        let answers = [&term.id, &term.label].into_iter().chain(&term.synonyms);
        // A later term does not take over an answer an earlier one has, so the built-in
        // meanings hold unless a map says otherwise.
        let folded: Vec<String> = answers.map(|answer| fold(answer)).collect();
        for answer in folded.into_iter().filter(|answer| !answer.is_empty()) {
            self.by_answer.entry(answer).or_insert(index);
        }
    }

    /// The gender vocabulary: gsef's terms extended by the manifest's `genders`.
    pub fn genders(extra: &[Term]) -> Self {
        Vocabulary::new("gender", GENDERS, extra)
    }

    /// The consent vocabulary: gsef's three answers, with synonyms the manifest's
    /// `consent_answers` adds; a term there must be one of the three.
    pub fn consents(extra: &[Term]) -> Result<Self, String> {
        if let Some(term) = extra
            .iter()
            .find(|term| !CONSENTS.iter().any(|(id, _, _)| *id == term.id))
        {
            return Err(format!(
                "consent_answers: `{}` is not a consent; the consents are list, aggregate and none",
                crate::quote::value(&term.id)
            ));
        }
        Ok(Vocabulary::new("consent", CONSENTS, extra))
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The term `answer` names, ignoring case, accents and punctuation.
    pub fn read(&self, answer: &str) -> Option<&Term> {
        self.by_answer
            .get(&fold(answer))
            .map(|&index| &self.terms[index])
    }

    /// Makes `answer` mean the term `id`, over any meaning it had (`--gender-map`); refused
    /// when no term has that id.
    pub fn map_answer(&mut self, answer: &str, id: &str) -> Result<(), String> {
        let index = self
            .terms
            .iter()
            .position(|term| term.id == id)
            .ok_or_else(|| {
                format!(
                    "`{}` is not a {} term; the terms are {}",
                    crate::quote::value(id),
                    self.what,
                    self.ids()
                )
            })?;
        self.by_answer.insert(fold(answer), index);
        Ok(())
    }

    /// "woman, man, non-binary, undisclosed".
    pub fn ids(&self) -> String {
        let ids: Vec<&str> = self.terms.iter().map(|term| term.id.as_str()).collect();
        ids.join(", ")
    }

    /// The terms, each with some of the answers it takes, for a message refusing an answer:
    /// "woman (Woman, women, female, f); man (Man, men, male, boy); …".
    pub fn known(&self) -> String {
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|term| {
                let mut examples: Vec<&str> = Vec::new();
                let answers = [term.label.as_str()]
                    .into_iter()
                    .chain(term.synonyms.iter().map(String::as_str));
                for answer in answers {
                    if examples.len() < 4
                        && !answer.is_empty()
                        && !examples.iter().any(|known| fold(known) == fold(answer))
                    {
                        examples.push(answer);
                    }
                }
                format!("{} ({})", term.id, examples.join(", "))
            })
            .collect();
        terms.join("; ")
    }
}

/// The consent a consent term's id stands for.
pub fn consent_of(term: &Term) -> Option<Consent> {
    match term.id.as_str() {
        "list" => Some(Consent::List),
        "aggregate" => Some(Consent::Aggregate),
        "none" => Some(Consent::None),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_woman_however_she_is_typed() {
        let genders = Vocabulary::genders(&[]);
        for answer in [
            "Mujer", "mujer", "Female", "F", "Femme", "FÉMININ", "여성", "woman",
        ] {
            assert_eq!(
                genders.read(answer).map(|term| term.id.as_str()),
                Some("woman"),
                "{answer}"
            );
        }
        for answer in ["Hombre", "Male", "H", "Homme", "남성"] {
            assert_eq!(
                genders.read(answer).map(|term| term.id.as_str()),
                Some("man"),
                "{answer}"
            );
        }
        assert_eq!(genders.read("No binario").unwrap().id, "non-binary");
        assert_eq!(genders.read("no_binario").unwrap().id, "non-binary");
        assert_eq!(genders.read("Prefiero no decir").unwrap().id, "undisclosed");
        assert_eq!(genders.read("prefiero_no_decir").unwrap().id, "undisclosed");
        assert!(genders.read("M").is_none(), "male or mujer: a map must say");
        assert!(genders.read("Otro").is_none());
    }

    #[test]
    fn a_store_and_a_map_extend_the_terms() {
        let extra = [
            Term {
                id: "woman".into(),
                label: String::new(),
                synonyms: vec!["Dame".into()],
            },
            Term {
                id: "two-spirit".into(),
                label: "Two-spirit".into(),
                synonyms: vec![],
            },
        ];
        let mut genders = Vocabulary::genders(&extra);
        assert_eq!(genders.read("dame").unwrap().id, "woman");
        assert_eq!(genders.read("Two Spirit").unwrap().id, "two-spirit");
        assert_eq!(genders.read("woman").unwrap().label, "Woman");
        genders.map_answer("M", "woman").unwrap();
        assert_eq!(genders.read("m").unwrap().id, "woman");
        let refused = genders.map_answer("X", "other").unwrap_err();
        assert!(
            refused.contains("woman, man, non-binary, undisclosed, two-spirit"),
            "{refused}"
        );
        let known = genders.known();
        assert!(
            known.starts_with("woman (Woman, women, female, f); man (Man,"),
            "{known}"
        );
        assert!(known.ends_with("two-spirit (Two-spirit)"), "{known}");
    }

    #[test]
    fn consent_answers_are_yes_and_no_in_four_languages() {
        let consents = Vocabulary::consents(&[]).unwrap();
        for (answer, consent) in [
            ("Yes", Consent::List),
            ("Sí", Consent::List),
            ("Oui", Consent::List),
            ("예", Consent::List),
            ("list", Consent::List),
            ("No", Consent::None),
            ("Non", Consent::None),
            ("aggregate", Consent::Aggregate),
        ] {
            assert_eq!(
                consents.read(answer).and_then(consent_of),
                Some(consent),
                "{answer}"
            );
        }
        let wrong = [Term {
            id: "maybe".into(),
            label: String::new(),
            synonyms: vec![],
        }];
        assert!(
            Vocabulary::consents(&wrong)
                .unwrap_err()
                .contains("`maybe` is not a consent")
        );
    }
}
