//! Which spreadsheet column holds which participant field: headers matched case- and
//! accent-insensitively against synonyms in English, Spanish, French and Korean, `--map`
//! overriding.

use std::fmt;
use std::str::FromStr;

use super::normalize::fold;
use crate::model::PartialDate;
use crate::model::day_text::{EventDays, day_of_header};

/// What an import can read from a column: a participant field, or what the row says of the
/// person's attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The gsef id: only from `--map id=COLUMN` or gsef's own export, never from a column
    /// that merely says `ID` (a row number says nothing about who someone is).
    Id,
    /// The code `gsef sheet` printed on a registered person's row: the person, exactly.
    SheetCode,
    Name,
    /// A separate first-name column (Prénom beside Nom), put before the name.
    GivenName,
    /// A separate surname column (Apellidos beside Nombre), put after the name.
    Surname,
    Organization,
    Email,
    Country,
    Region,
    Sector,
    Gender,
    /// A year of birth, or a date of birth of which only the year is kept.
    BirthYear,
    Illustrative,
    /// What the person agreed to: `list`, `aggregate` or `none`, or a yes or no.
    Consent,
    /// Where the person stands: Checked In, Attending, Cancelled, … (see `status`).
    Status,
    /// A yes/no check-in column (Indico's `Checked in`).
    CheckIn,
    /// One cell listing the days attended (a checkbox question, a Kobo select_multiple).
    DayList,
    /// When a video call's participant joined (Zoom `Join Time`, Teams `First Join`).
    JoinTime,
    /// When they left.
    LeaveTime,
    /// How long they were connected, as the report says it.
    Duration,
    /// Zoom's `In Waiting Room`: a row of time spent waiting to be let in.
    WaitingRoom,
}

impl Field {
    pub const ALL: [Field; 21] = [
        Field::Id,
        Field::SheetCode,
        Field::Name,
        Field::GivenName,
        Field::Surname,
        Field::Organization,
        Field::Email,
        Field::Country,
        Field::Region,
        Field::Sector,
        Field::Gender,
        Field::BirthYear,
        Field::Illustrative,
        Field::Consent,
        Field::Status,
        Field::CheckIn,
        Field::DayList,
        Field::JoinTime,
        Field::LeaveTime,
        Field::Duration,
        Field::WaitingRoom,
    ];

