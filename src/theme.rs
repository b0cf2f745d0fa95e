//! Every style of the screen, in one place: the app carries the theme chosen at start, the view
//! applies it. Knows neither the app nor the view. Only the 16 ANSI colours are used, never as
//! the only signal: each state also has a glyph, a word or a modifier, so NO_COLOR, monochrome
//! and light backgrounds all read. Foregrounds avoid white, black and yellow, which vanish on
//! some backgrounds.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    colour: bool,
}

impl Theme {
    /// `colour: false` for NO_COLOR: modifiers only.
    pub fn new(colour: bool) -> Self {
        Theme { colour }
    }

    fn fg(self, colour: Color) -> Style {
        if self.colour {
            Style::new().fg(colour)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn clock(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn muted(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// The item running now: bold and green, beside its ▶ marker and NOW tag.
    pub fn current(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// The cursor row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn past(self) -> Style {
        self.fg(Color::DarkGray).add_modifier(Modifier::DIM)
    }

    pub fn cancelled(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::CROSSED_OUT)
    }

    pub fn now_line(self) -> Style {
        self.fg(Color::Green)
    }

    /// The stage countdown's warning phase (its word, WARNING, says it too).
    pub fn caution(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn bar_done(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn bar_left(self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn kind(self, kind: Kind) -> Style {
        self.fg(match kind {
            Kind::Session | Kind::Talk | Kind::Panel => Color::Cyan,
            Kind::Keynote | Kind::Workshop => Color::Magenta,
            Kind::Welcome | Kind::Break | Kind::Meal => Color::LightBlue,
            Kind::Social => Color::LightMagenta,
            Kind::Other => Color::Reset,
        })
    }
}

/// The single-width marker of a kind (emoji widths differ between terminals: none are used).
pub fn glyph(kind: Kind) -> &'static str {
    match kind {
        Kind::Session => "●",
        Kind::Talk => "▪",
        Kind::Keynote => "▲",
        Kind::Panel => "◎",
        Kind::Workshop => "◆",
        Kind::Welcome => "◇",
        Kind::Break => "○",
        Kind::Meal => "≡",
        Kind::Social => "✦",
        Kind::Other => "·",
    }
}
