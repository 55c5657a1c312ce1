//! The one writer: every write of the request path goes through a single task that runs
//! whatever is queued in one transaction (group commit). Writers never wait on SQLite's busy
//! handler, a burst of creates and postbacks costs one commit instead of one each, and event
//! numbers are committed and published in order because one task does both.
//!
//! Each job runs inside its own savepoint (a job alone in its batch: in the transaction
//! itself), so one job's failure (a duplicate reference, a lost compare-and-set) undoes that
//! job only. A job's result reaches its caller after the
//! commit, never before: nothing is reported written that is not.
//!
//! Two kinds of job: one on an sqlx connection (`run`, for anything), and one against
//! [`Tx`] (`run_tx`: statements only). On a SQLite file the writer runs the second kind on
//! its own connection inside this task, with no round trip to sqlx's SQLite thread per
//! statement; with PostgreSQL (or a memory database) both run on the pooled connection. A
//! batch is cut where the kind changes, each part one transaction, committed in queue order.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Executor};
use tokio::sync::{mpsc, oneshot};

use crate::store::tx::{Inline, InlineError, Tx};
use crate::store::Db;

/// Jobs one transaction takes at most.
const MAX_BATCH: usize = 256;
/// Jobs waiting for the writer at most; callers wait for room beyond that (back-pressure).
const QUEUE: usize = 4096;
/// The writer's own connection does not checkpoint the WAL itself (the copying and the
/// fsync would stall this task's thread): the pool does, on sqlx's thread, once the writer
/// has committed this many transactions since the last checkpoint (about SQLite's own
/// 1,000-page threshold at a create's two commits of ~12 pages), or after [`CHECKPOINT_IDLE`]
/// with anything written. Each checkpoint lets the next write restart the WAL, which costs
/// that write an fsync: rarer checkpoints keep those off the request path.
const CHECKPOINT_COMMITS: u64 = 80;
const CHECKPOINT_POLL: Duration = Duration::from_millis(100);
const CHECKPOINT_IDLE: Duration = Duration::from_secs(5);

/// Runs after the batch's commit (or its failure), in queue order.
type Finish = Box<dyn FnOnce(Result<(), &Arc<sqlx::Error>>) + Send>;
/// A job on an sqlx connection: `true` when its statements succeeded.
type AnyJob =
    Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, (bool, Finish)> + Send>;
/// A job of statements only, on whichever engine the writer has.
type TxJob = Box<dyn for<'c> FnOnce(&'c mut dyn Tx) -> BoxFuture<'c, (bool, Finish)> + Send>;

enum Job {
    Any(AnyJob),
    Tx(TxJob),
}

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
    /// Starts the writer task on `db` (a pool it keeps one connection of). On a SQLite file
    /// it also opens its own connection for [`Writer::run_tx`] jobs.
    pub fn start(db: Db) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let inline = open_inline(&db);
        let written = Arc::new(AtomicU64::new(0));
        if inline.is_some() {
            tokio::spawn(checkpoints(db.clone(), written.clone()));
        }
        tokio::spawn(run(db, inline, written, queue));
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
        let job = Job::Any(Box::new(move |conn| {
            Box::pin(async move { finishing(work(conn).await, then, done) })
        }));
        self.send(job).await?;
        wait.await.map_err(|_| E::from(WriteError::Stopped))?
    }

    /// `run_then` for a job of statements only (see [`Tx`]): on SQLite it runs on the
    /// writer's own connection, with no thread switch per statement. `work` must await
    /// nothing but its statements.
    pub async fn run_tx_then<T, E, F, G>(&self, work: F, then: G) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<WriteError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut dyn Tx) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
        G: FnOnce(&T) + Send + 'static,
    {
        let (done, wait) = oneshot::channel::<Result<T, E>>();
        let job = Job::Tx(Box::new(move |tx| {
            Box::pin(async move { finishing(work(tx).await, then, done) })
        }));
        self.send(job).await?;
        wait.await.map_err(|_| E::from(WriteError::Stopped))?
    }

    /// `run_tx_then` with nothing to do after the commit.
    pub async fn run_tx<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<WriteError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut dyn Tx) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
    {
        self.run_tx_then(work, |_| {}).await
    }

    async fn send<E: From<WriteError>>(&self, job: Job) -> Result<(), E> {
        self.jobs
            .send(job)
            .await
            .map_err(|_| E::from(WriteError::Stopped))
    }

    /// Queues `work` for the next batch without waiting for its commit: for a write nobody
    /// acts on (a log entry) that the caller's next awaited write commits no later than, as
    /// the queue is one line and batches commit in order. Only the wait for room in the
    /// queue is awaited. A failure is logged as `what`.
    pub async fn queue<F>(&self, what: &'static str, work: F)
    where
        F: for<'c> FnOnce(&'c mut dyn Tx) -> BoxFuture<'c, Result<(), sqlx::Error>>
            + Send
            + 'static,
    {
        let job = Job::Tx(Box::new(move |tx| {
            Box::pin(async move {
                let result = work(tx).await;
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
        }));
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

/// A job's outcome and what to do with it once its batch is committed (or not).
fn finishing<T, E, G>(
    result: Result<T, E>,
    then: G,
    done: oneshot::Sender<Result<T, E>>,
) -> (bool, Finish)
where
    T: Send + 'static,
    E: From<WriteError> + Send + 'static,
    G: FnOnce(&T) + Send + 'static,
{
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
}

impl From<WriteError> for sqlx::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Stopped => sqlx::Error::PoolClosed,
            WriteError::Commit(e) => sqlx::Error::Protocol(format!("commit failed: {e}")),
        }
    }
}

