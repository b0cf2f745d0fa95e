//! The Now and Next panels: what runs, how long is left, what follows and when.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Widget};

use super::Regions;
use super::text::{fit, fit_words, inert, width, word_cut};
use crate::app::App;
use crate::i18n::{Lang, kind_label};
use crate::model::Item;
use crate::theme::glyph;
use crate::timeline::{self, Phase, format_countdown, seconds_since, seconds_until};

pub fn draw(app: &App, regions: &Regions, buf: &mut Buffer) {
    let (now_area, next_area) = if regions.compact {
        (regions.now, regions.next)
    } else {
        let block = |title: &str| {
            Block::bordered()
                .border_style(app.settings.theme.border())
                .title(Span::styled(
                    format!(" {title} "),
                    app.settings.theme.title(),
                ))
                .padding(Padding::horizontal(1))
        };
        let now_block = block(app.lang.pick("Now", "En cours"));
        let next_block = block(app.lang.pick("Next", "Ensuite"));
        let inner = (now_block.inner(regions.now), next_block.inner(regions.next));
        now_block.render(regions.now, buf);
        next_block.render(regions.next, buf);
        inner
    };
    let now_lines = now_lines(app, now_area.width as usize, regions.compact);
    render_lines(now_lines, now_area, buf);
    let next_lines = next_lines(app, next_area.width as usize, regions.compact);
    render_lines(next_lines, next_area, buf);
}

fn render_lines(lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    for (i, line) in lines.into_iter().take(area.height as usize).enumerate() {
        let row = Rect {
            y: area.y + i as u16,
            height: 1,
            ..area
        };
        fit_line(line, area.width as usize).render(row, buf);
    }
}

/// `line` cut to `max` columns with `…`, its styles kept: a sentence is never cut silently, and
/// is cut at a word's end when one is near ([`word_cut`]) inside the part where the cut falls,
/// so a title keeps its first letters rather than going back to the room name or the glyph
/// before it. The `…` takes the style of that part.
fn fit_line(line: Line<'static>, max: usize) -> Line<'static> {
    if line.width() <= max {
        return line;
    }
    let mut left = max;
    let mut spans = Vec::new();
    let mut parts = line.spans.into_iter();
    while let Some(span) = parts.next() {
        let w = width(&span.content);
        if w < left {
            left -= w;
            spans.push(span);
            continue;
        }
        // What follows this part decides whether its cut falls at a word's end.
        let text: String = std::iter::once(span.content.clone())
            .chain(parts.map(|s| s.content))
            .collect();
        let keep = word_cut(&text, left)
            .unwrap_or(text.len())
            .min(span.content.len());
        if keep > 0 {
            spans.push(Span::styled(span.content[..keep].to_owned(), span.style));
        }
        if max > 0 {
            spans.push(Span::styled("…", span.style));
        }
        break;
    }
    Line::from(spans).style(line.style)
}

/// A line with `left` and `right` parts, `right` aligned to `width`; `left` cut as
/// [`fit_line`] does when both do not fit.
fn spread(left: Vec<Span<'static>>, right: Vec<Span<'static>>, width_: usize) -> Line<'static> {
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = width_.saturating_sub(right_w + 1);
    let left = fit_line(Line::from(left), room);
    let used = left.width();
    let mut spans = left.spans;
    spans.push(Span::raw(" ".repeat(width_.saturating_sub(used + right_w))));
    spans.extend(right);
    Line::from(spans)
}

fn title_spans(app: &App, item: &Item, style: Style) -> Vec<Span<'static>> {
    vec![
        Span::styled(
            format!("{} ", glyph(item.kind)),
            app.settings.theme.kind(item.kind),
        ),
        Span::styled(inert(&item.title).into_owned(), style),
    ]
}

fn times(app: &App, item: &Item) -> String {
    let mut s = format!(
        "{}–{}",
        super::hm(app, item.start),
        super::hm(app, item.end)
    );
    if let Some(local) = super::local_hm(app, item.start) {
        s = format!("{s} ({} {local})", app.lang.pick("you", "vous"));
    }
    s
}

fn bar(app: &App, fraction: f64, columns: usize) -> Vec<Span<'static>> {
    // Rounded down: the bar is full only when the item has ended.
    let done = ((fraction * columns as f64).floor() as usize).min(columns);
    vec![
        Span::styled("█".repeat(done), app.settings.theme.bar_done()),
        Span::styled("░".repeat(columns - done), app.settings.theme.bar_left()),
    ]
}

