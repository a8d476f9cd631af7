//! A three-way merge of one collection, record by record on its key, for git's merge driver
//! (`gsef git merge`): two people adding records on two branches never conflict, and two
//! edits of one record conflict as that record alone.
//!
//! Each version (base, ours, theirs) is read forgivingly ([`layout`]) and records are
//! compared as parsed JSON, so a change of key order or spacing is no edit. The line written is
//! always one side's bytes as they were, so fields this gsef does not know survive byte for
//! byte. For each key:
//!
//! | base | ours | theirs | result |
//! |---|---|---|---|
//! | B | B | B | ours |
//! | B | O | B | ours (an edit wins over no edit) |
//! | B | B | T | theirs |
//! | B | X | X | ours (the same edit on both sides) |
//! | B | O | T | conflict |
//! | B | B | – | deleted |
//! | B | – | B | deleted |
//! | B | O | – | conflict (edited and deleted) |
//! | B | – | T | conflict (deleted and edited) |
//! | – | O | – | ours (added) |
//! | – | – | T | theirs (added) |
//! | – | X | X | ours (added alike on both sides) |
//! | – | O | T | conflict (added differently) |
//!
//! Records come in ours' order, then theirs' records that ours lacks, in theirs' order. A
//! conflict is one block in git's marker form at the record's place (`<<<<<<< ours`, ours'
//! line, `=======`, theirs' line, `>>>>>>> theirs`; a deleted side has no line), so git marks
//! the file conflicted and a person keeps one side. The output is canonical: LF line ends, no
//! byte order mark, a final newline.
//!
//! What cannot be merged by key is refused, never guessed at: a line that is not a JSON object,
//! a record without its key, or a key twice in one version. The caller then falls back to
//! git's own line merge.

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};

use super::layout;
use crate::model::{Attendance, Certificate, Record, Response};

/// Which fields make a record's key (as [`Record::key`] has them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRule {
    /// The `id` field: series, events, participants.
    Id,
    /// The pair `event` + `participant`: attendance.
    EventParticipant,
    /// `event`, `instrument` and the respondent (`participant` or `code`): responses.
    Response,
    /// The `code` field: the register of certificates.
    Code,
}

impl KeyRule {
    /// The rule for a collection file's name; a file gsef does not know is keyed by `id`.
    pub fn for_file(name: &str) -> KeyRule {
        if name == Attendance::FILE {
            KeyRule::EventParticipant
        } else if name == Response::FILE {
            KeyRule::Response
        } else if name == Certificate::FILE {
            KeyRule::Code
        } else {
            KeyRule::Id
        }
    }

    /// The record's key as [`Record::key`] spells it, or what it lacks.
    fn key_of(self, object: &Map<String, Value>) -> Result<String, String> {
        let field = |name: &str| match object.get(name) {
            Some(Value::String(value)) => Ok(value.as_str()),
            _ => Err(format!("has no `{name}` string")),
        };
        Ok(match self {
            KeyRule::Id => field("id")?.to_string(),
            KeyRule::Code => field("code")?.to_string(),
            // Ids hold no spaces, so the pair's spelling is unambiguous for any valid record;
            // one that is not valid is `gsef check`'s to refuse, not the merge's.
            KeyRule::EventParticipant => format!("{} {}", field("event")?, field("participant")?),
            KeyRule::Response => {
                // One of the two respondent fields is left out; the other is a string.
                let optional = |name: &str| match object.get(name) {
                    None => Ok(""),
                    Some(Value::String(value)) => Ok(value.as_str()),
                    Some(_) => Err(format!("has a `{name}` that is not a string")),
                };
                format!(
                    "{} {} {} {}",
                    field("event")?,
                    field("instrument")?,
                    optional("participant")?,
                    optional("code")?
                )
            }
        })
    }
}

/// The merged collection, and the records that conflict in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub bytes: Vec<u8>,
    pub conflicts: Vec<Conflict>,
    /// How many records came from theirs' side alone (added or edited there).
    pub taken_from_theirs: usize,
}

/// One record that both sides changed in ways that do not agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: String,
    pub kind: ConflictKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Edited differently on both sides.
    EditedOnBoth,
    /// Added on both sides under one key, differently.
    AddedOnBoth,
    /// Edited on ours, deleted on theirs.
    EditedOursDeletedTheirs,
    /// Deleted on ours, edited on theirs.
    DeletedOursEditedTheirs,
}

