//! Amounts and dates as the forms echo them back (`= $50,000`, `= Fri 27 Nov 2026`), so the user
//! sees what a lenient entry such as `50k` or `fri` was understood as.

use jiff::civil::Date;

/// `50000` in `USD` is `$50,000`; `1234.5` is `$1,234.50`; a currency without a short sign is
/// written after the amount (`1,000 CHF`); no currency, no sign.
pub(crate) fn amount(v: f64, currency: Option<&str>) -> String {
    let digits = grouped(v);
    match currency {
        None => digits,
        Some(c) => match sign(c) {
            Some(s) => format!("{s}{digits}"),
            None => format!("{digits} {c}"),
        },
    }
}

fn sign(code: &str) -> Option<&'static str> {
    Some(match code {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" | "CNY" => "¥",
        _ => return None,
    })
}

/// Thousands grouped with commas; cents shown only when there are any.
fn grouped(v: f64) -> String {
    let cents = (v * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let frac = (cents - whole * 100.0).abs() as u64;
    let int = format!("{whole:.0}");
    let (neg, int) = int.strip_prefix('-').map_or((false, int.as_str()), |r| (true, r));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if neg { "-" } else { "" };
    if frac == 0 { format!("{sign}{out}") } else { format!("{sign}{out}.{frac:02}") }
}

/// `Fri 27 Nov 2026`.
pub(crate) fn date(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_like_money() {
        assert_eq!(amount(50000.0, Some("USD")), "$50,000");
        assert_eq!(amount(1234.5, Some("EUR")), "€1,234.50");
        assert_eq!(amount(3_000_000.0, Some("JPY")), "¥3,000,000");
        assert_eq!(amount(1000.0, Some("CHF")), "1,000 CHF");
        assert_eq!(amount(999.0, None), "999");
        assert_eq!(amount(0.0, None), "0");
        assert_eq!(amount(100.0, None), "100");
        assert_eq!(amount(1_000_000.0, None), "1,000,000");
    }

    #[test]
    fn dates_name_the_weekday() {
        assert_eq!(date(jiff::civil::date(2026, 11, 27)), "Fri 27 Nov 2026");
    }
}
