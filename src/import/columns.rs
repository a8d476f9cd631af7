//! Which spreadsheet column holds which participant field: headers matched case- and
//! accent-insensitively against synonyms in English, Spanish and French, `--map` overriding.

use std::fmt;
use std::str::FromStr;

use super::normalize::fold;

/// A participant field an import can fill from a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
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
    Illustrative,
    /// What the person agreed to: `list`, `aggregate` or `none`.
    Consent,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Id,
        Field::Name,
        Field::GivenName,
        Field::Surname,
        Field::Organization,
        Field::Email,
        Field::Country,
        Field::Region,
        Field::Sector,
        Field::Gender,
        Field::Illustrative,
        Field::Consent,
    ];

    /// The field's name, as the records and `--map` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::GivenName => "given-name",
            Field::Surname => "surname",
            Field::Organization => "organization",
            Field::Email => "email",
            Field::Country => "country",
            Field::Region => "region",
            Field::Sector => "sector",
            Field::Gender => "gender",
            Field::Illustrative => "illustrative",
            Field::Consent => "consent",
        }
    }

    /// A participant cannot be made without these.
    pub fn is_required(self) -> bool {
        matches!(self, Field::Name | Field::Sector)
    }

    /// Header texts (already folded) that mean this field on forms in English, Spanish, French.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id"],
            Field::Name => &[
                "name",
                "full name",
                "nombre",
                "nombre completo",
                "nombre y apellido",
                "nombre y apellidos",
                "nom",
                "nom complet",
                "nom et prenom",
                "prenom et nom",
            ],
            Field::GivenName => &["prenom", "first name", "given name"],
            Field::Surname => &[
                "apellido",
                "apellidos",
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
            ],
            Field::Email => &[
                "email",
                "e mail",
                "email address",
                "correo",
                "correo electronico",
                "direccion de correo electronico",
                "courriel",
                "adresse courriel",
                "adresse e mail",
                "adresse electronique",
            ],
            Field::Country => &["country", "pais", "pays"],
            Field::Region => &[
                "region",
                "state",
                "province",
                "estado",
                "provincia",
                "departamento",
                "departement",
            ],
            Field::Sector => &["sector", "secteur"],
            Field::Gender => &["gender", "sex", "genero", "sexo", "sexe", "genre"],
            Field::Illustrative => &["illustrative"],
            Field::Consent => &["consent", "consentimiento", "consentement"],
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

/// The column index of each field the file has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    indexes: Vec<(Field, usize)>,
}

impl ColumnMap {
    pub fn index_of(&self, field: Field) -> Option<usize> {
        self.indexes
            .iter()
            .find(|(known, _)| *known == field)
            .map(|(_, index)| *index)
    }

    /// "name ← Nombre completo" for each matched field, to show the user what was understood.
    pub fn describe(&self, headers: &[String]) -> Vec<String> {
        Field::ALL
            .iter()
            .filter_map(|&field| {
                self.index_of(field)
                    .map(|index| format!("{field} ← {}", crate::quote::value(&headers[index])))
            })
            .collect()
    }

    /// The headers no field was read from, so a dry run can say what an import leaves out.
    pub fn unmatched<'h>(&self, headers: &'h [String]) -> Vec<&'h str> {
        headers
            .iter()
            .enumerate()
            .filter(|(index, _)| !self.indexes.iter().any(|(_, taken)| taken == index))
            .map(|(_, header)| header.as_str())
            .collect()
    }
}

/// Why the headers could not be matched to fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnProblem {
    /// `--map` names a column the file does not have.
    NoSuchColumn { field: Field, column: String },
    /// Two columns both look like one field; `--map` must choose.
    Ambiguous {
        field: Field,
        first: String,
        second: String,
    },
    /// Required fields that no column holds.
    Missing(Vec<Field>),
}

