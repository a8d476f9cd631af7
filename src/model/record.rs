//! What every kind of record shares: its collection file, its key, and the checks on its fields.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::extra::Extra;
use super::sector::SectorVocabulary;
use super::text::{TextField, TextProblem, problem_in_stored};

/// A field of one record that breaks the format, with the offending value and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

impl FieldProblem {
    pub fn new(field: &'static str, value: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldProblem {
            field,
            value: value.into(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The value came from a file or a command line, and may be of any length.
        write!(
            f,
            "invalid {} `{}`: {}",
            self.field,
            crate::quote::value(&self.value),
            self.reason
        )
    }
}

/// One kind of record kept as a JSON Lines collection in the store.
pub trait Record: Serialize + DeserializeOwned + Send {
    /// The name a person uses for one record ("event").
    const KIND: &'static str;
    /// The name for several ("events"), for counts in messages.
    const PLURAL: &'static str;
    /// The collection file in the store folder ("events.jsonl").
    const FILE: &'static str;
    /// True for a collection that stores made before it existed lack: its file missing reads
    /// as empty, is created by the first write, and leaves the content hash as it was.
    const OPTIONAL: bool = false;

    /// What makes the record unique in its collection: an id, or `event participant`.
    fn key(&self) -> String;

    /// The names of the fields this version knows, as they are written.
    const FIELDS: &'static [&'static str];

    /// The fields this version does not know, kept as they were written.
    fn extra(&self) -> &Extra;

    fn extra_mut(&mut self) -> &mut Extra;

    /// The lowest store format version that holds this record as written: a record using a
    /// field an older gsef does not know needs the version that introduced it, so the store's
    /// manifest is raised before an older gsef could misread it (see `store::Writer::commit`).
    fn format_version(&self) -> u32 {
        1
    }

    /// True when the record carries fields this version does not know.
    fn has_unknown_fields(&self) -> bool {
        !self.extra().is_empty()
    }

    /// Every way the record's own fields break the format; references to other records are the
    /// store's to check, since they need the other collections.
    fn problems(&self, sectors: &SectorVocabulary) -> Vec<FieldProblem>;

    /// Every free-text field holding what gsef would not write (a control character, a bidi
    /// control, an invisible character, too many characters, text not composed), for `gsef
    /// check`. Not among [`Record::problems`]: a store edited by hand still gives its reports.
    fn text_problems(&self) -> Vec<TextFieldProblem> {
        Vec::new()
    }
}

/// A free-text field of a stored record that gsef would not have written so: "participant
/// `p1`'s name contains a bidi control (U+202E) at character 4; names are plain text".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFieldProblem {
    pub kind: &'static str,
    pub key: String,
    /// The field, with the item's number in a list: `name`, `objective 2`.
    pub field: String,
    pub problem: TextProblem,
}

impl std::fmt::Display for TextFieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} `{}`'s {} {}",
            self.kind,
            crate::quote::value(&self.key),
            self.field,
            self.problem
        )
    }
}

/// Gathers the text problems of one record's fields, for [`Record::text_problems`].
pub struct TextChecks {
    kind: &'static str,
    key: String,
    pub problems: Vec<TextFieldProblem>,
}

impl TextChecks {
    pub fn new(kind: &'static str, key: String) -> Self {
        TextChecks {
            kind,
            key,
            problems: Vec::new(),
        }
    }

    /// Checks one field's value, when it has one.
    pub fn field(&mut self, name: &str, rule: &TextField, value: Option<&str>) -> &mut Self {
        if let Some(problem) = value.and_then(|value| problem_in_stored(rule, value)) {
            self.problems.push(TextFieldProblem {
                kind: self.kind,
                key: self.key.clone(),
                field: name.to_string(),
                problem,
            });
        }
        self
    }

