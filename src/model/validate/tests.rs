use super::*;
use chrono::{TimeZone, Utc};
use rstest::rstest;
use std::fmt::Write as _;

mod hints;

/// A programme's header in Europe/Paris, then `body` (a day, or `days:`).
fn paris(body: &str) -> String {
    format!("title: Test\ntime_zone: Europe/Paris\n{body}")
}

fn valid(source: &str) -> (Programme, Vec<Diagnostic>) {
    let (programme, diags) = build(source, Placing::Everything);
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    (programme.expect("a programme without errors"), diags)
}

fn errors(source: &str) -> Vec<Diagnostic> {
    let (programme, diags) = build(source, Placing::Everything);
    assert!(programme.is_none(), "expected the programme to be refused");
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    assert!(!errors.is_empty(), "a refused programme must say why");
    errors
}

/// 2022 in UTC, for comparing instants.
fn utc(month: u32, day: u32, hour: u32, minute: u32) -> Instant {
    Utc.with_ymd_and_hms(2022, month, day, hour, minute, 0)
        .single()
        .expect("a valid UTC time")
}

fn item<'a>(p: &'a Programme, title: &str) -> &'a Item {
    p.items()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no item «{title}»"))
}

// Paris is UTC+2 in July: 9h local is 07:00Z.
#[rstest]
#[case::next_item_in_the_same_room(
    "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h30, room: R2, end: 11h}\n  - {title: C, start: 10h, room: R1, end: 11h}\n",
    "A",
    utc(7, 1, 8, 0)
)]
#[case::plenary_item_ends_at_the_next_item_of_any_room(
    "items:\n  - {title: Welcome, start: 9h}\n  - {title: B, start: 9h30, room: R2, end: 11h}\n  - {title: C, start: 10h, room: R1, end: 11h}\n",
    "Welcome",
    utc(7, 1, 7, 30)
)]
#[case::room_item_ends_at_the_next_plenary_item(
    "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h30, room: R2, end: 10h}\n  - {title: Lunch, start: 10h, kind: meal, end: 11h}\n",
    "A",
    utc(7, 1, 8, 0)
)]
#[case::room_item_skips_items_of_other_rooms(
    "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h30, room: R2}\n  - {title: C, start: 10h, room: R2}\n  - {title: D, start: 10h30, room: R1, end: 11h}\n  - {title: E, start: 11h, end: 12h}\n",
    "A",
    utc(7, 1, 8, 30)
)]
#[case::last_item_ends_at_the_days_end(
    "end: 18h\nitems:\n  - {title: A, start: 9h}\n  - {title: B, start: 17h}\n",
    "B",
    utc(7, 1, 16, 0)
)]
#[case::items_starting_together_do_not_end_each_other(
    "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h, room: R2}\n  - {title: C, start: 10h, end: 11h}\n",
    "A",
    utc(7, 1, 8, 0)
)]
fn a_missing_end_is_the_next_start(
    #[case] items: &str,
    #[case] title: &str,
    #[case] expected_end: Instant,
) {
    let (p, _) = valid(&paris(&format!("date: 2022-07-01\n{items}")));
    assert_eq!(item(&p, title).end, expected_end);
}

#[rstest]
#[case::end_time("end: 10h30", utc(7, 1, 8, 30))]
#[case::duration_minutes("duration: 90", utc(7, 1, 8, 30))]
#[case::duration_hours_minutes("duration: 1h30", utc(7, 1, 8, 30))]
#[case::duration_colon("duration: \"01:30\"", utc(7, 1, 8, 30))]
#[case::duration_ends_before_the_next_item("duration: 45m", utc(7, 1, 7, 45))]
fn an_end_or_a_duration_gives_the_end(#[case] field: &str, #[case] expected_end: Instant) {
    let src = paris(&format!(
        "date: 2022-07-01\nend: 18h\nitems:\n  - title: A\n    start: 9h\n    {field}\n  - {{title: B, start: 11h}}\n"
    ));
    let (p, _) = valid(&src);
    assert_eq!(item(&p, "A").end, expected_end);
}

