//! A form's answers in, one [`Response`] per row out: a knowledge test's score, the rating of
//! each of the event's objectives, an overall rating and comments, each row's respondent found
//! among the store's participants as a participant import finds them, or known by the
//! pseudonymous code an anonymous form asked for.
//!
//! Columns are recognised by their header: `Score` (Google Forms' quiz column, `14 / 20`;
//! `Puntuación` in a Spanish account; Microsoft Forms' `Total points`), a header naming
//! "objective N" (objetivo N, objectif N) or quoting the objective's text (a Google Forms grid
//! writes `Question [objective text]`), a code, an overall rating, comments; `--map` names the
//! rest. Every row is checked before anything is kept: the import is all or nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;

use super::columns::{
    ColumnMap, ColumnOverride, ColumnProblem, Field, Matching, column_naming, match_columns,
};
use super::identity::{Found, Identity, Known, People, Roll, email_key};
use super::normalize::{clean_cell, fold};
use super::reader::Row;
use super::rows::RowSource;
use super::{RejectedRow, read_error, source};
use crate::error::{Error, Result};
use crate::model::id::id_problem;
use crate::model::response::Scale;
use crate::model::text::{self, lines_joined};
use crate::model::{Event, Participant, Response};
use crate::quote;

/// What a column of a form holds besides who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// A quiz score, `14 / 20`, or points with `--max-score`.
    Score,
    /// The pseudonymous code an anonymous form asks for, so pre and post pair without names.
    Code,
    /// The rating of the event's objective with this number (from 1).
    Objective(u32),
    /// The rating of the event as a whole.
    Overall,
    /// Free text; a form's several comment questions are kept together.
    Comment,
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Score => f.write_str("score"),
            Answer::Code => f.write_str("code"),
            Answer::Objective(number) => write!(f, "objective-{number}"),
            Answer::Overall => f.write_str("overall"),
            Answer::Comment => f.write_str("comment"),
        }
    }
}

impl FromStr for Answer {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "score" => Ok(Answer::Score),
            "code" => Ok(Answer::Code),
            "overall" => Ok(Answer::Overall),
            "comment" => Ok(Answer::Comment),
            _ => match text.strip_prefix("objective-").map(str::parse::<u32>) {
                Some(Ok(number)) if number > 0 => Ok(Answer::Objective(number)),
                _ => Err(format!("unknown field `{text}`")),
            },
        }
    }
}

/// `--map FIELD=COLUMN` of a responses import: an answer's column, or a field that tells who
/// answered (name, email, organization, …, as `import participants` takes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseColumn {
    Answer(Answer, String),
    Person(ColumnOverride),
}

impl FromStr for ResponseColumn {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        let (field, column) = text.split_once('=').ok_or_else(|| {
            "expected FIELD=COLUMN, e.g. objective-1=\"How useful was the first session?\""
                .to_string()
        })?;
        if column.trim().is_empty() {
            return Err("the COLUMN of FIELD=COLUMN cannot be empty".to_string());
        }
        match field.parse::<Answer>() {
            Ok(answer) => Ok(ResponseColumn::Answer(answer, column.trim().to_string())),
            Err(_) => text.parse::<ColumnOverride>().map(ResponseColumn::Person).map_err(|_| {
                format!(
                    "unknown field `{}`; the fields are score, code, objective-N, overall, comment, and the person's: name, given-name, surname, email, organization, id",
                    field.trim()
                )
            }),
        }
    }
}

/// How to read the file, and for which event and instrument.
pub struct ResponseSettings<'a> {
    pub event: &'a Event,
    pub instrument: &'a str,
    pub scale: Scale,
    /// The most points of a score written without its maximum (Microsoft Forms' `Total
    /// points`, a Kobo calculation).
    pub max_score: Option<f64>,
    pub columns: &'a [ResponseColumn],
}

/// What the import would record, worked out without touching the store.
#[derive(Debug, Default)]
pub struct ResponsePlan {
    pub header_line: u64,
    pub headers: Vec<String>,
    /// Each answer's column.
    pub answers: Vec<(Answer, usize)>,
    /// The columns that tell who answered, when the form names its respondents.
    pub person: ColumnMap,
    /// The email column of a form that gives no name, which alone tells who answered.
    pub email_only: Option<usize>,
    /// The responses, with the line each came from and how its respondent was found.
    pub responses: Vec<(u64, Response, String)>,
    pub rejected: Vec<RejectedRow>,
}

