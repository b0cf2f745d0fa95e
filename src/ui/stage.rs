//! The facilitator's stage view: the running item's countdown in big digits, its phase, what
//! comes next, and where the day stands against the plan.
//!
//! ```text
//!  Inventaire des mutualisations possibles            planned 10:15–11:00 · 10:59:30
//!  ██████  ██████        ██████  ██████        DANGER · 30 s left
//!  ██  ██  ██  ██   ██   ██      ██  ██        started 10:17 (+2 min)
//!  ██████  ██████        ██████  ██████        expected end 11:02
//!  Next  ○ Pause  11:00 → 11:02
//!  Day   running 2 min late · projected end 18:02 · 13 min recoverable before lunch
//!  ┌ Programme (planned → expected) ┐ … the programme list …
//!  space next starts now · u undo · q quit · e end now · s skip · m message · +/- one minute
//! ```
//! Phases are said in words (OVER, DANGER, WARNING), never by colour alone.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

mod footer;

use super::Regions;
use super::text::{fit, inert, width};
use crate::app::App;
use crate::delay::Phase as SlotPhase;
use crate::i18n::Lang;
use crate::model::{Item, Thresholds};
use crate::theme::glyph;
use crate::timeline::{format_countdown, seconds_until};

/// Default thresholds, in minutes before the end.
const WARN: u32 = 5;
const DANGER: u32 = 1;

/// Where the countdown stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Normal,
    Warning,
    Danger,
    Over,
}

/// The phase of a countdown with `left` seconds, for `item`, by the item's, the programme's, then
/// the command line's thresholds.
pub fn phase(left: i64, item: &Item, programme: Thresholds, defaults: Thresholds) -> Phase {
    let pick = |f: fn(&Thresholds) -> Option<u32>, default| {
        i64::from(
            f(&item.thresholds)
                .or(f(&programme))
                .or(f(&defaults))
                .unwrap_or(default),
        ) * 60
    };
    let warn = pick(|t| t.warn_before, WARN);
    let danger = pick(|t| t.danger_before, DANGER);
    if left < 0 {
        Phase::Over
    } else if left <= danger {
        Phase::Danger
    } else if left <= warn {
        Phase::Warning
    } else {
        Phase::Normal
    }
}

fn style_of(app: &App, phase: Phase) -> Style {
    let t = &app.settings.theme;
    match phase {
        Phase::Normal => t.current(),
        Phase::Warning => t.caution(),
        Phase::Danger => t.warning(),
        Phase::Over => t.warning().add_modifier(Modifier::REVERSED),
    }
}

fn minutes_word(seconds: i64) -> String {
    let m = (seconds as f64 / 60.0).round() as i64;
    if m == 1 {
        "1 min".into()
    } else {
        format!("{m} min")
    }
}

