//! The operator's HTTP endpoints: `GET /healthz` and `GET /metrics`, on
//! `metrics.listen`. A few lines of hyper rather than the exporter's own
//! listener, which serves only the metrics: one port for both is what a
//! compose healthcheck and a Prometheus scrape config expect.

use super::health::Health;
use crate::config::MetricsListen;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use metrics_exporter_prometheus::PrometheusHandle;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// A client that has not sent its request headers after this long is
/// dropped, so a stuck scraper cannot hold connections open for ever.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The Prometheus text format's content type.
const METRICS_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Why the endpoints could not be served.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(
        "cannot serve /metrics and /healthz on {addr} (metrics.listen): {source}; \
         choose a free address, or set metrics.listen = \"\" to turn them off"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Binds `listen`. An address the operator chose that cannot be bound is
/// an error (`serve` refuses to start); the default address being taken
/// (another `serve` on this machine) is a warning and no endpoints, so
/// that a second process on a default config still runs.
pub async fn bind(listen: &MetricsListen) -> Result<Option<TcpListener>, OpsError> {
    let (addr, chosen) = match *listen {
        MetricsListen::Off => return Ok(None),
        MetricsListen::Default(addr) => (addr, false),
        MetricsListen::Explicit(addr) => (addr, true),
    };
    match TcpListener::bind(addr).await {
        Ok(listener) => Ok(Some(listener)),
        Err(source) if chosen => Err(OpsError::Bind { addr, source }),
        Err(e) => {
            tracing::warn!(
                %addr,
                error = %e,
                "/metrics and /healthz are not served: the default address is taken \
                 (another kyc-triage serve?); give each process its own metrics.listen"
            );
            Ok(None)
        }
    }
}

/// Serves both endpoints on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, metrics: PrometheusHandle, health: Health) {
    let state = Arc::new((metrics, health));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, say: not fatal, try again soon.
                tracing::warn!(error = %e, "metrics endpoint: cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let state = Arc::clone(&state);
                async move { Ok::<_, std::convert::Infallible>(route(req, &state.0, &state.1).await) }
            });
            let served = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            if let Err(e) = served {
                tracing::debug!(error = %e, "metrics endpoint: connection ended with an error");
            }
        });
    }
}

async fn route(
    req: Request<Incoming>,
    metrics: &PrometheusHandle,
    health: &Health,
) -> Response<Full<Bytes>> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    match req.uri().path() {
        "/healthz" => match health.check().await {
            Ok(()) => text(StatusCode::OK, "ok\n"),
            // One line, whatever the driver's message held.
            Err(why) => text(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!("unavailable: {}\n", why.replace(['\r', '\n'], " ")),
            ),
        },
        "/metrics" => {
            health.refresh().await;
            let mut response = Response::new(Full::new(Bytes::from(metrics.render())));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(METRICS_TYPE));
            response
        }
        _ => text(
            StatusCode::NOT_FOUND,
            "not found: this port serves /healthz and /metrics\n",
        ),
    }
}

fn text(status: StatusCode, body: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
