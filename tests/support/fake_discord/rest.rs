//! The REST side: an HTTP/1.1 server answering serenity at
//! `http://127.0.0.1:PORT/api/v10/...`, recording every request.
//!
//! Each request goes: route (unknown: 404, recorded) -> authorization (as
//! Discord: `Authorization: Bot <token>`, except on interaction callbacks and
//! webhooks) -> injected failures -> body validation against Discord's OpenAPI
//! spec (400 Invalid Form Body, code 50035) -> the route's handler
//! (`routes.rs`).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;

use super::record::{parse_body, RecordedRequest};
use super::routes::{handle, resolve, Route};
use super::world::Rejection;
use super::{openapi, Shared};

/// Headers worth keeping with each recorded request.
const RECORDED_HEADERS: [&str; 4] = [
    "authorization",
    "content-type",
    "user-agent",
    "x-audit-log-reason",
];

/// The fake's answer: a status and a JSON body (none for 204).
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Option<Value>,
}

impl From<Rejection> for Reply {
    fn from(rejection: Rejection) -> Self {
        Self {
            status: rejection.status,
            body: Some(rejection.body),
        }
    }
}

impl Reply {
    pub fn ok(body: Value) -> Self {
        Self {
            status: 200,
            body: Some(body),
        }
    }

    pub fn no_content() -> Self {
        Self {
            status: 204,
            body: None,
        }
    }

    /// A Discord error: `{"message": ..., "code": ...}`.
    pub fn error(status: u16, code: u64, message: &str) -> Self {
        Rejection::new(status, code, message).into()
    }

    pub fn not_found() -> Self {
        Self::error(404, 0, "404: Not Found")
    }
}

pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(Arc::clone(&shared), request));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let headers: BTreeMap<String, String> = RECORDED_HEADERS
        .iter()
        .filter_map(|name| {
            let value = parts.headers.get(*name)?.to_str().ok()?;
            Some(((*name).to_owned(), value.to_owned()))
        })
        .collect();
    let body = parse_body(headers.get("content-type").map(String::as_str), &bytes);
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let segments: Vec<&str> = openapi::strip_api_prefix(&path)
        .trim_matches('/')
        .split('/')
        .collect();
    let route = path
        .starts_with("/api/v10/")
        .then(|| resolve(&method, &segments))
        .flatten();

    // Validate outside the lock: the first call parses the 1 MB spec.
    let mut invalid = match &route {
        Some(_) if shared.config.reject_invalid_bodies => openapi::find_operation(&method, &path)
            .map(|operation| operation.check(body.json()))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    // A channel edit: against the schema for the channel's type, as Discord does.
    if let (Some(("update_channel", Route::Channel(id))), true) =
        (&route, shared.config.reject_invalid_bodies)
    {
        let kind = shared.quietly(|s| s.world.channel(*id).and_then(|c| c["type"].as_u64()));
        if let Some(kind) = kind {
            invalid.extend(openapi::check_channel_update(kind, body.json()));
        }
    }

    let mut extra_headers = Vec::new();
    let reply = shared.update(|state| {
        let operation = route
            .as_ref()
            .map_or("unknown_route", |(operation, _)| *operation);
        let reply = match route {
            None => Reply::not_found(),
            Some((operation, route)) => {
                let needs_auth = !matches!(route, Route::Callback(..) | Route::Webhook(..));
                let expected = format!("Bot {}", shared.config.token);
                if needs_auth && headers.get("authorization") != Some(&expected) {
                    Reply::error(401, 0, "401: Unauthorized")
                } else if let Some((failure, headers)) = state.take_failure(operation, &path) {
                    extra_headers = headers;
                    failure
                } else if !invalid.is_empty() {
                    Reply {
                        status: 400,
                        body: Some(openapi::invalid_form_body(&invalid)),
                    }
                } else {
                    handle(state, &shared, &method, route, &body)
                }
            }
        };
        if reply.status >= 400 {
            tracing::debug!(%method, %path, status = reply.status, "fake discord: error reply");
        }
        state.record(RecordedRequest {
            index: 0, // set by `record`
            method: method.clone(),
            path: path.clone(),
            query: parts.uri.query().map(str::to_owned),
            operation,
            headers: headers.clone(),
            body: body.clone(),
            status: reply.status,
            response: reply.body.clone(),
        });
        reply
    });

    let mut response = Response::builder().status(reply.status);
    for (name, value) in &extra_headers {
        response = response.header(name.as_str(), value.as_str());
    }
    let payload = match reply.body {
        Some(json) => {
            response = response.header("content-type", "application/json");
            Bytes::from(json.to_string())
        }
        None => Bytes::new(),
    };
    Ok(response
        .body(Full::new(payload))
        .expect("status and headers are valid"))
}
