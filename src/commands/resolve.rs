//! Names as the board shows them (`Proposal`, `Sales`, `Ada Admin`) to ids: an id as it is, else
//! a name in any case, else a unique prefix of one. More than one match is refused, naming the
//! candidates; none is "not found", naming what there is. Pure.

use super::Failure;

/// One thing that can be named: its id, the names it answers to, and how it is listed.
pub struct Choice {
    pub id: String,
    pub names: Vec<String>,
    pub label: String,
}

/// The index of the choice `input` names. `what` is the kind (`stage`, `pipeline`, `owner`).
pub fn choose(what: &str, input: &str, choices: &[Choice]) -> Result<usize, Failure> {
    let input = input.trim();
    if let Some(i) = choices.iter().position(|c| c.id == input) {
        return Ok(i);
    }
    let wanted = input.to_lowercase();
    let named = |exact: bool| -> Vec<usize> {
        (0..choices.len())
            .filter(|&i| {
                choices[i].names.iter().any(|n| {
                    let n = n.to_lowercase();
                    if exact { n == wanted } else { n.starts_with(&wanted) }
                })
            })
            .collect()
    };
    let exact = named(true);
    let found = if exact.is_empty() && !wanted.is_empty() { named(false) } else { exact };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            let known: Vec<&str> = choices.iter().map(|c| c.label.as_str()).take(12).collect();
            let more = if choices.len() > known.len() { ", …" } else { "" };
            let list = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            Err(Failure::not_found(format!("no {what} named `{input}` (there are: {list}{more})")))
        }
        many => {
            let list: Vec<&str> = many.iter().map(|&i| choices[i].label.as_str()).collect();
            Err(Failure::usage(format!(
                "`{input}` names more than one {what}: {}; give more of the name, or the id",
                list.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages() -> Vec<Choice> {
        [("stage_1", "Lead"), ("stage_2", "Proposal"), ("stage_3", "Prospect"), ("stage_4", "Pro")]
            .iter()
            .map(|(id, name)| Choice {
                id: id.to_string(),
                names: vec![name.to_string()],
                label: format!("{name} ({id})"),
            })
            .collect()
    }

    #[test]
    fn ids_names_and_unique_prefixes_resolve() {
        let s = stages();
        assert_eq!(choose("stage", "stage_3", &s).unwrap(), 2);
        assert_eq!(choose("stage", "lead", &s).unwrap(), 0);
        assert_eq!(choose("stage", "PROPO", &s).unwrap(), 1);
        assert_eq!(choose("stage", "pro", &s).unwrap(), 3, "an exact name wins over prefixes");
    }

    #[test]
    fn an_ambiguous_prefix_lists_the_candidates_and_an_unknown_name_what_there_is() {
        let s = stages();
        let e = choose("stage", "Pros", &s).unwrap();
        assert_eq!(e, 2);
        let e = match choose("stage", "Pr", &s[..3]) {
            Err(e) => e,
            Ok(i) => panic!("{i}"),
        };
        assert_eq!(e.code, 2);
        assert!(
            e.message.contains("Proposal (stage_2)") && e.message.contains("Prospect (stage_3)"),
            "{}",
            e.message
        );
        let e = match choose("stage", "Won", &s) {
            Err(e) => e,
            Ok(i) => panic!("{i}"),
        };
        assert_eq!(e.code, 1);
        assert!(e.message.contains("`Won`") && e.message.contains("Lead (stage_1)"), "{}", e.message);
    }
}
