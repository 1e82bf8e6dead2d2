//! Lenient parsing of what people type into the board's dialogs and on the command line: amounts
//! such as `$50,000` or `1.2m`, and close dates such as `+2w` or `fri`. Pure: "today" is passed
//! in, never read.
//!
//! The lenient part only turns text into a number or a date; whether the server would take that
//! number or date is decided by `model::validate`, the same functions the server runs, so a dialog
//! never accepts what the server would refuse. Errors are short, one line, fit for an inline
//! message under a field.

use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};

use crate::model::validate;

pub const VALUE_HINT: &str = "not an amount: try 50000, 50,000, $50,000, 50k or 1.2m";
pub const VALUE_EMPTY: &str = "enter an amount, e.g. 50000, $50,000 or 50k";
pub const VALUE_GROUPING: &str = "put commas every 3 digits, e.g. 1,250,000";
pub const VALUE_AMBIGUOUS: &str = "12.500 is ambiguous: write 12500 or 12.50";
pub const VALUE_TOO_LARGE: &str = "amount too large";
pub const DATE_HINT: &str = "not a date: try 2026-05-01, today, tomorrow, +14d, +2w, +3m or fri";
pub const DATE_EMPTY: &str = "enter a date, e.g. 2026-05-01, +14d or fri";
pub const DATE_TOO_FAR: &str = "date out of range";

/// Currency signs accepted before (or after) an amount. The deal's currency is its own field:
/// [`parse_value`] reads `€12,500` and `$12,500` both as 12500, and [`parse_value_in`] refuses a
/// sign that is not the deal's currency's.
const CURRENCY_SIGNS: [char; 4] = ['$', '€', '£', '¥'];

/// Largest amount taken: beyond 2^53 an f64 no longer holds every whole number, so the server
/// would store something other than what was typed.
const MAX_EXACT: u128 = 9_007_199_254_740_991;
/// Decimals taken after a `k`/`m` suffix (`1.234567m`); more say nothing an amount needs.
const MAX_DECIMALS: usize = 9;

/// Parses an amount: `50000`, `50,000`, `$50,000`, `50000.50`, `50k`, `1.2m`, `€12,500`, ...
///
/// Decisions worth knowing:
/// - commas group thousands only, strictly every three digits (`50,00,0` and the Indian `5,00,000`
///   are refused rather than guessed);
/// - `.` is the decimal point; without a `k`/`m` suffix at most two decimals are taken, so the
///   European `12.500` (twelve thousand five hundred) is refused instead of becoming 12.5;
/// - a leading `-` parses, and `validate::value` then refuses it with the server's own words.
pub fn parse_value(s: &str) -> Result<f64, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(VALUE_EMPTY.into());
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let s = strip_currency_sign(s);
    let (s, exp) = strip_suffix(s);
    let v = number(s.trim(), exp)?;
    // `-0` is zero, not the negative zero a float would keep.
    let v = if negative && v != 0.0 { -v } else { v };
    validate::value(v).map_err(|e| e.message)
}

/// [`parse_value`] for an amount in `currency`. A sign that names another currency (`$` on a
/// euro deal) is refused rather than dropped: the deal would silently get euros for dollars.
pub fn parse_value_in(s: &str, currency: &str) -> Result<f64, String> {
    if let Some(sign) = typed_sign(s) {
        let fits =
            iso_currency::Currency::from_code(currency).is_some_and(|c| c.symbol().symbol.contains(sign));
        if !fits {
            return Err(format!("this deal is in {currency}: {sign} is another currency's sign"));
        }
    }
    parse_value(s)
}

/// The currency sign typed before or after the amount, if any.
fn typed_sign(s: &str) -> Option<char> {
    let s = s.trim();
    let s = s.strip_prefix('-').map_or(s, str::trim_start);
    [s.chars().next(), s.chars().last()].into_iter().flatten().find(|c| CURRENCY_SIGNS.contains(c))
}

/// Removes one currency sign at the start or at the end, and the spaces next to it.
fn strip_currency_sign(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix(CURRENCY_SIGNS) {
        return rest.trim_start();
    }
    s.strip_suffix(CURRENCY_SIGNS).map_or(s, str::trim_end)
}

