"""The staff area at /manage/: upload disclosures, follow their parsing, review and publish them.

Thin views: reads come from ``ingest.selectors``, every change is an ``ingest.services`` call.
Every page needs a signed-in staff user with one of the ingest permissions (anonymous users
are sent to the login page, others get 403); uploading needs ``ingest.upload_disclosure``,
publishing, unpublishing, discarding and correcting need ``ingest.publish_disclosure``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST, require_safe

from ingest.inspection_sheet import XLSX_CONTENT_TYPE, inspection_workbook
from ingest.models import IngestRun
from ingest.selectors import (
    audit_event_list,
    disclosure_review,
    ingest_run_get,
    ingest_run_list,
    ingest_run_status,
    organization_choices,
    review_inspection,
    review_new_errors,
)
from ingest.services import (
    UPLOAD_DUPLICATE,
    UPLOAD_KNOWN_DISCLOSURE,
    ReviewError,
    UploadError,
    disclosure_identity_update,
    disclosure_source_update,
    filename_clean,
    ingest_runs_fail_stale,
    run_discard,
    run_publish,
    run_restore,
    run_retry,
    run_unpublish,
    upload_create,
    upload_suffix,
)
from ingest.upload_forms import (
    IdentityForm,
    SourceForm,
    UploadForm,
    UploadLimitHandler,
    WithdrawForm,
)
from portal.params import parse_int

MESSAGE_UNREADABLE_UPLOAD = (
    "上传请求无法读取(文件名过长,或一次选择的文件过多),未保存任何文件;"
    "请把文件名缩短到 100 个字以内后重新上传。"
)
UPLOAD_PERMISSION = "ingest.upload_disclosure"
PUBLISH_PERMISSION = "ingest.publish_disclosure"
RUNS_PER_PAGE = 50
SOURCE_EDITABLE_STATUSES = (
    IngestRun.Status.READY,
    IngestRun.Status.PUBLISHED,
    IngestRun.Status.SUPERSEDED,
)
NOT_A_PDF = "此上传没有这一页的原件图片。"
# Room for the form's other fields and the multipart boundaries around the files.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

View = Callable[..., HttpResponse]


def staff_required(*permissions: str) -> Callable[[View], View]:
    """Signed-in staff holding any of ``permissions``; anonymous users go to the login page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_staff and any(user.has_perm(p) for p in permissions)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _permissions(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_upload": request.user.has_perm(UPLOAD_PERMISSION),
        "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
    }


def _limits() -> dict[str, Any]:
    return {
        "max_size": filesizeformat(settings.UPLOAD_MAX_BYTES),
        "allowed_extensions": settings.UPLOAD_ALLOWED_EXTENSIONS,
        "max_files": settings.UPLOAD_MAX_FILES,
    }


def _get_run(run_id: int) -> IngestRun:
    try:
        return ingest_run_get(run_id=run_id)
    except IngestRun.DoesNotExist:
        raise Http404("没有这个上传记录。") from None


@require_GET
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def run_list(request: HttpRequest) -> HttpResponse:
    ingest_runs_fail_stale()
    status = request.GET.get("status") or None
    if status not in IngestRun.Status.values:
        status = None
    page = Paginator(ingest_run_list(status=status), RUNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "status": status,
        "statuses": IngestRun.Status.choices,
        "form": UploadForm(),
        "events": audit_event_list()[:10],
        **_limits(),
        **_permissions(request),
    }
    return render(request, "ingest/run_list.html", context)


@csrf_exempt  # only so that the upload handler goes in first; _upload checks CSRF itself
@staff_required(UPLOAD_PERMISSION)
def upload(request: HttpRequest) -> HttpResponse:
    """Receive one or more files; each becomes a queued run (or leads to its earlier run)."""
    if request.method != "POST":
        return redirect("ingest:run_list")
    limit = settings.UPLOAD_MAX_FILES * settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD_BYTES
    content_length = parse_int(request.META.get("CONTENT_LENGTH"), maximum=2**62) or 0
    if content_length > limit:  # refused before a byte of the body is read
        return render(request, "ingest/upload_too_large.html", _limits(), status=413)
    handler = UploadLimitHandler(request)
    request.upload_handlers.insert(0, handler)
    try:
        request.POST  # noqa: B018 - reads the body here, where a broken one can be answered
    except (MultiPartParserError, TooManyFilesSent):
        # Django allows a part's headers 1 KB: a file name of a few hundred characters is
        # more. Nothing was stored; the message says what to do.
        messages.error(request, MESSAGE_UNREADABLE_UPLOAD)
        return redirect("ingest:run_list")
    return _upload(request, handler)


