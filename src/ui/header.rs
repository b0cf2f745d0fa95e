//! The header: event title, shown date, zone, live clock; venue and the day's progress.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{fit_words, inert, width};
use crate::app::App;
use crate::timeline;

pub fn draw(app: &App, area: Rect, compact: bool, buf: &mut Buffer) {
    let p = &app.snapshot.programme;
    let tz = p.tz;
    let now = app.now.with_timezone(&tz);
    // The date and progress of the event day `now` is in (times before the day-change hour
    // belong to the day before), whichever day the list shows; between two days, the one that
    // ended, not the next one.
    let event_date = timeline::event_date(p, app.now);
    let day = p
        .days
        .iter()
        .find(|d| d.date == event_date)
        .unwrap_or_else(|| &p.days[app.snapshot.outline().day_at(app.now)]);
    let clock = now.format("%H:%M:%S").to_string();
    let mut right = vec![Span::styled(clock, app.settings.theme.clock())];
    if let Some(local) = super::local_hm(app, app.now) {
        let secs = app.settings.local_time.viewer.at(app.now).format(":%S");
        right.push(Span::styled(
            format!(" · {} {local}{secs}", app.lang.pick("you", "vous")),
            app.settings.theme.muted(),
        ));
    }
    let title = inert(&p.meta.title);
    // The longest context that leaves the whole title in view: the long date and the zone, the
    // long date, the short date; else the shortest, and the title is cut.
    let clock_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let zone = crate::i18n::zone_label(tz);
    let contexts = if compact {
        vec![String::new()]
    } else {
        vec![
            format!("{} · {zone}  ", app.lang.date_long(event_date)),
            format!("{}  ", app.lang.date_long(event_date)),
            format!("{}  ", app.lang.date_short(event_date)),
        ]
    };
    let fits = |c: &String| width(&title) + 2 + width(c) + clock_width <= area.width as usize;
    let context = contexts
        .iter()
        .find(|c| fits(c))
        .or(contexts.last())
        .cloned()
        .unwrap_or_default();
    right.insert(0, Span::raw(context));
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let title_room = (area.width as usize).saturating_sub(right_width + 2);
    let mut first = vec![Span::styled(
        format!(" {}", fit_words(&title, title_room)),
        app.settings.theme.title(),
    )];
    let used = 1 + width(&fit_words(&title, title_room));
    first.push(Span::raw(
        " ".repeat((area.width as usize).saturating_sub(used + right_width)),
    ));
    first.extend(right);
    Line::from(first).render(Rect { height: 1, ..area }, buf);
    if compact || area.height < 2 {
        return;
    }
    // Second row: where, and how far through the day we are (or the clock's note).
    let progress = timeline::progress(day.opens(), day.closes(), app.now);
    let bar_width = 14;
    // Rounded down, bar and figure: the day is not `100 %` (nor the bar full) at 17:59.
    let done = (progress * f64::from(bar_width)).floor() as usize;
    let mut right = Vec::new();
    if let Some(forecast) = &app.snapshot.forecast {
        let minutes = forecast.delay_minutes();
        let text = match minutes {
            0 => app.lang.pick("on time", "à l’heure").to_owned(),
            m if m > 0 => format!(
                "{} ~{}",
                match app.lang {
                    crate::i18n::Lang::En => format!("running ~{m} min late · ends"),
                    crate::i18n::Lang::Fr => format!("~{m} min de retard · fin"),
                },
                super::hm(app, forecast.projected_end)
            ),
            m => match app.lang {
                crate::i18n::Lang::En => format!("running ~{} min early", -m),
                crate::i18n::Lang::Fr => format!("~{} min d’avance", -m),
            },
        };
        let style = if minutes > 0 {
            app.settings.theme.warning()
        } else {
            app.settings.theme.current()
        };
        right.push(Span::styled(format!("{text}  "), style));
    }
    if let Some(updated) = app.notices.offline {
        // Narrow screens get the short form: the time is what matters.
        let label = if area.width >= 100 {
            app.lang
                .pick("offline · updated", "hors ligne · mis à jour")
        } else {
            app.lang.pick("offline", "hors ligne")
        };
        let text = match updated {
            Some(at) => format!("{label} {}", super::hm(app, at)),
            None => app.lang.pick("offline", "hors ligne").to_owned(),
        };
        right.push(Span::styled(
            format!("{text}  "),
            app.settings.theme.warning(),
        ));
    }
    if let Some(note) = &app.notices.clock_note {
        right.push(Span::styled(
            format!("{note}  "),
            app.settings.theme.warning(),
        ));
    }
    right.extend([
        Span::styled(
            app.lang.pick("day ", "journée "),
            app.settings.theme.muted(),
        ),
        Span::styled("█".repeat(done), app.settings.theme.bar_done()),
        Span::styled(
            "░".repeat(bar_width as usize - done),
            app.settings.theme.bar_left(),
        ),
        Span::raw(format!(" {:>3.0} % ", (progress * 100.0).floor())),
    ]);
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let place = [p.meta.venue.as_deref(), p.meta.address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let room = (area.width as usize).saturating_sub(right_width + 2);
    // Times that are not the venue's come before the venue: they change how every time reads.
    let (place, style) = match &p.unnamed_zone {
        Some(unnamed) => (
            crate::i18n::unnamed_zone(unnamed, tz, app.lang),
            app.settings.theme.warning(),
        ),
        None => (place, app.settings.theme.muted()),
    };
    let place = fit_words(&inert(&place), room).into_owned();
    let fill = (area.width as usize).saturating_sub(1 + width(&place) + right_width);
    let mut second = vec![
        Span::styled(format!(" {place}"), style),
        Span::raw(" ".repeat(fill)),
    ];
    second.extend(right);
    Line::from(second).render(
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
    );
}
