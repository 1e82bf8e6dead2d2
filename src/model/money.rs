use serde::Serializer;

/// Serializes a money amount the way the vendor document prints it: `75000`, not `75000.0`.
/// Whole amounts that fit an exact integer go out as integers; anything else as a float.
pub fn serialize_money<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        None => s.serialize_none(),
        Some(v) if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 => s.serialize_i64(*v as i64),
        Some(v) => s.serialize_f64(*v),
    }
}

/// Like [`serialize_money`] for a value that is always present.
pub fn serialize_total<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    serialize_money(&Some(*value), s)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct M {
        #[serde(serialize_with = "super::serialize_money")]
        v: Option<f64>,
    }

    #[test]
    fn whole_amounts_print_as_integers() {
        let j = |v| serde_json::to_string(&M { v }).unwrap();
        assert_eq!(j(Some(75000.0)), r#"{"v":75000}"#);
        assert_eq!(j(Some(50000.5)), r#"{"v":50000.5}"#);
        assert_eq!(j(None), r#"{"v":null}"#);
        assert_eq!(j(Some(1e300)), r#"{"v":1e+300}"#);
    }
}