/// One line per room: `Janson  ▪ Title …  12:00`, the time right-aligned (`end` or start).
fn room_lines(
    app: &App,
    items: &[&Item],
    w: usize,
    rows: usize,
    ending: bool,
) -> Vec<Line<'static>> {
    let t = &app.settings.theme;
    // What ends first comes first: the room an attendee can move to soonest.
    let mut items = items.to_vec();
    if ending {
        items.sort_by_key(|i| i.end);
    }
    let shown = if items.len() > rows {
        rows - 1
    } else {
        items.len()
    };
    let mut lines: Vec<Line<'static>> = items[..shown]
        .iter()
        .map(|item| {
            // A long room name (`UB2.252A (Lameere)`) must leave the title some room.
            let room = item.room.as_deref().map_or(String::new(), |r| {
                format!("{} ", fit(&inert(r), (w / 4).max(6)))
            });
            let at = if ending { item.end } else { item.start };
            // Said in full: in the Now panel the time is when the item ends, in Next when it
            // starts.
            let countdown = format!(
                "{}{}",
                if ending {
                    app.lang.pick("ends in ", "fin dans ")
                } else {
                    app.lang.pick("in ", "dans ")
                },
                format_countdown(seconds_until(app.now, at))
            );
            let mut left = vec![Span::styled(room, t.muted())];
            left.extend(title_spans(
                app,
                item,
                if ending { t.current() } else { t.title() },
            ));
            spread(left, vec![Span::styled(countdown, t.current())], w)
        })
        .collect();
    if shown < items.len() {
        let more = items.len() - shown;
        let (long, short) = match app.lang {
            Lang::En => (
                format!("+{more} more rooms · v: rooms grid"),
                format!("+{more} more · v"),
            ),
            Lang::Fr => (
                format!("+{more} autres salles · v : grille des salles"),
                format!("+{more} autres · v"),
            ),
        };
        let text = if width(&long) <= w { long } else { short };
        lines.push(Line::from(Span::styled(text, t.muted())));
    }
    lines
}

/// The first upcoming item of each room, in the order they come.
fn next_per_room(app: &App) -> Vec<&Item> {
    let p = &app.snapshot.programme;
    let today = app.moment().day;
    let day = &p.days[today].items;
    let kept = app.kept(today);
    let upcoming = || {
        day.iter()
            .enumerate()
            .filter(|(n, i)| i.start > app.now && i.state.takes_place() && kept(*n, i))
            .map(|(_, i)| i)
    };
    // Every room is declared (validation adds the ones items name), and the upcoming items
    // without one make one more: no more than that can be found, and once found the rest of the
    // day need not be read (a cheap look for a roomless item saves hashing every room).
    let most = p.rooms.len() + usize::from(upcoming().any(|i| i.room.is_none()));
    let mut seen = std::collections::HashSet::new();
    let mut next: Vec<&Item> = Vec::new();
    for item in upcoming() {
        if seen.insert(item.room.as_deref()) {
            next.push(item);
            if next.len() == most {
                break;
            }
        }
    }
    next
}

