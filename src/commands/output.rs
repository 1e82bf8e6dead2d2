//! How results are printed: an aligned table on a terminal (colour unless `NO_COLOR`),
//! tab-separated lines without a header when piped, `--csv` with a header, `--json` (the API's
//! objects as one array) and `--ndjson` (one object a line). Every cell of server text goes
//! through `sanitize`, so no control character reaches the terminal, and a tab can never split
//! a tab-separated field.

use std::io::{IsTerminal, Write};

use unicode_width::UnicodeWidthStr;

use crate::cli::OutputArgs;
use crate::sanitize::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Tsv,
    Csv,
    Json,
    Ndjson,
}

#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub format: Format,
    pub color: bool,
}

impl Out {
    /// As `args` ask, for this process's stdout and `NO_COLOR`.
    pub fn new(args: &OutputArgs) -> Out {
        Out::choose(args, std::io::stdout().is_terminal(), std::env::var_os("NO_COLOR"))
    }

    /// A table on a terminal, TSV piped, unless a format is asked for. Colour only in a table on
    /// a terminal, and never with a non-empty `NO_COLOR`.
    pub fn choose(args: &OutputArgs, terminal: bool, no_color: Option<std::ffi::OsString>) -> Out {
        let format = if args.json {
            Format::Json
        } else if args.ndjson {
            Format::Ndjson
        } else if args.csv {
            Format::Csv
        } else if args.table || terminal {
            Format::Table
        } else {
            Format::Tsv
        };
        let no_color = no_color.is_some_and(|v| !v.is_empty());
        Out { format, color: terminal && !no_color && format == Format::Table }
    }

    pub fn is_json(&self) -> bool {
        matches!(self.format, Format::Json | Format::Ndjson)
    }
}

/// A column: its header, whether the table shows it, whether TSV/CSV carry it, and whether its
/// cells align right (amounts).
pub struct Column {
    pub header: &'static str,
    pub table: bool,
    pub raw: bool,
    pub right: bool,
}

pub const fn col(header: &'static str, table: bool, raw: bool, right: bool) -> Column {
    Column { header, table, raw, right }
}

/// One cell: as the board shows it (`$1,000`), and as a script wants it (`1000`).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub shown: String,
    pub raw: String,
    /// An ANSI colour for the table on a terminal (`"32"` green).
    pub color: Option<&'static str>,
}

impl Cell {
    pub fn text(s: impl AsRef<str>) -> Cell {
        let s = sanitize(s.as_ref());
        Cell { shown: s.clone(), raw: s, color: None }
    }
    pub fn two(shown: impl AsRef<str>, raw: impl AsRef<str>) -> Cell {
        Cell { shown: sanitize(shown.as_ref()), raw: sanitize(raw.as_ref()), color: None }
    }
    pub fn colored(mut self, color: &'static str) -> Cell {
        self.color = Some(color);
        self
    }
}

/// Writes `rows` under `columns` in a text format (table, TSV or CSV).
pub fn write_rows(
    out: &Out,
    w: &mut dyn Write,
    columns: &[Column],
    rows: &[Vec<Cell>],
) -> std::io::Result<()> {
    match out.format {
        Format::Table => write_table(out.color, w, columns, rows),
        Format::Csv => {
            let mut c = csv::Writer::from_writer(w);
            let header: Vec<&str> = columns.iter().filter(|c| c.raw).map(|c| c.header).collect();
            c.write_record(&header)?;
            for row in rows {
                let cells = row.iter().zip(columns).filter(|(_, c)| c.raw).map(|(cell, _)| cell.raw.as_str());
                c.write_record(cells)?;
            }
            c.flush()
        }
        _ => {
            for row in rows {
                write_tsv_row(w, columns, row)?;
            }
            Ok(())
        }
    }
}

pub fn write_tsv_row(w: &mut dyn Write, columns: &[Column], row: &[Cell]) -> std::io::Result<()> {
    let cells: Vec<&str> =
        row.iter().zip(columns).filter(|(_, c)| c.raw).map(|(cell, _)| cell.raw.as_str()).collect();
    writeln!(w, "{}", cells.join("\t"))
}

