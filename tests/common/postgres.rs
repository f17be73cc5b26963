//! A throwaway PostgreSQL cluster for the store's tests, one per test
//! binary, started on first use: `initdb` into a temporary directory (as
//! the `postgres` user when running as root, since `initdb` refuses root),
//! `pg_ctl start` on a free loopback port, and a fresh database per test.
//!
//! The cluster outlives no test run: a watchdog shell started beside it
//! waits for this test process to exit (normally, by a failed assertion or
//! by a kill) and then stops the server and deletes the directory. Statics
//! are never dropped in Rust, so a `Drop` could not do it.
//!
//! Where the binaries are absent the Postgres variant of each test prints
//! why and returns; everything else still runs. `KYC_TEST_PG_BIN` names
//! another directory holding `initdb`, `pg_ctl` and `postgres`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

const DEFAULT_BIN: &str = "/usr/lib/postgresql/15/bin";

pub struct Cluster {
    pub port: u16,
    pub dir: PathBuf,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

fn bin_dir() -> PathBuf {
    std::env::var_os("KYC_TEST_PG_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_BIN))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `program` from the PostgreSQL binaries, as the `postgres` user when root.
fn pg_command(program: &str) -> Command {
    let path = bin_dir().join(program);
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(mut command: Command, what: &str) -> Result<(), String> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn start() -> Result<Cluster, String> {
    if !bin_dir().join("initdb").is_file() {
        return Err(format!(
            "PostgreSQL binaries not found in {} (set KYC_TEST_PG_BIN)",
            bin_dir().display()
        ));
    }
    let dir = std::env::temp_dir().join(format!(
        "kyc-pg-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // The postgres user writes the data directory, log and socket here.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777))
        .map_err(|e| e.to_string())?;
    let data = dir.join("data");
    let port = free_port();
    watchdog(&dir, &data);
    let mut initdb = pg_command("initdb");
    initdb.arg("-D").arg(&data).args([
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    ]);
    run(initdb, "initdb")?;
    let mut pg_ctl = pg_command("pg_ctl");
    pg_ctl
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(dir.join("log"))
        .arg("-o")
        // No fsync: the tests kill processes, not the power; a case
        // committed to the server survives a client's death either way.
        // The store bench sets KYC_TEST_PG_FSYNC=on to measure durable
        // commits, as SQLite's synchronous=FULL makes them.
        .arg(format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync={} -c max_connections=300",
            dir.display(),
            if std::env::var_os("KYC_TEST_PG_FSYNC").is_some_and(|v| v == "on") {
                "on"
            } else {
                "off"
            }
        ))
        .args(["-w", "-t", "60", "start"])
        .stdout(Stdio::null());
    run(pg_ctl, "pg_ctl start").map_err(|e| {
        let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
        format!("{e}\n{log}")
    })?;
    Ok(Cluster { port, dir })
}

/// Stops the server and removes `dir` once this process is gone. Never
/// waited for: it must outlive this process (init reaps it then).
#[allow(clippy::zombie_processes)]
fn watchdog(dir: &Path, data: &Path) {
    let stop = format!(
        "{} {} -D '{}' -m immediate stop",
        if is_root() {
            "runuser -u postgres --"
        } else {
            ""
        },
        bin_dir().join("pg_ctl").display(),
        data.display()
    );
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        dir = dir.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the Postgres watchdog");
}

/// The cluster, started on first use; `None` (with the reason printed)
/// when PostgreSQL is not installed. A cluster that fails to start when
/// the binaries are there is a test failure, not a skip.
pub fn cluster() -> Option<&'static Cluster> {
    match CLUSTER.get_or_init(start) {
        Ok(c) => Some(c),
        Err(why) if why.starts_with("PostgreSQL binaries not found") => {
            eprintln!("skipping the PostgreSQL variant: {why}");
            None
        }
        Err(why) => panic!("cannot start the test PostgreSQL cluster: {why}"),
    }
}

/// A new, empty database on the test cluster; its `postgres://` URL.
pub fn fresh_database() -> Option<String> {
    let cluster = cluster()?;
    let name = format!(
        "kyc_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::Relaxed)
    );
    let mut psql = Command::new(bin_dir().join("psql"));
    psql.args(["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q"])
        .arg("-p")
        .arg(cluster.port.to_string())
        .args(["-c", &format!("CREATE DATABASE {name}")]);
    run(psql, "CREATE DATABASE").unwrap();
    Some(format!(
        "postgres://postgres@127.0.0.1:{}/{name}",
        cluster.port
    ))
}
