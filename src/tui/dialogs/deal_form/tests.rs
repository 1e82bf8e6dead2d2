//! Deal form tests: keys in, `Outcome` out, and snapshots of the drawn form.

use crossterm::event::KeyCode::{self, *};
use crossterm::event::KeyEvent;
use jiff::civil::{Date, date};
use serde_json::json;

use super::*;
use crate::human::parse::{DATE_HINT, VALUE_HINT};
use crate::model::{DealPatch, DealStatus, Field, NewDeal, Stage, validate};
use crate::tui::dialogs::test_util::{ctrl, key, render_snapshot, shift_tab, typing};
use crate::tui::dialogs::{FormTheme, Intent};
use crate::tui::strings as s;

// 2026-11-25 is a Wednesday.
const TODAY: Date = date(2026, 11, 25);

fn stage(id: &str, name: &str, position: i64, probability: u8) -> Stage {
    Stage { id: id.into(), name: name.into(), position, probability }
}

fn pipelines() -> Vec<Pipeline> {
    vec![
        Pipeline {
            id: "pipe_sales".into(),
            name: "Sales".into(),
            stages: vec![
                stage("stage_lead", "Lead", 1, 10),
                stage("stage_qual", "Qualified", 2, 30),
                stage("stage_prop", "Proposal", 3, 60),
            ],
            is_default: true,
        },
        Pipeline {
            id: "pipe_renew".into(),
            name: "Renewals".into(),
            stages: vec![stage("stage_due", "Due", 1, 50), stage("stage_nego", "Negotiating", 2, 80)],
            is_default: false,
        },
    ]
}

fn users() -> Vec<User> {
    let u = |id: &str, name: &str, email: &str| User {
        id: id.into(),
        name: name.into(),
        email: Some(email.into()),
    };
    vec![
        u("usr_001", "Ana Silva", "ana@example.com"),
        u("usr_002", "Bob Stone", "bob@example.com"),
        u("usr_003", "Chen Wei", "chen@example.com"),
    ]
}

fn contacts() -> Vec<Contact> {
    let c = |id: &str, name: &str, company: &str| Contact {
        id: id.into(),
        name: name.into(),
        email: None,
        company: Some(company.into()),
    };
    vec![
        c("con_001", "Dana Scully", "FBI"),
        c("con_002", "Fox Mulder", "FBI"),
        c("con_003", "Walter Skinner", "DoJ"),
    ]
}

fn deal() -> Deal {
    let ts: jiff::Timestamp = "2026-11-01T10:00:00Z".parse().unwrap();
    Deal {
        id: "deal_001".into(),
        title: "Acme renewal".into(),
        pipeline_id: "pipe_sales".into(),
        stage_id: "stage_qual".into(),
        stage_name: Some("Qualified".into()),
        value: Some(75000.0),
        currency: Some("USD".into()),
        probability: Some(30),
        owner_id: Some("usr_001".into()),
        contact_id: Some("con_001".into()),
        expected_close_date: Some(date(2026, 12, 15)),
        status: DealStatus::Open,
        custom_fields: json!({"seats": 40, "region": "EMEA", "priority": true}).as_object().unwrap().clone(),
        tags: vec!["renewal".into(), "q4".into()],
        won_reason: None,
        lost_reason: None,
        competitor: None,
        closed_at: None,
        created_at: ts,
        updated_at: ts,
    }
}

struct Fixture {
    pipelines: Vec<Pipeline>,
    users: Vec<User>,
    contacts: Vec<Contact>,
}

impl Fixture {
    fn new() -> Self {
        Fixture { pipelines: pipelines(), users: users(), contacts: contacts() }
    }

    fn ctx(&self, lists: bool) -> DealFormContext<'_> {
        DealFormContext {
            pipelines: &self.pipelines,
            users: lists.then_some(self.users.as_slice()),
            contacts: lists.then_some(self.contacts.as_slice()),
            today: TODAY,
            currency: "USD",
        }
    }

    fn new_form(&self) -> DealForm {
        DealForm::new_deal(&self.ctx(true), "pipe_sales", "stage_qual")
    }

    fn edit_form(&self) -> DealForm {
        DealForm::edit(&self.ctx(true), &deal())
    }
}

fn press(f: &mut DealForm, keys: impl IntoIterator<Item = KeyEvent>) -> Outcome {
    keys.into_iter().map(|k| f.handle_key(k)).last().unwrap_or(Outcome::Stay)
}

