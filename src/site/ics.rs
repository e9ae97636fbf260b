//! Calendar feeds (RFC 5545): one `.ics` per ritual and one with every ritual.
//!
//! A ritual's cadence and weekday become an `RRULE`, its `started_on`, `time` and
//! `timezone` a `DTSTART;TZID=…`. Common IANA zones get a `VTIMEZONE` from a small
//! built-in table (the site has no time-zone database); other zones are written
//! by name only, which calendar apps resolve themselves. Text is escaped and
//! lines are folded at 75 octets; UIDs depend only on the org and the ritual id,
//! so re-importing a feed updates events instead of duplicating them.

pub use crate::date::{parse_weekday, weekday_name};

use crate::date::Date;
use crate::model::{Cadence, Ritual};

/// When a ritual happens, as far as the YAML says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub cadence: Cadence,
    /// The first occurrence, moved forward to `day` when both are given.
    pub start: Date,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    /// Local start time (hour, minute), `None` for an all-day event.
    pub time: Option<(u32, u32)>,
    pub timezone: Option<String>,
    pub duration_minutes: u32,
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Parses `HH:MM` (24-hour clock).
pub fn parse_time(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.trim().split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some((h, m))
}

/// The schedule of a ritual; `fallback` is the first day when `started_on` is
/// missing or not a date.
pub fn schedule(r: &Ritual, fallback: Date) -> Schedule {
    let mut start = r
        .started_on
        .as_ref()
        .and_then(|s| Date::parse(s))
        .unwrap_or(fallback);
    let weekday = r
        .day
        .as_deref()
        .and_then(parse_weekday)
        .unwrap_or_else(|| start.weekday());
    while start.weekday() != weekday {
        start = start.add_days(1);
    }
    Schedule {
        cadence: *r.cadence,
        start,
        weekday,
        time: r.time.as_deref().and_then(parse_time),
        timezone: r
            .timezone
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 64)
            .map(str::to_string),
        duration_minutes: r.duration_minutes.unwrap_or(60).clamp(1, 24 * 60),
    }
}

/// Which occurrence of its weekday in the month a date is: 1..=4, or -1 for the
/// fifth (written "last" so that every month has one).
fn nth_in_month(d: Date) -> i32 {
    let (_, _, day) = d.ymd();
    let n = i32::try_from((day - 1) / 7 + 1).unwrap_or(1);
    if n >= 5 { -1 } else { n }
}

/// The `RRULE` value for a schedule.
pub fn rrule(s: &Schedule) -> String {
    let day = BYDAY[s.weekday as usize % 7];
    match s.cadence {
        Cadence::Daily => "FREQ=DAILY".to_string(),
        Cadence::Weekly => format!("FREQ=WEEKLY;BYDAY={day}"),
        Cadence::Biweekly => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
        Cadence::Monthly => format!("FREQ=MONTHLY;BYDAY={}{day}", nth_in_month(s.start)),
        Cadence::Quarterly => {
            format!(
                "FREQ=MONTHLY;INTERVAL=3;BYDAY={}{day}",
                nth_in_month(s.start)
            )
        }
    }
}

/// The date of the `n`-th `weekday` of a month (`n` = -1 for the last one).
pub fn nth_weekday(year: i64, month: u32, weekday: u32, n: i32) -> Option<Date> {
    let first = Date::parse(&format!("{year:04}-{month:02}-01"))?;
    if n > 0 {
        let offset = (i64::from(weekday) - i64::from(first.weekday())).rem_euclid(7);
        let d = first.add_days(offset + 7 * i64::from(n - 1));
        (d.ymd().1 == month).then_some(d)
    } else {
        let (ny, nm) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let last = Date::parse(&format!("{ny:04}-{nm:02}-01"))?.add_days(-1);
        let back = (i64::from(last.weekday()) - i64::from(weekday)).rem_euclid(7);
        Some(last.add_days(-back))
    }
}

/// The first occurrence on or after `today`.
pub fn next_occurrence(s: &Schedule, today: Date) -> Option<Date> {
    if s.start >= today {
        return Some(s.start);
    }
    let step = match s.cadence {
        Cadence::Daily => 1,
        Cadence::Weekly => 7,
        Cadence::Biweekly => 14,
        Cadence::Monthly | Cadence::Quarterly => {
            let every = if s.cadence == Cadence::Monthly { 1 } else { 3 };
            let n = nth_in_month(s.start);
            let (mut y, mut m, _) = s.start.ymd();
            for _ in 0..400 {
                if let Some(d) = nth_weekday(y, m, s.weekday, n).filter(|d| *d >= today) {
                    return Some(d);
                }
                m += every;
                while m > 12 {
                    m -= 12;
                    y += 1;
                }
            }
            return None;
        }
    };
    let behind = s.start.days_until(today);
    let k = (behind + step - 1) / step;
    Some(s.start.add_days(k * step))
}