/// The pragmas every SQLite connection of the proxy runs with (sqlx's and the writer's own).
/// secure_delete: deleted and overwritten content (purged personal data) is zeroed in the
/// file, not left in free space. WAL with NORMAL: a commit is not fsynced, the WAL is (at
/// checkpoints). A kill -9 loses nothing; only power loss can lose the last commits, and the
/// upstream plus the reconciler recover those (README, "Durability").
pub(crate) const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
     PRAGMA secure_delete = ON;";
pub(crate) const SQLITE_FILE_PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

/// The writer's own connection to the SQLite file, with the pool's pragmas; it leaves
/// checkpoints to [`checkpoints`]. `None` (jobs then run on sqlx) if it cannot be opened.
fn open_inline(db: &Db) -> Option<rusqlite::Connection> {
    let url = db.connect_options().database_url.to_string();
    let path = crate::store::sqlite_file(&url)?;
    let opened = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|conn| {
        conn.execute_batch(SQLITE_PRAGMAS)?;
        conn.execute_batch(SQLITE_FILE_PRAGMAS)?;
        // Its page cache is the one that stays warm (nothing else writes), so it may be
        // larger than the pool's: 16 MiB at most, held only as the database grows.
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -16384;")?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    });
    match opened {
        Ok(conn) => Some(conn),
        Err(error) => {
            tracing::warn!(%error, path = %path.display(), "the writer runs every job through sqlx");
            None
        }
    }
}

/// Checkpoints the WAL through the pool (see [`CHECKPOINT_COMMITS`]).
async fn checkpoints(db: Db, written: Arc<AtomicU64>) {
    let mut seen = 0;
    let mut since = std::time::Instant::now();
    let mut tick = tokio::time::interval(CHECKPOINT_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if db.is_closed() {
            return;
        }
        let now = written.load(Ordering::Relaxed);
        let pending = now.saturating_sub(seen);
        if pending < CHECKPOINT_COMMITS && (pending == 0 || since.elapsed() < CHECKPOINT_IDLE) {
            continue;
        }
        seen = now;
        since = std::time::Instant::now();
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&db)
            .await
        {
            if db.is_closed() {
                return;
            }
            tracing::warn!(%error, "could not checkpoint the WAL");
        }
    }
}

