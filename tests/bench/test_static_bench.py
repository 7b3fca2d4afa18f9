"""The chart pages' scripts as production serves them: collected under hashed names, Brotli
and gzip copies beside them, cached for good; and the Plotly bundle is the partial one."""

import subprocess
import sys
from pathlib import Path

import pytest

from bench.common import last_json

ROOT = Path(__file__).resolve().parents[2]
FULL_PLOTLY_BYTES = 4_815_814  # the full plotly.js 4.1.1 bundle the pages loaded before


@pytest.mark.slow
def test_chart_scripts_are_served_compressed_under_hashed_names():
    done = subprocess.run(
        [sys.executable, "-m", "bench.static_bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    figures = last_json(done.stdout)
    assert "/static/vendor/plotly-portal.min." in done.stdout  # the manifest's hashed name
    for name in ("plotly", "charts_js", "scroll_regions_js"):
        assert figures[f"static_{name}_served_encoding"] == "br"
        assert figures[f"static_{name}_immutable"] is True
    assert figures["static_plotly_identity_bytes"] < FULL_PLOTLY_BYTES / 3
    assert figures["static_plotly_br_bytes"] < figures["static_plotly_gzip_bytes"]
    assert figures["static_plotly_gzip_bytes"] < figures["static_plotly_identity_bytes"] / 2
