//! Which events and participants a report covers: `--event`, `--series`, `--from`, `--to`,
//! `--sector`, `--country`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::error::{Error, Result};
use crate::model::date::overlaps;
use crate::model::participant::ParticipantFacts;
use crate::model::sector::matches_filter;
use crate::model::{Event, PartialDate, SectorVocabulary, Series};

/// The filters every report shares; empty means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Only these events (any of them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// Events that may fall on or after this date; reduced precision counts as a span of days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<PartialDate>,
    /// Events that may fall on or before this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<PartialDate>,
    /// A participant's sector, or any sector below it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// A participant's country (not the event's; `--by event-country` groups by that).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// The key that puts events in date order: by their first possible day (a loose date by its
/// first day), undated last, ties by id.
pub fn date_order(event: &Event) -> (bool, Option<(u16, u8, u8)>, &str) {
    let first_day = event.start.or(event.end).map(|date| date.first_day());
    (first_day.is_none(), first_day, event.id.as_str())
}

impl Filters {
    /// Refuses ids that name nothing and an empty date range, so a typo never reads as "no one came".
    pub fn check(
        &self,
        events: &[Event],
        series: &[Series],
        vocabulary: &SectorVocabulary,
    ) -> Result<()> {
        for id in &self.events {
            if !events.iter().any(|event| &event.id == id) {
                return Err(Error::NotFound {
                    kind: "event",
                    id: id.clone(),
                });
            }
        }
        if let Some(id) = &self.series
            && !series.iter().any(|series| &series.id == id)
        {
            return Err(Error::NotFound {
                kind: "series",
                id: id.clone(),
            });
        }
        if let Some(sector) = &self.sector
            && !vocabulary.contains(sector)
        {
            return Err(Error::invalid(
                "sector",
                sector,
                "not in the store's sector vocabulary (see `gsef sector list`)",
            ));
        }
        if let (Some(from), Some(to)) = (&self.from, &self.to)
            && to.ends_before(from)
        {
            return Err(Error::invalid(
                "to",
                to.to_string(),
                format!("the range ends before it starts (--from {from})"),
            ));
        }
        Ok(())
    }

    /// True when the event is selected. An undated event is left out once a date bound is given,
    /// since nobody can say it fell within the range.
    pub fn includes_event(&self, event: &Event) -> bool {
        if !self.events.is_empty() && !self.events.contains(&event.id) {
            return false;
        }
        if let Some(series) = &self.series
            && event.series.as_ref() != Some(series)
        {
            return false;
        }
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let (Some(start), Some(end)) = (event.start.or(event.end), event.end.or(event.start))
        else {
            return false;
        };
        // The event's span of days overlaps the range: it ends after `from` and starts before `to`.
        overlaps(&end, self.from.as_ref(), None) && overlaps(&start, None, self.to.as_ref())
    }

    /// The selected events, oldest first, undated last, ties by id, so reports read in order.
    pub fn events_in_date_order<'a>(&self, events: &'a [Event]) -> Vec<&'a Event> {
        let mut selected: Vec<&Event> = events
            .iter()
            .filter(|event| self.includes_event(event))
            .collect();
        selected.sort_by_key(|event| date_order(event));
        selected
    }

    pub fn includes_participant(&self, participant: &impl ParticipantFacts) -> bool {
        self.sector.as_ref().is_none_or(|sector| {
            participant
                .sector()
                .is_some_and(|own| matches_filter(own, sector))
        }) && self
            .country
            .as_ref()
            .is_none_or(|country| participant.country() == Some(country.as_str()))
    }

    /// The filters that were given, as JSON readers see them.
    pub fn describe(&self) -> Map<String, Json> {
        let mut described = Map::new();
        if !self.events.is_empty() {
            described.insert("event".into(), Json::from(self.events.clone()));
        }
        let optional = [
            ("series", self.series.clone()),
            ("from", self.from.map(|date| date.to_string())),
            ("to", self.to.map(|date| date.to_string())),
            ("sector", self.sector.clone()),
            ("country", self.country.clone()),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                described.insert(name.into(), Json::from(value));
            }
        }
        described
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, start: Option<&str>, end: Option<&str>) -> Event {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "series": "gsef-2019", "start": start, "end": end,
        }))
        .unwrap()
    }

    fn date(text: &str) -> Option<PartialDate> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn a_month_only_event_overlaps_any_bound_inside_its_month() {
        let dakar = event("2019-05-dakar", Some("2019-05"), None);
        let filters = |from: &str, to: &str| Filters {
            from: date(from),
            to: date(to),
            ..Filters::default()
        };
        assert!(filters("2019-05-20", "2019-05-31").includes_event(&dakar));
        assert!(filters("2019", "2019").includes_event(&dakar));
        assert!(!filters("2019-06", "2019-12").includes_event(&dakar));
        assert!(!filters("2019-01", "2019-04-30").includes_event(&dakar));
    }

    #[test]
    fn a_two_day_event_overlaps_by_either_day() {
        let mexico = event("2019-11-mexico", Some("2019-11-27"), Some("2019-11-28"));
        let from_28 = Filters {
            from: date("2019-11-28"),
            ..Filters::default()
        };
        let to_27 = Filters {
            to: date("2019-11-27"),
            ..Filters::default()
        };
        let from_29 = Filters {
            from: date("2019-11-29"),
            ..Filters::default()
        };
        assert!(from_28.includes_event(&mexico));
        assert!(to_27.includes_event(&mexico));
        assert!(!from_29.includes_event(&mexico));
    }

    #[test]
    fn undated_events_drop_out_only_when_dates_are_asked_for() {
        let undated = event("x", None, None);
        assert!(Filters::default().includes_event(&undated));
        let dated = Filters {
            from: date("2019"),
            ..Filters::default()
        };
        assert!(!dated.includes_event(&undated));
    }

    #[test]
    fn series_and_event_lists_select() {
        let mexico = event("2019-11-mexico", Some("2019-11-27"), None);
        let other_series = Filters {
            series: Some("gsef-2020".into()),
            ..Filters::default()
        };
        assert!(!other_series.includes_event(&mexico));
        let listed = Filters {
            events: vec!["2019-05-dakar".into(), "2019-11-mexico".into()],
            ..Filters::default()
        };
        assert!(listed.includes_event(&mexico));
    }
}
