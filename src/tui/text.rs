//! Fitting text into cells. Widths come from unicode-width, so CJK and emoji (two cells) are
//! counted right and never cut in half.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cells `s` takes on screen.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to `max` cells, with `…` when cut.
pub fn fit(s: &str, max: usize) -> String {
    fit_with(s, max, '…')
}

/// [`fit`] with another one-cell mark for the cut (ASCII mode uses `~`).
pub fn fit_with(s: &str, max: usize, ellipsis: char) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push(ellipsis);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_chars_are_never_split() {
        assert_eq!(fit("株式会社テスト", 5), "株式…");
        assert_eq!(width(&fit("株式会社テスト", 5)), 5);
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("🚀🚀🚀", 4), "🚀…");
        assert_eq!(fit("abc", 0), "");
    }
}
