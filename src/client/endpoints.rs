//! One method per endpoint of docs/API.md, and the pager that walks a query page by page.

use std::collections::HashSet;

use futures_util::Stream;
use reqwest::Method;
use serde::Serialize;

use super::error::ClientError;
use super::{Client, Page, decode};
use crate::model::{
    Activity, Contact, Deal, DealContact, DealDetail, DealPatch, DealQuery, Deleted, Field, NewDeal,
    Pipeline, StageMove, StageSummary, User,
};

impl Client {
    /// `GET /deals`: one page. When the server claims more pages but gives no cursor, the page
    /// comes back with `next_cursor: None` (there is no way to ask for the rest);
    /// [`Client::deal_pages`] reports that case as an error after the page.
    pub async fn list_deals(&self, q: &DealQuery) -> Result<Page<Deal>, ClientError> {
        let answer = self.list_page(q).await?;
        if answer.more_without_cursor {
            tracing::warn!("the server says more deals follow but sent no cursor");
        }
        Ok(answer.page)
    }

    async fn list_page(&self, q: &DealQuery) -> Result<decode::ListAnswer<Deal>, ClientError> {
        self.send(Method::GET, &["deals"], &q.to_pairs(), None).await?.list()
    }

    /// Every page of `q`, one at a time, so the first can be shown while the rest load. Ends after
    /// the last page, or after the first error (which is the last item). When the server says more
    /// pages follow but sends no cursor (as the vendor document's example does), or sends a cursor
    /// it already sent, the pages so far are yielded and then a `Decode` error says the list is
    /// incomplete: stopping is the only safe choice, and a silent stop would pass a partial board
    /// off as complete.
    pub fn deal_pages(
        &self,
        q: DealQuery,
    ) -> impl Stream<Item = Result<Page<Deal>, ClientError>> + Send + 'static {
        enum Next {
            Fetch(DealQuery, HashSet<String>),
            Fail(ClientError),
            Done,
        }
        let client = self.clone();
        // Cursors already used: a server that hands one out again would page forever.
        let seen: HashSet<String> = q.cursor.iter().cloned().collect();
        futures_util::stream::unfold(Next::Fetch(q, seen), move |next| {
            let client = client.clone();
            async move {
                let (q, mut seen) = match next {
                    Next::Done => return None,
                    Next::Fail(e) => return Some((Err(e), Next::Done)),
                    Next::Fetch(q, seen) => (q, seen),
                };
                let answer = match client.list_page(&q).await {
                    Ok(a) => a,
                    Err(e) => return Some((Err(e), Next::Done)),
                };
                let next = match &answer.page.next_cursor {
                    Some(c) if !seen.insert(c.clone()) => {
                        Next::Fail(ClientError::decode("the server sent a page cursor it had sent before"))
                    }
                    Some(c) => Next::Fetch(DealQuery { cursor: Some(c.clone()), ..q }, seen),
                    None if answer.more_without_cursor => Next::Fail(ClientError::decode(
                        "the server says more deals follow but sent no cursor to fetch them; the list is incomplete",
                    )),
                    None => Next::Done,
                };
                Some((Ok(answer.page), next))
            }
        })
    }

    /// `GET /deals/:id`: the deal with its contacts and stage history.
    pub async fn get_deal(&self, id: &str) -> Result<DealDetail, ClientError> {
        self.send(Method::GET, &["deals", id], &[], None).await?.data()
    }

    /// `POST /deals`. Retried only if the connection could not be opened, never after the request
    /// may have reached the server, so a lost answer can never create the deal twice.
    pub async fn create_deal(&self, d: &NewDeal) -> Result<Deal, ClientError> {
        check_value(d.value)?;
        self.write(Method::POST, &["deals"], d).await
    }

    /// `PUT /deals/:id` with only the fields the patch changes (`Field::Clear` sends `null`).
    pub async fn update_deal(&self, id: &str, p: &DealPatch) -> Result<Deal, ClientError> {
        if let Field::Set(v) = p.value {
            check_value(Some(v))?;
        }
        self.write(Method::PUT, &["deals", id], p).await
    }

    /// `DELETE /deals/:id`. A 404 on a retry means an earlier attempt deleted it: that is success.
    pub async fn delete_deal(&self, id: &str) -> Result<(), ClientError> {
        let a = self.send(Method::DELETE, &["deals", id], &[], None).await?;
        if a.status == 404 && a.retries > 0 {
            tracing::info!("delete answered 404 on a retry: an earlier attempt went through");
            return Ok(());
        }
        a.written::<Deleted>().map(|_| ())
    }

    /// `PUT /deals/:id/stage`: the recommended way to move a deal (records stage history).
    pub async fn move_stage(
        &self,
        id: &str,
        stage_id: &str,
        note: Option<&str>,
    ) -> Result<Deal, ClientError> {
        let body = StageMove { stage_id: stage_id.to_string(), note: note.map(str::to_string) };
        self.write(Method::PUT, &["deals", id, "stage"], &body).await
    }

    pub async fn mark_won(&self, id: &str, reason: Option<&str>) -> Result<Deal, ClientError> {
        self.update_deal(id, &DealPatch::won(reason.map(str::to_string))).await
    }

    pub async fn mark_lost(
        &self,
        id: &str,
        reason: Option<&str>,
        competitor: Option<&str>,
    ) -> Result<Deal, ClientError> {
        let patch = DealPatch::lost(reason.map(str::to_string), competitor.map(str::to_string));
        self.update_deal(id, &patch).await
    }

    pub async fn reopen(&self, id: &str) -> Result<Deal, ClientError> {
        self.update_deal(id, &DealPatch::reopen()).await
    }

    pub async fn pipelines(&self) -> Result<Vec<Pipeline>, ClientError> {
        self.send(Method::GET, &["pipelines"], &[], None).await?.data()
    }

    /// `GET /pipelines/:id/stages`: stages with the count and total value of their open deals.
    pub async fn stages(&self, pipeline_id: &str) -> Result<Vec<StageSummary>, ClientError> {
        self.send(Method::GET, &["pipelines", pipeline_id, "stages"], &[], None).await?.data()
    }

    pub async fn activities(&self, deal_id: &str) -> Result<Vec<Activity>, ClientError> {
        self.send(Method::GET, &["deals", deal_id, "activities"], &[], None).await?.data()
    }

    pub async fn deal_contacts(&self, deal_id: &str) -> Result<Vec<DealContact>, ClientError> {
        self.send(Method::GET, &["deals", deal_id, "contacts"], &[], None).await?.data()
    }

    /// `GET /users`, a local-server extension: `Ok(None)` from a server without it (404).
    pub async fn users(&self) -> Result<Option<Vec<User>>, ClientError> {
        optional(self.send(Method::GET, &["users"], &[], None).await?.data())
    }

    /// `GET /contacts?q=`, a local-server extension: `Ok(None)` from a server without it (404).
    pub async fn contacts(&self, q: &str) -> Result<Option<Vec<Contact>>, ClientError> {
        optional(self.send(Method::GET, &["contacts"], &[("q", q.to_string())], None).await?.data())
    }

    async fn write<T, B>(&self, method: Method, segments: &[&str], body: &B) -> Result<T, ClientError>
    where
        T: serde::de::DeserializeOwned,
        B: Serialize,
    {
        let json = serde_json::to_vec(body)
            .map_err(|e| ClientError::Config(format!("Cannot encode the request: {e}")))?;
        self.send(method, segments, &[], Some(json)).await?.written()
    }
}

/// serde_json writes NaN and infinity as `null`, which would clear the value on the server:
/// refuse them here, as the server would refuse them.
fn check_value(v: Option<f64>) -> Result<(), ClientError> {
    match v {
        Some(v) if !v.is_finite() => Err(ClientError::Validation {
            field: Some("value".into()),
            message: "value must be a finite number".into(),
        }),
        _ => Ok(()),
    }
}

fn optional<T>(r: Result<T, ClientError>) -> Result<Option<T>, ClientError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(ClientError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
