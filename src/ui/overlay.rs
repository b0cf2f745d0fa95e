//! Panels drawn over the programme: an item's details, the list of keys, and the room / track /
//! kind picker.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::text::{inert, inert_lines, pad, width};
use crate::app::App;
use crate::app::picker::Facet;
use crate::i18n::{Lang, kind_label};
use crate::model::{State, timefmt::format_minutes};
use crate::theme::glyph;

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A bordered panel with a column of padding on each side, so text never touches the border.
pub(super) fn panel(app: &App, title: &str, hint: &'static str) -> Block<'static> {
    Block::bordered()
        .padding(ratatui::widgets::Padding::horizontal(1))
        .border_style(app.settings.theme.key())
        .title(Span::styled(
            format!(" {title} "),
            app.settings.theme.title(),
        ))
        .title_bottom(Span::styled(hint, app.settings.theme.muted()))
}

/// `label` then `text`, the text wrapped to `width` columns in all, its later lines indented under
/// its first (a hanging indent) rather than back at the panel's edge.
pub(super) fn hanging(
    label: &Span<'static>,
    text: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'static>> {
    let indent = " ".repeat(super::text::width(&label.content));
    let options = textwrap::Options::new(width.max(indent.len() + 8))
        .initial_indent(&indent)
        .subsequent_indent(&indent);
    // French puts a space before `: ; ? !` and inside « »: never break a line there.
    let mut text = text.to_owned();
    for (from, to) in [
        (" :", "\u{a0}:"),
        (" ;", "\u{a0};"),
        (" ?", "\u{a0}?"),
        (" !", "\u{a0}!"),
        (" »", "\u{a0}»"),
        ("« ", "«\u{a0}"),
    ] {
        text = text.replace(from, to);
    }
    textwrap::wrap(&text, options)
        .into_iter()
        .enumerate()
        .map(|(n, line)| {
            let text = line[indent.len()..].to_owned();
            let head = if n == 0 {
                label.clone()
            } else {
                Span::raw(indent.clone())
            };
            Line::from(vec![head, Span::styled(text, style)])
        })
        .collect()
}

/// The text width inside the details panel drawn over `area`.
fn details_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).min(90)
}

fn field(app: &App, (en, fr): (&str, &str), value: &str, width: usize) -> Vec<Line<'static>> {
    let label = Span::styled(
        format!("{:<13}", app.lang.pick(en, fr)),
        app.settings.theme.muted(),
    );
    hanging(&label, value, Style::default(), width)
}

pub fn details(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((lines, rect)) = details_lines(app, area) else {
        return;
    };
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .scroll((app.overlays.scroll.min(max_scroll(app, area)), 0))
        .block(panel(
            app,
            app.lang.pick("Details", "Détails"),
            app.lang
                .pick(" Esc close · ↑↓ scroll ", " Échap fermer · ↑↓ défiler "),
        ))
        .render(rect, buf);
}

/// How far the open panel scrolls: its last line at its bottom. The app bounds its scroll with
/// it, so that ↑ answers at once after holding ↓.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let panel = match app.overlays.shown {
        crate::app::Overlay::Details => details_lines(app, area),
        crate::app::Overlay::Help => Some(help_lines(app, area)),
        crate::app::Overlay::Messages => Some(super::messages::lines(app, area)),
        crate::app::Overlay::None | crate::app::Overlay::Picker => None,
    };
    panel.map_or(0, |(lines, rect)| {
        (lines.len() as u16).saturating_sub(rect.height.saturating_sub(2))
    })
}

