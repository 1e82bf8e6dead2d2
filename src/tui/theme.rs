//! Styles and glyphs, from the `theme` and `borders` settings. Without colour (`NO_COLOR`), every
//! distinction the colours make is still visible through bold, underline and reverse video,
//! which `NO_COLOR` leaves alone; `NO_COLOR` wins over any palette.

use std::borrow::Cow;

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use super::text;
use crate::settings::Palette;

/// The colours of each palette.
fn colors(p: Palette) -> &'static Colors {
    match p {
        Palette::Dark => &DARK,
        Palette::Light => &LIGHT,
        Palette::Ansi16 => &ANSI16,
    }
}

/// The colours a palette chooses; every style below is made from these.
#[derive(Debug)]
struct Colors {
    bar_bg: Color,
    bar_fg: Color,
    /// Secondary text. A style, not a colour: in 16 colours the only grey is the selected
    /// card's background, so there it is the terminal's faint attribute instead.
    dim: Style,
    accent: Color,
    selected_bg: Color,
    money: Color,
    pending: Color,
    error: Color,
    stale: Color,
    /// Text on the money colour (the won badge).
    won_ink: Color,
}

// 256-colour indexes: blues, greys and the like that read well on a dark background.
const DARK: Colors = Colors {
    bar_bg: Color::Indexed(24),
    bar_fg: Color::Indexed(255),
    dim: Style::new().fg(Color::Indexed(245)),
    accent: Color::Indexed(44),
    selected_bg: Color::Indexed(237),
    money: Color::Indexed(114),
    pending: Color::Indexed(221),
    error: Color::Indexed(203),
    stale: Color::Indexed(176),
    won_ink: Color::Indexed(16),
};

// Darker inks and a pale selection, for black text on a white background.
const LIGHT: Colors = Colors {
    bar_bg: Color::Indexed(25),
    bar_fg: Color::Indexed(231),
    dim: Style::new().fg(Color::Indexed(243)),
    accent: Color::Indexed(31),
    selected_bg: Color::Indexed(253),
    money: Color::Indexed(28),
    pending: Color::Indexed(130),
    error: Color::Indexed(160),
    stale: Color::Indexed(90),
    won_ink: Color::Indexed(231),
};

const ANSI16: Colors = Colors {
    bar_bg: Color::Blue,
    bar_fg: Color::White,
    dim: Style::new().add_modifier(Modifier::DIM),
    accent: Color::Cyan,
    selected_bg: Color::DarkGray,
    money: Color::Green,
    pending: Color::Yellow,
    error: Color::Red,
    stale: Color::Magenta,
    won_ink: Color::Black,
};

/// Borders drawn with `+ - |`, for terminals and fonts without box-drawing glyphs.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// The UI's own non-ASCII glyphs and what ASCII mode draws instead. Server text is left alone.
const ASCII_GLYPHS: [(char, &str); 23] = [
    ('…', "..."),
    ('·', "|"),
    ('│', "|"),
    ('—', "-"),
    ('“', "\""),
    ('”', "\""),
    ('←', "<-"),
    ('→', "->"),
    ('↑', "Up"),
    ('↓', "Down"),
    ('◀', "<"),
    ('▶', ">"),
    ('⟳', "*"),
    ('▌', ">"),
    ('✗', "x"),
    ('›', ">"),
    ('‹', "<"),
    ('▸', ">"),
    ('✓', "*"),
    ('✱', "!"),
    ('≥', ">="),
    ('≤', "<="),
    ('–', "-"),
];