impl fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConflictKind::EditedOnBoth => "edited differently on both sides",
            ConflictKind::AddedOnBoth => "added differently on both sides",
            ConflictKind::EditedOursDeletedTheirs => "edited on ours, deleted on theirs",
            ConflictKind::DeletedOursEditedTheirs => "deleted on ours, edited on theirs",
        })
    }
}

/// Why the versions cannot be merged record by record: "line 3 of theirs is not a JSON object".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmergeable(pub String);

impl fmt::Display for Unmergeable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One version's records in file order, with where each key is.
struct Version<'a> {
    records: Vec<(String, layout::ObjectLine<'a>)>,
    by_key: HashMap<String, usize>,
}

impl<'a> Version<'a> {
    fn read(side: &str, bytes: &'a [u8], rule: KeyRule) -> Result<Version<'a>, Unmergeable> {
        let lines =
            layout::objects(bytes).map_err(|reason| Unmergeable(format!("{side}: {reason}")))?;
        let mut version = Version {
            records: Vec::with_capacity(lines.len()),
            by_key: HashMap::with_capacity(lines.len()),
        };
        for line in lines {
            let key = rule.key_of(&line.object).map_err(|lacks| {
                Unmergeable(format!(
                    "{side}: the record on line {} {lacks}",
                    line.number
                ))
            })?;
            if let Some(&earlier) = version.by_key.get(&key) {
                return Err(Unmergeable(format!(
                    "{side}: `{}` is on lines {} and {}",
                    crate::quote::value(&key),
                    version.records[earlier].1.number,
                    line.number
                )));
            }
            version.by_key.insert(key.clone(), version.records.len());
            version.records.push((key, line));
        }
        Ok(version)
    }

    fn get(&self, key: &str) -> Option<&layout::ObjectLine<'a>> {
        self.by_key.get(key).map(|&index| &self.records[index].1)
    }
}

/// Merges three versions of one collection as the module doc says.
pub fn merge(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    rule: KeyRule,
) -> Result<Merged, Unmergeable> {
    let base = Version::read("base", base, rule)?;
    let ours = Version::read("ours", ours, rule)?;
    let theirs = Version::read("theirs", theirs, rule)?;
    let mut merged = Merged {
        bytes: Vec::with_capacity(
            ours.records
                .iter()
                .map(|(_, line)| line.bytes.len() + 1)
                .sum(),
        ),
        conflicts: Vec::new(),
        taken_from_theirs: 0,
    };
    for (key, our) in &ours.records {
        let their = theirs.get(key);
        let conflict = match (base.get(key), their) {
            (Some(original), Some(their)) => {
                let ours_edited = our.object != original.object;
                let theirs_edited = their.object != original.object;
                if theirs_edited && !ours_edited {
                    merged.take_theirs(their);
                    continue;
                }
                if ours_edited && theirs_edited && our.object != their.object {
                    Some((ConflictKind::EditedOnBoth, Some(their)))
                } else {
                    None
                }
            }
            (Some(original), None) if our.object == original.object => continue,
            (Some(_), None) => Some((ConflictKind::EditedOursDeletedTheirs, None)),
            (None, Some(their)) if our.object != their.object => {
                Some((ConflictKind::AddedOnBoth, Some(their)))
            }
            (None, _) => None,
        };
        match conflict {
            Some((kind, their)) => merged.conflict(key, kind, Some(our), their),
            None => merged.line(our.bytes),
        }
    }
    for (key, their) in &theirs.records {
        if ours.get(key).is_some() {
            continue;
        }
        match base.get(key) {
            None => merged.take_theirs(their),
            Some(original) if original.object == their.object => {}
            Some(_) => merged.conflict(
                key,
                ConflictKind::DeletedOursEditedTheirs,
                None,
                Some(their),
            ),
        }
    }
    Ok(merged)
}

impl Merged {
    fn line(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        self.bytes.push(b'\n');
    }

    fn take_theirs(&mut self, their: &layout::ObjectLine<'_>) {
        self.line(their.bytes);
        self.taken_from_theirs += 1;
    }