/// The fields of a person a responses import reads: only who answered, never their details.
const RESPONDENT_FIELDS: [Field; 6] = [
    Field::Id,
    Field::Name,
    Field::GivenName,
    Field::Surname,
    Field::Organization,
    Field::Email,
];

impl ResponsePlan {
    /// Each column read, "objective-1 ← `…`", to show what was understood.
    pub fn describe_columns(&self) -> Vec<String> {
        self.read_columns()
            .into_iter()
            .map(|(what, index)| format!("{what} ← `{}`", quote::value(&self.headers[index])))
            .collect()
    }

    /// The headers nothing was read from.
    pub fn unused_columns(&self) -> Vec<&str> {
        let read: Vec<usize> = self
            .read_columns()
            .into_iter()
            .map(|(_, index)| index)
            .collect();
        self.headers
            .iter()
            .enumerate()
            .filter(|(index, header)| !header.is_empty() && !read.contains(index))
            .map(|(_, header)| header.as_str())
            .collect()
    }

    fn read_columns(&self) -> Vec<(String, usize)> {
        let answers = self
            .answers
            .iter()
            .map(|(answer, index)| (answer.to_string(), *index));
        let person = RESPONDENT_FIELDS.into_iter().filter_map(|field| {
            self.person
                .index_of(field)
                .map(|index| (field.to_string(), index))
        });
        let email = self.email_only.map(|index| ("email".to_string(), index));
        answers.chain(person).chain(email).collect()
    }
}

/// Reads every row of `rows` into a response of `settings.instrument` at `settings.event`.
pub fn plan_responses(
    path: &Path,
    rows: &mut dyn RowSource,
    settings: &ResponseSettings,
    existing: &[Participant],
) -> Result<ResponsePlan> {
    let (headers, header_line) = loop {
        let Some(row) = rows
            .next_row()
            .map_err(|problem| read_error(path, problem))?
        else {
            return Err(Error::ImportLine {
                path: path.to_path_buf(),
                line: 1,
                message: "the file is empty; expected a header row naming the columns".to_string(),
            });
        };
        if !row.is_blank() {
            let cells: Vec<String> = row.cells().map(|cell| cell.trim().to_string()).collect();
            break (cells, row.line);
        }
    };
    rows.keep_columns(headers.len());
    let columns_error = |message: String| Error::ImportColumns {
        path: path.to_path_buf(),
        message,
    };
    let answers = answer_columns(&headers, settings).map_err(columns_error)?;
    let has = |wanted: Answer| answers.iter().any(|(answer, _)| *answer == wanted);
    if !answers
        .iter()
        .any(|(answer, _)| !matches!(answer, Answer::Code))
    {
        return Err(columns_error(format!(
            "no column holds a score, a rating of one of event `{}`'s objectives, an overall rating or a comment; the headers are {}",
            settings.event.id,
            listed(&headers)
        )));
    }
    let person = person_columns(&headers, &answers, settings).map_err(columns_error)?;
    let email_only = !person.has(Field::Name) && !person.has(Field::GivenName);
    let email_column = if email_only {
        column_naming(&headers, Field::Email).filter(|index| !is_answer(&answers, *index))
    } else {
        None
    };
    if email_only && email_column.is_none() && !has(Answer::Code) {
        return Err(columns_error(format!(
            "no column tells who answered: a name, an email, or the code an anonymous form asks for (--map code=COLUMN); the headers are {}",
            listed(&headers)
        )));
    }

    let mut people = People::default();
    for (index, participant) in existing.iter().enumerate() {
        let identity = identity_of(participant);
        people.remember(Known::Stored(index), identity, People::keys(identity));
    }
    let roll = Stored(existing);
    let mut plan = ResponsePlan {
        header_line,
        headers,
        answers,
        person,
        email_only: email_column,
        ..ResponsePlan::default()
    };
    // Who answered on which line: a participant or a code answers an instrument once.
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    while let Some(row) = rows
        .next_row()
        .map_err(|problem| read_error(path, problem))?
    {
        if row.is_blank() {
            continue;
        }
        let reject = |reason: String| RejectedRow {
            line: row.line,
            reason,
            cells: row.cells_for_fixing(),
        };
        let read = read_answers(row, &plan.answers, settings);
        let who = match respondent(row, &plan, &people, &roll) {
            Ok(who) => who,
            Err(reason) => {
                let reasons = std::iter::once(reason)
                    .chain(read.err())
                    .collect::<Vec<_>>();
                plan.rejected.push(reject(reasons.join("; ")));
                continue;
            }
        };
        let mut response = match read {
            Ok(response) => response,
            Err(reason) => {
                plan.rejected.push(reject(reason));
                continue;
            }
        };
        let (key, found) = match &who {
            Respondent::Participant(index, basis) => {
                let participant = &existing[*index];
                response.participant = Some(participant.id.clone());
                (
                    participant.id.clone(),
                    format!(
                        "participant `{}` (`{}`), by {basis}",
                        participant.id,
                        quote::value(&participant.name)
                    ),
                )
            }
            Respondent::Code(code) => {
                response.code = Some(code.clone());
                (format!("#{code}"), format!("code `{code}`"))
            }
        };
        if let Some(first) = first_line_of.get(&key) {
            let reason = match &who {
                Respondent::Code(code) => format!(
                    "code `{code}` is also line {first}'s: a code is one person's within an instrument, so two people seem to have chosen the same one"
                ),
                Respondent::Participant(..) => {
                    format!("{found} also answered on line {first}: one response per person")
                }
            };
            plan.rejected.push(reject(reason));
            continue;
        }
        first_line_of.insert(key, row.line);
        response.event = settings.event.id.clone();
        response.instrument = settings.instrument.to_string();
        plan.responses.push((row.line, response, found));
    }
    Ok(plan)
}