/// The details' lines, wrapped, and where the panel goes in `area`.
fn details_lines(app: &App, area: Rect) -> Option<(Vec<Line<'static>>, Rect)> {
    let item = app.selected_item()?;
    // Inside the borders and their padding.
    let text_width = usize::from(details_width(area).saturating_sub(4));
    let tz = app.snapshot.programme.tz;
    let (start, end) = (item.start.with_timezone(&tz), item.end.with_timezone(&tz));
    // Every line is wrapped here (not by the paragraph), so their count is known and the
    // scroll stops at the last one.
    let glyph = Span::styled(
        format!("{} ", glyph(item.kind)),
        app.settings.theme.kind(item.kind),
    );
    let mut lines = hanging(
        &glyph,
        &inert(&item.title),
        app.settings.theme.title(),
        text_width,
    );
    if let Some(sub) = &item.subtitle {
        lines.extend(hanging(
            &Span::raw(""),
            &inert(sub),
            app.settings.theme.muted(),
            text_width,
        ));
    }
    lines.push(Line::default());
    lines.extend(field(
        app,
        ("When", "Quand"),
        &format!(
            "{}, {}–{} ({}) {}",
            app.lang.date_long(start.date_naive()),
            start.format("%H:%M"),
            end.format("%H:%M"),
            format_minutes(item.minutes()),
            tz.name()
        ),
        text_width,
    ));
    if app.local_differs() {
        let (ls, le) = (
            app.settings.local_time.viewer.at(item.start),
            app.settings.local_time.viewer.at(item.end),
        );
        lines.extend(field(
            app,
            ("Yours", "Chez vous"),
            &format!(
                "{}, {}–{} (UTC{})",
                app.lang.date_no_year(ls.date_naive()),
                ls.format("%H:%M"),
                le.format("%H:%M"),
                ls.format("%:z")
            ),
            text_width,
        ));
    }
    lines.extend(field(
        app,
        ("Kind", "Type"),
        kind_label(item.kind, app.lang),
        text_width,
    ));
    if item.state != State::Confirmed {
        let state = match item.state {
            State::Cancelled => app.lang.pick("CANCELLED", "ANNULÉ"),
            State::Moved => app.lang.pick("MOVED", "DÉPLACÉ"),
            State::Skipped => app.lang.pick("SKIPPED", "SAUTÉ"),
            State::Confirmed => app.lang.pick("confirmed", "confirmé"),
        };
        lines.extend(field(app, ("State", "État"), state, text_width));
    }
    let room = item.room.as_deref().map_or_else(
        || {
            app.lang
                .pick("everyone (plenary)", "tout le monde (plénière)")
                .to_owned()
        },
        |r| inert(r).into_owned(),
    );
    lines.extend(field(app, ("Room", "Salle"), &room, text_width));
    if let Some(track) = &item.track {
        lines.extend(field(app, ("Track", "Parcours"), &inert(track), text_width));
    }
    if !item.speakers.is_empty() {
        let names: Vec<String> = item
            .speakers
            .iter()
            .map(|s| inert(s).into_owned())
            .collect();
        lines.extend(field(
            app,
            ("Speakers", "Intervenants"),
            &names.join(", "),
            text_width,
        ));
    }
    if let Some(language) = &item.language {
        lines.extend(field(
            app,
            ("Language", "Langue"),
            &inert(language),
            text_width,
        ));
    }
    if let Some(id) = &item.id {
        lines.extend(field(app, ("Id", "Id"), &inert(id), text_width));
    }
    if let Some(description) = &item.description {
        lines.push(Line::default());
        for line in inert_lines(description) {
            if line.trim().is_empty() {
                lines.push(Line::default());
            } else {
                lines.extend(hanging(&Span::raw(""), &line, Style::default(), text_width));
            }
        }
    }
    if !item.links.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            app.lang.pick("Links", "Liens"),
            app.settings.theme.muted(),
        )));
        for link in &item.links {
            let text = match &link.title {
                Some(title) => format!("{} — {}", inert(title), inert(&link.url)),
                None => inert(&link.url).into_owned(),
            };
            lines.extend(hanging(
                &Span::raw("• "),
                &text,
                Style::default(),
                text_width,
            ));
        }
    }
    let width = details_width(area);
    let height = (lines.len() as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(3);
    Some((lines, centered(area, width, height)))
}

