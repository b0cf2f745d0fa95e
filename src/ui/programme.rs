//! The programme list: every item of the shown day, one row each.
//!
//! ```text
//! ▶ 11:00   15 min  ○ Pause                              NOW · ends in 9:48
//! ```
//! marker · start (· your time) · length · kind glyph · title · room · state tag. The current
//! item has ▶ and the current style; past items are dimmed; the cursor row is reversed; in a gap
//! a now-line sits between two rows. Only visible rows are laid out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Regions;
use super::text::{fit, inert, pad, pad_left, width};
use crate::app::{App, Row};
use crate::delay::Phase as SlotPhase;
use crate::model::{Item, State, timefmt::format_minutes};
use crate::theme::glyph;
use crate::timeline::{Moment, Phase, Status, format_countdown, seconds_until, status};

pub fn draw(app: &App, regions: &Regions, buf: &mut Buffer) {
    if !regions.compact {
        Block::bordered()
            .border_style(app.settings.theme.border())
            .title(title(app))
            .render(regions.list_block, buf);
    }
    let area = regions.list;
    let rows = app.rows();
    if rows.is_empty() && area.height > 0 {
        let lines = elsewhere(app).unwrap_or_else(|| {
            vec![
                app.lang
                    .pick(
                        "  Nothing matches · Esc clears the filters",
                        "  Aucun résultat · Échap efface les filtres",
                    )
                    .to_owned(),
            ]
        });
        // A line per part, so that a narrow list cuts none of them (with `…` if it must).
        for (y, text) in (area.y..area.bottom()).zip(lines) {
            let text = fit(&text, area.width as usize).into_owned();
            Line::from(Span::styled(text, app.settings.theme.muted())).render(
                Rect {
                    y,
                    height: 1,
                    ..area
                },
                buf,
            );
        }
        return;
    }
    let visible = || rows.iter().skip(app.list.offset).take(area.height as usize);
    let columns = Columns::new(app, area.width as usize, visible());
    // Where `now` falls, worked out once for every row.
    let moment = app.moment();
    for (i, row) in visible().enumerate() {
        let rect = Rect {
            y: area.y + i as u16,
            height: 1,
            ..area
        };
        match *row {
            Row::Item(index) => item_row(app, &moment, &columns, index, rect, buf),
            Row::Now => now_line(app, rect, buf),
        }
    }
}

/// The label of day `n`: its own, else its short date.
fn day_label(app: &App, n: usize) -> String {
    let day = &app.snapshot.programme.days[n];
    day.label
        .as_deref()
        .map_or_else(|| app.lang.date_short(day.date), |l| inert(l).into_owned())
}

/// When nothing of the shown day passes the filter but other days have some: where they are.
/// `  Nothing on Sat 1 Feb · 3 on Sun 2 Feb`, then `  [ ] or ←→ day · Esc clears the filters`.
fn elsewhere(app: &App) -> Option<Vec<String>> {
    let l = app.lang;
    let others: Vec<String> = app
        .find
        .day_hits()
        .iter()
        .enumerate()
        .filter(|&(n, &hits)| n != app.list.day && hits > 0)
        .map(|(n, hits)| format!("{hits} {} {}", l.pick("on", "le"), day_label(app, n)))
        .collect();
    if others.is_empty() {
        return None;
    }
    Some(vec![
        format!(
            "  {} {} · {}",
            l.pick("Nothing on", "Rien le"),
            day_label(app, app.list.day),
            others.join(", "),
        ),
        l.pick(
            "  [ ] or ←→ day · Esc clears the filters",
            "  [ ] ou ←→ jour · Échap efface les filtres",
        )
        .to_owned(),
    ])
}

fn title(app: &App) -> Line<'static> {
    if let Some(line) = room_view_title(app) {
        return line;
    }
    let mut line = day_tabs(app);
    if let Some(filter) = filter_words(app) {
        line.spans.push(Span::styled(
            format!("· {filter} "),
            app.settings.theme.key(),
        ));
    }
    line
}

/// In the room view: ` Room K.3.201 · 14 items today · o back `.
fn room_view_title(app: &App) -> Option<Line<'static>> {
    let count = app.find.room_view_count(app.items())?;
    let room = app.find.filter.room.as_deref()?;
    let (t, l) = (&app.settings.theme, app.lang);
    let items = if count == 1 {
        l.pick("item", "élément")
    } else {
        l.pick("items", "éléments")
    };
    let when = if app.moment().day == app.list.day {
        l.pick("today", "aujourd’hui").to_owned()
    } else {
        let day = &app.snapshot.programme.days[app.list.day];
        let label = day
            .label
            .as_deref()
            .map_or_else(|| l.date_short(day.date), |x| inert(x).into_owned());
        format!("· {label}")
    };
    let mut spans = vec![Span::styled(
        format!(
            " {} {} · {count} {items} {when} ",
            l.pick("Room", "Salle"),
            inert(room)
        ),
        t.title(),
    )];
    if let Some(rest) = filter_words_but_room(app) {
        spans.push(Span::styled(format!("· {rest} "), t.key()));
    }
    spans.push(Span::styled(l.pick("· o back ", "· o retour "), t.muted()));
    Some(Line::from(spans))
}

