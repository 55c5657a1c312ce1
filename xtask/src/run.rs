//! `cargo xtask run`: build the app, then the server, then hand the terminal over to the server.

use std::os::unix::process::CommandExt;

use anyhow::{Context, Result};

use crate::exec::{describe, run, Ctx, Step};

const DEFAULT_BIND: &str = "127.0.0.1:8080";

pub fn serve(ctx: &Ctx, args: &[String]) -> Result<()> {
    let step =
        Step::start("building wct-pos-server (profile server; several minutes the first time)…");
    run(ctx
        .cargo()
        .args(["build", "--profile", "server", "-p", "wct-pos-server"]))?;
    step.done();

    let public = std::env::var("WCT_POS_PUBLIC_URL").ok();
    let bind = std::env::var("WCT_POS_BIND").ok();
    let tls = std::env::var("WCT_POS_TLS").ok();
    println!("==> starting wct-pos-server (Ctrl-C stops it)");
    println!(
        "    open {} in a browser; a new tablet pairs with the one-time code the server prints",
        open_url(public, bind, tls, args)
    );
    let mut cmd = ctx.cargo();
    cmd.args([
        "run",
        "--quiet",
        "--profile",
        "server",
        "-p",
        "wct-pos-server",
        "--",
    ])
    .args(args);
    println!("    $ {}", describe(&cmd));
    // exec, not spawn: Ctrl-C and SIGTERM then reach the server alone, which shuts down gracefully.
    let err = cmd.exec();
    Err(err).context("cannot start the server")
}

/// The address to tell the user: `--public-url`, then `--bind`, in https when `--tls` /
/// `WCT_POS_TLS` turns HTTPS on (flags win over WCT_* env vars).
pub fn open_url(
    env_public: Option<String>,
    env_bind: Option<String>,
    env_tls: Option<String>,
    args: &[String],
) -> String {
    let public = flag(args, "--public-url").or(env_public);
    if let Some(url) = public.filter(|u| !u.is_empty()) {
        return url.trim_end_matches('/').to_string();
    }
    let bind = flag(args, "--bind")
        .or(env_bind)
        .unwrap_or_else(|| DEFAULT_BIND.into());
    // A wildcard bind answers on loopback too; the LAN address is up to the user.
    let bind = bind
        .replacen("0.0.0.0:", "127.0.0.1:", 1)
        .replacen("[::]:", "[::1]:", 1);
    let tls = flag(args, "--tls").or(env_tls).unwrap_or_default();
    let scheme = if matches!(tls.as_str(), "" | "off") {
        "http"
    } else {
        "https"
    };
    format!("{scheme}://{bind}")
}

/// The value of `--name value` or `--name=value`.
fn flag(args: &[String], name: &str) -> Option<String> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == name {
            return iter.next().cloned();
        }
        if let Some(value) = arg
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('='))
        {
            return Some(value.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn default_is_loopback_8080() {
        assert_eq!(open_url(None, None, None, &[]), "http://127.0.0.1:8080");
    }

    #[test]
    fn flags_win_over_environment() {
        let env_bind = Some("127.0.0.1:9000".to_string());
        assert_eq!(
            open_url(None, env_bind.clone(), None, &[]),
            "http://127.0.0.1:9000"
        );
        assert_eq!(
            open_url(
                None,
                env_bind.clone(),
                None,
                &args(&["--bind", "127.0.0.1:9100"])
            ),
            "http://127.0.0.1:9100"
        );
        assert_eq!(
            open_url(None, env_bind, None, &args(&["--bind=127.0.0.1:9200"])),
            "http://127.0.0.1:9200"
        );
    }

    #[test]
    fn https_when_tls_is_on() {
        assert_eq!(
            open_url(None, Some("0.0.0.0:8443".into()), Some("local".into()), &[]),
            "https://127.0.0.1:8443"
        );
        assert_eq!(
            open_url(None, None, Some("off".into()), &args(&["--tls", "files"])),
            "https://127.0.0.1:8080"
        );
        assert_eq!(
            open_url(None, None, Some("acme".into()), &args(&["--tls=off"])),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn public_url_wins_and_wildcard_binds_show_loopback() {
        let public = Some("https://pos.example.com/".to_string());
        assert_eq!(
            open_url(public, Some("0.0.0.0:8080".into()), None, &[]),
            "https://pos.example.com"
        );
        assert_eq!(
            open_url(None, Some("0.0.0.0:8080".into()), None, &[]),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            open_url(
                Some(String::new()),
                None,
                None,
                &args(&["--bind", "[::]:80"])
            ),
            "http://[::1]:80"
        );
    }
}