/// Escapes a TEXT value: backslash, `;`, `,` and newlines; drops other controls.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let with = match c {
            '\\' => "\\\\",
            ';' => "\\;",
            ',' => "\\,",
            '\n' => "\\n",
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(with);
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out
}

/// Folds one content line at 75 octets (never inside a UTF-8 character) and ends
/// every physical line with CRLF; continuation lines start with a space.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 74 * 3 + 2);
    let mut rest = line;
    // The first line holds 75 octets, the next ones a space and 74.
    let mut room = 75;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
    out
}

/// A built-in time-zone rule: standard offset, daylight offset and the switch rule.
struct Zone {
    name: &'static str,
    std: i32,
    dst: Option<(i32, Dst)>,
    std_abbr: &'static str,
    dst_abbr: &'static str,
}

#[derive(Clone, Copy)]
enum Dst {
    /// Last Sunday of March to last Sunday of October, at 01:00 UTC.
    Eu,
    /// Second Sunday of March to first Sunday of November, at 02:00 local.
    Us,
    /// First Sunday of October to first Sunday of April, at 02:00/03:00 local.
    Au,
}

const fn z(
    name: &'static str,
    std: i32,
    dst: Option<(i32, Dst)>,
    std_abbr: &'static str,
    dst_abbr: &'static str,
) -> Zone {
    Zone {
        name,
        std,
        dst,
        std_abbr,
        dst_abbr,
    }
}

const ZONES: &[Zone] = &[
    z("UTC", 0, None, "UTC", ""),
    z("Etc/UTC", 0, None, "UTC", ""),
    z("Europe/London", 0, Some((60, Dst::Eu)), "GMT", "BST"),
    z("Europe/Dublin", 0, Some((60, Dst::Eu)), "GMT", "IST"),
    z("Europe/Lisbon", 0, Some((60, Dst::Eu)), "WET", "WEST"),
    z("Europe/Paris", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Berlin", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Madrid", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Rome", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Amsterdam", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Brussels", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Vienna", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Zurich", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Stockholm", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Oslo", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Copenhagen", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Warsaw", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Prague", 60, Some((120, Dst::Eu)), "CET", "CEST"),
    z("Europe/Helsinki", 120, Some((180, Dst::Eu)), "EET", "EEST"),
    z("Europe/Athens", 120, Some((180, Dst::Eu)), "EET", "EEST"),
    z("Europe/Kyiv", 120, Some((180, Dst::Eu)), "EET", "EEST"),
    z(
        "America/New_York",
        -300,
        Some((-240, Dst::Us)),
        "EST",
        "EDT",
    ),
    z("America/Toronto", -300, Some((-240, Dst::Us)), "EST", "EDT"),
    z("America/Chicago", -360, Some((-300, Dst::Us)), "CST", "CDT"),
    z("America/Denver", -420, Some((-360, Dst::Us)), "MST", "MDT"),
    z("America/Phoenix", -420, None, "MST", ""),
    z(
        "America/Los_Angeles",
        -480,
        Some((-420, Dst::Us)),
        "PST",
        "PDT",
    ),
    z(
        "America/Vancouver",
        -480,
        Some((-420, Dst::Us)),
        "PST",
        "PDT",
    ),
    z("America/Sao_Paulo", -180, None, "-03", ""),
    z("Asia/Dubai", 240, None, "+04", ""),
    z("Asia/Kolkata", 330, None, "IST", ""),
    z("Asia/Singapore", 480, None, "+08", ""),
    z("Asia/Shanghai", 480, None, "CST", ""),
    z("Asia/Tokyo", 540, None, "JST", ""),
    z("Australia/Brisbane", 600, None, "AEST", ""),
    z(
        "Australia/Sydney",
        600,
        Some((660, Dst::Au)),
        "AEST",
        "AEDT",
    ),
    z(
        "Australia/Melbourne",
        600,
        Some((660, Dst::Au)),
        "AEST",
        "AEDT",
    ),
];

fn offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

fn stamp(d: Date, hour: u32) -> String {
    let (y, m, day) = d.ymd();
    format!("{y:04}{m:02}{day:02}T{hour:02}0000")
}

fn sub(kind: &str, from: i32, to: i32, abbr: &str, start: String, rule: Option<String>) -> String {
    let mut s = format!(
        "BEGIN:{kind}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
        offset(from),
        offset(to)
    );
    if !abbr.is_empty() {
        s.push_str(&format!("TZNAME:{abbr}\r\n"));
    }
    s.push_str(&format!("DTSTART:{start}\r\n"));
    if let Some(r) = rule {
        s.push_str(&format!("RRULE:{r}\r\n"));
    }
    s.push_str(&format!("END:{kind}\r\n"));
    s
}