fn listed(headers: &[String]) -> String {
    quote::list(
        headers
            .iter()
            .map(|header| format!("`{}`", quote::value(header))),
    )
}

fn is_answer(answers: &[(Answer, usize)], index: usize) -> bool {
    answers.iter().any(|(_, taken)| *taken == index)
}

/// Folded header texts that hold a quiz's score, whole.
const SCORE_HEADERS: [&str; 5] = [
    "score",
    "puntuacion",
    "total points",
    "total score",
    "puntos totales",
];
/// Words that make a header a respondent's pseudonymous code.
const CODE_WORDS: [&str; 5] = ["code", "codigo", "pseudonym", "pseudonimo", "pseudonyme"];
/// Words that make a header a comment question.
const COMMENT_WORDS: [&str; 10] = [
    "comment",
    "comments",
    "comentario",
    "comentarios",
    "commentaire",
    "commentaires",
    "suggestions",
    "sugerencias",
    "observaciones",
    "remarques",
];
/// Words that make a header the rating of the event as a whole.
const OVERALL_WORDS: [&str; 5] = [
    "overall",
    "en general",
    "global",
    "globale",
    "dans l ensemble",
];
/// The word before an objective's number, in English, Spanish and French.
const OBJECTIVE_WORDS: [&str; 3] = ["objective", "objetivo", "objectif"];

fn holds_words(folded: &str, words: &str) -> bool {
    format!(" {folded} ").contains(&format!(" {words} "))
}

/// The objective a header names by number ("Objective 2", "Objetivo 2:", "objectif n 2").
fn objective_number(folded: &str) -> Option<u32> {
    let words: Vec<&str> = folded.split(' ').collect();
    words.iter().enumerate().find_map(|(at, word)| {
        if !OBJECTIVE_WORDS.contains(word) {
            return None;
        }
        let next = words.get(at + 1).copied();
        let after = if next == Some("n") || next == Some("no") {
            words.get(at + 2).copied()
        } else {
            next
        };
        after.and_then(|number| number.parse().ok())
    })
}