/// The filters in force, in words: `/rust · ★ only · room Janson · 12 shown`.
pub(super) fn filter_words(app: &App) -> Option<String> {
    words(app, true)
}

/// The filters in force besides the room's, in words (`None` with no other filter).
fn filter_words_but_room(app: &App) -> Option<String> {
    let f = &app.find.filter;
    let other = !f.query.is_empty() || f.favourites_only || f.track.is_some() || f.kind.is_some();
    if other { words(app, false) } else { None }
}

fn words(app: &App, with_room: bool) -> Option<String> {
    let f = &app.find.filter;
    if !f.is_active() {
        return None;
    }
    let l = app.lang;
    let mut parts = Vec::new();
    if !f.query.is_empty() {
        parts.push(format!("/{}", inert(&f.query)));
    }
    if f.favourites_only {
        parts.push(l.pick("★ only", "★ seulement").to_owned());
    }
    if let Some(room) = f.room.as_ref().filter(|_| with_room) {
        parts.push(format!("{} {}", l.pick("room", "salle"), inert(room)));
    }
    if let Some(track) = &f.track {
        parts.push(format!("{} {}", l.pick("track", "parcours"), inert(track)));
    }
    if let Some(kind) = f.kind {
        parts.push(crate::i18n::kind_label(kind, l).to_owned());
    }
    let shown = app.find.visible().len();
    let word = match (l, shown) {
        (crate::i18n::Lang::Fr, 0 | 1) => "affiché",
        _ => l.pick("shown", "affichés"),
    };
    parts.push(format!("{shown} {word}"));
    Some(parts.join(" · "))
}

fn day_tabs(app: &App) -> Line<'static> {
    let days = &app.snapshot.programme.days;
    let t = &app.settings.theme;
    if days.len() == 1 {
        let title = if app.snapshot.forecast.is_some() {
            app.lang.pick(
                " Programme (planned → expected) ",
                " Programme (prévu → attendu) ",
            )
        } else {
            " Programme "
        };
        return Line::from(Span::styled(title, t.title()));
    }
    let mut spans = vec![Span::raw(" ")];
    for n in 0..days.len() {
        let mut label = day_label(app, n);
        // With a filter, each day says how many items it has for it.
        if let Some(hits) = app.find.day_hits().get(n) {
            label = format!("{label} ({hits})");
        }
        if n == app.list.day {
            spans.push(Span::styled(
                format!("[{label}]"),
                t.selected().patch(t.title()),
            ));
        } else {
            spans.push(Span::styled(format!(" {label} "), t.muted()));
        }
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("←/→ ", t.muted()));
    Line::from(spans)
}

/// Column widths for the list at a given width.
struct Columns {
    /// The expected start beside the planned one (`→11:23`), when a live record moves items.
    expected: usize,
    local: usize,
    length: usize,
    room: usize,
    total: usize,
}

impl Columns {
    fn new<'a>(app: &App, total: usize, visible: impl Iterator<Item = &'a Row> + Clone) -> Self {
        let items = visible.filter_map(|row| match row {
            Row::Item(i) => Some(*i),
            Row::Now => None,
        });
        // Your time, as wide as the widest visible one (`+1d` tags make some wider).
        let local = items
            .clone()
            .filter_map(|i| {
                app.snapshot
                    .planned(app.list.day, i)
                    .and_then(|p| super::local_hm(app, p.start))
            })
            .map(|s| width(&s) + 2)
            .max()
            .unwrap_or(0);
        let expected = if items.clone().any(|i| expected_start(app, i).is_some()) {
            7
        } else {
            0
        };
        let length = if total >= 50 { 9 } else { 0 };
        let longest_room = app
            .snapshot
            .programme
            .rooms
            .iter()
            .map(|r| width(&r.name))
            .max()
            .unwrap_or(0);
        // With one room shown, its name on every row says nothing.
        let room = if total >= 60 && longest_room > 0 && app.find.filter.room.is_none() {
            longest_room.min(total / 5) + 2
        } else {
            0
        };
        Columns {
            expected,
            local,
            length,
            room,
            total,
        }
    }
}

