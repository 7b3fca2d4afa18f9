"""Links from any figure to the lines of the source text it was read from.

`{% load sources %}` then `{% source_link disclosure.pk row.line_start row.line_end %}` gives
`<a class="src" href="/disclosures/1/source/?lines=165-170#L165">第165–170行</a>`: the query
string highlights the range without JavaScript, the fragment scrolls to its first line.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@lru_cache(maxsize=1024)
def _viewer_url(disclosure_id: int, script_prefix: str) -> str:
    return reverse("disclosure_source", args=[disclosure_id])


def viewer_url(disclosure_id: int) -> str:
    """The source viewer's path for a disclosure. A page or API answer links a few hundred
    figures to the same viewer: reversed once per disclosure (and script prefix) instead of
    once per link, which saves ~1 ms a page."""
    return _viewer_url(int(disclosure_id), get_script_prefix())


def source_url(disclosure_id: int, line_start: int | None, line_end: int | None = None) -> str:
    """The source viewer's URL with the range highlighted; the bare viewer without lines."""
    url = viewer_url(disclosure_id)
    if not line_start:
        return url
    end = line_end or line_start
    return f"{url}?lines={line_start}-{end}#L{line_start}"


def lines_label(line_start: int | None, line_end: int | None = None) -> str:
    if not line_start:
        return ""
    if not line_end or line_end == line_start:
        return f"第{line_start}行"
    return f"第{line_start}–{line_end}行"


@register.simple_tag(name="source_url")
def source_url_tag(disclosure_id: int, line_start: int | None, line_end: int | None = None) -> str:
    return source_url(disclosure_id, line_start, line_end)


@register.simple_tag
def source_link(
    disclosure_id: int, line_start: int | None, line_end: int | None = None
) -> SafeString | str:
    """An <a> to the cited lines, or "—" for a figure without lines."""
    if not line_start:
        return "—"
    # escape() rather than format_html(): the same output, without its per-call overhead
    # (a disclosure page renders several hundred of these links).
    url = escape(source_url(disclosure_id, line_start, line_end))
    label = escape(lines_label(line_start, line_end))
    return mark_safe(f'<a class="src" href="{url}" title="查看原文出处">{label}</a>')
