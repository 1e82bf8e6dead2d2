//! Numbers and dates as the board prints them. Pure functions, no locale lookups: a rep over SSH
//! gets the same `$75,000` whatever the server's locale is.

use iso_currency::Currency;
use jiff::civil::Date;

/// The currency of a deal that names none: docs/API.md's workspace default.
pub const FALLBACK_CURRENCY: &str = "USD";

/// A deal's currency code.
pub fn currency_of(deal: &crate::model::Deal) -> &str {
    deal.currency.as_deref().unwrap_or(FALLBACK_CURRENCY)
}

/// `1240` -> `1,240`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a currency's mark goes around the number.
enum Mark {
    Before(String),
    After(String),
}

/// The mark and minor-unit digits of an ISO 4217 code. Short symbols go before the number;
/// word-like ones (`kr`, `лв.`) and unknown codes after it. A `$` that is not the US dollar's
/// carries its country (`CA$`, `AU$`), and likewise the yuan's `¥` (`CN¥`), so a board mixing
/// currencies never shows two different amounts the same way.
fn currency_parts(code: &str) -> (Mark, u32) {
    let Some(c) = Currency::from_code(code) else {
        return (Mark::After(crate::sanitize::sanitize(code)), 2);
    };
    let exponent = c.exponent().map_or(2, u32::from);
    let symbol = c.symbol().symbol;
    let mark = match symbol.as_str() {
        "$" if code != "USD" => Mark::Before(format!("{}$", &code[..2])),
        "¥" if code != "JPY" => Mark::Before(format!("{}¥", &code[..2])),
        "" => Mark::After(code.to_string()),
        s if s.chars().count() == 1 || s.ends_with('$') => Mark::Before(symbol),
        _ => Mark::After(symbol),
    };
    (mark, exponent)
}

/// The mark a currency is written with (`€`, `CA$`, `kr`), for naming currencies in headers.
pub fn currency_mark(code: &str) -> String {
    match currency_parts(code).0 {
        Mark::Before(m) | Mark::After(m) => m,
    }
}

fn with_mark(sign: &str, number: &str, mark: Mark) -> String {
    match mark {
        Mark::Before(m) => format!("{sign}{m}{number}"),
        Mark::After(m) => format!("{sign}{number} {m}"),
    }
}

/// A value in its currency: `$75,000`, `€12,500`, `¥3,000,000`, `$50,000.50`. Minor units are
/// shown only when the amount has them (JPY has none). Symbols of more than one character go
/// after the number (`75,000 лв.`), where they read naturally; unknown codes likewise (`10 XYZ`).
pub fn money(value: f64, code: &str) -> String {
    let (mark, exponent) = currency_parts(code);
    let number = amount(value.abs(), exponent);
    let sign = if value < 0.0 && number.bytes().any(|b| b.is_ascii_digit() && b != b'0') { "-" } else { "" };
    with_mark(sign, &number, mark)
}

/// `money` with large amounts shortened (`$1.2M`, `€350K`), for column headers in narrow columns.
pub fn money_compact(value: f64, code: &str) -> String {
    let abs = value.abs();
    let (div, suffix) = match abs {
        a if a >= 1e9 => (1e9, "B"),
        a if a >= 1e6 => (1e6, "M"),
        a if a >= 1e4 => (1e3, "K"),
        _ => return money(value.round(), code),
    };
    let short = abs / div;
    let text =
        if short >= 100.0 || short.fract() < 0.05 { format!("{short:.0}") } else { format!("{short:.1}") };
    let sign = if value < 0.0 { "-" } else { "" };
    with_mark(sign, &format!("{text}{suffix}"), currency_parts(code).0)
}

/// An amount without a currency sign: `50,000`, `1,234.50` (cents only when it has some). The
/// forms prefill and echo amounts with it when no currency applies.
pub fn grouped(value: f64) -> String {
    let text = amount(value, 2);
    if value < 0.0 && text != "0" { format!("-{text}") } else { text }
}

/// [`money`] when the currency is known, else [`grouped`].
pub fn money_or_amount(value: f64, code: Option<&str>) -> String {
    code.map_or_else(|| grouped(value), |c| money(value, c))
}

/// `Fri 27 Nov 2026`: how the forms echo a leniently typed date (`fri`, `+2w`).
pub fn weekday_date(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

/// The number part of [`money`] for `value >= 0`: grouped, with `exponent` decimals when it has
/// a fraction.
fn amount(value: f64, exponent: u32) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let scale = 10f64.powi(exponent as i32);
    let minor = (value.abs() * scale).round();
    let whole = (minor / scale).trunc();
    let frac = minor - whole * scale;
    // Amounts past u64 are not deals anyone tracks; saturate rather than wrap.
    let grouped = thousands(whole.min(u64::MAX as f64) as u64);
    if exponent == 0 || frac == 0.0 {
        grouped
    } else {
        format!("{grouped}.{:0width$}", frac as u64, width = exponent as usize)
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    // Date subtraction yields a span in days (its largest unit), never weeks or months.
    i64::from((to - from).get_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_its_currency() {
        assert_eq!(money(75000.0, "USD"), "$75,000");
        assert_eq!(money(12500.0, "EUR"), "€12,500");
        assert_eq!(money(3_000_000.0, "JPY"), "¥3,000,000");
        assert_eq!(money(50000.5, "USD"), "$50,000.50");
        assert_eq!(money(0.0, "USD"), "$0");
        assert_eq!(money(10.0, "XYZ"), "10 XYZ");
        assert_eq!(money(1234.567, "JPY"), "¥1,235");
        assert_eq!(money(-5.0, "USD"), "-$5");
        assert_eq!(money(-0.001, "USD"), "$0");
        assert_eq!(money(75000.0, "CAD"), "CA$75,000");
        assert_eq!(money(75000.0, "BRL"), "R$75,000");
        assert_eq!(money(75000.0, "CNY"), "CN¥75,000");
        assert_eq!(money(75000.0, "SEK"), "75,000 kr");
        assert_eq!(money(1000.0, "KRW"), "₩1,000");
    }

    #[test]
    fn amounts_without_a_currency_and_dates_with_the_weekday() {
        assert_eq!(grouped(50000.0), "50,000");
        assert_eq!(grouped(1234.5), "1,234.50");
        assert_eq!(grouped(0.0), "0");
        assert_eq!(money_or_amount(1000.0, Some("XYZ")), "1,000 XYZ");
        assert_eq!(money_or_amount(1234.5, Some("EUR")), "€1,234.50");
        assert_eq!(money_or_amount(999.0, None), "999");
        assert_eq!(weekday_date(jiff::civil::date(2026, 11, 27)), "Fri 27 Nov 2026");
    }

    #[test]
    fn compact_money_for_headers() {
        assert_eq!(money_compact(1_234_000.0, "USD"), "$1.2M");
        assert_eq!(money_compact(350_000.0, "EUR"), "€350K");
        assert_eq!(money_compact(9_999.0, "USD"), "$9,999");
        assert_eq!(money_compact(2_000_000.0, "USD"), "$2M");
    }

    #[test]
    fn grouping_and_days() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1240), "1,240");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        let a = jiff::civil::date(2026, 3, 1);
        assert_eq!(days_between(a, jiff::civil::date(2026, 3, 20)), 19);
        assert_eq!(days_between(jiff::civil::date(2026, 3, 20), a), -19);
        assert_eq!(days_between(jiff::civil::date(2025, 3, 20), jiff::civil::date(2026, 3, 20)), 365);
    }
}