/// Each answer's column: `--map` first, then the headers, which name one answer each.
fn answer_columns(
    headers: &[String],
    settings: &ResponseSettings,
) -> std::result::Result<Vec<(Answer, usize)>, String> {
    let objectives: Vec<String> = settings
        .event
        .objectives
        .iter()
        .map(|text| fold(text))
        .collect();
    let mut answers: Vec<(Answer, usize)> = Vec::new();
    let position_of = |column: &str| {
        headers
            .iter()
            .position(|header| header == column.trim())
            .or_else(|| {
                headers
                    .iter()
                    .position(|header| fold(header) == fold(column))
            })
    };
    for wanted in settings.columns {
        if let ResponseColumn::Answer(answer, column) = wanted {
            let index = position_of(column).ok_or_else(|| {
                format!(
                    "--map {answer}={}: there is no column `{}`; the headers are {}",
                    quote::value(column),
                    quote::value(column),
                    listed(headers)
                )
            })?;
            answers.push((*answer, index));
        }
    }
    let mapped_people: Vec<usize> = settings
        .columns
        .iter()
        .filter_map(|wanted| match wanted {
            ResponseColumn::Person(person) => position_of(&person.column),
            ResponseColumn::Answer(..) => None,
        })
        .collect();
    for (index, header) in headers.iter().enumerate() {
        if is_answer(&answers, index) || mapped_people.contains(&index) {
            continue;
        }
        let folded = fold(header);
        let by_text = || {
            // The longest objective the header quotes: one objective's text may hold another's.
            objectives
                .iter()
                .enumerate()
                .filter(|(_, text)| !text.is_empty() && holds_words(&folded, text))
                .max_by_key(|(_, text)| text.len())
                .map(|(at, _)| at as u32 + 1)
        };
        let answer = if SCORE_HEADERS.contains(&folded.as_str()) {
            Answer::Score
        } else if CODE_WORDS.iter().any(|word| holds_words(&folded, word)) {
            Answer::Code
        } else if COMMENT_WORDS.iter().any(|word| holds_words(&folded, word)) {
            Answer::Comment
        } else if let Some(number) = objective_number(&folded).or_else(by_text) {
            Answer::Objective(number)
        } else if OVERALL_WORDS.iter().any(|word| holds_words(&folded, word)) {
            Answer::Overall
        } else {
            continue;
        };
        answers.push((answer, index));
    }
    for (answer, index) in &answers {
        if let Answer::Objective(number) = answer
            && *number as usize > settings.event.objectives.len()
        {
            return Err(format!(
                "`{}` rates objective {number}, and event `{}` has {}",
                quote::value(&headers[*index]),
                settings.event.id,
                crate::model::record::count_of(
                    settings.event.objectives.len(),
                    "objective",
                    "objectives"
                )
            ));
        }
        // Several comment questions are read together; anything else is one column's.
        if *answer != Answer::Comment
            && let Some((_, other)) = answers
                .iter()
                .find(|(known, taken)| known == answer && taken != index)
        {
            return Err(format!(
                "both `{}` and `{}` look like the {answer} column; name one with --map {answer}=COLUMN",
                quote::value(&headers[(*index).min(*other)]),
                quote::value(&headers[(*index).max(*other)])
            ));
        }
    }
    answers.sort_by_key(|(_, index)| *index);
    Ok(answers)
}

/// The columns that say who answered, matched as a participant import matches them, leaving
/// out the answers' columns (an objective's text may hold a word like "sector").
fn person_columns(
    headers: &[String],
    answers: &[(Answer, usize)],
    settings: &ResponseSettings,
) -> std::result::Result<ColumnMap, String> {
    let overrides: Vec<ColumnOverride> = settings
        .columns
        .iter()
        .filter_map(|wanted| match wanted {
            ResponseColumn::Person(person) => Some(person.clone()),
            ResponseColumn::Answer(..) => None,
        })
        .collect();
    let mut not_by_name = source::tool_columns(source::recognise(headers, false), headers);
    not_by_name.extend(answers.iter().map(|(_, index)| *index));
    let matching = Matching {
        overrides: &overrides,
        not_by_name: &not_by_name,
        ..Matching::default()
    };
    match match_columns(headers, &matching) {
        Ok(map) => Ok(map),
        // An anonymous form, or a quiz that collected emails only.
        Err(ColumnProblem::NoName) => Ok(ColumnMap::default()),
        Err(ColumnProblem::Ambiguous {
            field,
            first,
            second,
        }) => Err(format!(
            "both `{}` and `{}` look like the `{field}` column; name one with --map {field}=COLUMN",
            quote::value(&first),
            quote::value(&second)
        )),
        Err(ColumnProblem::NoSuchColumn { field, column }) => Err(format!(
            "--map {}={}: there is no column `{}`; the headers are {}",
            field.map_or("?", Field::as_str),
            quote::value(&column),
            quote::value(&column),
            listed(headers)
        )),
    }
}

/// Who answered a row.
enum Respondent {
    /// The stored participant at this position, found by this rule.
    Participant(usize, &'static str),
    Code(String),
}

/// The store's participants, for [`People::find`] to compare names with.
struct Stored<'a>(&'a [Participant]);

impl Roll for Stored<'_> {
    fn name_of(&self, who: Known) -> &str {
        match who {
            Known::Stored(index) | Known::New(index) => &self.0[index].name,
        }
    }

    fn has_email(&self, who: Known) -> bool {
        match who {
            Known::Stored(index) | Known::New(index) => self.0[index].email.is_some(),
        }
    }
}