    /// The field's name, as the records and `--map` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::SheetCode => "sheet-code",
            Field::Name => "name",
            Field::GivenName => "given-name",
            Field::Surname => "surname",
            Field::Organization => "organization",
            Field::Email => "email",
            Field::Country => "country",
            Field::Region => "region",
            Field::Sector => "sector",
            Field::Gender => "gender",
            Field::BirthYear => "birth-year",
            Field::Illustrative => "illustrative",
            Field::Consent => "consent",
            Field::Status => "status",
            Field::CheckIn => "check-in",
            Field::DayList => "days",
            Field::JoinTime => "join-time",
            Field::LeaveTime => "leave-time",
            Field::Duration => "duration",
            Field::WaitingRoom => "waiting-room",
        }
    }

    /// Header texts (folded) that mean this field, whole, in English, Spanish and French, and
    /// as the tools name their columns.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            // Never from a header's name alone; see the variant.
            Field::Id => &[],
            // As `gsef sheet` heads the column in each language.
            Field::SheetCode => &[
                "sheet code",
                "row code",
                "codigo de hoja",
                "code de feuille",
                "시트 코드",
            ],
            Field::Name => &[
                "name",
                "full name",
                "your name",
                "participant name",
                "attendee name",
                "name original name",
                "nombre",
                "nombre s",
                "nombres",
                "nombre completo",
                "nombre y apellido",
                "nombre y apellidos",
                "nombre del participante",
                "nom",
                "nom complet",
                "nom et prenom",
                "prenom et nom",
                "nom du participant",
                "이름",
                "성명",
            ],
            Field::GivenName => &[
                "prenom",
                "prenoms",
                "first name",
                "given name",
                "first names",
            ],
            Field::Surname => &[
                "apellido",
                "apellidos",
                "apellido s",
                "surname",
                "last name",
                "family name",
                "nom de famille",
            ],
            Field::Organization => &[
                "organization",
                "organisation",
                "organizacion",
                "organisme",
                "institution",
                "institucion",
                "entidad",
                "company",
                "empresa",
                "entreprise",
                "employer",
                "affiliation",
                "nombre de la organizacion",
                "nombre de la institucion",
                "nom de l organisation",
                "nom de l organisme",
                "소속",
                "기관",
            ],
            Field::Email => &[
                "email",
                "e mail",
                "email address",
                "user email",
                "correo",
                "correo electronico",
                "direccion de correo electronico",
                "direccion de correo",
                "courriel",
                "adresse courriel",
                "adresse e mail",
                "adresse electronique",
                "이메일",
            ],
            Field::Country => &["country", "pais", "pays", "country of residence", "국가"],
            Field::Region => &[
                "region",
                "state",
                "province",
                "state province",
                "county",
                "estado",
                "provincia",
                "departamento",
                "departement",
                "entidad federativa",
                "지역",
            ],
            Field::Sector => &[
                "sector",
                "secteur",
                "sector de actividad",
                "secteur d activite",
                "부문",
            ],
            Field::Gender => &["gender", "sex", "genero", "sexo", "sexe", "genre", "성별"],
            // Kobo's `birth_year` and `date_of_birth` fold to the English; `dob` and `D.O.B.`
            // are the forms' own shorthand.
            Field::BirthYear => &[
                "year of birth",
                "birth year",
                "date of birth",
                "birth date",
                "birthdate",
                "dob",
                "d o b",
                "ano de nacimiento",
                "fecha de nacimiento",
                // XML names drop the ñ and the `de`: `anio_nacimiento`, `fecha_nacimiento`.
                "anio de nacimiento",
                "anio nacimiento",
                "ano nacimiento",
                "fecha nacimiento",
                "annee de naissance",
                "date de naissance",
                "출생연도",
                "출생 연도",
                "생년",
                "생년월일",
            ],
            Field::Illustrative => &["illustrative"],
            Field::Consent => &["consent", "consentimiento", "consentement", "동의"],
            Field::Status => super::status::HEADERS,
            Field::CheckIn => super::status::CHECK_IN_HEADERS,
            Field::DayList => &[
                "days",
                "days attended",
                "which days",
                "dias",
                "dias de asistencia",
                "que dias asistio",
                "jours",
                "jours de presence",
                "quels jours",
            ],
            Field::JoinTime => &[
                "join time",
                "first join",
                "time joined",
                "joined",
                "hora de entrada",
                "hora de ingreso",
                "heure d arrivee",
            ],
            Field::LeaveTime => &[
                "leave time",
                "last leave",
                "time exited",
                "time left",
                "hora de salida",
                "heure de depart",
            ],
            Field::Duration => &[
                "duration",
                "duration minutes",
                "in meeting duration",
                "total duration minutes",
                "attendance duration",
                "duracion",
                "duree",
            ],
            Field::WaitingRoom => &["in waiting room", "waiting room"],
        }
    }

    /// Words that make a longer header mean this field ("Which sector do you work in?"), when
    /// no header names it whole and no other field's word is in it too.
    fn words(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["name", "nombre", "nom"],
            Field::Organization => &[
                "organization",
                "organisation",
                "organizacion",
                "institution",
                "institucion",
                "organisme",
                "company",
                "empresa",
            ],
            Field::Email => &["email", "e mail", "correo", "courriel"],
            Field::Country => &["country", "pais", "pays"],
            Field::Region => &["state", "province", "region", "estado", "provincia"],
            Field::Sector => &["sector", "secteur"],
            Field::Gender => &["gender", "genero", "sexo", "sexe", "genre"],
            // "What is your year of birth?"; never "birth" alone, which a place of birth has.
            Field::BirthYear => &[
                "year of birth",
                "birth year",
                "date of birth",
                "ano de nacimiento",
                "fecha de nacimiento",
                "annee de naissance",
                "date de naissance",
            ],
            Field::Status => &["status", "estatus", "statut"],
            Field::DayList => &["days", "dias", "jours"],
            _ => &[],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Field::ALL
            .into_iter()
            .find(|field| field.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|field| field.as_str()).collect();
                format!(
                    "unknown field `{text}`; the fields are {}",
                    names.join(", ")
                )
            })
    }
}

