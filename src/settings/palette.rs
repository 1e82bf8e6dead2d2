//! `theme = "dark" | "light" | "16"`: which colours the board draws with (the colours themselves
//! are in `tui::theme`).

/// `theme = "dark" | "light" | "16"` in `config.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// 256 colours, for a dark background (the usual terminal).
    #[default]
    Dark,
    /// 256 colours, for a light background.
    Light,
    /// The 16 ANSI colours only, for terminals (and multiplexers) without 256 colours.
    Ansi16,
}

pub const THEME_NAMES: &str = "\"dark\", \"light\" or \"16\" (the 16 basic colours)";

fn bad_theme(name: &str) -> String {
    format!("no theme \"{name}\"; use {THEME_NAMES}")
}

impl Palette {
    pub const NAMES: [(&'static str, Palette); 3] =
        [("dark", Palette::Dark), ("light", Palette::Light), ("16", Palette::Ansi16)];

    pub fn from_name(name: &str) -> Option<Palette> {
        Palette::NAMES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    fn named<E: serde::de::Error>(name: &str) -> Result<Palette, E> {
        // `"Light"` is what was meant; a typo is still refused.
        Palette::from_name(&name.to_ascii_lowercase()).ok_or_else(|| E::custom(bad_theme(name)))
    }
}

/// `theme = "16"`, and `theme = 16` as people will write it too.
impl<'de> serde::Deserialize<'de> for Palette {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Palette;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(THEME_NAMES)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Palette, E> {
                Palette::named(s)
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Palette, E> {
                Palette::named(&n.to_string())
            }
        }
        d.deserialize_any(V)
    }
}
