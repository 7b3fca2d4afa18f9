"""Run one parse in a child process under the parse budgets: the one mechanism for every caller.

The Celery worker, ``manage.py ingest`` and ``manage.py parse_disclosure`` all parse through
:func:`run_in_child` (by way of ``ingest.services.disclosure_parse``), so a file gets the same
limits wherever it is read:

- **memory**: the child's address space may grow by ``INGEST_PARSE_MEMORY_MB`` beyond what
  it inherited (``RLIMIT_AS``); past it an allocation fails with MemoryError, or a C library
  gives up, and the child dies: either way the caller gets the memory message;
- **wall time**: the readers stop themselves at ``INGEST_PARSE_SECONDS``
  (:func:`ingest.limits.check_time`), plus what they add for slow pages they find
  (:func:`ingest.limits.extend_time`: a scanned page read by OCR), which the child tells the
  parent; a child still running a few seconds past that (stuck in a C library) is killed;
- **isolation**: whatever the file does to the child (exhausted memory, a crash in a C
  library, a signal) the calling process survives, so a Celery pool process is never lost
  to a file and its message is never redelivered for that reason. The child dies with its
  parent (``PR_SET_PDEATHSIG``), so a killed worker leaves no parse behind.

The child is forked, so it starts with the parent's imports and warm caches and costs a few
milliseconds. It touches no database and leaves with ``os._exit``, so the parent's database
connection (whose socket it shares) is never closed or written to from the child.

The result comes back pickled through a pipe, with the child's progress messages before it
(``on_progress``) and its peak memory and time (``ChildStats``, reported by ``make fuzz``).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import resource
import select
import signal
import struct
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ingest.errors import ExtractError
from ingest.limits import BudgetExceeded, ParseBudget, parse_budget, time_budget

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

# Seconds a child may run past its own deadline (a reader between two checks, or the result
# being pickled) before it is killed.
KILL_GRACE_SECONDS = 5.0
_FRAME = struct.Struct("!Q")
_PR_SET_PDEATHSIG = 1

MESSAGE_INTERNAL = (
    "解析时发生内部错误({name}),已记录,未保存任何数据。"
    " An internal error ({name}) occurred while parsing; it was logged."
)
MESSAGE_KILLED = (
    "解析进程异常退出(信号 {signal}),未保存任何数据。"
    " The parsing process was stopped by signal {signal}; nothing was stored."
)
MESSAGE_EXITED = (
    "解析进程异常退出(状态 {status}),未保存任何数据。"
    " The parsing process exited with status {status}; nothing was stored."
)


@dataclass(frozen=True)
class ChildStats:
    """What one parse cost: wall time, and peak memory above what the child started with."""

    seconds: float
    peak_rss_bytes: int
    growth_bytes: int


class ChildFailure(Exception):
    """The parse did not produce a result; ``message`` is the one line to show people.

    ``kind`` says why: ``error`` (the file is unreadable or no disclosure: a clean refusal),
    ``budget`` (a size or time limit of the readers), ``memory``, ``timeout`` (killed after its
    deadline), ``crash`` (a defect: an unexpected exception, logged with ``detail``, its
    traceback) or ``killed`` (the child died of a signal).
    """

    def __init__(
        self, kind: str, message: str, detail: str = "", stats: ChildStats | None = None
    ) -> None:
        super().__init__(message)
        self.kind, self.message, self.detail, self.stats = kind, message, detail, stats


@dataclass(frozen=True)
class ChildResult:
    value: Any
    stats: ChildStats


def run_in_child(
    function: Callable[..., Any],
    *args: Any,
    budget: ParseBudget | None = None,
    on_progress: Progress | None = None,
) -> ChildResult:
    """``function(*args, progress)`` in a forked child under ``budget``; its return value.

    ``progress(percent, words)`` inside the child reaches ``on_progress`` here. Raises
    :class:`ChildFailure` for anything but a return value.
    """
    budget = budget or parse_budget()
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child_main(write_fd, function, args, budget)
    os.close(write_fd)
    outcome = _Outcome(on_progress)
    try:
        _read_frames(
            read_fd,
            lambda: started + budget.seconds + outcome.extra_seconds + KILL_GRACE_SECONDS,
            outcome.take,
        )
    finally:
        os.close(read_fd)
        _ensure_dead(pid)  # past its deadline, or the caller was interrupted meanwhile
    status, peak_kilobytes = _reap(pid)
    stats = ChildStats(
        seconds=time.monotonic() - started,
        peak_rss_bytes=peak_kilobytes * 1024,
        growth_bytes=max(0, peak_kilobytes * 1024 - outcome.start_rss),
    )
    if outcome.has_value:
        return ChildResult(outcome.value, stats)
    if outcome.failure is not None:
        kind, message, detail = outcome.failure
        raise ChildFailure(kind, message, detail, stats)
    if outcome.timed_out:
        spent = replace(budget, seconds=budget.seconds + outcome.extra_seconds)
        raise ChildFailure("timeout", spent.time_message, stats=stats)
    raise _death(status, budget, stats)


# --- the parent's side -----------------------------------------------------------------------


class _Outcome:
    """What the child said: its starting memory, progress and time it added, then a value or
    a failure."""

    def __init__(self, on_progress: Progress | None) -> None:
        self.on_progress = on_progress
        self.start_rss = 0
        self.has_value = False
        self.value: Any = None
        self.failure: tuple[str, str, str] | None = None
        self.timed_out = False
        self.extra_seconds = 0.0

    def take(self, frame: tuple[Any, ...] | None) -> None:
        if frame is None:
            self.timed_out = True
        elif frame[0] == "start":
            self.start_rss = frame[1]
        elif frame[0] == "progress":
            if self.on_progress is not None:
                self.on_progress(frame[1], frame[2])
        elif frame[0] == "extend":
            self.extra_seconds += frame[1]
        elif frame[0] == "value":
            self.has_value, self.value = True, frame[1]
        elif frame[0] == "failure":
            self.failure = frame[1:]


def _read_frames(fd: int, deadline: Callable[[], float], take: Callable[[Any], None]) -> None:
    """Hand every message the child sends to ``take``, then ``None`` if the deadline passed
    (``deadline()``: the child may add time as it goes)."""
    buffer = bytearray()
    while True:
        remaining = deadline() - time.monotonic()
        if remaining <= 0:
            take(None)
            return
        ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return
        buffer += chunk
        while len(buffer) >= _FRAME.size:
            (size,) = _FRAME.unpack_from(buffer)
            if len(buffer) < _FRAME.size + size:
                break
            take(pickle.loads(bytes(buffer[_FRAME.size : _FRAME.size + size])))
            del buffer[: _FRAME.size + size]


def _reap(pid: int) -> tuple[int, int]:
    """(wait status, peak resident kilobytes) of the finished child."""
    try:
        _, status, usage = os.wait4(pid, 0)
    except ChildProcessError:  # reaped by someone else's SIGCHLD handler: nothing known
        return 0, 0
    return status, usage.ru_maxrss


def _ensure_dead(pid: int) -> None:
    """Kill the child if it still runs; the caller's ``wait4`` reaps it."""
    if _still_running(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _still_running(pid: int) -> bool:
    """True unless the child has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return False


def _death(status: int, budget: ParseBudget, stats: ChildStats) -> ChildFailure:
    """Why a child died without a word: the memory limit, most likely, or a signal."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        # The memory limit makes C libraries abort or crash where Python would raise.
        if stats.growth_bytes >= budget.memory_bytes * 0.9 or number == signal.SIGKILL:
            return ChildFailure("memory", budget.memory_message, stats=stats)
        return ChildFailure("killed", MESSAGE_KILLED.format(signal=number), stats=stats)
    return ChildFailure(
        "killed", MESSAGE_EXITED.format(status=os.waitstatus_to_exitcode(status)), stats=stats
    )


# --- the child's side ------------------------------------------------------------------------


def _child_main(
    write_fd: int, function: Callable[..., Any], args: tuple[Any, ...], budget: ParseBudget
) -> None:
    """Run ``function`` under the budget, send its outcome, and leave without clean-up."""
    code = 0
    try:
        _die_with_parent()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which kills
        _one_line_logs()
        _send(write_fd, ("start", _rss_bytes()))
        _limit_memory(budget.memory_bytes)

        def progress(percent: int, words: str) -> None:
            _send(write_fd, ("progress", percent, words))

        def extend(seconds: float) -> None:
            _send(write_fd, ("extend", seconds))

        try:
            with time_budget(budget.seconds, on_extend=extend):
                value = function(*args, progress)
            payload = pickle.dumps(("value", value), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # every outcome goes back to the parent
            payload = pickle.dumps(("failure", *_failure(exc, budget)))
        _send_bytes(write_fd, payload)
    except BaseException:  # the pipe itself failed: the parent sees the exit status
        code = 70
    finally:
        os._exit(code)


def _failure(exc: BaseException, budget: ParseBudget) -> tuple[str, str, str]:
    """(kind, one-line message, traceback) for an exception raised by the parse."""
    chain = _exception_chain(exc)
    if any(isinstance(item, MemoryError) for item in chain):
        return "memory", budget.memory_message, ""
    budget_error = next((item for item in chain if isinstance(item, BudgetExceeded)), None)
    if budget_error is not None:
        return "budget", _one_line(str(budget_error)), ""
    if isinstance(exc, ExtractError):
        return "error", _one_line(str(exc)) or MESSAGE_INTERNAL.format(name="ExtractError"), ""
    detail = "".join(traceback.format_exception(exc))
    return "crash", MESSAGE_INTERNAL.format(name=type(exc).__name__), detail


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _one_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


def _send(fd: int, message: tuple[Any, ...]) -> None:
    _send_bytes(fd, pickle.dumps(message))


def _send_bytes(fd: int, payload: bytes) -> None:
    data = memoryview(_FRAME.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _one_line_logs() -> None:
    """Log records of the parse keep their exception to one line: a reader that logs a damaged
    page with its traceback must not put a traceback on the console of ``manage.py
    parse_disclosure`` or into the worker's log (a defect's traceback comes back as
    ``ChildFailure.detail`` instead)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(_without_traceback)


def _without_traceback(record: logging.LogRecord) -> bool:
    if record.exc_info and record.exc_info[1] is not None:
        exc = record.exc_info[1]
        record.msg = f"{record.getMessage()}: {type(exc).__name__}: {_one_line(str(exc))}"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
    return True


def _die_with_parent() -> None:
    """Have the kernel kill this child when its parent dies (Linux); elsewhere, nothing."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _limit_memory(growth_bytes: int) -> None:
    """Let the address space grow by ``growth_bytes`` beyond what the fork inherited."""
    limit = _address_space_bytes() + growth_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _status_kilobytes(field: str) -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _address_space_bytes() -> int:
    return _status_kilobytes("VmSize") * 1024


def _rss_bytes() -> int:
    return _status_kilobytes("VmRSS") * 1024
