//! What a report asks for, as a typed value: the one input of [`super::run`].
//!
//! A query is everything that decides a report's numbers — its kind, dimensions, statuses,
//! filters and suppression — and nothing about how it is shown. It serialises into a report's
//! provenance, so `report verify` re-runs exactly the query that made the report, whatever the
//! command line looked like. Its JSON form is a contract: reports sent to funders carry it, so
//! a field is never renamed, and a new one has a default that keeps old queries meaning what
//! they meant.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::attendance::StatusSelection;
use super::crosstab::Measure;
use super::dimension::Dimension;
use super::filter::Filters;
use super::returning::ReturningView;
use super::summary::SummaryScope;
use super::trained::Per;

/// One report to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "report", rename_all = "kebab-case")]
pub enum Query {
    /// Who came, grouped by any dimensions, or pivoted with `across`.
    Attendance(AttendanceQuery),
    /// One row per event.
    Events(EventsQuery),
    /// Continuity across events.
    Returning(ReturningQuery),
    /// People trained, each counted once.
    Trained(TrainedQuery),
    /// A one-page summary of an event or a series.
    Summary(SummaryQuery),
    /// Whether the events met their objectives: ratings, knowledge gain, response rate.
    Outcomes(OutcomesQuery),
    /// Each indicator's actual against its targets, by its own counting rule.
    Indicators(IndicatorsQuery),
}

impl Query {
    /// The events and people the report covers.
    /// The dimensions the report groups by, `--across` last; none for the reports that do not
    /// group.
    pub fn grouped_by(&self) -> Vec<Dimension> {
        match self {
            Query::Attendance(query) => {
                let mut dimensions = query.dimensions.clone();
                dimensions.extend(query.across.map(|across| across.dimension));
                dimensions
            }
            Query::Trained(query) => query.dimensions.clone(),
            Query::Outcomes(query) => query.dimensions.clone(),
            Query::Returning(query) => match query.view {
                ReturningView::PerPeriod(period) => vec![period],
                _ => Vec::new(),
            },
            Query::Events(_) | Query::Summary(_) | Query::Indicators(_) => Vec::new(),
        }
    }

    pub fn filters(&self) -> Filters {
        match self {
            Query::Attendance(query) => query.filters.clone(),
            Query::Events(query) => query.filters.clone(),
            Query::Returning(query) => query.filters.clone(),
            Query::Trained(query) => query.filters.clone(),
            Query::Summary(query) => query.scope.filters(),
            Query::Outcomes(query) => query.filters.clone(),
            Query::Indicators(query) => query.filters.clone(),
        }
    }

    /// The K of `--min-count K`.
    pub fn min_count(&self) -> Option<u64> {
        match self {
            Query::Attendance(query) => query.min_count,
            Query::Events(query) => query.min_count,
            Query::Returning(query) => query.min_count,
            Query::Trained(query) => query.min_count,
            Query::Summary(query) => query.min_count,
            Query::Outcomes(query) => query.min_count,
            Query::Indicators(query) => query.min_count,
        }
    }

    /// The report's name, as its JSON document and its messages give it.
    pub fn name(&self) -> &'static str {
        match self {
            Query::Attendance(_) => "attendance",
            Query::Events(_) => "events",
            Query::Returning(_) => "returning",
            Query::Trained(_) => "trained",
            Query::Summary(_) => "summary",
            Query::Outcomes(_) => "outcomes",
            Query::Indicators(_) => "indicators",
        }
    }
}

/// `report attendance`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendanceQuery {
    pub dimensions: Vec<Dimension>,
    pub status: StatusSelection,
    /// Roll sectors up to this many levels.
    pub sector_depth: Option<usize>,
    /// Pivot one dimension into columns.
    pub across: Option<Across>,
    pub filters: Filters,
    pub min_count: Option<u64>,
}

impl AttendanceQuery {
    /// The options as JSON readers see them, next to the filters.
    pub fn describe(&self) -> Map<String, Json> {
        let mut described = self.filters.describe();
        described.insert("status".into(), self.status.describe());
        if let Some(depth) = self.sector_depth {
            described.insert("depth".into(), Json::from(depth));
        }
        if let Some(across) = &self.across {
            described.insert("across".into(), Json::from(across.dimension.column_name()));
            described.insert("measure".into(), Json::from(across.measure.name()));
        }
        described
    }
}

/// A dimension pivoted into columns, and the count its cells show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Across {
    pub dimension: Dimension,
    #[serde(default)]
    pub measure: Measure,
}