fn now_lines(app: &App, w: usize, compact: bool) -> Vec<Line<'static>> {
    let moment = app.moment_kept();
    let t = &app.settings.theme;
    let first = app.snapshot.outline().first_start();
    if moment.running.len() > 1 && !compact {
        // Parallel rooms: what runs in each room, and how long is left.
        return room_lines(app, &moment.running, w, 3, true);
    }
    match (moment.phase, moment.running.first()) {
        (Phase::Running, Some(item)) => {
            // With a live record, the end the item aims for (its expected end is "now" while it
            // overruns).
            let aim = app
                .snapshot
                .slot_of(item, app.now)
                .map_or(item.end, |s| s.target_end);
            let left = seconds_until(app.now, item.end);
            let elapsed = seconds_since(app.now, item.start);
            let total = (aim - item.start).num_seconds();
            let mut title = title_spans(app, item, t.current());
            if moment.running.len() > 1 {
                // The count goes first, so a long title cannot push it out.
                title.insert(
                    0,
                    Span::styled(
                        format!(
                            "[+{} {}] ",
                            moment.running.len() - 1,
                            app.lang.pick("more", "autres")
                        ),
                        t.muted(),
                    ),
                );
            }
            // With a live record, an item nobody has ended yet may be running over.
            let target = app
                .snapshot
                .slot_of(item, app.now)
                .map_or(item.end, |s| s.target_end);
            let over = seconds_until(app.now, target);
            let ends = if over < 0 {
                Span::styled(
                    format!(
                        "{} {}",
                        app.lang.pick("running over by", "dépasse de"),
                        format_countdown(-over)
                    ),
                    t.warning(),
                )
            } else {
                Span::styled(
                    format!(
                        "{} {}",
                        app.lang.pick("ends in", "fin dans"),
                        format_countdown(left)
                    ),
                    t.current(),
                )
            };
            let counts = format!(
                " {} / {}",
                format_countdown(elapsed),
                format_countdown(total)
            );
            if compact {
                let head = spread(title, vec![Span::raw(times(app, item))], w);
                let bar_w = w.saturating_sub(width(&ends.content) + 2).min(30);
                let mut second = bar(app, timeline::progress(item.start, aim, app.now), bar_w);
                second.push(Span::raw(" "));
                second.push(ends);
                return vec![head, Line::from(second)];
            }
            // `counts` starts with its space: the bar and counts end where the times above end.
            let bar_w = w.saturating_sub(width(&counts));
            let mut progress = bar(app, timeline::progress(item.start, aim, app.now), bar_w);
            progress.push(Span::raw(counts));
            let place = [Some(kind_label(item.kind, app.lang)), item.room.as_deref()]
                .into_iter()
                .flatten()
                .map(|s| inert(s).into_owned())
                .collect::<Vec<_>>()
                .join(" · ");
            vec![
                spread(title, vec![Span::raw(times(app, item))], w),
                Line::from(progress),
                spread(vec![ends], vec![Span::styled(place, t.muted())], w),
            ]
        }
        (Phase::Before, _) => {
            let wait = format_countdown(seconds_until(app.now, first));
            let tz = app.snapshot.programme.tz;
            let start = first.with_timezone(&tz);
            // `today at 09:00` under a countdown of a few hours, not a date that reads as
            // another day (with `--today`, a date years ago).
            let (date, today) = (start.date_naive(), app.now.with_timezone(&tz).date_naive());
            let l = app.lang;
            let when = if date == today {
                format!(
                    "{} {}",
                    l.pick("today at", "aujourd’hui à"),
                    start.format("%H:%M")
                )
            } else if today.succ_opt() == Some(date) {
                format!(
                    "{} {} ({})",
                    l.pick("tomorrow at", "demain à"),
                    start.format("%H:%M"),
                    l.date_long(date)
                )
            } else {
                format!(
                    "{} {} {}",
                    l.date_long(date),
                    l.pick("at", "à"),
                    start.format("%H:%M")
                )
            };
            vec![
                Line::from(vec![
                    Span::styled(l.pick("Starts in ", "Commence dans "), t.title()),
                    Span::styled(wait, t.current()),
                ]),
                Line::from(Span::styled(when, t.muted())),
            ]
        }
        (Phase::After, _) => {
            let end = app
                .snapshot
                .outline()
                .last_end()
                .with_timezone(&app.snapshot.programme.tz);
            vec![
                Line::from(Span::styled(
                    format!(
                        "{} {}",
                        app.lang.pick("Ended at", "Terminé à"),
                        end.format("%H:%M")
                    ),
                    t.title(),
                )),
                Line::from(Span::styled(
                    app.lang.date_long(end.date_naive()),
                    t.muted(),
                )),
                Line::from(Span::styled(
                    app.lang.pick(
                        "the day as it was is below",
                        "le déroulé de la journée est ci-dessous",
                    ),
                    t.muted(),
                )),
            ]
        }
        (Phase::BetweenDays, _) => {
            let next = moment.next.map_or(String::new(), |n| {
                format!(
                    "{} {}",
                    app.lang
                        .pick("next day starts in", "le jour suivant commence dans"),
                    format_countdown(seconds_until(app.now, n.start))
                )
            });
            vec![
                Line::from(Span::styled(
                    app.lang.pick("Day over", "Journée terminée"),
                    t.title(),
                )),
                Line::from(Span::styled(next, t.muted())),
            ]
        }
        _ => {
            // A gap inside a day: since when, and how long until the next item.
            let mut lines = vec![Line::from(Span::styled(
                app.lang.pick("Nothing running now", "Rien en cours"),
                t.title(),
            ))];
            let day = &app.snapshot.programme.days[moment.day];
            let previous = day
                .items
                .iter()
                .filter(|i| i.end <= app.now && i.state.takes_place())
                .max_by_key(|i| i.end);
            // `Async in practice          ended 19:40`: which item, and when it ended.
            if let Some(prev) = previous.filter(|_| !compact) {
                lines.push(spread(
                    vec![Span::styled(inert(&prev.title).into_owned(), t.muted())],
                    vec![Span::styled(
                        format!(
                            "{} {}",
                            app.lang.pick("ended", "fini à"),
                            super::hm(app, prev.end)
                        ),
                        t.muted(),
                    )],
                    w,
                ));
            }
            if let Some(next) = moment.next {
                let wait = format_countdown(seconds_until(app.now, next.start));
                lines.push(Line::from(vec![
                    Span::raw(app.lang.pick("next starts in ", "la suite commence dans ")),
                    Span::styled(wait, t.current()),
                    Span::styled(
                        format!(
                            " {} {}",
                            app.lang.pick("at", "à"),
                            super::hm(app, next.start)
                        ),
                        t.muted(),
                    ),
                ]));
            }
            lines
        }
    }
}

