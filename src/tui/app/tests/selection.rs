//! The selection stays on its deal through a filter it passes, a filter clear, a sort, a search
//! and a refresh; while its page has not come back nothing is selected, so no key acts on a card
//! the rep did not see selected; a deal that left is replaced by the card nearest its place.

use crossterm::event::KeyCode;

use super::*;
use crate::tui::message::{Call, Event};
use crate::tui::test_support::*;

/// Value, smallest first: column 0 reads deal_3 (no value), deal_1 ($75,000), deal_2 (yen,
/// after the dollars).
fn sort_by_value_ascending(app: &mut App, fake: &mut Fake) {
    app.update(ch('s'));
    app.update(ch('k'));
    app.update(ch('k'));
    app.update(ch(' '));
    let cmds = app.update(key(KeyCode::Enter));
    settle(app, fake, cmds);
}

/// `f`, then a value of at least `min` (typed), applied.
fn filter_min_value(app: &mut App, fake: &mut Fake, min: &str) {
    app.update(ch('f'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(app, min);
    let cmds = app.update(key(KeyCode::Enter));
    assert!(app.view_query().filter.is_active());
    settle(app, fake, cmds);
}

#[test]
fn the_selected_deal_stays_selected_through_sort_filter_clear_and_refresh() {
    let (mut app, mut fake) = loaded(160, 45);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));

    sort_by_value_ascending(&mut app, &mut fake);
    assert_eq!(column_ids(&app, 0), ["deal_3", "deal_1", "deal_2"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"), "through a sort");

    // Value at least 10k: deal_1 passes.
    filter_min_value(&mut app, &mut fake, "10k");
    assert_eq!(column_ids(&app, 0), ["deal_1"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"), "through a filter it passes");

    let cmds = app.update(ch('F'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 0), ["deal_3", "deal_1", "deal_2"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"), "through a filter clear");

    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"), "through a refresh");
    assert_eq!(app.board().col, 0);
}

#[test]
fn f_then_l_moves_the_deal_that_was_selected_or_nothing_before_it_is_back() {
    let (mut app, mut fake) = loaded(160, 45);
    sort_by_value_ascending(&mut app, &mut fake);
    app.update(ch('G'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    // Every status: deal_2 passes.
    app.update(ch('f'));
    app.update(ch('a'));
    let cmds = app.update(key(KeyCode::Enter));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));

    // `F`, and only column 0's first page (deal_3, deal_1) is back: deal_2 is on the next one.
    let cmds = app.update(ch('F'));
    let (first, rest): (Vec<_>, Vec<_>) = cmds.into_iter().partition(
        |c| matches!(&c.call, Call::ListDeals { query } if query.stage_id.as_deref() == Some("stage_001")),
    );
    let next = app.update(Event::Api(fake.answer(&first[0])));
    assert_eq!(column_ids(&app, 0), ["deal_3", "deal_1"]);
    assert_eq!(selected_id(&app), None, "no card is selected the rep did not choose");
    assert!(app.update(ch('L')).is_empty(), "L acts on nothing");
    settle(&mut app, &mut fake, next);
    settle(&mut app, &mut fake, rest);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_2"));
    let cmds = app.update(ch('L'));
    assert!(
        cmds.iter().any(|c| matches!(&c.call, Call::MoveStage { deal_id, .. } if deal_id == "deal_2")),
        "{cmds:?}"
    );
}

#[test]
fn a_selected_deal_the_filter_drops_gives_way_to_the_card_nearest_its_place() {
    let (mut app, mut fake) = loaded(160, 45);
    // Proposal: deal_5 ($50,000.50), deal_6 ($24,000) selected; at least 30k keeps deal_5.
    app.update(ch('l'));
    app.update(ch('l'));
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_6"));
    filter_min_value(&mut app, &mut fake, "30k");
    assert_eq!(column_ids(&app, 2), ["deal_5"]);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"));
}

#[test]
fn a_search_hiding_the_selected_card_selects_the_nearest_match_not_the_top() {
    let (mut app, mut fake) = loaded(160, 45);
    // Column 2 (Proposal): Globex renewal, Initech upsell, then three more.
    for (id, title) in
        [("deal_9", "Globex expansion"), ("deal_10", "Umbrella pilot"), ("deal_11", "Globex third")]
    {
        let mut extra = fake.deals[4].clone();
        extra.id = id.into();
        extra.title = title.into();
        fake.deals.push(extra);
    }
    let cmds = app.update(ch('r'));
    settle(&mut app, &mut fake, cmds);
    assert_eq!(column_ids(&app, 2), ["deal_5", "deal_6", "deal_9", "deal_10", "deal_11"]);
    app.update(ch('l'));
    app.update(ch('l'));
    app.update(ch('G'));
    app.update(ch('k'));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_10"));
    // "globex" hides deal_10: the match nearest its place is deal_9 (or deal_11), not the top.
    app.update(ch('/'));
    type_text(&mut app, "globex");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_9"), "{:?}", app.board().columns[2].visible);
}
