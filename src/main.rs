//! The binary: `bff-tenant-booking` serves; `bff-tenant-booking mint-handoff …`
//! prints a signed handoff link; `bff-tenant-booking healthcheck` asks a running
//! instance (the image's `HEALTHCHECK`).

use std::process::ExitCode;

use bff_tenant_booking::config::{self, Settings};
use bff_tenant_booking::{cli, startup, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve" | "demo-platform") => {}
        Some("mint-handoff") => return mint_handoff(&args[1..]),
        Some("healthcheck") => return healthcheck(&args[1..]).await,
        Some("-h" | "--help" | "help") => {
            println!(
                "usage: bff-tenant-booking [serve]\n       bff-tenant-booking mint-handoff --help\n       bff-tenant-booking demo-platform [--listen ADDR]\n       bff-tenant-booking healthcheck [--ready]"
            );
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("unknown command `{other}`; try --help");
            return ExitCode::from(2);
        }
    }
    // Only serving needs the full configuration.
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(config::EXIT_CONFIG);
        }
    };
    match args.first().map(String::as_str) {
        Some("demo-platform") => demo_platform(settings, &args[1..]).await,
        _ => serve(settings).await,
    }
}

/// `mint-handoff …`: prints a signed link. Needs only the handoff keys.
fn mint_handoff(args: &[String]) -> ExitCode {
    let mint = match cli::parse_mint_args(args) {
        Ok(cli::MintCommand::Help) => {
            println!("{}", cli::MINT_USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(cli::MintCommand::Mint(mint)) => mint,
        Err(e) => {
            eprintln!("mint-handoff: {e}");
            return ExitCode::from(2);
        }
    };
    let keys = match config::handoff_keys_from_lookup(|name| std::env::var(name).ok()) {
        Ok(keys) => keys,
        Err(e) => {
            eprintln!("mint-handoff: configuration error: {e}");
            return ExitCode::from(config::EXIT_CONFIG);
        }
    };
    match cli::mint_url(&mint, &keys, jiff::Timestamp::now().as_second()) {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mint-handoff: {e}");
            ExitCode::from(2)
        }
    }
}

async fn serve(settings: Settings) -> ExitCode {
    telemetry::init_logging(settings.log_format, &settings.log_filter);
    let app = match startup::build(settings).await {
        Ok(app) => app,
        Err(e) if e.is_configuration() => {
            tracing::error!(error = %e, "configuration error");
            eprintln!("configuration error: {e}");
            return ExitCode::from(config::EXIT_CONFIG);
        }
        Err(e) => {
            tracing::error!(error = %e, "start-up failed");
            eprintln!("start-up failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (addr, metrics_addr) = (app.addr, app.metrics_addr);
    let demo = app.demo.as_ref().map(|d| d.base_url());
    tracing::info!(%addr, %metrics_addr, demo_platform = demo.as_deref().unwrap_or("off"), "listening");
    if demo.is_some() {
        let port = addr.port();
        eprintln!(
            "Demo sites: http://aurora.localhost:{port}  http://kestrel.localhost:{port}  http://solstice.localhost:{port}  (index: http://localhost:{port})"
        );
    }
    match app.serve(shutdown_signal()).await {
        Ok(()) => {
            tracing::info!("shut down cleanly");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "server error");
            ExitCode::FAILURE
        }
    }
}

/// `healthcheck [--ready]`: asks the instance on `LISTEN_ADDR` (an unspecified
/// address means this host) for `/healthz` (or `/readyz`), within 2 s. Exit 0
/// when it answers 200, 1 otherwise, 2 on a usage error: what Docker's
/// `HEALTHCHECK` and an exec probe expect. Needs nothing else of the configuration.
async fn healthcheck(args: &[String]) -> ExitCode {
    let path = match args {
        [] => "/healthz",
        [flag] if flag == "--ready" => "/readyz",
        _ => {
            eprintln!("usage: bff-tenant-booking healthcheck [--ready]");
            return ExitCode::from(2);
        }
    };
    let listen = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let mut addr: std::net::SocketAddr = match listen.parse() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("healthcheck: LISTEN_ADDR {listen:?}: {e}");
            return ExitCode::from(config::EXIT_CONFIG);
        }
    };
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() { [127, 0, 0, 1].into() } else { std::net::Ipv6Addr::LOCALHOST.into() });
    }
    let client = match reqwest::Client::builder().timeout(std::time::Duration::from_secs(2)).build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("healthcheck: {e}");
            return ExitCode::FAILURE;
        }
    };
    match client.get(format!("http://{addr}{path}")).send().await {
        Ok(res) if res.status() == reqwest::StatusCode::OK => ExitCode::SUCCESS,
        Ok(res) => {
            eprintln!("healthcheck: {path} answered {}", res.status());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("healthcheck: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `demo-platform [--listen ADDR]`: the embedded demo platform as its own
/// process (default 127.0.0.1:0), so a benchmark's upstream never shares the
/// service's process. Prints its base URL, serves until SIGTERM or Ctrl-C.
async fn demo_platform(settings: Settings, args: &[String]) -> ExitCode {
    telemetry::init_logging(settings.log_format, &settings.log_filter);
    let addr = match args {
        [] => "127.0.0.1:0",
        [flag, addr] if flag == "--listen" => addr.as_str(),
        _ => {
            eprintln!("usage: bff-tenant-booking demo-platform [--listen 127.0.0.1:PORT]");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("demo-platform: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Its gateway signs webhooks with PAYMENT_WEBHOOK_SECRET (the demo secret
    // unless set), and it serves demo iam: loopback only, unless asked for.
    match listener.local_addr() {
        Ok(bound) if bound.ip().is_loopback() || settings.demo_public => {}
        Ok(bound) => {
            eprintln!("demo-platform: configuration error: --listen: {}", config::demo_public_refusal(bound));
            return ExitCode::from(config::EXIT_CONFIG);
        }
        Err(e) => {
            eprintln!("demo-platform: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    }
    match bff_tenant_booking::demo::start_on(listener, settings.payment_webhook_secret.expose()) {
        Ok(demo) => println!("demo platform listening on {}", demo.base_url()),
        Err(e) => {
            eprintln!("demo-platform: {e}");
            return ExitCode::FAILURE;
        }
    }
    shutdown_signal().await;
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