/// `--map FIELD=COLUMN`: this header holds this field, whatever its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    pub field: Field,
    pub column: String,
}

impl FromStr for ColumnOverride {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (field, column) = text
            .split_once('=')
            .ok_or_else(|| "expected FIELD=COLUMN, e.g. name=\"Nombre completo\"".to_string())?;
        if column.trim().is_empty() {
            return Err("the COLUMN of FIELD=COLUMN cannot be empty".to_string());
        }
        Ok(ColumnOverride {
            field: field.parse()?,
            column: column.trim().to_string(),
        })
    }
}

/// Where an import finds what it reads: a column per field, and the day columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    indexes: Vec<(Field, usize)>,
    /// Columns that each stand for one day of the event, marked per person.
    pub days: Vec<(usize, PartialDate)>,
    /// The name column is Zoom's `Name (Original Name)`: a rename shows in parentheses.
    pub renamed_names: bool,
}

impl ColumnMap {
    pub fn index_of(&self, field: Field) -> Option<usize> {
        self.indexes
            .iter()
            .find(|(known, _)| *known == field)
            .map(|(_, index)| *index)
    }

    pub fn has(&self, field: Field) -> bool {
        self.index_of(field).is_some()
    }

    /// True when the file says something of each person's attendance: a status, days, or a
    /// video call's times.
    pub fn says_attendance(&self) -> bool {
        [
            Field::Status,
            Field::CheckIn,
            Field::DayList,
            Field::JoinTime,
            Field::Duration,
        ]
        .into_iter()
        .any(|field| self.has(field))
            || !self.days.is_empty()
    }

    /// True when the rows are a video call's connections.
    pub fn is_online_report(&self) -> bool {
        self.has(Field::JoinTime) || self.has(Field::Duration)
    }

    /// "name ← Nombre completo" for each matched field, to show the user what was understood.
    pub fn describe(&self, headers: &[String]) -> Vec<String> {
        let fields = Field::ALL.iter().filter_map(|&field| {
            self.index_of(field)
                .map(|index| format!("{field} ← `{}`", crate::quote::value(&headers[index])))
        });
        let days = self
            .days
            .iter()
            .map(|(index, day)| format!("day {day} ← `{}`", crate::quote::value(&headers[*index])));
        fields.chain(days).collect()
    }

    /// The headers nothing was read from, so an import can say what it leaves out.
    pub fn unmatched<'h>(&self, headers: &'h [String]) -> Vec<&'h str> {
        headers
            .iter()
            .enumerate()
            .filter(|(index, header)| !header.is_empty() && !self.is_used(*index))
            .map(|(_, header)| header.as_str())
            .collect()
    }

    fn is_used(&self, index: usize) -> bool {
        self.indexes.iter().any(|(_, taken)| *taken == index)
            || self.days.iter().any(|(taken, _)| *taken == index)
    }
}

/// Why the headers could not be matched to fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnProblem {
    /// `--map` (or `--ignore-column`) names a column the file does not have.
    NoSuchColumn {
        field: Option<Field>,
        column: String,
    },
    /// Two columns both look like one field; `--map` must choose.
    Ambiguous {
        field: Field,
        first: String,
        second: String,
    },
    /// No column holds a name, which every person needs.
    NoName,
}

/// What the headers are matched with, besides the headers themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Matching<'a> {
    pub overrides: &'a [ColumnOverride],
    /// Headers to leave out (`--ignore-column`).
    pub ignored: &'a [String],
    /// Columns not to match by their name: a tool's own columns that look like a field but
    /// are not the person's (see `source`).
    pub not_by_name: &'a [usize],
    /// The event, whose days a header may name.
    pub event: Option<&'a EventDays>,
}

