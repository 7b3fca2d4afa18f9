"""One disclosure: the main page, what changed between versions, the source text viewer and
the original file.

For a PDF the source viewer also shows the cited page as an image
(:func:`disclosure_page_image`), drawn from the stored file with the cited lines outlined.
A link to a withdrawn document answers 410 with a page saying when and why it was withdrawn
(:func:`withdrawn_response`), never a bare "not found": its figures may have been cited.
"""

import hashlib
from decimal import Decimal

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from budgets.charts.disclosures import (
    economic_bar_spec,
    functional_sunburst_spec,
    functional_tree,
)
from budgets.exports import csv_response
from budgets.models import YUAN_PER_WAN, Disclosure, ValidationCheck
from budgets.selectors.disclosures import (
    CHECK_STATUS_FILTERS,
    LineRange,
    disclosure_checks,
    disclosure_page,
    disclosure_page_queryset,
    disclosure_public_queryset,
    parse_line_range,
    pdf_highlight_box,
    source_lines,
    source_page,
)
from budgets.selectors.ocr_marks import disclosure_ocr_marks
from budgets.selectors.organizations import organization_public_queryset, region_path
from budgets.selectors.versions import (
    DisclosureCitation,
    disclosure_citation_get,
    version_changes,
)
from portal.params import int_param, parse_int

CENT = Decimal("0.01")
MISSING_FILE_MESSAGE = "原文件暂不可用。"
NO_SUCH_PAGE_MESSAGE = "原文件没有这一页。"
# A page image depends only on the file (its sha256), the page and the lines outlined, so
# browsers and proxies may keep it; a day bounds how long a withdrawn file stays visible.
PAGE_IMAGE_MAX_AGE_S = 24 * 60 * 60


WITHDRAWN_STATUS = 410  # Gone: the document was public and is no longer


