//! The one writer: every write of the request path goes through a single task that runs
//! whatever is queued in one transaction (group commit). Writers never wait on SQLite's busy
//! handler, a burst of creates and postbacks costs one commit instead of one each, and event
//! numbers are committed and published in order because one task does both.
//!
//! Each job runs inside its own savepoint (a job alone in its batch: in the transaction
//! itself), so one job's failure (a duplicate reference, a lost compare-and-set) undoes that
//! job only. A job's result reaches its caller after the
//! commit, never before: nothing is reported written that is not.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use sqlx::{AnyConnection, Executor};
use tokio::sync::{mpsc, oneshot};

use crate::store::Db;

/// Jobs one transaction takes at most.
const MAX_BATCH: usize = 256;
/// Jobs waiting for the writer at most; callers wait for room beyond that (back-pressure).
const QUEUE: usize = 4096;

/// Runs after the batch's commit (or its failure), in queue order.
type Finish = Box<dyn FnOnce(Result<(), &Arc<sqlx::Error>>) + Send>;
/// A job: its statements on the writer's connection; `true` when they succeeded.
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, (bool, Finish)> + Send>;

/// Why a write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the writer has stopped")]
    Stopped,
    #[error("the commit failed: {0}")]
    Commit(Arc<sqlx::Error>),
}

/// The handle every writer of the request path holds (cheap to clone).
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task on `db` (a pool it may take one connection from per batch).
    pub fn start(db: Db) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, queue));
        Self { jobs }
    }

    /// Runs `work` in the next batch and returns its result once the batch is committed.
    /// `then` runs right after the commit, in commit order, with the result (the event bus is
    /// fed there, so events are published in the order they were numbered).
    pub async fn run_then<T, E, F, G>(&self, work: F, then: G) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<WriteError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
        G: FnOnce(&T) + Send + 'static,
    {
        let (done, wait) = oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let result = work(conn).await;
                let ok = result.is_ok();
                let finish: Finish = Box::new(move |committed| {
                    let outcome = match (result, committed) {
                        (Ok(value), Ok(())) => {
                            then(&value);
                            Ok(value)
                        }
                        (Ok(_), Err(e)) => Err(E::from(WriteError::Commit(e.clone()))),
                        (Err(e), _) => Err(e),
                    };
                    let _ = done.send(outcome);
                });
                (ok, finish)
            })
        });
        self.jobs
            .send(job)
            .await
            .map_err(|_| E::from(WriteError::Stopped))?;
        wait.await.map_err(|_| E::from(WriteError::Stopped))?
    }

    /// Queues `work` for the next batch without waiting for its commit: for a write nobody
    /// acts on (a log entry) that the caller's next awaited write commits no later than, as
    /// the queue is one line and batches commit in order. Only the wait for room in the
    /// queue is awaited. A failure is logged as `what`.
    pub async fn queue<F>(&self, what: &'static str, work: F)
    where
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<(), sqlx::Error>>
            + Send
            + 'static,
    {
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let result = work(conn).await;
                let ok = result.is_ok();
                let finish: Finish = Box::new(move |committed| {
                    let failed = match (result, committed) {
                        (Ok(()), Ok(())) => None,
                        (Err(e), _) => Some(e.to_string()),
                        (Ok(()), Err(e)) => Some(e.to_string()),
                    };
                    if let Some(error) = failed {
                        tracing::warn!(%error, "could not write {what}");
                    }
                });
                (ok, finish)
            })
        });
        if self.jobs.send(job).await.is_err() {
            tracing::warn!("could not write {what}: the writer has stopped");
        }
    }

    /// Runs `work` in the next batch; its result once the batch is committed.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<WriteError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
    {
        self.run_then(work, |_| {}).await
    }
}

impl From<WriteError> for sqlx::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Stopped => sqlx::Error::PoolClosed,
            WriteError::Commit(e) => sqlx::Error::Protocol(format!("commit failed: {e}")),
        }
    }
}

async fn run(db: Db, mut queue: mpsc::Receiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let size = batch.len();
        let started = std::time::Instant::now();
        let (finishes, committed) = commit_batch(&db, std::mem::take(&mut batch)).await;
        metrics::histogram!("writer_batch_size").record(size as f64);
        metrics::histogram!("writer_commit_seconds").record(started.elapsed().as_secs_f64());
        metrics::gauge!("writer_queue_depth").set(queue.len() as f64);
        if let Err(e) = &committed {
            tracing::error!(error = %e, "the writer could not commit a batch");
        }
        for finish in finishes {
            finish(committed.as_ref().map(|_| ()));
        }
    }
}

