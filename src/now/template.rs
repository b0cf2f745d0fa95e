//! `now --format`: a template's `{field}`s filled from the snapshot, each value one inert line.

use super::{Snapshot, hm, minutes_until, status_name};
use crate::model::Programme;
use crate::timeline::{format_countdown, seconds_until};

/// The value of a template field, if the field exists (empty when it does not apply now).
fn field(s: &Snapshot, p: &Programme, name: &str) -> Option<String> {
    let run = s.running.as_ref();
    let next = s.next.as_ref();
    Some(match name {
        "title" => run.map(|i| i.title.clone()).unwrap_or_default(),
        "kind" => run.map(|i| i.kind.name().to_owned()).unwrap_or_default(),
        "room" => run.and_then(|i| i.room.clone()).unwrap_or_default(),
        "start" => run.map(|i| hm(p, i.start)).unwrap_or_default(),
        "end" => run.map(|i| hm(p, i.end)).unwrap_or_default(),
        "left" => run
            .map(|i| minutes_until(s.now, i.end).to_string())
            .unwrap_or_default(),
        "countdown" => run
            .map(|i| format_countdown(seconds_until(s.now, i.end)))
            .unwrap_or_default(),
        "next" => next.map(|i| i.title.clone()).unwrap_or_default(),
        "next_start" => next.map(|i| hm(p, i.start)).unwrap_or_default(),
        "next_in" => next
            .map(|i| minutes_until(s.now, i.start).to_string())
            .unwrap_or_default(),
        "next_countdown" => next
            .map(|i| format_countdown(seconds_until(s.now, i.start)))
            .unwrap_or_default(),
        "next_room" => next.and_then(|i| i.room.clone()).unwrap_or_default(),
        "running_count" => s.running_all.len().to_string(),
        "next_count" => s.next_all.len().to_string(),
        "delay" => s.delay.to_string(),
        "status" => status_name(s.phase).to_owned(),
        _ => return None,
    })
}

/// The names a `--format` template may use. `left` and `next_in` are whole minutes (rounded up),
/// `countdown` and `next_countdown` are `m:ss` (`h:mm:ss` past an hour).
pub const FIELDS: [&str; 16] = [
    "title",
    "kind",
    "room",
    "start",
    "end",
    "left",
    "countdown",
    "next",
    "next_start",
    "next_in",
    "next_countdown",
    "next_room",
    "running_count",
    "next_count",
    "delay",
    "status",
];

/// Fills `{field}`s in `template` (`{{` and `}}` for braces); an unknown field is an error.
pub fn render(template: &str, s: &Snapshot, p: &Programme) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
        } else if let Some(t) = tail.strip_prefix('{') {
            let end = t.find('}').ok_or("unclosed `{` in the template")?;
            let name = &t[..end];
            let value = field(s, p, name).ok_or_else(|| {
                format!(
                    "unknown field `{{{name}}}` in the template: expected one of {}",
                    FIELDS.join(", ")
                )
            })?;
            // A value is one line whatever the file holds (no CR, LF or tab, no control).
            out.push_str(&crate::inert::line(&value));
            rest = &t[end + 1..];
        } else {
            return Err("a lone `}` in the template: write `}}` for a brace".to_owned());
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_programme as bundled;
    use crate::now::snapshot;
    use crate::now::tests::at;

    #[test]
    fn templates_fill_named_fields_and_refuse_unknown_ones() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        let out = render(
            "{status}: {title} [{kind}] {countdown} left, then {next} at {next_start} {{ok}}",
            &s,
            &p,
        );
        assert_eq!(
            out.as_deref(),
            Ok(
                "running: Pause [break] 4:30 left, then Retours d’expérience de contributions réussies at 11:15 {ok}"
            )
        );
        let err = render("{tittle}", &s, &p).expect_err("unknown");
        assert!(err.contains("unknown field `{tittle}`"), "{err}");
        assert!(render("{title", &s, &p).is_err());
    }

    #[test]
    fn units_of_the_template_fields() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        let out = render(
            "{left}|{countdown}|{next_in}|{next_countdown}|{running_count}",
            &s,
            &p,
        );
        assert_eq!(out.as_deref(), Ok("5|4:30|5|4:30|1"));
    }
}
