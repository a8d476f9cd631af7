//! The dimensions a report can group by and how a person spells them: on the command line, in a
//! query's JSON, in an indicator's breakdowns. Where each value comes from is the report's
//! business (`report::dimension`).

use std::fmt;
use std::str::FromStr;

/// A property of an attendance record, its participant or its event that rows can be grouped by.
///
/// In a query's JSON it is its argument spelling (`world-region`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Dimension {
    Sector,
    Region,
    Country,
    /// UN M49 region of the participant's country ("Americas").
    WorldRegion,
    /// UN M49 sub-region of the participant's country ("Latin America and the Caribbean").
    Subregion,
    Organization,
    Gender,
    Role,
    Status,
    Event,
    Series,
    /// The country the event took place in, as opposed to the participant's.
    EventCountry,
    Year,
    /// The calendar quarter the event starts in, `2019-Q4`.
    Quarter,
    /// The month the event starts in, `2019-11`.
    Month,
    /// The fiscal year the event starts in, for a year beginning in the given month (1–12),
    /// named by the calendar year it ends in: with October, `FY2020` runs from October 2019.
    FiscalYear(u8),
}

/// `fiscal-year-MM`, as typed, for each first month.
const FISCAL_YEARS: [&str; 12] = [
    "fiscal-year-01",
    "fiscal-year-02",
    "fiscal-year-03",
    "fiscal-year-04",
    "fiscal-year-05",
    "fiscal-year-06",
    "fiscal-year-07",
    "fiscal-year-08",
    "fiscal-year-09",
    "fiscal-year-10",
    "fiscal-year-11",
    "fiscal-year-12",
];

impl Dimension {
    /// Every dimension but the fiscal years, which are one per first month (see
    /// [`Dimension::FiscalYear`]).
    pub const ALL: [Dimension; 15] = [
        Dimension::Sector,
        Dimension::Region,
        Dimension::Country,
        Dimension::WorldRegion,
        Dimension::Subregion,
        Dimension::Organization,
        Dimension::Gender,
        Dimension::Role,
        Dimension::Status,
        Dimension::Event,
        Dimension::Series,
        Dimension::EventCountry,
        Dimension::Year,
        Dimension::Quarter,
        Dimension::Month,
    ];

    /// How it is typed on the command line.
    pub fn argument(self) -> &'static str {
        match self {
            Dimension::Sector => "sector",
            Dimension::Region => "region",
            Dimension::Country => "country",
            Dimension::WorldRegion => "world-region",
            Dimension::Subregion => "subregion",
            Dimension::Organization => "organization",
            Dimension::Gender => "gender",
            Dimension::Role => "role",
            Dimension::Status => "status",
            Dimension::Event => "event",
            Dimension::Series => "series",
            Dimension::EventCountry => "event-country",
            Dimension::Year => "year",
            Dimension::Quarter => "quarter",
            Dimension::Month => "month",
            Dimension::FiscalYear(first_month) => {
                FISCAL_YEARS[usize::from(first_month.clamp(1, 12)) - 1]
            }
        }
    }

    /// The column name in CSV headers and JSON keys: snake case, so `jq '.world_region'` works.
    pub fn column_name(self) -> String {
        self.argument().replace('-', "_")
    }

    pub fn title(self) -> &'static str {
        match self {
            Dimension::Sector => "Sector",
            Dimension::Region => "Region",
            Dimension::Country => "Country",
            Dimension::WorldRegion => "World region",
            Dimension::Subregion => "Subregion",
            Dimension::Organization => "Organization",
            Dimension::Gender => "Gender",
            Dimension::Role => "Role",
            Dimension::Status => "Status",
            Dimension::Event => "Event",
            Dimension::Series => "Series",
            Dimension::EventCountry => "Event country",
            Dimension::Year => "Year",
            Dimension::Quarter => "Quarter",
            Dimension::Month => "Month",
            Dimension::FiscalYear(_) => "Fiscal year",
        }
    }

    /// Which record the value comes from, so grouping can work values out once per person or
    /// event instead of once per attendance record.
    pub fn source(self) -> Source {
        match self {
            Dimension::Sector
            | Dimension::Region
            | Dimension::Country
            | Dimension::WorldRegion
            | Dimension::Subregion
            | Dimension::Organization
            | Dimension::Gender => Source::Participant,
            Dimension::Event
            | Dimension::Series
            | Dimension::EventCountry
            | Dimension::Year
            | Dimension::Quarter
            | Dimension::Month
            | Dimension::FiscalYear(_) => Source::Event,
            Dimension::Role | Dimension::Status => Source::Attendance,
        }
    }

    /// A part of the calendar worked out from the event's dates, which a date of less
    /// precision may not give.
    pub fn is_period(self) -> bool {
        matches!(
            self,
            Dimension::Quarter | Dimension::Month | Dimension::FiscalYear(_)
        )
    }
}