fn keys(codes: &[KeyCode]) -> Vec<KeyEvent> {
    codes.iter().map(|c| key(*c)).collect()
}

/// Replaces the focused field's text.
fn retype(f: &mut DealForm, text: &str) {
    press(f, [ctrl('u')]);
    press(f, typing(text));
}

fn focus(f: &mut DealForm, slot: Slot) {
    f.focus = slot;
}

fn update(f: &mut DealForm) -> DealPatch {
    match press(f, [key(Enter)]) {
        Outcome::Submit(Intent::Update { deal_id, patch }) => {
            assert_eq!(deal_id, "deal_001");
            patch
        }
        other => panic!("expected an update, got {other:?}"),
    }
}

// ---- new deal ----

#[test]
fn a_dollar_sign_on_a_euro_deal_is_refused_not_dropped() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, typing("Globex expansion"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("$1.2m"));
    press(&mut f, keys(&[Tab, Backspace, Backspace, Backspace]));
    press(&mut f, typing("EUR"));
    let e = f.parsed_value().unwrap_err();
    assert!(e.contains("EUR"), "{e}");
}

#[test]
fn a_new_deal_is_exactly_what_was_typed() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, typing("Globex expansion"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("€1.2m"));
    press(&mut f, keys(&[Tab, Backspace, Backspace, Backspace]));
    press(&mut f, typing("eur"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("next fri"));
    press(&mut f, [key(Tab), ctrl('u')]);
    press(&mut f, typing("45"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("bob"));
    press(&mut f, keys(&[Enter, Tab]));
    press(&mut f, typing("mulder"));
    press(&mut f, keys(&[Enter, Tab]));
    press(&mut f, typing("expansion, ,  q1 ,"));
    let want = NewDeal {
        title: "Globex expansion".into(),
        pipeline_id: "pipe_sales".into(),
        stage_id: Some("stage_qual".into()),
        value: Some(1_200_000.0),
        currency: Some("EUR".into()),
        contact_id: Some("con_002".into()),
        owner_id: Some("usr_002".into()),
        expected_close_date: Some(date(2026, 11, 27)),
        probability: Some(45),
        custom_fields: None,
        tags: Some(vec!["expansion".into(), "q1".into()]),
    };
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Create(want)));
}

#[test]
fn a_new_deal_takes_the_workspace_currency_and_the_stage_probability() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, typing("Minimal"));
    let want = NewDeal {
        title: "Minimal".into(),
        pipeline_id: "pipe_sales".into(),
        stage_id: Some("stage_qual".into()),
        currency: Some("USD".into()),
        probability: Some(30),
        ..Default::default()
    };
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Create(want)));
}

#[test]
fn without_users_and_contacts_ids_are_typed() {
    let fx = Fixture::new();
    let mut f = DealForm::new_deal(&fx.ctx(false), "pipe_sales", "stage_lead");
    press(&mut f, typing("Typed ids"));
    focus(&mut f, Slot::Owner);
    press(&mut f, typing("usr_042"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("con_007"));
    let Outcome::Submit(Intent::Create(nd)) = press(&mut f, [key(Enter)]) else { panic!("no create") };
    assert_eq!((nd.owner_id.as_deref(), nd.contact_id.as_deref()), (Some("usr_042"), Some("con_007")));
    assert_eq!(nd.probability, Some(10));
    // The users list arriving later keeps the typed owner as the choice.
    f.set_users(&fx.users);
    assert_eq!(f.owner.value("owner_id"), Ok(Some("usr_042".into())));
}

#[test]
fn an_empty_title_is_refused_on_enter_and_the_focus_goes_there() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, keys(&[Tab, Tab]));
    assert_eq!(f.shown_error(Slot::Title), None, "no error before anything was typed");
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay);
    assert_eq!(f.focus, Slot::Title);
    assert_eq!(f.shown_error(Slot::Title).as_deref(), Some("title must not be empty"));
}

fn server<T: std::fmt::Debug>(r: Result<T, validate::FieldError>) -> String {
    r.unwrap_err().message
}

