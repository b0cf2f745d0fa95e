//! The facilitator's keys beyond start, end and ±: skipping (`s`), the message to attendees
//! (`m`), undo said in words (`u`), the question before quitting with actions not saved
//! (`q`); how the list shows squeezed and skipped items; and attendees of a programme with
//! parallel rooms following every room's record. Time is always a fixed instant.

mod common;

use common::{
    actions, at, bundled, facilitator, find_row, live_app as app, programme, render, screen, tick,
};
use deroule::app::{Action, App, Effect, Mode};
use deroule::live::{Kind, Record};
use deroule::model::Thresholds;

fn message_of(app: &App) -> Option<String> {
    app.snapshot.message(app.now).map(str::to_owned)
}

fn row_of(app: &App, needles: &[&str]) -> String {
    let terminal = render(app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, needles).unwrap_or_else(|| panic!("no row with {needles:?}"));
    common::row_text(buf, y)
}

#[test]
fn s_skips_the_selected_item_which_the_list_strikes_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    // On the running item, s says what to do instead and records nothing.
    assert!(app.update(Action::Skip));
    assert!(actions(&app).is_empty());
    assert!(
        screen(&app).contains("is running: e ends it, space starts the next"),
        "{}",
        screen(&app)
    );
    app.update(Action::Down);
    assert!(app.update(Action::Skip));
    assert_eq!(actions(&app), [(Kind::Skip, "pause-matin".to_owned())]);
    assert_eq!(app.take_effects(), vec![Effect::SaveLive]);
    let row = row_of(&app, &["11:00", "Pause"]);
    assert!(row.contains("SKIPPED"), "{row}");
    assert!(
        !row.contains("→"),
        "a skipped item has no expected time: {row}"
    );
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["11:00", "Pause"]).expect("row");
    let x = common::column_of(buf, y, "Pause").expect("title");
    assert!(
        buf[(x, y)]
            .style()
            .add_modifier
            .contains(ratatui::style::Modifier::CROSSED_OUT),
        "struck through"
    );
    // What comes next is Retours, at its time: a skipped pause takes no time, and nothing
    // starts before its time.
    let s = screen(&app);
    assert!(
        s.contains("Next    ○ Retours") || s.contains("Retours d"),
        "{s}"
    );
    let retours = app.snapshot.programme.days[0].items[4].clone();
    assert_eq!(retours.start, at(&app.snapshot.plan, "2022-07-01 11:15:00"));
    let pause = &app.snapshot.programme.days[0].items[3];
    assert!(
        pause.end > pause.start,
        "never a zero-length item: {pause:?}"
    );
    // A second s on it says it is skipped already.
    assert!(app.update(Action::Skip));
    assert_eq!(actions(&app).len(), 1);
    assert!(screen(&app).contains("is already skipped"));
}

#[test]
fn m_writes_a_message_for_attendees_and_an_empty_one_clears_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 12:20:00", dir.path());
    assert!(app.update(Action::Compose));
    for c in "Lunch is served in the hall".chars() {
        app.update(Action::MessageInput(c));
    }
    assert!(
        screen(&app).contains("Message to attendees: Lunch is served in the hall█"),
        "{}",
        screen(&app)
    );
    assert!(app.take_effects().is_empty(), "nothing saved while typing");
    app.update(Action::MessageAccept);
    assert_eq!(app.take_effects(), vec![Effect::SaveLive]);
    assert_eq!(
        message_of(&app).as_deref(),
        Some("Lunch is served in the hall")
    );
    assert!(app.stage.composing.is_none());
    assert!(screen(&app).contains("✉ Message to attendees: Lunch is served in the hall"));

    // Attendees see it.
    let record = app.snapshot.record_now().cloned();
    let attendee = common::live_app(
        bundled(),
        Mode::Attendee,
        record,
        "2022-07-01 12:21:00",
        dir.path(),
    );
    let s = screen(&attendee);
    assert!(s.contains("✉ Message: Lunch is served in the hall"), "{s}");

    // Esc cancels: the message shown stays.
    app.update(Action::Compose);
    app.update(Action::MessageInput('!'));
    app.update(Action::Back);
    assert!(app.stage.composing.is_none());
    assert!(!app.should_quit);
    assert_eq!(
        message_of(&app).as_deref(),
        Some("Lunch is served in the hall")
    );
    // Writing starts from the message shown; emptied and saved, it clears.
    app.update(Action::Compose);
    assert_eq!(
        app.stage.composing.as_deref(),
        Some("Lunch is served in the hall")
    );
    while app
        .stage
        .composing
        .as_deref()
        .is_some_and(|t| !t.is_empty())
    {
        app.update(Action::MessageBackspace);
    }
    app.update(Action::MessageAccept);
    assert_eq!(message_of(&app), None);
    assert!(!screen(&app).contains("✉"));
}

