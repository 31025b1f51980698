//! The Phoenix web layer as the router declares it.

use serde::Serialize;

use super::facts::{Facts, Route, Web};
use super::mermaid::{Flowchart, Shape};

/// How many modules one pipeline group draws before summarising the rest.
const MODULES_PER_GROUP: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct WebLayer {
    /// The umbrella app that holds the web layer.
    pub app: Option<String>,
    pub router: Option<String>,
    pub endpoint: Option<String>,
    pub diagram: String,
    pub pipelines: Vec<PipelineRow>,
    pub live_views: Vec<String>,
    pub controllers: Vec<String>,
    pub live_sessions: Vec<SessionRow>,
    pub channels: Vec<ChannelRow>,
    pub route_count: usize,
    pub live_route_count: usize,
    pub api_routes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PipelineRow {
    pub name: String,
    pub plugs: Vec<String>,
    pub routes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    pub name: String,
    pub on_mount: Vec<String>,
    pub routes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelRow {
    pub socket: String,
    pub topic: String,
    pub module: Option<String>,
}

pub fn decide(facts: &Facts) -> Option<WebLayer> {
    let (app, web) = facts.web()?;
    let live: Vec<&Route> = web.routes.iter().filter(|r| r.verb == "live").collect();
    Some(WebLayer {
        app: app.map(str::to_string),
        router: web.router.clone(),
        endpoint: web.endpoint.clone(),
        diagram: diagram(web),
        pipelines: web
            .pipelines
            .iter()
            .map(|p| PipelineRow {
                name: p.name.clone(),
                plugs: p.plugs.clone(),
                routes: web
                    .routes
                    .iter()
                    .filter(|r| r.pipe_through.contains(&p.name))
                    .count(),
            })
            .collect(),
        live_views: unique(live.iter().filter_map(|r| r.module.clone())),
        controllers: unique(
            web.routes
                .iter()
                .filter(|r| is_controller_verb(&r.verb))
                .filter_map(|r| r.module.clone()),
        ),
        live_sessions: web
            .live_sessions
            .iter()
            .map(|s| SessionRow {
                name: s.name.clone(),
                on_mount: s.on_mount.clone(),
                routes: live
                    .iter()
                    .filter(|r| r.live_session.as_deref() == Some(&s.name))
                    .count(),
            })
            .collect(),
        channels: web
            .sockets
            .iter()
            .flat_map(|s| {
                s.channels.iter().map(|c| ChannelRow {
                    socket: s.path.clone(),
                    topic: c.topic.clone(),
                    module: c.module.clone(),
                })
            })
            .collect(),
        route_count: web.routes.len(),
        live_route_count: live.len(),
        api_routes: web
            .routes
            .iter()
            .filter(|r| r.pipe_through.iter().any(|p| p == "api"))
            .map(|r| format!("{} {}", r.verb.to_uppercase(), r.path))
            .collect(),
    })
}

fn is_controller_verb(verb: &str) -> bool {
    matches!(
        verb,
        "get" | "post" | "put" | "patch" | "delete" | "options" | "head" | "resources" | "match"
    )
}

/// Sorted and deduplicated: the diagram and lists do not depend on route order.
fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut items: Vec<String> = items.collect();
    items.sort();
    items.dedup();
    items
}

/// Endpoint → router → one node per pipeline chain → the modules it serves;
/// sockets hang off the endpoint with their channels.
fn diagram(web: &Web) -> String {
    let mut chart = Flowchart::new("LR");
    let client = chart.node("Browser / HTTP client", Shape::Round);
    let endpoint = chart.node(web.endpoint.as_deref().unwrap_or("Endpoint"), Shape::Box);
    chart.edge(&client, &endpoint);
    let router = chart.node(web.router.as_deref().unwrap_or("Router"), Shape::Box);
    chart.edge(&endpoint, &router);

    let mut chains: Vec<Vec<String>> = web.routes.iter().map(|r| r.pipe_through.clone()).collect();
    chains.sort();
    chains.dedup();
    for chain in chains {
        let from = if chain.is_empty() {
            router.clone()
        } else {
            let pipes: Vec<String> = chain.iter().map(|p| format!(":{p}")).collect();
            let node = chart.node(
                &format!("pipe_through {}", pipes.join(", ")),
                Shape::Stadium,
            );
            chart.edge(&router, &node);
            node
        };
        let mut targets: Vec<(String, Shape)> = web
            .routes
            .iter()
            .filter(|r| r.pipe_through == chain)
            .map(|r| (route_target(r), route_shape(r)))
            .collect();
        targets.sort_by(|a, b| a.0.cmp(&b.0));
        targets.dedup_by(|a, b| a.0 == b.0);
        let hidden = targets.len().saturating_sub(MODULES_PER_GROUP);
        for (label, shape) in targets.into_iter().take(MODULES_PER_GROUP) {
            let node = chart.node(&label, shape);
            chart.edge(&from, &node);
        }
        if hidden > 0 {
            let node = chart.node(&format!("{hidden} more"), Shape::Box);
            chart.edge(&from, &node);
        }
    }
    for socket in &web.sockets {
        let label = match &socket.module {
            Some(module) => format!("socket {} · {module}", socket.path),
            None => format!("socket {}", socket.path),
        };
        let node = chart.node(&label, Shape::Stadium);
        chart.edge(&endpoint, &node);
        for channel in &socket.channels {
            let label = format!(
                "{} · {}",
                channel.topic,
                channel.module.as_deref().unwrap_or("channel")
            );
            let leaf = chart.node(&label, Shape::Round);
            chart.edge(&node, &leaf);
        }
    }
    chart.finish()
}

fn route_target(route: &Route) -> String {
    let module = route.module.as_deref().unwrap_or(&route.path);
    match route.verb.as_str() {
        "live" => format!("live {module}"),
        "forward" | "live_dashboard" => format!("{} {}", route.verb, route.path),
        _ => module.to_string(),
    }
}

fn route_shape(route: &Route) -> Shape {
    if route.verb == "live" {
        Shape::Round
    } else {
        Shape::Box
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn no_router_no_web_layer() {
        let facts = Facts::from_value(&json!({"deps": [{"name": "plug"}]})).unwrap();
        assert!(decide(&facts).is_none());
    }

    #[test]
    fn routes_group_by_pipeline_chain_and_sockets_by_endpoint() {
        let facts = Facts::from_value(&json!({"web": {
            "router": "AWeb.Router", "endpoint": "AWeb.Endpoint",
            "pipelines": [{"name": "browser", "plugs": ["fetch_session"]}, {"name": "api", "plugs": ["accepts"]}],
            "routes": [
                {"verb": "live", "path": "/", "module": "AWeb.HomeLive", "pipe_through": ["browser"], "live_session": "default"},
                {"verb": "get", "path": "/api/x", "module": "AWeb.XController", "action": "index", "pipe_through": ["api"]},
                {"verb": "live", "path": "/b", "module": "AWeb.HomeLive", "pipe_through": ["browser"], "live_session": "default"}
            ],
            "live_sessions": [{"name": "default", "on_mount": ["AWeb.Auth"]}],
            "sockets": [{"path": "/socket", "module": "AWeb.UserSocket", "channels": [{"topic": "room:*", "module": "AWeb.RoomChannel"}]}]
        }}))
        .unwrap();
        let web = decide(&facts).unwrap();
        assert_eq!(
            web.diagram,
            "flowchart LR\n    n0(\"Browser / HTTP client\")\n    n1[\"AWeb.Endpoint\"]\n    n0 --> n1\n    \
             n2[\"AWeb.Router\"]\n    n1 --> n2\n    n3([\"pipe_through :api\"])\n    n2 --> n3\n    \
             n4[\"AWeb.XController\"]\n    n3 --> n4\n    n5([\"pipe_through :browser\"])\n    n2 --> n5\n    \
             n6(\"live AWeb.HomeLive\")\n    n5 --> n6\n    n7([\"socket /socket · AWeb.UserSocket\"])\n    \
             n1 --> n7\n    n8(\"room:* · AWeb.RoomChannel\")\n    n7 --> n8\n"
        );
        assert_eq!(web.live_views, ["AWeb.HomeLive"]);
        assert_eq!(web.live_sessions[0].routes, 2);
        assert_eq!(web.pipelines[1].routes, 1);
        assert_eq!(web.api_routes, ["GET /api/x"]);
    }
}
