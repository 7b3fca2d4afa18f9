"""Links from any figure to the lines of the source text it was read from.

`{% load sources %}` then `{% source_link disclosure.pk row.line_start row.line_end %}` gives
`<a class="src" href="/disclosures/1/source/?lines=165-170#L165">第165–170行</a>`: the query
string highlights the range without JavaScript, the fragment scrolls to its first line.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


def source_url(disclosure_id: int, line_start: int | None, line_end: int | None = None) -> str:
    """The source viewer's URL with the range highlighted; the bare viewer without lines."""
    url = reverse("disclosure_source", args=[disclosure_id])
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
def source_link(disclosure_id: int, line_start: int | None, line_end: int | None = None) -> str:
    """An <a> to the cited lines, or "—" for a figure without lines."""
    if not line_start:
        return "—"
    return format_html(
        '<a class="src" href="{}" title="查看原文出处">{}</a>',
        source_url(disclosure_id, line_start, line_end),
        lines_label(line_start, line_end),
    )