#[test]
fn undo_says_on_screen_what_it_undid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 11:00:00", dir.path());
    tick(&mut app, "2022-07-01 11:22:00");
    app.update(Action::StartNext);
    tick(&mut app, "2022-07-01 11:23:00");
    assert!(app.update(Action::Undo));
    let s = screen(&app);
    assert!(
        s.contains("undone: «Retours d’expérience de contributions réussies» started 11:22"),
        "{s}"
    );
    assert!(actions(&app).is_empty());
    // It stays while the clock runs (a rehearsal's runs fast), until the next key.
    tick(&mut app, "2022-07-01 11:40:00");
    assert!(screen(&app).contains("undone: «Retours"));
    app.update(Action::Down);
    assert!(!screen(&app).contains("undone:"));
    app.update(Action::Undo);
    assert!(screen(&app).contains("nothing to undo"));
}

#[test]
fn q_with_unsaved_actions_asks_before_quitting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 11:00:00", dir.path());
    tick(&mut app, "2022-07-01 11:02:00");
    // Nothing recorded: q quits at once.
    let mut quiet = app.clone();
    quiet.update(Action::Quit);
    assert!(quiet.should_quit);

    // An action the loop did not manage to save (a read-only folder, a take-over).
    app.update(Action::StartNext);
    app.update(Action::Quit);
    assert!(!app.should_quit);
    assert!(app.stage.quit_asked);
    let s = screen(&app);
    assert!(
        s.contains("1 action NOT SAVED · q quits anyway"),
        "the question: {s}"
    );
    // Any other key stays.
    let key =
        |c| ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c));
    let stay = deroule::app::action_for_key(key('x'), &app).expect("an action");
    app.update(stay);
    assert!(!app.stage.quit_asked && !app.should_quit);
    // Esc never quits (#17), so it neither asks nor quits; q asks again, then q quits.
    app.update(Action::Back);
    assert!(!app.stage.quit_asked && !app.should_quit);
    app.update(Action::Quit);
    assert!(app.stage.quit_asked && !app.should_quit);
    let again = deroule::app::action_for_key(key('q'), &app).expect("an action");
    app.update(again);
    assert!(app.should_quit);

    // Once saved, q quits at once.
    let mut saved = facilitator("2022-07-01 11:02:00", dir.path());
    saved.update(Action::StartNext);
    saved.snapshot.mark_saved();
    saved.update(Action::Quit);
    assert!(saved.should_quit);
}