fn next_lines(app: &App, w: usize, compact: bool) -> Vec<Line<'static>> {
    let moment = app.moment_kept();
    let t = &app.settings.theme;
    if !compact && app.snapshot.programme.rooms.len() > 1 {
        let next = next_per_room(app);
        if next.len() > 1 {
            return room_lines(app, &next, w, 3, false);
        }
    }
    let next = moment.next;
    let Some(item) = next else {
        let text = if moment.phase == Phase::After {
            ""
        } else {
            app.lang.pick("Nothing after this", "Plus rien ensuite")
        };
        return vec![Line::from(Span::styled(text, t.muted()))];
    };
    let wait = if app.snapshot.waiting_on_overrun(app.now) {
        app.lang
            .pick(
                "when the current item ends",
                "à la fin de l’élément en cours",
            )
            .to_owned()
    } else {
        format!(
            "{} {}",
            app.lang.pick("in", "dans"),
            format_countdown(seconds_until(app.now, item.start))
        )
    };
    if compact {
        let mut left = vec![Span::styled(app.lang.pick("Next ", "Ensuite "), t.muted())];
        left.extend(title_spans(app, item, t.title()));
        return vec![spread(
            left,
            vec![
                Span::raw(format!("{} ", super::hm(app, item.start))),
                Span::styled(wait, t.current()),
            ],
            w,
        )];
    }
    let title = inert(&item.title).into_owned();
    let head = format!("{} ", glyph(item.kind));
    let room = w.saturating_sub(width(&head));
    let (line1, line2) = wrap_two(&title, room);
    let mut out = vec![Line::from(vec![
        Span::styled(head, t.kind(item.kind)),
        Span::styled(line1, t.title()),
    ])];
    let starts = Span::styled(
        format!("{} {wait}", app.lang.pick("starts", "commence")),
        t.current(),
    );
    if line2.is_empty() {
        out.push(spread(vec![], vec![Span::raw(times(app, item))], w));
    } else {
        out.push(spread(
            vec![Span::raw("  "), Span::styled(line2, t.title())],
            vec![Span::raw(times(app, item))],
            w,
        ));
    }
    let place = item
        .room
        .as_deref()
        .map_or(String::new(), |r| inert(r).into_owned());
    out.push(spread(
        vec![starts],
        vec![Span::styled(place, t.muted())],
        w,
    ));
    out
}

/// Splits `text` at a space into two lines of at most `w` columns (the second cut with `…`, at a
/// word's end when one is near).
fn wrap_two(text: &str, w: usize) -> (String, String) {
    if width(text) <= w {
        return (text.to_owned(), String::new());
    }
    let mut first = String::new();
    let mut rest = text;
    for (i, _) in text.match_indices(' ') {
        if width(&text[..i]) > w {
            break;
        }
        text[..i].clone_into(&mut first);
        rest = &text[i + 1..];
    }
    if first.is_empty() {
        return (fit_words(text, w).into_owned(), String::new());
    }
    (first, fit_words(rest, w.saturating_sub(2)).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_on_two_lines() {
        let (a, b) = wrap_two("Retours d’expérience de contributions réussies", 40);
        assert_eq!(a, "Retours d’expérience de contributions");
        assert_eq!(b, "réussies");
        let (a, b) = wrap_two("Pause", 40);
        assert_eq!((a.as_str(), b.as_str()), ("Pause", ""));
    }
}
