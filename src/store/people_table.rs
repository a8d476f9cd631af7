//! The people of a store as a report counts them, held compactly: each person's id, and each
//! distinct sector, country, region, organization and gender once for the whole store, and
//! each person's birth year.
//!
//! A report needs a few fields of every person, and the participants file holds far more
//! (names, emails, layout): at ten million attendance records it is 400 MB, which a report
//! used to keep whole so its rows could borrow from it. The file is streamed instead, on every
//! core, each line read and checked as every reader reads it; only the ids and the distinct
//! values stay, and each person is a handle on them.

use std::borrow::Cow;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::line::Stored;
use super::lines::{self, LineFailure};
use crate::error::Result;
use crate::model::participant::{ParticipantFacts, ParticipantRow};
use crate::model::{Participant, SectorVocabulary};

/// No value: the field is not recorded.
const NONE: u32 = u32::MAX;

/// No birth year recorded; no valid one is 0, so a `u16` holds both without an `Option`'s
/// padding.
const NO_BIRTH_YEAR: u16 = 0;

/// One person: the index of each of their values in the table's values, and their flag.
#[derive(Clone, Copy)]
struct Compact {
    /// Sector, country, region, organization, gender.
    values: [u32; 5],
    birth_year: u16,
    illustrative: bool,
}

// Ten million people: a byte more a person, rounded up to the alignment, would be 40 MB more.
const _: () = assert!(std::mem::size_of::<Compact>() == 24);

/// The people of a store, read once.
pub struct PeopleTable {
    ids: Vec<Box<str>>,
    values: Vec<Box<str>>,
    people: Vec<Compact>,
    /// How many bytes the participants file took, by which a caller judges whether work over
    /// the people is worth a second thread.
    file_length: u64,
}

/// What one part of the file gave: its people, with value indices into its own values.
#[derive(Default)]
struct Part {
    ids: Vec<Box<str>>,
    people: Vec<Compact>,
    index_of: FxHashMap<Box<str>, u32>,
}

impl Part {
    fn value(&mut self, text: Option<&Cow<'_, str>>) -> u32 {
        let Some(text) = text else { return NONE };
        if let Some(&index) = self.index_of.get(&**text) {
            return index;
        }
        let index = u32::try_from(self.index_of.len()).expect("fewer than 4 billion values");
        self.index_of.insert(Box::from(&**text), index);
        index
    }

    fn add(&mut self, row: &ParticipantRow<'_>) {
        let values = [
            self.value(row.sector.as_ref()),
            self.value(row.country.as_ref()),
            self.value(row.region.as_ref()),
            self.value(row.organization.as_ref()),
            self.value(row.gender.as_ref()),
        ];
        self.ids.push(Box::from(&*row.id));
        self.people.push(Compact {
            values,
            birth_year: row.birth_year.unwrap_or(NO_BIRTH_YEAR),
            illustrative: row.illustrative,
        });
    }
}

impl PeopleTable {
    /// Reads the participants collection at `path`, every line checked as
    /// [`super::Reader::load`] checks it.
    pub(super) fn read(
        path: &Path,
        file: &std::fs::File,
        sectors: &SectorVocabulary,
        observe: &(dyn Fn(u64) + Sync),
    ) -> Result<PeopleTable> {
        let file_length = file
            .metadata()
            .map_err(|source| crate::error::Error::io("read the size of", path, source))?
            .len();
        let parts = lines::fold_file_observed(path, file, observe, Part::default, |part, line| {
            let row = Participant::read_row(line, sectors).map_err(LineFailure::Bad)?;
            part.add(&row);
            Ok(())
        })?;
        Ok(PeopleTable::joined(parts, file_length))
    }