async fn run(
    db: Db,
    mut inline: Option<rusqlite::Connection>,
    written: Arc<AtomicU64>,
    mut queue: mpsc::Receiver<Job>,
) {
    // The writer keeps one pooled connection from batch to batch: taking one from the pool
    // and giving it back costs a round trip to the database each (the pool pings what it
    // gets back), and on SQLite a connection that did the last write has its pages cached.
    // Not with a pool of one (a memory database), where readers need that connection too.
    let keep = db.options().get_max_connections() > 1;
    let mut held: Option<PoolConnection<Any>> = None;
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let size = batch.len();
        let started = std::time::Instant::now();
        let mut jobs = std::mem::take(&mut batch).into_iter().peekable();
        // Without its own connection the writer runs both kinds on sqlx.
        let has_inline = inline.is_some();
        while let Some(first) = jobs.next() {
            let (finishes, committed) = match (first, inline.as_mut()) {
                (Job::Tx(job), Some(conn)) => {
                    let mut part = vec![job];
                    while let Some(Job::Tx(job)) = jobs.next_if(|j| matches!(j, Job::Tx(_))) {
                        part.push(job);
                    }
                    let outcome = commit_inline(conn, part);
                    written.fetch_add(1, Ordering::Relaxed);
                    outcome
                }
                (first, _) => {
                    let mut part = vec![first];
                    while let Some(job) = jobs.next_if(|j| !(has_inline && matches!(j, Job::Tx(_))))
                    {
                        part.push(job);
                    }
                    let conn = match held.take() {
                        Some(conn) => Ok(conn),
                        None => db.acquire().await,
                    };
                    match conn {
                        Ok(mut conn) => {
                            let outcome = commit_batch(&mut *conn, part, run_job).await;
                            // After a failure the connection goes back to the pool, which
                            // tests it.
                            if keep && outcome.1.is_ok() {
                                held = Some(conn);
                            }
                            outcome
                        }
                        Err(e) => (Vec::new(), Err(Arc::new(e))),
                    }
                }
            };
            if let Err(e) = &committed {
                tracing::error!(error = %e, "the writer could not commit a batch");
            }
            for finish in finishes {
                finish(committed.as_ref().map(|_| ()));
            }
        }
        metrics::histogram!("writer_batch_size").record(size as f64);
        metrics::histogram!("writer_commit_seconds").record(started.elapsed().as_secs_f64());
        metrics::gauge!("writer_queue_depth").set(queue.len() as f64);
    }
}

/// A connection the writer runs a transaction on: an sqlx one, or its own (where every call
/// is done before it returns, so the whole transaction completes in one poll).
trait Control: Tx {
    /// Runs a transaction-control statement (`BEGIN`, `SAVEPOINT`, `COMMIT` …).
    fn control<'a>(&'a mut self, sql: &'static str) -> BoxFuture<'a, Result<(), sqlx::Error>>;
}

impl Control for AnyConnection {
    fn control<'a>(&'a mut self, sql: &'static str) -> BoxFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(async move { self.execute(sql).await.map(|_| ()) })
    }
}

impl Control for Inline<'_> {
    fn control<'a>(&'a mut self, sql: &'static str) -> BoxFuture<'a, Result<(), sqlx::Error>> {
        // Prepared once: it would be parsed on every use.
        let done = self.run_control(sql).map_err(sqlx::Error::from);
        Box::pin(std::future::ready(done))
    }
}

/// Runs a job on an sqlx connection.
fn run_job(conn: &mut AnyConnection, job: Job) -> BoxFuture<'_, (bool, Finish)> {
    match job {
        Job::Any(job) => job(conn),
        Job::Tx(job) => job(conn),
    }
}

/// Runs a statements-only job on the writer's own connection: its future completes in one
/// poll (every statement runs before it returns). One that waits on something else is
/// undone and fails (its caller hears the writer stopped).
fn run_inline_job<'c>(tx: &'c mut Inline<'_>, job: TxJob) -> BoxFuture<'c, (bool, Finish)> {
    let ran = job(tx).now_or_never().unwrap_or_else(|| {
        tracing::error!(error = %InlineError::not_inline(), "a writer job could not run");
        (false, Box::new(|_| {}))
    });
    Box::pin(std::future::ready(ran))
}

