//! The booking as an iCalendar file (RFC 5545): one all-day `VEVENT` from the
//! check-in date to the check-out date (DTEND is exclusive for dates, so the
//! event covers the nights), its UID derived from the booking reference so a
//! calendar updates rather than duplicates it. Written by hand: escaping and
//! line folding are all this needs.

use jiff::Timestamp;
use jiff::civil::Date;

pub struct CalendarEvent<'a> {
    pub uid: String,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub start: Date,
    pub end: Date,
    pub stamp: Timestamp,
    /// Its revision (`SEQUENCE`): greater for every change of the booking.
    pub sequence: u32,
}

impl CalendarEvent<'_> {
    /// The `.ics` text, CRLF line ends, lines folded at 75 octets.
    pub fn to_ics(&self) -> String {
        let lines = [
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//Ghasi//bff-tenant-booking//EN".to_owned(),
            "CALSCALE:GREGORIAN".to_owned(),
            "METHOD:PUBLISH".to_owned(),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", text(&self.uid)),
            format!("DTSTAMP:{}", self.stamp.strftime("%Y%m%dT%H%M%SZ")),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTART;VALUE=DATE:{}", self.start.strftime("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", self.end.strftime("%Y%m%d")),
            format!("SUMMARY:{}", text(self.summary)),
            format!("LOCATION:{}", text(self.location)),
            format!("DESCRIPTION:{}", text(self.description)),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
            "END:VCALENDAR".to_owned(),
        ];
        let mut out = String::new();
        for line in lines {
            fold(&line, &mut out);
        }
        out
    }
}

/// TEXT value escaping (RFC 5545 §3.3.11); other control characters dropped.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_all_day_event_from_checkin_to_checkout_escaped_and_folded() {
        let event = CalendarEvent {
            uid: "AUR-123@aurora.bff-tenant-booking".into(),
            summary: "Aurora Lisboa; Classic Double, 2 nights",
            location: "Rua da Ribeira Nova 12\n1200-370 Lisboa",
            description: &"é".repeat(60),
            start: jiff::civil::date(2026, 5, 1),
            end: jiff::civil::date(2026, 5, 3),
            stamp: Timestamp::UNIX_EPOCH,
            sequence: 3,
        };
        let ics = event.to_ics();
        assert!(ics.contains("DTSTART;VALUE=DATE:20260501\r\n"), "{ics}");
        assert!(ics.contains("SEQUENCE:3\r\n"), "{ics}");
        assert!(ics.contains("DTEND;VALUE=DATE:20260503\r\n"), "{ics}");
        assert!(ics.contains("SUMMARY:Aurora Lisboa\\; Classic Double\\, 2 nights\r\n"), "{ics}");
        assert!(ics.contains("LOCATION:Rua da Ribeira Nova 12\\n1200-370 Lisboa\r\n"), "{ics}");
        assert!(ics.lines().all(|l| l.len() <= 75), "{ics}");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
