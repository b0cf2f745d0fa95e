//! Finding one's way in a big programme: the search, the room / track / kind filters, the
//! favourites (and favourites only), the room view's way back; and what they derive, the shown
//! day's `visible` items and each day's hit count. Reads the programme, never changes it; knows
//! nothing of the cursor or the screen (the app refreshes it when the day or programme changes).

use crate::favourites::Favourites;
use crate::i18n::Lang;
use crate::live;
use crate::model::{Instant, Item, Kind, Programme};

use super::grid::Place;
use super::list::List;
use super::picker::{self, Facet, Value};

/// What the programme list shows: items matching a search, favourites only, one room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
    /// Keys go to the search box.
    pub typing: bool,
    pub favourites_only: bool,
    pub room: Option<String>,
    pub track: Option<String>,
    pub kind: Option<Kind>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
            || self.favourites_only
            || self.room.is_some()
            || self.track.is_some()
            || self.kind.is_some()
    }
}

/// Lower case without accents, for searching: `Échange` finds `echange`, `Straße` finds
/// `strasse`, `Łódź` finds `lodz`.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// [`fold`] appended to `folded`, whose buffer a search reuses for every field of every item.
fn fold_into(text: &str, folded: &mut String) {
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ÿ' | 'ý' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '’' => "'",
            c => {
                folded.push(c);
                continue;
            }
        };
        folded.push_str(plain);
    }
}

/// The words of folded text, for the search: split at anything not a letter or digit.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// How well an item matches the search words (each of which must start a word of the item):
/// 0 all in the title, 1 with the subtitle and speakers, 2 with the track and room, 3 only with
/// the description; `None`: no match. The best result of a search is a title hit, not the talk
/// whose abstract mentions the words in passing.
pub fn rank(item: &Item, query: &[String]) -> Option<u8> {
    if query.is_empty() {
        return Some(0);
    }
    // Each field is folded into one buffer and its words looked at where they lie: a keystroke
    // in the search folds every field of every item, and kept no copy of any word (at FOSDEM
    // each key took a few tens of milliseconds, mostly spent copying the abstracts' words).
    let mut found = vec![false; query.len()];
    let mut folded = String::new();
    let mut look = |field: &String, found: &mut [bool]| {
        folded.clear();
        fold_into(field, &mut folded);
        for word in words(&folded) {
            for (f, q) in found.iter_mut().zip(query) {
                *f = *f || word.starts_with(q.as_str());
            }
        }
    };
    for rank in 0u8..4 {
        let fields: Vec<&String> = match rank {
            0 => vec![&item.title],
            1 => item.subtitle.iter().chain(&item.speakers).collect(),
            2 => item.track.iter().chain(&item.room).collect(),
            _ => item.description.iter().collect(),
        };
        for field in fields {
            look(field, &mut found);
        }
        if found.iter().all(|f| *f) {
            return Some(rank);
        }
    }
    None
}

/// The search words of a query, folded.
fn query_words(query: &str) -> Vec<String> {
    words(&fold(query)).map(str::to_owned).collect()
}

/// Where the room view (`o`) came from, to go back there.
#[derive(Debug, Clone)]
pub struct RoomViewOrigin {
    pub filter: Filter,
    pub list: List,
    pub grid: Place,
}

#[derive(Debug, Clone)]
pub struct Find {
    pub filter: Filter,
    pub favourites: Favourites,
    /// In the room view (`o`): where to go back to.
    pub room_view: Option<Box<RoomViewOrigin>>,
    /// The shown day's items that pass the filter: derived from the day, `filter`, `favourites`
    /// and the programme, kept because every frame and every key asks for it. Refreshed by
    /// [`Find::refilter`] wherever one of those changes.
    visible: Vec<usize>,
    /// How many items of each day pass the filter, while one is active (empty otherwise):
    /// refreshed with `visible`, so a search says what it finds on the other days.
    day_hits: Vec<usize>,
}

impl Find {
    pub fn new(favourites: Favourites) -> Self {
        Find {
            filter: Filter::default(),
            favourites,
            room_view: None,
            visible: Vec::new(),
            day_hits: Vec::new(),
        }
    }