#[test]
fn each_field_shows_the_servers_rule_as_typed() {
    let too_many_tags = (0..21).map(|i| format!("t{i}")).collect::<Vec<_>>();
    let cases: Vec<(Slot, String, String)> = vec![
        (Slot::Value, "abc".into(), VALUE_HINT.into()),
        (Slot::Value, "-5".into(), server(validate::value(-5.0))),
        (Slot::Currency, "xyz".into(), server(validate::currency("XYZ"))),
        (Slot::Currency, "US".into(), server(validate::currency("US"))),
        (Slot::CloseDate, "someday".into(), DATE_HINT.into()),
        (Slot::CloseDate, "2026-02-30".into(), server(validate::parse_date("2026-02-30"))),
        (Slot::Probability, "101".into(), server(validate::probability(101))),
        (Slot::Probability, "5.5".into(), server(validate::probability(-1))),
        (Slot::Tags, too_many_tags.join(","), server(validate::tags(too_many_tags.clone()))),
        (Slot::Tags, "x".repeat(51), server(validate::tags(vec!["x".repeat(51)]))),
        (Slot::Title, "x".repeat(256), server(validate::title(&"x".repeat(256)))),
    ];
    let fx = Fixture::new();
    for (slot, text, want) in cases {
        let mut f = fx.new_form();
        focus(&mut f, slot);
        retype(&mut f, &text);
        assert_eq!(f.shown_error(slot), Some(want), "{slot:?} {text:?}");
        // Fixing it (or emptying an optional field) clears the message.
        retype(
            &mut f,
            if slot == Slot::Currency {
                "GBP"
            } else if slot == Slot::Title {
                "T"
            } else {
                ""
            },
        );
        assert_eq!(f.shown_error(slot), None, "{slot:?} after fixing");
    }
}

#[test]
fn currency_letters_are_typed_upper_case() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    focus(&mut f, Slot::Currency);
    retype(&mut f, "gbp");
    assert_eq!(f.currency.value(), "GBP");
    assert_eq!(f.shown_error(Slot::Currency), None);
}

#[test]
fn tab_shift_tab_and_arrows_visit_the_fields_in_order() {
    use Slot::*;
    let fx = Fixture::new();
    let mut f = fx.new_form();
    let order = [Title, Value, Currency, CloseDate, Probability, Owner, Contact, Tags, Title];
    for want in &order[1..] {
        press(&mut f, [key(Tab)]);
        assert_eq!(f.focus, *want);
    }
    press(&mut f, [shift_tab()]);
    assert_eq!(f.focus, Tags);
    press(&mut f, [key(Up), key(Up)]);
    assert_eq!(f.focus, Owner);
    press(&mut f, [key(Down)]);
    assert_eq!(f.focus, Contact);
    let mut e = fx.edit_form();
    let order = [Title, Pipeline, Stage, Value, Currency, CloseDate, Probability, Owner, Contact, Tags];
    for want in &order[1..] {
        press(&mut e, [key(Tab)]);
        assert_eq!(e.focus, *want);
    }
    press(&mut e, keys(&[Tab, Tab, Tab, Tab, Tab]));
    assert_eq!(e.focus, Title, "3 custom fields and the add row, then round again");
}

#[test]
fn esc_cancels_but_first_closes_an_open_list() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    focus(&mut f, Slot::Owner);
    press(&mut f, typing("an"));
    assert!(f.owner.picker().unwrap().is_open());
    assert_eq!(press(&mut f, [key(Esc)]), Outcome::Stay);
    assert_eq!(f.owner.value("owner_id"), Ok(None), "closing the list picks nothing");
    assert_eq!(press(&mut f, [key(Esc)]), Outcome::Close);
}

#[test]
fn the_picker_ranks_matches_and_arrows_move_in_the_list() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    focus(&mut f, Slot::Contact);
    press(&mut f, typing("fbi"));
    let p = f.contact.picker().unwrap();
    let view = p.visible();
    assert_eq!(view.total, 2, "only the FBI contacts");
    assert!(view.rows.iter().all(|(m, _)| matches!(m, crate::tui::dialogs::picker::Match::Item(0 | 1))));
    press(&mut f, keys(&[Down, Enter]));
    assert_eq!(f.focus, Slot::Contact, "picking keeps the focus");
    assert_eq!(f.contact.value("contact_id"), Ok(Some("con_002".into())));
    // Space lists everyone with "(none)" first; picking it clears the choice.
    press(&mut f, [key(Char(' '))]);
    assert_eq!(f.contact.picker().unwrap().visible().total, 4);
    press(&mut f, keys(&[Up, Up, Up, Up, Enter]));
    assert_eq!(f.contact.value("contact_id"), Ok(None));
}