def withdrawn_response(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of a withdrawn disclosure (410), or 404 for an id that never was public."""
    citation = disclosure_citation_get(pk=pk, queryset=_light(Disclosure.objects.all()))
    if citation is None or not citation.is_withdrawn:
        raise Http404("没有这份预算公开文件。")
    organization = citation.disclosure.organization
    context = {
        "citation": citation,
        "disclosure": citation.disclosure,
        "organization_is_public": organization_public_queryset()
        .filter(pk=organization.pk)
        .exists(),
    }
    return render(request, "budgets/disclosure_withdrawn.html", context, status=WITHDRAWN_STATUS)


def _light(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return queryset.select_related("organization__region__parent__parent").defer(
        "parsed", "source_text"
    )


def _public_or_withdrawn(
    queryset: QuerySet[Disclosure], request: HttpRequest, pk: int
) -> Disclosure | HttpResponse:
    """The public disclosure ``pk`` of ``queryset``, else the withdrawn page (or 404)."""
    disclosure = queryset.filter(pk=pk).first()
    return disclosure if disclosure is not None else withdrawn_response(request, pk)


def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _public_or_withdrawn(disclosure_page_queryset(), request, pk)
    if isinstance(disclosure, HttpResponse):
        return disclosure
    page = disclosure_page(disclosure=disclosure)
    # The sunburst and the table beside it read one tree, so both show the same gaps.
    tree = (
        functional_tree(
            page.functional.lines,
            total_yuan=page.functional.total.amount_yuan if page.functional.total else None,
            unit_yuan=Decimal(YUAN_PER_WAN if disclosure.amount_unit == "万元" else 1),
        )
        if page.functional
        else None
    )
    context = {
        "disclosure": disclosure,
        "page": page,
        "permalink": request.build_absolute_uri(reverse("disclosure_detail", args=[pk])),
        "region_label": region_path(disclosure.organization.region),
        "functional_tree": tree,
        "functional_figure": functional_sunburst_spec(tree) if tree else None,
        "economic_figure": economic_bar_spec(page.economic) if page.economic else None,
        "ocr_marks": _ocr_marks(disclosure),
    }
    return render(request, "budgets/disclosure_detail.html", context)


def _ocr_marks(disclosure: Disclosure) -> list:
    """Figures OCR may have misread, for a disclosure read from a scanned PDF."""
    if disclosure.source_format != Disclosure.SourceFormat.PDF:
        return []
    return disclosure_ocr_marks(
        disclosure=disclosure,
        page_image_url=lambda page: reverse("disclosure_page_image", args=[disclosure.pk, page]),
    )


@require_safe
def disclosure_check_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every check of a disclosure, ``?status=`` narrowing them; ``?format=csv`` downloads."""
    disclosure = _public_or_withdrawn(disclosure_page_queryset(), request, pk)
    if isinstance(disclosure, HttpResponse):
        return disclosure
    status = request.GET.get("status", "")
    if status not in CHECK_STATUS_FILTERS:
        status = ""
    checks = disclosure_checks(disclosure=disclosure, status=status)
    if request.GET.get("format") == "csv":
        return csv_response(
            rows=_check_rows(disclosure, checks),
            filename=f"{disclosure.entity_name}-{disclosure.fiscal_year}-校验报告",
        )
    context = {
        "disclosure": disclosure,
        "checks": checks,
        "status": status,
        "status_label": CHECK_STATUS_FILTERS[status],
        "filters": CHECK_STATUS_FILTERS,
        "caption": f"{CHECK_STATUS_FILTERS[status]}校验（{len(checks)} 项）",
    }
    return render(request, "budgets/disclosure_checks.html", context)


def _check_rows(disclosure: Disclosure, checks: list[ValidationCheck]) -> list[list[object]]:
    """The check list as rows: Chinese names and each figure's own unit (元, 万元, %, 个)."""
    header = ["序号", "校验类别", "核对项", "说明", "原文", "应为", "实为", "差额", "单位"]
    header += ["结果", "性质", "所属问题序号", "起始行", "结束行"]
    return [header] + [
        [
            check.position + 1,
            check.kind_label,
            check.title,
            check.message,
            check.quote,
            _cents(check.expected),
            _cents(check.actual),
            _cents(check.difference),
            check.unit,
            check.get_status_display(),
            check.get_severity_display() if check.severity else "",
            check.finding + 1 if check.finding is not None else "",
            check.line_start,
            check.line_end,
        ]
        for check in checks
    ]


def _cents(amount: Decimal | None) -> Decimal | None:
    """A check's amount as printed (147.2800 → 147.28); finer amounts keep their digits."""
    if amount is None:
        return None
    rounded = amount.quantize(CENT)
    return rounded if rounded == amount else amount.normalize()


def disclosure_source(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _public_or_withdrawn(disclosure_public_queryset(), request, pk)
    if isinstance(disclosure, HttpResponse):
        return disclosure
    highlight = parse_line_range(request.GET.get("lines"))
    context = {
        "disclosure": disclosure,
        "highlight": highlight,
        "lines": source_lines(disclosure=disclosure, highlight=highlight),
        "source_page": source_page(
            disclosure=disclosure,
            highlight=highlight,
            page=int_param(request.GET, "page", minimum=1),
        ),
    }
    return render(request, "budgets/disclosure_source.html", context)


@require_safe
def disclosure_page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """Page ``page`` of a public PDF disclosure as PNG, ``?lines=a-b`` outlined on it;
    ``?box=x0,top,x1,bottom`` (points) instead crops the page around that box (a cell OCR
    may have misread)."""
    from ingest.page_images import parse_box

    disclosure = get_object_or_404(
        disclosure_public_queryset(), pk=pk, source_format=Disclosure.SourceFormat.PDF
    )
    lines = parse_line_range(request.GET.get("lines"))
    box = parse_box(request.GET.get("box"))
    span = f"{lines.start}-{lines.end}" if lines else ""
    if box:
        span = f"box {box}"
    etag = quote_etag(hashlib.sha256(f"{disclosure.sha256}:{page}:{span}".encode()).hexdigest())
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(_page_png(disclosure, page, lines, box), content_type="image/png")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PAGE_IMAGE_MAX_AGE_S)
    return response


def _page_png(
    disclosure: Disclosure, page: int, lines: LineRange | None, box: tuple | None = None
) -> bytes:
    # The page is drawn once and kept (ingest.page_images); pypdfium2 loads only then.
    from ingest.page_images import page_image_png

    def read_file() -> bytes:
        try:
            with disclosure.source_file.open("rb") as handle:
                return handle.read()
        except (FileNotFoundError, ValueError):
            raise Http404(MISSING_FILE_MESSAGE) from None

    crop = box is not None
    box = box or pdf_highlight_box(disclosure=disclosure, page=page, lines=lines)
    try:
        return page_image_png(
            sha256=disclosure.sha256, page=page, read_file=read_file, highlight=box, crop=crop
        )
    except ValueError:  # a page the document does not have
        raise Http404(NO_SUCH_PAGE_MESSAGE) from None


def disclosure_download(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _public_or_withdrawn(disclosure_public_queryset(), request, pk)
    if isinstance(disclosure, HttpResponse):
        return disclosure
    try:
        handle = disclosure.source_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(MISSING_FILE_MESSAGE) from None
    return FileResponse(handle, as_attachment=True, filename=disclosure.original_filename)


@require_safe
def disclosure_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """版本差异: what changed between two versions of a document, figure by figure and check by
    check. ``pk`` and ``?from=`` (another version; default: the one before ``pk``) are read
    oldest first, whichever order the link gives them in."""
    citation = disclosure_citation_get(pk=pk, queryset=_light(Disclosure.objects.all()))
    if citation is None:
        raise Http404("没有这份预算公开文件。")
    if citation.is_withdrawn:
        return withdrawn_response(request, pk)
    other = _other_version(citation, request.GET.get("from", ""))
    context = {"citation": citation, "disclosure": citation.disclosure, "changes": None}
    if other is not None:
        old, new = sorted((other, citation.disclosure), key=lambda d: d.version)
        context["changes"] = version_changes(old=old, new=new)
    return render(request, "budgets/disclosure_changes.html", context)


def _other_version(citation: DisclosureCitation, raw: str) -> Disclosure | None:
    """The version ``?from=`` names, else the one before the cited version, else the one after."""
    others = [v for v in citation.versions if v.pk != citation.disclosure.pk]
    wanted = parse_int(raw, minimum=1)
    chosen = [v for v in others if v.pk == wanted]
    if chosen:
        return chosen[0]
    version = citation.disclosure.version
    earlier = [v for v in others if v.version < version]
    later = [v for v in others if v.version > version]
    return (earlier[-1:] or later[:1] or [None])[0]