    /// Indices of the shown day's items that the list shows.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// How many items of each day pass the filter (empty when no filter is active).
    pub fn day_hits(&self) -> &[usize] {
        &self.day_hits
    }

    /// Whether something is searched for (typed, not only spaces).
    pub fn has_query(&self) -> bool {
        !self.filter.query.trim().is_empty()
    }

    /// Whether the item is one of the favourites.
    pub fn is_favourite(&self, plan: &Programme, item: &Item) -> bool {
        !self.favourites.is_empty() && self.favourites.contains(&live::key(plan, item))
    }

    /// Whether `item`, a favourite among `items` (its day), overlaps another favourite
    /// (cancelled ones aside), at whatever time it is: the list marks it `⚠ CONFLICT`.
    pub fn clashes(&self, plan: &Programme, items: &[Item], item: &Item) -> bool {
        self.is_favourite(plan, item)
            && items.iter().any(|o| {
                !std::ptr::eq(o, item)
                    && o.state.takes_place()
                    && o.start < item.end
                    && item.start < o.end
                    && self.is_favourite(plan, o)
            })
    }

    /// Whether an item passes `filter`; `query` is the filter's search, as [`query_words`].
    fn passes(&self, plan: &Programme, filter: &Filter, item: &Item, query: &[String]) -> bool {
        if filter.room.is_some() && item.room != filter.room {
            return false;
        }
        if filter.track.is_some() && item.track != filter.track {
            return false;
        }
        if filter.kind.is_some_and(|k| k != item.kind) {
            return false;
        }
        if filter.favourites_only && !self.is_favourite(plan, item) {
            return false;
        }
        // Every word of the query starts a word of the item: `rust` finds "Rust in the kernel",
        // not "trust".
        rank(item, query).is_some()
    }

    /// Whether `item` passes the filter in force (every item when none is): what the Now and
    /// Next panels show, as the list does. The query is read once, for many items.
    pub fn keeper<'a>(&'a self, plan: &'a Programme) -> impl Fn(&Item) -> bool + 'a {
        let active = self.filter.is_active();
        let query = query_words(&self.filter.query);
        move |item| !active || self.passes(plan, &self.filter, item, &query)
    }

    /// Recomputes which items of day `day` of `programme` pass the filter, and how many on each
    /// day.
    pub fn refilter(&mut self, programme: &Programme, plan: &Programme, day: usize) {
        let query = query_words(&self.filter.query);
        if self.filter.is_active() {
            let pass = |d: &crate::model::Day| -> Vec<usize> {
                (0..d.items.len())
                    .filter(|&i| self.passes(plan, &self.filter, &d.items[i], &query))
                    .collect()
            };
            let mut visible = Vec::new();
            let mut hits = Vec::with_capacity(programme.days.len());
            for (n, d) in programme.days.iter().enumerate() {
                let passing = pass(d);
                hits.push(passing.len());
                if n == day {
                    visible = passing;
                }
            }
            self.visible = visible;
            self.day_hits = hits;
        } else {
            self.visible = (0..programme.days[day].items.len()).collect();
            self.day_hits = Vec::new();
        }
    }

    /// Whether item `selected` of the shown day is one the list (or grid) shows: keys that act
    /// on it must not reach an item the filter hides.
    pub fn is_shown(&self, selected: usize) -> bool {
        self.visible.binary_search(&selected).is_ok()
    }