/// Removes a `k` (thousands) or `m` (millions) suffix; returns the power of ten it stands for.
fn strip_suffix(s: &str) -> (&str, u32) {
    match s.chars().last() {
        Some('k' | 'K') => (&s[..s.len() - 1], 3),
        Some('m' | 'M') => (&s[..s.len() - 1], 6),
        _ => (s, 0),
    }
}

/// `digits[.decimals]` with optional thousands commas, times 10^exp. Computed on integers so
/// `1.2m` is exactly 1200000, not 1199999.9999999998.
fn number(s: &str, exp: u32) -> Result<f64, String> {
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int_digits = integer_digits(int_part)?;
    let frac = frac.unwrap_or("");
    if frac.contains(['.', ',']) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(VALUE_HINT.into());
    }
    if s.ends_with('.') {
        return Err(VALUE_HINT.into());
    }
    if exp == 0 && frac.len() > 2 {
        return Err(VALUE_AMBIGUOUS.into());
    }
    // Keeps 10^(exp - decimals) within what `scale` computes exactly.
    if frac.len() > MAX_DECIMALS {
        return Err(VALUE_HINT.into());
    }
    let mantissa = format!("{int_digits}{frac}");
    scale(&mantissa, exp as i32 - frac.len() as i32)
}

/// The digits of the integer part, commas removed once checked to group by three.
fn integer_digits(s: &str) -> Result<String, String> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return Err(VALUE_HINT.into());
    }
    if !s.contains(',') {
        return Ok(s.to_string());
    }
    let mut groups = s.split(',');
    let first = groups.next().unwrap_or("");
    let first_ok = (1..=3).contains(&first.len());
    if !first_ok || groups.any(|g| g.len() != 3) {
        return Err(VALUE_GROUPING.into());
    }
    Ok(s.replace(',', ""))
}

/// `mantissa * 10^exp`, refusing amounts past [`MAX_EXACT`].
fn scale(mantissa: &str, exp: i32) -> Result<f64, String> {
    let too_large = || VALUE_TOO_LARGE.to_string();
    let digits = mantissa.trim_start_matches('0');
    if digits.len() > 30 {
        return Err(too_large());
    }
    let m: u128 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| too_large())? };
    if exp >= 0 {
        let v = m.checked_mul(10u128.pow(exp as u32)).filter(|v| *v <= MAX_EXACT).ok_or_else(too_large)?;
        return Ok(v as f64);
    }
    let divisor = 10u128.pow(exp.unsigned_abs());
    if m / divisor > MAX_EXACT || m > MAX_EXACT {
        return Err(too_large());
    }
    // One correctly rounded division: 5000050 / 100 is the f64 nearest 50000.50.
    Ok(m as f64 / divisor as f64)
}

/// Parses an expected close date: `YYYY-MM-DD`, `today`, `tomorrow`, `+14d`, `+2w`, `+3m`, `+1y`,
/// `next week`, `next month`, and weekdays (`fri`, `friday`, `next friday`: the first such day
/// after today). The result is checked with `validate::parse_date`, as the server would.
pub fn parse_close_date(s: &str, today: Date) -> Result<Date, String> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return Err(DATE_EMPTY.into());
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) && s.contains('-') {
        return validate::parse_date(&s).map_err(|e| e.message);
    }
    let date = shortcut(&s, today).ok_or_else(|| DATE_HINT.to_string())??;
    // Round-trip through the server's rule: years past 9999 or before 0001 do not print as
    // YYYY-MM-DD and would be refused there.
    validate::parse_date(&date.to_string()).map_err(|_| DATE_TOO_FAR.to_string())
}

/// `None` when `s` is no shortcut at all; `Some(Err)` when it is one but lands out of range.
fn shortcut(s: &str, today: Date) -> Option<Result<Date, String>> {
    let span = match s {
        "today" => Ok(Span::new()),
        "tomorrow" => Ok(1.day()),
        "next week" => Ok(1.week()),
        "next month" => Ok(1.month()),
        _ => match relative_span(s) {
            Some(span) => span,
            None => return weekday(s).map(|wd| today.nth_weekday(1, wd).map_err(|_| DATE_TOO_FAR.into())),
        },
    };
    Some(span.and_then(|sp| today.checked_add(sp).map_err(|_| DATE_TOO_FAR.into())))
}

