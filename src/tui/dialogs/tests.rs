//! Every registered dialog as a component: it draws at any size in both looks, also when showing
//! why its change was refused, and Esc closes it.

use std::collections::HashMap;

use crossterm::event::KeyCode;
use jiff::tz::TimeZone;

use super::*;
use crate::model::Sort;
use crate::settings::Palette;
use crate::tui::message::OpId;
use crate::tui::test_support::{deals, offline, pipelines, users};
use test_util::{key, render_snapshot};

/// One of each dialog the App opens.
fn every_dialog() -> Vec<Dialog> {
    let (pipes, users, deal) = (pipelines(), users(), deals()[0].clone());
    let stages = pipes[0].stages.clone();
    let form_ctx = DealFormContext {
        pipelines: &pipes,
        users: Some(&users),
        contacts: None,
        today: jiff::civil::date(2026, 11, 25),
        currency: "USD",
    };
    let filter_ctx = FilterFormContext { users: Some(&users), today: form_ctx.today, currency: "USD" };
    let title = String::from("Acme renewal");
    vec![
        Dialog::Help(Box::default()),
        Dialog::Details(Box::new(Details::new(deal.clone(), OpId(1), OpId(2)))),
        Dialog::StagePicker(Box::new(StagePicker::new(Target::Marked, title.clone(), stages, 0))),
        Dialog::Won(Box::new(WonDialog::new(Target::Deal(deal.id.clone()), title.clone()))),
        Dialog::Lost(Box::new(LostDialog::new(Target::Marked, title.clone()))),
        Dialog::Value(Box::new(ValueDialog::new(deal.id.clone(), title, "USD".into(), deal.value))),
        Dialog::ConfirmQuit(Box::new(ConfirmQuit { pending: 2 })),
        Dialog::DealForm(Box::new(DealForm::new_deal(&form_ctx, &deal.pipeline_id, &deal.stage_id))),
        Dialog::DealForm(Box::new(DealForm::edit(&form_ctx, &deal))),
        Dialog::Filter(Box::new(FilterForm::new(&filter_ctx, &BoardFilter::default()))),
        Dialog::Sort(Box::new(SortPicker::new(Sort::default()))),
        Dialog::ConfirmDelete(Box::new(ConfirmDialog::delete_deal(&deal.id, &deal.title))),
        Dialog::ConfirmDelete(Box::new(ConfirmDialog::delete_deals(3))),
        Dialog::Pipelines(Box::new(PickDialog::pipelines(&pipes, None))),
        Dialog::Owner(Box::new(PickDialog::users("New owner", &users, None))),
    ]
}

#[test]
fn every_dialog_draws_at_any_size_even_after_a_failure_and_closes_on_esc() {
    let (keymap, pipes, owners) = (Keymap::default(), pipelines(), HashMap::new());
    for ascii in [false, true] {
        for (w, h) in [(1, 1), (20, 5), (80, 24), (200, 60)] {
            let ctx = Ctx {
                theme: Theme::of(Palette::default(), true, ascii),
                size: (w, h),
                keymap: &keymap,
                pipelines: &pipes,
                owners: &owners,
                time_zone: &TimeZone::UTC,
            };
            for mut dialog in every_dialog() {
                dialog.failed(&offline());
                dialog.fit(&ctx);
                let screen = render_snapshot(w, h, |f| dialog.draw(f, &ctx));
                assert_eq!(screen.lines().count(), usize::from(h) + 1, "{dialog:?} at {w}x{h}");
                assert_eq!(dialog.key(&key(KeyCode::Esc), &ctx), Outcome::Close, "{dialog:?}");
            }
        }
    }
}
