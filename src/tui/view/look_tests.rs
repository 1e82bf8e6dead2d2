//! The `theme` and `borders` settings on ratatui's TestBackend. The snapshots carry the styles
//! too: under the text, a letter per cell names its style, and a legend says what each is, so
//! a palette change shows up in review, not only a glyph change.

use std::fmt::Write;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::draw;
use crate::settings::Palette;
use crate::tui::app::{App, AppSettings};
use crate::tui::layout;
use crate::tui::message::Event;
use crate::tui::test_support::{Fake, ch, key, now, settings, settle};

fn loaded_with(s: AppSettings, width: u16, height: u16) -> App {
    let mut app = App::new(s, now());
    app.update(Event::Resize { width, height });
    let cmds = app.start();
    settle(&mut app, &mut Fake::default(), cmds);
    app
}

fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The text, then the same grid with one letter per distinct style, then the legend.
fn styled(buf: &Buffer) -> String {
    let area = buf.area;
    let mut styles: Vec<Style> = Vec::new();
    let mut text = String::new();
    let mut grid = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let style = cell.style();
            let i = styles.iter().position(|s| *s == style).unwrap_or_else(|| {
                styles.push(style);
                styles.len() - 1
            });
            grid.push(LETTERS.chars().nth(i).unwrap_or('?'));
        }
        text.push('\n');
        grid.push('\n');
    }
    let mut legend = String::new();
    for (i, s) in styles.iter().enumerate() {
        let letter = LETTERS.chars().nth(i).unwrap_or('?');
        writeln!(legend, "{letter}: fg {:?}, bg {:?}, {:?}", s.fg, s.bg, s.add_modifier).unwrap();
    }
    format!("{text}\n{grid}\n{legend}")
}

const LETTERS: &str = ".abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

#[test]
fn board_light_80x24() {
    let app = loaded_with(AppSettings { palette: Palette::Light, ..settings() }, 80, 24);
    insta::assert_snapshot!(styled(&buffer(&app, 80, 24)));
}

#[test]
fn board_16_colours_80x24() {
    let app = loaded_with(AppSettings { palette: Palette::Ansi16, ..settings() }, 80, 24);
    let buf = buffer(&app, 80, 24);
    let indexed = buf.content.iter().any(|c| {
        let s = c.style();
        [s.fg, s.bg]
            .into_iter()
            .flatten()
            .any(|c| matches!(c, ratatui::style::Color::Indexed(_) | ratatui::style::Color::Rgb(..)))
    });
    assert!(!indexed, "the 16-colour theme drew a 256-colour cell");
    insta::assert_snapshot!(styled(&buf));
}

#[test]
fn board_ascii_borders_80x24() {
    let mut app = loaded_with(AppSettings { ascii: true, ..settings() }, 80, 24);
    // Scrolled right, so the markers for columns off screen are drawn too, and back one so
    // the selected column has cards (and the selection bar).
    for c in ['l', 'l', 'l', 'h'] {
        app.update(ch(c));
    }
    let text = styled(&buffer(&app, 80, 24));
    let screen = text.split("\n\n").next().unwrap();
    assert!(!has_ui_glyph(screen), "a UI glyph on an ASCII board:\n{screen}");
    insta::assert_snapshot!(text);
}

#[test]
fn help_and_a_form_in_ascii_name_keys_without_arrows() {
    let mut app = loaded_with(AppSettings { ascii: true, ..settings() }, 80, 24);
    app.update(ch('?'));
    let help = buffer(&app, 80, 24);
    insta::assert_snapshot!("help_ascii_80x24", TestBackendText(&help).to_string());
    app.update(key(KeyCode::Esc));
    app.update(ch('n'));
    let form = TestBackendText(&buffer(&app, 80, 24)).to_string();
    assert!(form.contains("+---") && !form.contains('┌'), "{form}");
    insta::assert_snapshot!("new_deal_form_ascii_80x24", form);
}

#[test]
fn help_in_ascii_at_40x12_cuts_with_a_tilde() {
    let mut app = loaded_with(AppSettings { ascii: true, ..settings() }, 40, 12);
    app.update(ch('?'));
    insta::assert_snapshot!("help_ascii_40x12", TestBackendText(&buffer(&app, 40, 12)).to_string());
}

/// The UI's own glyphs that ASCII mode replaces (and box drawing); server text may hold anything.
fn has_ui_glyph(screen: &str) -> bool {
    screen.chars().any(|c| ('\u{2190}'..='\u{25FF}').contains(&c) || "…·—“”⟳✗›‹".contains(c))
}

#[test]
fn details_in_ascii() {
    let mut app = loaded_with(AppSettings { ascii: true, ..settings() }, 80, 30);
    let mut fake = Fake::default();
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    let text = TestBackendText(&buffer(&app, 80, 30)).to_string();
    assert!(!has_ui_glyph(&text), "{text}");
    insta::assert_snapshot!("details_ascii_80x30", text);
}

#[test]
fn no_color_wins_over_any_palette() {
    for palette in [Palette::Dark, Palette::Light, Palette::Ansi16] {
        let app = loaded_with(AppSettings { palette, color: false, ..settings() }, 80, 24);
        let buf = buffer(&app, 80, 24);
        assert!(
            buf.content
                .iter()
                .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
        );
    }
}

#[test]
fn the_header_draws_each_pipeline_where_a_click_finds_it() {
    let app = loaded_with(settings(), 80, 24);
    let buf = buffer(&app, 80, 24);
    let header = app.screen(buf.area).header;
    let names: Vec<&str> = app.board().pipelines.iter().map(|p| p.name.as_str()).collect();
    let tabs =
        layout::header_tabs(header, app.board().pipelines.iter().map(|p| &p.name), app.board().current);
    assert_eq!(tabs.len(), names.len());
    for ((_, tab), name) in tabs.iter().zip(names) {
        let drawn: String = (tab.x..tab.x + tab.width).map(|x| buf[(x, tab.y)].symbol()).collect();
        assert_eq!(drawn, format!(" {name} "));
    }
}

/// The plain text of a buffer, one line per row.
struct TestBackendText<'a>(&'a Buffer);

impl std::fmt::Display for TestBackendText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for y in 0..self.0.area.height {
            for x in 0..self.0.area.width {
                f.write_str(self.0[(x, y)].symbol())?;
            }
            f.write_str("\n")?;
        }
        Ok(())
    }
}

#[test]
fn hints_name_the_rebound_keys() {
    let mut app = loaded_with(settings(), 80, 24);
    let entries = [("help", "f1"), ("quit", "ctrl+q"), ("next_pipeline", "]")];
    let entries: Vec<_> = entries.iter().map(|(a, k)| (a.to_string(), vec![k.to_string()])).collect();
    app.set_keymap(crate::settings::keyspec::keymap_with(&entries).unwrap());
    let text = TestBackendText(&buffer(&app, 80, 24)).to_string();
    assert!(text.contains("F1 help  Ctrl+q quit"), "{text}");
    assert!(text.contains("] next pipeline"), "{text}");
    assert!(!text.contains("? help") && !text.contains("p/Tab"), "{text}");
}