    fn conflict(
        &mut self,
        key: &str,
        kind: ConflictKind,
        ours: Option<&layout::ObjectLine<'_>>,
        theirs: Option<&layout::ObjectLine<'_>>,
    ) {
        self.line(b"<<<<<<< ours");
        if let Some(ours) = ours {
            self.line(ours.bytes);
        }
        self.line(b"=======");
        if let Some(theirs) = theirs {
            self.line(theirs.bytes);
        }
        self.line(b">>>>>>> theirs");
        self.conflicts.push(Conflict {
            key: key.to_string(),
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(base: &str, ours: &str, theirs: &str) -> String {
        let (merged, conflicts) = conflicted(base, ours, theirs);
        assert_eq!(conflicts, [], "{merged}");
        merged
    }

    fn conflicted(base: &str, ours: &str, theirs: &str) -> (String, Vec<Conflict>) {
        let merged = merge(
            base.as_bytes(),
            ours.as_bytes(),
            theirs.as_bytes(),
            KeyRule::Id,
        )
        .unwrap();
        (String::from_utf8(merged.bytes).unwrap(), merged.conflicts)
    }

    const A: &str = "{\"id\":\"a\",\"name\":\"Ana\"}\n";
    const B: &str = "{\"id\":\"b\",\"name\":\"Bo\"}\n";
    const C: &str = "{\"id\":\"c\",\"name\":\"Cy\"}\n";
    const D: &str = "{\"id\":\"d\",\"name\":\"Di\"}\n";

    #[test]
    fn records_added_on_both_sides_are_all_kept_ours_first() {
        let base = A;
        let ours = format!("{A}{B}{C}");
        let theirs = format!("{D}{A}");
        assert_eq!(clean(base, &ours, &theirs), format!("{A}{B}{C}{D}"));
        let merged = merge(
            base.as_bytes(),
            ours.as_bytes(),
            theirs.as_bytes(),
            KeyRule::Id,
        )
        .unwrap();
        assert_eq!(merged.taken_from_theirs, 1);
    }

    #[test]
    fn an_edit_on_one_side_wins_over_no_edit() {
        let edited = "{\"id\":\"b\",\"name\":\"Bo\",\"region\":\"Jalisco\"}\n";
        let base = format!("{A}{B}");
        assert_eq!(
            clean(&base, &format!("{A}{edited}"), &base),
            format!("{A}{edited}")
        );
        assert_eq!(
            clean(&base, &base, &format!("{A}{edited}")),
            format!("{A}{edited}")
        );
        // The same edit on both sides is no conflict.
        assert_eq!(
            clean(&base, &format!("{A}{edited}"), &format!("{A}{edited}")),
            format!("{A}{edited}")
        );
    }

    #[test]
    fn a_record_deleted_on_one_side_and_untouched_on_the_other_goes() {
        let base = format!("{A}{B}{C}");
        assert_eq!(clean(&base, &format!("{A}{C}"), &base), format!("{A}{C}"));
        assert_eq!(clean(&base, &base, &format!("{A}{C}")), format!("{A}{C}"));
        assert_eq!(clean(&base, &format!("{A}{C}"), C), C);
    }

    #[test]
    fn key_order_and_spacing_are_no_edit_and_the_chosen_bytes_are_kept() {
        let respaced = "{ \"name\" : \"Bo\", \"id\" : \"b\" }\n";
        let edited = "{\"id\":\"b\",\"name\":\"Bo\",\"note\":{\"z\":1,  \"a\":[2]}}\n";
        let base = format!("{A}{B}");
        // Ours only respaced b: theirs' edit is taken, as theirs wrote it.
        assert_eq!(
            clean(&base, &format!("{A}{respaced}"), &format!("{A}{edited}")),
            format!("{A}{edited}")
        );
        // Neither edited b: ours' bytes stay.
        assert_eq!(
            clean(&base, &format!("{A}{respaced}"), &base),
            format!("{A}{respaced}")
        );
    }

    #[test]
    fn two_different_edits_of_one_record_are_one_conflict_block_at_ours_place() {
        let ours_b = "{\"id\":\"b\",\"name\":\"Bo\",\"region\":\"Jalisco\"}\n";
        let theirs_b = "{\"id\":\"b\",\"name\":\"Bo\",\"region\":\"Oaxaca\"}\n";
        let base = format!("{A}{B}{C}");
        let (text, conflicts) = conflicted(
            &base,
            &format!("{A}{ours_b}{C}"),
            &format!("{A}{theirs_b}{C}{D}"),
        );
        assert_eq!(
            text,
            format!("{A}<<<<<<< ours\n{ours_b}=======\n{theirs_b}>>>>>>> theirs\n{C}{D}")
        );
        assert_eq!(
            conflicts,
            [Conflict {
                key: "b".into(),
                kind: ConflictKind::EditedOnBoth
            }]
        );
    }

    #[test]
    fn an_edit_against_a_deletion_is_a_conflict_with_an_empty_side() {
        let edited = "{\"id\":\"b\",\"name\":\"Bob\"}\n";
        let base = format!("{A}{B}{C}");
        let (text, conflicts) = conflicted(&base, &format!("{A}{edited}{C}"), &format!("{A}{C}"));
        assert_eq!(
            text,
            format!("{A}<<<<<<< ours\n{edited}=======\n>>>>>>> theirs\n{C}")
        );
        assert_eq!(conflicts[0].kind, ConflictKind::EditedOursDeletedTheirs);

        let (text, conflicts) = conflicted(&base, &format!("{A}{C}"), &format!("{A}{edited}{C}"));
        assert_eq!(
            text,
            format!("{A}{C}<<<<<<< ours\n=======\n{edited}>>>>>>> theirs\n")
        );
        assert_eq!(conflicts[0].kind, ConflictKind::DeletedOursEditedTheirs);
    }

    #[test]
    fn one_key_added_differently_on_both_sides_conflicts_and_alike_does_not() {
        let (text, conflicts) = conflicted("", B, "{\"id\":\"b\",\"name\":\"Other\"}\n");
        assert_eq!(
            text,
            format!(
                "<<<<<<< ours\n{B}=======\n{{\"id\":\"b\",\"name\":\"Other\"}}\n>>>>>>> theirs\n"
            )
        );
        assert_eq!(conflicts[0].kind, ConflictKind::AddedOnBoth);
        assert_eq!(clean("", B, B), B);
    }

    #[test]
    fn attendance_is_keyed_by_event_and_participant() {
        let first = "{\"event\":\"e\",\"participant\":\"a\",\"status\":\"attended\"}\n";
        let second = "{\"event\":\"e\",\"participant\":\"b\",\"status\":\"attended\"}\n";
        let no_show = "{\"event\":\"e\",\"participant\":\"a\",\"status\":\"no-show\"}\n";
        let merged = merge(
            first.as_bytes(),
            format!("{first}{second}").as_bytes(),
            no_show.as_bytes(),
            KeyRule::for_file("attendance.jsonl"),
        )
        .unwrap();
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.bytes, format!("{no_show}{second}").as_bytes());
        // By `id`, attendance lines have no key at all.
        assert!(merge(b"", first.as_bytes(), b"", KeyRule::Id).is_err());
    }

    /// Two people issued certificates on two machines merge as two entries; one revoked on
    /// one side and left on the other is the revoked one, matched by its code.
    #[test]
    fn certificates_are_keyed_by_their_code() {
        let issued = "{\"code\":\"AAAA-AAAA-AAAA-AAAA\",\"event\":\"e\",\"participant\":\"a\",\"basis\":\"attended\",\"issued\":\"2026-12-01\"}\n";
        let revoked = "{\"code\":\"AAAA-AAAA-AAAA-AAAA\",\"event\":\"e\",\"participant\":\"a\",\"basis\":\"attended\",\"issued\":\"2026-12-01\",\"revoked\":\"2026-12-02\"}\n";
        let other = "{\"code\":\"BBBB-BBBB-BBBB-BBBB\",\"event\":\"e\",\"participant\":\"b\",\"basis\":\"attended\",\"issued\":\"2026-12-01\"}\n";
        let merged = merge(
            issued.as_bytes(),
            revoked.as_bytes(),
            format!("{issued}{other}").as_bytes(),
            KeyRule::for_file("certificates.jsonl"),
        )
        .unwrap();
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.bytes, format!("{revoked}{other}").as_bytes());
    }

    /// Indicators merge by their `id`, as series and events do: one edited on each side with
    /// different ids keeps both.
    #[test]
    fn indicators_are_keyed_by_their_id() {
        let base = "{\"id\":\"a\",\"title\":\"A\"}\n";
        let retitled = "{\"id\":\"a\",\"title\":\"A2\"}\n";
        let other = "{\"id\":\"b\",\"title\":\"B\"}\n";
        let rule = KeyRule::for_file("indicators.jsonl");
        assert_eq!(rule, KeyRule::Id);
        let merged = merge(
            base.as_bytes(),
            retitled.as_bytes(),
            format!("{base}{other}").as_bytes(),
            rule,
        )
        .unwrap();
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.bytes, format!("{retitled}{other}").as_bytes());
    }

