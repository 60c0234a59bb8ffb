#!/usr/bin/env python3
"""Per-layer instructions of one callgrind dump (bench/profile).

    profile-layers.py FILE REQUESTS                 the layer table
    profile-layers.py FILE REQUESTS --callees REGEX what the functions matching
                                                    REGEX call, by edge cost

A layer's cost is the inclusive cost of every call *into* a function matching
its pattern from a function that does not match it (callgrind records each call
arc's inclusive cost), so recursion inside a layer is counted once. Layers
nest (the search handler contains the availability call, which contains the
JSON decode); the table gives each layer's inclusive cost and, for the
layers that have them, its cost less the layers listed under it.
"""
import re
import sys
from collections import defaultdict

# (name, parent, regex on the function name[, regex on its callers]). A
# parent's "own" cost is its inclusive cost less its children's.
LAYERS = [
    ("whole request (all threads)", None, None),
    ("hyper server: accept, parse, write; tokio", "whole request (all threads)", None),
    ("tower/axum stack: every layer and the handler", "whole request (all threads)",
     r"^<hyper_util::service::oneshot::Oneshot<S,Req> as core::future::future::Future>::poll$"),
    ("request span and access log line (tracing, JSON)", "tower/axum stack: every layer and the handler",
     r"^(tracing::span::Span::new"
     r"|<F as tower_http::trace::make_span::MakeSpan<B>>::make_span"
     r"|<tracing_subscriber::fmt::Subscriber<N,E,F,W> as tracing_core::subscriber::Subscriber>::(enter|exit|try_close)"
     r"|tracing_core::dispatcher::Dispatch::(try_close|enter|exit|clone_span|new_span)"
     r"|bff_tenant_booking::telemetry::access_log)"),
    ("metrics (handles, counters, histograms)", "tower/axum stack: every layer and the handler",
     r"^(bff_tenant_booking::http::route_metrics|<metrics_exporter_prometheus::recorder::PrometheusRecorder as metrics::recorder::Recorder>::register_"
     r"|metrics::handles::|<metrics_exporter_prometheus|metrics_exporter_prometheus::|metrics::key::Key::)"),
    ("tenant resolution and prefs", "tower/axum stack: every layer and the handler",
     r"^(bff_tenant_booking::tenancy::|bff_tenant_booking::http::edge::prefs::Prefs::resolve)"),
    ("cookies and session (tower-cookies, tower-sessions)", "tower/axum stack: every layer and the handler",
     r"^(<tower_cookies::service::CookieManager<S> as tower_service::Service|<tower_sessions::service::SessionManager<S,Store,C> as tower_service::Service"
     r"|tower_cookies::|<tower_sessions::service::PlaintextCookie)"),
    ("negotiation (Accept, representation)", "tower/axum stack: every layer and the handler",
     r"^bff_tenant_booking::http::edge::negotiate::Repr::from_headers"),
    ("boxed services: clones and drops", "tower/axum stack: every layer and the handler",
     r"(clone_box$|^core::ptr::drop_in_place<tower::util::map_future::MapFuture)"),
    ("handler (search, or the draft page)", "tower/axum stack: every layer and the handler",
     r"^<F as axum::handler::Handler<\(M,T1,T2,T3,T4\),S>>::call::\{\{closure\}\}$"),
    ("availability call", "handler (search, or the draft page)",
     r"^<bff_tenant_booking::upstream::availability::HttpAvailability as bff_tenant_booking::upstream::availability::AvailabilityApi>::summary::\{\{closure\}\}$"),
    ("availability JSON decode", "availability call",
     r"^(serde_json::de::from_(slice|str)|bff_tenant_booking::upstream::availability::summary::)"),
    ("reqwest: request, send, response body", "availability call",
     r"^(reqwest::async_impl::request::RequestBuilder::send|<reqwest::async_impl::client::Pending as core::future::future::Future>::poll"
     r"|reqwest::async_impl::response::Response::bytes|reqwest::async_impl::client::Client::request|reqwest::async_impl::request::RequestBuilder::(header|timeout)"
     r"|core::ptr::drop_in_place<reqwest::)"),
    ("draft page: the draft from Redis (HGET, JSON decode, settling)", "handler (search, or the draft page)",
     r"^(bff_tenant_booking::funnel::settle::<impl bff_tenant_booking::funnel::Funnel>::load_settled::\{\{closure\}\}"
     r"|bff_tenant_booking::funnel::Funnel::load::\{\{closure\}\})$"),
    ("the draft's JSON decode (serde_json)", "draft page: the draft from Redis (HGET, JSON decode, settling)",
     r"(BookingDraft>::deserialize::__Visitor as serde_core::de::Visitor>::visit_map$|^serde_json::de::from_trait)"),
    ("draft page: the guest's session and the draft id (DraftAction)", "handler (search, or the draft page)",
     r"DraftAction as axum_core::extract::FromRequestParts<S>>::from_request_parts::\{\{closure\}\}$"),
    ("draft view model", "handler (search, or the draft page)",
     r"^bff_tenant_booking::http::routes::draft::(view_of|views::DraftView::new)$"),
    ("search view model (results, prices)", "handler (search, or the draft page)",
     r"^(bff_tenant_booking::http::routes::search::(property_result|base_view|sort_results|alternatives)|bff_tenant_booking::http::AppState::prices"
     r"|^src/http/routes/search.rs:<alloc::vec::Vec<T> as alloc::vec::spec_from_iter::SpecFromIter<T,I>>::from_iter)"),
    ("page: chrome, template, response", "handler (search, or the draft page)",
     r"^bff_tenant_booking::http::routes::(search::render|draft::render_draft_for)$"),
    ("chrome (tenant header, switchers, assets)", "page: chrome, template, response",
     r"^(bff_tenant_booking::http::edge::context::Cx::chrome|bff_tenant_booking::http::edge::views::Chrome::)"),
    ("askama template (escaping included)", "page: chrome, template, response",
     r"render_into_with_values$"),
    ("allocator: malloc, free, realloc (inside the rows above)", None,
     r"^(malloc|free|realloc|calloc|posix_memalign|aligned_alloc)$"),
    ("money formatting (inside the view models and the template)", None,
     r"^(bff_tenant_booking::http::edge::views::Prices::view|bff_tenant_booking::i18n::format::money|bff_tenant_booking::i18n::Tr::money)"),
    ("futures moved into their boxes: memcpy by the handler and the layers (inside the rows above)", None,
     r"^__memcpy_avx_unaligned_erms$",
     r"(Handler<.*>::call::\{\{closure\}\}|MapFuture<S,F> as tower_service::Service<R>>::call|from_fn::FromFn<.*>::call)$"),
]


