"""Root URL configuration: the public portal (budgets), the staff area (/manage/), sign-in
(/accounts/), the admin, media in development."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "部门预算公开 管理"
admin.site.site_title = "部门预算公开"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("manage/", include("ingest.urls")),
    path("", include("budgets.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