pub fn draw(app: &App, regions: &Regions, defaults: Thresholds, buf: &mut Buffer) {
    let t = &app.settings.theme;
    let moment = app.moment();
    let running = moment.running.first().copied();
    let hm = |at| super::hm(app, at);
    let clock = app
        .now
        .with_timezone(&app.snapshot.programme.tz)
        .format("%H:%M:%S")
        .to_string();

    // Header: the item, its planned times, the clock.
    let (title, planned) = match running {
        Some(item) => {
            let plan = app
                .snapshot
                .forecast
                .as_ref()
                .and_then(|_| app.snapshot.planned_of(item, app.now));
            let times = plan.map_or(String::new(), |p| {
                format!(
                    "{} {}–{} · ",
                    app.lang.pick("planned", "prévu"),
                    hm(p.start),
                    hm(p.end)
                )
            });
            (
                format!(" {} {}", glyph(item.kind), inert(&item.title)),
                times,
            )
        }
        None => (
            format!(" {}", inert(&app.snapshot.programme.meta.title)),
            String::new(),
        ),
    };
    let right = format!("{planned}{clock} ");
    // A rehearsal says so on every screen: its record is not the day's.
    let rehearsal = if is_rehearsal(app) {
        format!("{} · ", app.lang.pick("REHEARSAL", "RÉPÉTITION"))
    } else {
        String::new()
    };
    let room =
        (regions.header.width as usize).saturating_sub(width(&right) + width(&rehearsal) + 1);
    let title = fit(&title, room).into_owned();
    let fill = (regions.header.width as usize)
        .saturating_sub(width(&title) + width(&rehearsal) + width(&right));
    Line::from(vec![
        Span::styled(title, t.title()),
        Span::raw(" ".repeat(fill)),
        Span::styled(rehearsal, t.warning()),
        Span::styled(right, t.clock()),
    ])
    .render(regions.header, buf);

    // The countdown and its words.
    let (digits, words, style) = countdown(app, running, defaults);
    let big = crate::layout::digit_rows(regions.now.height.max(buf.area.height));
    let [digits_area, words_area] =
        Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(regions.now);
    if big >= 4 {
        let size = if big >= 8 {
            PixelSize::Full
        } else {
            PixelSize::HalfHeight
        };
        // A column of margin on the left and one of space before the words: `+05:00` at 80
        // columns ran into them (`▀▀▀▀██▀aiming for 11:45`).
        let text_width = width(&digits) as u16 * 8 + 2;
        let size = if text_width > digits_area.width {
            PixelSize::Quadrant
        } else {
            size
        };
        BigText::builder()
            .pixel_size(size)
            .style(style)
            .lines(vec![Line::from(digits.clone())])
            .build()
            .render(
                Rect {
                    x: digits_area.x + 1,
                    width: digits_area.width.saturating_sub(1),
                    ..digits_area
                },
                buf,
            );
    } else {
        Line::from(Span::styled(
            format!(" {digits}"),
            style.add_modifier(Modifier::BOLD),
        ))
        .render(
            Rect {
                height: 1,
                ..digits_area
            },
            buf,
        );
    }
    let words_area = if big >= 4 {
        words_area
    } else {
        Rect {
            x: digits_area.x + 12,
            width: regions.now.width.saturating_sub(12),
            ..regions.now
        }
    };
    for (i, (text, style)) in words
        .into_iter()
        .enumerate()
        .take(words_area.height as usize)
    {
        let row = Rect {
            y: words_area.y + i as u16,
            height: 1,
            ..words_area
        };
        Line::from(Span::styled(
            fit(&text, row.width as usize).into_owned(),
            style,
        ))
        .render(row, buf);
    }

    // Next, and the day.
    let next_line = match moment.next {
        Some(next) => {
            let planned = app
                .snapshot
                .planned_of(next, app.now)
                .map_or(next.start, |p| p.start);
            let expected = if (next.start - planned).num_seconds().abs() >= 60 {
                format!(
                    "{} → {} {}",
                    hm(planned),
                    hm(next.start),
                    app.lang.pick("expected", "attendu")
                )
            } else {
                hm(next.start)
            };
            let tail = if app.snapshot.waiting_on_overrun(app.now) {
                format!(
                    "  {} {} · {}",
                    app.lang.pick("planned", "prévu"),
                    hm(planned),
                    app.lang.pick(
                        "waits for the running item",
                        "attend la fin de l’élément en cours"
                    )
                )
            } else {
                format!(
                    "  {expected} · {} {}",
                    app.lang.pick("in", "dans"),
                    format_countdown(seconds_until(app.now, next.start))
                )
            };
            // The title gives way to the times (at 80 columns the start was cut to `11:`),
            // down to a few words of it.
            let room = usize::from(regions.next.width)
                .saturating_sub(NEXT_LABEL + 2 + super::text::width(&tail))
                .max(NEXT_TITLE_MIN);
            vec![
                Span::styled(app.lang.pick(" Next    ", " Ensuite "), t.muted()),
                Span::styled(format!("{} ", glyph(next.kind)), t.kind(next.kind)),
                Span::styled(fit(&inert(&next.title), room).into_owned(), t.title()),
                Span::raw(tail),
            ]
        }
        None => vec![Span::styled(
            app.lang
                .pick(" Next    nothing after this", " Ensuite plus rien"),
            t.muted(),
        )],
    };
    Line::from(next_line).render(
        Rect {
            height: 1,
            ..regions.next
        },
        buf,
    );
    let day_row = Rect {
        y: regions.next.y + 1,
        height: 1,
        ..regions.next
    };
    Line::from(vec![
        Span::styled(app.lang.pick(" Day     ", " Journée "), t.muted()),
        Span::raw(day_summary_within(
            app,
            (day_row.width as usize).saturating_sub(9),
        )),
    ])
    .render(day_row, buf);

    footer::draw(app, regions.footer, buf);
}

