//! Statements written once and run by either engine: sqlx (PostgreSQL, and any connection
//! from the pool) or the writer's own SQLite connection, which runs them in the writer task
//! itself. Through sqlx every SQLite statement is a round trip to sqlx's worker thread — two
//! thread switches each, the largest part of a create's cost on a busy core — so the
//! statements of the request path are written as [`Stmt`]s against [`Tx`], and the writer
//! picks the engine (see `writer.rs`).
//!
//! Placeholders are `$n`, as everywhere in the store; the SQLite engine binds them by number.

use std::borrow::Cow;

use futures_util::future::BoxFuture;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

/// One bound value.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_string()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(Some(v.clone()))
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}
impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Self {
        Arg::Text(v.clone())
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}

/// A statement and its values, `$1` being the first.
#[derive(Debug, Clone)]
pub struct Stmt {
    pub sql: Cow<'static, str>,
    pub args: Vec<Arg>,
}

impl Stmt {
    pub fn new(sql: impl Into<Cow<'static, str>>) -> Self {
        Self {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    fn sqlx(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut query = sqlx::query(&self.sql);
        for arg in &self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v.as_deref()),
                Arg::Int(v) => query.bind(*v),
            };
        }
        query
    }

    /// The SQLite engine's statement, with every `$n` bound to `args[n - 1]`.
    fn prepared<'c>(
        &self,
        conn: &'c rusqlite::Connection,
    ) -> Result<rusqlite::CachedStatement<'c>, InlineError> {
        let mut statement = conn.prepare_cached(&self.sql)?;
        for index in 1..=statement.parameter_count() {
            let number = statement
                .parameter_name(index)
                .and_then(|name| name.strip_prefix('$'))
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| InlineError::placeholder(&self.sql))?;
            match self.args.get(number.wrapping_sub(1)) {
                Some(Arg::Text(v)) => statement.raw_bind_parameter(index, v.as_deref())?,
                Some(Arg::Int(v)) => statement.raw_bind_parameter(index, *v)?,
                None => return Err(InlineError::placeholder(&self.sql)),
            }
        }
        Ok(statement)
    }
}

/// A transaction's connection, whichever engine runs it.
pub trait Tx: Send {
    fn is_postgres(&self) -> bool;
    /// Runs `stmt`; the rows it changed.
    fn exec<'a>(&'a mut self, stmt: &'a Stmt) -> BoxFuture<'a, Result<u64, sqlx::Error>>;
    /// The first column of the first row `stmt` returns, if any (an integer).
    fn fetch_i64<'a>(
        &'a mut self,
        stmt: &'a Stmt,
    ) -> BoxFuture<'a, Result<Option<i64>, sqlx::Error>>;
}

impl Tx for AnyConnection {
    fn is_postgres(&self) -> bool {
        self.backend_name() == "PostgreSQL"
    }

    fn exec<'a>(&'a mut self, stmt: &'a Stmt) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
        Box::pin(async move { Ok(stmt.sqlx().execute(&mut *self).await?.rows_affected()) })
    }

    fn fetch_i64<'a>(
        &'a mut self,
        stmt: &'a Stmt,
    ) -> BoxFuture<'a, Result<Option<i64>, sqlx::Error>> {
        Box::pin(async move {
            use sqlx::Row;
            match stmt.sqlx().fetch_optional(&mut *self).await? {
                Some(row) => Ok(Some(row.try_get::<i64, _>(0)?)),
                None => Ok(None),
            }
        })
    }
}

/// The writer's own SQLite connection: every call finishes before it returns (its future is
/// ready at once), so the writer runs a job on it in one poll.
pub struct Inline<'c>(pub &'c mut rusqlite::Connection);

impl Inline<'_> {
    fn run_execute(&self, stmt: &Stmt) -> Result<u64, InlineError> {
        let mut statement = stmt.prepared(self.0)?;
        Ok(u64::try_from(statement.raw_execute()?).unwrap_or(u64::MAX))
    }

    fn run_fetch(&self, stmt: &Stmt) -> Result<Option<i64>, InlineError> {
        let mut statement = stmt.prepared(self.0)?;
        let mut rows = statement.raw_query();
        let first = match rows.next()? {
            Some(row) => Some(row.get::<_, i64>(0)?),
            None => None,
        };
        // Stepped to the end, so a statement that writes (INSERT … RETURNING) has finished.
        while rows.next()?.is_some() {}
        Ok(first)
    }

    /// Runs a statement without values (transaction control), prepared once.
    pub fn run_control(&self, sql: &str) -> Result<(), InlineError> {
        self.0.prepare_cached(sql)?.raw_execute()?;
        Ok(())
    }
}

impl Tx for Inline<'_> {
    fn is_postgres(&self) -> bool {
        false
    }

    fn exec<'a>(&'a mut self, stmt: &'a Stmt) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
        let done = self.run_execute(stmt).map_err(sqlx::Error::from);
        Box::pin(std::future::ready(done))
    }

    fn fetch_i64<'a>(
        &'a mut self,
        stmt: &'a Stmt,
    ) -> BoxFuture<'a, Result<Option<i64>, sqlx::Error>> {
        let done = self.run_fetch(stmt).map_err(sqlx::Error::from);
        Box::pin(std::future::ready(done))
    }
}

/// An error of the SQLite engine, as sqlx reports database errors (so a unique violation
/// is one whichever engine met it).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct InlineError {
    message: String,
    code: Option<i32>,
    #[source]
    source: Option<rusqlite::Error>,
}

impl InlineError {
    fn placeholder(sql: &str) -> Self {
        let head: String = sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        Self {
            message: format!("a placeholder of `{head} …` has no value"),
            code: None,
            source: None,
        }
    }

    /// A job awaited something other than its statements: it cannot run inline.
    pub fn not_inline() -> Self {
        Self {
            message: "a writer job waited on something other than the database".into(),
            code: None,
            source: None,
        }
    }
}

impl From<rusqlite::Error> for InlineError {
    fn from(e: rusqlite::Error) -> Self {
        let (message, code) = match &e {
            rusqlite::Error::SqliteFailure(failure, message) => (
                message.clone().unwrap_or_else(|| failure.to_string()),
                Some(failure.extended_code),
            ),
            other => (other.to_string(), None),
        };
        Self {
            message,
            code,
            source: Some(e),
        }
    }
}

impl sqlx::error::DatabaseError for InlineError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        self.code.map(|c| Cow::Owned(c.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        use rusqlite::ffi;
        use sqlx::error::ErrorKind;
        match self.code {
            Some(ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY) => {
                ErrorKind::UniqueViolation
            }
            Some(ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => ErrorKind::ForeignKeyViolation,
            Some(ffi::SQLITE_CONSTRAINT_NOTNULL) => ErrorKind::NotNullViolation,
            Some(ffi::SQLITE_CONSTRAINT_CHECK) => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}