#[test]
fn a_server_error_lands_on_its_field_and_enter_retries_with_everything_kept() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, typing("Retry me"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("50,000"));
    let Outcome::Submit(Intent::Create(first)) = press(&mut f, [key(Enter)]) else { panic!("no create") };
    f.set_pending(true);
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay, "no second send while pending");
    f.set_server_error(Some("owner_id"), "owner usr_x not \x1b[31mfound");
    assert!(!f.is_pending());
    assert_eq!(f.focus, Slot::Owner);
    assert_eq!(f.shown_error(Slot::Owner).as_deref(), Some("owner usr_x not [31mfound"));
    assert_eq!((f.title.value(), f.value.value()), ("Retry me", "50,000"));
    assert_eq!(
        press(&mut f, [key(Enter)]),
        Outcome::Submit(Intent::Create(first)),
        "Enter sends the same again"
    );
    // A message naming no field of the form goes to the footer.
    f.set_server_error(Some("status"), "status is odd");
    assert_eq!(f.footer_error.as_deref(), Some("status: status is odd"));
    f.set_server_error(None, "server unhappy");
    assert_eq!(f.footer_error.as_deref(), Some("server unhappy"));
}

#[test]
fn a_server_error_goes_away_when_its_field_changes() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, typing("T"));
    f.set_server_error(Some("value"), "value must be a number");
    assert_eq!(f.focus, Slot::Value);
    assert!(f.shown_error(Slot::Value).is_some());
    press(&mut f, typing("5"));
    assert_eq!(f.shown_error(Slot::Value), None);
}

// ---- edit ----

#[test]
fn an_untouched_edit_submits_nothing() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    assert_eq!(f.deal_id(), Some("deal_001"));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Unchanged));
    // Typing the same value another way is no change either.
    focus(&mut f, Slot::Value);
    retype(&mut f, "$75k");
    focus(&mut f, Slot::Tags);
    retype(&mut f, "renewal,q4");
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Unchanged));
}

#[test]
fn only_changed_fields_are_patched() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    f.focus = Slot::Value;
    retype(&mut f, "80k");
    assert_eq!(update(&mut f), DealPatch { value: Field::Set(80000.0), ..Default::default() });

    let mut f = fx.edit_form();
    retype(&mut f, "  Acme renewal 2027 ");
    focus(&mut f, Slot::CloseDate);
    retype(&mut f, "");
    focus(&mut f, Slot::Contact);
    press(&mut f, [key(Backspace)]);
    focus(&mut f, Slot::Owner);
    press(&mut f, typing("chen"));
    press(&mut f, [key(Enter)]);
    focus(&mut f, Slot::Tags);
    retype(&mut f, "renewal");
    let want = DealPatch {
        title: Field::Set("Acme renewal 2027".into()),
        expected_close_date: Field::Clear,
        contact_id: Field::Clear,
        owner_id: Field::Set("usr_003".into()),
        tags: Field::Set(vec!["renewal".into()]),
        ..Default::default()
    };
    assert_eq!(update(&mut f), want);
}

#[test]
fn an_untouched_odd_field_does_not_block_saving_another() {
    let fx = Fixture::new();
    let mut odd = deal();
    odd.tags = (0..25).map(|i| format!("t{i}").into()).collect();
    let mut f = DealForm::edit(&fx.ctx(true), &odd);
    focus(&mut f, Slot::Probability);
    retype(&mut f, "40%");
    assert_eq!(update(&mut f), DealPatch { probability: Field::Set(40), ..Default::default() });
}

#[test]
fn another_pipeline_needs_a_stage_of_its_own() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    press(&mut f, [key(Tab)]);
    assert_eq!(f.focus, Slot::Pipeline);
    press(&mut f, typing("renew"));
    press(&mut f, [key(Enter)]);
    assert_eq!(f.focus, Slot::Stage, "the stage list of the new pipeline opens at once");
    assert!(f.stage.is_open());
    press(&mut f, [key(Esc)]);
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay);
    assert_eq!(f.focus, Slot::Stage);
    assert_eq!(f.shown_error(Slot::Stage).as_deref(), Some("pick a stage of Renewals"));
    press(&mut f, keys(&[Char(' '), Down, Enter]));
    let want = DealPatch {
        pipeline_id: Field::Set("pipe_renew".into()),
        stage_id: Field::Set("stage_nego".into()),
        ..Default::default()
    };
    assert_eq!(update(&mut f), want);
}

