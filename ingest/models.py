"""Ingest bookkeeping: one IngestRun per file put through the parser, and an audit trail.

The parsed figures themselves live in `budgets.models`; an IngestRun points at the Disclosure
it produced (or failed to produce) and records progress and issues for the upload pages.
"""

from django.conf import settings
from django.db import models

from budgets.models import Disclosure


class IngestRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        PARSING = "parsing", "解析中"
        READY = "ready", "待发布"
        FAILED = "failed", "失败"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本取代"
        DISCARDED = "discarded", "已弃用"

    # Statuses in which a worker still has something to do; the upload page polls while in them.
    ACTIVE_STATUSES = (Status.QUEUED, Status.PARSING)

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingest_runs",
    )
    source_file = models.FileField("源文件", upload_to="uploads/%Y/%m/", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    original_filename = models.CharField("原文件名", max_length=255)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度(%)", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("错误", blank=True)
    issues = models.JSONField("问题", default=list, blank=True)
    line_count = models.PositiveIntegerField("行数", default=0)
    attempt = models.PositiveIntegerField(
        "解析次数", default=1, help_text="每次重试加一; 任务带着它, 过期的任务消息不再执行"
    )
    worker = models.CharField(
        "处理进程", max_length=200, blank=True, help_text="正在解析的进程, 主机名:进程号"
    )
    worker_losses = models.PositiveSmallIntegerField(
        "解析进程退出次数",
        default=0,
        help_text="解析此文件时后台进程中途退出的次数; 达到上限的文件被隔离, 不再自动重新解析",
    )
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingest_runs",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="ingest_run_progress_at_most_100"
            ),
            # A file is uploaded once: the same bytes again lead to the existing run.
            models.UniqueConstraint(fields=["sha256"], name="unique_ingest_run_sha256"),
        ]
        permissions = [
            ("upload_disclosure", "可上传预算文件"),
            ("publish_disclosure", "可发布预算文件"),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_status_display()})"


class AuditEvent(models.Model):
    """Who did what to which run or disclosure (upload, publish, discard …), for accountability.

    ``actor`` is empty for what the system did by itself (the worker's ingest, a run found
    failed because its worker died).
    """

    class Action(models.TextChoices):
        UPLOAD = "upload", "上传"
        UPLOAD_DUPLICATE = "upload_duplicate", "重复上传"
        INGEST = "ingest", "解析入库"
        FAIL = "fail", "解析失败"
        RETRY = "retry", "重新解析"
        EDIT = "edit", "修改识别信息"
        PUBLISH = "publish", "发布"
        UNPUBLISH = "unpublish", "撤回发布"
        DISCARD = "discard", "弃用"
        RESTORE = "restore", "恢复"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    action = models.CharField("操作", max_length=64, choices=Action.choices)
    target = models.CharField("对象", max_length=300, blank=True)
    run = models.ForeignKey(
        IngestRun,
        verbose_name="导入任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target}".strip()
