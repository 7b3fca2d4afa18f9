"""File fuzz: mutated samples of every format through the budgeted parse, as the worker runs it.

Each input is a sample (text, HTML made from a text sample, PDF, XLSX, DOCX) mutated by
:mod:`fuzz.mutations`, parsed by :func:`ingest.services.disclosure_parse_steps` in a child
process under the parse budgets (:func:`ingest.parse_process.run_in_child`), exactly as
``disclosure_parse`` does for the worker and the commands. Every outcome is one of:

- ``ok``: a parse came back;
- ``refused``: a one-line message, Chinese first (unreadable, not a disclosure, over a size
  budget): what hostile input should get;
- ``crash``: an unexpected exception (the message is "internal error") or a dead child;
- ``hang``: the time budget ran out (the readers' own check or the kill after it);
- ``memory``: the memory budget ran out;
- ``message``: refused, but the message is not one line starting in Chinese.

The last four are findings; each is saved with its description for reproduction.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fuzz.mutations import html_from_text, mutate
from ingest.limits import MESSAGE_TIME, ParseBudget
from ingest.parse_process import ChildFailure, run_in_child
from ingest.services import disclosure_parse_steps

SUFFIXES = {"text": ".txt", "html": ".html", "pdf": ".pdf", "xlsx": ".xlsx", "docx": ".docx"}
FINDINGS = ("crash", "hang", "memory", "message")
# Chinese first: a Chinese sentence opens the message ("PDF 文件已损坏…" counts).
_CHINESE_FIRST = re.compile(r"^[^.!?]{0,12}[\u4e00-\u9fff]")
_TIME_WORDS = MESSAGE_TIME.split("{", 1)[0]


@dataclass(frozen=True)
class Seed:
    kind: str
    name: str
    data: bytes


@dataclass
class Finding:
    outcome: str
    kind: str
    description: str
    message: str
    seconds: float
    growth_bytes: int
    saved: str = ""


@dataclass
class FilesReport:
    """What a run tried and found, with its slowest and hungriest inputs."""

    inputs: int = 0
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    hungriest: tuple[int, str] = (0, "")

    def lines(self) -> list[str]:
        outcomes = ", ".join(f"{name} {count}" for name, count in sorted(self.outcomes.items()))
        formats = ", ".join(f"{name} {count}" for name, count in sorted(self.formats.items()))
        lines = [
            f"{self.inputs} inputs in {self.seconds:.0f} s ({formats}): {outcomes}",
            f"slowest: {self.slowest[0]:.2f} s, {self.slowest[1]}",
            f"most memory: +{self.hungriest[0] / 1048576:.0f} MB, {self.hungriest[1]}",
        ]
        lines += [
            f"  {f.outcome} [{f.kind}] {f.description[:200]}: {f.message[:200]} {f.saved}"
            for f in self.findings
        ]
        return lines


def load_seeds(root: Path) -> list[Seed]:
    """Small samples of each format (the large PDFs would take seconds an input)."""
    disclosures = root / "samples" / "disclosures"
    formats = root / "tests" / "fixtures" / "formats"
    seeds = [Seed("text", path.name, path.read_bytes()) for path in disclosures.glob("00*.txt")]
    for path in sorted(disclosures.glob("00[24]*.txt")):
        html = html_from_text(path.read_text(encoding="utf-8")).encode("utf-8")
        seeds.append(Seed("html", path.with_suffix(".html").name, html))
    pdfs = [formats / "003_borderless.pdf", disclosures / "sh-putuo-office-2025-department.pdf"]
    seeds += [Seed("pdf", path.name, path.read_bytes()) for path in pdfs if path.exists()]
    for kind in ("xlsx", "docx"):
        for stem in ("002", "004"):
            path = formats / f"{stem}.{kind}"
            seeds.append(Seed(kind, path.name, path.read_bytes()))
    return sorted(seeds, key=lambda seed: (seed.kind, seed.name))


def _classify(failure: ChildFailure) -> str:
    if failure.kind in ("crash", "killed"):
        return "crash"
    if failure.kind == "timeout" or failure.message.startswith(_TIME_WORDS):
        return "hang"
    if failure.kind == "memory":
        return "memory"
    one_line = "\n" not in failure.message and "Traceback" not in failure.message
    return "refused" if one_line and _CHINESE_FIRST.match(failure.message) else "message"


def parse_once(data: bytes, filename: str, budget: ParseBudget) -> tuple[str, str, float, int]:
    """(outcome, message, seconds, memory growth) of one budgeted parse."""
    try:
        result = run_in_child(disclosure_parse_steps, data, filename, budget=budget)
    except ChildFailure as failure:
        stats = failure.stats
        seconds, growth = (stats.seconds, stats.growth_bytes) if stats else (0.0, 0)
        return _classify(failure), failure.message, seconds, growth
    return "ok", "", result.stats.seconds, result.stats.growth_bytes


@dataclass(frozen=True)
class FilesRun:
    """How long to fuzz (``seconds``, or at most ``max_inputs``), from which seed, and the
    budgets each parse gets."""

    seconds: float
    seed: int
    budget: ParseBudget
    max_inputs: int = 10**9


def run_files_fuzz(
    run: FilesRun,
    seeds: list[Seed],
    *,
    save_to: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> FilesReport:
    """Parse mutated seeds until the run's time or input count is up; report the outcomes.

    A format is picked first, then one of its seeds, so every format gets its share.
    """
    rng = random.Random(run.seed)
    by_kind: dict[str, list[Seed]] = {}
    for item in seeds:
        by_kind.setdefault(item.kind, []).append(item)
    report = FilesReport()
    budget = run.budget
    started = time.monotonic()
    while time.monotonic() - started < run.seconds and report.inputs < run.max_inputs:
        sample = rng.choice(by_kind[rng.choice(sorted(by_kind))])
        data, description = mutate(sample.data, sample.kind, rng)
        description = f"{sample.name}: {description}"
        outcome, message, took, growth = parse_once(data, f"fuzz{SUFFIXES[sample.kind]}", budget)
        report.inputs += 1
        report.outcomes[outcome] += 1
        report.formats[sample.kind] += 1
        report.slowest = max(report.slowest, (took, description))
        report.hungriest = max(report.hungriest, (growth, description))
        if outcome in FINDINGS:
            finding = Finding(outcome, sample.kind, description, message, took, growth)
            if save_to is not None:
                finding.saved = _save(save_to, len(report.findings), sample.kind, data, finding)
            report.findings.append(finding)
        if progress is not None and report.inputs % 100 == 0:
            report.seconds = time.monotonic() - started
            progress(report.lines()[0])
    report.seconds = time.monotonic() - started
    return report


def _save(folder: Path, number: int, kind: str, data: bytes, finding: Finding) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"finding-{number:03d}{SUFFIXES[kind]}"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(
        f"{finding.outcome}\n{finding.description}\n{finding.message}\n", encoding="utf-8"
    )
    return str(path)