#[test]
fn the_list_shows_squeezed_lengths_and_items_squeezed_to_nothing_as_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = bundled();
    p.days[0].items[6].hard_start = true;
    let mut record = Record::new(&p, at(&p, "2022-07-01 10:00:00"));
    record.actions.push(deroule::live::Entry::new(
        at(&p, "2022-07-01 10:15:00"),
        Kind::Start,
        "inventaire".into(),
    ));
    let fac = app(
        p.clone(),
        Mode::Facilitator(Thresholds::default()),
        Some(record.clone()),
        "2022-07-01 11:21:59",
        dir.path(),
    );
    // Inventaire overran to 11:22: the pause keeps 7 of its 15 minutes.
    let row = row_of(&fac, &["11:00 →11:22"]);
    assert!(row.contains("Pause") && row.contains("→7 min"), "{row}");

    // Retours runs 45 minutes longer: Échanges has no time left before lunch.
    let mut record = Record::new(&p, at(&p, "2022-07-01 10:00:00"));
    record.actions.push(deroule::live::Entry::new(
        at(&p, "2022-07-01 11:15:00"),
        Kind::Start,
        "retours-experience".into(),
    ));
    let mut longer = deroule::live::Entry::new(
        at(&p, "2022-07-01 11:16:00"),
        Kind::Adjust,
        "retours-experience".into(),
    );
    longer.minutes = Some(45);
    record.actions.push(longer);
    let attendee = app(
        p,
        Mode::Attendee,
        Some(record),
        "2022-07-01 12:00:00",
        dir.path(),
    );
    let row = row_of(&attendee, &["11:45", "Échanges"]);
    assert!(row.contains("SKIPPED"), "{row}");
    let s = screen(&attendee);
    assert!(!s.contains("12:30–12:30"), "no zero-length slot: {s}");
    assert!(s.contains("Pause déjeuner"), "{s}");
    let next = attendee.moment().next.expect("next");
    assert_eq!(next.title, "Pause déjeuner", "the skipped item is not next");
}

#[test]
fn attendees_of_parallel_rooms_follow_each_rooms_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("rooms.yaml");
    std::fs::write(&file, common::TWO_ROOMS).expect("write");
    let p = programme(common::TWO_ROOMS);
    let mut attendee = common::app_at(p.clone(), "2024-01-01 09:30:00", 100, 32);
    let mut watcher = deroule::reload::Watcher::new(None, None);
    let path = deroule::live::room_sidecar_for(&file, "Main Hall", false);
    watcher.watch_rooms([("Main Hall".to_owned(), path.clone())]);
    // The main hall's first talk started ten minutes late, as its facilitator recorded.
    let mut record = Record::for_file(&p, Some(&file), at(&p, "2024-01-01 08:00:00"));
    record.actions.push(deroule::live::Entry::new(
        at(&p, "2024-01-01 09:10:00"),
        Kind::Start,
        "2024-01-01 09:00 A talk".into(),
    ));
    record.set_message(
        at(&p, "2024-01-01 09:20:00"),
        "Questions at the end, please",
    );
    record.save(&path).expect("saved");
    for change in watcher.poll(&attendee.snapshot.plan) {
        attendee.apply(change);
    }
    let start = |app: &App, title: &str| {
        let item = app
            .snapshot
            .programme
            .items()
            .find(|i| i.title == title)
            .expect("item");
        item.start
    };
    assert_eq!(start(&attendee, "A second"), at(&p, "2024-01-01 10:10:00"));
    assert_eq!(
        start(&attendee, "B second"),
        at(&p, "2024-01-01 10:00:00"),
        "the other room keeps its times"
    );
    assert_eq!(start(&attendee, "Opening"), at(&p, "2024-01-01 08:30:00"));
    let s = screen(&attendee);
    assert!(s.contains("10:00 →10:10"), "{s}");
    // The room's facilitator's message, named by its room.
    assert!(
        s.contains("✉ Message: Main Hall: Questions at the end, please"),
        "{s}"
    );
    // The record removed: planned times again.
    std::fs::remove_file(&path).expect("rm");
    for change in watcher.poll(&attendee.snapshot.plan) {
        attendee.apply(change);
    }
    assert_eq!(start(&attendee, "A second"), at(&p, "2024-01-01 10:00:00"));
    // The clock moving on keeps each room's times (recomputed every second).
    tick(&mut attendee, "2024-01-01 09:31:00");
    assert_eq!(start(&attendee, "A second"), at(&p, "2024-01-01 10:00:00"));
}