/// The expected start of item `index` of the shown day, when it is a minute or more off plan.
fn expected_start(app: &App, index: usize) -> Option<crate::model::Instant> {
    let expected = app.items().get(index)?;
    let planned = app.snapshot.planned(app.list.day, index)?;
    let off = (expected.start - planned.start).num_seconds().abs() >= 60;
    (off && expected.state.takes_place()).then_some(expected.start)
}

/// The length of an item in minutes as the live record has it, when it differs from the plan
/// by a minute or more: a done item's actual length, else the length it aims for (a running
/// item's aim, not its end, which moves with the clock while it overruns).
fn new_length(app: &App, item: &Item, planned: &Item) -> Option<i64> {
    let slot = app.snapshot.slot_of(item, app.now)?;
    let end = match slot.phase {
        SlotPhase::Done => slot.end,
        SlotPhase::Running | SlotPhase::Upcoming => slot.target_end,
        SlotPhase::Cancelled | SlotPhase::Skipped => return None,
    };
    let seconds = (end - slot.start).num_seconds();
    let planned_seconds = (planned.end - planned.start).num_seconds();
    ((seconds - planned_seconds).abs() >= 60).then(|| crate::delay::whole_minutes(seconds))
}

/// The tag at the end of a row, and its style; `short` for narrow rows.
fn tag(app: &App, item: &Item, is_next: bool, short: bool) -> Option<(String, Style)> {
    let (t, l) = (&app.settings.theme, app.lang);
    match item.state {
        State::Cancelled => return Some((l.pick("CANCELLED", "ANNULÉ").into(), t.warning())),
        State::Moved => return Some((l.pick("MOVED", "DÉPLACÉ").into(), t.warning())),
        State::Skipped => return Some((l.pick("SKIPPED", "SAUTÉ").into(), t.muted())),
        State::Confirmed => {}
    }
    let over_word = l.pick("OVER", "DÉPASSÉ");
    let now_word = l.pick("NOW", "EN COURS");
    let next_word = l.pick("NEXT", "ENSUITE");
    if let Some(over) = app.snapshot.overrun(item, app.now) {
        let text = if short {
            over_word.to_owned()
        } else {
            format!("{over_word} · +{}", format_countdown(over))
        };
        return Some((text, t.warning()));
    }
    if is_next && app.snapshot.waiting_on_overrun(app.now) {
        let text = if short {
            next_word.to_owned()
        } else {
            format!("{next_word} · {}", l.pick("when it ends", "à sa fin"))
        };
        return Some((text, t.current()));
    }
    let countdown = |at| format_countdown(seconds_until(app.now, at));
    // Two favourites at the same time clash whenever they are: running, next or over (dimmed).
    let conflict_word = l.pick("⚠ CONFLICT", "⚠ CONFLIT");
    let clashes = app.clashes(item);
    let state = status(item, app.now);
    let (text, style) = match state {
        Status::Current if short => (now_word.to_owned(), t.current()),
        Status::Current => (
            format!(
                "{now_word} · {} {}",
                l.pick("ends in", "fin dans"),
                countdown(item.end)
            ),
            t.current(),
        ),
        Status::Upcoming if is_next && short => (next_word.to_owned(), t.current()),
        Status::Upcoming if is_next => (
            format!(
                "{next_word} · {} {}",
                l.pick("in", "dans"),
                countdown(item.start)
            ),
            t.current(),
        ),
        _ if clashes => {
            let style = if state == Status::Past {
                t.warning().patch(t.past())
            } else {
                t.warning()
            };
            return Some((conflict_word.into(), style));
        }
        _ => return None,
    };
    if !clashes {
        return Some((text, style));
    }
    // Running or next, and clashing: both said; short rows say the clash (▶ marks now).
    let text = if short {
        conflict_word.to_owned()
    } else {
        format!("{conflict_word} · {text}")
    };
    Some((text, t.warning()))
}