/// One transaction: a savepoint per job, then the commit. Jobs that never ran (the
/// connection failed first) are dropped, and their callers learn the writer failed them.
async fn commit_batch(db: &Db, jobs: Vec<Job>) -> (Vec<Finish>, Result<(), Arc<sqlx::Error>>) {
    let mut finishes = Vec::with_capacity(jobs.len());
    let mut conn = match db.acquire().await {
        Ok(conn) => conn,
        Err(e) => return (finishes, Err(Arc::new(e))),
    };
    let postgres = conn.backend_name() == "PostgreSQL";
    // SQLite: take the write lock now, not at the first write (no upgrade deadlocks).
    let begin = if postgres { "BEGIN" } else { "BEGIN IMMEDIATE" };
    if let Err(e) = conn.execute(begin).await {
        return (finishes, Err(Arc::new(e)));
    }
    // A job alone needs no savepoint: undoing it is undoing the transaction. That is the
    // common case of an idle writer (a create's first write), and saves two statements, each
    // a round trip to the database, on the path a caller waits on.
    if jobs.len() == 1 {
        if let Some(job) = jobs.into_iter().next() {
            let (ok, finish) = job(&mut conn).await;
            finishes.push(finish);
            let end = if ok { "COMMIT" } else { "ROLLBACK" };
            return match conn.execute(end).await {
                Ok(_) => (finishes, Ok(())),
                Err(e) => {
                    let _ = conn.execute("ROLLBACK").await;
                    (finishes, Err(Arc::new(e)))
                }
            };
        }
        return (finishes, Ok(()));
    }
    let mut failed = None;
    for job in jobs {
        if failed.is_some() {
            continue;
        }
        if let Err(e) = conn.execute("SAVEPOINT job").await {
            failed = Some(e);
            continue;
        }
        let (ok, finish) = job(&mut conn).await;
        finishes.push(finish);
        let ended = if ok {
            conn.execute("RELEASE SAVEPOINT job").await
        } else {
            match conn.execute("ROLLBACK TO SAVEPOINT job").await {
                Ok(_) => conn.execute("RELEASE SAVEPOINT job").await,
                Err(e) => Err(e),
            }
        };
        if let Err(e) = ended {
            failed = Some(e);
        }
    }
    if let Some(e) = failed {
        let _ = conn.execute("ROLLBACK").await;
        return (finishes, Err(Arc::new(e)));
    }
    match conn.execute("COMMIT").await {
        Ok(_) => (finishes, Ok(())),
        Err(e) => {
            let _ = conn.execute("ROLLBACK").await;
            (finishes, Err(Arc::new(e)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, UpstreamLog};

    fn entry() -> UpstreamLog {
        UpstreamLog {
            endpoint: "validate",
            payment_id: None,
            request_json: "{}".into(),
            http_status: Some(200),
            response_body: None,
            error: None,
            duration_ms: 1,
        }
    }

    async fn logged(db: &Db) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM upstream_log")
            .fetch_one(db)
            .await
            .unwrap()
    }

    /// A job alone in its batch runs without a savepoint: its failure must still undo
    /// what it wrote before failing, and its success must be committed.
    #[tokio::test]
    async fn a_lone_job_is_undone_when_it_fails_and_kept_when_it_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("w.db").display());
        let db = store::connect(&url).await.unwrap();
        let writer = Writer::start(db.clone());

        let failed: Result<(), sqlx::Error> = writer
            .run(|conn| {
                Box::pin(async move {
                    store::log_upstream(conn, &entry()).await?;
                    Err(sqlx::Error::RowNotFound)
                })
            })
            .await;
        assert!(matches!(failed, Err(sqlx::Error::RowNotFound)));
        assert_eq!(
            logged(&db).await,
            0,
            "the failed job's insert was committed"
        );

        let kept: Result<(), sqlx::Error> = writer
            .run(|conn| Box::pin(async move { store::log_upstream(conn, &entry()).await }))
            .await;
        assert!(kept.is_ok());
        assert_eq!(logged(&db).await, 1);
    }
}
