//! The only networked code of the board: runs each [`Command`] as its own tokio task with the
//! client and sends the outcome back as [`Event::Api`]. A slow request never holds up another,
//! and the App never waits for any of them.

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::message::{Answer, Call, Command, Event, Outcome};
use crate::client::Client;

/// Starts the worker; returns where to send commands. Must be called inside a tokio runtime.
/// The worker stops when the returned sender is dropped; tasks already running finish and their
/// answers are dropped if `events` is closed by then.
pub fn spawn_worker(client: Client, events: UnboundedSender<Event>) -> UnboundedSender<Command> {
    let (tx, mut rx) = unbounded_channel::<Command>();
    tokio::spawn(async move {
        while let Some(command) = rx.recv().await {
            let client = client.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let answer = run(&client, command).await;
                // The budget first, so the answer is handled knowing it. A closed channel means
                // the board is gone: nobody is left to tell.
                if let Some(budget) = client.budget() {
                    let _ = events.send(Event::Budget(budget));
                }
                let _ = events.send(Event::Api(answer));
            });
        }
    });
    tx
}

/// Runs one command: one client call, its result tagged with the command's op id.
pub async fn run(client: &Client, command: Command) -> Answer {
    let Command { op, call } = command;
    let result = match call {
        Call::LoadPipelines => client.pipelines().await.map(Outcome::Pipelines),
        Call::LoadUsers => client.users().await.map(Outcome::Users),
        Call::LoadStages { pipeline_id } => client.stages(&pipeline_id).await.map(Outcome::Stages),
        Call::ListDeals { query } => client.list_deals(&query).await.map(Outcome::DealPage),
        Call::GetDeal { deal_id } => client.get_deal(&deal_id).await.map(Outcome::Deal),
        Call::LoadActivities { deal_id } => client.activities(&deal_id).await.map(Outcome::Activities),
        Call::SearchContacts { query } => client.contacts(&query).await.map(Outcome::Contacts),
        Call::CreateDeal { deal } => client.create_deal(&deal).await.map(Outcome::Saved),
        Call::UpdateDeal { deal_id, patch } => client.update_deal(&deal_id, &patch).await.map(Outcome::Saved),
        Call::MoveStage { deal_id, stage_id, note } => {
            client.move_stage(&deal_id, &stage_id, note.as_deref()).await.map(Outcome::Saved)
        }
        Call::MarkWon { deal_id, reason } => {
            client.mark_won(&deal_id, reason.as_deref()).await.map(Outcome::Saved)
        }
        Call::MarkLost { deal_id, reason, competitor } => {
            client.mark_lost(&deal_id, reason.as_deref(), competitor.as_deref()).await.map(Outcome::Saved)
        }
        Call::Reopen { deal_id } => client.reopen(&deal_id).await.map(Outcome::Saved),
        Call::DeleteDeal { deal_id } => client.delete_deal(&deal_id).await.map(|()| Outcome::Deleted),
    };
    Answer { op, result }
}

#[cfg(test)]
mod tests {
    //! The worker against the real server on loopback (temp SQLite, demo workspace), driving a
    //! real App: what the board shows after the answers is what the server holds.

    use std::time::Duration;

    use crossterm::event::KeyCode;

    use super::*;
    use crate::client::ClientConfig;
    use crate::model::{DealStatus, NewDeal};
    use crate::server::{RunningServer, ServerOptions};
    use crate::tui::app::AppSettings;
    use crate::tui::dialogs::{Dialog, Loadable};
    use crate::tui::headless::Headless;
    use crate::tui::test_support::{ch, key, type_text};