#[test]
fn back_to_the_same_pipeline_restores_the_stage_and_a_stage_alone_is_a_move() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    focus(&mut f, Slot::Pipeline);
    press(&mut f, typing("renew"));
    press(&mut f, [key(Enter), key(Esc), shift_tab()]);
    press(&mut f, typing("sales"));
    press(&mut f, [key(Enter)]);
    assert_eq!(f.stage.chosen(), Some("stage_qual"));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Submit(Intent::Unchanged));
    press(&mut f, typing("prop"));
    press(&mut f, [key(Enter)]);
    assert_eq!(update(&mut f), DealPatch { stage_id: Field::Set("stage_prop".into()), ..Default::default() });
}

#[test]
fn custom_fields_are_edited_retyped_removed_and_added() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    let idx = |f: &DealForm, k: &str| f.custom.entries.iter().position(|e| e.key == k).unwrap();
    let seats = idx(&f, "seats");
    focus(&mut f, Slot::Custom(seats));
    retype(&mut f, "45");
    let region = idx(&f, "region");
    focus(&mut f, Slot::Custom(region));
    press(&mut f, [ctrl('d')]);
    focus(&mut f, Slot::AddCustom);
    press(&mut f, typing("budget approved"));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay, "Enter on the add row adds");
    assert_eq!(f.focus, Slot::Custom(3));
    press(&mut f, typing("yes"));
    assert_eq!(f.shown_error(Slot::Custom(3)), None, "yes is fine as text");
    press(&mut f, [ctrl('t')]);
    assert_eq!(f.shown_error(Slot::Custom(3)).as_deref(), Some(s::CUSTOM_NOT_NUMBER));
    assert_eq!(press(&mut f, [key(Enter)]), Outcome::Stay, "refused while not a number");
    press(&mut f, [ctrl('t')]);
    let want = json!({"seats": 45, "priority": true, "budget approved": true});
    assert_eq!(
        update(&mut f),
        DealPatch { custom_fields: Field::Set(want.as_object().unwrap().clone()), ..Default::default() }
    );
}

#[test]
fn adding_a_custom_field_twice_is_refused_next_to_the_row() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    focus(&mut f, Slot::AddCustom);
    press(&mut f, typing("seats"));
    press(&mut f, [key(Enter)]);
    assert_eq!(f.focus, Slot::AddCustom);
    assert_eq!(f.custom.add_error.as_deref(), Some(s::CUSTOM_NAME_TAKEN));
    press(&mut f, [key(Backspace)]);
    assert_eq!(f.custom.add_error, None);
}

#[test]
fn server_errors_on_edit_name_the_pipeline_and_stage_fields() {
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    f.set_server_error(Some("stage_id"), "stage stage_x not found");
    assert_eq!(f.focus, Slot::Stage);
    f.set_server_error(Some("custom_fields"), "custom_fields must be an object");
    assert_eq!(f.footer_error.as_deref(), Some("custom_fields: custom_fields must be an object"));
}

// ---- drawing ----

fn filled_new_form(fx: &Fixture) -> DealForm {
    let mut f = fx.new_form();
    press(&mut f, typing("Globex expansion"));
    press(&mut f, [key(Tab)]);
    press(&mut f, typing("50k"));
    press(&mut f, keys(&[Tab, Tab]));
    press(&mut f, typing("+2w"));
    press(&mut f, keys(&[Tab, Tab, Tab, Tab]));
    press(&mut f, typing("x,"));
    press(&mut f, typing(&"y".repeat(51)));
    f
}

#[test]
fn renders_the_new_deal_form() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let f = filled_new_form(&fx);
    insta::assert_snapshot!(render_snapshot(80, 24, |fr| f.draw_in(fr, fr.area(), &theme)));
}

#[test]
fn renders_an_open_picker() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let mut f = fx.new_form();
    focus(&mut f, Slot::Owner);
    press(&mut f, [key(Char(' ')), key(Down)]);
    insta::assert_snapshot!(render_snapshot(80, 24, |fr| f.draw_in(fr, fr.area(), &theme)));
}

