"""``python -m fuzz files|params``: the fuzz harnesses from the command line (``make fuzz``).

``files`` needs no database; ``params`` reads the configured database (GET requests only,
with DEBUG off) and needs published disclosures there (``make run`` loads the samples).
The exit status is 1 when anything was found.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    files = commands.add_parser("files", help="mutated samples through the budgeted parse")
    files.add_argument("--seconds", type=float, default=1200, help="how long (default 1200)")
    files.add_argument("--seed", type=int, default=int(time.time()), help="random seed")
    files.add_argument("--max-inputs", type=int, default=None)
    files.add_argument("--parse-seconds", type=float, default=30, help="time budget per input")
    files.add_argument("--memory-mb", type=int, default=1024, help="memory budget per input")
    files.add_argument("--formats", default="", help="only these, e.g. text,html,xlsx,docx")
    params = commands.add_parser("params", help="hostile GET parameters on every public URL")
    params.add_argument("--seed", type=int, default=15)
    params.add_argument("--random", type=int, default=2000, help="random requests after the rest")
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Fuzzing runs as production does, DEBUG off; a throwaway key when none is configured.
    os.environ.setdefault("DJANGO_SECRET_KEY", "fuzz-harness-only-" + os.urandom(24).hex())
    import django

    django.setup()
    lines = _files(options) if options.command == "files" else _params(options)
    for line in lines[1]:
        print(line)
    return 1 if lines[0] else 0


def _files(options: argparse.Namespace) -> tuple[bool, list[str]]:
    from dataclasses import replace

    from fuzz.files import FilesRun, load_seeds, run_files_fuzz
    from ingest.limits import parse_budget

    budget = replace(
        parse_budget(), seconds=options.parse_seconds, memory_bytes=options.memory_mb << 20
    )
    print(f"seed {options.seed}, {options.seconds:.0f} s, {budget.seconds:g} s per input")
    run = FilesRun(options.seconds, options.seed, budget, options.max_inputs or 10**9)
    report = run_files_fuzz(
        run,
        [
            s
            for s in load_seeds(ROOT)
            if not options.formats or s.kind in options.formats.split(",")
        ],
        save_to=ROOT / "var" / "fuzz" / f"seed-{options.seed}",
        progress=lambda line: print(line, flush=True),
    )
    return bool(report.findings), report.lines()


def _wanted(kind: str, formats: str) -> bool:
    return not formats or kind in formats.split(",")


def _params(options: argparse.Namespace) -> tuple[bool, list[str]]:
    from django.test.utils import setup_test_environment

    from fuzz.params import run_params_fuzz

    setup_test_environment()  # the test client's host name is allowed
    report = run_params_fuzz(seed=options.seed, random_count=options.random, root=ROOT)
    return bool(report.errors), report.lines()


if __name__ == "__main__":
    sys.exit(main())