fn identity_of(participant: &Participant) -> Identity<'_> {
    Identity {
        id: Some(participant.id.as_str()),
        name: &participant.name,
        organization: participant.organization.as_deref(),
        email: participant.email.as_deref(),
    }
}

/// A cell's text, trimmed, or `None` when blank.
fn filled(row: &Row, index: Option<usize>) -> Option<String> {
    let text = clean_cell(row.cell(index?)?);
    (!text.is_empty()).then(|| text.into_owned())
}

/// Who answered the row: the code when the form asked for one and the row gives it, else the
/// participant the name (with email and organization) or the email alone finds. Never a guess:
/// a row nobody in the store fits is refused, as is one that fits two people.
fn respondent(
    row: &Row,
    plan: &ResponsePlan,
    people: &People,
    roll: &Stored,
) -> std::result::Result<Respondent, String> {
    let code_column = plan
        .answers
        .iter()
        .find(|(answer, _)| *answer == Answer::Code)
        .map(|(_, index)| *index);
    if let Some(code) = filled(row, code_column) {
        // People type a code as they remember it: `k7 q2` and `K7Q2` are one code.
        let code: String = code
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if let Some(reason) = id_problem(&code) {
            return Err(format!("code `{}`: {reason}", quote::value(&code)));
        }
        return Ok(Respondent::Code(code));
    }
    let columns = &plan.person;
    let email = filled(row, columns.index_of(Field::Email).or(plan.email_only));
    let name = [Field::GivenName, Field::Name, Field::Surname]
        .into_iter()
        .filter_map(|field| filled(row, columns.index_of(field)))
        .collect::<Vec<_>>()
        .join(" ");
    let organization = filled(row, columns.index_of(Field::Organization));
    let id = filled(row, columns.index_of(Field::Id));
    if name.is_empty() && id.is_none() {
        let Some(email) = email else {
            return Err(if code_column.is_some() {
                "no code, and nothing else tells who answered".to_string()
            } else {
                "no name or email tells who answered".to_string()
            });
        };
        let key = email_key(&email);
        let holders: Vec<usize> = (0..roll.0.len())
            .filter(|&index| roll.0[index].email.as_deref().map(email_key) == Some(key.clone()))
            .collect();
        return match holders.as_slice() {
            [only] => Ok(Respondent::Participant(*only, "the same email")),
            [] => Err(format!(
                "no participant has the email `{}`; import the event's participants first (gsef import participants FILE --event EVENT)",
                quote::value(&email)
            )),
            _ => Err(format!(
                "the email `{}` is {}'s: the form must give a name to tell them apart",
                quote::value(&email),
                quote::list(
                    holders
                        .iter()
                        .map(|index| format!("`{}`", roll.0[*index].id))
                )
            )),
        };
    }
    let identity = Identity {
        id: id.as_deref(),
        name: &name,
        organization: organization.as_deref(),
        email: email.as_deref(),
    };
    match people.find(identity, &People::keys(identity), roll) {
        Found::Same(Known::Stored(index) | Known::New(index), basis) => {
            Ok(Respondent::Participant(index, basis.describe()))
        }
        Found::Nobody => Err(format!(
            "no participant is `{}`{}; import the event's participants first (gsef import participants FILE --event EVENT)",
            quote::value(&name),
            email
                .as_deref()
                .map(|email| format!(" (`{}`)", quote::value(email)))
                .unwrap_or_default()
        )),
        Found::SharedEmail(sharing) => Err(format!(
            "`{}` gives the email of {}, a clearly different name",
            quote::value(&name),
            quote::list(
                sharing
                    .iter()
                    .map(|who| format!("`{}`", roll.name_of(*who)))
            )
        )),
        Found::IdOfSomeoneElse(who) => Err(format!(
            "id `{}` is `{}`'s, not `{}`'s",
            quote::value(id.as_deref().unwrap_or_default()),
            quote::value(roll.name_of(who)),
            quote::value(&name)
        )),
    }
}

