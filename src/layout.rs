//! Where each region of the screen goes for a terminal of a given size: pure rectangles from a
//! size and two facts ([`Screen`]). Shared by the app (rows of the list, where a click lands,
//! where the grid goes) and the view (where to draw); it knows neither of them.

use ratatui::layout::{Constraint, Layout, Rect};

pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 8;

/// What the layout depends on besides the size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    /// The facilitator's stage view rather than the attendee's.
    pub is_stage: bool,
    /// A banner row under the header.
    pub has_banner: bool,
}

/// Where each region goes for a terminal of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Regions {
    pub too_small: bool,
    /// Small terminals: one-line header, panels without borders.
    pub compact: bool,
    pub header: Rect,
    /// A one-row banner under the header (empty when there is none).
    pub banner: Rect,
    pub now: Rect,
    pub next: Rect,
    /// The programme block, border included (equal to `list` when compact).
    pub list_block: Rect,
    /// The rows of the programme list.
    pub list: Rect,
    pub footer: Rect,
}

pub fn regions(area: Rect, screen: Screen) -> Regions {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Regions {
            too_small: true,
            ..Regions::default()
        };
    }
    if screen.is_stage {
        return stage(area, screen.has_banner);
    }
    let banner_rows = u16::from(screen.has_banner);
    let compact = area.width < 60 || area.height < 18;
    if compact {
        let [header, banner, now, next, list, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(banner_rows),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        return Regions {
            too_small: false,
            compact,
            header,
            banner,
            now,
            next,
            list_block: list,
            list,
            footer,
        };
    }
    let [header, banner, panels, list_block, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(banner_rows),
        Constraint::Length(5),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [now, next] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(panels);
    let list = list_block.inner(ratatui::layout::Margin::new(1, 1));
    Regions {
        too_small: false,
        compact,
        header,
        banner,
        now,
        next,
        list_block,
        list,
        footer,
    }
}

/// Rows of the stage view's big countdown digits for a terminal `height` rows high.
pub fn digit_rows(height: u16) -> u16 {
    match height {
        h if h >= 30 => 8,
        h if h >= 18 => 4,
        _ => 1,
    }
}

/// The facilitator's stage view.
fn stage(area: Rect, banner: bool) -> Regions {
    let big = digit_rows(area.height);
    let [header, banner, now, next, _day, list_block, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner)),
        Constraint::Length(big.max(3)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let list = Rect {
        x: list_block.x + 1,
        y: list_block.y + 1,
        width: list_block.width.saturating_sub(2),
        height: list_block.height.saturating_sub(2),
    };
    Regions {
        too_small: false,
        compact: false,
        header,
        banner,
        now,
        next: Rect { height: 2, ..next },
        list_block,
        list,
        footer,
    }
}
