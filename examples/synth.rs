//! Writes a synthetic, valid format-v1 store of any size, for benchmarks and scale tests.
//!
//!     cargo run --release --example synth -- --participants 200000 --events 2000 --attendance 1000000 OUT
//!
//! The shape follows real rolls: Unicode names and regions, every sector of the default
//! vocabulary, about ten countries, one person at several events, ~85% of attendance `attended`.
//! The same arguments always give the same bytes (a fixed-seed xorshift generator).

// A developer tool run by hand: its usage message goes straight to stderr.
#![allow(clippy::print_stderr)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use gsef::model::{
    Attendance, AttendanceStatus, Event, Manifest, PartialDate, Participant, Role,
    SectorVocabulary, Series,
};
use gsef::store::Store;

const FIRST_NAMES: &[&str] = &[
    "María",
    "José",
    "Ana",
    "Luis",
    "Fatou",
    "Moussa",
    "Aminata",
    "Grace",
    "Joseph",
    "Min-jun",
    "Seo-yeon",
    "Élodie",
    "François",
    "Chloé",
    "Nuria",
    "Íñigo",
    "João",
    "Zoë",
    "Ngozi",
    "Kwame",
];
const LAST_NAMES: &[&str] = &[
    "García",
    "Hernández",
    "López",
    "Pérez",
    "Diop",
    "Ndiaye",
    "Sow",
    "Nakato",
    "Okello",
    "Kim",
    "Lee",
    "Park",
    "Tremblay",
    "Gagnon",
    "Côté",
    "Fernández",
    "Muñoz",
    "Sánchez",
    "Ouédraogo",
    "Müller",
];
/// Countries with regions typical of each, weighted towards the series' host countries.
const PLACES: &[(&str, &[&str])] = &[
    (
        "MX",
        &[
            "Ciudad de México",
            "Jalisco",
            "Oaxaca",
            "Chiapas",
            "Nuevo León",
            "Yucatán",
        ],
    ),
    (
        "MX",
        &["Puebla", "Michoacán", "Estado de México", "Veracruz"],
    ),
    ("SN", &["Dakar", "Thiès", "Saint-Louis", "Ziguinchor"]),
    ("UG", &["Kampala", "Wakiso", "Gulu", "Mbarara"]),
    ("KR", &["Seoul", "Busan", "Gyeonggi-do", "Jeju"]),
    ("CA", &["Québec", "Ontario", "Montréal"]),
    (
        "ES",
        &["Castilla-La Mancha", "Andalucía", "Cataluña", "País Vasco"],
    ),
    (
        "FR",
        &["Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie"],
    ),
    ("BR", &["São Paulo", "Rio Grande do Sul", "Bahia"]),
    ("PH", &["Metro Manila", "Cebu", "Davao"]),
    ("IT", &["Lombardia", "Emilia-Romagna", "Trentino"]),
];
const CITIES: &[(&str, &str)] = &[
    ("Dakar", "SN"),
    ("Kampala", "UG"),
    ("Seoul", "KR"),
    ("Ciudad de México", "MX"),
    ("Guadalajara", "MX"),
    ("Montréal", "CA"),
    ("Bilbao", "ES"),
    ("Lyon", "FR"),
    ("Porto Alegre", "BR"),
    ("Manila", "PH"),
];

struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Options {
    participants: usize,
    events: usize,
    attendance: usize,
    out: PathBuf,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        participants: 2000,
        events: 20,
        attendance: 10_000,
        out: PathBuf::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| format!("{name} needs a whole number"))
        };
        match arg.as_str() {
            "--participants" => options.participants = number("--participants")?,
            "--events" => options.events = number("--events")?,
            "--attendance" => options.attendance = number("--attendance")?,
            "-h" | "--help" => return Err(String::new()),
            other if !other.starts_with('-') => options.out = PathBuf::from(other),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if options.out.as_os_str().is_empty() {
        return Err("name the folder to create".to_string());
    }
    if options.participants == 0 || options.events == 0 {
        return Err("a store needs at least one participant and one event".to_string());
    }
    if options.attendance > options.participants * options.events {
        return Err("more attendance records than (event, participant) pairs".to_string());
    }
    Ok(options)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!(
                "{message}\nusage: synth [--participants N] [--events M] [--attendance K] OUT"
            );
            std::process::exit(2);
        }
    };
    let vocabulary = SectorVocabulary::default_vocabulary();
    Store::init(&options.out, &Manifest::new(&vocabulary))?;
    let sectors: Vec<String> = vocabulary
        .sectors()
        .iter()
        .map(|sector| sector.id.clone())
        .collect();
    let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);

    let series_count = options.events.div_ceil(50);
    write_lines(
        &options.out,
        "series.jsonl",
        (0..series_count).map(|n| Series {
            id: format!("s{n:03}"),
            title: format!("Programme de formation {n}"),
            organizer: Some("GSEF".to_string()),
            category: Some("Knowledge Exchange and Trainings".to_string()),
            completion: None,
            extra: Default::default(),
        }),
    )?;

    let events: Vec<Event> = (0..options.events)
        .map(|n| {
            let (city, country) = *random.pick(CITIES);
            let year = 2015 + (n * 10 / options.events) as u16;
            let month = 1 + random.below(12) as u8;
            let (start, end) = if n % 3 == 0 {
                // A third known only by month, as the 2019 Dakar, Kampala and Seoul trainings.
                (
                    PartialDate {
                        year,
                        month: Some(month),
                        day: None,
                    },
                    None,
                )
            } else {
                let day = 1 + random.below(27) as u8;
                let start = PartialDate {
                    year,
                    month: Some(month),
                    day: Some(day),
                };
                (
                    start,
                    Some(PartialDate {
                        day: Some(day + 1),
                        ..start
                    }),
                )
            };
            Event {
                id: format!("e{n:05}"),
                series: Some(format!("s{:03}", n / 50)),
                title: format!("Atelier sur l'économie sociale et solidaire n° {n}"),
                category: Some("Knowledge Exchange and Trainings".to_string()),
                city: Some(city.to_string()),
                country: Some(country.to_string()),
                start: Some(start),
                end,
                organizers: vec!["GSEF".to_string()],
                partners: Vec::new(),
                invited: Some(100 + random.below(100) as u32),
                objectives: vec![
                    "Raise awareness of the SSE".to_string(),
                    "Exchange experiences".to_string(),
                ],
                links: Vec::new(),
                completion: None,
                hours_per_day: None,
                extra: Default::default(),
            }
        })
        .collect();

    write_lines(
        &options.out,
        "participants.jsonl",
        (0..options.participants).map(|n| {
            let (country, regions) = *random.pick(PLACES);
            Participant {
                id: format!("p{n:07}"),
                name: format!("{} {}", random.pick(FIRST_NAMES), random.pick(LAST_NAMES)),
                organization: (n % 4 != 0).then(|| format!("Organización {}", n % 5000)),
                sector: Some(random.pick(&sectors).clone()),
                country: (n % 50 != 0).then(|| country.to_string()),
                region: (n % 9 != 0).then(|| random.pick(regions).to_string()),
                email: Some(format!("person{n}@example.org")),
                gender: Some(["female", "male", "non-binary"][random.below(3)].to_string()),
                // Forms often leave it out, so a third of people have none.
                birth_year: (n % 3 != 0).then(|| 1950 + u16::try_from(n % 55).expect("below 55")),
                illustrative: true,
                consent: None,
                forgotten: false,
                merged: Vec::new(),
                extra: Default::default(),
            }
        }),
    )?;

    // Distinct (event, participant) pairs: walk the events round-robin, stepping through
    // participants with an odd stride so each event draws a spread of people.
    let per_event = options.attendance.div_ceil(options.events);
    let stride = 7919 % options.participants.max(1);
    let stride = if stride == 0 { 1 } else { stride };
    let mut written = 0;
    let attendance = (0..options.events).flat_map(|event_index| {
        let offset = event_index * 31;
        (0..per_event)
            .map(move |slot| (event_index, (offset + slot * stride) % options.participants))
    });
    let mut seen_in_event = std::collections::HashSet::new();
    let mut last_event = usize::MAX;
    let records = attendance.filter_map(|(event_index, participant)| {
        if written >= options.attendance {
            return None;
        }
        if event_index != last_event {
            seen_in_event.clear();
            last_event = event_index;
        }
        if !seen_in_event.insert(participant) {
            return None;
        }
        written += 1;
        let event = &events[event_index];
        let roll = random.below(100);
        let status = match roll {
            0..85 => AttendanceStatus::Attended,
            85..93 => AttendanceStatus::Registered,
            93..98 => AttendanceStatus::NoShow,
            _ => AttendanceStatus::Cancelled,
        };
        let days = match (status, event.start, event.end) {
            (AttendanceStatus::Attended, Some(start), Some(end)) if start.day.is_some() => {
                if roll.is_multiple_of(4) {
                    vec![start]
                } else {
                    vec![start, end]
                }
            }
            _ => Vec::new(),
        };
        Some(Attendance {
            event: event.id.clone(),
            participant: format!("p{participant:07}"),
            status,
            role: roll.is_multiple_of(20).then_some(Role::Speaker),
            days,
            minutes: None,
            extra: Default::default(),
        })
    });
    write_lines(&options.out, "attendance.jsonl", records)?;
    write_lines(&options.out, "events.jsonl", events.into_iter())?;
    Ok(())
}

fn write_lines<T: serde::Serialize>(
    folder: &std::path::Path,
    file: &str,
    records: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(folder.join(file))?);
    for record in records {
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
