//! Styles. Without colour (`NO_COLOR`), every distinction the colours make is still visible
//! through bold, underline and reverse video, which `NO_COLOR` leaves alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }
    pub fn header(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }
    pub fn header_current(&self) -> Style {
        self.pick(
            Style::new().bg(Color::White).fg(Color::Blue).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn border(&self, selected: bool) -> Style {
        match selected {
            true => self.pick(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD), self.bold()),
            false => self.dim(),
        }
    }
    pub fn selected_card(&self) -> Style {
        self.pick(Style::new().bg(Color::DarkGray), Style::new().add_modifier(Modifier::REVERSED))
    }
    pub fn selection_bar(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }
    pub fn money(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }
    pub fn pending(&self) -> Style {
        self.pick(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD), self.bold())
    }
    pub fn overdue(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn stale(&self) -> Style {
        self.pick(Style::new().fg(Color::Magenta), Style::new().add_modifier(Modifier::UNDERLINED))
    }
    pub fn won(&self) -> Style {
        self.pick(Style::new().fg(Color::Black).bg(Color::Green).add_modifier(Modifier::BOLD), self.bold())
    }
    pub fn lost(&self) -> Style {
        self.pick(Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD), self.bold())
    }
    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn popup_border(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }
    pub fn field(&self, focused: bool) -> Style {
        match focused {
            true => {
                self.pick(Style::new().bg(Color::DarkGray), Style::new().add_modifier(Modifier::UNDERLINED))
            }
            false => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }
    pub fn list_cursor(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }
}
