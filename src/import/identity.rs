//! Who a row is: a person already in the store, one an earlier row brought, or someone new.
//!
//! The one rule that matters most: two people are never folded into one on a guess. A row is
//! the same person as a known one when they share an email (ignoring case) *and* their names
//! are compatible, or, when the row has no email, when name and organization are the same
//! once case, accents and punctuation are set aside. A row number (`ID`, `No.`, Kobo's `_id`)
//! says nothing about who someone is, so it is never used; a gsef id is, when `--map id=`
//! names its column, and then a name that does not fit the id is an error, not a match.

use std::collections::HashMap;

use super::normalize::fold;

/// A person the import knows: the store's participant at this position, or the new
/// participant at this position of the import's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Known {
    Stored(usize),
    New(usize),
}

/// What a match rests on, as the dry run says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The gsef id, from the column `--map id=` names.
    Id,
    /// The same email and a compatible name.
    Email,
    /// No email to go by: the same name and organization.
    NameAndOrganization,
}

impl Basis {
    pub fn describe(self) -> &'static str {
        match self {
            Basis::Id => "the same id",
            Basis::Email => "the same email and a compatible name",
            Basis::NameAndOrganization => "the same name and organization, without an email",
        }
    }
}

/// What looking a row up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// This known person, and why.
    Same(Known, Basis),
    /// Nobody: a new person.
    Nobody,
    /// The row's email belongs to these people, whose names are clearly not the row's: two
    /// people sharing an address (a buyer's second ticket, an office account), or a typo.
    SharedEmail(Vec<Known>),
    /// The row's id is this known person's, under a clearly different name.
    IdOfSomeoneElse(Known),
}

/// What a row says about who it is.
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    pub id: Option<&'a str>,
    pub name: &'a str,
    pub organization: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// Every person known so far, findable by id, email, and name with organization.
#[derive(Debug, Default)]
pub struct People {
    by_id: HashMap<String, Known>,
    /// Several people may share an address once `--shared-email separate` let them.
    by_email: HashMap<String, Vec<Known>>,
    by_name: HashMap<String, Vec<Known>>,
    /// Each known person's folded name words and whether they have an email, by person.
    facts: HashMap<Known, Facts>,
}

#[derive(Debug)]
struct Facts {
    words: Vec<String>,
    has_email: bool,
}

impl People {
    /// Remembers a known person under each of their keys.
    pub fn remember(&mut self, who: Known, identity: Identity) {
        if let Some(id) = identity.id {
            self.by_id.entry(id.to_string()).or_insert(who);
        }
        if let Some(email) = identity.email {
            self.by_email.entry(email_key(email)).or_default().push(who);
        }
        self.by_name
            .entry(name_key(identity.name, identity.organization))
            .or_default()
            .push(who);
        self.facts.insert(
            who,
            Facts {
                words: name_words(identity.name),
                has_email: identity.email.is_some(),
            },
        );
    }

    /// Who the row is (see the module's rule).
    pub fn find(&self, identity: Identity) -> Found {
        let words = name_words(identity.name);
        let compatible = |who: &Known| {
            self.facts
                .get(who)
                .is_some_and(|facts| words_compatible(&facts.words, &words))
        };
        if let Some(id) = identity.id {
            return match self.by_id.get(id) {
                Some(who) if compatible(who) => Found::Same(*who, Basis::Id),
                Some(who) => Found::IdOfSomeoneElse(*who),
                None => Found::Nobody,
            };
        }
        if let Some(email) = identity.email
            && let Some(sharing) = self.by_email.get(&email_key(email))
        {
            return match sharing.iter().find(|who| compatible(who)) {
                Some(who) => Found::Same(*who, Basis::Email),
                None => Found::SharedEmail(sharing.clone()),
            };
        }
        let key = name_key(identity.name, identity.organization);
        let by_name = self.by_name.get(&key).into_iter().flatten();
        // A row with an email is someone with no address recorded yet (a sign-in sheet came
        // first); a known person with another address is someone else of the same name.
        let mut candidates = by_name.filter(|who| {
            identity.email.is_none() || self.facts.get(who).is_some_and(|facts| !facts.has_email)
        });
        match candidates.next() {
            Some(who) => Found::Same(*who, Basis::NameAndOrganization),
            None => Found::Nobody,
        }
    }
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn name_key(name: &str, organization: Option<&str>) -> String {
    format!(
        "{}|{}",
        fold(name),
        organization.map(fold).unwrap_or_default()
    )
}

/// A name's words, folded, in order.
fn name_words(name: &str) -> Vec<String> {
    fold(name).split(' ').map(str::to_string).collect()
}

/// True when two names can be one person's: the same words once case and accents are set
/// aside, or all the words of one among the other's ("Rodrigo Salas" and "Rodrigo Salas
/// Méndez", "Ruiz Ana" and "Ana Ruiz"). "A. Ruiz" and "Ana Ruiz" are not: an initial could
/// stand for anyone.
pub fn names_compatible(a: &str, b: &str) -> bool {
    words_compatible(&name_words(a), &name_words(b))
}

fn words_compatible(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && short.iter().all(|word| long.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person<'a>(
        name: &'a str,
        organization: Option<&'a str>,
        email: Option<&'a str>,
    ) -> Identity<'a> {
        Identity {
            id: None,
            name,
            organization,
            email,
        }
    }

