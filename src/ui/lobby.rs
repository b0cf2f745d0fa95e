//! The lobby screen (`deroule lobby`): readable from across a room, no keys needed.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────┐
//! │ title · date                                        11:05:12 │  1 row
//! │ NOW   11:00–11:15 · ends in 9:48                  (one room) │
//! │ ██ big title ██                                              │  big type when it fits
//! │ NEXT  11:15 · in 9:48 · +4 min                               │
//! │ ██ big title ██                                              │
//! │   — or, with parallel rooms, a board of room cards:          │
//! │ ┌ Janson ─── +4 min ┐┌ K.1.105 ──────────┐┌ H.2215 ─────────┐ │
//! │ │ NOW  title        ││ NOW  title        ││ NOW  title      │ │  as many as fit, paged
//! │ │      ends 11:25 … ││      ends 11:30 … ││      ends …     │ │  every 10 s
//! │ │ NEXT title  11:30 ││ NEXT title  11:35 ││ NEXT …          │ │
//! │ └───────────────────┘└───────────────────┘└─────────────────┘ │
//! ├──────────────────────────────────────────────────────────────┤
//! │ ─ Message from the organisers: … ─                            │  when there is one
//! │ everyone: Closing 12:00 · page 1/4                   q leave │  1 row
//! └──────────────────────────────────────────────────────────────┘
//! ```
//! What is shown is decided by [`crate::lobby`]; this file only draws it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};
use tui_big_text::{BigText, PixelSize};

use super::text::{fit, inert, width};
use crate::app::App;
use crate::i18n::Lang;
use crate::lobby::{self, Board, Card, Slot};
use crate::model::Instant;
use crate::timeline::{format_countdown, seconds_until};

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.snapshot;
    let shown = lobby::Shown {
        plan: &s.plan,
        expected: &s.programme,
        outline: s.outline(),
        one_sequence: s.one_sequence(),
    };
    let board = lobby::board(shown, app.now);
    let message = s
        .live
        .as_ref()
        .and_then(|l| l.record.as_ref())
        .and_then(|r| r.message_at(app.now));
    let message_rows = u16::from(message.is_some());
    let banner_rows = u16::from(app.notices.banner.is_some());
    let [header, banner, body, message_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner_rows),
        Constraint::Fill(1),
        Constraint::Length(message_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, header, buf);
    super::banner(app, banner, buf);
    let mut bottom = Vec::new();
    match &board {
        Board::Single { now, next } => single(app, now.as_ref(), next.as_ref(), body, buf),
        Board::Rooms { cards, plenary } => {
            let grid = lobby::grid(body.width, body.height, cards.len());
            let page = lobby::page_at(app.pages.turns(), grid.pages);
            let messages = s.room_messages(app.now, None);
            rooms(app, cards, &messages, grid, page, body, buf);
            if let Some(p) = plenary {
                let when = if p.item.start <= app.now {
                    format!(
                        "{} {}",
                        app.lang.pick("until", "jusqu’à"),
                        hm(app, p.item.end)
                    )
                } else {
                    hm(app, p.item.start)
                };
                bottom.push(Span::styled(
                    format!(" {} ", app.lang.pick("Everyone:", "Tout le monde :")),
                    app.settings.theme.muted(),
                ));
                bottom.push(Span::styled(
                    inert(&p.item.title).into_owned(),
                    app.settings.theme.title(),
                ));
                bottom.push(Span::styled(
                    format!(" {when} "),
                    app.settings.theme.clock(),
                ));
            }
            if grid.pages > 1 {
                let dot = if bottom.is_empty() { "" } else { "·" };
                bottom.push(Span::styled(
                    format!(
                        " {dot} {} {}/{} ",
                        app.lang.pick("page", "page"),
                        page + 1,
                        grid.pages
                    ),
                    app.settings.theme.muted(),
                ));
            }
        }
    }
    if let Some(text) = message {
        let label = app.lang.pick(
            "Message from the organisers:",
            "Message des organisateurs :",
        );
        let text = format!("─ {label} {} ", inert(text));
        let line = fit(&text, message_area.width as usize).into_owned();
        let fill = "─".repeat((message_area.width as usize).saturating_sub(width(&line)));
        Line::from(Span::styled(
            format!("{line}{fill}"),
            app.settings.theme.caution(),
        ))
        .render(message_area, buf);
    }
    let leave = app.lang.pick("q leave ", "q quitter ");
    let used: usize = bottom.iter().map(|s| width(&s.content)).sum();
    let fill = (footer.width as usize).saturating_sub(used + width(leave));
    bottom.push(Span::raw(" ".repeat(fill)));
    bottom.push(Span::styled(leave, app.settings.theme.muted()));
    Line::from(bottom).render(footer, buf);
}

