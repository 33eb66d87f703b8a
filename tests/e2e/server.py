"""Start and stop a real `streamlit run app.py` for the browser tests (one recipe for all of them)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEALTHY_WITHIN_S = 90


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTHY_WITHIN_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy in {HEALTHY_WITHIN_S} s:\n{log.read_text()}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started (its own process group), politely first."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def without_secrets(work: Path) -> tuple[str, ...]:
    """``streamlit run`` arguments for a server with no sign-in configured (an empty secrets file
    under ``work``, so a developer's own .streamlit/secrets.toml is never read) and no file watcher."""
    empty = work / "secrets.toml"
    empty.write_text("", encoding="utf-8")
    return ("--server.fileWatcherType", "none", "--secrets.files", str(empty))


@contextlib.contextmanager
def serve_app(
    work: Path,
    env: dict,
    *,
    cwd: Path,
    extra_args: tuple[str, ...] = (),
    host: str = "127.0.0.1",
    port: int | None = None,
) -> Iterator[str]:
    """Run the app on 127.0.0.1 until the block ends; yields its URL (named by ``host``)."""
    port = port or free_port()
    log = work / "streamlit.log"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        *extra_args,
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=os.environ | env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        url = f"http://{host}:{port}"
        _wait_healthy(url, proc, log)
        yield url
    finally:
        _stop(proc)
