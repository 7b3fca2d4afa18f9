"""Forms of the staff area, and the upload handler that enforces the limits while files stream in.

(``ingest/forms/`` is the parser of performance-target forms, hence this module's name.)

``UploadLimitHandler`` goes first in ``request.upload_handlers``: it sees every chunk before
Django's handlers write it to a temporary file, and drops a file (``SkipFile``) as soon as
it passes ``UPLOAD_MAX_BYTES`` or when its type is not allowed, so an oversized file is never
held whole, in memory or on disk. ``ingest.services.upload_create`` checks again afterwards.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from budgets.models import Disclosure, Organization
from ingest.services import MESSAGE_TOO_MANY_FILES, upload_rejection

MESSAGE_NO_FILE = "请选择要上传的文件。Choose at least one file."


class UploadLimitHandler(FileUploadHandler):
    """Skips files over the size limit, of a type not allowed, or past the file count limit.

    The reasons are kept in ``rejected`` as (file name, message) for the view to show.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.rejected: list[tuple[str, str]] = []
        self.file_count = 0
        self.received = 0
        self.pending: str | None = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file_count += 1
        self.received = 0
        # Raising SkipFile here would close the previous file's temporary file (Django closes
        # every handler's `file`, and the later handlers have not opened this one yet), so the
        # verdict waits for the first chunk.
        self.pending = upload_rejection(name=self.file_name or "", size=self.content_length)
        if self.pending is None and self.file_count > settings.UPLOAD_MAX_FILES:
            self.pending = MESSAGE_TOO_MANY_FILES.format(count=settings.UPLOAD_MAX_FILES)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.pending is None and self.received > settings.UPLOAD_MAX_BYTES:
            self.pending = upload_rejection(name=self.file_name or "", size=self.received)
        if self.pending is not None:
            self.rejected.append((self.file_name or "", self.pending))
            self.pending = None
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        """The later handlers (memory or temporary file) build the uploaded file."""
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking one or more files; cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by the upload service with its own message, per file,
        # instead of failing the whole form.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="预算公开文件",
        error_messages={"required": MESSAGE_NO_FILE},
        help_text="可一次选择多个文件。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ",".join(settings.UPLOAD_ALLOWED_EXTENSIONS)


class IdentityForm(forms.Form):
    """The detected organization, year and kind of a document, as the reviewer corrects them."""

    organization = forms.ModelChoiceField(
        label="预算单位",
        queryset=Organization.objects.none(),
        help_text="文件中的单位名称写法不同时,可选择已有的单位;原名称将记为该单位的别名。",
    )
    fiscal_year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=Disclosure.Kind.choices)

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class WithdrawForm(forms.Form):
    """Why a published document is withdrawn: its public page shows the reason."""

    reason = forms.CharField(
        label="撤回原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="公众打开此文件的链接时会看到撤回时间和原因。",
        error_messages={"required": "请填写撤回原因。"},
    )


class SourceForm(forms.Form):
    """Where and when the department published the document: shown as its citation."""

    source_url = forms.URLField(
        label="部门发布网址",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="部门公开本文件的网页地址,如 https://www.example.gov.cn/…",
    )
    published_on = forms.DateField(
        label="部门发布日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
