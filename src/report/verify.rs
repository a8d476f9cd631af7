//! What changed between a report as it was recorded and the same report made again: the
//! numbers a funder was given, row by row, so `report verify` can say exactly what moved.

use serde_json::{Map, Value as Json};

/// Every difference in the numbers between two JSON report documents, for people; empty when
/// the store still gives the same report. Provenance (time, store hash) is not compared.
pub fn differences(recorded: &Json, current: &Json) -> Vec<String> {
    let mut found = Vec::new();
    if recorded.get("columns") != current.get("columns") {
        found.push(format!(
            "the columns were {}, now {}",
            compact(recorded.get("columns")),
            compact(current.get("columns"))
        ));
        return found;
    }
    let dimensions: Vec<String> = recorded
        .get("dimensions")
        .and_then(Json::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(|name| name.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let keyed = |document: &Json| -> Vec<(String, Map<String, Json>)> {
        document
            .get("rows")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_object)
            .map(|row| (row_label(row, &dimensions), row.clone()))
            .collect()
    };
    let before = keyed(recorded);
    let after = keyed(current);
    for (label, old_row) in &before {
        match after.iter().find(|(other, _)| other == label) {
            None => found.push(format!("row {label} is gone")),
            Some((_, new_row)) => {
                let changes = changed_values(old_row, new_row, &dimensions);
                if !changes.is_empty() {
                    found.push(format!("row {label}: {changes}"));
                }
            }
        }
    }
    for (label, _) in &after {
        if !before.iter().any(|(other, _)| other == label) {
            found.push(format!("row {label} is new"));
        }
    }
    let totals = |document: &Json| {
        document
            .get("totals")
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let changes = changed_values(&totals(recorded), &totals(current), &[]);
    if !changes.is_empty() {
        found.push(format!("totals: {changes}"));
    }
    found.extend(rule_differences(recorded, current));
    found.extend(outcomes_differences(recorded, current));
    found
}

/// `report outcomes`: what changed in the knowledge gain, the overall rating and each
/// instrument's response rate, which stand beside its rows (the objectives).
fn outcomes_differences(recorded: &Json, current: &Json) -> Vec<String> {
    let mut found = Vec::new();
    let object = |document: &Json, key: &str| {
        document
            .get(key)
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default()
    };
    for key in ["knowledge", "overall"] {
        let changes = changed_values(&object(recorded, key), &object(current, key), &[]);
        if !changes.is_empty() {
            found.push(format!("{key}: {changes}"));
        }
    }
    let by_instrument = |document: &Json| -> Vec<(String, Map<String, Json>)> {
        document
            .get("response_rates")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_object)
            .map(|rate| (plain(rate.get("instrument")), rate.clone()))
            .collect()
    };
    let before = by_instrument(recorded);
    let after = by_instrument(current);
    let instrument = ["instrument".to_string()];
    for (name, old) in &before {
        let new = after
            .iter()
            .find(|(other, _)| other == name)
            .map(|(_, rate)| rate.clone())
            .unwrap_or_default();
        let changes = changed_values(old, &new, &instrument);
        if !changes.is_empty() {
            found.push(format!("response rate of {name}: {changes}"));
        }
    }
    for (name, _) in &after {
        if !before.iter().any(|(other, _)| other == name) {
            found.push(format!("response rate of {name} is new"));
        }
    }
    found
}

/// Per event, what changed in the completion rule applied and its counts.
fn rule_differences(recorded: &Json, current: &Json) -> Vec<String> {
    let by_event = |document: &Json| -> Vec<(String, Map<String, Json>)> {
        document
            .get("rules")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_object)
            .map(|rule| (plain(rule.get("event")), rule.clone()))
            .collect()
    };
    let before = by_event(recorded);
    let after = by_event(current);
    // The note only words the other fields, so it would repeat each change.
    let skipped = ["event".to_string(), "note".to_string()];
    let mut found = Vec::new();
    for (event, old_rule) in &before {
        match after.iter().find(|(other, _)| other == event) {
            None => found.push(format!("event {event} is no longer in the report")),
            Some((_, new_rule)) => {
                let changes = changed_values(old_rule, new_rule, &skipped);
                if !changes.is_empty() {
                    found.push(format!("completion at event {event}: {changes}"));
                }
            }
        }
    }
    for (event, _) in &after {
        if !before.iter().any(|(other, _)| other == event) {
            found.push(format!("event {event} is new in the report"));
        }
    }
    found
}

/// `sector=academia, region=Jalisco`, or `(the only row)` for a report without dimensions.
fn row_label(row: &Map<String, Json>, dimensions: &[String]) -> String {
    if dimensions.is_empty() {
        return "(the only row)".to_string();
    }
    dimensions
        .iter()
        .map(|name| format!("{name}={}", plain(row.get(name))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `trained 3 → 2, attended 4 → 3` for the values that differ, skipping the dimensions.
fn changed_values(
    before: &Map<String, Json>,
    after: &Map<String, Json>,
    dimensions: &[String],
) -> String {
    before
        .keys()
        .chain(after.keys().filter(|key| !before.contains_key(*key)))
        .filter(|key| !dimensions.contains(key))
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| {
            format!(
                "{key} {} → {}",
                plain(before.get(key)),
                plain(after.get(key))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain(value: Option<&Json>) -> String {
    match value {
        None | Some(Json::Null) => "(none)".to_string(),
        Some(Json::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

fn compact(value: Option<&Json>) -> String {
    value.map_or_else(|| "(none)".to_string(), Json::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_each_changed_row_and_total() {
        let recorded = json!({
            "dimensions": ["sector"], "columns": ["sector", "trained"],
            "rows": [{"sector": "academia", "trained": 2}, {"sector": "other", "trained": 1}],
            "totals": {"trained": 3},
        });
        let mut current = recorded.clone();
        current["rows"] =
            json!([{"sector": "academia", "trained": 1}, {"sector": "private", "trained": 1}]);
        current["totals"] = json!({"trained": 2});
        assert_eq!(
            differences(&recorded, &current),
            vec![
                "row sector=academia: trained 2 → 1",
                "row sector=other is gone",
                "row sector=private is new",
                "totals: trained 3 → 2",
            ]
        );
        assert!(differences(&recorded, &recorded).is_empty());
    }
}
