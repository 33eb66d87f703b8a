"""Local single-user mode decides who is admin from the request alone: plain header dicts, no Streamlit."""

import pytest

from delivery.local_mode import FORWARDING_HEADERS, is_loopback_host, local_request_problem

PORT = 8501
BROWSER = {"Host": "localhost:8501", "Origin": "http://localhost:8501", "User-Agent": "Mozilla/5.0"}


def problem(headers=None, address="127.0.0.1", url="http://localhost:8501/", port=PORT):
    return local_request_problem(address, port, BROWSER if headers is None else headers, url)


@pytest.mark.parametrize(
    "headers, url",
    [
        (BROWSER, "http://localhost:8501/"),
        ({"host": "127.0.0.1:8501", "origin": "http://127.0.0.1:8501"}, "http://127.0.0.1:8501/priority"),
        ({"HOST": "[::1]:8501", "ORIGIN": "http://[::1]:8501"}, "http://[::1]:8501/"),
        ({"Host": "127.0.0.2:8501", "Origin": "http://localhost:8501"}, None),
    ],
)
def test_a_browser_on_this_computer_is_local(headers, url):
    assert problem(headers, url=url) is None


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "192.0.2.7", "::", "dashboard.example.gov"])
def test_a_server_other_computers_can_reach_is_never_local(address):
    assert problem(address=address).startswith("the server listens on ")


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_loopback_server_addresses(address):
    assert problem(address=address) is None


# The tunnel: a TCP forwarder on this computer publishes the server on 127.0.0.1:8501
# as http://localhost:9100. Every name is loopback; only the port gives it away.
def test_a_tunnel_to_another_port_is_not_local():
    tunnel = {"Host": "localhost:9100", "Origin": "http://localhost:9100"}
    assert problem(tunnel, url="http://localhost:9100/") == (
        "the page's address names port 9100, not this server's port 8501: a tunnel or forwarder"
    )
    assert problem(tunnel, url=None) == (
        "the Host header names port 9100, not this server's port 8501: a tunnel or forwarder"
    )


@pytest.mark.parametrize(
    "headers, reason",
    [
        (
            {"Host": "localhost", "Origin": "http://localhost"},
            "the Host header names port 80, not this server's port 8501: a tunnel or forwarder",
        ),
        (
            {"Host": "localhost:8501", "Origin": "http://localhost:9100"},
            "the Origin header names port 9100, not this server's port 8501: a tunnel or forwarder",
        ),
        (
            {"Host": "localhost:8501", "Origin": "https://localhost"},
            "the Origin header names port 443, not this server's port 8501: a tunnel or forwarder",
        ),
        (
            {"Host": "dashboard.example.gov:8501", "Origin": "http://localhost:8501"},
            "the Host header names dashboard.example.gov, not this computer",
        ),
        (
            {"Host": "localhost:8501", "Origin": "http://evil.example:8501"},
            "the Origin header names evil.example, not this computer",
        ),
        (
            {"Host": "localhost.evil.example:8501", "Origin": "http://localhost:8501"},
            "the Host header names localhost.evil.example, not this computer",
        ),
        ({"Origin": "http://localhost:8501"}, "the Host header is missing"),
        ({"Host": "localhost:8501"}, "the Origin header is missing"),
        (
            {"Host": "localhost:85o1", "Origin": "http://localhost:8501"},
            "the Host header names no host, not this computer",
        ),
    ],
)
def test_host_and_origin_must_name_this_computer_and_this_port(headers, reason):
    assert problem(headers, url=None) == reason


@pytest.mark.parametrize("name", sorted(FORWARDING_HEADERS) + ["X-Forwarded-Anything", "X-CLIENT-IP"])
def test_any_forwarding_header_means_a_proxy(name):
    assert problem(BROWSER | {name: "203.0.113.9"}) == (
        f"the request came through a proxy or tunnel (it carries a {name.lower()} header)"
    )


def test_the_common_forwarding_headers_are_all_known():
    common = {
        "x-forwarded-for",
        "x-forwarded-host",
        "forwarded",
        "x-real-ip",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "fastly-client-ip",
        "x-cluster-client-ip",
        "via",
    }
    assert common <= FORWARDING_HEADERS


def test_a_page_opened_at_another_address_is_not_local():
    assert problem(url="https://dashboard.example.gov/overview") == (
        "the page's address names dashboard.example.gov, not this computer"
    )


def test_no_request_at_all_checks_the_address_and_url_only():
    # A test harness runs the script with no HTTP request: no headers to check.
    assert local_request_problem("127.0.0.1", PORT, {}, None) is None
    assert local_request_problem("127.0.0.1", PORT, {}, "http://localhost:9100/").endswith("a tunnel or forwarder")


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("localhost.example", False),
        ("", False),
        (None, False),
    ],
)
def test_is_loopback_host(host, loopback):
    assert is_loopback_host(host) is loopback
