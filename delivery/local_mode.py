"""Local single-user mode: is this request from a browser on this computer, straight to this server?

Without sign-in, the one local user is the app's admin. That is safe only while nobody
else can reach the server, so each request is checked, and anything doubtful makes the
visitor a viewer: the server must listen on a loopback address; the request must carry no
forwarding header of any common name (a reverse proxy, load balancer, CDN or tunnel adds
one); and the browser's Host and Origin headers must name this computer *and this
server's own port*. The port matters: a TCP forwarder or SSH tunnel that publishes a
server on 127.0.0.1:8501 as ``localhost:9100`` passes every other check, because the
visitor's browser does see "localhost".

Local mode still trusts every program that can reach the port on this computer (other
user accounts on a shared machine included): see SECURITY.md.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

# Headers that say who the real client is, added by whatever stood in between.
FORWARDING_HEADERS = frozenset(
    {
        "forwarded",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
        "x-forwarded-port",
        "x-forwarded-server",
        "x-forwarded",
        "forwarded-for",
        "x-real-ip",
        "x-client-ip",
        "client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "cf-connecting-ipv6",
        "fastly-client-ip",
        "x-cluster-client-ip",
        "x-original-forwarded-for",
        "x-originating-ip",
        "x-remote-ip",
        "x-remote-addr",
        "x-proxyuser-ip",
        "x-envoy-external-address",
        "x-azure-clientip",
        "x-azure-socketip",
        "x-appengine-user-ip",
        "akamai-client-ip",
        "x-akamai-edgescape",
        "via",
    }
)
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def is_loopback_host(host: str | None) -> bool:
    """Is ``host`` (a name or address, no port) this computer: localhost, 127.x.x.x or ::1?"""
    if not host:
        return False
    host = host.strip().strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def forwarding_headers(headers: Mapping[str, str]) -> list[str]:
    """The forwarding headers in ``headers`` (lower case, sorted): any one means a proxy."""
    names = {str(k).lower() for k in headers}
    return sorted(n for n in names if n in FORWARDING_HEADERS or n.startswith("x-forwarded-"))


def local_request_problem(
    server_address: str | None, server_port: int, headers: Mapping[str, str], url: str | None = None
) -> str | None:
    """Why this request may not be the local admin, in words; None when it may.

    ``headers`` are the request's headers, in any case. An empty mapping means there was
    no HTTP request at all (a script run by a test harness): then only the server's
    address and the page's ``url`` are checked. A real browser always sends Host and,
    on the app's websocket, Origin: a request without them is refused.
    """
    address = str(server_address or "").strip()
    if not is_loopback_host(address):
        return f"the server listens on {address or 'every network interface'}, which other computers can reach"
    forwarded = forwarding_headers(headers)
    if forwarded:
        return f"the request came through a proxy or tunnel (it carries a {forwarded[0]} header)"
    if url:
        problem = _not_this_server("the page's address", _url_host_port(url), server_port)
        if problem:
            return problem
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    if not lowered:
        return None
    host = lowered.get("host")
    origin = lowered.get("origin")
    return _not_this_server(
        "the Host header", _netloc_host_port(host) if host else None, server_port
    ) or _not_this_server("the Origin header", _url_host_port(origin) if origin else None, server_port)


def _not_this_server(what: str, host_port: tuple[str | None, int | None] | None, server_port: int) -> str | None:
    if host_port is None:
        return f"{what} is missing"
    host, port = host_port
    if not is_loopback_host(host):
        return f"{what} names {host or 'no host'}, not this computer"
    if port != server_port:
        return f"{what} names port {port}, not this server's port {server_port}: a tunnel or forwarder"
    return None


def _netloc_host_port(netloc: str) -> tuple[str | None, int | None]:
    return _url_host_port("http://" + netloc.strip())


def _url_host_port(url: str) -> tuple[str | None, int | None]:
    try:
        parts = urlsplit(url.strip())
        return parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:  # a malformed port is not a browser on this computer
        return None, None