    /// The parts in file order as one table, their values merged.
    fn joined(parts: Vec<Part>, file_length: u64) -> PeopleTable {
        let count = parts.iter().map(|part| part.ids.len()).sum();
        let mut table = PeopleTable {
            ids: Vec::with_capacity(count),
            values: Vec::new(),
            people: Vec::with_capacity(count),
            file_length,
        };
        let mut index_of: FxHashMap<Box<str>, u32> = FxHashMap::default();
        for part in parts {
            let mut global = vec![NONE; part.index_of.len()];
            for (text, local) in part.index_of {
                let next = u32::try_from(table.values.len()).expect("fewer than 4 billion values");
                let index = *index_of.entry(text.clone()).or_insert_with(|| {
                    table.values.push(text);
                    next
                });
                global[local as usize] = index;
            }
            table.ids.extend(part.ids);
            table
                .people
                .extend(part.people.into_iter().map(|mut person| {
                    for value in &mut person.values {
                        if *value != NONE {
                            *value = global[*value as usize];
                        }
                    }
                    person
                }));
        }
        table
    }

    /// Every person, in file order, as a handle on the table: two words each, where a row of
    /// borrowed fields would take ten.
    pub fn people(&self) -> Vec<Person<'_>> {
        (0..self.ids.len())
            .map(|index| Person {
                table: self,
                index: u32::try_from(index).expect("fewer than 4 billion people"),
            })
            .collect()
    }

    fn value(&self, index: u32) -> Option<&str> {
        (index != NONE).then(|| &*self.values[index as usize])
    }

    /// How many bytes the participants file took.
    pub fn file_length(&self) -> u64 {
        self.file_length
    }
}

/// One person of a [`PeopleTable`], with what a report reads of them.
#[derive(Clone, Copy)]
pub struct Person<'t> {
    table: &'t PeopleTable,
    index: u32,
}

impl Person<'_> {
    fn values(&self) -> [u32; 5] {
        self.table.people[self.index as usize].values
    }
}

impl ParticipantFacts for Person<'_> {
    fn id(&self) -> &str {
        &self.table.ids[self.index as usize]
    }

    fn sector(&self) -> Option<&str> {
        self.table.value(self.values()[0])
    }

    fn country(&self) -> Option<&str> {
        self.table.value(self.values()[1])
    }

    fn region(&self) -> Option<&str> {
        self.table.value(self.values()[2])
    }

    fn organization(&self) -> Option<&str> {
        self.table.value(self.values()[3])
    }

    fn gender(&self) -> Option<&str> {
        self.table.value(self.values()[4])
    }

    fn birth_year(&self) -> Option<u16> {
        let year = self.table.people[self.index as usize].birth_year;
        (year != NO_BIRTH_YEAR).then_some(year)
    }

    fn illustrative(&self) -> bool {
        self.table.people[self.index as usize].illustrative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(
        id: &'a str,
        sector: Option<&'a str>,
        region: Option<&'a str>,
    ) -> ParticipantRow<'a> {
        ParticipantRow {
            id: Cow::Borrowed(id),
            sector: sector.map(Cow::Borrowed),
            country: None,
            region: region.map(Cow::Borrowed),
            organization: None,
            gender: None,
            birth_year: (id == "c").then_some(1990),
            illustrative: id.ends_with('!'),
        }
    }

    /// Parts joined in order give every row back as it was read, each value kept once.
    #[test]
    fn rows_come_back_as_read_in_file_order() {
        let read = [
            vec![
                row("a", Some("sse"), Some("Jalisco")),
                row("b!", None, Some("Oaxaca")),
            ],
            vec![
                row("c", Some("academia"), Some("Jalisco")),
                row("d", Some("sse"), None),
            ],
        ];
        let parts: Vec<Part> = read
            .iter()
            .map(|rows| {
                let mut part = Part::default();
                rows.iter().for_each(|row| part.add(row));
                part
            })
            .collect();
        let table = PeopleTable::joined(parts, 0);
        let facts = |person: &dyn ParticipantFacts| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {}",
                person.id(),
                person.sector(),
                person.country(),
                person.region(),
                person.organization(),
                person.gender(),
                person.birth_year(),
                person.illustrative()
            )
        };
        let expected: Vec<String> = read.concat().iter().map(|row| facts(row)).collect();
        let got: Vec<String> = table.people().iter().map(|person| facts(person)).collect();
        assert_eq!(got, expected);
        assert_eq!(
            table.values.len(),
            4,
            "sse, Jalisco, Oaxaca, academia once each"
        );
    }
}
