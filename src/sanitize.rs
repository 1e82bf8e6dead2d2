//! Text from a server never reaches the terminal with control characters in it: a title holding
//! `\x1b[2J` must print as text, not clear the screen. Every string from the network passes here
//! before it is drawn or put in an error message.

/// Replaces control characters (C0, DEL, C1, which covers ESC and CSI) with nothing, and line
/// breaks and tabs with a space, so one field stays on one line.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            // Bidi overrides and zero-width joiners can reorder what is drawn around them.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// [`sanitize`], cut to at most `max` characters with an ellipsis when cut.
pub fn sanitize_short(s: &str, max: usize) -> String {
    let clean = sanitize(s);
    if clean.chars().count() <= max {
        return clean;
    }
    let mut cut: String = clean.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_survive() {
        assert_eq!(sanitize("a\x1b[2Jb\x07c\u{9b}31m"), "a[2Jbc31m");
        assert_eq!(sanitize("line\nnext\ttab"), "line next tab");
        assert_eq!(sanitize("Müller 株式会社 🚀"), "Müller 株式会社 🚀");
        assert_eq!(sanitize("x\u{202E}y"), "xy");
    }

    #[test]
    fn short_cuts_with_an_ellipsis() {
        assert_eq!(sanitize_short("abcdef", 4), "abc…");
        assert_eq!(sanitize_short("abc", 4), "abc");
    }
}
