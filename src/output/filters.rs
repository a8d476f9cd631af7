//! A report's filters in words, for what funders read (a chart's subtitle): "People who
//! attended; event 2019-11-mexico; sectors at their top level", not the keys and values a
//! script reads in JSON (`{"status": ["attended"], "depth": 1}`).

use serde_json::{Map, Value as Json};

use super::voice::Voice;
use crate::language::{Arg, Words};

/// The filters of a report as one sentence of clauses, in the reader's language; "All
/// records" when there are none.
pub fn in_words(filters: &Map<String, Json>, voice: &Voice) -> String {
    let clauses: Vec<String> = filters
        .iter()
        .filter_map(|(name, value)| clause(name, value, voice))
        .collect();
    if clauses.is_empty() {
        return voice.words.text("filters-none");
    }
    capitalised(&clauses.join("; "))
}

/// `text` with its first letter in upper case, as a sentence starts.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One filter as a clause, or `None` for one that says nothing to a reader (the measure of a
/// chart, which its title already names).
fn clause(name: &str, value: &Json, voice: &Voice) -> Option<String> {
    let words = voice.words;
    let texts = texts_of(value);
    let list = texts.join(", ");
    let with_list = |id: &str| words.with(id, &[("list", Arg::Text(&list))]);
    Some(match name {
        "status" => match texts.as_slice() {
            [all] if all == "all" => words.text("filter-every-status"),
            statuses => {
                let who: Vec<String> = statuses
                    .iter()
                    .map(|status| who_had(status, words))
                    .collect();
                let who = words.list(&who, "or");
                words.with("filter-people-who", &[("list", Arg::Text(&who))])
            }
        },
        "depth" => match value.as_u64() {
            Some(depth) => words.with("filter-depth", &[("depth", Arg::Count(depth))]),
            None => format!("{name} {list}"),
        },
        "event" => words.with(
            "filter-events",
            &[
                ("count", Arg::Count(texts.len() as u64)),
                ("list", Arg::Text(&list)),
            ],
        ),
        "series" => with_list("filter-series"),
        "from" => with_list("filter-from"),
        "to" => with_list("filter-to"),
        "sector" => {
            let labels: Vec<String> = texts
                .iter()
                .map(|id| voice.in_words("sector", &crate::report::Value::Text(id.clone())))
                .collect();
            words.with("filter-sector", &[("list", Arg::Text(&labels.join(", ")))])
        }
        "country" => {
            let names: Vec<String> = texts.iter().map(|code| voice.country(code)).collect();
            words.with("filter-country", &[("list", Arg::Text(&names.join(", ")))])
        }
        "per" => match list.as_str() {
            "person" => return None,
            "series" => words.text("filter-per-series"),
            "topic" => words.text("filter-per-topic"),
            scope => format!("per {scope}"),
        },
        "across" => {
            let dimension = words
                .optional(&format!("column-{list}"))
                .map_or_else(|| list.replace('_', " "), |title| title.to_lowercase());
            words.with("filter-across", &[("dimension", Arg::Text(&dimension))])
        }
        "view" => match list.as_str() {
            "per-event" => words.text("filter-per-event"),
            _ => return None,
        },
        "measure" => return None,
        other => format!("{} {list}", other.replace('_', " ")),
    })
}

/// "attended", "registered", "did not show", "cancelled", in the reader's language.
fn who_had(status: &str, words: &Words) -> String {
    words
        .optional(&format!("filter-who-{status}"))
        .unwrap_or_else(|| status.to_string())
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
    use crate::language::Language;
    use crate::model::SectorVocabulary;
    use crate::output::voice::english;

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
            in_words(&described, &english()),
            "Event 2019-11-mexico; participants from Mexico; people who attended or did not show; sectors at their top level"
        );
        assert_eq!(in_words(&Map::new(), &english()), "All records");
        let all = filters(serde_json::json!({"status": "all", "per": "series"}));
        assert_eq!(
            in_words(&all, &english()),
            "Every status, each counted apart; each person counted once per series"
        );
        let sectors = SectorVocabulary::default_vocabulary();
        let spanish = Voice::new(Language::Es, &sectors);
        assert_eq!(
            in_words(&described, &spanish),
            "Evento 2019-11-mexico; participantes de México; personas que asistieron o no se presentaron; sectores en su nivel superior"
        );
        let korean = Voice::new(Language::Ko, &sectors);
        let by_sector = filters(serde_json::json!({"sector": ["sse"], "event": ["a", "b"]}));
        assert_eq!(
            in_words(&by_sector, &korean),
            "부문 사회연대경제; 행사 a, b"
        );
    }
}