/// A programme with parallel rooms opened by URL: the server's live state gives every room's
/// record at once (`Change::Rooms`), and the attendee's view moves that room's items only; an
/// empty list puts the planned times back.
#[test]
fn attendees_by_url_follow_each_rooms_record_from_the_server() {
    let p = programme(common::TWO_ROOMS);
    let mut attendee = common::app_at(p.clone(), "2024-01-01 09:30:00", 100, 32);
    let mut record = Record::for_file(&p, None, at(&p, "2024-01-01 08:00:00"));
    record.actions.push(deroule::live::Entry::new(
        at(&p, "2024-01-01 09:10:00"),
        Kind::Start,
        "2024-01-01 09:00 A talk".into(),
    ));
    let start = |app: &App, title: &str| {
        app.snapshot
            .programme
            .items()
            .find(|i| i.title == title)
            .expect("item")
            .start
    };
    attendee.apply(deroule::reload::Change::Rooms(vec![(
        "Main Hall".to_owned(),
        record,
    )]));
    assert_eq!(start(&attendee, "A second"), at(&p, "2024-01-01 10:10:00"));
    assert_eq!(start(&attendee, "B second"), at(&p, "2024-01-01 10:00:00"));
    attendee.apply(deroule::reload::Change::Rooms(Vec::new()));
    assert_eq!(start(&attendee, "A second"), at(&p, "2024-01-01 10:00:00"));
}

/// Two days of parallel rooms, each room's record on its own day: as the clock runs across both
/// days and the records change, the attendee's expected programme is, every minute, exactly the
/// plan with every room's record applied (the view renews only the days the records reach).
#[test]
fn the_rooms_expected_times_are_renewed_day_by_day_as_a_whole_copy_would_be() {
    let yaml = "title: Rooms\ntime_zone: UTC\nrooms: [Main Hall, Side Room]\ndays:\n\
        \x20 - date: 2024-01-01\n    items:\n\
        \x20     - {title: A talk, start: 9h, end: 10h, room: Main Hall}\n\
        \x20     - {title: A second, start: 10h, end: 11h, room: Main Hall}\n\
        \x20     - {title: B talk, start: 9h, end: 10h, room: Side Room}\n\
        \x20 - date: 2024-01-02\n    items:\n\
        \x20     - {title: C talk, start: 9h, end: 10h, room: Main Hall}\n\
        \x20     - {title: D talk, start: 9h, end: 10h, room: Side Room}\n\
        \x20     - {title: D second, start: 10h, end: 11h, room: Side Room}\n";
    let p = programme(yaml);
    let started = |when: &str, key: &str| {
        let mut record = Record::for_file(&p, None, at(&p, "2024-01-01 08:00:00"));
        record.actions.push(deroule::live::Entry::new(
            at(&p, when),
            Kind::Start,
            key.into(),
        ));
        record
    };
    let hall = started("2024-01-01 09:20:00", "2024-01-01 09:00 A talk");
    // The side room's record is for day two; it is taken away on day one at 10:30.
    let side = started("2024-01-02 09:15:00", "2024-01-02 09:00 D talk");
    let mut attendee = common::app_at(p.clone(), "2024-01-01 08:50:00", 100, 32);
    let mut rooms = vec![
        ("Main Hall".to_owned(), hall.clone()),
        ("Side Room".to_owned(), side),
    ];
    attendee.apply(deroule::reload::Change::Rooms(rooms.clone()));
    let mut now = at(&p, "2024-01-01 08:50:00");
    let end = at(&p, "2024-01-02 11:30:00");
    let mut checked = 0;
    let mut moved_days = std::collections::BTreeSet::new();
    while now < end {
        attendee.update(Action::Tick(now));
        let whole = deroule::live::expected_all(&p, &rooms, now);
        assert_eq!(attendee.snapshot.programme, whole, "at {now}");
        for (day, (moved, planned)) in whole.days.iter().zip(&p.days).enumerate() {
            if moved != planned {
                moved_days.insert(day);
            }
        }
        if rooms.len() == 2 && now >= at(&p, "2024-01-01 10:30:00") {
            // The side room's record is taken away: its day goes back to the plan.
            rooms.truncate(1);
            attendee.apply(deroule::reload::Change::Rooms(rooms.clone()));
            assert_eq!(
                attendee.snapshot.programme,
                deroule::live::expected_all(&p, &rooms, now)
            );
        }
        checked += 1;
        now += chrono::TimeDelta::minutes(7);
    }
    assert!(checked > 200, "the clock crossed both days");
    // What was checked is not the plan alone: the main hall ran late on day one.
    assert!(moved_days.contains(&0), "{moved_days:?}");
}