/// `report events`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventsQuery {
    pub filters: Filters,
    pub min_count: Option<u64>,
}

/// `report returning`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturningQuery {
    pub view: ReturningView,
    pub filters: Filters,
    pub min_count: Option<u64>,
}

/// `report trained`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainedQuery {
    pub dimensions: Vec<Dimension>,
    pub per: Per,
    pub sector_depth: Option<usize>,
    pub filters: Filters,
    pub min_count: Option<u64>,
}

/// `report outcomes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomesQuery {
    /// Group the objectives and the knowledge gain by these, besides the event.
    pub dimensions: Vec<Dimension>,
    /// Roll sectors up to this many levels.
    pub sector_depth: Option<usize>,
    pub filters: Filters,
    /// The share of a test's maximum that counts as mastering its content.
    pub mastery: f64,
    /// Show the comments (never by name, never of people whose consent withholds them).
    pub comments: bool,
    pub min_count: Option<u64>,
}

impl Default for OutcomesQuery {
    fn default() -> Self {
        OutcomesQuery {
            dimensions: Vec::new(),
            sector_depth: None,
            filters: Filters::default(),
            mastery: DEFAULT_MASTERY,
            comments: false,
            min_count: None,
        }
    }
}

/// MEASURE Evaluation's usual bar for having mastered a training's content: 80% of the test.
pub const DEFAULT_MASTERY: f64 = 0.8;

impl OutcomesQuery {
    /// The options as JSON readers see them, next to the filters.
    pub fn describe(&self) -> Map<String, Json> {
        let mut described = self.filters.describe();
        if let Some(depth) = self.sector_depth {
            described.insert("depth".into(), Json::from(depth));
        }
        described.insert("mastery".into(), Json::from(self.mastery));
        if self.comments {
            described.insert("comments".into(), Json::from(true));
        }
        described
    }
}

/// `report indicators`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorsQuery {
    /// The indicators to report, by id; every one in the store when none is named.
    pub indicators: Vec<String>,
    /// One period (`2019`, `2019-Q4`, `2019-11`, `FY2020`) instead of each of the indicator's.
    pub period: Option<String>,
    pub filters: Filters,
    pub min_count: Option<u64>,
    /// A participant whose records each indicator's rule is shown applied to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// List the units each indicator counted (people only where their consent allows).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub list: bool,
    /// Beside each period, the units counted from the start of its year to its end.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub to_date: bool,
    /// Beside each period, the units counted in the N periods ending with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling: Option<u32>,
}

/// `report summary`: its filters are those its scope implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryQuery {
    pub scope: SummaryScope,
    #[serde(default)]
    pub min_count: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AttendanceStatus;

    #[test]
    fn a_query_reads_back_from_its_json_as_itself() {
        let queries = [
            Query::Attendance(AttendanceQuery {
                dimensions: vec![Dimension::Sector, Dimension::WorldRegion],
                status: StatusSelection::Only(vec![
                    AttendanceStatus::Attended,
                    AttendanceStatus::NoShow,
                ]),
                sector_depth: Some(1),
                across: Some(Across {
                    dimension: Dimension::Event,
                    measure: Measure::PersonDays,
                }),
                filters: Filters {
                    series: Some("gsef-2019".into()),
                    from: Some("2019-05".parse().unwrap()),
                    ..Filters::default()
                },
                min_count: Some(5),
            }),
            Query::Returning(ReturningQuery {
                view: ReturningView::PerEvent,
                ..ReturningQuery::default()
            }),
            Query::Trained(TrainedQuery {
                per: Per::Topic,
                ..TrainedQuery::default()
            }),
            Query::Summary(SummaryQuery {
                scope: SummaryScope::Event("x".into()),
                min_count: None,
            }),
        ];
        for query in queries {
            let json = serde_json::to_value(&query).unwrap();
            let back: Query = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(back, query, "{json}");
        }
    }

    /// The JSON form is what reports already sent carry: pinned here, so a change to it is a
    /// deliberate one.
    #[test]
    fn the_json_form_is_stable() {
        let query = Query::Attendance(AttendanceQuery {
            dimensions: vec![Dimension::Sector, Dimension::EventCountry],
            status: StatusSelection::EachStatus,
            ..AttendanceQuery::default()
        });
        assert_eq!(
            serde_json::to_value(&query).unwrap(),
            serde_json::json!({
                "report": "attendance",
                "dimensions": ["sector", "event-country"],
                "status": "all",
                "sector_depth": null,
                "across": null,
                "filters": {},
                "min_count": null,
            })
        );
    }
}