    /// The best hit of the search on `day`: the lowest [`rank`], then the first not over yet,
    /// then the first in time. `None` when nothing of that day passes the filter.
    pub fn best_on(
        &self,
        programme: &Programme,
        plan: &Programme,
        day: usize,
        now: Instant,
    ) -> Option<(u8, bool, usize)> {
        let query = query_words(&self.filter.query);
        programme.days[day]
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.passes(plan, &self.filter, item, &query))
            .filter_map(|(i, item)| Some((rank(item, &query)?, item.end <= now, i)))
            .min()
    }

    /// The best hit of the search over every day (the shown day's on a tie): its day and item.
    pub fn best_of_all(
        &self,
        programme: &Programme,
        plan: &Programme,
        shown: usize,
        now: Instant,
    ) -> Option<(usize, usize)> {
        let best = (0..programme.days.len())
            .filter_map(|d| {
                let (rank, over, i) = self.best_on(programme, plan, d, now)?;
                Some(((rank, d != shown, over, d), i))
            })
            .min();
        best.map(|((_, _, _, day), index)| (day, index))
    }

    /// The picker's entries for `facet`, before narrowing: counted among `items` (the shown
    /// day's) under the other filters than the one it picks.
    pub fn picker_choices(
        &self,
        plan: &Programme,
        items: &[Item],
        facet: Facet,
        lang: Lang,
    ) -> Vec<picker::Choice> {
        let mut others = self.filter.clone();
        let names: Vec<String> = match facet {
            Facet::Room => {
                others.room = None;
                plan.rooms.iter().map(|r| r.name.clone()).collect()
            }
            Facet::Track => {
                others.track = None;
                plan.tracks.iter().map(|t| t.name.clone()).collect()
            }
            Facet::Kind => {
                others.kind = None;
                Vec::new()
            }
        };
        let query = query_words(&others.query);
        let items: Vec<&Item> = items
            .iter()
            .filter(|i| self.passes(plan, &others, i, &query))
            .collect();
        picker::choices(facet, &names, &items, lang)
    }

    /// The value of `facet` in force.
    pub fn facet(&self, facet: Facet) -> Option<Value> {
        match facet {
            Facet::Room => self.filter.room.clone().map(Value::Room),
            Facet::Track => self.filter.track.clone().map(Value::Track),
            Facet::Kind => self.filter.kind.map(Value::Kind),
        }
    }

    /// A picker's choice becomes the filter of its facet (`None`: that filter goes).
    pub fn set_facet(&mut self, facet: Facet, value: Option<Value>) {
        match (facet, value) {
            (_, Some(Value::Room(room))) => self.filter.room = Some(room),
            (_, Some(Value::Track(track))) => self.filter.track = Some(track),
            (_, Some(Value::Kind(kind))) => self.filter.kind = Some(kind),
            (Facet::Room, None) => self.filter.room = None,
            (Facet::Track, None) => self.filter.track = None,
            (Facet::Kind, None) => self.filter.kind = None,
        }
    }

    /// In the room view: the number of `items` (the shown day's) in its room.
    pub fn room_view_count(&self, items: &[Item]) -> Option<usize> {
        self.room_view.as_ref()?;
        let room = self.filter.room.as_deref()?;
        Some(
            items
                .iter()
                .filter(|i| i.room.as_deref() == Some(room))
                .count(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, speaker: &str, room: &str, description: &str) -> Item {
        let p = crate::bundled_programme();
        let mut item = p.days[0].items[0].clone();
        item.title = title.to_owned();
        item.subtitle = None;
        item.speakers = vec![speaker.to_owned()];
        item.track = None;
        item.room = Some(room.to_owned());
        item.description = Some(description.to_owned());
        item
    }

    #[test]
    fn a_search_ranks_by_the_first_tier_where_every_word_is_found() {
        let talk = item(
            "Rust in the Kernel",
            "Ada Łódź",
            "Janson",
            "Échange sur les pilotes",
        );
        let rank_of = |q: &str| rank(&talk, &query_words(q));
        assert_eq!(rank_of(""), Some(0));
        assert_eq!(
            rank_of("kern rust"),
            Some(0),
            "words in any order, as prefixes"
        );
        assert_eq!(rank_of("rust lodz"), Some(1), "a speaker, folded");
        assert_eq!(rank_of("rust jans"), Some(2), "a room");
        assert_eq!(
            rank_of("echange"),
            Some(3),
            "the description, accents folded"
        );
        assert_eq!(
            rank_of("kernel pilotes ada"),
            Some(3),
            "words from several tiers"
        );
        assert_eq!(rank_of("ernel"), None, "a word must start a word");
        assert_eq!(rank_of("rust go"), None, "every word must be found");
    }
}
