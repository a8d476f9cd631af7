//! Writes a registration spreadsheet of any size, and reads one as an import does, for timing
//! the spreadsheet import (`import::sheet`) and its memory.
//!
//!     cargo run --release --example sheet_rows -- write OUT.xlsx 100000
//!     /usr/bin/time -f "%e s %M KiB" target/release/examples/sheet_rows count OUT.xlsx [SHEET]
//!     cargo run --example sheet_rows -- show FILE [SHEET]
//!
//! `write` makes five columns (Name, Email, Organization, Region, Sector) of Unicode text, the
//! same rows for the same count; `count` reads every row and says how many there were and how
//! long it took; `show` prints each row's number and cells.

// A developer tool run by hand: what it says goes straight to stdout and stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use gsef::import::rows::RowSource;
use gsef::import::sheet::SheetReader;

const NAMES: &[&str] = &[
    "María José",
    "Fatou Diop",
    "Min-jun Kim",
    "김서연",
    "Élodie Faure",
    "Íñigo Ruiz",
    "João Silva",
    "Zoë Ñúñez",
    "Grace Mensah",
    "Luis Pérez",
];
const ORGANIZATIONS: &[&str] = &[
    "Cooperativa La Esperanza",
    "Ministère de l'Agriculture",
    "서울대학교",
    "Red Cross",
    "Asociación Civil Tierra",
];
const REGIONS: &[&str] = &["Oaxaca", "Dakar", "Seoul", "Île-de-France", "Navarra"];
const SECTORS: &[&str] = &[
    "government",
    "civil society",
    "academia",
    "private",
    "media",
];

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    let result = match arguments.as_slice() {
        ["write", path, rows] => match rows.parse() {
            Ok(rows) => write(Path::new(path), rows),
            Err(_) => Err(format!("not a number of rows: {rows}")),
        },
        ["count", path, rest @ ..] if rest.len() <= 1 => count(Path::new(path), rest.first()),
        ["show", path, rest @ ..] if rest.len() <= 1 => show(Path::new(path), rest.first()),
        _ => Err(
            "usage: sheet_rows write OUT.xlsx ROWS | count FILE [SHEET] | show FILE [SHEET]"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sheet_rows: {message}");
            ExitCode::FAILURE
        }
    }
}

fn write(path: &Path, rows: u32) -> Result<(), String> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = ["Name", "Email", "Organization", "Region", "Sector"];
    for (column, name) in (0u16..).zip(header) {
        sheet
            .write_string(0, column, name)
            .map_err(|e| e.to_string())?;
    }
    for row in 1..=rows {
        let pick = |list: &[&'static str], step: u32| list[(row * step) as usize % list.len()];
        let name = format!("{} {row}", pick(NAMES, 1));
        let email = format!("person{row}@example.org");
        let cells = [
            name.as_str(),
            email.as_str(),
            pick(ORGANIZATIONS, 3),
            pick(REGIONS, 7),
            pick(SECTORS, 11),
        ];
        for (column, cell) in (0u16..).zip(cells) {
            sheet
                .write_string(row, column, cell)
                .map_err(|e| e.to_string())?;
        }
    }
    workbook.save(path).map_err(|e| e.to_string())
}

fn count(path: &Path, sheet: Option<&&str>) -> Result<(), String> {
    let started = Instant::now();
    let mut reader = SheetReader::open(path, sheet.copied()).map_err(|e| format!("{e:?}"))?;
    let opened = started.elapsed();
    let (mut rows, mut blank, mut cells) = (0u64, 0u64, 0usize);
    while let Some(row) = reader.next_row().map_err(|e| format!("{e:?}"))? {
        rows += 1;
        blank += u64::from(row.is_blank());
        cells += row.cells().count();
    }
    eprintln!(
        "{rows} rows ({blank} blank), {cells} cells of sheet `{}`: opened in {:.3} s, read in {:.3} s",
        reader.sheet_name(),
        opened.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn show(path: &Path, sheet: Option<&&str>) -> Result<(), String> {
    let mut reader = SheetReader::open(path, sheet.copied()).map_err(|e| format!("{e:?}"))?;
    while let Some(row) = reader.next_row().map_err(|e| format!("{e:?}"))? {
        println!("{}: {:?}", row.line, row.cells().collect::<Vec<_>>());
    }
    Ok(())
}