    /// A named and a coded response of one instrument are two records; the same respondent
    /// edited on one side and added to on the other merges by key.
    #[test]
    fn responses_are_keyed_by_event_instrument_and_respondent() {
        let named = "{\"event\":\"e\",\"instrument\":\"pre\",\"participant\":\"a\"}\n";
        let coded = "{\"event\":\"e\",\"instrument\":\"pre\",\"code\":\"a\"}\n";
        let rescored = "{\"event\":\"e\",\"instrument\":\"pre\",\"participant\":\"a\",\"score\":3.0,\"max_score\":5.0}\n";
        let merged = merge(
            named.as_bytes(),
            format!("{named}{coded}").as_bytes(),
            rescored.as_bytes(),
            KeyRule::for_file("responses.jsonl"),
        )
        .unwrap();
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.bytes, format!("{rescored}{coded}").as_bytes());
    }

    #[test]
    fn versions_are_read_forgivingly_and_written_canonically() {
        let base = format!("\u{feff}{}\r\n\r\n{}", A.trim_end(), B.trim_end());
        let ours = format!("{}\r\n{}\r\n{}", A.trim_end(), B.trim_end(), C.trim_end());
        let theirs = format!("\n{A}\n{B}{}", D.trim_end());
        assert_eq!(clean(&base, &ours, &theirs), format!("{A}{B}{C}{D}"));
        assert_eq!(clean("", "", ""), "");
    }

    #[test]
    fn what_cannot_be_merged_by_key_is_refused_with_its_reason() {
        let refused = |base: &str, ours: &str, theirs: &str| {
            merge(
                base.as_bytes(),
                ours.as_bytes(),
                theirs.as_bytes(),
                KeyRule::Id,
            )
            .unwrap_err()
            .0
        };
        assert_eq!(
            refused(A, &format!("{A}not json\n"), A),
            "ours: line 2 is not a JSON object (expected ident at line 1 column 2)"
        );
        assert_eq!(
            refused(A, A, "[\"a\"]\n"),
            "theirs: line 1 is not a JSON object"
        );
        assert_eq!(
            refused(&format!("{A}{B}{A}"), A, A),
            "base: `a` is on lines 1 and 3"
        );
        assert_eq!(
            refused(A, "{\"id\":7}\n", A),
            "ours: the record on line 1 has no `id` string"
        );
        assert!(refused(A, "<<<<<<< ours\n", A).starts_with("ours: line 1"));
    }

    /// Every record of either side is in the result, merged or inside a conflict block, unless
    /// one side deleted it and the other left it as it was.
    #[test]
    fn no_record_is_lost() {
        let mut random = crate::testing::Xorshift::new(15);
        for _ in 0..500 {
            let record = |random: &mut crate::testing::Xorshift, id: usize| {
                format!("{{\"id\":\"r{id}\",\"v\":{}}}\n", random.below(3))
            };
            let mut base = String::new();
            let mut ours = String::new();
            let mut theirs = String::new();
            for id in 0..8 {
                let in_base = random.below(2) == 0;
                let original = record(&mut random, id);
                if in_base {
                    base.push_str(&original);
                }
                for side in [&mut ours, &mut theirs] {
                    match random.below(3) {
                        0 => {}
                        1 if in_base => side.push_str(&original),
                        _ => side.push_str(&record(&mut random, id)),
                    }
                }
            }
            let merged = merge(
                base.as_bytes(),
                ours.as_bytes(),
                theirs.as_bytes(),
                KeyRule::Id,
            )
            .unwrap();
            let text = String::from_utf8(merged.bytes).unwrap();
            let kept: Vec<&str> = text.lines().collect();
            for (side, other) in [(&ours, &theirs), (&theirs, &ours)] {
                for line in side.lines() {
                    let id = &line[..line.find(",").unwrap()];
                    let deleted_untouched = base.lines().any(|original| original == line)
                        && !other.lines().any(|their| their.starts_with(id));
                    let replaced_by_edit = base.lines().any(|original| original == line)
                        && kept.iter().any(|kept| kept.starts_with(id));
                    assert!(
                        kept.contains(&line) || deleted_untouched || replaced_by_edit,
                        "{line} lost\nbase:\n{base}ours:\n{ours}theirs:\n{theirs}merged:\n{text}"
                    );
                }
            }
            let markers = kept
                .iter()
                .filter(|line| line.starts_with("<<<<<<<"))
                .count();
            assert_eq!(markers, merged.conflicts.len());
        }
    }
}