/// Whether the record written is a rehearsal's (`X.rehearsal.live.yaml`, `--at` or `--speed`).
fn is_rehearsal(app: &App) -> bool {
    app.snapshot
        .live
        .as_ref()
        .is_some_and(|l| crate::live::is_rehearsal_record(&l.path))
}

/// The big countdown, the words beside it, and the style of both.
fn countdown(
    app: &App,
    running: Option<&Item>,
    defaults: Thresholds,
) -> (String, Vec<(String, Style)>, Style) {
    let t = &app.settings.theme;
    let hm = |at| super::hm(app, at);
    let Some(item) = running else {
        let moment = app.moment();
        return match moment.next {
            Some(next) => {
                let left = seconds_until(app.now, next.start);
                (
                    clock_digits(left),
                    vec![
                        (
                            app.lang.pick("NOTHING RUNNING", "RIEN EN COURS").to_owned(),
                            t.title(),
                        ),
                        (
                            format!(
                                "{} {}",
                                app.lang.pick("next starts in", "la suite commence dans"),
                                format_countdown(left)
                            ),
                            t.current(),
                        ),
                        (
                            format!("{} {}", app.lang.pick("at", "à"), hm(next.start)),
                            t.muted(),
                        ),
                    ],
                    t.current(),
                )
            }
            None => (
                "--:--".to_owned(),
                vec![(
                    format!(
                        "{} {}",
                        app.lang.pick("Day over · ended", "Journée terminée · fin"),
                        hm(app.snapshot.outline().last_end())
                    ),
                    t.title(),
                )],
                t.muted(),
            ),
        };
    };
    let slot = app.snapshot.slot_of(item, app.now);
    let target = slot.map_or(item.end, |s| s.target_end);
    let left = seconds_until(app.now, target);
    let phase = phase(left, item, app.snapshot.plan.thresholds, defaults);
    let style = style_of(app, phase);
    let headline = match (phase, app.lang) {
        (Phase::Over, Lang::En) => format!("OVER · {} over time", format_countdown(-left)),
        (Phase::Over, Lang::Fr) => format!("DÉPASSÉ · {} de trop", format_countdown(-left)),
        (Phase::Danger, Lang::En) => format!("DANGER · {} left", format_countdown(left)),
        (Phase::Danger, Lang::Fr) => format!("DANGER · reste {}", format_countdown(left)),
        (Phase::Warning, Lang::En) => format!("WARNING · {} left", format_countdown(left)),
        (Phase::Warning, Lang::Fr) => format!("ATTENTION · reste {}", format_countdown(left)),
        (Phase::Normal, Lang::En) => format!("{} left", format_countdown(left)),
        (Phase::Normal, Lang::Fr) => format!("reste {}", format_countdown(left)),
    };
    let digits = if left < 0 {
        format!("+{}", clock_digits(-left))
    } else {
        clock_digits(left)
    };
    let mut words = vec![(headline, style.add_modifier(Modifier::BOLD))];
    if let Some(plan) = app.snapshot.planned_of(item, app.now) {
        let late = (item.start - plan.start).num_seconds();
        let started = if late.abs() >= 60 {
            let sign = if late > 0 { "+" } else { "−" };
            format!(
                "{} {} ({sign}{})",
                app.lang.pick("started", "commencé à"),
                hm(item.start),
                minutes_word(late.abs())
            )
        } else {
            format!(
                "{} {} ({})",
                app.lang.pick("started", "commencé à"),
                hm(item.start),
                app.lang.pick("on time", "à l’heure")
            )
        };
        words.push((started, t.muted()));
        if let Some(s) = slot {
            // Short enough for the 32 columns beside the digits at 80 (it was cut to
            // "shortened by 30 min to protect …").
            if s.shortened > 0 {
                words.push((
                    match app.lang {
                        Lang::En => {
                            format!("cut by {} for a hard start", minutes_word(s.shortened))
                        }
                        Lang::Fr => {
                            format!("écourté de {} (horaire fixe)", minutes_word(s.shortened))
                        }
                    },
                    t.muted(),
                ));
            }
            if s.phase == SlotPhase::Running {
                words.push((
                    format!("{} {}", app.lang.pick("aiming for", "objectif"), hm(target)),
                    t.muted(),
                ));
            }
        }
    }
    (digits, words, style)
}