#[test]
fn end_and_duration_together_are_refused_at_the_duration() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - title: A\n    start: 9h\n    end: 10h\n    duration: 1h\n",
    );
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, 8);
    assert!(errs[0].message.contains("both `end` and `duration`"));
}

#[test]
fn after_the_day_change_hour_times_belong_to_the_night() {
    let src = paris(
        "day_change: \"04:00\"\ndate: 2022-07-01\nitems:\n  - {title: Late, start: \"01:30\", end: \"02:30\"}\n  - {title: Evening, start: 22h}\n  - {title: Midnight, start: \"00:00\"}\n",
    );
    let (p, _) = valid(&src);
    assert_eq!(
        p.days.len(),
        1,
        "all three items belong to the one event day"
    );
    let day = &p.days[0];
    assert_eq!(
        day.date,
        NaiveDate::from_ymd_opt(2022, 7, 1).expect("a date")
    );
    let titles: Vec<&str> = day.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Evening", "Midnight", "Late"]);
    let late = item(&p, "Late");
    // 01:30 in Paris on the night of 1 to 2 July is 23:30Z on 1 July.
    assert_eq!(late.start, utc(7, 1, 23, 30));
    assert_eq!(
        late.start.with_timezone(&p.tz).date_naive(),
        NaiveDate::from_ymd_opt(2022, 7, 2).expect("a date")
    );
    assert_eq!(item(&p, "Evening").end, utc(7, 1, 22, 0));
    assert_eq!(item(&p, "Midnight").end, utc(7, 1, 23, 30));
}

#[rstest]
#[case::item_end("items:\n  - {title: Concert, start: 22h, end: 4h}\n", utc(7, 2, 2, 0))]
#[case::day_end("end: 4h\nitems:\n  - {title: Concert, start: 22h}\n", utc(7, 2, 2, 0))]
#[case::night_item("items:\n  - {title: Late, start: 3h, end: 4h}\n", utc(7, 2, 2, 0))]
fn an_end_at_the_day_change_hour_closes_the_night(
    #[case] body: &str,
    #[case] expected_end: Instant,
) {
    let src = paris(&format!("day_change: \"04:00\"\ndate: 2022-07-01\n{body}"));
    let (p, _) = valid(&src);
    assert_eq!(p.items().next().map(|i| i.end), Some(expected_end));
}

#[test]
fn a_start_at_the_day_change_hour_is_in_the_morning() {
    let src = paris(
        "day_change: \"04:00\"\ndate: 2022-07-01\nitems:\n  - {title: Dawn, start: 4h, end: 5h}\n",
    );
    let (p, _) = valid(&src);
    assert_eq!(item(&p, "Dawn").start, utc(7, 1, 2, 0));
}

#[rstest]
#[case::signed_year("\"+262142-12-31\"")]
#[case::five_digit_year("\"12345-01-01\"")]
#[case::day_first("01/07/2022")]
#[case::no_such_day("2022-02-30")]
fn dates_need_a_four_digit_year(#[case] date: &str) {
    // A huge year once made `start + duration` overflow and panic.
    let src = paris(&format!(
        "date: {date}\nitems:\n  - {{title: A, start: 23h, duration: 10080}}\n"
    ));
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].message.contains("is not a date"), "{errs:#?}");
}

#[test]
fn an_unplaced_item_still_has_its_id_room_and_track_checked() {
    let src = paris(
        "rooms: [Janson]\ndate: 2022-07-01\nitems:\n  - {id: a, title: A, start: 9h, end: 10h, room: Janson}\n  - {id: a, title: B, start: noon, room: Jansen}\n",
    );
    let messages: Vec<(usize, String)> = errors(&src)
        .into_iter()
        .map(|d| (d.column, d.message))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0]
            .1
            .contains("duplicate id `a`, already used by item 1 «A»")
    );
    assert!(messages[1].1.contains("`noon` is not a time of day"));
    assert!(
        messages[2]
            .1
            .contains("unknown room «Jansen», did you mean «Janson»?")
    );
}

