//! `card = [...]`: what a card shows under its title, in order. Neighbouring fields that belong
//! on one line (value, probability, owner; close date, age) share it; tags, the contact and each
//! custom field take a line of their own. The card is as tall as its lines.

use std::fmt;

/// One thing a card can show.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CardField {
    Value,
    Probability,
    Owner,
    Contact,
    CloseDate,
    Age,
    Tags,
    /// A custom field by its name, shown as `name: value`.
    Custom(String),
}

/// The built-in fields by their config names.
const NAMED: [(&str, CardField); 7] = [
    ("value", CardField::Value),
    ("probability", CardField::Probability),
    ("owner", CardField::Owner),
    ("contact", CardField::Contact),
    ("close_date", CardField::CloseDate),
    ("age", CardField::Age),
    ("tags", CardField::Tags),
];

impl CardField {
    fn parse(name: &str) -> CardField {
        NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(|| CardField::Custom(name.to_string()), |(_, f)| f.clone())
    }

    /// Fields of one kind share a line when they are neighbours in the list.
    fn line_kind(&self) -> Option<u8> {
        match self {
            CardField::Value | CardField::Probability | CardField::Owner => Some(0),
            CardField::CloseDate | CardField::Age => Some(1),
            _ => None,
        }
    }
}

impl fmt::Display for CardField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardField::Custom(name) => f.write_str(name),
            field => f.write_str(NAMED.iter().find(|(_, n)| n == field).map_or("", |(name, _)| name)),
        }
    }
}

/// The card's lines under the title, each a list of fields, most important first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFields {
    lines: Vec<Vec<CardField>>,
}

impl Default for CardFields {
    /// What cards showed before they could be chosen: value · probability · owner, then close
    /// date · age.
    fn default() -> Self {
        CardFields::parse(&["value", "probability", "owner", "close_date", "age"].map(String::from)).0
    }
}

impl CardFields {
    /// The fields `names` asks for, and a warning for each entry left out (empty, a duplicate,
    /// `title`, which every card shows anyway) or probably misspelt (kept as a custom field).
    pub fn parse(names: &[String]) -> (CardFields, Vec<String>) {
        let mut fields: Vec<CardField> = Vec::new();
        let mut warnings = Vec::new();
        for raw in names {
            let name = raw.trim();
            let field = CardField::parse(name);
            if name.is_empty() || name.chars().any(char::is_control) {
                warnings.push(format!("card: {raw:?} is not a field name; left out"));
            } else if name == "title" {
                warnings.push("card: \"title\" is always shown; left out".to_string());
            } else if fields.contains(&field) {
                warnings.push(format!("card: {name:?} is listed twice; shown once"));
            } else {
                if let (CardField::Custom(_), Some(near)) = (&field, near_miss(name)) {
                    warnings.push(format!(
                        "card: {name:?} is not a built-in field (did you mean {near:?}?); shown as a custom field"
                    ));
                }
                fields.push(field);
            }
        }
        let mut lines: Vec<Vec<CardField>> = Vec::new();
        for field in fields {
            match lines.last_mut() {
                Some(line) if field.line_kind().is_some() && line[0].line_kind() == field.line_kind() => {
                    line.push(field)
                }
                _ => lines.push(vec![field]),
            }
        }
        (CardFields { lines }, warnings)
    }

    pub fn lines(&self) -> &[Vec<CardField>] {
        &self.lines
    }

    pub fn shows(&self, field: &CardField) -> bool {
        self.lines.iter().flatten().any(|f| f == field)
    }

    /// Lines under the title.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }
}

/// The built-in name `name` was probably meant to be: the same but for case, `-` or a space for
/// `_`, or one letter.
fn near_miss(name: &str) -> Option<&'static str> {
    let norm = |s: &str| s.to_lowercase().replace(['-', ' '], "_");
    let n = norm(name);
    NAMED.iter().map(|(known, _)| *known).find(|known| {
        n == *known || n.replace('_', "") == known.replace('_', "") || one_letter_apart(&n, known)
    })
}

/// Equal but for one letter added, dropped or changed.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let same_start = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if same_start == long.len() {
        true
    } else if short.len() == long.len() {
        short[same_start + 1..] == long[same_start + 1..]
    } else {
        short[same_start..] == long[same_start + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(names: &[&str]) -> (CardFields, Vec<String>) {
        CardFields::parse(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn the_default_is_value_probability_owner_then_close_date_and_age() {
        use CardField::*;
        assert_eq!(CardFields::default().lines(), [vec![Value, Probability, Owner], vec![CloseDate, Age]]);
    }

    #[test]
    fn fields_keep_their_order_and_neighbours_of_a_kind_share_a_line() {
        use CardField::*;
        let (f, w) = parse(&["age", "tags", "owner", "value", "region", "close_date", "contact"]);
        assert!(w.is_empty(), "{w:?}");
        let want = [
            vec![Age],
            vec![Tags],
            vec![Owner, Value],
            vec![Custom("region".into())],
            vec![CloseDate],
            vec![Contact],
        ];
        assert_eq!(f.lines(), want);
        assert_eq!(f.line_count(), 6);
        assert_eq!(parse(&[]).0.line_count(), 0);
    }

    #[test]
    fn bad_entries_are_named_in_a_warning() {
        let (f, w) = parse(&["value", "", "title", "value", "close-date", "Owner", "probabilty"]);
        assert_eq!(w.len(), 6, "{w:?}");
        assert!(w[0].contains("\"\""), "{}", w[0]);
        assert!(w[1].contains("title") && w[2].contains("twice"), "{w:?}");
        assert!(w[3].contains("close-date") && w[3].contains("close_date"), "{}", w[3]);
        assert!(w[4].contains("\"Owner\"") && w[4].contains("\"owner\""), "{}", w[4]);
        assert!(w[5].contains("probabilty") && w[5].contains("\"probability\""), "{}", w[5]);
        // Kept as custom fields: a deal may really have one by that name.
        assert_eq!(f.lines().len(), 4, "{f:?}");
        assert!(parse(&["region", "won_reason"]).1.is_empty());
    }
}