/// The text of a header that names a field: a Kobo path (`group_datos/nombre`, with no space
/// around the slash) by its last segment, a plural marker (`Nombre(s)`) kept as a word.
fn header_words(header: &str) -> String {
    fold(last_path_segment(header))
}

/// The last segment of a Kobo group path; a header with ` / ` between words is one text, and
/// so is one with a slash in parentheses, a hint at how to answer (`Date of birth
/// (DD/MM/YYYY)`), which no group path has.
fn last_path_segment(header: &str) -> &str {
    let bytes = header.as_bytes();
    let mut start = 0;
    let mut depth = 0usize;
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let joins_words = *byte == b'/'
            && depth == 0
            && at > 0
            && at + 1 < bytes.len()
            && !bytes[at - 1].is_ascii_whitespace()
            && !bytes[at + 1].is_ascii_whitespace();
        if joins_words {
            start = at + 1;
        }
    }
    &header[start..]
}

/// True when `words` (folded) holds `phrase` (folded) as whole words.
fn holds_phrase(words: &str, phrase: &str) -> bool {
    format!(" {words} ").contains(&format!(" {phrase} "))
}

/// The first of `headers` that names `field`, whole or by its word, without the rule of
/// [`match_columns`] that a name column must be found: a quiz may identify its respondents by
/// the email it collected alone.
pub fn column_naming(headers: &[String], field: Field) -> Option<usize> {
    let folded: Vec<String> = headers.iter().map(|header| header_words(header)).collect();
    folded
        .iter()
        .position(|header| field.synonyms().contains(&header.as_str()))
        .or_else(|| {
            folded
                .iter()
                .position(|header| field.words().iter().any(|word| holds_phrase(header, word)))
        })
}