#[test]
fn an_item_of_the_wrong_shape_still_has_its_id_checked() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {id: a, title: A, start: 9h, end: 10h}\n  - {id: a, title: B, start: 10h, end: 11h, hard_start: yes}\n",
    );
    let messages: Vec<String> = errors(&src).into_iter().map(|d| d.message).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages.iter().any(|m| m.contains("duplicate id `a`")));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`hard_start`: wrong type"))
    );
}

#[test]
fn without_a_day_change_an_end_after_midnight_is_refused() {
    let src = paris("date: 2022-07-01\nitems:\n  - {title: Party, start: 22h, end: \"01:00\"}\n");
    let errs = errors(&src);
    assert!(
        errs[0]
            .message
            .contains("ends at 01:00 but starts at 22:00"),
        "{errs:#?}"
    );
    assert!(errs[0].message.contains("day_change"));
}

#[rstest]
#[case::in_the_afternoon("\"13:00\"")]
#[case::not_a_time("\"late\"")]
fn a_bad_day_change_is_one_error(#[case] day_change: &str) {
    let src = paris(&format!(
        "day_change: {day_change}\ndate: 2022-07-01\nitems:\n  - {{title: A, start: 9h, end: 10h}}\n"
    ));
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, 3);
}

#[test]
fn several_days_with_labels() {
    let src = paris(
        "days:\n  - date: 2022-07-02\n    label: Sunday\n    items:\n      - {title: C, start: 10h, end: 11h}\n  - date: 2022-07-01\n    label: Saturday\n    start: 9h\n    end: 18h\n    items:\n      - {title: A, start: 9h}\n      - {title: B, start: 12h}\n",
    );
    let (p, _) = valid(&src);
    let days: Vec<(String, Option<&str>, usize)> = p
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.label.as_deref(), d.items.len()))
        .collect();
    assert_eq!(
        days,
        [
            ("2022-07-01".to_owned(), Some("Saturday"), 2),
            ("2022-07-02".to_owned(), Some("Sunday"), 1),
        ]
    );
    assert_eq!(p.days[0].start, Some(utc(7, 1, 7, 0)));
    assert_eq!(item(&p, "B").end, utc(7, 1, 16, 0));
}

#[test]
fn items_given_out_of_order_are_sorted() {
    let src = paris(
        "date: 2022-07-01\nend: 18h\nitems:\n  - {title: Third, start: 14h}\n  - {title: First, start: 9h}\n  - {title: Second, start: 11h}\n",
    );
    let (p, _) = valid(&src);
    let titles: Vec<&str> = p.items().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["First", "Second", "Third"]);
    assert_eq!(item(&p, "First").end, utc(7, 1, 9, 0));
    assert_eq!(item(&p, "Second").end, utc(7, 1, 12, 0));
    assert_eq!(item(&p, "Third").end, utc(7, 1, 16, 0));
}

#[rstest]
#[case::cancelled("cancelled", true)]
#[case::us_spelling("canceled", true)]
#[case::moved("moved", false)]
#[case::confirmed("confirmed", false)]
fn only_cancelled_items_may_overlap(#[case] state: &str, #[case] allowed: bool) {
    let src = paris(&format!(
        "date: 2022-07-01\nitems:\n  - {{title: A, start: 9h, end: 11h, room: R}}\n  - {{title: B, start: 10h, end: 12h, room: R, state: {state}}}\n"
    ));
    let (programme, diags) = build(&src, Placing::Everything);
    assert_eq!(programme.is_some(), allowed, "{diags:#?}");
    if !allowed {
        assert!(diags[0].message.contains("overlaps item 1 «A» in room «R»"));
    }
}

#[test]
fn a_plenary_item_may_not_overlap_a_room_item() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {title: Talk, start: 9h, end: 11h, room: R}\n  - {title: Keynote, start: 10h, end: 12h}\n",
    );
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, 6);
    assert!(errs[0].message.starts_with("a plenary item"), "{errs:#?}");
}

#[test]
fn different_rooms_may_run_in_parallel() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 11h, room: R1}\n  - {title: B, start: 9h, end: 11h, room: R2}\n",
    );
    valid(&src);
}