    /// A fresh database: the server seeds the vendor document's pipeline (pipe_001, five
    /// stages); the deals are created through the API, more than a page of them in Lead.
    async fn server(dir: &tempfile::TempDir) -> (RunningServer, Client) {
        let opts = ServerOptions {
            db: dir.path().join("worker.db"),
            api_key: Some("worker-test-key".into()),
            currency: "USD".into(),
            latency: Duration::ZERO,
            demo: false,
            generated_deals: 0,
        };
        let server = crate::server::start(opts, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let client = Client::new(ClientConfig::new(server.base_url(), server.api_key())).unwrap();
        for i in 0..130 {
            let stage = if i < 120 { "stage_001" } else { "stage_003" };
            let deal = NewDeal {
                title: format!("Deal {i:03}"),
                pipeline_id: "pipe_001".into(),
                stage_id: Some(stage.into()),
                value: Some(1000.0 * f64::from(i + 1)),
                ..NewDeal::default()
            };
            client.create_deal(&deal).await.unwrap();
        }
        (server, client)
    }

    /// Answers within a generous deadline (a loaded CI machine), or the test fails saying so.
    async fn settle(rig: &mut Headless) {
        rig.settle(Duration::from_secs(30)).await.unwrap();
    }

    #[tokio::test]
    async fn the_board_loads_moves_and_revalues_against_the_real_server() {
        let dir = tempfile::tempdir().unwrap();
        let (server, client) = server(&dir).await;
        let settings = AppSettings { api_url: server.base_url(), ..AppSettings::default() };
        let mut rig = Headless::start(client.clone(), settings, 160, 45);
        settle(&mut rig).await;

        let board = rig.app.board();
        assert!(board.fully_loaded());
        assert_eq!(board.progress(), (130, 130), "every open deal, Lead over two pages");
        let stages = client.stages(&board.pipeline().unwrap().id).await.unwrap();
        for (col, s) in board.columns.iter().zip(&stages) {
            assert_eq!(col.stage.id, s.id);
            assert_eq!(col.deals.len() as u64, s.deal_count, "{}", s.name);
        }

        // Move the first deal of the first non-empty column that has a next stage.
        let c = board.columns[..board.columns.len() - 1].iter().position(|c| !c.deals.is_empty()).unwrap();
        let next_stage = board.columns[c + 1].stage.id.clone();
        for _ in 0..c {
            rig.press(ch('l'));
        }
        let id = rig.app.board().selected_deal().unwrap().id.clone();
        rig.press(ch('L'));
        settle(&mut rig).await;
        assert_eq!(client.get_deal(&id).await.unwrap().deal.stage_id, next_stage);
        assert_eq!(rig.app.board().selected_deal().unwrap().id, id);
        assert!(!rig.app.is_pending(&id));

        rig.press(ch('v'));
        type_text(&mut rig.app, "$12,345");
        rig.press(key(KeyCode::Enter));
        settle(&mut rig).await;
        assert_eq!(client.get_deal(&id).await.unwrap().deal.value, Some(12345.0));

        rig.press(key(KeyCode::Enter));
        settle(&mut rig).await;
        let Some(Dialog::Details(d)) = rig.app.popup() else { panic!("details open") };
        assert!(matches!(d.detail, Loadable::Ready(_)), "{:?}", d.detail);
        assert!(matches!(d.activities, Loadable::Ready(ref a) if !a.is_empty()), "the move is logged");
        rig.press(key(KeyCode::Esc));

        // Won with a reason: it leaves the board and the server has it closed.
        rig.press(ch('w'));
        type_text(&mut rig.app, "Best feature fit");
        rig.press(key(KeyCode::Enter));
        settle(&mut rig).await;
        let won = client.get_deal(&id).await.unwrap().deal;
        assert_eq!((won.status, won.won_reason.as_deref()), (DealStatus::Won, Some("Best feature fit")));
        assert!(rig.app.board().deal(&id).is_none());

        // Lost with reason and competitor, on a deal of the first column.
        rig.press(ch('h'));
        let lost_id = rig.app.board().selected_deal().unwrap().id.clone();
        rig.press(ch('x'));
        type_text(&mut rig.app, "Price too high");
        rig.press(key(KeyCode::Tab));
        type_text(&mut rig.app, "Salesforce");
        rig.press(key(KeyCode::Enter));
        settle(&mut rig).await;
        let lost = client.get_deal(&lost_id).await.unwrap().deal;
        assert_eq!(lost.status, DealStatus::Lost);
        assert_eq!(
            (lost.lost_reason.as_deref(), lost.competitor.as_deref()),
            (Some("Price too high"), Some("Salesforce"))
        );

        // Undo the loss: reopened on the server and back on the board.
        rig.press(ch('u'));
        settle(&mut rig).await;
        assert_eq!(client.get_deal(&lost_id).await.unwrap().deal.status, DealStatus::Open);
        assert!(rig.app.board().deal(&lost_id).is_some());

        server.shutdown().await.unwrap();
    }

    #[tokio::test]
    async fn an_unreachable_server_answers_every_command_with_an_offline_error() {
        // A port nothing listens on: bind one, note it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut cfg = ClientConfig::new(format!("http://127.0.0.1:{port}/v1"), "k");
        cfg.retry = crate::client::RetryPolicy::none();
        let client = Client::new(cfg).unwrap();
        let (tx, mut events) = unbounded_channel();
        let commands = spawn_worker(client, tx);
        let op = crate::tui::message::OpId(7);
        commands.send(Command { op, call: Call::LoadPipelines }).unwrap();
        let ev = tokio::time::timeout(Duration::from_secs(30), events.recv()).await.unwrap().unwrap();
        let Event::Api(ev) = ev else { panic!() };
        assert_eq!(ev.op(), op);
        assert!(ev.error().unwrap().is_offline(), "{ev:?}");
    }
}