/// The record a dimension's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Participant,
    Event,
    Attendance,
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.argument())
    }
}

impl From<Dimension> for String {
    fn from(dimension: Dimension) -> String {
        dimension.argument().to_string()
    }
}

impl TryFrom<String> for Dimension {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl FromStr for Dimension {
    type Err = String;

    /// Accepts the argument spelling, ignoring case and `_` for `-`; suggests the nearest on a typo.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_lowercase().replace('_', "-");
        if let Some(month) = wanted.strip_prefix("fiscal-year") {
            return match month.strip_prefix('-').map(str::parse::<u8>) {
                Some(Ok(month @ 1..=12)) => Ok(Dimension::FiscalYear(month)),
                _ => Err(format!(
                    "`{text}`: a fiscal year says its first month, from fiscal-year-01 (January) to fiscal-year-12; fiscal-year-10 begins in October"
                )),
            };
        }
        if let Some(dimension) = Dimension::ALL
            .into_iter()
            .find(|dimension| dimension.argument() == wanted)
        {
            return Ok(dimension);
        }
        let mut names: Vec<&str> = Dimension::ALL.iter().map(|d| d.argument()).collect();
        names.push("fiscal-year-MM");
        let nearest = Dimension::ALL
            .into_iter()
            .map(|dimension| (edit_distance(&wanted, dimension.argument()), dimension))
            .min_by_key(|(distance, _)| *distance)
            .filter(|(distance, _)| *distance <= 3);
        Err(match nearest {
            Some((_, dimension)) => format!(
                "unknown dimension `{text}`; did you mean `{dimension}`? (dimensions: {})",
                names.join(", ")
            ),
            None => format!(
                "unknown dimension `{text}` (dimensions: {})",
                names.join(", ")
            ),
        })
    }
}

/// Parses `sector,region` into dimensions, refusing an empty list and a dimension named twice.
pub fn parse_dimension_list(text: &str) -> Result<Vec<Dimension>, String> {
    let mut dimensions = Vec::new();
    for part in text.split(',') {
        if part.trim().is_empty() {
            return Err("expected dimensions separated by commas, such as sector,region".into());
        }
        let dimension: Dimension = part.parse()?;
        if dimensions.contains(&dimension) {
            return Err(format!("dimension `{dimension}` is named twice"));
        }
        dimensions.push(dimension);
    }
    Ok(dimensions)
}

/// Levenshtein distance; dimension names are short, so the quadratic table costs nothing.
fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b_chars.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b_chars.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_suggests_on_typos() {
        assert_eq!(
            parse_dimension_list("sector,World_Region,event-country").unwrap(),
            vec![
                Dimension::Sector,
                Dimension::WorldRegion,
                Dimension::EventCountry
            ]
        );
        let error = parse_dimension_list("sectr").unwrap_err();
        assert!(error.contains("did you mean `sector`?"), "{error}");
        assert!(parse_dimension_list("sector,,region").is_err());
        assert!(
            parse_dimension_list("sector,sector")
                .unwrap_err()
                .contains("twice")
        );
        assert!(
            !"zzzzzzzzzz"
                .parse::<Dimension>()
                .unwrap_err()
                .contains("did you mean")
        );
    }

    #[test]
    fn every_dimension_round_trips_through_its_argument() {
        for dimension in Dimension::ALL {
            assert_eq!(dimension.argument().parse::<Dimension>(), Ok(dimension));
        }
        assert_eq!(Dimension::WorldRegion.column_name(), "world_region");
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("sector", "sector"), 0);
        assert_eq!(edit_distance("sectr", "sector"), 1);
        assert_eq!(edit_distance("regoin", "region"), 2);
    }
}