#[test]
fn gaps_and_long_items_are_warnings_only() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {title: Marathon, start: \"06:00\", end: \"19:00\"}\n  - {title: After, start: \"20:00\", end: \"21:00\"}\n",
    );
    let (p, diags) = valid(&src);
    assert_eq!(p.items().count(), 2);
    let warnings: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        warnings,
        [
            (5, "lasts 13 h — is that intended?"),
            (6, "a gap of 1 h before this item, after item 1 «Marathon»"),
        ]
    );
    assert!(diags.iter().all(|d| !d.is_error()));

    // A viewer that shows no warnings need not place them: same programme, same messages,
    // line 0; errors are still placed.
    let (unplaced_p, unplaced) = build(&src, Placing::ErrorsOnly);
    assert_eq!(unplaced_p, Some(p));
    let unplaced: Vec<(usize, &str)> = unplaced
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        unplaced,
        [
            (0, "lasts 13 h — is that intended?"),
            (0, "a gap of 1 h before this item, after item 1 «Marathon»"),
        ]
    );
    let broken = format!("{src}  - {{title: Bad, start: \"25:00\"}}\n");
    let (none, diags) = build(&broken, Placing::ErrorsOnly);
    assert!(none.is_none());
    let error = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(error.line, 7, "{error:?}");
}

#[test]
fn a_day_of_parallel_rooms_has_no_gap_warnings() {
    // FOSDEM's morning: the welcome in Janson, ten minutes before the first keynote, while
    // the other rooms open at their own times.
    let src = paris(
        "date: 2025-02-01\nitems:\n  - {title: Welcome, start: \"09:30\", end: \"09:50\", room: Janson}\n  - {title: Keynote, start: \"10:00\", end: \"10:50\", room: Janson}\n  - {title: Devroom, start: \"10:30\", end: \"11:00\", room: K.3.201}\n  - {title: Later, start: \"11:30\", end: \"12:00\", room: K.3.201}\n",
    );
    let (_, diags) = valid(&src);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn a_day_moving_from_room_to_room_is_still_one_sequence() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h, room: R1}\n  - {title: B, start: 10h30, end: 11h, room: R2}\n",
    );
    let (_, diags) = valid(&src);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["a gap of 30 min before this item, after item 1 «A»"]
    );
}

#[test]
fn a_cancelled_item_leaves_no_gap_warning_of_its_own() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h}\n  - {title: B, start: 10h, end: 11h, state: cancelled}\n  - {title: C, start: 10h, end: 11h}\n",
    );
    let (_, diags) = valid(&src);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[rstest]
// The clocks go back from 03:00 CEST to 02:00 CET: 01:30 to 03:30 local is three real hours.
#[case::end_after_the_change("end: \"03:30\"", utc(10, 29, 23, 30), utc(10, 30, 2, 30), 180)]
// Two real hours after 01:30 CEST is 02:30 CET, the second 02:30 of the night.
#[case::duration_across_the_change("duration: 2h", utc(10, 29, 23, 30), utc(10, 30, 1, 30), 120)]
fn the_autumn_clock_change_keeps_real_durations(
    #[case] end: &str,
    #[case] start_utc: Instant,
    #[case] end_utc: Instant,
    #[case] minutes: i64,
) {
    let src = paris(&format!(
        "date: 2022-10-30\nitems:\n  - title: Night\n    start: \"01:30\"\n    {end}\n"
    ));
    let (p, _) = valid(&src);
    let night = item(&p, "Night");
    assert_eq!((night.start, night.end), (start_utc, end_utc));
    assert_eq!(night.minutes(), minutes);
}

#[test]
fn an_ambiguous_autumn_time_is_the_first_one() {
    let src = paris("date: 2022-10-30\nitems:\n  - {title: A, start: \"02:30\", end: \"04:00\"}\n");
    let (p, _) = valid(&src);
    // 02:30 CEST, before the clocks go back.
    assert_eq!(item(&p, "A").start, utc(10, 30, 0, 30));
    assert_eq!(item(&p, "A").minutes(), 150);
}

#[test]
fn a_spring_gap_time_is_refused_where_it_is_written() {
    let src = paris("date: 2022-03-27\nitems:\n  - {title: A, start: \"02:30\", end: \"04:00\"}\n");
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].column), (5, 23));
    assert!(
        errs[0]
            .message
            .contains("02:30 does not exist on 2022-03-27")
    );
}

