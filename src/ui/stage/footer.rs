//! The stage view's footer: the facilitator's keys, the clock's note and the last recorded
//! action; or the message being written; or the question before quitting.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::i18n::Lang;
use crate::live;
use crate::ui::text::{fit, inert, pad, width};

/// The footer: the message being written, else the question before quitting, else the keys,
/// the clock's note (a rehearsal) and the last recorded action (undo is one key away).
pub(super) fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let (t, l) = (&app.settings.theme, app.lang);
    let total = area.width as usize;
    if let Some(text) = &app.stage.composing {
        let prompt = l.pick(" Message to attendees: ", " Message au public : ");
        let hint = l.pick(
            "  Enter shows · empty clears · Esc cancels ",
            "  Entrée affiche · vide efface · Échap annule ",
        );
        let hint = if width(prompt) + width(hint) + 12 > total {
            ""
        } else {
            hint
        };
        // The end of the text (where it is typed) stays in view as it grows.
        let room = total.saturating_sub(width(prompt) + width(hint) + 1);
        Line::from(vec![
            Span::styled(prompt, t.key()),
            Span::raw(tail(&inert(text), room)),
            Span::styled("█", t.key()),
            Span::styled(hint, t.muted()),
        ])
        .render(area, buf);
        return;
    }
    if app.stage.quit_asked {
        let n = app.snapshot.unsaved(l).len();
        let text = match l {
            Lang::En => format!(
                " {n} {} NOT SAVED · q quits anyway (printed on the way out) · any other key stays",
                if n == 1 { "action" } else { "actions" }
            ),
            Lang::Fr => format!(
                " {n} action{} NON ENREGISTRÉE{} · q quitte quand même (affichées en sortant) · \
                 toute autre touche reste",
                if n == 1 { "" } else { "s" },
                if n == 1 { "" } else { "S" }
            ),
        };
        Line::from(Span::styled(
            pad(&fit(&text, total), total),
            t.warning().patch(t.selected()),
        ))
        .render(area, buf);
        return;
    }
    // A rehearsal says so (its record is not the day's).
    let note = app
        .notices
        .clock_note
        .as_deref()
        .map(|n| format!("{} ", inert(n)))
        .unwrap_or_default();
    // What asks for attention (new messages, unsaved favourites) keeps its place; the most used
    // keys come next, then the last action (undo is one key away), in fewer words as room
    // runs out, then the least used keys (the help names them all). After an action at 80
    // columns, `m message` and `+/- 1 min` dropped out while `s skip` stayed.
    let alerts = crate::ui::footer::alerts(app, total < 60);
    let mut used = 1 + alerts.iter().map(|s| width(&s.content)).sum::<usize>();
    let mut spans = vec![Span::raw(" ")];
    let mut key_spans = |keys: &[(&'static str, &'static str, &'static str)], used: &mut usize| {
        for (key, en, fr) in keys {
            let key = if *key == "space" {
                l.pick("space", "espace")
            } else {
                key
            };
            let what = l.pick(en, fr);
            let piece = width(key) + width(what) + 3;
            if *used + piece > total {
                continue;
            }
            spans.push(Span::styled(key, t.key()));
            spans.push(Span::styled(format!(" {what}  "), t.muted()));
            *used += piece;
        }
    };
    key_spans(&KEYS[..MOST_USED], &mut used);
    let last = last_action(app, total.saturating_sub(used));
    used += width(&last);
    key_spans(&KEYS[MOST_USED..], &mut used);
    // The clock's note in what is left, when a useful part of it fits (the header says
    // REHEARSAL in any case).
    let room = total.saturating_sub(used);
    let note = if room >= 16 {
        fit(&note, room).into_owned()
    } else {
        String::new()
    };
    spans.push(Span::raw(" ".repeat(room.saturating_sub(width(&note)))));
    spans.push(Span::styled(note, t.warning()));
    spans.extend(alerts);
    spans.push(Span::styled(last, t.muted()));
    Line::from(spans).render(area, buf);
}

/// The stage's keys, the most used first: narrow screens keep the first [`MOST_USED`] before
/// the last action, and the rest only in what is left.
const KEYS: [(&str, &str, &str); 8] = [
    ("space", "next", "suite"),
    ("e", "end", "terminer"),
    ("+/-", "1 min", "1 min"),
    ("u", "undo", "annuler"),
    ("m", "message", "message"),
    ("q", "quit", "quitter"),
    ("?", "help", "aide"),
    ("s", "skip", "sauter"),
];
const MOST_USED: usize = 7;

/// The last recorded action in at most `room` columns: "last: «Échanges…» adjusted 11:50",
/// with less of the title, then none, then nothing at all.
fn last_action(app: &App, room: usize) -> String {
    let l = app.lang;
    // The last the clock has reached: a rehearsal's record may hold later ones, not counted.
    let Some(e) = app
        .snapshot
        .record_now()
        .and_then(|r| r.actions.iter().rfind(|e| e.at <= app.now))
    else {
        return String::new();
    };
    let what = match e.action {
        live::Kind::Start => l.pick("started", "commencé"),
        live::Kind::End => l.pick("ended", "terminé"),
        live::Kind::Adjust => l.pick("adjusted", "ajusté"),
        live::Kind::Skip => l.pick("skipped", "sauté"),
    };
    let label = l.pick("last:", "dernier :");
    let at = super::super::hm(app, e.at);
    [24, 16, 10, 0]
        .into_iter()
        .map(|title| {
            if title == 0 {
                format!("{label} {what} {at} ")
            } else {
                format!("{label} {} {what} {at} ", title_of(app, &e.item, title))
            }
        })
        .find(|said| width(said) <= room)
        .unwrap_or_default()
}

/// The end of `text` in at most `room` columns, `…` before it when cut.
fn tail(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        kept.push(c);
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

fn title_of(app: &App, key: &str, columns: usize) -> String {
    app.snapshot
        .plan
        .items()
        .find(|i| live::key(&app.snapshot.plan, i) == key)
        .map_or_else(
            || key.to_owned(),
            |i| format!("«{}»", fit(&inert(&i.title), columns)),
        )
}
