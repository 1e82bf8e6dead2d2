//! Fitting a card's text without cutting a number, a date or a word: a line of fields drops or
//! shortens whole fields, a text is cut between words, and a title that would read like
//! another's once cut keeps its distinct end (`Multi-year…Globex`).

use ratatui::text::{Line, Span};

use crate::tui::text::width;

/// One field of a line, as it can be drawn: its forms from the fullest to the shortest, each
/// whole (`overdue 2026-03-01`, then `overdue`).
pub struct Piece {
    pub forms: Vec<Vec<Span<'static>>>,
}

impl Piece {
    pub fn one(span: Span<'static>) -> Piece {
        Piece { forms: vec![vec![span]] }
    }
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// `pieces` joined by `sep` in at most `room` cells, each field whole in one of its forms or
/// left out. Of the choices that fit, the one that shows the most fields wins, then the one
/// fuller in its first fields (the config's order is the fields' priority).
pub fn line(pieces: Vec<Piece>, sep: &Span<'static>, room: usize) -> Line<'static> {
    let widths: Vec<Vec<usize>> =
        pieces.iter().map(|p| p.forms.iter().map(|f| spans_width(f)).collect()).collect();
    let mut best: Option<(Vec<i64>, Vec<Option<usize>>)> = None;
    let mut choice = Vec::with_capacity(pieces.len());
    search(&widths, width(&sep.content), room, &mut choice, &mut best);
    let chosen = best.map(|(_, c)| c).unwrap_or_default();
    let mut spans = Vec::new();
    for (c, piece) in chosen.iter().zip(pieces) {
        let Some(c) = c else { continue };
        if !spans.is_empty() {
            spans.push(sep.clone());
        }
        spans.extend(piece.forms.into_iter().nth(*c).unwrap_or_default());
    }
    Line::from(spans)
}

/// Every choice of a form (or none) per field that fits `room`, keeping the best in `best`.
/// Lines hold a few fields with a few forms each, so trying them all is cheap.
fn search(
    widths: &[Vec<usize>],
    sep: usize,
    room: usize,
    choice: &mut Vec<Option<usize>>,
    best: &mut Option<(Vec<i64>, Vec<Option<usize>>)>,
) {
    let used = |choice: &[Option<usize>]| {
        let shown: Vec<usize> = choice.iter().zip(widths).filter_map(|(c, w)| c.map(|c| w[c])).collect();
        shown.iter().sum::<usize>() + shown.len().saturating_sub(1) * sep
    };
    if used(choice) > room {
        return;
    }
    let i = choice.len();
    if i == widths.len() {
        let mut key = vec![choice.iter().flatten().count() as i64];
        key.extend(choice.iter().map(|c| c.map_or(-1000, |c| -(c as i64))));
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            *best = Some((key, choice.clone()));
        }
        return;
    }
    for c in (0..widths[i].len()).map(Some).chain([None]) {
        choice.push(c);
        search(widths, sep, room, choice, best);
        choice.pop();
    }
}

/// `text`, then ever fewer of its words followed by `mark`: the forms of a text field.
pub fn word_forms(text: &str, mark: char) -> Vec<String> {
    let mut forms = vec![text.to_string()];
    let starts: Vec<usize> = text.char_indices().filter(|(_, c)| c.is_whitespace()).map(|(i, _)| i).collect();
    for &end in starts.iter().rev() {
        // Not after a lone dash or colon: `Enterprise License…`, not `Enterprise License -…`.
        let head = text[..end].trim_end_matches(|c: char| c.is_whitespace() || "-–—:·,;/|&+".contains(c));
        if !head.is_empty() {
            forms.push(format!("{head}{mark}"));
        }
    }
    forms.dedup();
    forms
}

/// `text` in `room` cells, cut after a whole word with `mark`; a first word that alone does not
/// fit is cut where it must (the one cut that cannot be helped).
pub fn words(text: &str, room: usize, mark: char) -> String {
    word_forms(text, mark)
        .into_iter()
        .find(|f| width(f) <= room)
        .unwrap_or_else(|| crate::tui::text::fit_with(text, room, mark))
}

/// A title in `room` cells. Cut, it would start like one of `others` (titles shown nearby that
/// share a long prefix): it keeps its first words and its distinct end around `mark`, so two
/// cards never read the same. Else it is cut after a whole word.
pub fn title(text: &str, room: usize, others: &[&str], mark: char) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    let cut = words(text, room, mark);
    let kept = cut.strip_suffix(mark).unwrap_or(&cut);
    let clashing: Vec<&str> = others.iter().copied().filter(|o| *o != text && o.starts_with(kept)).collect();
    if clashing.is_empty() {
        return cut;
    }
    middle(text, room, &clashing, mark).unwrap_or(cut)
}

