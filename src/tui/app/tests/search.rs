//! `/`: the board narrows as you type; Enter keeps it and selects the best match; Esc clears.

use crossterm::event::KeyCode;

use super::*;
use crate::model::Deal;
use crate::tui::app::search::Field;
use crate::tui::message::Event;
use crate::tui::test_support::*;

fn shown(app: &App, c: usize) -> Vec<String> {
    let col = &app.board().columns[c];
    (0..col.shown_len()).map(|p| col.deals[col.shown_at(p).unwrap()].id.clone()).collect()
}

#[test]
fn typing_narrows_every_column_and_enter_selects_the_best_match() {
    let (mut app, mut fake) = loaded(160, 45);
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "globex");
    assert!(shown(&app, 0).is_empty());
    assert_eq!(shown(&app, 2), ["deal_5"]);
    assert_eq!(app.search().unwrap().matches, 1);
    // Board keys are typed into the search, not acted on.
    assert_eq!(app.board().col, 0);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.board().col, 2);
    assert_eq!(selected_id(&app).as_deref(), Some("deal_5"));
    // Kept: keys act on the board again, within the narrowing.
    app.update(ch('h'));
    assert_eq!(app.board().col, 1);
    assert_eq!(app.board().selected_deal(), None, "nothing matches here");
    app.update(key(KeyCode::Esc));
    assert!(app.search().is_none());
    assert_eq!(shown(&app, 0), ["deal_1", "deal_2", "deal_3"]);
}

#[test]
fn owner_names_tags_and_contact_names_match_too_ranked_best_first() {
    let mut fake = Fake::default();
    fake.deals[4].contact_id = Some("con_2".into());
    fake.deals[5].tags = vec!["mulder-referral".into()];
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "alice");
    assert_eq!(shown(&app, 0), ["deal_1"]);
    assert_eq!(shown(&app, 1), ["deal_4"]);
    app.update(key(KeyCode::Esc));
    app.update(ch('/'));
    type_text(&mut app, "mulder");
    // The contact's name and the tag both match; the tag, a contiguous match, ranks first.
    let hits = shown(&app, 2);
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits.contains(&"deal_5".to_string()) && hits.contains(&"deal_6".to_string()));
    app.update(key(KeyCode::Enter));
    assert_eq!(selected_id(&app).as_deref(), Some(hits[0].as_str()));
}

#[test]
fn j_and_k_move_through_the_matches_only() {
    let (mut app, _) = loaded(160, 45);
    app.update(ch('/'));
    type_text(&mut app, "e");
    app.update(key(KeyCode::Enter));
    // "Evil … title" and "Enterprise License - Acme Corp … Alice Martin" match; the Japanese
    // deal between them does not.
    let visible = shown(&app, 0);
    assert_eq!(visible.len(), 2, "{visible:?}");
    assert!(visible.contains(&"deal_1".to_string()) && visible.contains(&"deal_3".to_string()));
    app.update(ch('g'));
    assert_eq!(selected_id(&app), Some(visible[0].clone()));
    app.update(ch('j'));
    assert_eq!(selected_id(&app), Some(visible[1].clone()));
    app.update(ch('j'));
    assert_eq!(selected_id(&app), Some(visible[1].clone()), "no hidden card below");
    app.update(ch('k'));
    assert_eq!(selected_id(&app), Some(visible[0].clone()));
}

#[test]
fn a_change_under_a_search_keeps_the_narrowing_and_an_empty_query_is_no_search() {
    let (mut app, mut fake) = loaded(160, 45);
    app.update(ch('/'));
    type_text(&mut app, "acme");
    app.update(key(KeyCode::Enter));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    let cmd = only(app.update(ch('L')));
    settle(&mut app, &mut fake, vec![cmd]);
    assert_eq!(shown(&app, 1), ["deal_1"], "the moved card is still the match");
    assert_eq!(selected_id(&app).as_deref(), Some("deal_1"));
    app.update(ch('/'));
    for _ in 0..4 {
        app.update(key(KeyCode::Backspace));
    }
    app.update(key(KeyCode::Enter));
    assert!(app.search().is_none());
}

/// A board loaded from `fake` with `extra` deals added after the fixture's.
fn loaded_with(mut fake: Fake, extra: Vec<Deal>) -> (App, Fake) {
    fake.deals.extend(extra);
    let mut app = App::new(settings(), now());
    app.update(Event::Resize { width: 160, height: 45 });
    let cmds = app.start();
    settle(&mut app, &mut fake, cmds);
    (app, fake)
}

fn open_deal(id: &str, title: &str, stage: &str, tags: &[&str]) -> Deal {
    let mut d = deal(id, title, stage, Some(1000.0), "EUR", 10, Some("usr_1"), None, "2026-03-01T10:00:00Z");
    d.tags = tags.iter().map(|t| (*t).into()).collect();
    d
}

