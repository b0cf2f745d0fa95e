//! Hints for what writers of other tools' files put in a programme: ranges, `time`, `type`, an
//! item's `date`, kind words, an item with only an end.

use super::*;

/// The one error of a one-day programme whose only item is `item` (YAML, indented as in
/// `items:`).
fn the_error(item: &str) -> String {
    let source = paris(&format!(
        "date: 2022-07-01\nitems:\n  - title: Talk\n{item}"
    ));
    let errors = errors(&source);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].message.clone()
}

#[rstest]
#[case::range(
    "    start: 11h-11h10\n",
    "`11h-11h10` is a range, not a time of day: write its start and its end apart, \
     `start: 11h` and `end: 11h10`"
)]
#[case::time(
    "    time: 9h\n    start: 9h\n    end: 10h\n",
    "unknown field `time`, an item's times are `start` and `end`"
)]
#[case::type_(
    "    start: 9h\n    end: 10h\n    type: keynote\n",
    "unknown field `type`, did you mean `kind`?"
)]
#[case::date(
    "    start: 9h\n    end: 10h\n    date: 2022-07-01\n",
    "unknown field `date`, an item has no date of its own: put the items under `days:`"
)]
#[case::lunch(
    "    start: 9h\n    end: 10h\n    kind: lunch\n",
    "unknown kind `lunch`, deroule calls it `meal`"
)]
#[case::coffee(
    "    start: 9h\n    end: 10h\n    kind: Coffee break\n",
    "deroule calls it `break`"
)]
#[case::typo_still_suggested(
    "    start: 9h\n    end: 10h\n    kind: wokshop\n",
    "did you mean `workshop`?"
)]
#[case::only_an_end(
    "    end: 10h\n",
    "missing `start`: the item gives only its `end`; expected both, e.g. `start: 9h30` and `end: 10h`"
)]
fn what_other_tools_write_gets_a_hint(#[case] item: &str, #[case] expected: &str) {
    let message = the_error(item);
    assert!(message.contains(expected), "{message}");
}

#[test]
fn time_no_longer_suggests_title() {
    let message = the_error("    time: 9h\n    start: 9h\n    end: 10h\n");
    assert!(!message.contains("`title`"), "{message}");
}

/// Gaps up to the programme's `changeover` (default 10 min) are intended: no warning each.
#[rstest]
#[case::ten_minutes_by_default("", 10, 0)]
#[case::longer_by_default("", 11, 1)]
#[case::a_longer_changeover("changeover: 15m\n", 15, 0)]
#[case::past_the_changeover("changeover: 15m\n", 20, 1)]
fn gaps_up_to_the_changeover_are_not_warned(
    #[case] changeover: &str,
    #[case] gap: u32,
    #[case] warnings: usize,
) {
    let source = format!(
        "title: Test\ntime_zone: Europe/Paris\n{changeover}date: 2022-07-01\nitems:\n  \
         - title: A\n    start: 9h\n    end: 10h\n  - title: B\n    start: 10h{gap:02}\n    \
         end: 11h\n"
    );
    let (_, diags) = valid(&source);
    let gaps = diags
        .iter()
        .filter(|d| d.message.starts_with("a gap of"))
        .count();
    assert_eq!(gaps, warnings, "{diags:#?}");
}