fn hm(app: &App, t: Instant) -> String {
    super::hm(app, t)
}

/// Whole minutes until `t`, rounded up (`in 1 min` until it starts).
fn minutes_left(now: Instant, t: Instant) -> i64 {
    (seconds_until(now, t).max(0) + 59) / 60
}

fn draw_header(app: &App, area: Rect, buf: &mut Buffer) {
    let p = &app.snapshot.programme;
    let date = crate::timeline::event_date(p, app.now);
    let clock = app.now.with_timezone(&p.tz).format("%H:%M:%S").to_string();
    let context = if area.width >= 100 {
        app.lang.date_long(date)
    } else {
        app.lang.date_short(date)
    };
    let right = format!("{context}  {clock} ");
    let room = (area.width as usize).saturating_sub(width(&right) + 2);
    let title = fit(&inert(&p.meta.title), room).into_owned();
    let fill = (area.width as usize).saturating_sub(1 + width(&title) + width(&right));
    Line::from(vec![
        Span::styled(format!(" {title}"), app.settings.theme.title()),
        Span::raw(" ".repeat(fill)),
        Span::styled(format!("{context}  "), app.settings.theme.muted()),
        Span::styled(format!("{clock} "), app.settings.theme.clock()),
    ])
    .render(area, buf);
}

/// `+4 min` when an item is expected late (`−2 min` early), else nothing.
fn late(slot: &Slot, lang: Lang) -> Option<String> {
    match slot.late {
        0 => None,
        m if m > 0 => Some(format!("+{m} min")),
        m => Some(format!("−{} min {}", -m, lang.pick("early", "d’avance"))),
    }
}

/// One sequence: the clock in big digits when there is room, then NOW and NEXT, each a label
/// line and its title in the biggest type that fits its share of the screen; centred.
fn single(app: &App, now: Option<&Slot>, next: Option<&Slot>, area: Rect, buf: &mut Buffer) {
    let l = app.lang;
    let t = &app.settings.theme;
    let now_words = match now {
        Some(s) => {
            let mut words = format!(
                "{}–{} · {} {}",
                hm(app, s.item.start),
                hm(app, s.item.end),
                l.pick("ends in", "fin dans"),
                format_countdown(seconds_until(app.now, s.item.end))
            );
            if let Some(late) = late(s, l) {
                words = format!("{words} · {late}");
            }
            words
        }
        None => l.pick("nothing running", "rien en cours").to_owned(),
    };
    let next_words = next.map_or_else(
        || {
            l.pick("nothing more today", "plus rien aujourd’hui")
                .to_owned()
        },
        |s| {
            let mut words = format!(
                "{} · {} {}",
                hm(app, s.item.start),
                l.pick("in", "dans"),
                format_countdown(seconds_until(app.now, s.item.start))
            );
            if let Some(late) = late(s, l) {
                words = format!("{words} · {late}");
            }
            words
        },
    );
    let inner = area.width.saturating_sub(2);
    let clock = app
        .now
        .with_timezone(&app.snapshot.programme.tz)
        .format("%H:%M")
        .to_string();
    // Shares of the height: the clock only on a tall screen, NOW more than NEXT.
    let clock_plan = (area.height >= 30)
        .then(|| fitting(&clock, inner, 8))
        .flatten();
    let clock_rows = clock_plan.as_ref().map_or(0, |p| p.rows + 1);
    let left = area.height.saturating_sub(clock_rows + 3);
    let now_plan = now.and_then(|s| fitting(&big_text(&s.item.title), inner, left * 3 / 5));
    let now_rows = now_plan
        .as_ref()
        .map_or(u16::from(now.is_some()), |p| p.rows);
    let next_budget = left.saturating_sub(now_rows);
    // What runs is the headline: NEXT's title is never set bigger than NOW's (at 80×24 a long
    // running title went plain while the next one filled the screen in big type).
    let next_plan = match (now, &now_plan) {
        (Some(_), None) => None,
        (_, plan) => next.and_then(|s| {
            let level = plan.as_ref().map_or(0, |p| p.level);
            fitting_from(&big_text(&s.item.title), inner, next_budget, level)
        }),
    };
    let next_rows = next_plan
        .as_ref()
        .map_or(u16::from(next.is_some()), |p| p.rows);
    let total = clock_rows + 1 + now_rows + 1 + 1 + next_rows;
    let mut top = area.y + area.height.saturating_sub(total) / 2;
    let mut put = |rows: u16| {
        let r = Rect::new(
            area.x + 1,
            top,
            inner,
            rows.min(area.bottom().saturating_sub(top)),
        );
        top = (top + rows).min(area.bottom());
        r
    };
    if let Some(plan) = clock_plan {
        plan.render(t.clock(), put(plan.rows), buf);
        put(1);
    }
    label(
        l.pick("NOW  ", "MAINTENANT  "),
        &now_words,
        t.current(),
        put(1),
        buf,
    );
    if let Some(s) = now {
        draw_title(now_plan, &s.item.title, t.current(), put(now_rows), buf);
    }
    put(1);
    label(
        l.pick("NEXT  ", "ENSUITE  "),
        &next_words,
        t.key(),
        put(1),
        buf,
    );
    if let Some(s) = next {
        draw_title(next_plan, &s.item.title, t.title(), put(next_rows), buf);
    }
}