/// `s` with the UI's glyphs in ASCII (for UI strings, never server text).
pub fn ascii_ui(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    // Arrow pairs read as alternatives: `↑↓` is `Up/Down`.
    let s = s.replace("↑↓", "↑/↓").replace("←→", "←/→");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match ASCII_GLYPHS.iter().find(|(g, _)| *g == c) {
            Some((_, a)) => out.push_str(a),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const ASCII_SPINNER: [&str; 4] = ["-", "\\", "|", "/"];

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// `None` under `NO_COLOR`.
    colors: Option<&'static Colors>,
    ascii: bool,
}

impl Theme {
    /// The default palette with box-drawing borders; `color: false` for `NO_COLOR`.
    pub fn new(color: bool) -> Theme {
        Theme { colors: color.then(|| colors(Palette::Dark)), ascii: false }
    }

    /// The theme the settings ask for: `palette` unless `color` is off (`NO_COLOR`), and
    /// `ascii` for `borders = "ascii"`.
    pub fn of(palette: Palette, color: bool, ascii: bool) -> Theme {
        Theme { colors: color.then(|| colors(palette)), ascii }
    }

    pub fn ascii(&self) -> bool {
        self.ascii
    }

    pub fn border_set(&self) -> border::Set<'static> {
        if self.ascii { ASCII_BORDER } else { border::PLAIN }
    }

    /// A UI string (never server text) in the glyphs this terminal can draw.
    pub fn ui<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if self.ascii { ascii_ui(s) } else { Cow::Borrowed(s) }
    }

    /// `s` cut to `max` cells, the cut marked with `…` (`~` in ASCII mode: one cell either way).
    pub fn fit(&self, s: &str, max: usize) -> String {
        text::fit_with(s, max, if self.ascii { '~' } else { '…' })
    }

    /// The bar left of the selected card.
    pub fn selection_glyph(&self) -> &'static str {
        if self.ascii { ">" } else { "▌" }
    }

    pub fn spinner(&self, tick: usize) -> &'static str {
        if self.ascii { ASCII_SPINNER[tick % ASCII_SPINNER.len()] } else { SPINNER[tick % SPINNER.len()] }
    }

    /// The forms' styles, from the same palette and border mode, so one setting styles
    /// everything.
    pub fn form_theme(&self) -> FormTheme {
        let mut t = match self.colors {
            Some(c) => FormTheme {
                border: Style::new().fg(c.accent),
                hint: c.dim,
                error: Style::new().fg(c.error),
                ..FormTheme::default()
            },
            None => FormTheme::monochrome(),
        };
        t.ascii = self.ascii;
        t
    }

    fn pick(&self, colored: impl FnOnce(&Colors) -> Style, plain: Style) -> Style {
        match self.colors {
            Some(c) => colored(c),
            None => plain,
        }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        self.pick(|c| c.dim, Style::new())
    }
    pub fn header(&self) -> Style {
        self.pick(|c| Style::new().bg(c.bar_bg).fg(c.bar_fg), Style::new().add_modifier(Modifier::REVERSED))
    }
    pub fn header_current(&self) -> Style {
        self.pick(
            |c| Style::new().bg(c.bar_fg).fg(c.bar_bg).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn border(&self, selected: bool) -> Style {
        match selected {
            true => self.pick(|c| Style::new().fg(c.accent).add_modifier(Modifier::BOLD), self.bold()),
            false => self.dim(),
        }
    }
    pub fn selected_card(&self) -> Style {
        self.pick(|c| Style::new().bg(c.selected_bg), Style::new().add_modifier(Modifier::REVERSED))
    }
    pub fn selection_bar(&self) -> Style {
        self.pick(|c| Style::new().fg(c.accent), Style::new())
    }
    pub fn money(&self) -> Style {
        self.pick(|c| Style::new().fg(c.money), Style::new())
    }
    pub fn pending(&self) -> Style {
        self.pick(|c| Style::new().fg(c.pending).add_modifier(Modifier::BOLD), self.bold())
    }
    pub fn overdue(&self) -> Style {
        self.pick(
            |c| Style::new().fg(c.error).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn stale(&self) -> Style {
        self.pick(|c| Style::new().fg(c.stale), Style::new().add_modifier(Modifier::UNDERLINED))
    }
    pub fn won(&self) -> Style {
        self.pick(|c| Style::new().fg(c.won_ink).bg(c.money).add_modifier(Modifier::BOLD), self.bold())
    }
    pub fn lost(&self) -> Style {
        self.pick(|c| Style::new().fg(c.bar_fg).bg(c.error).add_modifier(Modifier::BOLD), self.bold())
    }
    /// A card marked for a bulk action: its mark.
    pub fn marked(&self) -> Style {
        self.pick(|c| Style::new().fg(c.accent).add_modifier(Modifier::BOLD), self.bold())
    }
    /// The mark of a deal a refresh found changed by someone else, for a few seconds.
    pub fn changed(&self) -> Style {
        self.pick(
            |c| Style::new().fg(c.won_ink).bg(c.pending).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }
    pub fn error(&self) -> Style {
        self.pick(
            |c| Style::new().fg(c.error).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn popup_border(&self) -> Style {
        self.pick(|c| Style::new().fg(c.accent), Style::new())
    }
    pub fn field(&self, focused: bool) -> Style {
        match focused {
            true => {
                self.pick(|c| Style::new().bg(c.selected_bg), Style::new().add_modifier(Modifier::UNDERLINED))
            }
            false => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }
    pub fn list_cursor(&self) -> Style {
        self.pick(|c| Style::new().bg(c.bar_bg).fg(c.bar_fg), Style::new().add_modifier(Modifier::REVERSED))
    }
}

/// The styles of the forms. `monochrome()` for `NO_COLOR`: meaning never rests on colour alone
/// (errors carry a ✗, the focus a ›), so nothing is lost without it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormTheme {
    pub border: Style,
    pub title: Style,
    pub label: Style,
    pub focus: Style,
    pub input: Style,
    pub hint: Style,
    pub error: Style,
    pub selected: Style,
    /// `borders = "ascii"`: `+ - |` borders and ASCII marks.
    pub ascii: bool,
}

impl Default for FormTheme {
    fn default() -> Self {
        FormTheme {
            border: Style::new().fg(Color::Cyan),
            title: Style::new().add_modifier(Modifier::BOLD),
            label: Style::new(),
            focus: Style::new().add_modifier(Modifier::BOLD),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            hint: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            ascii: false,
        }
    }
}

impl FormTheme {
    pub(crate) fn border_set(&self) -> border::Set<'static> {
        if self.ascii { ASCII_BORDER } else { border::PLAIN }
    }

    /// The mark left of the focused field.
    pub(crate) fn focus_mark(&self) -> &'static str {
        if self.ascii { "> " } else { "› " }
    }

    pub(crate) fn ui<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.ascii { ascii_ui(s) } else { std::borrow::Cow::Borrowed(s) }
    }

    /// `s` cut to `max` cells, with the theme's cut mark (`…`, `~` in ASCII mode) when cut.
    pub(crate) fn fit(&self, s: &str, max: usize) -> String {
        text::fit_with(s, max, if self.ascii { '~' } else { '…' })
    }

    /// The mark left of the highlighted entry of a list.
    pub(crate) fn list_mark(&self) -> &'static str {
        if self.ascii { "> " } else { "▸ " }
    }

    pub(crate) fn error_mark(&self) -> &'static str {
        if self.ascii { "x " } else { "✗ " }
    }

    pub fn monochrome() -> Self {
        FormTheme {
            border: Style::new(),
            hint: Style::new().add_modifier(Modifier::DIM),
            error: Style::new().add_modifier(Modifier::BOLD),
            ..FormTheme::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_have_names_and_no_color_wins() {
        for (name, p) in Palette::NAMES {
            assert_eq!(Palette::from_name(name), Some(p));
        }
        assert_eq!(Palette::from_name("Dark"), None);
        let t = Theme::of(Palette::Light, false, false);
        assert_eq!(t.money(), Style::new());
        assert_eq!(t.form_theme(), FormTheme::monochrome());
        assert_eq!(Theme::of(Palette::Ansi16, true, false).money(), Style::new().fg(Color::Green));
    }

    #[test]
    fn the_16_colour_palette_uses_no_indexed_colours() {
        let c = colors(Palette::Ansi16);
        let all =
            [c.bar_bg, c.bar_fg, c.accent, c.selected_bg, c.money, c.pending, c.error, c.stale, c.won_ink];
        assert!(all.iter().all(|c| !matches!(c, Color::Indexed(_) | Color::Rgb(..))));
        // Secondary text stays readable on the selected card.
        assert_ne!(c.dim.fg, Some(c.selected_bg));
    }

    #[test]
    fn ascii_mode_replaces_the_uis_glyphs_only_there() {
        let ascii = Theme { colors: None, ascii: true };
        assert_eq!(ascii.ui("loading… ↑/↓ · “x” ◀2"), "loading... Up/Down | \"x\" <2");
        assert_eq!(ascii.ui("Tab/↑↓ move, ←→ change"), "Tab/Up/Down move, <-/-> change");
        assert_eq!(Theme::new(true).ui("loading…"), "loading…");
        assert_eq!(ascii.fit("abcdef", 4), "abc~");
        assert!(ASCII_GLYPHS.iter().all(|(_, a)| a.is_ascii()));
        assert!(ascii.form_theme().ascii);
    }
}
