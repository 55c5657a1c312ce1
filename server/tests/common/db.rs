//! Which database a test's proxy uses: SQLite in memory by default; with
//! `WCT_TEST_DATABASE_URL=postgres://…` (a server the test may create databases on), a fresh
//! database of its own, so tests running at once never see each other's rows.

use sqlx::Connection;

pub const TEST_DATABASE_ENV: &str = "WCT_TEST_DATABASE_URL";

/// The Postgres server the suite runs against, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var(TEST_DATABASE_ENV)
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// A new, empty database on the Postgres server (`None` when the suite runs on SQLite).
pub async fn fresh_postgres_database() -> Option<String> {
    let server = postgres_server()?;
    let name = format!(
        "wct_test_{}",
        wct_pos_server::util::random_token(16).to_lowercase()
    );
    let mut conn = sqlx::postgres::PgConnection::connect(&server)
        .await
        .expect("connect to WCT_TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let _ = conn.close().await;
    let mut url = reqwest::Url::parse(&server).expect("WCT_TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    Some(url.to_string())
}

/// Moves an in-memory test configuration onto a fresh Postgres database when the suite runs
/// on Postgres; file databases (restart tests) stay as they are.
pub async fn use_test_database(config: &mut wct_pos_server::Config) {
    if config.memory_db() {
        if let Some(url) = fresh_postgres_database().await {
            config.database_url = url;
        }
    }
}