/// The `VTIMEZONE` component for a zone in the built-in table.
pub fn vtimezone(name: &str) -> Option<String> {
    let zone = ZONES.iter().find(|z| z.name == name)?;
    let mut s = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name);
    match zone.dst {
        None => s.push_str(&sub(
            "STANDARD",
            zone.std,
            zone.std,
            zone.std_abbr,
            "19700101T000000".into(),
            None,
        )),
        Some((dst, rule)) => {
            // (month, n-th Sunday, local hour) of the switch to daylight and back.
            let (on, off) = match rule {
                Dst::Eu => {
                    let h = u32::try_from(1 + zone.std / 60).unwrap_or(1);
                    ((3, -1, h), (10, -1, h + 1))
                }
                Dst::Us => ((3, 2, 2), (11, 1, 2)),
                Dst::Au => ((10, 1, 2), (4, 1, 3)),
            };
            let when = |(m, n, h): (u32, i32, u32)| {
                let d = nth_weekday(1970, m, 6, n).unwrap_or(Date(0));
                let by = format!("FREQ=YEARLY;BYMONTH={m};BYDAY={n}SU");
                (stamp(d, h), by)
            };
            let (on_start, on_rule) = when(on);
            let (off_start, off_rule) = when(off);
            s.push_str(&sub(
                "DAYLIGHT",
                zone.std,
                dst,
                zone.dst_abbr,
                on_start,
                Some(on_rule),
            ));
            s.push_str(&sub(
                "STANDARD",
                dst,
                zone.std,
                zone.std_abbr,
                off_start,
                Some(off_rule),
            ));
        }
    }
    s.push_str("END:VTIMEZONE\r\n");
    Some(s)
}

/// One event, already folded, as it goes between `BEGIN:VCALENDAR` and `END`.
pub struct Event {
    pub text: String,
    pub timezone: Option<String>,
}

/// What an event says besides its schedule.
pub struct EventText<'a> {
    pub uid: String,
    pub summary: &'a str,
    pub description: String,
    pub location: Option<&'a str>,
    pub url: Option<String>,
}

/// Builds the `VEVENT` of a ritual.
pub fn event(s: &Schedule, t: &EventText<'_>, dtstamp: Date) -> Event {
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", t.uid),
        format!("DTSTAMP:{}Z", stamp(dtstamp, 0)),
    ];
    let (y, m, d) = s.start.ymd();
    match (s.time, &s.timezone) {
        (None, _) => {
            lines.push(format!("DTSTART;VALUE=DATE:{y:04}{m:02}{d:02}"));
            lines.push("DURATION:P1D".to_string());
        }
        (Some((h, min)), tz) => {
            let local = format!("{y:04}{m:02}{d:02}T{h:02}{min:02}00");
            match tz.as_deref() {
                Some("UTC" | "Etc/UTC") => lines.push(format!("DTSTART:{local}Z")),
                Some(tz) => lines.push(format!("DTSTART;TZID={}:{local}", tzid(tz))),
                None => lines.push(format!("DTSTART:{local}")),
            }
            lines.push(format!("DURATION:PT{}M", s.duration_minutes));
        }
    }
    lines.push(format!("RRULE:{}", rrule(s)));
    lines.push(format!("SUMMARY:{}", escape_text(t.summary)));
    if !t.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&t.description)));
    }
    if let Some(loc) = t.location.filter(|l| !l.is_empty()) {
        lines.push(format!("LOCATION:{}", escape_text(loc)));
    }
    if let Some(url) = &t.url {
        lines.push(format!("URL:{url}"));
    }
    lines.push("END:VEVENT".to_string());
    Event {
        text: lines.iter().map(|l| fold(l)).collect(),
        timezone: s
            .time
            .and(s.timezone.clone())
            .filter(|z| z != "UTC" && z != "Etc/UTC")
            .map(|z| tzid(&z)),
    }
}