// Regressions: each of these once produced a wrong, extra or missing message.

#[rstest]
#[case::bad_duration("duration: 1.5h", "`1.5h` is not a duration")]
#[case::zero_duration("duration: 0", "longer than zero")]
#[case::bad_end("end: 25h", "hours must be between 0 and 24")]
fn an_unreadable_end_is_not_also_a_missing_end(#[case] field: &str, #[case] message: &str) {
    let src = paris(&format!(
        "date: 2022-07-01\nitems:\n  - {{title: A, start: 9h}}\n  - title: B\n    start: 10h\n    {field}\n"
    ));
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].message.contains(message), "{errs:#?}");
}

#[rstest]
#[case::unreadable_item("  - {title: B, start: 10h, speakers: {name: x}}\n")]
#[case::unreadable_start("  - {title: B, start: noon}\n")]
fn an_unreadable_item_does_not_make_the_previous_one_last(#[case] second: &str) {
    let src = paris(&format!(
        "date: 2022-07-01\nitems:\n  - {{title: A, start: 9h}}\n{second}"
    ));
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, 6);
}

#[test]
fn an_item_with_a_bad_kind_is_still_checked() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {id: x, title: A, start: 9h, end: 10h}\n  - {id: x, title: B, start: 10h, end: 11h, kind: wokshop, room: Nowhere}\n",
    );
    let messages: Vec<String> = errors(&src).into_iter().map(|d| d.message).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("did you mean `workshop`"))
    );
    assert!(messages.iter().any(|m| m.contains("duplicate id `x`")));
}

#[rstest]
#[case::item_start("items:\n  - {title: A, start: \"24:00\", end: \"24:00\"}\n", 5)]
#[case::day_start("start: \"24:00\"\nitems:\n  - {title: A, start: 9h, end: 10h}\n", 4)]
fn midnight_at_the_end_of_the_day_is_no_start(#[case] body: &str, #[case] line: usize) {
    let errs = errors(&paris(&format!("date: 2022-07-01\n{body}")));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, line);
    assert!(errs[0].message.contains("`24:00` can only be an end"));
}

#[test]
fn twenty_four_hundred_ends_the_day() {
    let src = paris("date: 2022-07-01\nend: \"24:00\"\nitems:\n  - {title: A, start: 22h}\n");
    let (p, _) = valid(&src);
    assert_eq!(item(&p, "A").end, utc(7, 1, 22, 0));
}

#[rstest]
#[case::start("start: 9h", 3)]
#[case::end("end: 18h", 3)]
#[case::label("label: Friday", 3)]
fn one_day_fields_at_the_top_of_a_days_programme_are_refused(
    #[case] field: &str,
    #[case] line: usize,
) {
    let src = paris(&format!(
        "{field}\ndays:\n  - date: 2022-07-01\n    items:\n      - {{title: A, start: 9h, end: 10h}}\n"
    ));
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, line);
    assert!(errs[0].message.contains("inside each day"), "{errs:#?}");
}

#[test]
fn a_repeated_date_names_the_days_as_written() {
    let src = paris(
        "days:\n  - date: 2022-13-01\n    items: [{title: A, start: 9h, end: 10h}]\n  - date: 2022-07-01\n    items: [{title: B, start: 9h, end: 10h}]\n  - date: 2022-07-01\n    items: [{title: C, start: 9h, end: 10h}]\n",
    );
    let errs = errors(&src);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[1].line, 8);
    assert_eq!(errs[1].subject.as_deref(), Some("day 3"));
    assert!(errs[1].message.contains("already day 2"), "{errs:#?}");
}

