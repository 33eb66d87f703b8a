"""Run the workbook parser in child processes, so a file that crashes it is a refused file, not an outage.

calamine is native code: on a hostile or unforeseen file it can abort the whole process
(a Rust panic while allocating, signal 6), and through the Upload page that process is the
Streamlit server. So every workbook is read in a child process with limits on its memory
(``RLIMIT_AS``: the DELIVERY_READER_MEMORY_MB setting on top of the child's own size) and
CPU time (``CPU_SECONDS`` a file, ``RLIMIT_CPU``). A child that dies, runs out of memory or
time is replaced, and the file it was reading becomes a ``ReaderFailed`` that the reader
turns into one plain sentence.

Running out of memory shows in four ways, each reported as memory, not as a crash: Python
raises MemoryError, or a Rust panic says an allocation failed (zlib-rs: "MemError"), and the
child exits with ``_OUT_OF_MEMORY``; Rust's own allocator fails under ``RLIMIT_AS`` and aborts
the child (signal 6) after writing "memory allocation of N bytes failed" to its stderr, which
the parent reads (``_Output``) and passes on to its own; or the system's out-of-memory killer
ends the child (SIGKILL: "system memory", the computer ran short before the child reached its
limit). Any other death is "crashed". Children run without RUST_BACKTRACE: with it, a Rust
abort for memory waited forever on the lock of its own backtrace (which needs memory to print).

The children are a small pool (``PROCESSES``) of fresh interpreters, started when first
needed (about 2 s each, once): not forks of the server, whose threads make forking unsafe,
and not multiprocessing's spawn, which would run the server's main script again. Each child
serves one call at a time and each call has a child to itself, so a file that kills its
child cannot take another file's reading with it. Calls beyond ``PROCESSES`` wait for a free
child, which also bounds the memory all readings together can take. The cost, measured on
the shared 2-core machine: 5 ms a small return, 35-40 ms a national department's return
(sending the bytes, and pickling its tables back, about 730 KB), beside ~190 ms to read it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import queue
import re
import resource
import signal
import subprocess
import sys
import threading
import traceback
from multiprocessing.connection import Connection

from delivery import ROOT, settings

PROCESSES = min(2, os.cpu_count() or 1)
CPU_SECONDS = 120  # a file's reading; a national return takes under 2 s
WAIT_SECONDS = 900  # wall clock, for a machine so busy the CPU limit has not struck


class ReaderFailed(Exception):
    """The child reading a file died or ran out of memory or time; ``why`` is "crashed", "memory",
    "system memory" (killed by the system's out-of-memory killer) or "time"."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class RemoteTraceback(Exception):
    """The child's traceback, attached as the cause of an exception raised in the child."""


def run(function, *args):
    """``function(*args)`` in a child process; its result, or its exception raised here.

    ``function`` must be importable by name (a module-level function). Raises ReaderFailed
    if the child dies or exceeds its memory or time."""
    worker = _POOL.take(function.__module__)
    try:
        outcome = worker.call((function, args))
    except BaseException:
        _POOL.discard(worker)
        raise
    _POOL.give_back(worker)
    kind, value, remote = outcome
    if kind == "raise":
        raise value from RemoteTraceback(remote)
    return value


class _Worker:
    """One child process and the pipes to it."""

    def __init__(self, memory_mb: int, preload: str):
        to_child, self.child_in = os.pipe()
        self.child_out, from_child = os.pipe()
        said, says = os.pipe()  # the child's stdout and stderr, read by _Output
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _CHILD_MAIN, str(ROOT), str(to_child), str(from_child), str(memory_mb), preload],
                pass_fds=(to_child, from_child),
                stdin=subprocess.DEVNULL,
                stdout=says,
                stderr=says,
                close_fds=True,
                env=_child_environment(),
            )
        except BaseException:
            os.close(said)
            raise
        finally:
            for fd in (to_child, from_child, says):
                os.close(fd)
        self.output = _Output(said)
        self.send = Connection(self.child_in, readable=False)
        self.receive = Connection(self.child_out, writable=False)

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, job) -> tuple:
        """Send one job and wait for its outcome; ReaderFailed if the child does not answer."""
        try:
            self.send.send(job)
            if self.receive.poll(WAIT_SECONDS):
                return self.receive.recv()
            why = "time"
        except (EOFError, OSError):
            why = "crashed"
        self.stop()
        code = self.process.returncode
        if code == -signal.SIGXCPU or why == "time":
            raise ReaderFailed("time")
        raise ReaderFailed(self._death(code))

    def _death(self, code: int) -> str:
        """Why a child that stopped answering died: "memory", "system memory" or "crashed"."""
        self.output.join(5)  # its last words: the child is dead, so the pipe ends at once
        if code == _OUT_OF_MEMORY or (code == -signal.SIGABRT and self.output.allocation_failed):
            return "memory"
        return "system memory" if code == -signal.SIGKILL else "crashed"

    def stop(self) -> None:
        """End the child (if it is still running) and close the pipes."""
        self.send.close()
        self.receive.close()
        try:
            self.process.wait(timeout=5)  # with its input closed, a healthy child exits by itself
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Pool:
    """Up to PROCESSES children, each lent to one call at a time, replaced when one fails."""

    def __init__(self):
        self.idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self.slots = threading.BoundedSemaphore(PROCESSES)

    def take(self, preload: str) -> _Worker:
        self.slots.acquire()
        while True:
            try:
                worker = self.idle.get_nowait()
            except queue.Empty:
                break
            if worker.alive():
                return worker
            worker.stop()  # died while idle (the system's out-of-memory killer): never lend it
        try:
            return _Worker(settings.get("DELIVERY_READER_MEMORY_MB"), preload)
        except BaseException:
            self.slots.release()
            raise

    def give_back(self, worker: _Worker) -> None:
        self.idle.put(worker)
        self.slots.release()

    def discard(self, worker: _Worker) -> None:
        worker.stop()
        self.slots.release()


