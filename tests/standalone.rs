//! A binary that stands alone: copied into an empty directory, with no
//! source tree and no config, it triages with the knowledge base built into
//! it; paths in a config file are relative to that file, not to where the
//! program was started.

use std::path::Path;
use std::process::{Command, Output};

fn copied_binary(dir: &Path) -> std::path::PathBuf {
    let bin = dir.join("kyc-triage");
    std::fs::copy(env!("CARGO_BIN_EXE_kyc-triage"), &bin).unwrap();
    bin
}

/// Runs the copied binary. A spawn can fail with "text file busy" when the
/// other test's thread forks while this copy's file is still open for
/// writing (the child holds the descriptor until it execs): a known race
/// of copying an executable and running it in one multi-threaded process,
/// which a retry after a moment outlasts.
fn run_in(bin: &Path, cwd: &Path, args: &[&str]) -> Output {
    let mut tries = 0;
    loop {
        let out = Command::new(bin)
            .args(args)
            .current_dir(cwd)
            .env_remove("RUST_LOG")
            .env_remove("KYC_TRIAGE_STORE_URL")
            .output();
        match out {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            out => return out.unwrap(),
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_copied_binary_in_an_empty_directory_triages_with_its_built_in_base() {
    let dir = tempfile::tempdir().unwrap();
    let bin = copied_binary(dir.path());
    let message = "someone used my ID to open an account, I never signed up";
    let out = run_in(&bin, dir.path(), &["ask", "--json", message]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let decision: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(decision["decision"], "escalate", "{decision}");
    let out = run_in(&bin, dir.path(), &["kb", "check"]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    assert!(said.contains("(built-in): 0 error(s)"), "{said}");
}

#[test]
fn relative_paths_in_a_config_file_are_relative_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let etc = dir.path().join("etc");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(etc.join("data")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let config = etc.join("kyc-triage.toml");
    std::fs::write(&config, "[store]\npath = \"data/cases.db\"\n").unwrap();
    let bin = copied_binary(dir.path());
    let out = run_in(
        &bin,
        &elsewhere,
        &["--config", config.to_str().unwrap(), "escalations", "list"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        etc.join("data/cases.db").is_file(),
        "created beside the config"
    );
    assert!(!elsewhere.join("data").exists());
}