fn write_table(
    color: bool,
    w: &mut dyn Write,
    columns: &[Column],
    rows: &[Vec<Cell>],
) -> std::io::Result<()> {
    let shown: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].table).collect();
    let width = |i: usize| {
        rows.iter().map(|r| r[i].shown.width()).chain([columns[i].header.width()]).max().unwrap_or(0)
    };
    let widths: Vec<usize> = shown.iter().map(|&i| width(i)).collect();
    let line = |w: &mut dyn Write, cells: Vec<(&str, Option<&str>)>| -> std::io::Result<()> {
        let mut text = String::new();
        for (k, ((cell, paint), &i)) in cells.iter().zip(&shown).enumerate() {
            let pad = " ".repeat(widths[k].saturating_sub(cell.width()));
            let last = k + 1 == shown.len();
            let painted = match (color, paint) {
                (true, Some(code)) => format!("\x1b[{code}m{cell}\x1b[0m"),
                _ => cell.to_string(),
            };
            if columns[i].right {
                text.push_str(&pad);
                text.push_str(&painted);
            } else {
                text.push_str(&painted);
                if !last {
                    text.push_str(&pad);
                }
            }
            if !last {
                text.push_str("  ");
            }
        }
        writeln!(w, "{}", text.trim_end())
    };
    line(w, shown.iter().map(|&i| (columns[i].header, Some("1"))).collect())?;
    for row in rows {
        line(w, shown.iter().map(|&i| (row[i].shown.as_str(), row[i].color)).collect())?;
    }
    Ok(())
}

/// `label: value` lines for one record on a terminal (the table of one deal).
pub fn write_pairs(out: &Out, w: &mut dyn Write, pairs: &[(&str, String)]) -> std::io::Result<()> {
    let width = pairs.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in pairs {
        let v = sanitize(v);
        if out.color {
            writeln!(w, "\x1b[1m{k:width$}\x1b[0m  {v}")?;
        } else {
            writeln!(w, "{k:width$}  {v}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Column; 3] =
        [col("ID", true, true, false), col("VALUE", true, true, true), col("CURRENCY", false, true, false)];

    fn rows() -> Vec<Vec<Cell>> {
        vec![
            vec![Cell::text("deal_a"), Cell::two("$1,000", "1000"), Cell::text("USD")],
            vec![Cell::text("d\x1b[2Jb\tc"), Cell::two("€5", "5"), Cell::text("EUR")],
        ]
    }

    fn render(format: Format) -> String {
        let mut buf = Vec::new();
        write_rows(&Out { format, color: false }, &mut buf, &COLS, &rows()).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn a_table_on_a_terminal_tsv_piped_and_colour_only_on_a_terminal_without_no_color() {
        let plain = OutputArgs::default();
        let out = Out::choose(&plain, true, None);
        assert_eq!((out.format, out.color), (Format::Table, true));
        assert!(!Out::choose(&plain, true, Some("1".into())).color);
        assert!(Out::choose(&plain, true, Some("".into())).color, "an empty NO_COLOR is unset");
        let out = Out::choose(&plain, false, None);
        assert_eq!((out.format, out.color), (Format::Tsv, false));
        let table = OutputArgs { table: true, ..plain };
        assert_eq!(
            (Out::choose(&table, false, None).format, Out::choose(&table, false, None).color),
            (Format::Table, false)
        );
        let json = OutputArgs { json: true, ..plain };
        assert_eq!(
            (Out::choose(&json, true, None).format, Out::choose(&json, true, None).color),
            (Format::Json, false)
        );
    }

    #[test]
    fn colour_marks_the_header_and_painted_cells_only_when_on() {
        let mut buf = Vec::new();
        let rows = vec![vec![Cell::text("deal_a"), Cell::two("$1", "1").colored("32"), Cell::text("USD")]];
        write_rows(&Out { format: Format::Table, color: true }, &mut buf, &COLS, &rows).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "\x1b[1mID\x1b[0m      \x1b[1mVALUE\x1b[0m\ndeal_a     \x1b[32m$1\x1b[0m\n");
    }

    #[test]
    fn table_aligns_and_right_aligns_amounts_and_tsv_carries_raw_values() {
        assert_eq!(render(Format::Table), "ID        VALUE\ndeal_a   $1,000\nd[2Jb c      €5\n");
        assert_eq!(render(Format::Tsv), "deal_a\t1000\tUSD\nd[2Jb c\t5\tEUR\n");
        assert_eq!(render(Format::Csv), "ID,VALUE,CURRENCY\ndeal_a,1000,USD\nd[2Jb c,5,EUR\n");
    }
}