/// `MM:SS`, or `H:MM:SS` past an hour.
fn clock_digits(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// How much of the day's summary to say.
/// The width of " Next    " / " Ensuite ".
const NEXT_LABEL: usize = 9;
/// The fewest columns the next item's title keeps when its times need the rest.
const NEXT_TITLE_MIN: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Detail {
    /// `(planned 18:00)` after the projected end.
    planned: bool,
    /// `(hard start 12:30)` rather than `(12:30)`.
    hard_label: bool,
    /// The longest hard-start title (0: no title, only its time).
    name: usize,
    /// "ends ~18:00" rather than "projected end 18:00" (the Day label says whose end).
    short_end: bool,
}

/// The day's summary in `columns`: in full when it fits, else with fewer words (the planned end,
/// the words "hard start", a shorter title) so that the projected end stays on the line (at
/// 100×30 it was cut: `… (hard start 12:30) · pro…`); cut with `…` only when even that is too long.
fn day_summary_within(app: &App, columns: usize) -> String {
    let level = |planned, hard_label, name, short_end| Detail {
        planned,
        hard_label,
        name,
        short_end,
    };
    // The hard start's name goes before the words of the projected end (at 100 columns it was
    // cut to «Pause déjeu…» while "projected end" was said in full).
    let levels = [
        level(true, true, 24, false),
        level(false, true, 24, false),
        level(false, false, 24, false),
        level(false, false, 24, true),
        level(false, false, 0, false),
        level(false, false, 0, true),
    ];
    let mut said = String::new();
    for detail in levels {
        said = day_summary(app, detail);
        let over = width(&said).saturating_sub(columns);
        if over == 0 {
            return said;
        }
        // Then as much of the name as fits, while a few words of it do.
        let shown = detail.name.min(hard_title_width(app));
        if detail.short_end && shown >= over + HARD_NAME_MIN {
            return day_summary(
                app,
                Detail {
                    name: shown - over,
                    ..detail
                },
            );
        }
    }
    fit(&said, columns).into_owned()
}

/// The fewest columns of the hard start's name worth showing.
const HARD_NAME_MIN: usize = 8;

/// The width of the next hard start's title, as the Day line would show it whole.
fn hard_title_width(app: &App) -> usize {
    let Some(hard) = app.snapshot.forecast.as_ref().and_then(|f| f.next_hard) else {
        return 0;
    };
    let day = &app.snapshot.plan.days[app.snapshot.forecast_day(app.now)];
    day.items
        .get(hard.index)
        .map_or(0, |item| width(&inert(&item.title)))
}

/// "running 8 min late · 13 min recoverable before «Pause déjeuner» (hard start 12:30) ·
/// projected end 18:00 (planned 18:00)"
fn day_summary(app: &App, detail: Detail) -> String {
    let Some(forecast) = &app.snapshot.forecast else {
        return app
            .lang
            .pick("no live record", "pas d’enregistrement en direct")
            .to_owned();
    };
    let hm = |at| super::hm(app, at);
    let delay = forecast.delay_minutes() * 60;
    let l = app.lang;
    let mut parts = vec![if delay >= 60 {
        match l {
            Lang::En => format!("running {} late", minutes_word(delay)),
            Lang::Fr => format!("{} de retard", minutes_word(delay)),
        }
    } else if delay <= -60 {
        match l {
            Lang::En => format!("running {} early", minutes_word(-delay)),
            Lang::Fr => format!("{} d’avance", minutes_word(-delay)),
        }
    } else {
        l.pick("on time", "à l’heure").to_owned()
    }];
    if forecast.lapsed {
        // Nothing recorded for long: an overrun is no longer assumed (see `delay::forecast`).
        parts.insert(
            0,
            l.pick(
                "nothing recorded for long: items nobody ended are taken as ended on time",
                "rien d’enregistré depuis longtemps : les éléments non terminés sont pris comme finis à l’heure",
            )
            .to_owned(),
        );
    }
    if let Some(hard) = forecast.next_hard {
        let item = &app.snapshot.plan.days[app.snapshot.forecast_day(app.now)].items[hard.index];
        let name = fit(&inert(&item.title), detail.name).into_owned();
        let at = if detail.hard_label {
            format!(
                "{} {}",
                l.pick("hard start", "horaire fixe"),
                hm(item.start)
            )
        } else {
            hm(item.start)
        };
        // The loss in words, the running item's first: "«Échanges» cut by 13 min to keep
        // «Pause déjeuner» at 12:30".
        let cut = forecast.running_cut().copied().or_else(|| {
            forecast
                .cuts()
                .iter()
                .rfind(|c| c.hard == hard.index && c.seconds > 0)
                .copied()
        });
        let day_items = &app.snapshot.plan.days[app.snapshot.forecast_day(app.now)].items;
        if hard.lost > 0
            && let Some(cut) = cut.filter(|c| c.hard == hard.index)
        {
            parts.push(inert(&cut.sentence(day_items, app.snapshot.plan.tz, l)).into_owned());
        } else if detail.name == 0 {
            let (n, lost) = if hard.lost > 0 {
                (hard.lost, true)
            } else {
                (hard.recoverable, false)
            };
            parts.push(match (l, lost) {
                (Lang::En, true) => format!("{} lost before {at}", minutes_word(n)),
                (Lang::En, false) => format!("{} recoverable before {at}", minutes_word(n)),
                (Lang::Fr, true) => format!("{} perdues avant {at}", minutes_word(n)),
                (Lang::Fr, false) => format!("{} rattrapables avant {at}", minutes_word(n)),
            });
        } else if hard.lost > 0 {
            parts.push(match l {
                Lang::En => format!(
                    "{} will be lost before «{name}» ({at})",
                    minutes_word(hard.lost),
                ),
                Lang::Fr => format!(
                    "{} seront perdues avant «{name}» ({at})",
                    minutes_word(hard.lost),
                ),
            });
        } else {
            parts.push(match l {
                Lang::En => format!(
                    "{} recoverable before «{name}» ({at})",
                    minutes_word(hard.recoverable),
                ),
                Lang::Fr => format!(
                    "{} rattrapables avant «{name}» ({at})",
                    minutes_word(hard.recoverable),
                ),
            });
        }
    }
    // The projected end last: the narrowest screens keep delay and recovery.
    let planned_end = app.snapshot.plan.days[app.snapshot.forecast_day(app.now)].closes();
    let mut end = if detail.short_end {
        format!("{} ~{}", l.pick("ends", "fin"), hm(forecast.projected_end))
    } else {
        format!(
            "{} {}",
            l.pick("projected end", "fin estimée"),
            hm(forecast.projected_end)
        )
    };
    if detail.planned {
        let _ = write!(
            end,
            " ({} {})",
            l.pick("planned", "prévue"),
            hm(planned_end)
        );
    }
    parts.push(end);
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_follow_item_then_programme_then_defaults() {
        let p = crate::model::load_str(crate::BUNDLED, "b")
            .expect("valid")
            .programme;
        let mut item = p.days[0].items[2].clone();
        let none = Thresholds::default();
        assert_eq!(phase(600, &item, none, none), Phase::Normal);
        assert_eq!(phase(300, &item, none, none), Phase::Warning);
        assert_eq!(phase(60, &item, none, none), Phase::Danger);
        assert_eq!(phase(0, &item, none, none), Phase::Danger);
        assert_eq!(phase(-1, &item, none, none), Phase::Over);
        let cli = Thresholds {
            warn_before: Some(10),
            danger_before: Some(2),
        };
        assert_eq!(phase(600, &item, none, cli), Phase::Warning);
        let programme = Thresholds {
            warn_before: Some(3),
            danger_before: None,
        };
        assert_eq!(
            phase(240, &item, programme, cli),
            Phase::Normal,
            "the programme wins over the CLI"
        );
        item.thresholds.warn_before = Some(15);
        assert_eq!(
            phase(840, &item, programme, cli),
            Phase::Warning,
            "the item wins over all"
        );
    }

    #[test]
    fn digits_read_like_a_stage_clock() {
        assert_eq!(clock_digits(30), "00:30");
        assert_eq!(clock_digits(192), "03:12");
        assert_eq!(clock_digits(3723), "1:02:03");
    }
}
