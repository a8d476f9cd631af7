//! Who a row is: a person already in the store, one an earlier row brought, or someone new.
//!
//! The one rule that matters most: two people are never folded into one on a guess. A row is
//! the same person as a known one when they share an email (ignoring case) *and* their names
//! are compatible, or, when the row has no email, when name and organization are the same
//! once case, accents and punctuation are set aside. A row number (`ID`, `No.`, Kobo's `_id`)
//! says nothing about who someone is, so it is never used; a gsef id is, when `--map id=`
//! names its column, and then a name that does not fit the id is an error, not a match.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

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
///
/// An import looks up every row and remembers most, so the keys of a row are worked out once
/// ([`People::keys`]) and moved in, and a name's words are only folded when an email or an id
/// brings a candidate to compare with; the caller says what a known person's name is and
/// whether they have an email, which it holds anyway.
#[derive(Debug, Default)]
pub struct People {
    by_id: FxHashMap<String, Known>,
    /// Several people may share an address once `--shared-email separate` let them.
    by_email: FxHashMap<String, Slot>,
    by_name: FxHashMap<String, Slot>,
}

/// The people under one key: nearly always one, so no list is made for them.
#[derive(Debug)]
enum Slot {
    One(Known),
    Many(Vec<Known>),
}

impl Slot {
    fn push(&mut self, who: Known) {
        match self {
            Slot::One(first) => *self = Slot::Many(vec![*first, who]),
            Slot::Many(all) => all.push(who),
        }
    }

    fn all(&self) -> &[Known] {
        match self {
            Slot::One(one) => std::slice::from_ref(one),
            Slot::Many(all) => all,
        }
    }
}

/// A row's keys: its email, lower case, and its folded name with organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    email: Option<String>,
    name: String,
}

/// What the caller knows of a known person: their name, and whether they have an email.
pub trait Roll {
    fn name_of(&self, who: Known) -> &str;
    fn has_email(&self, who: Known) -> bool;
}

impl People {
    /// The keys of a row, to look it up and then remember it under.
    pub fn keys(identity: Identity) -> Keys {
        Keys {
            email: identity.email.map(email_key),
            name: name_key(identity.name, identity.organization),
        }
    }

    /// Remembers a known person under each of their keys.
    pub fn remember(&mut self, who: Known, identity: Identity, keys: Keys) {
        if let Some(id) = identity.id {
            self.by_id.entry(id.to_string()).or_insert(who);
        }
        let add = |map: &mut FxHashMap<String, Slot>, key: String| match map.entry(key) {
            Entry::Occupied(mut slot) => slot.get_mut().push(who),
            Entry::Vacant(slot) => {
                slot.insert(Slot::One(who));
            }
        };
        if let Some(email) = keys.email {
            add(&mut self.by_email, email);
        }
        add(&mut self.by_name, keys.name);
    }

    /// Who the row is (see the module's rule).
    pub fn find(&self, identity: Identity, keys: &Keys, roll: &impl Roll) -> Found {
        let words = std::cell::OnceCell::new();
        let compatible = |who: &Known| {
            let words = words.get_or_init(|| name_words(identity.name));
            words_compatible(&name_words(roll.name_of(*who)), words)
        };
        if let Some(id) = identity.id {
            return match self.by_id.get(id) {
                Some(who) if compatible(who) => Found::Same(*who, Basis::Id),
                Some(who) => Found::IdOfSomeoneElse(*who),
                None => Found::Nobody,
            };
        }
        if let Some(email) = &keys.email
            && let Some(sharing) = self.by_email.get(email)
        {
            return match sharing.all().iter().find(|who| compatible(who)) {
                Some(who) => Found::Same(*who, Basis::Email),
                None => Found::SharedEmail(sharing.all().to_vec()),
            };
        }
        let by_name = self
            .by_name
            .get(&keys.name)
            .map(Slot::all)
            .unwrap_or_default();
        // A row with an email is someone with no address recorded yet (a sign-in sheet came
        // first); a known person with another address is someone else of the same name.
        let mut candidates = by_name
            .iter()
            .filter(|who| identity.email.is_none() || !roll.has_email(**who));
        match candidates.next() {
            Some(who) => Found::Same(*who, Basis::NameAndOrganization),
            None => Found::Nobody,
        }
    }
}