fn label(label: &str, words: &str, style: Style, area: Rect, buf: &mut Buffer) {
    Line::from(vec![
        Span::styled(label.to_owned(), style),
        Span::styled(
            words.to_owned(),
            style.remove_modifier(ratatui::style::Modifier::BOLD),
        ),
    ])
    .render(area, buf);
}

/// A text laid out in big type: its size, its lines, how many rows it takes.
struct BigPlan {
    size: PixelSize,
    /// Its place among the sizes, biggest first (0): NEXT is never bigger than NOW.
    level: usize,
    lines: Vec<String>,
    rows: u16,
}

impl BigPlan {
    fn render(&self, style: Style, area: Rect, buf: &mut Buffer) {
        BigText::builder()
            .pixel_size(self.size)
            .style(style)
            .lines(
                self.lines
                    .iter()
                    .map(|l| Line::from(l.clone()))
                    .collect::<Vec<_>>(),
            )
            .build()
            .render(area, buf);
    }
}

/// The biggest type in which `text`, wrapped to `width` cells, takes at most `rows` rows.
fn fitting(text: &str, width_cells: u16, rows: u16) -> Option<BigPlan> {
    fitting_from(text, width_cells, rows, 0)
}

/// [`fitting`] among the sizes from `level` down (0 is the biggest).
fn fitting_from(text: &str, width_cells: u16, rows: u16, level: usize) -> Option<BigPlan> {
    // (size, cells per letter across, rows per line), biggest first.
    let sizes = [
        (PixelSize::Full, 8, 8),
        (PixelSize::HalfHeight, 8, 4),
        // Smaller sizes draw with sextant and octant characters (Unicode 13's "legacy
        // computing"), which many terminal fonts lack: plain bold text reads better.
        (PixelSize::Quadrant, 4, 4),
    ];
    sizes
        .into_iter()
        .enumerate()
        .skip(level)
        .find_map(|(level, (size, across, high))| {
            let per_line = usize::from(width_cells / across);
            if per_line < 5 {
                return None;
            }
            let lines: Vec<String> = textwrap::wrap(text, per_line)
                .into_iter()
                .map(std::borrow::Cow::into_owned)
                .collect();
            let needed = lines.len() as u16 * high;
            (needed <= rows && lines.iter().all(|l| width(l) <= per_line)).then_some(BigPlan {
                size,
                level,
                lines,
                rows: needed,
            })
        })
}