/// `Multi-year…Globex`: the shortest run of last words that none of the `clashing` titles ends
/// with, as many first words as fit before it, then as many more last words as still fit.
fn middle(text: &str, room: usize, clashing: &[&str], mark: char) -> Option<String> {
    // Where words start, later first; a tail never starts with a lone dash or colon.
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| i > 0 && !c.is_whitespace() && text[..i].ends_with(char::is_whitespace))
        .filter(|&(i, _)| {
            text[i..].split_whitespace().next().is_some_and(|w| w.chars().any(char::is_alphanumeric))
        })
        .map(|(i, _)| i)
        .rev()
        .collect();
    let first = starts.iter().position(|&i| clashing.iter().all(|o| !o.ends_with(&text[i..])))?;
    let tail = &text[starts[first]..];
    let head_room = room.checked_sub(width(tail) + 1)?;
    let head = word_forms(text[..starts[first]].trim_end(), mark)
        .into_iter()
        .map(|f| f.strip_suffix(mark).map(str::to_string).unwrap_or(f))
        .find(|f| width(f) <= head_room)
        .unwrap_or_default();
    // The room left goes to the tail, never over the head's words.
    let tail = starts[first..]
        .iter()
        .take_while(|&&i| i >= head.len())
        .map(|&i| &text[i..])
        .take_while(|t| width(&head) + 1 + width(t) <= room)
        .last()
        .unwrap_or(tail);
    Some(format!("{head}{mark}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.to_string()
    }

    #[test]
    fn a_line_shortens_then_drops_its_last_fields_whole() {
        let sep = Span::raw(" · ");
        let pieces = || {
            vec![
                Piece::one(Span::raw("€48,000")),
                Piece { forms: vec![vec![Span::raw("overdue 2026-04-15")], vec![Span::raw("overdue")]] },
                Piece::one(Span::raw("256d stale")),
            ]
        };
        assert_eq!(text(&line(pieces(), &sep, 41)), "€48,000 · overdue 2026-04-15 · 256d stale");
        assert_eq!(text(&line(pieces(), &sep, 40)), "€48,000 · overdue · 256d stale");
        assert_eq!(text(&line(pieces(), &sep, 29)), "€48,000 · overdue 2026-04-15", "fuller first fields");
        assert_eq!(text(&line(pieces(), &sep, 27)), "€48,000 · overdue");
        assert_eq!(text(&line(pieces(), &sep, 16)), "€48,000");
        assert_eq!(text(&line(pieces(), &sep, 6)), "", "never a cut amount");
    }

    #[test]
    fn text_is_cut_between_words() {
        assert_eq!(words("Alice Martin", 12, '…'), "Alice Martin");
        assert_eq!(words("Alice Martin", 11, '…'), "Alice…");
        assert_eq!(words("Enterprise License - Acme Corp", 23, '…'), "Enterprise License…");
        assert_eq!(words("Supercalifragilistic", 6, '…'), "Super…", "one word too long for the room");
        assert_eq!(word_forms("a b", '~'), ["a b", "a~"]);
    }

    #[test]
    fn titles_that_would_read_the_same_keep_their_distinct_end() {
        let titles = ["Multi-year enterprise agreement Globex", "Multi-year enterprise agreement Initech"];
        assert_eq!(title(titles[0], 20, &titles, '…'), "Multi-year…Globex");
        assert_eq!(title(titles[1], 20, &titles, '…'), "Multi-year…Initech");
        assert_eq!(title(titles[1], 9, &titles, '…'), "…Initech");
        // Alone, or cut before the titles part: cut after a whole word.
        assert_eq!(title(titles[0], 20, &titles[..1], '…'), "Multi-year…");
        // Only the titles it would read like count: another ending the same does not matter.
        let three = [titles[0], titles[1], "Pilot for Initech"];
        assert_eq!(title(titles[1], 20, &three, '…'), "Multi-year…Initech");
        let apart = ["Renewal 2026 for Acme Corporation", "Pilot for Globex"];
        assert_eq!(title(apart[0], 20, &apart, '…'), "Renewal 2026 for…");
        assert_eq!(title("Short", 20, &apart, '…'), "Short");
    }
}