/// Every key, grouped: (keys, English, French). Kept beside the key map in
/// `app::action_for_key`.
const HELP: [(&str, &str, &str); 26] = [
    (
        "↑ ↓  k j",
        "move the cursor (grid: within the room)",
        "déplacer le curseur (grille : dans la salle)",
    ),
    (
        "/",
        "search titles, speakers, tracks, rooms, descriptions, every day (Enter: the best hit)",
        "chercher dans les titres, intervenants, parcours, salles, descriptions, tous les jours (Entrée : le meilleur résultat)",
    ),
    (
        "f",
        "add to / remove from favourites (★)",
        "ajouter aux / retirer des favoris (★)",
    ),
    (
        "F",
        "favourites only, or everything",
        "favoris seulement, ou tout",
    ),
    (
        "r",
        "choose a room from those of the day, with their counts (type to narrow)",
        "choisir une salle parmi celles du jour, avec leur nombre (tapez pour filtrer)",
    ),
    (
        "T  K",
        "choose a track / a kind the same way",
        "choisir un parcours / un type de la même façon",
    ),
    (
        "v",
        "rooms grid (rooms as columns) or list",
        "grille des salles (en colonnes) ou liste",
    ),
    (
        "< >",
        "grid: shift the rooms shown",
        "grille : décaler les salles affichées",
    ),
    (
        "z Z",
        "grid: shorter / longer rows (5 to 60 min)",
        "grille : lignes plus courtes / plus longues (5 à 60 min)",
    ),
    (
        "o",
        "what else is in this room today (o or Esc: back)",
        "le reste de la journée dans cette salle (o ou Échap : retour)",
    ),
    (
        "PgUp PgDn",
        "move a page (Space too, outside the stage view)",
        "page précédente / suivante (aussi Espace, hors vue scène)",
    ),
    (
        "g G  Home End",
        "first / last item (grid: of the room)",
        "premier / dernier élément (grille : de la salle)",
    ),
    ("Enter", "details of the item", "détails de l’élément"),
    (
        "Esc",
        "close a panel, leave the room view, clear the filters, leave the grid (q quits)",
        "fermer un panneau, quitter la vue salle, effacer les filtres, quitter la grille (q pour quitter)",
    ),
    (
        "n",
        "jump to now and follow the clock again",
        "revenir à maintenant et suivre l’horloge",
    ),
    (
        "← →  h l",
        "previous / next day (grid: previous / next room)",
        "jour précédent / suivant (grille : salle précédente / suivante)",
    ),
    ("[ ]", "previous / next day", "jour précédent / suivant"),
    (
        "t",
        "show your local time beside the event's",
        "afficher votre heure locale à côté de celle de l’événement",
    ),
    ("?", "this help", "cette aide"),
    (
        "!",
        "messages: every warning and error of this session, whole (the footer counts the new ones)",
        "messages : chaque avertissement et erreur de la session, en entier (le pied de page compte les nouveaux)",
    ),
    ("q  Ctrl-C", "quit", "quitter"),
    (
        "wheel",
        "scroll (pauses following)",
        "défiler (met le suivi en pause)",
    ),
    (
        "click",
        "select an item; click again for details",
        "choisir un élément ; un second clic ouvre les détails",
    ),
    ("", "", ""),
    (
        "",
        "Times are the event's, labelled with its zone.",
        "Les heures sont celles de l’événement, avec son fuseau.",
    ),
    (
        "",
        "Following keeps the current item in view as time passes.",
        "Le suivi garde l’élément en cours à l’écran.",
    ),
];

/// The facilitator's keys, shown first in the stage view's help.
const STAGE_HELP: [(&str, &str, &str); 8] = [
    (
        "Space",
        "the next item starts now (the running one ends)",
        "la suite commence maintenant (l’élément en cours se termine)",
    ),
    (
        "e",
        "the running item ends now",
        "l’élément en cours se termine maintenant",
    ),
    (
        "+ -",
        "one minute more / less for the running item",
        "une minute de plus / de moins pour l’élément en cours",
    ),
    (
        "s",
        "skip the selected item (one not started yet): it takes no time",
        "sauter l’élément choisi (pas encore commencé) : il ne prend pas de temps",
    ),
    (
        "m",
        "message to attendees (Enter shows it, empty clears it, Esc cancels)",
        "message au public (Entrée l’affiche, vide l’efface, Échap annule)",
    ),
    (
        "u",
        "undo the last action, said on screen (every action is saved at once)",
        "annuler la dernière action, dite à l’écran (chaque action est enregistrée aussitôt)",
    ),
    (
        "q",
        "quit; with actions not saved, asks first (q again quits and prints them)",
        "quitter ; avec des actions non enregistrées, demande d’abord (q à nouveau quitte et les affiche)",
    ),
    ("", "", ""),
];

/// The keys of [`HELP`] that the stage view leaves out: they search, filter or rearrange an
/// attendee's list, and on the stage they do nothing to be seen (`/` typed a search into a
/// footer the stage does not draw).
const ATTENDEE_ONLY: [&str; 9] = ["/", "f", "F", "r", "T  K", "v", "< >", "z Z", "o"];

/// Key names as a French keyboard labels them.
fn key_name(keys: &str, lang: Lang) -> String {
    match lang {
        Lang::En => keys.to_owned(),
        Lang::Fr => keys
            .replace("Enter", "Entrée")
            .replace("Esc", "Échap")
            .replace("Space", "Espace")
            .replace("Home End", "Début Fin")
            .replace("PgUp PgDn", "PgPréc PgSuiv")
            .replace("wheel", "molette")
            .replace("click", "clic"),
    }
}

pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let (lines, rect) = help_lines(app, area);
    Clear.render(rect, buf);
    let (title, hint) = match app.lang {
        Lang::En => ("Keys", " Esc or ? close · ↑↓ scroll "),
        Lang::Fr => ("Touches", " Échap ou ? fermer · ↑↓ défiler "),
    };
    Paragraph::new(lines)
        .scroll((app.overlays.scroll.min(max_scroll(app, area)), 0))
        .block(panel(app, title, hint))
        .render(rect, buf);
}

/// Every key of the help, the facilitator's first, as `(keys, what they do)` in `lang`: for the
/// manual page, so that it and `?` say the same.
pub fn help_keys(lang: Lang) -> Vec<(String, &'static str)> {
    STAGE_HELP
        .iter()
        .chain(HELP.iter())
        .map(|(key, en, fr)| (key_name(key, lang), lang.pick(en, fr)))
        .collect()
}