def parse(path):
    """Call arcs and self costs, each function named `file:function` (two
    monomorphisations of one generic, e.g. axum's `from_fn` middleware
    closures, share a name and differ by the file of their body)."""
    names = {}
    files = {}
    edges = defaultdict(int)  # (caller, callee) -> inclusive cost
    selfcost = defaultdict(int)
    total = 0
    fn = None
    fl = ""
    cfile = None
    callee = None
    expect_cost = False
    name_re = re.compile(r"^(c?fn|fl|fi|fe|cfi|cfl)=\((\d+)\)(?: (.*))?$")

    def lookup(table, line):
        m = name_re.match(line.rstrip("\n"))
        if m is None:
            return line.split("=", 1)[1].strip()
        if m.group(3) is not None:
            table[m.group(2)] = m.group(3)
        return table[m.group(2)]

    with open(path, errors="replace") as f:
        for line in f:
            if expect_cost:
                expect_cost = False
                parts = line.split()
                if len(parts) >= 2 and callee is not None:
                    edges[(fn, callee)] += int(parts[1])
                cfile = None
                continue
            c = line[0] if line else ""
            if c.isdigit() or c in "+-*":
                parts = line.split()
                if len(parts) >= 2 and fn is not None:
                    selfcost[fn] += int(parts[1])
                continue
            if line.startswith("fl="):
                fl = short(lookup(files, line))
            elif line.startswith(("fi=", "fe=")):
                lookup(files, line)
            elif line.startswith("fn="):
                fn = fl + ":" + lookup(names, line)
            elif line.startswith(("cfi=", "cfl=")):
                cfile = short(lookup(files, line))
            elif line.startswith("cfn="):
                callee = (cfile if cfile is not None else fl) + ":" + lookup(names, line)
            elif line.startswith("calls="):
                expect_cost = True
            elif line.startswith(("summary:", "totals:")):
                total = max(total, int(line.split(":", 1)[1].split()[0]))
    return total, edges, selfcost