/// `+14d`, `+2w`, `+3m`, `+1y` (the `+` may be left out). Months and years keep the day of the
/// month where it exists and clamp to the month's last day otherwise (Jan 31 + 1m = Feb 28).
fn relative_span(s: &str) -> Option<Result<Span, String>> {
    let s = s.strip_prefix('+').unwrap_or(s).trim();
    let unit = s.chars().last()?;
    let n = &s[..s.len() - unit.len_utf8()].trim_end();
    if n.is_empty() || n.len() > 6 || !n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = n.parse().ok()?;
    let span = match unit {
        'd' => Span::new().try_days(n),
        'w' => Span::new().try_weeks(n),
        'm' => Span::new().try_months(n),
        'y' => Span::new().try_years(n),
        _ => return None,
    };
    Some(span.map_err(|_| DATE_TOO_FAR.into()))
}

/// `fri`, `friday`, `next fri`, `next friday`: any prefix of a weekday's name of 3+ letters.
fn weekday(s: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    let name = s.strip_prefix("next ").map_or(s, str::trim_start);
    if name.len() < 3 {
        return None;
    }
    DAYS.iter().find(|(full, _)| full.starts_with(name)).map(|(_, wd)| *wd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn amounts_people_type_are_taken() {
        let cases: &[(&str, f64)] = &[
            ("50000", 50000.0),
            ("50,000", 50000.0),
            ("$50,000", 50000.0),
            ("50000.50", 50000.5),
            ("50000.5", 50000.5),
            ("50k", 50000.0),
            ("50K", 50000.0),
            ("1.2m", 1_200_000.0),
            ("1.5M", 1_500_000.0),
            ("€12,500", 12500.0),
            ("£3,000", 3000.0),
            ("¥3,000,000", 3_000_000.0),
            ("  $ 75,000  ", 75000.0),
            ("12,500€", 12500.0),
            ("0", 0.0),
            ("0.99", 0.99),
            ("1,234.56", 1234.56),
            ("$1.25k", 1250.0),
            ("2.345678m", 2_345_678.0),
            ("007", 7.0),
            ("1000000000000000", 1_000_000_000_000_000.0),
        ];
        for (input, want) in cases {
            assert_eq!(parse_value(input), Ok(*want), "{input:?}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_message() {
        let cases: &[(&str, &str)] = &[
            ("", VALUE_EMPTY),
            ("   ", VALUE_EMPTY),
            ("abc", VALUE_HINT),
            ("1.2.3", VALUE_HINT),
            ("5kk", VALUE_HINT),
            ("NaN", VALUE_HINT),
            ("inf", VALUE_HINT),
            ("infinity", VALUE_HINT),
            ("1e6", VALUE_HINT),
            ("50.", VALUE_HINT),
            (".5", VALUE_HINT),
            ("$", VALUE_HINT),
            ("k", VALUE_HINT),
            ("$$5", VALUE_HINT),
            ("5 000", VALUE_HINT),
            ("50 000", VALUE_HINT),
            ("0x10", VALUE_HINT),
            ("+5", VALUE_HINT),
            ("50,00,0", VALUE_GROUPING),
            ("5,00,000", VALUE_GROUPING),
            (",500", VALUE_GROUPING),
            ("1000,000", VALUE_GROUPING),
            ("50,000,", VALUE_GROUPING),
            ("12.500", VALUE_AMBIGUOUS),
            ("50000.505", VALUE_AMBIGUOUS),
            ("1.2,3", VALUE_HINT),
            ("9007199254740992", VALUE_TOO_LARGE),
            ("99999999999999999999999999999999999999999", VALUE_TOO_LARGE),
            ("999999999999m", VALUE_TOO_LARGE),
            ("0.0000000000000000000000000000000000000001m", VALUE_HINT),
        ];
        for (input, want) in cases {
            assert_eq!(parse_value(input), Err(want.to_string()), "{input:?}");
        }
    }

    #[test]
    fn negative_amounts_get_the_servers_own_words() {
        let server = validate::value(-5.0).unwrap_err().message;
        assert_eq!(parse_value("-5"), Err(server.clone()));
        assert_eq!(parse_value("-$5,000"), Err(server));
        assert_eq!(parse_value("-0"), Ok(0.0));
    }

    #[test]
    fn messages_fit_a_dialog_line() {
        for m in [VALUE_HINT, VALUE_EMPTY, VALUE_GROUPING, VALUE_AMBIGUOUS, DATE_HINT, DATE_EMPTY] {
            assert!(m.chars().count() <= 70, "{m}");
        }
    }

    // 2026-11-25 is a Wednesday.
    const TODAY: Date = date(2026, 11, 25);

    #[test]
    fn close_dates_people_type_are_taken() {
        let cases: &[(&str, Date)] = &[
            ("2026-05-01", date(2026, 5, 1)),
            (" 2027-02-28 ", date(2027, 2, 28)),
            ("today", TODAY),
            ("Today", TODAY),
            ("tomorrow", date(2026, 11, 26)),
            ("+14d", date(2026, 12, 9)),
            ("14d", date(2026, 12, 9)),
            ("+0d", TODAY),
            ("+2w", date(2026, 12, 9)),
            ("+3m", date(2027, 2, 25)),
            ("+1y", date(2027, 11, 25)),
            ("next week", date(2026, 12, 2)),
            ("next month", date(2026, 12, 25)),
            ("fri", date(2026, 11, 27)),
            ("Friday", date(2026, 11, 27)),
            ("next friday", date(2026, 11, 27)),
            ("next fri", date(2026, 11, 27)),
            ("thurs", date(2026, 11, 26)),
            ("mon", date(2026, 11, 30)),
            // Today is a Wednesday: "wed" means the one a week ahead, never today.
            ("wed", date(2026, 12, 2)),
            ("next wednesday", date(2026, 12, 2)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_close_date(input, TODAY), Ok(*want), "{input:?}");
        }
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        assert_eq!(parse_close_date("+1m", date(2027, 1, 31)), Ok(date(2027, 2, 28)));
        assert_eq!(parse_close_date("+1m", date(2028, 1, 31)), Ok(date(2028, 2, 29)));
    }

    #[test]
    fn other_dates_are_refused_with_a_message() {
        let server = validate::parse_date("2026-02-30").unwrap_err().message;
        let cases: &[(&str, &str)] = &[
            ("", DATE_EMPTY),
            ("  ", DATE_EMPTY),
            ("2026-02-30", &server),
            ("2026-5-1", &server),
            ("2026-05-01T10:00:00Z", &server),
            ("yesterday", DATE_HINT),
            ("-3d", DATE_HINT),
            ("+3x", DATE_HINT),
            ("+d", DATE_HINT),
            ("+1.5w", DATE_HINT),
            ("fr", DATE_HINT),
            ("next", DATE_HINT),
            ("next fridays", DATE_HINT),
            ("05/01/2026", DATE_HINT),
            ("+999999y", DATE_TOO_FAR),
            ("+999999w", DATE_TOO_FAR),
            ("+1234567d", DATE_HINT),
        ];
        for (input, want) in cases {
            assert_eq!(parse_close_date(input, TODAY), Err(want.to_string()), "{input:?}");
        }
    }

    #[test]
    fn shortcuts_near_the_end_of_time_are_refused_not_panicking() {
        let end = date(9999, 12, 30);
        assert_eq!(parse_close_date("tomorrow", end), Ok(date(9999, 12, 31)));
        assert_eq!(parse_close_date("+2d", end), Err(DATE_TOO_FAR.into()));
        assert!(parse_close_date("next month", end).is_err());
        assert!(parse_close_date("fri", date(9999, 12, 31)).is_err());
    }

    #[test]
    fn a_sign_of_another_currency_is_refused_for_a_deal_in_one() {
        assert_eq!(parse_value_in("$50,000", "USD"), Ok(50000.0));
        assert_eq!(parse_value_in("€12,500", "EUR"), Ok(12500.0));
        assert_eq!(parse_value_in("CA$ 7", "CAD").ok(), None, "only the bare signs are read");
        assert_eq!(parse_value_in("$7", "CAD"), Ok(7.0), "the Canadian dollar is a $ too");
        assert_eq!(parse_value_in("¥3,000,000", "JPY"), Ok(3_000_000.0));
        assert_eq!(parse_value_in("50k", "EUR"), Ok(50000.0), "no sign, no question");
        let e = parse_value_in("$50,000", "EUR").unwrap_err();
        assert!(e.contains("EUR") && e.contains('$'), "{e}");
        assert!(parse_value_in("50,000€", "USD").is_err());
    }
}
