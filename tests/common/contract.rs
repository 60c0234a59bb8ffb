//! Every JSON answer the HTTP tests read is checked against the OpenAPI
//! document (`http::openapi::document()`, what `/openapi.json` serves): the
//! route and method must be documented, the status must be one of the
//! operation's responses, and the body must validate against that response's
//! schema for its content type (JSON Schema 2020-12, which OpenAPI 3.1 schemas
//! are). Paths the document does not describe (the 404 of an unknown path) are
//! left alone.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(bff_tenant_booking::http::openapi::document()).unwrap())
}

/// The document's path template that `path` (no query) is an instance of.
pub fn template_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    let paths = document()["paths"].as_object()?;
    // A literal segment beats a parameter (`/draft/{id}/payment` vs `/draft/{id}/{x}`).
    let mut matches: Vec<&str> = paths
        .keys()
        .map(String::as_str)
        .filter(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts.iter().zip(&segments).all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')))
        })
        .collect();
    matches.sort_by_key(|t| t.matches('{').count());
    matches.first().copied()
}

/// The schema of the response to `method template` with `status` and
/// `content_type`, as a root schema whose `$ref`s resolve in the document.
fn schema_for(method: &str, template: &str, status: u16, content_type: &str) -> Value {
    let doc = document();
    let operation = &doc["paths"][template][method.to_ascii_lowercase()];
    assert!(operation.is_object(), "{method} {template} is not documented");
    let mut response = &operation["responses"][status.to_string()];
    assert!(response.is_object(), "{method} {template}: status {status} is not documented");
    if let Some(r) = response["$ref"].as_str() {
        response = &doc["components"]["responses"][r.trim_start_matches("#/components/responses/")];
    }
    let media = content_type.split(';').next().unwrap_or("").trim();
    let schema = &response["content"][media]["schema"];
    assert!(schema.is_object(), "{method} {template} {status}: no {media} content is documented");
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    })
}

/// Checks one JSON answer (see the module doc); panics with what is wrong.
pub fn check(method: &str, path: &str, status: u16, content_type: &str, body: &Value) {
    let path = path.split('?').next().unwrap_or(path);
    let Some(template) = template_of(path) else { return };
    static VALIDATORS: OnceLock<Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>> = OnceLock::new();
    let key = format!("{method} {template} {status} {content_type}");
    let cache = VALIDATORS.get_or_init(Default::default);
    let known = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
    let validator = match known {
        Some(validator) => validator,
        None => {
            let schema = schema_for(method, template, status, content_type);
            let validator =
                std::sync::Arc::new(jsonschema::draft202012::new(&schema).expect("the document's schema compiles"));
            cache.lock().unwrap_or_else(|e| e.into_inner()).insert(key, validator.clone());
            validator
        }
    };
    let errors: Vec<String> = validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(
        errors.is_empty(),
        "{method} {path} → {status} does not match the OpenAPI document:\n{}\n{body}",
        errors.join("\n")
    );
}

/// Reads a response, checks it if it is JSON (see [`check`]), and gives it
/// back as it was (status, headers, body).
pub async fn checked(method: &str, res: reqwest::Response) -> reqwest::Response {
    let status = res.status();
    let path = res.url().path().to_owned();
    let headers = res.headers().clone();
    let bytes = res.bytes().await.unwrap();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if content_type.contains("json") && !bytes.is_empty() {
        let body: Value = serde_json::from_slice(&bytes).expect("a JSON answer is JSON");
        check(method, &path, status.as_u16(), &content_type, &body);
    }
    let mut rebuilt = axum::http::Response::new(bytes);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}