/// The title in big type when it fits, else in plain bold lines.
fn draw_title(plan: Option<BigPlan>, title: &str, style: Style, area: Rect, buf: &mut Buffer) {
    if let Some(plan) = plan {
        plan.render(style, area, buf);
        return;
    }
    let text = inert(title);
    let lines = textwrap::wrap(&text, area.width.max(1) as usize);
    for (i, line) in lines.iter().take(area.height as usize).enumerate() {
        Line::from(Span::styled(
            line.to_string(),
            style.add_modifier(ratatui::style::Modifier::BOLD),
        ))
        .render(
            Rect {
                y: area.y + i as u16,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// Big type's characters: the font has no curly quotes or dashes.
fn big_text(title: &str) -> String {
    inert(title)
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect()
}

/// The board: the cards of page `page`, left to right then top to bottom, each with its room's
/// facilitator's message (`messages`: room, text) if there is one.
fn rooms(
    app: &App,
    cards: &[Card],
    messages: &[(&str, &str)],
    grid: lobby::Grid,
    page: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    if cards.is_empty() {
        let text = app.lang.pick(
            " Nothing more today in any room.",
            " Plus rien aujourd’hui.",
        );
        Line::from(Span::styled(text, app.settings.theme.muted())).render(area, buf);
        return;
    }
    let rows = Layout::vertical(vec![
        Constraint::Length(lobby::CARD_HEIGHT);
        grid.rows as usize
    ])
    .split(area);
    let shown = cards
        .iter()
        .skip(page * grid.per_page())
        .take(grid.per_page());
    for (i, card) in shown.enumerate() {
        let row = rows[i / grid.columns as usize];
        let columns =
            Layout::horizontal(vec![Constraint::Fill(1); grid.columns as usize]).split(row);
        let message = messages
            .iter()
            .find(|(room, _)| *room == card.room)
            .map(|(_, text)| *text);
        room_card(app, card, message, columns[i % grid.columns as usize], buf);
    }
}

/// A room's card: its delay in the border, NOW and its end, NEXT and when; the room's message,
/// when its facilitator wrote one, in place of how long until the next.
fn room_card(app: &App, card: &Card, message: Option<&str>, area: Rect, buf: &mut Buffer) {
    let t = &app.settings.theme;
    let l = app.lang;
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border())
        .title(Span::styled(format!(" {} ", inert(card.room)), t.title()));
    let delay = card
        .now
        .as_ref()
        .and_then(|s| late(s, l))
        .or_else(|| card.next.as_ref().and_then(|s| late(s, l)));
    if let Some(delay) = delay {
        block = block
            .title_top(Line::from(Span::styled(format!(" {delay} "), t.warning())).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let row = |n: u16| Rect {
        y: inner.y + n,
        height: 1,
        ..inner
    };
    let label_now = l.pick("NOW  ", "NOW  ");
    let label_next = l.pick("NEXT ", "PUIS ");
    match &card.now {
        Some(s) => {
            let title = fit(&inert(&s.item.title), w.saturating_sub(6)).into_owned();
            Line::from(vec![
                Span::styled(format!(" {label_now}"), t.current()),
                Span::styled(title, t.current()),
            ])
            .render(row(0), buf);
            let ends = format!(
                "      {} {} · {} {}",
                l.pick("ends", "fin"),
                hm(app, s.item.end),
                l.pick("in", "dans"),
                crate::model::timefmt::format_minutes(minutes_left(app.now, s.item.end))
            );
            Line::from(Span::styled(fit(&ends, w).into_owned(), t.muted())).render(row(1), buf);
        }
        None => {
            Line::from(vec![
                Span::styled(format!(" {label_now}"), t.muted()),
                Span::styled(l.pick("—", "—"), t.muted()),
            ])
            .render(row(0), buf);
        }
    }
    if let Some(s) = &card.next {
        let at = format!(" {}", hm(app, s.item.start));
        let title = fit(&inert(&s.item.title), w.saturating_sub(6 + width(&at))).into_owned();
        let fill = w.saturating_sub(6 + width(&title) + width(&at));
        Line::from(vec![
            Span::styled(format!(" {label_next}"), t.key()),
            Span::styled(title, t.title()),
            Span::raw(" ".repeat(fill)),
            Span::styled(at, t.clock()),
        ])
        .render(row(2), buf);
        if message.is_none() {
            let starts = format!(
                "      {} {}",
                l.pick("in", "dans"),
                crate::model::timefmt::format_minutes(minutes_left(app.now, s.item.start))
            );
            Line::from(Span::styled(fit(&starts, w).into_owned(), t.muted())).render(row(3), buf);
        }
    } else {
        let none = format!(
            " {label_next}{}",
            l.pick("nothing more here", "plus rien ici")
        );
        Line::from(Span::styled(fit(&none, w).into_owned(), t.muted())).render(row(2), buf);
    }
    if let Some(text) = message {
        let said = format!(" ✉ {}", inert(text));
        Line::from(Span::styled(fit(&said, w).into_owned(), t.caution())).render(row(3), buf);
    }
}