def _child_environment() -> dict[str, str]:
    """Ours, without Rust's backtraces (printing one needs the memory that has run out)."""
    return {k: v for k, v in os.environ.items() if k not in ("RUST_BACKTRACE", "RUST_LIB_BACKTRACE")}


class _Output(threading.Thread):
    """Passes a child's stdout and stderr on to ours, noting Rust's line for a failed allocation."""

    # Rust's default allocation-error hook writes this, then aborts: calamine under RLIMIT_AS.
    ALLOCATION_FAILED = re.compile(rb"memory allocation of \d+ bytes failed")

    def __init__(self, fd: int):
        super().__init__(daemon=True, name="reader-child-output")
        self.fd, self.allocation_failed = fd, False
        self.start()

    def run(self) -> None:
        tail = b""
        with open(self.fd, "rb", buffering=0) as said:
            for chunk in iter(lambda: said.read(65536), b""):
                tail = tail[-128:] + chunk  # Rust writes its line in pieces
                self.allocation_failed |= bool(self.ALLOCATION_FAILED.search(tail))
                with contextlib.suppress(OSError):  # no stderr to pass it on to: the note above still counts
                    os.write(2, chunk)


_POOL = _Pool()
_OUT_OF_MEMORY = 3  # the exit code a child uses after a MemoryError


# --- in the child ---------------------------------------------------------------------

# A fresh interpreter (not a fork of the server, whose threads make forking unsafe, and not
# multiprocessing's spawn, which would run the server's own main script again).
_CHILD_MAIN = "import sys; sys.path.insert(0, sys.argv[1]); from delivery.returns import isolated; isolated.serve()"


def serve() -> None:
    """A child's life (``python -c _CHILD_MAIN ROOT IN OUT MB MODULE``): limit itself, run jobs till the parent goes."""
    _, _, fd_in, fd_out, memory_mb, preload = sys.argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind
    importlib.import_module(preload)  # the module of the first job: counted in the child's own size

    _limit_memory(int(memory_mb))
    receive, send = Connection(int(fd_in), writable=False), Connection(int(fd_out), readable=False)
    while True:
        try:
            function, args = receive.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the file itself did not fit
            os._exit(_OUT_OF_MEMORY)
        _limit_cpu(CPU_SECONDS)
        _send(send, _outcome(function, args))
        # Nothing of this job is kept while the child waits for the next: a refused file's exception
        # held its frames, so a small file whose text decoded to 300 MB kept the child at 700 MB.
        del function, args


def _outcome(function, args) -> tuple:
    """("ok", what ``function(*args)`` returned, None), or ("raise", its exception, the traceback as text)."""
    try:
        return ("ok", function(*args), None)
    except BaseException as error:
        if ran_out_of_memory(error):
            os._exit(_OUT_OF_MEMORY)  # the heap may be in no state to carry on
        if not isinstance(error, Exception):
            raise
        return ("raise", error, traceback.format_exc())  # the parent raises it, with this traceback as its cause


def ran_out_of_memory(error: BaseException) -> bool:
    """True for MemoryError, and for a Rust panic in calamine that says an allocation failed (zlib-rs
    panics with "MemError" when it cannot allocate its state under RLIMIT_AS)."""
    if isinstance(error, MemoryError):
        return True
    return type(error).__name__ == "PanicException" and any(word in str(error) for word in _RUST_OUT_OF_MEMORY)


_RUST_OUT_OF_MEMORY = ("MemError", "memory allocation of", "out of memory", "capacity overflow")


def _send(conn, outcome: tuple) -> None:
    try:
        conn.send(outcome)
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    except (pickle.PicklingError, TypeError, AttributeError) as error:  # an exception that cannot travel
        conn.send(("raise", RuntimeError(f"{outcome[1]!r} (not picklable: {error})"), outcome[2]))


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at the child's present size plus ``memory_mb``."""
    with open("/proc/self/statm") as statm:
        present = int(statm.read().split()[0]) * resource.getpagesize()
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = present + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _limit_cpu(seconds: int) -> None:
    """Allow this job ``seconds`` of CPU from now; past that the kernel ends the child (SIGXCPU)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + seconds
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
