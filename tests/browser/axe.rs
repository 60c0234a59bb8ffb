//! axe-core, vendored (see `vendor/README.md`), injected through WebDriver's
//! script execution, which the page's CSP does not govern.

use fantoccini::Client;
use serde_json::Value;

const AXE: &str = include_str!("vendor/axe.min.js");

/// With JavaScript off (the content setting), the page runs no timers, though
/// WebDriver's scripts and promise jobs still run. axe defers work with
/// `setTimeout`; on such a page (no script of its own runs) timers become
/// promise jobs for the length of the check.
const TIMERS_AS_JOBS: &str = r#"
window.setTimeout = function (fn) {
  var args = Array.prototype.slice.call(arguments, 2);
  Promise.resolve().then(function () { if (typeof fn === 'function') { fn.apply(null, args); } });
  return 0;
};
window.clearTimeout = function () {};
"#;

/// WCAG 2.0 and 2.1, levels A and AA.
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
}).then(r => {
  const brief = v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
  });
  done(r.passes.length === 0 ? 'axe checked nothing'
    : { violations: r.violations.map(brief), incomplete: r.incomplete.map(brief) });
}).catch(e => done('axe failed: ' + e));
"#;

/// What axe found on one page.
pub struct Report {
    /// Violations, each as readable text: these fail the test.
    pub violations: Vec<String>,
    /// What axe could not decide ("needs review"), for a human to look at.
    pub incomplete: Vec<String>,
}

/// Checks the current page.
pub async fn run(client: &Client, javascript: bool) -> Report {
    let loaded = client.execute("return typeof window.axe === 'object';", vec![]).await.unwrap_or(Value::Null);
    if loaded != Value::Bool(true) {
        client
            .execute(&format!("{AXE}\n;return typeof window.axe;"), vec![])
            .await
            .unwrap_or_else(|e| panic!("injecting axe-core failed: {e}"));
    }
    let script = if javascript { RUN.to_owned() } else { format!("{TIMERS_AS_JOBS}{RUN}") };
    let result = client.execute_async(&script, vec![]).await.unwrap_or_else(|e| panic!("running axe-core failed: {e}"));
    let list = |key: &str| result[key].as_array().map(|l| l.iter().map(describe).collect()).unwrap_or_default();
    match result {
        Value::Object(_) => Report { violations: list("violations"), incomplete: list("incomplete") },
        other => Report { violations: vec![format!("{other}")], incomplete: Vec::new() },
    }
}

fn describe(v: &Value) -> String {
    let mut out = format!(
        "[{}] {} — {} ({})",
        v["impact"].as_str().unwrap_or("?"),
        v["id"].as_str().unwrap_or("?"),
        v["help"].as_str().unwrap_or(""),
        v["helpUrl"].as_str().unwrap_or("")
    );
    for node in v["nodes"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "\n    at {}\n      {}\n      {}",
            node["target"].as_str().unwrap_or(""),
            node["html"].as_str().unwrap_or(""),
            node["summary"].as_str().unwrap_or("").replace('\n', "\n      ")
        ));
    }
    out
}
