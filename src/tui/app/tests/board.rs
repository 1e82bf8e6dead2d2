//! The board's bookkeeping: running sums per currency, cards put, taken and replaced.

use crate::settings::Rates;
use crate::tui::app::board::*;
use crate::tui::test_support::{deals, pipelines};

/// The running sums always equal a fresh walk over the column.
fn check(board: &Board) {
    for col in &board.columns {
        let mut fresh = col.clone();
        fresh.set_deals(col.deals.clone());
        let mut codes: Vec<&String> = fresh.sums.0.iter().map(|(c, _, _)| c).collect();
        codes.extend(col.sums.0.iter().map(|(c, _, _)| c));
        for code in codes {
            let (a, b) = (fresh.sums.of(code), col.sums.of(code));
            assert!((a.value - b.value).abs() < 1e-6, "{} {code}", col.stage.name);
            assert!((a.weighted - b.weighted).abs() < 1e-6, "{} {code}", col.stage.name);
        }
        assert_eq!(fresh.sums.0.len(), col.sums.0.len(), "{}: currencies", col.stage.name);
        assert_eq!(fresh.rotting(), col.rotting(), "{}: rotting", col.stage.name);
    }
}

#[test]
fn a_column_mixing_currencies_totals_one_and_names_the_others() {
    let stage = pipelines()[0].stages[0].clone();
    let mut col = Column::new(stage);
    let deal = |id: &str, value: f64, currency: &str| {
        let mut d = deals()[0].clone();
        d.id = id.into();
        d.value = Some(value);
        d.currency = Some(currency.into());
        d.probability = Some(50);
        d
    };
    col.push_deals(vec![deal("a", 1000.0, "USD"), deal("b", 2000.0, "USD")]);
    assert_eq!(col.totals_in("USD").other_currencies, Vec::<String>::new());
    col.push_deals(vec![deal("c", 157_000_000.0, "KRW")]);
    let t = col.totals_in("USD");
    assert_eq!((t.value, t.weighted), (3000.0, 1500.0), "won are not dollars");
    assert_eq!(t.other_currencies, vec!["KRW".to_string()]);
    col.set_deals(col.deals[..2].to_vec());
    assert!(col.totals_in("USD").other_currencies.is_empty());
    col.set_deals(vec![deal("d", 500.0, "EUR")]);
    let t = col.totals_in("USD");
    assert_eq!((t.currency.as_str(), t.value), ("EUR", 500.0), "a column of euros is totalled in euros");
    // The others are named most used first, then by code, whatever order they came in.
    let (usd, eur, eur2, jpy) =
        (deal("u", 1.0, "USD"), deal("e", 1.0, "EUR"), deal("e2", 1.0, "EUR"), deal("j", 1.0, "JPY"));
    col.set_deals(vec![usd.clone(), jpy.clone(), eur.clone(), eur2.clone()]);
    assert_eq!(col.totals_in("USD").other_currencies, ["EUR", "JPY"]);
    col.set_deals(vec![usd, eur, jpy, deal("g", 1.0, "GBP")]);
    assert_eq!(col.totals_in("USD").other_currencies, ["EUR", "GBP", "JPY"]);
}

#[test]
fn with_rates_a_column_totals_every_currency_it_can_convert() {
    let mut col = Column::new(pipelines()[0].stages[0].clone());
    let deal = |id: &str, value: f64, currency: &str| {
        let mut d = deals()[0].clone();
        d.id = id.into();
        d.value = Some(value);
        d.currency = Some(currency.into());
        d.probability = Some(50);
        d
    };
    col.push_deals(vec![deal("u", 1000.0, "USD"), deal("e", 1000.0, "EUR"), deal("j", 100_000.0, "JPY")]);
    col.push_deals(vec![deal("g", 10.0, "GBP")]);
    let rates = Rates::new([("EUR".into(), 1.08), ("JPY".into(), 0.0067)]).unwrap();
    let t = col.totals_at("USD", &rates);
    assert_eq!(t.currency, "USD");
    assert!((t.value - 2750.0).abs() < 1e-6, "{}", t.value);
    assert!((t.weighted - 1375.0).abs() < 1e-6, "{}", t.weighted);
    assert_eq!(t.other_currencies, ["GBP"], "no rate: named apart, never guessed");
    // Without rates: as before, the main currency alone.
    let t = col.totals_at("USD", &Rates::default());
    assert_eq!((t.value, t.other_currencies.len()), (1000.0, 3));
}

#[test]
fn sums_follow_every_change() {
    let mut board = Board { pipelines: pipelines(), ..Board::default() };
    board.show_pipeline(0);
    // Deals not updated since the 15th are rotting, counted as they come and go.
    let cutoff: jiff::Timestamp = "2026-03-15T00:00:00Z".parse().unwrap();
    for col in &mut board.columns {
        col.set_rot_before(Some(cutoff));
    }
    for d in deals().into_iter().filter(|d| d.pipeline_id == "pipe_001") {
        let c = board.column_of_stage(&d.stage_id).unwrap();
        board.columns[c].push_deals(vec![d]);
    }
    let rotting = |b: &Board| b.columns.iter().map(|c| c.rotting()).sum::<usize>();
    assert!(rotting(&board) > 0, "the fixture has rotting deals");
    check(&board);
    let (_, _, mut d) = board.take("deal_1").unwrap();
    check(&board);
    d.stage_id = "stage_003".into();
    board.put(d.clone(), 1);
    check(&board);
    d.value = Some(1.5);
    assert!(board.replace_in_place(d.clone()));
    check(&board);
    // A rotting deal updated now is no longer rotting.
    let (c, i) = board
        .columns
        .iter()
        .enumerate()
        .find_map(|(c, col)| {
            col.deals
                .iter()
                .position(|d| d.updated_at < cutoff && d.status == crate::model::DealStatus::Open)
                .map(|i| (c, i))
        })
        .unwrap();
    let before = rotting(&board);
    let mut fresh = board.columns[c].deals[i].clone();
    fresh.updated_at = cutoff;
    assert!(board.replace_in_place(fresh));
    assert_eq!(rotting(&board), before - 1);
    check(&board);
    // Loaded and complete: weighted is exactly value x each deal's probability.
    let lead = &board.columns[0];
    let want: f64 = lead.deals.iter().map(|d| d.value.unwrap_or(0.0) * 0.10).sum();
    assert!((lead.weighted_value() - want).abs() < 1e-6);
}