def short(path):
    path = re.sub(r"^/root/.cargo/registry/src/index.crates.io-[0-9a-f]+/", "", path)
    path = re.sub(r"^/rustc/[0-9a-f]+/", "", path)
    return re.sub(r"^/work/[^/]+/", "", path)


def base(name):
    """The function's name without its file and callgrind's recursion suffix ('2)."""
    return re.sub(r"'\d+$", "", name.split(":", 1)[1])


def matches(rx, name):
    """A pattern matches the function's name, or `file:function` (for a
    generic whose body's file tells which instance it is)."""
    return bool(rx.search(base(name)) or rx.search(re.sub(r"'\d+$", "", name)))


def layer_cost(regex, edges, selfcost, callers=None):
    """`callers`, when given: only calls from functions matching it count."""
    rx = re.compile(regex)
    crx = re.compile(callers) if callers else None
    cost = 0
    for (caller, callee), c in edges.items():
        if matches(rx, callee) and not matches(rx, caller) and (crx is None or matches(crx, caller)):
            cost += c
    return cost


def main():
    path, requests = sys.argv[1], int(sys.argv[2])
    total, edges, selfcost = parse(path)
    if len(sys.argv) > 4 and sys.argv[3] == "--callees":
        rx = re.compile(sys.argv[4])
        out = defaultdict(int)
        own = 0
        for (caller, callee), c in edges.items():
            if matches(rx, caller) and not matches(rx, callee):
                out[callee] += c
        for fnname, c in selfcost.items():
            if matches(rx, fnname):
                own += c
        print(f"{own / requests / 1000:8.1f}K  (self)")
        for name, c in sorted(out.items(), key=lambda kv: -kv[1])[:60]:
            print(f"{c / requests / 1000:8.1f}K  {name[:200]}")
        return
    inclusive = {}
    for name, parent, regex, *callers in LAYERS:
        if regex is None:
            inclusive[name] = total if parent is None else None
        else:
            inclusive[name] = layer_cost(regex, edges, selfcost, *callers)
    stack = "tower/axum stack: every layer and the handler"
    inclusive["hyper server: accept, parse, write; tokio"] = total - inclusive[stack]
    children = defaultdict(int)
    for name, parent, *_ in LAYERS:
        if parent is not None and parent != "whole request (all threads)":
            children[parent] += inclusive[name]
    depth = {}
    for name, parent, *_ in LAYERS:
        depth[name] = 0 if parent is None else depth[parent] + 1
    print("| layer | K instr/request (inclusive) | of which not in the layers below it |")
    print("|---|---:|---:|")
    for name, parent, *_ in LAYERS:
        inc = inclusive[name] / requests / 1000
        own = ""
        if name in children:
            own = f"{(inclusive[name] - children[name]) / requests / 1000:.1f}"
        print(f"| {'  ' * depth[name]}{'└ ' if depth[name] else ''}{name} | {inc:.1f} | {own} |")


if __name__ == "__main__":
    main()