@csrf_protect
def _upload(request: HttpRequest, handler: UploadLimitHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    for name, reason in handler.rejected:
        messages.error(request, f"{filename_clean(name)}:{reason}")
    if not form.is_valid():
        if not handler.rejected:
            for error in form.errors.get("files", []):
                messages.error(request, error)
        return redirect("ingest:run_list")
    outcomes = []
    for file in form.cleaned_data["files"]:
        try:
            outcome = upload_create(file=file, actor=request.user)
        except UploadError as exc:
            messages.error(request, f"{filename_clean(file.name)}:{exc}")
            continue
        outcomes.append(outcome)
        _upload_message(request, filename_clean(file.name), outcome)
    if len(outcomes) == 1 and not handler.rejected and len(form.cleaned_data["files"]) == 1:
        return redirect("ingest:run_detail", run_id=outcomes[0].run.pk)
    return redirect("ingest:run_list")


def _upload_message(request: HttpRequest, name: str, outcome: Any) -> None:
    url = reverse("ingest:run_detail", args=[outcome.run.pk])
    if outcome.outcome == UPLOAD_DUPLICATE:
        text = '{}:与已上传的文件内容相同,未重复解析。<a href="{}">查看已有记录</a>'
        messages.warning(request, format_html(text, name, url))
    elif outcome.outcome == UPLOAD_KNOWN_DISCLOSURE:
        text = '{}:此文件已导入过({}),未重复解析。<a href="{}">查看</a>'
        messages.warning(request, format_html(text, name, outcome.run.disclosure, url))
    else:
        text = '{}:已上传,等待后台解析。<a href="{}">查看进度</a>'
        messages.success(request, format_html(text, name, url))


@require_GET
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """The upload's live state and, once parsed, its review: identity, checks, tables, source."""
    ingest_runs_fail_stale()
    run = _get_run(run_id)
    disclosure = run.disclosure
    context = {
        "run": run,
        "is_active": run.status in IngestRun.ACTIVE_STATUSES,
        "review": disclosure_review(disclosure=disclosure) if disclosure else None,
        "identity_form": None,
        "withdraw_form": WithdrawForm() if run.status == IngestRun.Status.PUBLISHED else None,
        "source_form": _source_form(run),
        "events": audit_event_list(run=run),
        "ocr_marks": _ocr_marks(run),
        **_permissions(request),
    }
    if disclosure and run.status == IngestRun.Status.READY:
        context["identity_form"] = IdentityForm(
            organizations=organization_choices(),
            initial={
                "organization": disclosure.organization_id,
                "fiscal_year": disclosure.fiscal_year,
                "kind": disclosure.kind,
            },
        )
    return render(request, "ingest/run_detail.html", context)


def _source_form(run: IngestRun) -> SourceForm | None:
    """Where the department published the document, editable at review and after publishing."""
    disclosure = run.disclosure
    if disclosure is None or run.status not in SOURCE_EDITABLE_STATUSES:
        return None
    return SourceForm(
        initial={
            "source_url": disclosure.source_url,
            "published_on": disclosure.source_published_on,
        }
    )


def _ocr_marks(run: IngestRun) -> list[Any]:
    """Figures OCR may have misread, with the upload's page images of their cells."""
    from budgets.selectors.ocr_marks import disclosure_ocr_marks

    if run.disclosure is None or upload_suffix(run.original_filename) != ".pdf":
        return []
    return disclosure_ocr_marks(
        disclosure=run.disclosure,
        page_image_url=lambda page: reverse("ingest:run_page_image", args=[run.pk, page]),
    )


@require_safe
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def run_page_image(request: HttpRequest, run_id: int, page: int) -> HttpResponse:
    """Page ``page`` of an upload's PDF, cropped around ``?box=`` (a cell OCR may have
    misread, beside its reading on the review page). Drawn once and kept; no OCR here."""
    from ingest.page_images import page_image_png, parse_box

    run = _get_run(run_id)
    if upload_suffix(run.original_filename) != ".pdf":
        raise Http404(NOT_A_PDF)
    box = parse_box(request.GET.get("box"))

    def read_file() -> bytes:
        try:
            with run.source_file.open("rb") as handle:
                return handle.read()
        except (FileNotFoundError, ValueError):
            raise Http404(NOT_A_PDF) from None

    try:
        png = page_image_png(
            sha256=run.sha256, page=page, read_file=read_file, highlight=box, crop=box is not None
        )
    except ValueError:  # a page the document does not have
        raise Http404(NOT_A_PDF) from None
    return HttpResponse(png, content_type="image/png")


@never_cache
@require_GET
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def run_status(request: HttpRequest, run_id: int) -> JsonResponse:
    """The run's state as JSON, polled by static/js/upload_progress.js."""
    ingest_runs_fail_stale()
    return JsonResponse(ingest_run_status(run=_get_run(run_id)))


def _review_action(
    service: Callable[..., Any], done: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST-only view calling ``service(run=…, actor=…)`` and reporting back on the run page."""

    def view(request: HttpRequest, run_id: int) -> HttpResponse:
        run = _get_run(run_id)
        try:
            service(run=run, actor=request.user)
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect("ingest:run_detail", run_id=run.pk)

    return view


_publish = _review_action(run_publish, "已发布,公众现在可以看到。")


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@staff_required(PUBLISH_PERMISSION)
def publish(request: HttpRequest, run_id: int) -> HttpResponse:
    """Publish; a review with 错误 the published version did not have asks first, naming them.

    The confirmation page posts again with ``confirmed``; without it nothing changes.
    """
    run = _get_run(run_id)
    if run.disclosure is not None and not request.POST.get("confirmed"):
        new_errors = review_new_errors(disclosure=run.disclosure)
        if new_errors:
            context = {"run": run, "disclosure": run.disclosure, "new_errors": new_errors}
            return render(request, "ingest/publish_confirm.html", context)
    return _publish(request, run_id)


@require_POST
@staff_required(PUBLISH_PERMISSION)
def unpublish(request: HttpRequest, run_id: int) -> HttpResponse:
    """Withdraw a published document; the reason is required and shown on its public page."""
    run = _get_run(run_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("ingest:run_detail", run_id=run.pk)
    try:
        run_unpublish(run=run, actor=request.user, reason=form.cleaned_data["reason"])
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已撤回发布。公众打开此文件的链接时,会看到撤回时间和原因。")
    return redirect("ingest:run_detail", run_id=run.pk)


@require_POST
@staff_required(PUBLISH_PERMISSION)
def source(request: HttpRequest, run_id: int) -> HttpResponse:
    """Record where and when the department published the document."""
    run = _get_run(run_id)
    form = SourceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("ingest:run_detail", run_id=run.pk)
    try:
        disclosure_source_update(
            run=run,
            source_url=form.cleaned_data["source_url"],
            published_on=form.cleaned_data["published_on"],
            actor=request.user,
        )
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存发布来源,公开页面的引用信息随之更新。")
    return redirect("ingest:run_detail", run_id=run.pk)


discard = require_POST(staff_required(PUBLISH_PERMISSION)(_review_action(run_discard, "已弃用。")))
restore = require_POST(staff_required(PUBLISH_PERMISSION)(_review_action(run_restore, "已恢复。")))
retry = require_POST(
    staff_required(UPLOAD_PERMISSION)(_review_action(run_retry, "已重新排队,等待后台解析。"))
)


@require_POST
@staff_required(PUBLISH_PERMISSION)
def identity(request: HttpRequest, run_id: int) -> HttpResponse:
    """Correct the detected organization, year or kind before publishing."""
    run = _get_run(run_id)
    form = IdentityForm(request.POST, organizations=organization_choices())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("ingest:run_detail", run_id=run.pk)
    try:
        changes = disclosure_identity_update(run=run, actor=request.user, **form.cleaned_data)
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已修改:" + ";".join(changes))
    return redirect("ingest:run_detail", run_id=run.pk)


@require_GET
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def audit_list(request: HttpRequest) -> HttpResponse:
    """Who uploaded, published, unpublished or discarded what, and when."""
    page = Paginator(audit_event_list(), 100).get_page(request.GET.get("page"))
    return render(request, "ingest/audit_list.html", {"page": page, **_permissions(request)})


def _disclosure_of(run_id: int) -> tuple[IngestRun, Any]:
    run = _get_run(run_id)
    if run.disclosure is None:
        raise Http404("此上传尚未解析出预算公开文件。")
    return run, run.disclosure


@require_GET
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def review_print(request: HttpRequest, run_id: int) -> HttpResponse:
    """The review as a printable 预算公开情况检查表."""
    run, disclosure = _disclosure_of(run_id)
    report, rows = review_inspection(disclosure=disclosure)
    context = {
        "run": run,
        "disclosure": disclosure,
        "report": report,
        "rows": rows,
        "checked_on": timezone.localdate(),
    }
    return render(request, "ingest/review_print.html", context)


@require_GET
@staff_required(UPLOAD_PERMISSION, PUBLISH_PERMISSION)
def review_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    """The review as a 检查表 workbook, each row linked to the lines it cites."""
    run, disclosure = _disclosure_of(run_id)
    report, rows = review_inspection(disclosure=disclosure)
    page = request.build_absolute_uri(reverse("ingest:run_detail", args=[run.pk]))
    data = inspection_workbook(
        disclosure=disclosure,
        report=report,
        rows=rows,
        line_url=lambda start, end: f"{page}#L{start}",
        checked_on=timezone.localdate(),
    )
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    name = f"{disclosure.entity_name}-{disclosure.fiscal_year}-检查表.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response