#[test]
fn a_match_must_sit_within_one_field_not_scattered_over_title_tags_and_names() {
    let (mut app, _fake) = loaded_with(
        Fake::default(),
        vec![
            // k in "Tekstil", e-s-t in "essentials", r in "tier-2", e-l in "reseller": letters of
            // "kestrel" in order, but over three fields.
            open_deal(
                "deal_bt",
                "Premium Plan upgrade – Boğaziçi Tekstil A.Ş.",
                "stage_001",
                &["essentials", "tier-2", "reseller"],
            ),
            open_deal("deal_ka", "Kestrel Aviation – fleet telematics renewal", "stage_003", &[]),
        ],
    );
    app.update(ch('/'));
    type_text(&mut app, "kestrel");
    assert_eq!(shown(&app, 0), Vec::<String>::new(), "no scattered match");
    assert_eq!(shown(&app, 2), ["deal_ka"]);
    assert_eq!(app.search().unwrap().matches, 1);
    // A tag still matches on its own.
    app.update(key(KeyCode::Esc));
    app.update(ch('/'));
    type_text(&mut app, "reseller");
    assert_eq!(shown(&app, 0), ["deal_bt"]);
}

#[test]
fn the_best_field_ranks_a_title_starting_with_the_match_over_one_ending_with_it() {
    let (mut app, _fake) = loaded_with(
        Fake::default(),
        vec![
            open_deal("deal_hl", "Lizenzerweiterung 2026 – Helios Solar", "stage_001", &["upsell"]),
            open_deal("deal_hg", "Helios Solar GmbH: Wartungsvertrag Q3", "stage_001", &["service"]),
            open_deal("deal_hx", "Dachanlage Freiburg", "stage_001", &["solarpark"]),
            open_deal("deal_hs", "Solarpark Nord – Netzanschluss", "stage_001", &[]),
        ],
    );
    app.update(ch('/'));
    type_text(&mut app, "helios");
    assert_eq!(shown(&app, 0), ["deal_hg", "deal_hl"]);
    app.update(key(KeyCode::Enter));
    assert_eq!(selected_id(&app).as_deref(), Some("deal_hg"));
    // A title outranks a tag matching as well, though the tag's card comes first on the board.
    app.update(key(KeyCode::Esc));
    app.update(ch('/'));
    type_text(&mut app, "solarpark");
    assert_eq!(shown(&app, 0), ["deal_hs", "deal_hx"]);
}

#[test]
fn accents_are_ignored_and_scattered_letters_give_way_to_a_word_and_each_match_says_its_field() {
    let mut fake = Fake::default();
    fake.deals[1].contact_id = Some("con_2".into());
    let (mut app, mut fake) = loaded_with(
        fake,
        vec![
            open_deal("deal_st", "Renewal – Sofía Ramírez's team", "stage_001", &[]),
            open_deal("deal_sg", "Onboarding", "stage_003", &["SOFIA-referral"]),
            // s-o in "Solar", f in "farm", i in "fiber", a in "install": scattered letters.
            open_deal("deal_sc", "Solar farm fiber install", "stage_003", &[]),
        ],
    );
    let cmds = app.update(ch('/'));
    settle(&mut app, &mut fake, cmds);
    type_text(&mut app, "sofia");
    assert_eq!(shown(&app, 0), ["deal_st"]);
    assert_eq!(shown(&app, 2), ["deal_sg"], "the scattered match is dropped");
    assert_eq!(app.search().unwrap().matches, 2);
    let s = app.search().unwrap();
    assert_eq!(s.hit("deal_st").map(|h| h.field), Some(Field::Title));
    let tag = s.hit("deal_sg").unwrap();
    assert_eq!((tag.field, tag.text.as_str()), (Field::Tag, "SOFIA-referral"));
    assert!(s.hit("deal_sc").is_none());
    // Nothing contiguous: the scattered letters are all there is, so they show.
    app.update(key(KeyCode::Esc));
    app.update(ch('/'));
    type_text(&mut app, "sfrm");
    assert!(shown(&app, 2).contains(&"deal_sc".to_string()), "{:?}", shown(&app, 2));
    // A contact's name: the card's field is the contact.
    app.update(key(KeyCode::Esc));
    app.update(ch('/'));
    type_text(&mut app, "mulder");
    let hit = app.search().unwrap().hit("deal_2").unwrap();
    assert_eq!((hit.field, hit.text.as_str()), (Field::Contact, "Fox Mulder"));
}

#[test]
fn a_whole_word_ranks_over_a_word_start_over_a_word_inside() {
    let (mut app, _fake) = loaded_with(
        Fake::default(),
        vec![
            open_deal("deal_in", "Microsolar kit", "stage_001", &[]),
            open_deal("deal_ws", "Solarpanels for Nord", "stage_001", &[]),
            open_deal("deal_ww", "Nord – solar roof", "stage_001", &[]),
        ],
    );
    app.update(ch('/'));
    type_text(&mut app, "solar");
    assert_eq!(shown(&app, 0), ["deal_ww", "deal_ws", "deal_in"]);
}
