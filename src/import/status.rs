//! A status column read as gsef's statuses: what Eventbrite, pretix, Indico and hand-made
//! sheets write, in English, Spanish and French, and `--status-map` for anything else.

use std::collections::HashMap;

use super::normalize::fold;
use crate::model::AttendanceStatus;

/// What a status cell says about a person's place at the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusAnswer {
    Status(AttendanceStatus),
    /// The person never had a place: an abandoned order, a registration the organisers
    /// rejected, an order that expired unconfirmed. Not a cancellation by the person, so the
    /// row is left out, and the import says so.
    NoPlace,
}

/// Header texts (folded) of a status column.
pub const HEADERS: &[&str] = &[
    "status",
    "attendee status",
    "attendance status",
    "registration status",
    "registration state",
    "participant status",
    "estatus",
    "estado de asistencia",
    "estado de la inscripcion",
    "estado de inscripcion",
    "estado del registro",
    "statut",
    "statut de participation",
    "statut d inscription",
    "statut de l inscription",
];

/// Header texts (folded) of a yes/no check-in column (Indico's `Checked in`): yes is attended,
/// no says only that the person registered.
pub const CHECK_IN_HEADERS: &[&str] = &[
    "checked in",
    "check in",
    "checkin",
    "registro de entrada",
    "enregistre a l entree",
];

/// The values tools write, folded, and what they mean. Eventbrite: `Checked In`, `Attending`
/// (holds a ticket; whether they came is unknown unless check-in was used), `Not Attending`.
/// pretix: paid, pending, canceled, expired. Indico: complete, unpaid, pending, withdrawn,
/// rejected. gsef's own export writes its status names.
const ANSWERS: &[(&str, StatusAnswer)] = {
    use AttendanceStatus::{Attended, Cancelled, NoShow, Registered};
    use StatusAnswer::{NoPlace, Status};
    &[
        ("attended", Status(Attended)),
        ("checked in", Status(Attended)),
        ("check in", Status(Attended)),
        ("present", Status(Attended)),
        ("presente", Status(Attended)),
        ("asistio", Status(Attended)),
        ("participo", Status(Attended)),
        ("a participe", Status(Attended)),
        ("venu", Status(Attended)),
        ("venue", Status(Attended)),
        ("registered", Status(Registered)),
        ("attending", Status(Registered)),
        ("confirmed", Status(Registered)),
        ("complete", Status(Registered)),
        ("completed", Status(Registered)),
        ("paid", Status(Registered)),
        ("pending", Status(Registered)),
        ("approval pending", Status(Registered)),
        ("unpaid", Status(Registered)),
        ("offline", Status(Registered)),
        ("waitlist", Status(Registered)),
        ("waiting list", Status(Registered)),
        ("registrado", Status(Registered)),
        ("registrada", Status(Registered)),
        ("inscrito", Status(Registered)),
        ("inscrita", Status(Registered)),
        ("asistira", Status(Registered)),
        ("confirmado", Status(Registered)),
        ("confirmada", Status(Registered)),
        ("pendiente", Status(Registered)),
        ("inscrit", Status(Registered)),
        ("inscrite", Status(Registered)),
        ("confirme", Status(Registered)),
        ("confirmee", Status(Registered)),
        ("en attente", Status(Registered)),
        ("no show", Status(NoShow)),
        ("noshow", Status(NoShow)),
        ("absent", Status(NoShow)),
        ("absente", Status(NoShow)),
        ("ausente", Status(NoShow)),
        ("no asistio", Status(NoShow)),
        ("no se presento", Status(NoShow)),
        ("cancelled", Status(Cancelled)),
        ("canceled", Status(Cancelled)),
        ("not attending", Status(Cancelled)),
        ("refunded", Status(Cancelled)),
        ("refunded canceled", Status(Cancelled)),
        ("refunded cancelled", Status(Cancelled)),
        ("deleted", Status(Cancelled)),
        ("transferred", Status(Cancelled)),
        ("withdrawn", Status(Cancelled)),
        ("cancelado", Status(Cancelled)),
        ("cancelada", Status(Cancelled)),
        ("reembolsado", Status(Cancelled)),
        ("annule", Status(Cancelled)),
        ("annulee", Status(Cancelled)),
        ("rembourse", Status(Cancelled)),
        ("desiste", Status(Cancelled)),
        ("abandoned", NoPlace),
        ("rejected", NoPlace),
        ("expired", NoPlace),
        ("rechazado", NoPlace),
        ("rechazada", NoPlace),
        ("rejete", NoPlace),
        ("refuse", NoPlace),
    ]
};