/// A new user's review: the stage's `?` listed an attendee's keys (`/`, `F`, `v`…), which do
/// nothing to be seen there. It lists the facilitator's keys, then what the list's keys do.
#[test]
fn the_stages_help_lists_the_stages_keys_not_an_attendees() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 11:00:00", dir.path());
    app.size = ratatui::layout::Size::new(100, 70);
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    let facilitators = s
        .find("The facilitator's keys")
        .unwrap_or_else(|| panic!("{s}"));
    let list = s
        .find("The programme list and the rest:")
        .unwrap_or_else(|| panic!("{s}"));
    assert!(facilitators < list, "{s}");
    for said in [
        "the next item starts now",
        "the running item ends now",
        "one minute more / less",
        "skip the selected item",
        "message to attendees",
        "undo the last action",
        "move the cursor",
        "details of the item",
        "jump to now",
        "show your local time",
        "messages: every warning",
    ] {
        assert!(s.contains(said), "{said} in\n{s}");
    }
    for attendee in [
        "search titles",
        "favourites only",
        "rooms grid",
        "add to / remove from favourites",
        "choose a room",
        "what else is in this room",
    ] {
        assert!(!s.contains(attendee), "{attendee} in\n{s}");
    }
    // An attendee's help keeps them, without the facilitator's.
    let attendee = common::live_app(
        bundled(),
        Mode::Attendee,
        None,
        "2022-07-01 11:00:00",
        dir.path(),
    );
    let mut attendee = attendee;
    attendee.size = ratatui::layout::Size::new(100, 70);
    attendee.update(Action::ToggleHelp);
    let s = screen(&attendee);
    assert!(s.contains("search titles"), "{s}");
    assert!(!s.contains("The facilitator's keys"), "{s}");
    assert!(!s.contains("the running item ends now"), "{s}");
}

/// A new user's review: after any action, at 80 columns, `m message` and `+/- 1 min` dropped out
/// of the footer. The most used keys stay; the last action and `s skip` take what is left.
#[test]
fn the_footer_keeps_the_most_used_keys_after_an_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 11:40:00", dir.path());
    tick(&mut app, "2022-07-01 11:50:00");
    app.update(Action::StartNext);
    app.update(Action::Adjust(1));
    let footer = |app: &App| {
        screen(app)
            .lines()
            .last()
            .map(str::to_owned)
            .unwrap_or_default()
    };
    for (w, h) in [(80, 24), (100, 30), (140, 30)] {
        app.size = ratatui::layout::Size::new(w, h);
        let f = footer(&app);
        for key in [
            "space next",
            "e end",
            "+/- 1 min",
            "u undo",
            "m message",
            "q quit",
            "? help",
        ] {
            assert!(f.contains(key), "{key} at {w}: {f}");
        }
        // At 80 columns the keys take the row; wider, the last action says what undo takes.
        assert_eq!(
            f.contains("adjusted 11:50"),
            w > 80,
            "the last action at {w}: {f}"
        );
    }
    app.size = ratatui::layout::Size::new(140, 30);
    let f = footer(&app);
    assert!(f.contains("s skip"), "{f}");
    assert!(
        f.contains("last: «Échanges sur des bonnes…» adjusted 11:50"),
        "{f}"
    );
}

