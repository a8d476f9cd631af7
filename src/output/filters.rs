//! A report's filters in words, for what funders read (a chart's subtitle): "People who
//! attended; event 2019-11-mexico; sectors at their top level", not the keys and values a
//! script reads in JSON (`{"status": ["attended"], "depth": 1}`).

use serde_json::{Map, Value as Json};

use crate::model::country;

/// The filters of a report as one sentence of clauses; "All records" when there are none.
pub fn in_words(filters: &Map<String, Json>) -> String {
    let clauses: Vec<String> = filters
        .iter()
        .filter_map(|(name, value)| clause(name, value))
        .collect();
    if clauses.is_empty() {
        return "All records".to_string();
    }
    let mut sentence = clauses.join("; ");
    if let Some(first) = sentence.get(..1) {
        let upper = first.to_uppercase();
        sentence.replace_range(..1, &upper);
    }
    sentence
}

/// One filter as a clause, or `None` for one that says nothing to a reader (the measure of a
/// chart, which its title already names).
fn clause(name: &str, value: &Json) -> Option<String> {
    let texts = texts_of(value);
    let list = texts.join(", ");
    Some(match name {
        "status" => match texts.as_slice() {
            [all] if all == "all" => "every status, each counted apart".to_string(),
            statuses => {
                let who: Vec<&str> = statuses.iter().map(|status| who_had(status)).collect();
                format!("people who {}", who.join(" or "))
            }
        },
        "depth" => match value.as_u64() {
            Some(1) => "sectors at their top level".to_string(),
            Some(depth) => format!("sectors to level {depth}"),
            None => format!("sector depth {list}"),
        },
        "event" if texts.len() > 1 => format!("events {list}"),
        "event" => format!("event {list}"),
        "series" => format!("series {list}"),
        "from" => format!("from {list}"),
        "to" => format!("to {list}"),
        "sector" => format!("sector {list}"),
        "country" => format!(
            "participants from {}",
            texts
                .iter()
                .map(|code| country::lookup(code).map_or(code.clone(), |c| c.name.to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "per" => match list.as_str() {
            "person" => return None,
            scope => format!("each person counted once per {scope}"),
        },
        "across" => format!("across {}", list.replace('_', " ")),
        "view" => match list.as_str() {
            "per-event" => "per event".to_string(),
            _ => return None,
        },
        "measure" => return None,
        other => format!("{} {list}", other.replace('_', " ")),
    })
}

/// "attended", "registered", "did not show", "cancelled".
fn who_had(status: &str) -> &str {
    match status {
        "no-show" => "did not show",
        other => other,
    }
}

fn texts_of(value: &Json) -> Vec<String> {
    match value {
        Json::String(text) => vec![text.clone()],
        Json::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_string)
            })
            .collect(),
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(value: Json) -> Map<String, Json> {
        match value {
            Json::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn filters_read_as_a_sentence() {
        let described = filters(serde_json::json!({
            "event": ["2019-11-mexico"],
            "country": "MX",
            "status": ["attended", "no-show"],
            "depth": 1,
            "measure": "participants",
        }));
        assert_eq!(
            in_words(&described),
            "Event 2019-11-mexico; participants from Mexico; people who attended or did not show; sectors at their top level"
        );
        assert_eq!(in_words(&Map::new()), "All records");
        let all = filters(serde_json::json!({"status": "all", "per": "series"}));
        assert_eq!(
            in_words(&all),
            "Every status, each counted apart; each person counted once per series"
        );
    }
}
