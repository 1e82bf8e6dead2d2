//! Stand-in for `crate::tui::parse::parse_value` (branch `forms`, not on main yet), with the
//! signature CONTRACTS.md gives. Removed when `forms` lands; the value dialog then calls the
//! real one.

/// A value as a rep types it: `50000`, `50,000`, `$50,000`, `50000.50`, `50k`, `1.2m`.
pub fn parse_value(s: &str) -> Result<f64, String> {
    let refuse = || format!("“{}” is not an amount; try 50000, $50,000, 50k or 1.2m", crate::sanitize::sanitize(s));
    let t = s.trim().trim_start_matches(['$', '€', '£', '¥']).trim();
    let (number, scale) = match t.chars().last().map(|c| c.to_ascii_lowercase()) {
        Some('k') => (&t[..t.len() - 1], 1e3),
        Some('m') => (&t[..t.len() - 1], 1e6),
        _ => (t, 1.0),
    };
    let digits: String = number.chars().filter(|&c| c != ',').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(refuse());
    }
    let v: f64 = digits.parse().map_err(|_| refuse())?;
    Ok(v * scale)
}