/// The help's lines, wrapped, and where the panel goes in `area`.
fn help_lines(app: &App, area: Rect) -> (Vec<Line<'static>>, Rect) {
    let is_stage = app.settings.is_stage();
    let stage: &[(&str, &str, &str)] = if is_stage {
        &[(
            "",
            "The facilitator's keys, recorded in the live record:",
            "Les touches de l’animateur, inscrites dans l’enregistrement en direct :",
        )]
    } else {
        &[]
    };
    let list: &[(&str, &str, &str)] = if is_stage {
        &[(
            "",
            "The programme list and the rest:",
            "La liste du programme et le reste :",
        )]
    } else {
        &[]
    };
    let stage_keys: &[(&str, &str, &str)] = if is_stage { &STAGE_HELP } else { &[] };
    let width = 80.min(area.width.saturating_sub(2));
    let text_width = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line> = stage
        .iter()
        .chain(stage_keys)
        .chain(list)
        .chain(
            HELP.iter()
                .filter(|(key, ..)| !is_stage || !ATTENDEE_ONLY.contains(key)),
        )
        .flat_map(|(key, en, fr)| {
            let key = Span::styled(
                format!("{:>18}  ", key_name(key, app.lang)),
                app.settings.theme.key(),
            );
            hanging(&key, app.lang.pick(en, fr), Style::default(), text_width)
        })
        .collect();
    // The legend of the kinds' markers, in their colours.
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("{:>18}", app.lang.pick("Kinds of item", "Types de séance")),
        app.settings.theme.title(),
    )));
    for kind in crate::model::Kind::ALL {
        let marker = Span::styled(
            format!("{:>18}  ", crate::theme::glyph(kind)),
            app.settings.theme.kind(kind),
        );
        lines.extend(hanging(
            &marker,
            crate::i18n::kind_label(kind, app.lang),
            Style::default(),
            text_width,
        ));
    }
    let rows = lines.len() as u16 + 2;
    let rect = centered(area, width, rows);
    (lines, rect)
}

/// The picker (`r`, `T`, `K`): what is typed, then the entries with their counts, the cursor's
/// reversed, the filter in force marked `●`.
pub fn picker(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(open) = &app.overlays.picker else {
        return;
    };
    let (t, l) = (&app.settings.theme, app.lang);
    let list = app.picker_list();
    let current = match open.facet {
        Facet::Room => app.find.filter.room.as_deref(),
        Facet::Track => app.find.filter.track.as_deref(),
        Facet::Kind => app.find.filter.kind.map(|k| kind_label(k, l)),
    };
    let panel_width = area.width.saturating_sub(4).min(64);
    let height = (list.len().max(1) as u16 + 3)
        .min(area.height.saturating_sub(2))
        .max(4);
    let rect = centered(area, panel_width, height);
    // Inside the borders and the panel's padding.
    let inner = (
        rect.width.saturating_sub(4) as usize,
        rect.height.saturating_sub(2) as usize,
    );
    let rows = inner.1.saturating_sub(1);
    // The window of entries keeps the cursor in view.
    let first = open.cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = vec![Line::from(vec![
        Span::styled("› ", t.key()),
        Span::styled(format!("{}▏", inert(&open.query)), t.title()),
    ])];
    if list.is_empty() {
        lines.push(Line::from(Span::styled(
            l.pick("Nothing matches", "Aucun résultat"),
            t.muted(),
        )));
    }
    for (n, choice) in list.iter().enumerate().skip(first).take(rows) {
        let is_current = match &choice.value {
            None => current.is_none(),
            Some(_) => current == Some(choice.label.as_str()),
        };
        let mark = if is_current { "● " } else { "  " };
        let count = choice.count.to_string();
        let label_width = inner.0.saturating_sub(width(mark) + width(&count) + 2);
        let style = if n == open.cursor {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(
            Line::from(vec![
                Span::styled(mark, t.key()),
                Span::raw(pad(&inert(&choice.label), label_width)),
                Span::styled(format!(" {count} "), t.muted()),
            ])
            .style(style),
        );
    }
    let what = match open.facet {
        Facet::Room => l.pick("Rooms", "Salles"),
        Facet::Track => l.pick("Tracks", "Parcours"),
        Facet::Kind => l.pick("Kinds", "Types"),
    };
    let day = &app.snapshot.programme.days[app.list.day];
    let day = day
        .label
        .as_deref()
        .map_or_else(|| l.date_short(day.date), |x| inert(x).into_owned());
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .block(panel(
            app,
            &format!("{what} · {day}"),
            l.pick(
                " type to narrow · ↑↓ · Enter pick · Esc cancel ",
                " tapez pour filtrer · ↑↓ · Entrée choisir · Échap annuler ",
            ),
        ))
        .render(rect, buf);
}
