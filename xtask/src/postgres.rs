//! A throwaway PostgreSQL server for the proxy's Postgres test pass: Debian's `postgresql`
//! package (installed when missing, as root, like Chromium), a cluster in a temp dir on a free
//! loopback port with trust auth, stopped and deleted when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::exec::{probe, run, Ctx, Step};
use crate::tools::apt_install;

/// initdb refuses to run as root; the Debian package creates this user.
const PG_USER: &str = "postgres";

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    /// Installs PostgreSQL if needed, then initialises and starts a cluster.
    pub fn start(ctx: &Ctx) -> Result<Cluster> {
        let bin = match find_bin() {
            Some(bin) => bin,
            None => {
                apt_install(
                    ctx,
                    &["postgresql"],
                    "PostgreSQL (the server's Postgres test pass)",
                    "about 30 seconds",
                )?;
                find_bin().context("no /usr/lib/postgresql/*/bin/initdb after installing")?
            }
        };
        let as_postgres = probe(ctx.cmd("id").arg("-u")).unwrap_or_default().trim() == "0";
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let dir = std::env::temp_dir().join(format!("wct-pos-pg-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let cluster = Cluster {
            bin,
            dir,
            port,
            as_postgres,
        };
        if as_postgres {
            run(Command::new("chown")
                .arg(format!("{PG_USER}:{PG_USER}"))
                .arg(&cluster.dir))?;
        }
        let step = Step::start(format!("starting PostgreSQL on 127.0.0.1:{port}"));
        let data = cluster.dir.join("data");
        run(cluster.pg("initdb").arg("-D").arg(&data).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        ]))?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off \
             -c max_connections=400",
            cluster.dir.display()
        );
        run(cluster
            .pg("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(cluster.dir.join("server.log"))
            .args(["-w", "start"]))?;
        step.done();
        Ok(cluster)
    }

    /// The server's URL (its `postgres` database; tests create their own beside it).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A PostgreSQL tool, run as the `postgres` user when we are root.
    fn pg(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", PG_USER, "--"]).arg(program);
            cmd.current_dir(&self.dir);
            cmd
        } else {
            Command::new(program)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        if let Err(e) = run(self
            .pg("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "fast", "-w", "stop"]))
        {
            println!("    warning: cannot stop the test PostgreSQL: {e:#}");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest installed `/usr/lib/postgresql/<major>/bin` holding initdb.
fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let major = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            has_initdb(&bin).then_some((major, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn has_initdb(bin: &Path) -> bool {
    bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()
}
