//! Panels drawn over the programme: an item's details, and the list of keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::text::{inert, inert_lines};
use super::theme::glyph;
use crate::app::App;
use crate::model::{State, timefmt::format_minutes};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

fn panel(app: &App, title: &str, hint: &'static str) -> Block<'static> {
    Block::bordered()
        .border_style(app.theme.key())
        .title(Span::styled(format!(" {title} "), app.theme.title()))
        .title_bottom(Span::styled(hint, app.theme.muted()))
}

fn field(app: &App, name: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<9}"), app.theme.muted()),
        Span::raw(value),
    ])
}

pub fn details(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(item) = app.selected_item() else {
        return;
    };
    let tz = app.programme.tz;
    let (start, end) = (item.start.with_timezone(&tz), item.end.with_timezone(&tz));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", glyph(item.kind)), app.theme.kind(item.kind)),
        Span::styled(inert(&item.title).into_owned(), app.theme.title()),
    ])];
    if let Some(sub) = &item.subtitle {
        lines.push(Line::from(Span::styled(
            inert(sub).into_owned(),
            app.theme.muted(),
        )));
    }
    lines.push(Line::default());
    lines.push(field(
        app,
        "When",
        format!(
            "{}, {}–{} ({}) {}",
            start.format("%A %-d %B %Y"),
            start.format("%H:%M"),
            end.format("%H:%M"),
            format_minutes(item.minutes()),
            tz.name()
        ),
    ));
    if app.local_differs() {
        let (ls, le) = (app.viewer.at(item.start), app.viewer.at(item.end));
        lines.push(field(
            app,
            "Yours",
            format!(
                "{}, {}–{} (UTC{})",
                ls.format("%A %-d %B"),
                ls.format("%H:%M"),
                le.format("%H:%M"),
                ls.format("%:z")
            ),
        ));
    }
    lines.push(field(app, "Kind", item.kind.name().to_owned()));
    if item.state != State::Confirmed {
        lines.push(field(app, "State", item.state.name().to_uppercase()));
    }
    let room = item
        .room
        .as_deref()
        .map_or("everyone (plenary)".to_owned(), |r| inert(r).into_owned());
    lines.push(field(app, "Room", room));
    if let Some(track) = &item.track {
        lines.push(field(app, "Track", inert(track).into_owned()));
    }
    if !item.speakers.is_empty() {
        let names: Vec<String> = item
            .speakers
            .iter()
            .map(|s| inert(s).into_owned())
            .collect();
        lines.push(field(app, "Speakers", names.join(", ")));
    }
    if let Some(language) = &item.language {
        lines.push(field(app, "Language", inert(language).into_owned()));
    }
    if let Some(id) = &item.id {
        lines.push(field(app, "Id", inert(id).into_owned()));
    }
    if let Some(description) = &item.description {
        lines.push(Line::default());
        lines.extend(inert_lines(description).into_iter().map(Line::from));
    }
    if !item.links.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Links", app.theme.muted())));
        for link in &item.links {
            let text = match &link.title {
                Some(title) => format!("• {} — {}", inert(title), inert(&link.url)),
                None => format!("• {}", inert(&link.url)),
            };
            lines.push(Line::from(text));
        }
    }
    let width = area.width.saturating_sub(4).min(90);
    let height = (lines.len() as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(3);
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.details_scroll, 0))
        .block(panel(app, "Details", " Esc close · ↑↓ scroll "))
        .render(rect, buf);
}

/// Every key, grouped. Kept beside the key map in `app::action_for_key`.
const HELP: [(&str, &str); 15] = [
    ("↑ ↓  k j", "move the cursor"),
    (
        "PgUp PgDn",
        "move a page (Space too, outside the stage view)",
    ),
    ("g G  Home End", "first / last item"),
    ("Enter", "details of the item"),
    ("Esc", "close a panel (quit when none is open)"),
    ("n", "jump to now and follow the clock again"),
    ("← →  h l", "previous / next day"),
    ("t", "show your local time beside the event's"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
    ("wheel", "scroll (pauses following)"),
    ("click", "select an item; click again for details"),
    ("", ""),
    ("", "Times are the event's, labelled with its zone."),
    (
        "",
        "Following keeps the current item in view as time passes.",
    ),
];

/// The facilitator's keys, shown first in the stage view's help.
const STAGE_HELP: [(&str, &str); 5] = [
    ("Space", "the next item starts now (the running one ends)"),
    ("e", "the running item ends now"),
    ("+ -", "one minute more / less for the running item"),
    ("u", "undo the last action (every action is saved at once)"),
    ("", ""),
];

pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let stage: &[(&str, &str)] = if matches!(app.mode, crate::app::Mode::Facilitator(_)) {
        &STAGE_HELP
    } else {
        &[]
    };
    let lines: Vec<Line> = stage
        .iter()
        .chain(HELP.iter())
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!("{key:>18}  "), app.theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    let rect = centered(
        area,
        72.min(area.width.saturating_sub(2)),
        HELP.len() as u16 + 2,
    );
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(panel(app, "Keys", " Esc or ? close "))
        .render(rect, buf);
}
