"""Bytes a chart page's scripts cost a browser, as production serves them.

collectstatic with the manifest storage (as the Docker image runs it, into var/bench/static),
then each script of templates/budgets/partials/chart_scripts.html is fetched through the
portal's WSGI stack (WhiteNoise) by its hashed name, as a browser asks for it: plain, gzip and
Brotli. Prints the bytes of each and whether the answer may be cached for good (immutable).
No database is needed.

    python -m bench.static_bench
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import STATIC_ROOT, print_figures  # noqa: E402 - after the path

CHART_SCRIPTS = {
    "plotly": "vendor/plotly-portal.min.js",
    "charts_js": "js/charts.js",
    "scroll_regions_js": "js/scroll_regions.js",
}
ENCODINGS = {"identity": "identity", "gzip": "gzip", "br": "br, gzip"}


def main() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_STATIC_MANIFEST="1",
        DJANGO_STATIC_ROOT=str(STATIC_ROOT),
        DJANGO_LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "static-bench-only")
    from bench.loadtest import static_collect

    static_collect(dict(os.environ))
    import django

    django.setup()
    from django.templatetags.static import static
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    figures: dict[str, object] = {}
    lines = []
    for name, path in CHART_SCRIPTS.items():
        url = static(path)
        for encoding, accept in ENCODINGS.items():
            response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
            body = b"".join(response.streaming_content)
            figures[f"static_{name}_{encoding}_bytes"] = len(body)
            if encoding == "br":
                figures[f"static_{name}_served_encoding"] = response.get("Content-Encoding", "")
                figures[f"static_{name}_immutable"] = "immutable" in response.get(
                    "Cache-Control", ""
                )
        lines.append(
            f"{url}: {figures[f'static_{name}_identity_bytes']:,} bytes, gzip "
            f"{figures[f'static_{name}_gzip_bytes']:,}, br {figures[f'static_{name}_br_bytes']:,}"
            f" ({'immutable' if figures[f'static_{name}_immutable'] else 'not cached for good'})"
        )
    for encoding in ENCODINGS:
        figures[f"chart_page_scripts_{encoding}_bytes"] = sum(
            figures[f"static_{name}_{encoding}_bytes"] for name in CHART_SCRIPTS
        )
    lines.append(
        "a chart page's scripts: "
        + ", ".join(f"{e} {figures[f'chart_page_scripts_{e}_bytes']:,}" for e in ENCODINGS)
    )
    print_figures(figures, lines)


if __name__ == "__main__":
    main()
