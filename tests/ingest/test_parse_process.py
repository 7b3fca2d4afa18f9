"""ingest.parse_process: a parse in a child process, within its memory and time budgets.

Each test forks a real child and lets it really run out of memory or time.
"""

import os
import signal
import time
from dataclasses import replace

import pytest

from ingest.limits import BudgetExceeded, check_time, extend_time, parse_budget
from ingest.parse_process import ChildFailure, run_in_child


@pytest.fixture
def budget(settings):
    settings.INGEST_PARSE_MEMORY_MB = 128
    settings.INGEST_PARSE_SECONDS = 3
    return parse_budget()


def returns_its_pid(progress):
    progress(50, "半程")
    return {"pid": os.getpid(), "text": "预算"}


def test_the_value_comes_back_from_another_process_with_progress_and_stats(budget):
    seen = []

    result = run_in_child(
        returns_its_pid, budget=budget, on_progress=lambda p, s: seen.append((p, s))
    )

    assert result.value["text"] == "预算"
    assert result.value["pid"] != os.getpid()
    assert seen == [(50, "半程")]
    assert result.stats.seconds > 0 and result.stats.peak_rss_bytes > 0


def allocates_without_end(progress):
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


def test_a_parse_that_eats_memory_ends_with_the_memory_message(budget):
    with pytest.raises(ChildFailure) as failure:
        run_in_child(allocates_without_end, budget=budget)

    assert failure.value.kind == "memory"
    assert failure.value.message.startswith("解析所需内存超过上限 128 MB")
    assert failure.value.stats.seconds < 30


def loops_with_checks(progress):
    while True:
        check_time()


def sleeps_in_c(progress):
    time.sleep(60)  # a C call that never looks at the clock


def test_a_reader_that_checks_the_clock_stops_itself(budget):
    started = time.monotonic()
    with pytest.raises(ChildFailure) as failure:
        run_in_child(loops_with_checks, budget=budget)

    assert failure.value.kind == "budget"
    assert "时间上限 3 秒" in failure.value.message
    assert time.monotonic() - started < 3 + 5


def test_a_child_stuck_past_its_deadline_is_killed(budget):
    budget = replace(budget, seconds=1.0)
    started = time.monotonic()
    with pytest.raises(ChildFailure) as failure:
        run_in_child(sleeps_in_c, budget=budget)

    assert failure.value.kind == "timeout"
    assert "时间上限 1 秒" in failure.value.message
    assert time.monotonic() - started < 1 + 5 + 5


def asks_for_time_then_sleeps(progress):
    extend_time(10)  # as a PDF reader does for a scanned page it is about to read by OCR
    time.sleep(1 + 5 + 1)  # past the first deadline and its grace, within the extension
    return "读完"


def test_time_the_child_adds_moves_the_parents_deadline(budget):
    budget = replace(budget, seconds=1.0)

    assert run_in_child(asks_for_time_then_sleeps, budget=budget).value == "读完"


def raises_a_defect(progress):
    return 1 / 0


def test_a_defect_is_one_line_with_its_traceback_kept_apart(budget):
    with pytest.raises(ChildFailure) as failure:
        run_in_child(raises_a_defect, budget=budget)

    assert failure.value.kind == "crash"
    assert failure.value.message.startswith("解析时发生内部错误(ZeroDivisionError)")
    assert "\n" not in failure.value.message
    assert "Traceback" in failure.value.detail


def refuses(progress):
    raise BudgetExceeded("文件超过上限。")


def dies(progress):
    os.kill(os.getpid(), signal.SIGTERM)


def test_budget_errors_and_deaths_are_told_apart(budget):
    with pytest.raises(ChildFailure) as refused:
        run_in_child(refuses, budget=budget)
    with pytest.raises(ChildFailure) as died:
        run_in_child(dies, budget=budget)

    assert (refused.value.kind, refused.value.message) == ("budget", "文件超过上限。")
    assert died.value.kind == "killed"
    assert "信号 15" in died.value.message