/// Matches headers to fields: `--map` first, then headers naming a field whole, then day
/// columns, then headers holding one field's word; a name column must be found.
pub fn match_columns(headers: &[String], matching: &Matching) -> Result<ColumnMap, ColumnProblem> {
    let folded: Vec<String> = headers.iter().map(|header| header_words(header)).collect();
    let mut map = ColumnMap::default();
    let position_of = |column: &str| {
        headers
            .iter()
            .position(|header| header.trim() == column)
            .or_else(|| folded.iter().position(|header| *header == fold(column)))
            .or_else(|| {
                headers
                    .iter()
                    .position(|header| fold(header) == fold(column))
            })
    };
    let mut left_out: Vec<usize> = matching.not_by_name.to_vec();
    for column in matching.ignored {
        let index = position_of(column).ok_or_else(|| ColumnProblem::NoSuchColumn {
            field: None,
            column: column.clone(),
        })?;
        left_out.push(index);
    }
    for wanted in matching.overrides {
        let index = position_of(&wanted.column).ok_or_else(|| ColumnProblem::NoSuchColumn {
            field: Some(wanted.field),
            column: wanted.column.clone(),
        })?;
        map.indexes.retain(|(field, _)| *field != wanted.field);
        map.indexes.push((wanted.field, index));
    }
    // Kobo's own columns (`_id`, `_uuid`, `_index`, `__version__`) are never a person's.
    let by_name_allowed = |index: usize, map: &ColumnMap| {
        !map.is_used(index) && !left_out.contains(&index) && !headers[index].starts_with('_')
    };
    for field in Field::ALL {
        if map.has(field) {
            continue;
        }
        let candidates: Vec<usize> = (0..headers.len())
            .filter(|&index| {
                by_name_allowed(index, &map) && field.synonyms().contains(&folded[index].as_str())
            })
            .collect();
        match candidates.as_slice() {
            [] => {}
            [index] => map.indexes.push((field, *index)),
            [first, second, ..] => {
                return Err(ColumnProblem::Ambiguous {
                    field,
                    first: headers[*first].clone(),
                    second: headers[*second].clone(),
                });
            }
        }
    }
    if let Some(event) = matching.event {
        for (index, header) in headers.iter().enumerate() {
            if by_name_allowed(index, &map)
                && let Some(day) = day_of_header(header, event)
            {
                map.days.push((index, day));
            }
        }
        map.days.sort_by_key(|(_, day)| *day);
    }
    let mut found_by_word: Vec<(Field, usize)> = Vec::new();
    for index in 0..headers.len() {
        if !by_name_allowed(index, &map) {
            continue;
        }
        let fields: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|field| {
                !map.has(*field)
                    && field
                        .words()
                        .iter()
                        .any(|word| holds_phrase(&folded[index], word))
            })
            .collect();
        // A header holding two fields' words ("Nombre y correo de contacto") is neither.
        if let [field] = fields.as_slice() {
            if let Some((_, first)) = found_by_word.iter().find(|(known, _)| known == field) {
                return Err(ColumnProblem::Ambiguous {
                    field: *field,
                    first: headers[*first].clone(),
                    second: headers[index].clone(),
                });
            }
            found_by_word.push((*field, index));
        }
    }
    map.indexes.extend(found_by_word);
    map.renamed_names = map
        .index_of(Field::Name)
        .is_some_and(|index| holds_phrase(&fold(&headers[index]), "original name"));
    let has_name = [Field::Name, Field::GivenName, Field::Surname]
        .into_iter()
        .any(|field| map.has(field));
    if !has_name {
        return Err(ColumnProblem::NoName);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(ToString::to_string).collect()
    }

    fn matched(names: &[&str]) -> ColumnMap {
        match_columns(&headers(names), &Matching::default()).unwrap()
    }

    #[test]
    fn matches_spanish_google_forms_headers() {
        let map = matched(&[
            "Marca temporal",
            "Nombre completo",
            "Correo electrónico",
            "Organización",
            "País",
            "Estado",
            "Sector",
        ]);
        assert_eq!(map.index_of(Field::Name), Some(1));
        assert_eq!(map.index_of(Field::Email), Some(2));
        assert_eq!(map.index_of(Field::Organization), Some(3));
        assert_eq!(map.index_of(Field::Country), Some(4));
        assert_eq!(map.index_of(Field::Region), Some(5));
        assert_eq!(map.index_of(Field::Sector), Some(6));
        assert_eq!(map.index_of(Field::Gender), None);
    }

    #[test]
    fn matches_french_headers_in_any_case() {
        let map = matched(&["NOM", "Organisme", "Courriel", "Pays", "Secteur", "Sexe"]);
        assert_eq!(map.index_of(Field::Name), Some(0));
        assert_eq!(map.index_of(Field::Gender), Some(5));
    }

    #[test]
    fn finds_split_name_columns() {
        let french = matched(&["Prénom", "Nom", "Secteur"]);
        assert_eq!(french.index_of(Field::GivenName), Some(0));
        assert_eq!(french.index_of(Field::Name), Some(1));
        let spanish = matched(&["Nombre(s)", "Apellido(s)", "Sector"]);
        assert_eq!(spanish.index_of(Field::Name), Some(0));
        assert_eq!(spanish.index_of(Field::Surname), Some(1));
        let english = matched(&["First name", "Last name", "Sector"]);
        assert_eq!(english.index_of(Field::Name), None);
        assert_eq!(english.index_of(Field::Surname), Some(1));
    }

    #[test]
    fn matches_through_punctuation_extra_words_and_group_paths() {
        let map = matched(&[
            "Nombre(s)",
            "Organization / Institution",
            "State / Province",
            "Which sector do you work in?",
            "group_datos/correo",
            "Nombre y correo de contacto",
        ]);
        assert_eq!(map.index_of(Field::Organization), Some(1));
        assert_eq!(map.index_of(Field::Region), Some(2));
        assert_eq!(map.index_of(Field::Sector), Some(3));
        assert_eq!(map.index_of(Field::Email), Some(4));
        assert_eq!(
            map.unmatched(&headers(&[
                "Nombre(s)",
                "Organization / Institution",
                "State / Province",
                "Which sector do you work in?",
                "group_datos/correo",
                "Nombre y correo de contacto"
            ])),
            ["Nombre y correo de contacto"]
        );
    }

    #[test]
    fn finds_a_year_or_date_of_birth_in_each_language() {
        for header in [
            "Year of birth",
            "Date of birth",
            "D.O.B.",
            "Año de nacimiento",
            "Fecha de nacimiento",
            "Année de naissance",
            "Date de naissance",
            "출생연도",
            "생년월일",
            "group_datos/birth_year",
            "group_datos/anio_nacimiento",
            "date_of_birth",
            "What is your year of birth?",
            "Date of birth (DD/MM/YYYY)",
            "Fecha de nacimiento (dd/mm/aaaa)",
        ] {
            let map = matched(&["Name", header]);
            assert_eq!(map.index_of(Field::BirthYear), Some(1), "{header}");
        }
        // A place of birth says nothing of an age.
        assert!(!matched(&["Name", "Place of birth"]).has(Field::BirthYear));
    }

    #[test]
    fn a_row_number_is_never_the_id() {
        let map = matched(&["ID", "No.", "_id", "Attendee #", "Name"]);
        assert_eq!(map.index_of(Field::Id), None);
        let overrides = vec!["id=ID".parse().unwrap()];
        let mapped = match_columns(
            &headers(&["ID", "Name"]),
            &Matching {
                overrides: &overrides,
                ..Matching::default()
            },
        )
        .unwrap();
        assert_eq!(mapped.index_of(Field::Id), Some(0));
    }

    #[test]
    fn reads_the_columns_of_a_call_report_and_the_days_of_a_sheet() {
        let zoom = matched(&[
            "Name (Original Name)",
            "User Email",
            "Join Time",
            "Leave Time",
            "Duration (Minutes)",
            "In Waiting Room",
        ]);
        assert!(zoom.renamed_names && zoom.is_online_report());
        assert_eq!(zoom.index_of(Field::WaitingRoom), Some(5));
        let event = EventDays::between(
            Some("2019-11-27".parse().unwrap()),
            Some("2019-11-28".parse().unwrap()),
        );
        let sheet = match_columns(
            &headers(&[
                "Nombre completo",
                "28/11/2019",
                "Miércoles 27 de noviembre",
                "Fecha de nacimiento",
            ]),
            &Matching {
                event: Some(&event),
                ..Matching::default()
            },
        )
        .unwrap();
        let days: Vec<(usize, String)> = sheet
            .days
            .iter()
            .map(|(index, day)| (*index, day.to_string()))
            .collect();
        assert_eq!(
            days,
            [(2, "2019-11-27".to_string()), (1, "2019-11-28".to_string())]
        );
        assert!(sheet.says_attendance());
    }

    #[test]
    fn an_override_wins_and_frees_the_synonym() {
        let found = headers(&["Name", "Participant", "Sector"]);
        let overrides = vec!["name=Participant".parse().unwrap()];
        let map = match_columns(
            &found,
            &Matching {
                overrides: &overrides,
                ..Matching::default()
            },
        )
        .unwrap();
        assert_eq!(map.index_of(Field::Name), Some(1));
    }

    #[test]
    fn reports_missing_ambiguous_and_unknown_columns() {
        let none = Matching::default();
        assert_eq!(
            match_columns(&headers(&["Correo", "Sector"]), &none),
            Err(ColumnProblem::NoName)
        );
        assert!(matches!(
            match_columns(&headers(&["Nombre", "Nom", "Sector"]), &none),
            Err(ColumnProblem::Ambiguous {
                field: Field::Name,
                ..
            })
        ));
        let overrides = vec!["sector=Área".parse().unwrap()];
        assert!(matches!(
            match_columns(
                &headers(&["Nombre", "Sector"]),
                &Matching {
                    overrides: &overrides,
                    ..Matching::default()
                }
            ),
            Err(ColumnProblem::NoSuchColumn { .. })
        ));
        let ignored = vec!["Sector".to_string()];
        let map = match_columns(
            &headers(&["Nombre", "Sector"]),
            &Matching {
                ignored: &ignored,
                ..Matching::default()
            },
        )
        .unwrap();
        assert_eq!(map.index_of(Field::Sector), None);
        assert!("colour=x".parse::<ColumnOverride>().is_err());
        assert!("name".parse::<ColumnOverride>().is_err());
    }
}