/// An email as two rows compare it: whitespace and case do not make another person.
pub(super) fn email_key(email: &str) -> String {
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

    /// The known people of a test, by position.
    #[derive(Default)]
    struct Names(Vec<(Known, String, bool)>);

    impl Roll for Names {
        fn name_of(&self, who: Known) -> &str {
            &self.0.iter().find(|(known, _, _)| *known == who).unwrap().1
        }
        fn has_email(&self, who: Known) -> bool {
            self.0.iter().find(|(known, _, _)| *known == who).unwrap().2
        }
    }

    #[derive(Default)]
    struct Book {
        people: People,
        roll: Names,
    }

    impl Book {
        fn remember(&mut self, who: Known, identity: Identity) {
            self.roll
                .0
                .push((who, identity.name.to_string(), identity.email.is_some()));
            self.people.remember(who, identity, People::keys(identity));
        }

        fn find(&self, identity: Identity) -> Found {
            self.people
                .find(identity, &People::keys(identity), &self.roll)
        }
    }

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
        let mut book = Book::default();
        let ana = person(
            "Ana Sofía Gutiérrez Lara",
            None,
            Some("oficina@example.org"),
        );
        book.remember(Known::Stored(0), ana);
        assert_eq!(
            book.find(person(
                "ana sofia gutierrez",
                None,
                Some("OFICINA@example.org")
            )),
            Found::Same(Known::Stored(0), Basis::Email)
        );
        assert_eq!(
            book.find(person(
                "Héctor Ramírez Soto",
                None,
                Some("oficina@example.org")
            )),
            Found::SharedEmail(vec![Known::Stored(0)])
        );
        // Once both are known (--shared-email separate), each finds their own.
        let hector = person("Héctor Ramírez Soto", None, Some("oficina@example.org"));
        book.remember(Known::New(0), hector);
        assert_eq!(book.find(hector), Found::Same(Known::New(0), Basis::Email));
    }

    #[test]
    fn without_an_email_name_and_organization_decide() {
        let mut book = Book::default();
        book.remember(
            Known::New(0),
            person("Tomás Ek Chablé", Some("Colectivo Imaginario A.C."), None),
        );
        assert_eq!(
            book.find(person(
                "TOMAS EK CHABLE",
                Some("colectivo imaginario a c"),
                None
            )),
            Found::Same(Known::New(0), Basis::NameAndOrganization)
        );
        assert_eq!(
            book.find(person("Tomás Ek Chablé", Some("Otra A.C."), None)),
            Found::Nobody
        );
        // The person came without an address; the registration brings one.
        assert_eq!(
            book.find(person(
                "Tomás Ek Chablé",
                Some("Colectivo Imaginario A.C."),
                Some("tomas@example.org")
            )),
            Found::Same(Known::New(0), Basis::NameAndOrganization)
        );
    }

    #[test]
    fn a_namesake_with_another_address_is_someone_else() {
        let mut book = Book::default();
        book.remember(
            Known::Stored(3),
            person("Ana Ruiz", Some("INAES"), Some("ana@inaes.example")),
        );
        assert_eq!(
            book.find(person(
                "Ana Ruiz",
                Some("INAES"),
                Some("ana.ruiz@otra.example")
            )),
            Found::Nobody
        );
    }

    #[test]
    fn an_id_under_a_clearly_different_name_is_someone_else() {
        let mut book = Book::default();
        book.remember(
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
            book.find(row("Ana Ruiz López")),
            Found::Same(Known::Stored(0), Basis::Id)
        );
        assert_eq!(
            book.find(row("Luc Tremblay")),
            Found::IdOfSomeoneElse(Known::Stored(0))
        );
    }
}