#[test]
fn renders_the_edit_form_scrolled_to_its_focus() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    focus(&mut f, Slot::Pipeline);
    press(&mut f, typing("renew"));
    press(&mut f, [key(Enter), key(Esc)]);
    focus(&mut f, Slot::AddCustom);
    press(&mut f, typing("budget"));
    f.set_server_error(None, "deal was changed by someone else");
    f.focus = Slot::AddCustom;
    f.tried = true;
    insta::assert_snapshot!(render_snapshot(80, 24, |fr| f.draw_in(fr, fr.area(), &theme)));
}

#[test]
fn renders_a_server_error_and_pending() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let mut f = fx.edit_form();
    f.set_server_error(Some("value"), "value must be a number");
    f.set_pending(true);
    insta::assert_snapshot!(render_snapshot(80, 24, |fr| f.draw_in(fr, fr.area(), &theme)));
}

#[test]
fn tiny_areas_do_not_panic() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let mut f = filled_new_form(&fx);
    focus(&mut f, Slot::Owner);
    press(&mut f, [key(Char('a'))]);
    let e = fx.edit_form();
    for (w, h) in [(1, 1), (2, 2), (3, 3), (10, 3), (20, 5), (40, 8), (200, 60)] {
        render_snapshot(w, h, |fr| f.draw_in(fr, fr.area(), &theme));
        render_snapshot(w, h, |fr| e.draw_in(fr, fr.area(), &theme));
    }
}

#[test]
fn key_releases_are_ignored() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    let mut release = key(Char('x'));
    release.kind = crossterm::event::KeyEventKind::Release;
    assert_eq!(f.handle_key(release), Outcome::Stay);
    assert_eq!(f.title.value(), "");
}

#[test]
fn pasted_text_lands_in_the_focused_field_on_one_line() {
    let fx = Fixture::new();
    let mut f = fx.new_form();
    f.handle_paste("Acme\nrenewal\x1b[2J");
    assert_eq!(f.title.value(), "Acme renewal[2J");
    focus(&mut f, Slot::Currency);
    press(&mut f, [ctrl('u')]);
    f.handle_paste("eur");
    assert_eq!(f.currency.value(), "EUR");
    focus(&mut f, Slot::Owner);
    f.handle_paste("chen");
    press(&mut f, [key(Enter)]);
    assert_eq!(f.owner.value("owner_id"), Ok(Some("usr_003".into())));
}

#[test]
fn wide_characters_scroll_in_their_input_and_the_cursor_stays_inside() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let mut f = fx.new_form();
    press(&mut f, typing(&"株式会社テスト".repeat(4)));
    let screen = render_snapshot(80, 24, |fr| f.draw_in(fr, fr.area(), &theme));
    let title_row = screen.lines().find(|l| l.contains("Title")).unwrap();
    assert!(title_row.contains("テスト"), "{title_row}");
    let cursor = screen.lines().last().unwrap();
    let (x, _) = cursor.trim_start_matches("cursor: ").split_once(',').unwrap();
    let x: u16 = x.parse().unwrap();
    assert!((17..=2 + 1 + 15 + 30).contains(&x), "{cursor}");
}

#[test]
fn a_long_custom_field_name_is_cut_with_the_themes_mark() {
    let mut theme = FormTheme::default();
    let fx = Fixture::new();
    let mut d = deal();
    d.custom_fields.insert("contract_months".into(), json!(24));
    let mut f = DealForm::edit(&fx.ctx(true), &d);
    focus(&mut f, Slot::AddCustom);
    let screen = render_snapshot(80, 40, |fr| f.draw_in(fr, fr.area(), &theme));
    assert!(screen.contains("contract_mo… 24"), "{screen}");
    theme.ascii = true;
    let screen = render_snapshot(80, 40, |fr| f.draw_in(fr, fr.area(), &theme));
    assert!(screen.contains("contract_mo~ 24") && !screen.contains('…'), "{screen}");
}

#[test]
fn a_long_error_wraps_under_its_field_instead_of_losing_its_end() {
    let theme = FormTheme::default();
    let fx = Fixture::new();
    let mut f = fx.new_form();
    focus(&mut f, Slot::CloseDate);
    press(&mut f, typing("2026-02-30"));
    let screen = render_snapshot(80, 30, |fr| f.draw_in(fr, fr.area(), &theme));
    assert!(screen.contains("YYYY-MM-DD"), "{screen}");
}