    /// Checks each item of a list field, naming it by its number from 1 (`organizer 2`).
    pub fn list(&mut self, singular: &str, rule: &TextField, values: &[String]) -> &mut Self {
        for (index, value) in values.iter().enumerate() {
            if let Some(problem) = problem_in_stored(rule, value) {
                self.problems.push(TextFieldProblem {
                    kind: self.kind,
                    key: self.key.clone(),
                    field: format!("{singular} {}", index + 1),
                    problem,
                });
            }
        }
        self
    }
}

/// "1 event", "3 attendance records": a count with the right form of its noun.
pub fn count_of(count: usize, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("1 {singular}")
    } else {
        format!("{count} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Certificate, Event, Indicator, Participant, Response, Series};

    /// The names every field of `record` is written under.
    fn written_keys<T: Record>(record: &T) -> Vec<String> {
        match serde_json::to_value(record).unwrap() {
            serde_json::Value::Object(object) => object.keys().cloned().collect(),
            other => panic!("{other} is not an object"),
        }
    }

    /// `FIELDS` is what the reader keeps unknown fields apart by: a field added to a record but
    /// not to its list would be kept twice, once parsed and once as unknown text.
    #[test]
    fn every_record_lists_exactly_the_fields_it_writes() {
        let series: Series = serde_json::from_value(serde_json::json!({
            "id": "s", "title": "T", "organizer": "O", "category": "C",
            "completion": {"min_days": 1}}))
        .unwrap();
        let event: Event = serde_json::from_value(serde_json::json!({
            "id": "e", "series": "s", "title": "T", "category": "C", "city": "X", "country": "MX",
            "start": "2019-11-27", "end": "2019-11-28", "organizers": ["O"], "partners": ["P"],
            "invited": 3, "objectives": ["A"], "links": ["https://example.org"],
            "completion": {"min_days": 1}, "hours_per_day": 6}))
        .unwrap();
        let participant: Participant = serde_json::from_value(serde_json::json!({
            "id": "p", "name": "N", "organization": "O", "sector": "sse", "country": "MX",
            "region": "R", "email": "a@b.org", "gender": "g", "birth_year": 1990, "illustrative": true,
            "consent": "list", "forgotten": true,
            "merged": [{"id": "q", "at": "2019-11-27T00:00:00Z", "moved": 1}]}))
        .unwrap();
        let attendance: Attendance = serde_json::from_value(serde_json::json!({
            "event": "e", "participant": "p", "status": "attended", "role": "speaker",
            "days": ["2019-11-27"], "minutes": 95}))
        .unwrap();
        assert_eq!(written_keys(&series), Series::FIELDS);
        assert_eq!(written_keys(&event), Event::FIELDS);
        assert_eq!(written_keys(&participant), Participant::FIELDS);
        assert_eq!(written_keys(&attendance), Attendance::FIELDS);
        let response: Response = serde_json::from_value(serde_json::json!({
            "event": "e", "instrument": "pre", "participant": "p", "code": "c", "score": 14.0,
            "max_score": 20.0, "scale": [1, 5], "ratings": {"1": 4}, "overall": 5,
            "comment": "Useful"}))
        .unwrap();
        assert_eq!(written_keys(&response), Response::FIELDS);
        let certificate: Certificate = serde_json::from_value(serde_json::json!({
            "code": "7KQ2-M4XD-0F9B-TR3C", "event": "e", "participant": "p",
            "basis": "completed", "issued": "2026-12-01T17:05:00Z", "revoked": "2026-12-02"}))
        .unwrap();
        assert_eq!(written_keys(&certificate), Certificate::FIELDS);
        let indicator: Indicator = serde_json::from_value(serde_json::json!({
            "id": "i", "title": "T", "framework": "F", "code": "C-1", "note": "N",
            "unit": "person", "counts": {"status": ["attended"]}, "once_per": "period",
            "period": "year", "start": "2019", "end": "2020", "breakdowns": ["gender", "age-band"],
            "age_bands": [{"label": "30+", "min": 30}], "baseline": {"value": 0, "period": "2018"},
            "targets": [{"period": "2019", "value": 1}]}))
        .unwrap();
        assert_eq!(written_keys(&indicator), Indicator::FIELDS);
    }
}