/// Reads status cells: the built-in answers, then those `--status-map` adds.
#[derive(Debug, Default)]
pub struct StatusMatcher {
    mapped: HashMap<String, AttendanceStatus>,
}

impl StatusMatcher {
    /// `answer` (as typed) means `status`, over any built-in meaning.
    pub fn map_answer(&mut self, answer: &str, status: AttendanceStatus) {
        self.mapped.insert(fold(answer), status);
    }

    /// What a status cell says, or `None` when nothing gsef knows.
    pub fn read(&self, cell: &str) -> Option<StatusAnswer> {
        let folded = fold(cell);
        if let Some(status) = self.mapped.get(&folded) {
            return Some(StatusAnswer::Status(*status));
        }
        ANSWERS
            .iter()
            .find(|(answer, _)| *answer == folded)
            .map(|(_, meaning)| *meaning)
    }

    /// What a check-in cell says: a yes is attended, a no registered.
    pub fn read_check_in(&self, cell: &str) -> Option<StatusAnswer> {
        use crate::model::day_text::{Mark, mark};
        match mark(cell) {
            Mark::Present => Some(StatusAnswer::Status(AttendanceStatus::Attended)),
            Mark::Absent => Some(StatusAnswer::Status(AttendanceStatus::Registered)),
            Mark::Unknown => self.read(cell),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttendanceStatus::{Attended, Cancelled, NoShow, Registered};

    #[test]
    fn reads_what_ticketing_tools_write() {
        let matcher = StatusMatcher::default();
        let read = |cell| matcher.read(cell);
        assert_eq!(read("Checked In"), Some(StatusAnswer::Status(Attended)));
        assert_eq!(read("Attending"), Some(StatusAnswer::Status(Registered)));
        assert_eq!(read("Not Attending"), Some(StatusAnswer::Status(Cancelled)));
        assert_eq!(
            read("Refunded/Canceled"),
            Some(StatusAnswer::Status(Cancelled))
        );
        assert_eq!(read("No Show"), Some(StatusAnswer::Status(NoShow)));
        assert_eq!(read("no-show"), Some(StatusAnswer::Status(NoShow)));
        assert_eq!(read("ANNULÉ"), Some(StatusAnswer::Status(Cancelled)));
        assert_eq!(read("withdrawn"), Some(StatusAnswer::Status(Cancelled)));
        assert_eq!(read("rejected"), Some(StatusAnswer::NoPlace));
        assert_eq!(read("Maybe"), None);
    }

    #[test]
    fn a_map_adds_and_overrides_answers() {
        let mut matcher = StatusMatcher::default();
        matcher.map_answer("Vino", Attended);
        matcher.map_answer("Attending", NoShow);
        assert_eq!(matcher.read("vino"), Some(StatusAnswer::Status(Attended)));
        assert_eq!(
            matcher.read("attending"),
            Some(StatusAnswer::Status(NoShow))
        );
    }

    #[test]
    fn a_check_in_column_is_read_as_marks() {
        let matcher = StatusMatcher::default();
        assert_eq!(
            matcher.read_check_in("Yes"),
            Some(StatusAnswer::Status(Attended))
        );
        assert_eq!(
            matcher.read_check_in("No"),
            Some(StatusAnswer::Status(Registered))
        );
        assert_eq!(matcher.read_check_in("¿?"), None);
    }
}