fn item_row(
    app: &App,
    moment: &Moment<'_>,
    columns: &Columns,
    index: usize,
    rect: Rect,
    buf: &mut Buffer,
) {
    let t = &app.settings.theme;
    let item = &app.items()[index];
    let is_next = moment.next.is_some_and(|n| std::ptr::eq(n, item));
    let state = status(item, app.now);
    let is_current = state == Status::Current && item.state.takes_place();
    let base = if item.state == State::Skipped {
        t.cancelled()
            .add_modifier(ratatui::style::Modifier::CROSSED_OUT)
    } else if item.state == State::Cancelled {
        t.cancelled()
    } else if is_current {
        t.current()
    } else if state == Status::Past && moment.phase != Phase::Before {
        t.past()
    } else {
        Style::new()
    };
    let row_style = if index == app.list.selected {
        base.patch(t.selected())
    } else {
        base
    };
    buf.set_style(rect, row_style);

    let favourite = app.is_favourite(item);
    let marker = match (is_current, favourite) {
        (true, true) => "▶★",
        (true, false) => "▶ ",
        (false, true) => " ★",
        (false, false) => "  ",
    };
    let planned = app.snapshot.planned(app.list.day, index).unwrap_or(item);
    // A ★ that could not be saved is in the warning's colour (the footer says it in words).
    let marker_style = if favourite && app.find.favourites.is_unsaved() {
        t.warning()
    } else {
        t.current()
    };
    let mut spans = vec![
        Span::styled(marker, marker_style),
        Span::raw(super::hm(app, planned.start)),
    ];
    if columns.expected > 0 {
        let text =
            expected_start(app, index).map_or(String::new(), |e| format!("→{}", super::hm(app, e)));
        spans.push(Span::styled(
            pad(&format!(" {text}"), columns.expected),
            t.warning(),
        ));
    }
    if columns.local > 0 {
        let local = super::local_hm(app, planned.start).unwrap_or_default();
        spans.push(Span::styled(pad_left(&local, columns.local), t.muted()));
    }
    if columns.length > 0 {
        // Planned lengths, unless the live record changed one (squeezed to keep a hard start,
        // lengthened, ended early): then the new one, `→7 min`.
        let (text, style) = match new_length(app, item, planned) {
            Some(minutes) => (format!("→{}", format_minutes(minutes)), t.warning()),
            None => (format_minutes(planned.minutes()), Style::new()),
        };
        spans.push(Span::styled(pad_left(&text, columns.length), style));
    }
    spans.push(Span::raw("  "));
    spans.push(Span::styled(glyph(item.kind), t.kind(item.kind)));
    spans.push(Span::raw(" "));
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    // Title and tag share the space before the room column, so rooms stay aligned. The title
    // keeps at least 12 columns: the tag shortens, then goes (▶ still marks the row).
    let shared = columns.total.saturating_sub(used + columns.room + 1);
    let room_for = |tag: &Option<(String, Style)>| {
        shared.saturating_sub(tag.as_ref().map_or(0, |(s, _)| width(s) + 2))
    };
    let mut tag = tag(app, item, is_next, false);
    if room_for(&tag) < 12 {
        tag = self::tag(app, item, is_next, true);
    }
    if room_for(&tag) < 12 && item.state == State::Confirmed {
        tag = None;
    }
    let title_width = room_for(&tag);
    spans.push(Span::raw(pad(&inert(&item.title), title_width)));
    if let Some((text, style)) = tag {
        let tag_width = shared - title_width;
        spans.push(Span::styled(pad_left(&text, tag_width), style));
    }
    if columns.room > 0 {
        let room = item
            .room
            .as_deref()
            .map_or(String::new(), |r| inert(r).into_owned());
        spans.push(Span::styled(
            format!("  {}", pad(&room, columns.room - 2)),
            t.muted(),
        ));
    }
    Line::from(spans).style(row_style).render(rect, buf);
}

fn now_line(app: &App, rect: Rect, buf: &mut Buffer) {
    let moment = app.moment();
    let now = super::hm(app, app.now);
    let l = app.lang;
    let countdown = |at| format_countdown(seconds_until(app.now, at));
    // In the room view, what comes next is the room's.
    let next = match app.find.filter.room.as_deref() {
        Some(room) => app
            .snapshot
            .programme
            .items()
            .filter(|i| i.state.takes_place() && i.room.as_deref() == Some(room))
            .find(|i| i.start > app.now),
        None => moment.next,
    };
    let text = match (moment.phase, next) {
        (Phase::After, _) => format!(
            " {} {} ",
            l.pick("ended at", "terminé à"),
            super::hm(app, app.snapshot.outline().last_end())
        ),
        (Phase::Before, Some(next)) => format!(
            " {} {now} · {} {} ",
            l.pick("now", "il est"),
            l.pick("starts in", "commence dans"),
            countdown(next.start)
        ),
        (_, Some(next)) => format!(
            " {now} · {} · {} {} ",
            l.pick("nothing running", "rien en cours"),
            l.pick("next in", "suite dans"),
            countdown(next.start)
        ),
        (_, None) => format!(" {now} · {} ", l.pick("nothing running", "rien en cours")),
    };
    let lead = "──";
    let fill = (rect.width as usize).saturating_sub(width(lead) + width(&text) + 2);
    let line = format!("  {lead}{text}{}", "─".repeat(fill));
    Line::from(Span::styled(line, app.settings.theme.now_line())).render(rect, buf);
}
