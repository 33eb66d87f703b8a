"""The documented nginx example, run for real: in front of the app for ``bench --proxy``, and in the tests.

The "A load balancer with sticky sessions in front" block of docs/running-for-a-team.md is
the configuration a team copies. Here it is taken from that page itself, put on local ports
(no TLS) with its ``alias`` pointed at this machine's Streamlit, and wrapped in a whole
``nginx.conf`` with an access log naming the upstream that served each request ("-" when
nginx served a static file itself). So the benchmark measures, and
tests/e2e/test_scale_out.py checks, exactly what the page says.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import streamlit

from bench.common import ROOT

EXAMPLE = ROOT / "docs" / "running-for-a-team.md"  # the page whose ```nginx block is run
STATIC = Path(streamlit.__file__).resolve().parent / "static" / "static"  # Streamlit's hashed JS and CSS
README_PORTS = ("127.0.0.1:8501", "127.0.0.1:8502")
README_ALIAS = "/srv/delivery/.venv/lib/python3.11/site-packages/streamlit/static/static/"
MIME_TYPES = Path("/etc/nginx/mime.types")  # Debian's; a module script served without its type is refused


def readme_block() -> str:
    """The ```nginx block of docs/running-for-a-team.md, as written there."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return text.split("```nginx\n", 1)[1].split("```", 1)[0]


def readme_nginx(ports: list[int], listen: int, work: Path) -> Path:
    """The README's nginx example on ``ports`` (two app processes; repeat one for a single process),
    listening on ``listen`` without TLS, as a whole nginx.conf under ``work``."""
    block = readme_block()
    for placeholder in (*README_PORTS, README_ALIAS, "listen 443 ssl;"):
        if block.count(placeholder) != 1:
            raise ValueError(f"The nginx example in {EXAMPLE.name} no longer has {placeholder!r} exactly once")
    for placeholder, port in zip(README_PORTS, ports, strict=True):
        block = block.replace(placeholder, f"127.0.0.1:{port}")
    block = block.replace(README_ALIAS, f"{STATIC}/").replace("listen 443 ssl;", f"listen 127.0.0.1:{listen};")
    temp = " ".join(f"{kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root (CI), nginx's workers would otherwise run as nobody, who cannot read a Python under /root.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    conf.write_text(
        f"daemon off;\n{user}worker_processes 1;\npid {work / 'nginx.pid'};\n"
        f"error_log {work / 'error.log'};\nevents {{}}\nhttp {{\ninclude {MIME_TYPES};\n{temp}\n"
        "log_format upstream '$upstream_addr $status \"$request\"';\n"
        f"access_log {work / 'access.log'} upstream;\n{block}}}\n",
        encoding="utf-8",
    )
    return conf


def start_nginx(ports: list[int], listen: int, work: Path) -> subprocess.Popen:
    """nginx with the README's example in front of ``ports``, answering on ``listen`` (waits until it does)."""
    work.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        ["nginx", "-c", str(readme_nginx(ports, listen, work)), "-p", str(work)],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(100):
        if proc.poll() is not None:
            raise RuntimeError(f"nginx stopped: {proc.stderr.read().decode(errors='replace')}")
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(f"http://127.0.0.1:{listen}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        time.sleep(0.2)
    stop_nginx(proc)
    raise RuntimeError("nginx did not answer within 20 s")


def stop_nginx(proc: subprocess.Popen) -> None:
    """nginx's graceful stop, so that its access log is written out."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGQUIT)
    proc.wait(timeout=20)
