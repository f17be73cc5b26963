//! `[metrics]`: where `serve` offers `/healthz` and `/metrics`.
//!
//! On by default, on loopback: an operator who never heard of it exposes
//! nothing to the network, and one who has gets it without a config
//! change. Several `serve` processes on one machine cannot share a port,
//! so the default being taken is only a warning (see `ops::server::bind`);
//! an address written in the config, or in `KYC_TRIAGE_METRICS_LISTEN`,
//! that cannot be bound stops `serve` with a sentence.

use serde::Deserialize;
use std::net::SocketAddr;

/// The address used when neither the file nor the environment names one.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9185";
/// The environment variable that overrides `metrics.listen` (one config
/// file for several processes, each with its own port).
pub const LISTEN_ENV: &str = "KYC_TRIAGE_METRICS_LISTEN";

/// Where to serve the operator's endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsListen {
    /// `listen = ""`.
    Off,
    /// Nothing configured: [`DEFAULT_LISTEN`], given up if taken.
    Default(SocketAddr),
    /// Written by the operator: must be bound.
    Explicit(SocketAddr),
}

impl MetricsListen {
    pub fn addr(&self) -> Option<SocketAddr> {
        match *self {
            MetricsListen::Off => None,
            MetricsListen::Default(a) | MetricsListen::Explicit(a) => Some(a),
        }
    }
}

impl Default for MetricsListen {
    fn default() -> Self {
        MetricsListen::Default(DEFAULT_LISTEN.parse().expect("a valid address"))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMetrics {
    listen: Option<String>,
}

impl RawMetrics {
    /// The validated setting; `name` is how errors call the value.
    pub(super) fn parse(&self) -> Result<MetricsListen, String> {
        match &self.listen {
            None => Ok(MetricsListen::default()),
            Some(v) => parse_listen("metrics.listen", v),
        }
    }
}

/// An explicit `listen` value: `""` (off) or `IP:PORT`.
pub(super) fn parse_listen(name: &str, value: &str) -> Result<MetricsListen, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(MetricsListen::Off);
    }
    value
        .parse::<SocketAddr>()
        .map(MetricsListen::Explicit)
        .map_err(|_| {
            format!(
                "{name} must be an IP address and port such as {DEFAULT_LISTEN} (or \"\" to turn the endpoints off), not `{value}`"
            )
        })
}
