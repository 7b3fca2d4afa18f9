"""Withdrawal (when, why), where the department published a document, room for readable
organization slugs and their old ones (filled in by 0015)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0013_review_severity_findings_completeness'),
    ]

    operations = [
        migrations.AddField(
            model_name='disclosure',
            name='source_published_on',
            field=models.DateField(blank=True, help_text='部门在其网站公开本文件的日期', null=True, verbose_name='部门发布日期'),
        ),
        migrations.AddField(
            model_name='disclosure',
            name='source_url',
            field=models.URLField(blank=True, help_text='部门公开本文件的网页地址', max_length=500, verbose_name='部门发布网址'),
        ),
        migrations.AddField(
            model_name='disclosure',
            name='withdrawal_reason',
            field=models.TextField(blank=True, verbose_name='撤回原因'),
        ),
        migrations.AddField(
            model_name='disclosure',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='撤回时间'),
        ),
        migrations.AddField(
            model_name='organization',
            name='legacy_slug',
            field=models.SlugField(blank=True, help_text='旧网址 /organizations/org-…/ 的标识; 访问旧网址时跳转到现在的网址', max_length=64, null=True, unique=True, verbose_name='旧网址标识'),
        ),
        migrations.AlterField(
            model_name='organization',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text='单位网址 /organizations/<标识>/ 中的部分, 取自单位名称; 改名后不变, 链接不失效', max_length=200, unique=True, verbose_name='网址标识'),
        ),
    ]