/// Matches headers to fields: `--map` first, then synonyms; every required field must be found.
pub fn match_columns(
    headers: &[String],
    overrides: &[ColumnOverride],
) -> Result<ColumnMap, ColumnProblem> {
    let folded: Vec<String> = headers.iter().map(|header| fold(header)).collect();
    let mut map = ColumnMap::default();
    for wanted in overrides {
        let index = headers
            .iter()
            .position(|header| header.trim() == wanted.column)
            .or_else(|| {
                folded
                    .iter()
                    .position(|header| *header == fold(&wanted.column))
            })
            .ok_or_else(|| ColumnProblem::NoSuchColumn {
                field: wanted.field,
                column: wanted.column.clone(),
            })?;
        map.indexes.retain(|(field, _)| *field != wanted.field);
        map.indexes.push((wanted.field, index));
    }
    let taken_by_override =
        |index: usize, map: &ColumnMap| map.indexes.iter().any(|(_, taken)| *taken == index);
    for field in Field::ALL {
        if map.index_of(field).is_some() {
            continue;
        }
        let candidates: Vec<usize> = folded
            .iter()
            .enumerate()
            .filter(|(index, header)| {
                field.synonyms().contains(&header.as_str()) && !taken_by_override(*index, &map)
            })
            .map(|(index, _)| index)
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
    // First name and surname columns together stand for a name column.
    let has_name_parts =
        map.index_of(Field::GivenName).is_some() || map.index_of(Field::Surname).is_some();
    let missing: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|field| field.is_required() && map.index_of(*field).is_none())
        .filter(|field| !(*field == Field::Name && has_name_parts))
        .collect();
    if !missing.is_empty() {
        return Err(ColumnProblem::Missing(missing));
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn matches_spanish_google_forms_headers() {
        let found = headers(&[
            "Marca temporal",
            "Nombre completo",
            "Correo electrónico",
            "Organización",
            "País",
            "Estado",
            "Sector",
        ]);
        let map = match_columns(&found, &[]).unwrap();
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
        let found = headers(&["NOM", "Organisme", "Courriel", "Pays", "Secteur", "Sexe"]);
        let map = match_columns(&found, &[]).unwrap();
        assert_eq!(map.index_of(Field::Name), Some(0));
        assert_eq!(map.index_of(Field::Gender), Some(5));
    }

    #[test]
    fn finds_split_name_columns() {
        let french = match_columns(&headers(&["Prénom", "Nom", "Secteur"]), &[]).unwrap();
        assert_eq!(french.index_of(Field::GivenName), Some(0));
        assert_eq!(french.index_of(Field::Name), Some(1));
        let spanish = match_columns(&headers(&["Nombre", "Apellidos", "Sector"]), &[]).unwrap();
        assert_eq!(spanish.index_of(Field::Name), Some(0));
        assert_eq!(spanish.index_of(Field::Surname), Some(1));
        let english = match_columns(&headers(&["First name", "Last name", "Sector"]), &[]).unwrap();
        assert_eq!(english.index_of(Field::Name), None);
        assert_eq!(english.index_of(Field::Surname), Some(1));
    }

    #[test]
    fn an_override_wins_and_frees_the_synonym() {
        let found = headers(&["Name", "Participant", "Sector"]);
        let overrides = vec!["name=Participant".parse().unwrap()];
        let map = match_columns(&found, &overrides).unwrap();
        assert_eq!(map.index_of(Field::Name), Some(1));
    }

    #[test]
    fn reports_missing_ambiguous_and_unknown_columns() {
        assert_eq!(
            match_columns(&headers(&["Nombre", "Email"]), &[]),
            Err(ColumnProblem::Missing(vec![Field::Sector]))
        );
        assert!(matches!(
            match_columns(&headers(&["Nombre", "Nom", "Sector"]), &[]),
            Err(ColumnProblem::Ambiguous {
                field: Field::Name,
                ..
            })
        ));
        let overrides = vec!["sector=Área".parse().unwrap()];
        assert!(matches!(
            match_columns(&headers(&["Nombre", "Sector"]), &overrides),
            Err(ColumnProblem::NoSuchColumn { .. })
        ));
        assert!("colour=x".parse::<ColumnOverride>().is_err());
        assert!("name".parse::<ColumnOverride>().is_err());
    }
}
