//! The JSON API as the app's developers meet it, end to end: the document at
//! `/openapi.json` validates against the OpenAPI 3.1 schema, openapi-typescript
//! generates its types, `tsc --strict` compiles them with `clients/ts/book.ts`,
//! and the compiled script books a room against this real server with nothing
//! but those types. The tools are pinned in `clients/ts/package-lock.json` and
//! installed into `clients/ts/node_modules` (scripts/test does it first; this
//! test does it when they are missing), with npm's cache in the same folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::TestApp;

fn client_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("clients").join("ts")
}

/// Runs `program` in `dir` and returns its output; fails the test, with the
/// output, when it does not succeed.
async fn run(
    what: &'static str,
    dir: PathBuf,
    program: &'static str,
    args: Vec<String>,
    env: Vec<(String, String)>,
) -> String {
    tokio::task::spawn_blocking(move || {
        let out =
            Command::new(program).args(&args).envs(env).current_dir(&dir).output().unwrap_or_else(|e| {
                panic!("{what}: cannot run `{program}` ({e}); scripts/test installs Node.js and npm")
            });
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{what} failed ({}):\n{stdout}\n{stderr}", out.status);
        stdout
    })
    .await
    .expect("the command's thread")
}

/// The pinned tools, installed from the lock file unless they already are.
async fn ensure_tools(dir: &Path) {
    let bins = ["openapi-typescript", "tsc", "validate-api"];
    if bins.iter().all(|b| dir.join("node_modules/.bin").join(b).exists()) {
        return;
    }
    let cache = dir.join(".npm-cache").display().to_string();
    let args = ["ci", "--no-audit", "--no-fund", "--cache", &cache].map(str::to_owned).to_vec();
    run("npm ci", dir.to_path_buf(), "npm", args, vec![]).await;
}

fn bin(dir: &Path, name: &str) -> String {
    dir.join("node_modules/.bin").join(name).display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typescript_client_generated_from_the_document_books_end_to_end() {
    let dir = client_dir();
    ensure_tools(&dir).await;
    let app = TestApp::spawn().await;

    let document = reqwest::get(format!("http://{}/openapi.json", app.addr)).await.unwrap().text().await.unwrap();
    let generated = dir.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    std::fs::write(generated.join("openapi.json"), &document).unwrap();

    let node = |name: &str| bin(&dir, name);
    let out =
        run("validate-api", dir.clone(), "node", vec![node("validate-api"), "generated/openapi.json".into()], vec![])
            .await;
    assert!(
        out.replace(char::is_whitespace, "").contains("\"valid\":true"),
        "the document is not valid OpenAPI:\n{out}"
    );

    let args =
        vec![node("openapi-typescript"), "generated/openapi.json".into(), "-o".into(), "generated/schema.d.ts".into()];
    run("openapi-typescript", dir.clone(), "node", args, vec![]).await;
    // tsc --strict (tsconfig.json), emitting the script into dist/ only when it compiles.
    run("tsc --strict", dir.clone(), "node", vec![node("tsc"), "-p".into(), "tsconfig.json".into()], vec![]).await;

    let env = vec![
        ("BASE_URL".to_owned(), format!("http://127.0.0.1:{}", app.addr.port())),
        ("TENANT".to_owned(), "aurora".to_owned()),
    ];
    let out = run("node dist/book.js", dir.clone(), "node", vec!["dist/book.js".into()], env).await;
    let summary: serde_json::Value = serde_json::from_str(out.lines().last().unwrap_or("")).unwrap_or_default();
    let reference = summary["booked"].as_str().unwrap_or_else(|| panic!("the script booked nothing:\n{out}"));

    // The booking is real: the reservations upstream has it, paid.
    let ledger = app.demo_get("/__admin/ledger").await;
    let bookings = ledger["bookings"].to_string();
    assert!(bookings.contains(reference), "{reference} not in {bookings}");
}
