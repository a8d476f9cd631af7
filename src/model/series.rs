//! A series of events, such as the 2019 GSEF Training & Workshop Series.

use serde::{Deserialize, Serialize};

use super::completion::Completion;
use super::extra::Extra;
use super::id::id_problem;
use super::record::{FieldProblem, Record, TextChecks, TextFieldProblem};
use super::sector::SectorVocabulary;
use super::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// What counts as completing it, for `report trained`; an event's rule wins over its series'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<Completion>,
    /// Fields this version does not know, kept so a rewrite never drops what a newer gsef wrote.
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

impl Record for Series {
    const KIND: &'static str = "series";
    const PLURAL: &'static str = "series";
    const FILE: &'static str = "series.jsonl";

    const FIELDS: &'static [&'static str] = &["id", "title", "organizer", "category", "completion"];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    fn key(&self) -> String {
        self.id.clone()
    }

    fn format_version(&self) -> u32 {
        self.completion.map_or(1, |rule| rule.format_version())
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(reason) = id_problem(&self.id) {
            problems.push(FieldProblem::new("id", &self.id, reason));
        }
        if self.title.trim().is_empty() {
            problems.push(FieldProblem::new(
                "title",
                &self.title,
                "a title cannot be empty",
            ));
        }
        if let Some(problem) = self.completion.as_ref().and_then(Completion::problem) {
            problems.push(problem);
        }
        problems
    }

    fn text_problems(&self) -> Vec<TextFieldProblem> {
        let mut checks = TextChecks::new(Self::KIND, self.key());
        checks
            .field("title", &text::TITLE, Some(&self.title))
            .field("organizer", &text::ORGANIZATION, self.organizer.as_deref())
            .field("category", &text::CATEGORY, self.category.as_deref());
        checks.problems
    }
}