/// One transaction: a savepoint per job, then the commit. Jobs that never ran (the
/// connection failed first) are dropped, and their callers learn the writer failed them.
async fn commit_batch<C, J, R>(
    conn: &mut C,
    jobs: Vec<J>,
    run: R,
) -> (Vec<Finish>, Result<(), Arc<sqlx::Error>>)
where
    C: Control + ?Sized,
    R: for<'c> Fn(&'c mut C, J) -> BoxFuture<'c, (bool, Finish)>,
{
    let mut finishes = Vec::with_capacity(jobs.len());
    // SQLite: take the write lock now, not at the first write (no upgrade deadlocks).
    let begin = if conn.is_postgres() {
        "BEGIN"
    } else {
        "BEGIN IMMEDIATE"
    };
    if let Err(e) = conn.control(begin).await {
        return (finishes, Err(Arc::new(e)));
    }
    // A job alone needs no savepoint: undoing it is undoing the transaction. That is the
    // common case of an idle writer, and saves two statements on the path a caller waits on.
    if jobs.len() == 1 {
        if let Some(job) = jobs.into_iter().next() {
            let (ok, finish) = run(conn, job).await;
            finishes.push(finish);
            let end = if ok { "COMMIT" } else { "ROLLBACK" };
            return match conn.control(end).await {
                Ok(()) => (finishes, Ok(())),
                Err(e) => {
                    let _ = conn.control("ROLLBACK").await;
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
        if let Err(e) = conn.control("SAVEPOINT job").await {
            failed = Some(e);
            continue;
        }
        let (ok, finish) = run(conn, job).await;
        finishes.push(finish);
        let ended = if ok {
            conn.control("RELEASE SAVEPOINT job").await
        } else {
            match conn.control("ROLLBACK TO SAVEPOINT job").await {
                Ok(()) => conn.control("RELEASE SAVEPOINT job").await,
                Err(e) => Err(e),
            }
        };
        if let Err(e) = ended {
            failed = Some(e);
        }
    }
    if let Some(e) = failed {
        let _ = conn.control("ROLLBACK").await;
        return (finishes, Err(Arc::new(e)));
    }
    match conn.control("COMMIT").await {
        Ok(()) => (finishes, Ok(())),
        Err(e) => {
            let _ = conn.control("ROLLBACK").await;
            (finishes, Err(Arc::new(e)))
        }
    }
}

/// [`commit_batch`] on the writer's own connection, which completes in one poll.
fn commit_inline(
    conn: &mut rusqlite::Connection,
    jobs: Vec<TxJob>,
) -> (Vec<Finish>, Result<(), Arc<sqlx::Error>>) {
    let done = commit_batch(&mut Inline(&mut *conn), jobs, run_inline_job).now_or_never();
    done.unwrap_or_else(|| {
        // Cannot happen (nothing in it waits); never leave a transaction open if it did.
        let _ = conn.execute_batch("ROLLBACK");
        let e = sqlx::Error::from(InlineError::not_inline());
        (Vec::new(), Err(Arc::new(e)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, Stmt, UpstreamLog};

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

    async fn file_db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("w.db").display());
        let db = store::connect(&url).await.unwrap();
        (dir, db)
    }

    /// One log entry written by a job on sqlx (`inline` false) or of statements only (on the
    /// writer's own connection), which fails after writing it when `fail`.
    async fn log_job(writer: &Writer, inline: bool, fail: bool) -> Result<(), sqlx::Error> {
        let outcome = move || {
            if fail {
                Err(sqlx::Error::RowNotFound)
            } else {
                Ok(())
            }
        };
        if inline {
            writer
                .run_tx(move |tx| {
                    Box::pin(async move {
                        store::log_upstream(tx, &entry()).await?;
                        outcome()
                    })
                })
                .await
        } else {
            writer
                .run(move |conn| {
                    Box::pin(async move {
                        store::log_upstream(conn, &entry()).await?;
                        outcome()
                    })
                })
                .await
        }
    }

    /// A job alone in its batch runs without a savepoint: its failure must still undo
    /// what it wrote before failing, and its success must be committed, on either engine.
    #[tokio::test]
    async fn a_lone_job_is_undone_when_it_fails_and_kept_when_it_succeeds() {
        for inline in [false, true] {
            let (_dir, db) = file_db().await;
            let writer = Writer::start(db.clone());
            let failed = log_job(&writer, inline, true).await;
            assert!(matches!(failed, Err(sqlx::Error::RowNotFound)), "{inline}");
            assert_eq!(
                logged(&db).await,
                0,
                "the failed job's insert was committed"
            );
            assert!(log_job(&writer, inline, false).await.is_ok());
            assert_eq!(logged(&db).await, 1, "{inline}");
        }
    }

    /// Statement jobs batched on the writer's own connection share one transaction: only
    /// the failing one is undone.
    #[tokio::test]
    async fn in_a_batch_only_the_failing_statements_job_is_undone() {
        let (_dir, db) = file_db().await;
        let writer = Writer::start(db.clone());
        // Several at once share one transaction: only the failing one is undone.
        let jobs = (0..6).map(|i| {
            let writer = writer.clone();
            async move {
                writer
                    .run_tx(move |tx| {
                        Box::pin(async move {
                            store::log_upstream(tx, &entry()).await?;
                            if i == 3 {
                                return Err(sqlx::Error::RowNotFound);
                            }
                            Ok::<_, sqlx::Error>(())
                        })
                    })
                    .await
            }
        });
        let outcomes = futures_util::future::join_all(jobs).await;
        assert_eq!(outcomes.iter().filter(|o| o.is_err()).count(), 1);
        assert_eq!(logged(&db).await, 5);
    }

    /// `$n` is the n-th value whatever order the statement names them in, and a value
    /// named twice is bound twice, on both engines.
    #[tokio::test]
    async fn placeholders_bind_by_number_on_both_engines() {
        let (_dir, db) = file_db().await;
        sqlx::query("CREATE TABLE t (a TEXT, b BIGINT, c TEXT, d TEXT)")
            .execute(&db)
            .await
            .unwrap();
        let insert = |tag: &str| {
            Stmt::new("INSERT INTO t (c, b, a, d) VALUES ($3, $2, $1, $3)")
                .bind(tag)
                .bind(Some(7_i64))
                .bind(None::<String>)
        };
        let writer = Writer::start(db.clone());
        let inline = insert("inline");
        writer
            .run_tx(move |tx| Box::pin(async move { tx.exec(&inline).await }))
            .await
            .unwrap();
        let mut conn = db.acquire().await.unwrap();
        Tx::exec(&mut *conn, &insert("sqlx")).await.unwrap();
        let rows: Vec<(String, i64, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT a, b, c, d FROM t ORDER BY a")
                .fetch_all(&db)
                .await
                .unwrap();
        assert_eq!(
            rows,
            vec![
                ("inline".into(), 7, None, None),
                ("sqlx".into(), 7, None, None)
            ]
        );
    }

    /// A unique violation on the writer's own connection is one to the code that tells a
    /// retried create from a new one.
    #[tokio::test]
    async fn a_duplicate_on_the_writers_connection_is_a_unique_violation() {
        let (_dir, db) = file_db().await;
        let writer = Writer::start(db.clone());
        let insert = || {
            Stmt::new("INSERT INTO terminals (id, name, token, created_at) VALUES ($1, $1, $1, 0)")
                .bind("t-1")
        };
        for attempt in 0..2 {
            let stmt = insert();
            let result: Result<u64, sqlx::Error> = writer
                .run_tx(move |tx| Box::pin(async move { tx.exec(&stmt).await }))
                .await;
            match (attempt, result) {
                (0, Ok(1)) => {}
                (1, Err(sqlx::Error::Database(e))) => assert!(e.is_unique_violation(), "{e}"),
                (n, other) => panic!("attempt {n}: {other:?}"),
            }
        }
    }

    /// The row a create gets back without reading it is the row the database holds (a
    /// column default changed by a migration would otherwise go unnoticed).
    #[tokio::test]
    async fn the_creating_row_returned_is_the_row_stored() {
        let (_dir, db) = file_db().await;
        sqlx::query(
            "INSERT INTO terminals (id, name, token, created_at) VALUES ('t', 'T', 'x', 0)",
        )
        .execute(&db)
        .await
        .unwrap();
        let new = store::NewRow {
            id: "p_1".into(),
            terminal_id: "t".into(),
            store: "default".into(),
            idempotency_key: "key-12345678".into(),
            body_hash: "h".into(),
            fields: wct_api::upstream::PaymentFields {
                amount: "5.00".into(),
                asset: "USD".into(),
                requested_asset: "BTC".into(),
                reference: "R-1".into(),
                description: "Coffee".into(),
                ..Default::default()
            },
            fields_json: "{}".into(),
            postback_token: "tok".into(),
            sale_json: Some("{}".into()),
        };
        let writer = Writer::start(db.clone());
        let returned = writer
            .run_tx(move |tx| Box::pin(async move { store::insert_creating(tx, &new).await }))
            .await
            .unwrap();
        let stored = store::payment(&db, "p_1").await.unwrap().unwrap();
        assert_eq!(format!("{returned:?}"), format!("{stored:?}"));
    }
}