    #[test]
    fn names_are_compatible_when_one_holds_the_other() {
        assert!(names_compatible("Rodrigo Salas", "Rodrigo Salas Méndez"));
        assert!(names_compatible(
            "MARIA FERNANDA ORTIZ LUNA",
            "María Fernanda Ortiz Luna"
        ));
        assert!(names_compatible("Ruiz, Ana", "Ana Ruiz"));
        assert!(!names_compatible(
            "Héctor Ramírez Soto",
            "Ana Sofía Gutiérrez Lara"
        ));
        assert!(!names_compatible("A. Ruiz", "Ana Ruiz"));
        assert!(!names_compatible("", "Ana Ruiz"));
    }

    #[test]
    fn an_email_matches_only_with_a_compatible_name() {
        let mut people = People::default();
        let ana = person(
            "Ana Sofía Gutiérrez Lara",
            None,
            Some("oficina@example.org"),
        );
        people.remember(Known::Stored(0), ana);
        assert_eq!(
            people.find(person(
                "ana sofia gutierrez",
                None,
                Some("OFICINA@example.org")
            )),
            Found::Same(Known::Stored(0), Basis::Email)
        );
        assert_eq!(
            people.find(person(
                "Héctor Ramírez Soto",
                None,
                Some("oficina@example.org")
            )),
            Found::SharedEmail(vec![Known::Stored(0)])
        );
        // Once both are known (--shared-email separate), each finds their own.
        let hector = person("Héctor Ramírez Soto", None, Some("oficina@example.org"));
        people.remember(Known::New(0), hector);
        assert_eq!(
            people.find(hector),
            Found::Same(Known::New(0), Basis::Email)
        );
    }

    #[test]
    fn without_an_email_name_and_organization_decide() {
        let mut people = People::default();
        people.remember(
            Known::New(0),
            person("Tomás Ek Chablé", Some("Colectivo Imaginario A.C."), None),
        );
        assert_eq!(
            people.find(person(
                "TOMAS EK CHABLE",
                Some("colectivo imaginario a c"),
                None
            )),
            Found::Same(Known::New(0), Basis::NameAndOrganization)
        );
        assert_eq!(
            people.find(person("Tomás Ek Chablé", Some("Otra A.C."), None)),
            Found::Nobody
        );
        // The person came without an address; the registration brings one.
        assert_eq!(
            people.find(person(
                "Tomás Ek Chablé",
                Some("Colectivo Imaginario A.C."),
                Some("tomas@example.org")
            )),
            Found::Same(Known::New(0), Basis::NameAndOrganization)
        );
    }

    #[test]
    fn a_namesake_with_another_address_is_someone_else() {
        let mut people = People::default();
        people.remember(
            Known::Stored(3),
            person("Ana Ruiz", Some("INAES"), Some("ana@inaes.example")),
        );
        assert_eq!(
            people.find(person(
                "Ana Ruiz",
                Some("INAES"),
                Some("ana.ruiz@otra.example")
            )),
            Found::Nobody
        );
    }

    #[test]
    fn an_id_under_a_clearly_different_name_is_someone_else() {
        let mut people = People::default();
        people.remember(
            Known::Stored(0),
            Identity {
                id: Some("mx-001"),
                ..person("Ana Ruiz", None, None)
            },
        );
        let row = |name| Identity {
            id: Some("mx-001"),
            ..person(name, None, None)
        };
        assert_eq!(
            people.find(row("Ana Ruiz López")),
            Found::Same(Known::Stored(0), Basis::Id)
        );
        assert_eq!(
            people.find(row("Luc Tremblay")),
            Found::IdOfSomeoneElse(Known::Stored(0))
        );
    }
}