#[rstest]
#[case::before_the_start(
    "{title: Early, start: 8h, end: 9h}",
    8,
    "starts at 08:00, before the day's `start` (09:00)"
)]
#[case::after_the_end(
    "{title: Late, start: 19h, end: 20h}",
    8,
    "starts at 19:00, when the day has ended"
)]
#[case::across_the_end(
    "{title: Long, start: 17h, end: 19h}",
    8,
    "ends at 19:00, after the day's `end` (18:00)"
)]
#[case::no_end_after_the_day(
    "{title: Lost, start: 19h}",
    8,
    "starts at 19:00, when the day has ended"
)]
fn items_outside_their_day_say_which_side(
    #[case] outside: &str,
    #[case] line: usize,
    #[case] message: &str,
) {
    let src = paris(&format!(
        "date: 2022-07-01\nstart: 9h\nend: 18h\nitems:\n  - {{title: A, start: 9h, end: 10h}}\n  - {outside}\n"
    ));
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, line);
    assert!(errs[0].message.contains(message), "{errs:#?}");
}

#[rstest]
#[case::room_mapping(
    "rooms:\n  - {name: Janson, capacity: 1400}\ndate: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h, room: Janson}\n",
    4,
    "unknown field `capacity`"
)]
#[case::link_mapping(
    "date: 2022-07-01\nitems:\n  - title: A\n    start: 9h\n    end: 10h\n    links:\n      - {url: \"https://example.org\", titel: Slides}\n",
    9,
    "unknown field `titel`, did you mean `title`?"
)]
#[case::track_mapping(
    "tracks:\n  - {name: Tech, colour: \"#336699\"}\ndate: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h, track: Tech}\n",
    4,
    "unknown field `colour`, did you mean `color`?"
)]
fn unknown_fields_are_reported_in_rooms_tracks_and_links(
    #[case] body: &str,
    #[case] line: usize,
    #[case] message: &str,
) {
    let errs = errors(&paris(body));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].line, line);
    assert!(errs[0].message.contains(message), "{errs:#?}");
}

#[test]
fn rooms_tracks_and_links_in_both_forms() {
    let src = paris(
        "rooms:\n  - Janson\n  - {name: Ferrer, description: Upstairs}\ntracks:\n  - {name: Tech, color: \"#336699\"}\ndate: 2022-07-01\nitems:\n  - title: A\n    start: 9h\n    end: 10h\n    room: Ferrer\n    track: Tech\n    speakers: Ada\n    links:\n      - https://example.org/a\n      - {url: \"https://example.org/b\", title: Slides}\n",
    );
    let (p, _) = valid(&src);
    assert_eq!(p.rooms[1].description.as_deref(), Some("Upstairs"));
    assert_eq!(
        p.tracks[0].color,
        Some(Colour {
            r: 0x33,
            g: 0x66,
            b: 0x99
        })
    );
    let a = item(&p, "A");
    assert_eq!(a.speakers, ["Ada"]);
    assert_eq!(a.links.len(), 2);
    assert_eq!(a.links[1].title.as_deref(), Some("Slides"));
}

#[test]
fn the_last_item_of_a_room_is_named_as_such() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 10h, end: 11h, room: R2}\n",
    );
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0]
            .message
            .starts_with("the last item in room «R1» on 2022-07-01 has no end")
    );
}

#[test]
fn messages_never_show_rust_names() {
    let src = paris(
        "date: 2022-07-01\nitems:\n  - just text\n  - [1, 2]\n  - {title: A, start: 9h, end: 10h, hard_start: maybe}\n",
    );
    for d in errors(&src) {
        for jargon in [
            "Wire",
            "struct",
            "enum",
            "Some(",
            "None",
            "sequence",
            "found map",
        ] {
            assert!(!d.message.contains(jargon), "{jargon} in {}", d.message);
        }
    }
}

#[test]
fn ends_are_derived_in_linear_time() {
    // 20 000 items, each alone in its room: a quadratic search would take minutes (this test
    // would hang rather than pass quickly). Speed itself is measured by `benches/load.rs`, not
    // asserted here: no timing thresholds in tests.
    let items = (0..20_000).fold(String::new(), |mut s, n| {
        let _ = writeln!(s, "  - {{title: T{n}, start: 9h, room: R{n}}}");
        s
    });
    let src = paris(&format!("date: 2022-07-01\nend: 23h\nitems:\n{items}"));
    let (p, _) = valid(&src);
    assert_eq!(p.items().count(), 20_000);
    assert!(
        p.items().all(|i| i.end > i.start),
        "every derived end is after its start"
    );
}