/// A TZID parameter value: quoted when it holds characters a bare value cannot.
fn tzid(tz: &str) -> String {
    let clean: String = tz
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    if clean.contains([';', ':', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A whole calendar with the given events and the time zones they use.
pub fn calendar(name: &str, events: &[&Event]) -> String {
    let size: usize = events.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(size + 4096);
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    out.push_str("PRODID:-//accordant//playbook//EN\r\nCALSCALE:GREGORIAN\r\n");
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape_text(name))));
    let mut zones: Vec<&str> = events
        .iter()
        .filter_map(|e| e.timezone.as_deref())
        .collect();
    zones.sort_unstable();
    zones.dedup();
    for z in zones {
        if let Some(vt) = vtimezone(z.trim_matches('"')) {
            out.push_str(&vt);
        }
    }
    for e in events {
        out.push_str(&e.text);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::de::Spanned;

    fn ritual(cadence: Cadence, day: &str, started: &str) -> Ritual {
        Ritual {
            cadence: Spanned::new(cadence, Default::default()),
            day: Some(day.into()),
            time: Some("09:30".into()),
            timezone: Some("Europe/Paris".into()),
            duration_minutes: Some(45),
            started_on: Some(Spanned::new(started.into(), Default::default())),
            ..Default::default()
        }
    }

    #[test]
    fn weekly_rule_starts_on_the_named_day() {
        // 2026-08-01 is a Saturday: the first Monday after it is 2026-08-03.
        let s = schedule(&ritual(Cadence::Weekly, "monday", "2026-08-01"), Date(0));
        assert_eq!(s.start.to_string(), "2026-08-03");
        assert_eq!(rrule(&s), "FREQ=WEEKLY;BYDAY=MO");
        let e = event(
            &s,
            &EventText {
                uid: "ritual-x@acme.accordant".into(),
                summary: "Pipeline review",
                description: String::new(),
                location: None,
                url: None,
            },
            Date::parse("2026-11-27").unwrap(),
        );
        assert!(
            e.text
                .contains("DTSTART;TZID=Europe/Paris:20260803T093000\r\n")
        );
        assert!(e.text.contains("DURATION:PT45M\r\n"));
        assert!(e.text.contains("DTSTAMP:20261127T000000Z\r\n"));
    }

    #[test]
    fn monthly_and_quarterly_use_the_nth_weekday() {
        let s = schedule(&ritual(Cadence::Monthly, "tuesday", "2026-08-11"), Date(0));
        assert_eq!(rrule(&s), "FREQ=MONTHLY;BYDAY=2TU");
        let q = schedule(&ritual(Cadence::Quarterly, "friday", "2026-07-31"), Date(0));
        assert_eq!(rrule(&q), "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR");
        let b = schedule(&ritual(Cadence::Biweekly, "wed", "2026-08-05"), Date(0));
        assert_eq!(rrule(&b), "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");
    }

    #[test]
    fn next_occurrence_steps_by_cadence() {
        let s = schedule(&ritual(Cadence::Weekly, "monday", "2026-08-03"), Date(0));
        let today = Date::parse("2026-11-27").unwrap(); // a Friday
        assert_eq!(
            next_occurrence(&s, today).unwrap().to_string(),
            "2026-11-30"
        );
        let m = schedule(&ritual(Cadence::Monthly, "tuesday", "2026-08-11"), Date(0));
        // Second Tuesday of December 2026.
        assert_eq!(
            next_occurrence(&m, today).unwrap().to_string(),
            "2026-12-08"
        );
    }

    #[test]
    fn escapes_and_folds_at_75_octets() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let long = format!("SUMMARY:{}", "日本語".repeat(20));
        let folded = fold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
        // Lines are as full as they can be: only a character that would cross
        // the 75th octet moves to the next line.
        for text in [
            "x".repeat(75),
            "x".repeat(76),
            "é".repeat(80),
            format!("a{}", "語".repeat(40)),
        ] {
            let folded = fold(&text);
            let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
            for pair in lines.windows(2) {
                let next = pair[1][1..].chars().next().map_or(0, char::len_utf8);
                assert!(pair[0].len() + next > 75, "{pair:?}");
            }
        }
        assert_eq!(escape_text("tab\there\u{85}é"), "tabhereé");
    }

    #[test]
    fn vtimezone_rules_match_the_calendar() {
        let paris = vtimezone("Europe/Paris").unwrap();
        // Last Sunday of March 1970 is the 29th; of October the 25th.
        assert!(paris.contains("DTSTART:19700329T020000"));
        assert!(paris.contains("DTSTART:19701025T030000"));
        let ny = vtimezone("America/New_York").unwrap();
        assert!(ny.contains("DTSTART:19700308T020000"));
        assert!(ny.contains("DTSTART:19701101T020000"));
        assert!(ny.contains("TZOFFSETFROM:-0500"));
        assert!(vtimezone("Mars/Olympus").is_none());
    }

    #[test]
    fn parses_times_and_days() {
        assert_eq!(parse_time("09:30"), Some((9, 30)));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("9:05"), Some((9, 5)));
        assert_eq!(parse_time("9:5"), None);
        assert_eq!(parse_weekday("Mon"), Some(0));
        assert_eq!(parse_weekday("su"), None);
    }
}