/// The row's answers as a response (without its event, instrument and respondent), or every
/// reason it cannot be one.
fn read_answers(
    row: &Row,
    answers: &[(Answer, usize)],
    settings: &ResponseSettings,
) -> std::result::Result<Response, String> {
    let mut problems: Vec<String> = Vec::new();
    let mut ratings = BTreeMap::new();
    let mut overall = None;
    let mut score = None;
    let mut comments: Vec<String> = Vec::new();
    let scale = settings.scale;
    for (answer, index) in answers {
        let Some(cell) = filled(row, Some(*index)) else {
            continue;
        };
        let mut rating = |what: &str| match cell.parse::<u32>() {
            Ok(rating) if scale.contains(rating) => Some(rating),
            Ok(rating) => {
                problems.push(format!(
                    "{what} is rated {rating}, outside the scale {scale}"
                ));
                None
            }
            Err(_) => {
                problems.push(format!(
                    "{what}: `{}` is not a rating from {} to {}",
                    quote::value(&cell),
                    scale.lowest(),
                    scale.highest()
                ));
                None
            }
        };
        match answer {
            Answer::Code => {}
            Answer::Objective(number) => {
                if let Some(value) = rating(&format!("objective {number}")) {
                    ratings.insert(*number, value);
                }
            }
            Answer::Overall => overall = rating("the event overall"),
            Answer::Score => match read_score(&cell, settings.max_score) {
                Ok(read) => score = Some(read),
                Err(reason) => problems.push(reason),
            },
            Answer::Comment => match text::clean(&text::COMMENT, &lines_joined(&cell)) {
                Ok(comment) => comments.push(comment.into_owned()),
                Err(problem) => problems.push(format!("the comment {problem}")),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let comment = (!comments.is_empty()).then(|| comments.join(" / "));
    if let Some(comment) = &comment
        && comment.chars().count() > text::COMMENT.max_characters
    {
        return Err(format!(
            "the comments take {} characters together; a response keeps at most {}",
            comment.chars().count(),
            text::COMMENT.max_characters
        ));
    }
    Ok(Response {
        event: String::new(),
        instrument: String::new(),
        participant: None,
        code: None,
        score: score.map(|(points, _)| points),
        max_score: score.map(|(_, max)| max),
        scale: (scale != Scale::DEFAULT).then_some(scale),
        ratings,
        overall,
        comment,
        extra: crate::model::Extra::default(),
    })
}

/// A score and its maximum: `14 / 20` and `28.00 / 30` as a Google Forms quiz writes them, or
/// points alone with `--max-score`. Refused above its maximum, or without one.
pub fn read_score(cell: &str, max_score: Option<f64>) -> std::result::Result<(f64, f64), String> {
    let number = |text: &str| {
        text.trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
    };
    let (points, max) = match cell.split_once('/') {
        Some((points, max)) => (number(points), number(max)),
        None => (number(cell), max_score),
    };
    let Some(points) = points else {
        return Err(format!("score `{}` is not a number", quote::value(cell)));
    };
    let Some(max) = max else {
        return Err(format!(
            "score `{}` has no maximum: a quiz export writes `14 / 20`; give the test's maximum with --max-score N",
            quote::value(cell)
        ));
    };
    if max <= 0.0 {
        return Err(format!(
            "score `{}`: the maximum must be above 0",
            quote::value(cell)
        ));
    }
    if !(0.0..=max).contains(&points) {
        return Err(format!(
            "score `{}` is above its maximum {max}",
            quote::value(cell)
        ));
    }
    Ok((points, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_read_as_quiz_exports_write_them() {
        assert_eq!(read_score("14 / 20", None), Ok((14.0, 20.0)));
        assert_eq!(read_score("28.00 / 30", None), Ok((28.0, 30.0)));
        assert_eq!(read_score("7", Some(10.0)), Ok((7.0, 10.0)));
        assert!(read_score("7", None).unwrap_err().contains("no maximum"));
        assert!(
            read_score("21 / 20", None)
                .unwrap_err()
                .contains("above its maximum")
        );
        assert!(
            read_score("lots", None)
                .unwrap_err()
                .contains("not a number")
        );
    }

    #[test]
    fn headers_name_objectives_by_number_in_three_languages() {
        for header in [
            "Objective 2: exchange experiences",
            "Objetivo 2",
            "objectif n° 2",
            "How well was objective 2 met?",
        ] {
            assert_eq!(objective_number(&fold(header)), Some(2), "{header}");
        }
        assert_eq!(objective_number(&fold("Objectives of the day")), None);
    }

    #[test]
    fn a_map_names_an_answer_or_a_person_field() {
        assert_eq!(
            "objective-3=Q7".parse::<ResponseColumn>(),
            Ok(ResponseColumn::Answer(Answer::Objective(3), "Q7".into()))
        );
        assert!(matches!(
            "name=Full name".parse::<ResponseColumn>(),
            Ok(ResponseColumn::Person(_))
        ));
        assert!("objective-0=Q".parse::<ResponseColumn>().is_err());
        assert!("height=Q".parse::<ResponseColumn>().is_err());
    }
}