/// A new user's review: `facilitate … --at 11:20` after a rehearsal run from 11:40 resumed its
/// record quietly: the footer said `last: «…» adjusted 11:51`, the Day was on time, `u` had
/// nothing to undo. It says so once at start, and the footer's last action is one reached.
#[test]
fn a_record_with_actions_after_the_clock_says_so_at_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = bundled();
    let mut record = Record::new(&p, at(&p, "2022-07-01 11:40:00"));
    let mut adjust = deroule::live::Entry::new(
        at(&p, "2022-07-01 11:51:00"),
        Kind::Adjust,
        "bonnes-pratiques".into(),
    );
    adjust.minutes = Some(1);
    record.actions.push(adjust);
    let mut app = common::live_app(
        p,
        Mode::Facilitator(Thresholds::default()),
        Some(record),
        "2022-07-01 11:20:00",
        dir.path(),
    );
    let file = dir.path().join("day.rehearsal.live.yaml");
    if let Some(live) = app.snapshot.live.as_mut() {
        live.path.clone_from(&file);
    }
    app.warn_of_later_actions();
    let said = format!(
        "the rehearsal record has actions after 11:20 (last 11:51): they are not counted yet; \
         delete {} to start afresh",
        file.display()
    );
    let s = screen(&app);
    assert!(
        s.contains("⚠ the rehearsal record has actions after 11:20 (last 11:51): they are"),
        "{s}"
    );
    assert!(!s.contains("adjusted 11:51"), "not reached: {s}");
    assert!(
        app.notices.messages.iter().any(|m| m.text == said),
        "{:?}",
        app.notices.messages
    );
    // Once: the first key takes the banner away; the panel keeps it.
    app.update(Action::Down);
    assert!(!screen(&app).contains("rehearsal record has actions"));
    app.update(Action::ToggleMessages);
    assert!(screen(&app).contains("the rehearsal record has actions after 11:20"));
    // In French; and a record with nothing later says nothing.
    app.update(Action::Back);
    app.lang = deroule::i18n::Lang::Fr;
    app.warn_of_later_actions();
    assert!(
        screen(&app)
            .contains("l’enregistrement de répétition a des actions après 11:20 (dernière 11:51)"),
        "{}",
        screen(&app)
    );
    let mut fresh = facilitator("2022-07-01 11:20:00", dir.path());
    fresh.warn_of_later_actions();
    assert!(fresh.notices.banner.is_none());
    assert!(fresh.notices.messages.is_empty());
}

/// A room's record lengthens its running talk by twelve minutes: the attendee's list says the
/// new length (`→1 h 12`) and the Now panel the end it aims for, as for a one-room day's record
/// (the list kept the planned `1 h`).
#[test]
fn a_rooms_record_gives_its_new_lengths_to_the_list() {
    let p = programme(common::TWO_ROOMS);
    let mut attendee = common::app_at(p.clone(), "2024-01-01 09:30:00", 100, 32);
    let mut record = Record::for_file(&p, None, at(&p, "2024-01-01 08:00:00"));
    record.actions.push(deroule::live::Entry::new(
        at(&p, "2024-01-01 09:00:00"),
        Kind::Start,
        "2024-01-01 09:00 A talk".into(),
    ));
    let mut longer = deroule::live::Entry::new(
        at(&p, "2024-01-01 09:20:00"),
        Kind::Adjust,
        "2024-01-01 09:00 A talk".into(),
    );
    longer.minutes = Some(12);
    record.actions.push(longer);
    attendee.apply(deroule::reload::Change::Rooms(vec![(
        "Main Hall".to_owned(),
        record,
    )]));
    let a_talk = row_of(&attendee, &["09:00", "A talk"]);
    assert!(a_talk.contains("→1 h 12"), "{a_talk}");
    let b_talk = row_of(&attendee, &["09:00", "B talk"]);
    assert!(
        !b_talk.contains('→'),
        "the other room's length stays: {b_talk}"
    );
    let second = row_of(&attendee, &["10:00", "A second"]);
    assert!(second.contains("→10:12"), "{second}");
}

/// The attendee's search, favourites, filters and grid keys do nothing on the stage (its help
/// leaves them out): `/` started a search the stage never showed, and the next keys filtered
/// the list unseen. The attendee view keeps them.
#[test]
fn attendee_only_keys_do_nothing_on_the_stage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stage = facilitator("2022-07-01 10:20:00", dir.path());
    let attendee = common::app_at(bundled(), "2022-07-01 10:20:00", 100, 30);
    let key =
        |c| ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c));
    for c in ['/', 'f', 'F', 'r', 'T', 'K', 'v', 'o'] {
        assert_eq!(deroule::app::action_for_key(key(c), &stage), None, "{c}");
        assert!(
            deroule::app::action_for_key(key(c), &attendee).is_some(),
            "{c}"
        );
    }
    assert_eq!(
        deroule::app::action_for_key(key('e'), &stage),
        Some(Action::EndNow)
    );
    assert_eq!(
        deroule::app::action_for_key(key('n'), &stage),
        Some(Action::FollowNow)
    );
}
