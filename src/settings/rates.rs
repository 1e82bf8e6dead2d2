//! `[rates]` in `config.toml`: what one unit of a currency is worth in the board's main currency
//! (`EUR = 1.08`, `JPY = 0.0067`), so value sort, the value filter and column totals can compare
//! deals in different currencies. Without it they never add or compare two currencies.

use std::collections::BTreeMap;

/// The rates, by ISO 4217 code (upper case). Empty: no conversion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates(BTreeMap<String, f64>);

impl Rates {
    /// Rates from `(code, rate)` pairs; refuses a code that is not three letters and a rate that
    /// is not a positive number.
    pub fn new(entries: impl IntoIterator<Item = (String, f64)>) -> Result<Rates, String> {
        let mut out = BTreeMap::new();
        for (code, rate) in entries {
            let upper = code.to_ascii_uppercase();
            if upper.len() != 3 || !upper.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!("[rates]: \"{code}\" is not a currency code (three letters, e.g. EUR)"));
            }
            if !(rate.is_finite() && rate > 0.0) {
                return Err(format!("[rates]: {upper} = {rate} is not a positive number"));
            }
            out.insert(upper, rate);
        }
        Ok(Rates(out))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What one unit of `code` is worth in `main`: 1 for `main` itself; `None` when no rate
    /// says. A table that also prices `main` is read relative to it.
    pub fn factor(&self, code: &str, main: &str) -> Option<f64> {
        if code == main {
            return Some(1.0);
        }
        let rate = *self.0.get(code)?;
        Some(rate / self.0.get(main).copied().unwrap_or(1.0))
    }

    /// `value` of `code` in `main`, when a rate says.
    pub fn to_main(&self, value: f64, code: &str, main: &str) -> Option<f64> {
        self.factor(code, main).map(|f| value * f)
    }

    /// The smallest and largest factor into `main` over every currency priced (and `main`).
    pub fn factor_range(&self, main: &str) -> (f64, f64) {
        let all = self.0.keys().filter_map(|c| self.factor(c, main)).chain([1.0]);
        all.fold((f64::INFINITY, 0.0_f64), |(lo, hi), f| (lo.min(f), hi.max(f)))
    }
}

impl<'de> serde::Deserialize<'de> for Rates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let table = BTreeMap::<String, f64>::deserialize(d)?;
        Rates::new(table).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_convert_into_the_main_currency_and_refuse_nonsense() {
        let r = Rates::new([("EUR".into(), 1.08), ("jpy".into(), 0.0067)]).unwrap();
        assert_eq!(r.to_main(100.0, "EUR", "USD"), Some(108.0));
        assert_eq!(r.to_main(5.0, "USD", "USD"), Some(5.0));
        assert_eq!(r.to_main(1000.0, "JPY", "USD").map(|v| (v * 100.0).round()), Some(670.0));
        assert_eq!(r.to_main(1.0, "GBP", "USD"), None, "no rate, no guess");
        assert_eq!(r.factor_range("USD"), (0.0067, 1.08));
        assert!(Rates::new([("EURO".into(), 1.0)]).is_err());
        assert!(Rates::new([("EUR".into(), 0.0)]).is_err());
        assert!(Rates::new([("EUR".into(), f64::NAN)]).is_err());
    }
}
